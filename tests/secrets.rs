//! No secret ever reaches an output: every secret variable, every spelling of it, its `_FILE`
//! form and the passwords inside URLs are set to a canary, on correct and broken inputs, and
//! `check` and `show` run in every format must never print it.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

const CANARY: &str = "c4n4ry";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iamconf"));
    c.env_clear();
    c
}

/// Every spelling of every secret variable, from the crate's own declarations.
fn secret_spellings() -> Vec<&'static str> {
    let mut names = Vec::new();
    for v in iamconf::variables().filter(|v| v.is_secret()) {
        names.push(v.name());
        names.extend(v.aliases());
        names.extend(v.deprecated());
        names.extend(v.unread());
    }
    assert!(
        names.len() >= 9,
        "expected every secret spelling, got {names:?}"
    );
    names
}

fn correct_env() -> String {
    let mut s = String::from(
        "HOST=https://wandb.example.com\nOIDC_ISSUER=https://example.okta.com\nOIDC_CLIENT_ID=abc\nOIDC_AUTH_METHOD=pkce\n\
         LOCAL_LDAP_ADDRESS=ldaps://ldap.example.com:636\nLOCAL_LDAP_BASE_DN=dc=example\nLOCAL_LDAP_ATTRIBUTES=email=mail\n",
    );
    for v in iamconf::variables().filter(|v| v.is_secret()) {
        s.push_str(&format!("{}={CANARY}\n", v.name()));
    }
    s.push_str(&format!("MYSQL=mysql://wandb:{CANARY}@db:3306/wandb\n"));
    s.push_str(&format!("REDIS=redis://:{CANARY}@redis:6379?tls=true\n"));
    s.push_str(&format!(
        "BUCKET=s3://KEY:{CANARY}@minio.example.com/bucket?tls=true\n"
    ));
    s
}

fn broken_env(secret_file: &Path) -> String {
    let mut s = String::from(
        "HOST=wandb.example.com\nOIDC_ISSUER=https://example.okta.com\nLOCAL_RESTORE=yes\n",
    );
    for (i, name) in secret_spellings().into_iter().enumerate() {
        // Different values for each spelling: conflicts must not print either.
        s.push_str(&format!("{name}={CANARY}{i}\n"));
        s.push_str(&format!("{name}_FILE={}\n", secret_file.display()));
    }
    s.push_str(&format!("OIDC_CLIENT_SECRT={CANARY}\n"));
    s.push_str(&format!("GORILLA_OIDC_SECRET {CANARY}\n"));
    s.push_str(&format!("LICENSE=\"{CANARY}\n"));
    s.push_str(&format!("MYSQL=postgres://wandb:{CANARY}@db/wandb\n"));
    s.push_str(&format!("REDIS=redis://:{CANARY}@redis:notaport\n"));
    s.push_str(&format!(
        "BUCKET=s3://KEY:{CANARY}/x@minio.example.com/bucket\n"
    ));
    s.push_str(&format!(
        "GORILLA_OIDC_ISSUER=https://user:{CANARY}@idp.example.com\n"
    ));
    s
}

fn config_toml() -> String {
    format!(
        "[oidc]\nissuer = \"https://example.okta.com\"\nclient_id = \"abc\"\nclient_secret = \"{CANARY}\"\n\
         [server]\nlicense = \"{CANARY}\"\nmysql = \"mysql://u:{CANARY}@db/w\"\nslack_secret = \"{CANARY}\"\n\
         [ldap]\nbind_password = \"{CANARY}\"\n"
    )
}

#[track_caller]
fn assert_clean(cmd: &mut Command, what: &str) -> i32 {
    let out = cmd.output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains(CANARY),
        "{what}: canary in stdout:\n{stdout}"
    );
    assert!(
        !stderr.contains(CANARY),
        "{what}: canary in stderr:\n{stderr}"
    );
    // GitHub commands print nothing when there is no finding; every other format prints.
    assert!(
        !stdout.is_empty() || what.contains("github"),
        "{what}: no output at all"
    );
    out.status.code().unwrap_or(-1)
}

