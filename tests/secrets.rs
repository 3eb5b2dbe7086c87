//! No secret ever reaches an output: every secret variable, every spelling of it, its `_FILE`
//! form and the passwords inside URLs are set to a canary, on correct and broken inputs, and
//! `check` and `show` run in every format must never print it.
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
        "deprecated-name",
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
