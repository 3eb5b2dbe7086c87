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