#[test]
fn no_output_of_any_command_or_format_contains_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, format!("{CANARY}-from-file\n")).unwrap();
    let good = dir.path().join("good.env");
    std::fs::write(&good, correct_env()).unwrap();
    let bad = dir.path().join("bad.env");
    std::fs::write(&bad, broken_env(&secret_file)).unwrap();
    let toml = dir.path().join("iamconf.toml");
    std::fs::write(&toml, config_toml()).unwrap();

    let mut runs = 0;
    for file in [&good, &bad] {
        for format in ["human", "json", "sarif", "github"] {
            let what = format!("check {format} {}", file.display());
            assert_clean(
                bin()
                    .args([
                        "check",
                        "--no-env",
                        "--verbose",
                        "--format",
                        format,
                        "--env-file",
                    ])
                    .arg(file)
                    .arg("--config")
                    .arg(&toml),
                &what,
            );
            runs += 1;
        }
        for format in ["human", "json"] {
            let what = format!("show {format} {}", file.display());
            assert_clean(
                bin()
                    .args(["show", "--no-env", "--format", format, "--env-file"])
                    .arg(file)
                    .arg("--config")
                    .arg(&toml),
                &what,
            );
            runs += 1;
        }
    }
    // `lint` judges the same files, and a chart values file and a manifest holding the canary.
    let values = dir.path().join("values.yaml");
    std::fs::write(
        &values,
        format!(
            "global:\n  host: https://wandb.example.com\n  license: {CANARY}\n  auth:\n    oidc:\n      clientId: abc\n      issuer: https://user:{CANARY}@example.okta.com\n      authMethod: PKCE\n      secret: {CANARY}\n  slack:\n    clientId: x\n    secret: {CANARY}\n  extraEnv:\n    MYSQL: mysql://u:{CANARY}@db/w\n    OIDC_CLIENT_SECRET: {CANARY}\n"
        ),
    )
    .unwrap();
    let manifest = dir.path().join("deploy.yaml");
    let b64 = "YzRuNHJ5"; // base64 of the canary
    std::fs::write(
        &manifest,
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n  GORILLA_OIDC_SECRET: {b64}\n  LICENSE: {b64}\n---\n\
             apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: w}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        envFrom:\n        - secretRef: {{name: s}}\n        env:\n        - {{name: OIDC_SECRET, value: {CANARY}}}\n        - {{name: OIDC_ISSUER, value: https://example.okta.com}}\n"
        ),
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let what = format!("lint {format}");
        let code = assert_clean(
            bin()
                .args(["lint", "--verbose", "--format", format])
                .arg(&good)
                .arg(&bad)
                .arg(&values)
                .arg(&manifest),
            &what,
        );
        assert_eq!(code, 1, "{what}: the broken inputs must fail");
        runs += 1;
    }
    assert_eq!(runs, 16);
}

#[test]
fn process_environment_secrets_are_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, CANARY).unwrap();
    for text in [correct_env(), broken_env(&secret_file)] {
        let vars: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
            .collect();
        for format in ["human", "json", "sarif", "github"] {
            assert_clean(
                bin()
                    .args(["check", "--verbose", "--format", format])
                    .envs(vars.clone()),
                &format!("env check {format}"),
            );
        }
        for format in ["human", "json"] {
            assert_clean(
                bin().args(["show", "--format", format]).envs(vars.clone()),
                format,
            );
        }
    }
}

#[test]
fn the_broken_input_is_really_broken_and_the_secrets_really_loaded() {
    // Guards the two tests above against passing for the wrong reason.
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, CANARY).unwrap();
    let bad = dir.path().join("bad.env");
    std::fs::write(&bad, broken_env(&secret_file)).unwrap();
    let out = bin()
        .args(["check", "--no-env", "--format", "json", "--env-file"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in [
        "conflicting-aliases",
        "unread-name",
        "parse-error",
        "invalid-url",
        "unknown-variable",
    ] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
    let good = dir.path().join("good.env");
    std::fs::write(&good, correct_env()).unwrap();
    let c = iamconf::Config::builder()
        .env_file(&good)
        .load()
        .expect("correct input loads");
    assert_eq!(
        c.oidc
            .as_ref()
            .unwrap()
            .client_secret
            .as_ref()
            .unwrap()
            .expose_secret(),
        CANARY
    );
    assert_eq!(
        c.server
            .mysql
            .as_ref()
            .map(iamconf::SecretUrl::expose_secret),
        Some(format!("mysql://wandb:{CANARY}@db:3306/wandb").as_str())
    );
}

/// A fake identity provider on 127.0.0.1 that echoes what it receives: its token endpoint
/// answers `invalid_client` with the request body (client secret included) as the
/// `error_description`, as a careless provider might. Returns the issuer.
#[cfg(feature = "discovery")]
fn echoing_idp() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let doc = serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code", "id_token"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "id_token_signing_alg_values_supported": ["RS256"],
    })
    .to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            let header_end = loop {
                if let Some(i) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break seen.len(),
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            };
            let head = String::from_utf8_lossy(&seen[..header_end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while seen.len() < header_end + length {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let body = String::from_utf8_lossy(&seen[header_end..]).into_owned();
            let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
            let (status, location, answer) = if path.starts_with("/.well-known/") {
                ("200 OK", None, doc.clone())
            } else if path.starts_with("/jwks") {
                (
                    "200 OK",
                    None,
                    r#"{"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}"#.to_owned(),
                )
            } else if path.starts_with("/auth") {
                ("302 Found", Some("/login?from=auth"), String::new())
            } else {
                let echo = serde_json::json!({
                    "error": "invalid_client",
                    "error_description": format!("client authentication failed for {body}"),
                });
                ("401 Unauthorized", None, echo.to_string())
            };
            let mut response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                answer.len()
            );
            if let Some(l) = location {
                response.push_str(&format!("Location: {l}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(&answer);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    issuer
}

#[test]
#[cfg(feature = "discovery")]
fn probe_and_token_never_print_the_secret_or_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let issuer = echoing_idp();
    let env = dir.path().join("probe.env");
    std::fs::write(
        &env,
        format!(
            "HOST=https://wandb.example.com\nOIDC_ISSUER={issuer}\nOIDC_CLIENT_ID=abc\nOIDC_AUTH_METHOD=pkce\nGORILLA_OIDC_SECRET={CANARY}\n"
        ),
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let what = format!("check --probe {format}");
        let code = assert_clean(
            bin()
                .args([
                    "check",
                    "--probe",
                    "--no-env",
                    "--verbose",
                    "--format",
                    format,
                    "--env-file",
                ])
                .arg(&env),
            &what,
        );
        assert_eq!(code, 1, "{what}: the secret is rejected");
    }
    // The provider really received the secret and echoed it: the finding quotes it masked.
    let out = bin()
        .args([
            "check",
            "--probe",
            "--no-env",
            "--format",
            "json",
            "--env-file",
        ])
        .arg(&env)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rejected = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "probe-secret-rejected")
        .unwrap_or_else(|| panic!("no probe-secret-rejected in {json:#}"));
    let message = rejected["message"].as_str().unwrap();
    assert!(message.contains("client_secret=***"), "{message}");

    // A token whose signature is the canary and whose long claims hold it.
    let b64 = |v: serde_json::Value| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let token = format!(
        "{}.{}.{CANARY}",
        b64(serde_json::json!({"alg": "RS256", "kid": "k"})),
        b64(serde_json::json!({
            "iss": "https://example.okta.com", "aud": "abc", "email": "ada@example.com",
            "sub": format!("{}{CANARY}", "x".repeat(60)),
            "nonce": CANARY, "at_hash": CANARY,
        })),
    );
    let token_file = dir.path().join("id_token");
    std::fs::write(&token_file, &token).unwrap();
    let good = dir.path().join("good.env");
    std::fs::write(&good, correct_env()).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        for input in [token.clone(), format!("{CANARY}.{CANARY}")] {
            std::fs::write(&token_file, &input).unwrap();
            let what = format!("token {format} {}", input.len());
            assert_clean(
                bin()
                    .args([
                        "token",
                        "--no-env",
                        "--verbose",
                        "--format",
                        format,
                        "--env-file",
                    ])
                    .arg(&good)
                    .arg(&token_file),
                &what,
            );
        }
    }
    // The token was read and shown (its email), only not echoed.
    std::fs::write(&token_file, &token).unwrap();
    let out = bin()
        .args(["token", "--no-env", "--env-file"])
        .arg(&good)
        .arg(&token_file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ada@example.com") && text.contains("(66 chars)"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Every class of the 2026-12-02 security review, each with its own canary, through every
// command x format x --verbose that can read the input. A guard per probe shows the input really
// carries the secret into the loader (the library sees the canary as the variable's value) or
// that the tool really reported the line holding it (the expected finding is on that line).
// ---------------------------------------------------------------------------------------------

/// How a probe's input is given.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Feed {
    /// `lint` of the files (the first one, or the directory for walks).
    Lint,
    /// `lint` of the directory holding the files.
    LintDir,
    /// `check --env-file` and `show --env-file` of the first file, and `lint` of it.
    EnvFile,
    /// `check --config` and `show --config` of the first file, and `lint` of it.
    Config,
    /// The process environment of `check` and `show` (file 0 holds `NAME=value` lines).
    Env,
}

struct Probe {
    class: &'static str,
    /// Files: name and content; `{C}` stands for the probe's canary, `{B}` for its base64.
    files: &'static [(&'static str, &'static str)],
    feed: Feed,
    /// A code that must be reported (the tool read and judged the secret's line or setting).
    expect: &'static str,
    /// For `Env`/`EnvFile`/`Config` feeds: a variable whose loaded value must contain the canary.
    loaded: Option<&'static str>,
}

const PROBES: &[Probe] = &[
    // A1: flow style, inline tables, one-line JSON: every other value on the line is masked.
    Probe {
        class: "A1 flow mapping in Helm values",
        files: &[(
            "values.yaml",
            "global:\n  host: https://wandb.example.com\n  auth:\n    oidc: {clientId: abc, issuer: \"https://example.okta.com\", authMethod: PKCE, secret: {C}}\n",
        )],
        feed: Feed::Lint,
        expect: "invalid-auth-method",
        loaded: None,
    },
    Probe {
        class: "A1 one-line JSON config",
        files: &[(
            "iamconf.json",
            "{\"oidc\": {\"issuer\": \"https://example.okta.com\", \"client_id\": \"abc\", \"client_secret\": \"{C}\", \"auth_method\": \"PKCE\"}}\n",
        )],
        feed: Feed::Config,
        expect: "invalid-auth-method",
        loaded: None,
    },
    Probe {
        class: "A1 TOML inline table",
        files: &[(
            "iamconf.toml",
            "oidc = {issuer = \"https://example.okta.com\", client_id = \"abc\", client_secret = \"{C}\", auth_method = \"PKCE\"}\n",
        )],
        feed: Feed::Config,
        expect: "invalid-auth-method",
        loaded: None,
    },
    Probe {
        class: "A1 one-line JSON manifest list with Secret data",
        files: &[(
            "deploy.json",
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"{B}\"}},{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"LOCAL_RESTORE\",\"value\":\"yes\"},{\"name\":\"OIDC_CLIENT_SECRET\",\"value\":\"{C}\"}]}]}}}}]}\n",
        )],
        feed: Feed::Lint,
        expect: "invalid-bool",
        loaded: None,
    },
    Probe {
        class: "A1 Compose flow list",
        files: &[(
            "docker-compose.yml",
            "services:\n  wandb:\n    environment: [GORILLA_OIDC_SECRET={C}, LOCAL_RESTORE=yes]\n",
        )],
        feed: Feed::Lint,
        expect: "invalid-bool",
        loaded: None,
    },
    Probe {
        class: "A1 Secret stringData flow and ConfigMap flow",
        files: &[(
            "deploy.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {LICENSE: {C}, GORILLA_OIDC_SECRET: x{C}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {LOCAL_RESTORE: maybe, SLACK_SECRET: y{C}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        envFrom: [{secretRef: {name: s}}, {configMapRef: {name: c}}]\n",
        )],
        feed: Feed::Lint,
        expect: "invalid-bool",
        loaded: None,
    },
    // A2: misspelt or wrongly typed keys.
    Probe {
        class: "A2 misspelt Helm secret keys",
        files: &[(
            "values.yaml",
            "global:\n  auth:\n    oidc:\n      clientId: abc\n      issuer: https://example.okta.com\n      clientSecret: {C}\n      secrett: {C}\n      client_secret: \"{C}\"\n",
        )],
        feed: Feed::Lint,
        expect: "helm-unknown-key",
        loaded: None,
    },
    Probe {
        class: "A2 extraEnv as a string and a list",
        files: &[
            (
                "values.yaml",
                "global:\n  extraEnv: \"GORILLA_OIDC_SECRET={C}\"\n",
            ),
            (
                "values-list.yaml",
                "global:\n  extraEnv: [\"GORILLA_OIDC_SECRET={C}\", \"x{C}\"]\n",
            ),
        ],
        feed: Feed::LintDir,
        expect: "helm-extra-env-not-map",
        loaded: None,
    },
    Probe {
        class: "A2 legacy chart misspelt keys",
        files: &[(
            "legacy-values.yaml",
            "sso:\n  enabled: true\n  issuer: https://example.okta.com\n  clientId: abc\n  clientSecrt: {C}\n  secret: {C}\nextraEnv: {GORILLA_OIDC_SECRET: {C}}\n",
        )],
        feed: Feed::Lint,
        expect: "helm-unknown-key",
        loaded: None,
    },
    // A3: URL passwords holding `#` or `?`, every URL variable.
    Probe {
        class: "A3 URL passwords with # and ? in an env file",
        files: &[(
            "a.env",
            "MYSQL=mysql://wandb:p#{C}@db:3306/wandb\nREDIS=redis://:p?{C}@redis:6379\nBUCKET=s3://AKIAEXAMPLE:1234#{C}@minio.example.com/bucket\nOIDC_ISSUER=https://admin:1234#{C}@idp.example.com\nOIDC_CLIENT_ID=abc\nNOTIFICATIONS_QUEUE=redis://:{C}#x@redis:6379\nBUCKET_QUEUE=redis://u:1234?{C}@q:6379\nLOCAL_LDAP_ADDRESS=ldaps://cn:p#{C}@ldap:636\nHOST=https://u:{C}#@wandb.example.com\nGORILLA_CUSTOMER_SECRET_STORE_SOURCE=aws-secretmanager://u:p?{C}@x\n",
        )],
        feed: Feed::EnvFile,
        expect: "invalid-url",
        // Digits before the `#` read as a port: a valid URL, shown by `show` if not masked.
        loaded: Some("BUCKET"),
    },
    Probe {
        class: "A3 URL passwords in the process environment",
        files: &[(
            "vars",
            "MYSQL=mysql://wandb:1234?{C}@db:3306/wandb\nOIDC_ISSUER=https://admin:p#{C}@idp.example.com\nOIDC_CLIENT_ID=abc\nNOTIFICATIONS_QUEUE=redis://:{C}@redis:6379\nBUCKET=s3://K:{C}#@minio/b\n",
        )],
        feed: Feed::Env,
        expect: "invalid-url",
        loaded: Some("NOTIFICATIONS_QUEUE"),
    },
    Probe {
        class: "A3 URL passwords in Helm extraEnv, manifest and Compose",
        files: &[
            (
                "values.yaml",
                "global:\n  extraEnv:\n    MYSQL: \"mysql://wandb:p#{C}@db:3306/wandb\"\n",
            ),
            (
                "deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        env:\n        - name: REDIS\n          value: redis://:p?{C}@redis:6379\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  w:\n    environment:\n      - BUCKET=s3://K:1234#{C}@minio/b\n",
            ),
        ],
        feed: Feed::LintDir,
        expect: "invalid-url",
        loaded: None,
    },
    // A4: continuation lines of multi-line or malformed values.
    Probe {
        class: "A4 PEM body, unterminated quote, odd separators",
        files: &[(
            "prod.env",
            "GORILLA_OIDC_SECRET=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN{C}BgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nLICENSE=\"eyJhbGciOi\n{C}_license_tail\nOIDC_CLIENT_SECRET;{C}\nGORILLA_OIDC_SECRET->{C}\nLICENSE\u{2003}{C}\nSLACK_SECRET=\\\n{C}\n",
        )],
        feed: Feed::EnvFile,
        expect: "parse-error",
        loaded: None,
    },
    Probe {
        class: "A4 a YAML file given as an env file",
        files: &[(
            "values.yaml",
            "global:\n  auth:\n    oidc:\n      secret: |\n        {C}\n      clientId: x\ndata:\n  k: {B}\n",
        )],
        feed: Feed::EnvFile,
        expect: "parse-error",
        loaded: None,
    },
    // A5: help lines never rebuild a URL from raw text.
    Probe {
        class: "A5 issuer and host forms the url crate reads leniently",
        files: &[(
            "a.env",
            "OIDC_ISSUER=https:/admin:{C}@idp.example.com\nOIDC_CLIENT_ID=abc\nHOST=admin:{C}@wandb.example.com\n",
        )],
        feed: Feed::EnvFile,
        expect: "host-missing-scheme",
        loaded: Some("OIDC_ISSUER"),
    },
    Probe {
        class: "A5 issuer without scheme, with slashes, and backslashes",
        files: &[(
            "vars",
            "OIDC_ISSUER=//admin:{C}@idp.example.com\nOIDC_CLIENT_ID=abc\nHOST=https:\\\\u:{C}@wandb.example.com\nLOCAL_LDAP_ADDRESS=/u:{C}@ldap\n",
        )],
        feed: Feed::Env,
        expect: "issuer-not-https",
        loaded: Some("OIDC_ISSUER"),
    },
    Probe {
        class: "A5 loopback issuer with credentials",
        files: &[(
            "vars",
            "OIDC_ISSUER=http:/u:{C}@127.0.0.1/x\nOIDC_CLIENT_ID=abc\n",
        )],
        feed: Feed::Env,
        expect: "issuer-has-credentials",
        loaded: Some("OIDC_ISSUER"),
    },
    // A7: secret-looking names, and envFrom with a prefix.
    Probe {
        class: "A7 secret-looking names",
        files: &[(
            ".env",
            "OIDC_CLIENT_KEY={C}\nLOCAL_LDAP_PASS={C}\nREDIS_PASS={C}\nREDIS_PASS={C}\nOIDC_SIGNING_KEY={C}\nOIDC_API_TOKEN={C}\nLOCAL_LDAP_PASSWORD={C}\nOIDC_PWD={C}\n",
        )],
        feed: Feed::Lint,
        expect: "duplicate-variable",
        loaded: None,
    },
    Probe {
        class: "A7 ConfigMap envFrom with a prefix",
        files: &[(
            "deploy.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ldap\ndata:\n  PW: \"{C}\"\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wandb\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n                name: ldap\n              prefix: LOCAL_LDAP_BIND_\n",
        )],
        feed: Feed::Lint,
        expect: "secret-in-plain-value",
        loaded: None,
    },
    // A8: scalars folded over lines.
    Probe {
        class: "A8 multi-line URL in YAML",
        files: &[
            (
                "values.yaml",
                "global:\n  extraEnv:\n    MYSQL: \"mysql://wandb:{C}\n      half@db/wandb\"\n    REDIS: redis://u:{C}\n      half@r:6379\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  w:\n    environment:\n      - \"MYSQL=mysql://wandb:{C}\n        half@db/wandb\"\n",
            ),
        ],
        feed: Feed::LintDir,
        expect: "invalid-url",
        loaded: None,
    },
    Probe {
        class: "A8 multi-line URL in a YAML config",
        files: &[(
            "iamconf.yaml",
            "server:\n  mysql: mysql://wandb:{C}\n    half@db/wandb\n",
        )],
        feed: Feed::Config,
        expect: "invalid-url",
        loaded: None,
    },
    // A9: masking by variable, not by file: secrets held in a Kubernetes Secret never show, not
    // even in part, and the findings of other settings are not mangled by scrubbing.
    Probe {
        class: "A9 fragments of Secret values",
        files: &[(
            "s.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: oidc\nstringData:\n  GORILLA_OIDC_SECRET: \"groups {C}\\u0001\"\n  LICENSE: \"a {C} b\"\n  OIDC_CLIENT_KEY: \"{C}\"\n  LOCAL_RESTORE: \"true\"\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wandb\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: LOGGING_ENABLED\n              value: \"maybe\"\n          envFrom:\n            - secretRef:\n                name: oidc\n",
        )],
        feed: Feed::Lint,
        expect: "invalid-bool",
        loaded: None,
    },
    // A6 is its own test below (files outside the tree); A10 is in the A3 probes
    // (NOTIFICATIONS_QUEUE through `show`).
];

fn base64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Runs a command and asserts neither the canary nor its base64 form nor a raw escape
/// character appears; returns the JSON or text output.
#[track_caller]
fn assert_hidden(cmd: &mut Command, canary: &str, what: &str) -> String {
    let out = cmd.output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [canary.to_owned(), base64(canary)] {
        assert!(
            !text.contains(&needle),
            "{what}: `{needle}` printed:\n{text}"
        );
    }
    assert!(
        !text.contains('\x1b'),
        "{what}: raw escape printed:\n{text}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commands(feed: Feed, first: &Path, dir: &Path, vars: &[(String, String)]) -> Vec<Command> {
    let mut cmds = Vec::new();
    let formats = ["human", "json", "sarif", "github"];
    for verbose in [false, true] {
        for format in formats {
            let flag = |c: &mut Command| {
                c.args(["--format", format]);
                if verbose {
                    c.arg("--verbose");
                }
            };
            let mut lint = bin();
            lint.arg("lint");
            flag(&mut lint);
            match feed {
                Feed::LintDir => {
                    lint.arg(dir);
                }
                Feed::Env => {}
                _ => {
                    lint.arg(first);
                }
            }
            if feed != Feed::Env {
                cmds.push(lint);
            }
            let mut check = bin();
            check.arg("check");
            flag(&mut check);
            match feed {
                Feed::EnvFile => {
                    check.arg("--no-env").arg("--env-file").arg(first);
                    cmds.push(check);
                }
                Feed::Config => {
                    check.arg("--no-env").arg("--config").arg(first);
                    cmds.push(check);
                }
                Feed::Env => {
                    check.envs(vars.iter().cloned());
                    cmds.push(check);
                }
                _ => {}
            }
        }
    }
    for format in ["human", "json"] {
        let mut show = bin();
        show.args(["show", "--format", format]);
        match feed {
            Feed::EnvFile => {
                show.arg("--no-env").arg("--env-file").arg(first);
            }
            Feed::Config => {
                show.arg("--no-env").arg("--config").arg(first);
            }
            Feed::Env => {
                show.envs(vars.iter().cloned());
            }
            _ => continue,
        }
        cmds.push(show);
    }
    cmds
}

#[test]
fn every_class_of_the_review_is_redacted_in_every_command_format_and_verbosity() {
    let mut runs = 0;
    for (n, probe) in PROBES.iter().enumerate() {
        let canary = format!("CNRY{n}x{}", probe.class.len());
        let b64 = base64(&canary);
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        let mut vars = Vec::new();
        for (name, content) in probe.files {
            let text = content.replace("{C}", &canary).replace("{B}", &b64);
            let path = dir.path().join(name);
            std::fs::write(&path, &text).unwrap();
            if probe.feed == Feed::Env {
                vars = text
                    .lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
            }
            paths.push(path);
        }
        // Guard 1: the secret reaches the loader.
        if let Some(var) = probe.loaded {
            let b = iamconf::Config::builder();
            let b = match probe.feed {
                Feed::EnvFile => b.env_file(&paths[0]),
                Feed::Config => b.file(&paths[0]),
                _ => b.env_vars(vars.clone()),
            };
            let eval = b.evaluate();
            let view = eval
                .settings()
                .find(|s| s.variable == var)
                .unwrap_or_else(|| panic!("{}: no {var}", probe.class));
            let raw = view
                .value
                .and_then(|v| v.as_url().or(v.as_text()))
                .map(str::to_owned);
            let raw = raw.or_else(|| {
                view.value.and_then(|v| match v {
                    iamconf::Value::Secret(s) => Some(s.expose_secret().to_owned()),
                    _ => None,
                })
            });
            assert!(
                raw.as_deref().is_some_and(|r| r.contains(&canary)),
                "{}: {var} did not load the canary: {raw:?}",
                probe.class
            );
        }
        // Guard 2: the tool reported the expected finding (it read and judged the input).
        let mut expected_seen = false;
        for mut cmd in commands(probe.feed, &paths[0], dir.path(), &vars) {
            let what = format!("{}: {cmd:?}", probe.class);
            let stdout = assert_hidden(&mut cmd, &canary, &what);
            runs += 1;
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&stdout) {
                if let Some(diags) = v["diagnostics"].as_array() {
                    expected_seen |= diags.iter().any(|d| d["code"] == probe.expect);
                }
            }
        }
        assert!(
            expected_seen,
            "{}: no command reported `{}`: the input was not judged",
            probe.class, probe.expect
        );
    }
    assert!(runs >= PROBES.len() * 8, "{runs} runs");
}

#[test]
fn a6_files_outside_the_linted_tree_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let token = outside.path().join("token");
    let canary = "eyJhbGciOiJSUzI1NiJ9.CNRYa6token.sig";
    std::fs::write(&token, canary).unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(
        tree.path().join("docker-compose.yml"),
        format!(
            "services:\n  wandb:\n    image: wandb/local\n    env_file:\n      - path: {}\n        required: false\n      - ../{}\n",
            token.display(),
            outside.path().file_name().unwrap().to_string_lossy() + "/token"
        ),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&token, tree.path().join("prod.env")).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        for verbose in [false, true] {
            let mut c = bin();
            c.args(["lint", "--format", format]).arg(tree.path());
            if verbose {
                c.arg("--verbose");
            }
            let out = assert_hidden(&mut c, "CNRYa6token", &format!("lint {format}"));
            if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                let outside_findings = v["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["code"] == "file-outside-root")
                    .count();
                assert!(outside_findings >= 2, "{out}");
            }
        }
    }
}

#[test]
fn control_characters_from_inputs_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.env");
    std::fs::write(
        &f,
        "LOCAL_RESTORE=\x1b]0;owned\x07\x1b[2Jyes\nOIDC_CLIENT_ID=\u{202e}abc\n",
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let mut c = bin();
        c.args([
            "check",
            "--no-env",
            "--verbose",
            "--format",
            format,
            "--env-file",
        ])
        .arg(&f);
        let out = c.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{format}: {text}"
        );
        assert!(text.contains("invalid-bool"), "{format}: {text}");
        if format == "human" {
            assert!(text.contains("\\x1b]0;owned\\x07"), "{text}");
            assert!(!text.contains('\u{202e}'), "{text}");
        }
    }
    let mut show = bin();
    show.args(["show", "--no-env", "--env-file"]).arg(&f);
    let out = show.output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn secret_held_values_never_mangle_other_findings() {
    // The review's A9: scrubbing a Secret's `true` turned "(true, false, ...)" into "(***, ...)".
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.yaml");
    std::fs::write(
        &f,
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {LOCAL_RESTORE: \"true\", GORILLA_OIDC_SECRET: \"true\"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        envFrom: [{secretRef: {name: s}}]\n        env:\n        - {name: LOGGING_ENABLED, value: \"maybe\"}\n",
    )
    .unwrap();
    let out = bin()
        .args(["lint", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "LOGGING_ENABLED=maybe is not a boolean Go accepts (true, false, 1, 0, t, f)"
        ),
        "{text}"
    );
    assert!(
        text.contains("set LOGGING_ENABLED=true") || text.contains("LOGGING_ENABLED"),
        "{text}"
    );
}
