//! figment interop, both ways, on a Rocket-style figment (a TOML file and `Env::prefixed`):
//! iamconf loads from the server's figment with provenance from figment's metadata, and the
//! server merges iamconf's resolved settings into its figment and extracts its own struct.
//!
//! `Env` reads the process environment, which tests never change: the test runs itself again as
//! a child process with the variables set (the child test does nothing when run directly).
#![cfg(feature = "figment")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use iamconf::{AuthMethod, Config, SourceKind, Var};

const CHILD: &str = "IAMCONF_FIGMENT_TEST_DIR";
const CANARY: &str = "canary-f1gm3nt-s3cr3t";

const APP_TOML: &str = r#"port = 8000

[wandb.oidc]
issuer = "https://example.okta.com"
client_id = "0oa1b2c3"

[wandb.iam]
session_length = 24
"#;

/// The server's own configuration, with iamconf's sections embedded.
#[derive(Debug, serde::Deserialize)]
struct App {
    port: u16,
    oidc: Option<iamconf::OidcConfig>,
    iam: iamconf::IamConfig,
    server: iamconf::ServerConfig,
}

/// The Rocket-style figment: the TOML file, then `APP_` variables (`__` nests).
fn server_figment(dir: &Path) -> Figment {
    Figment::new()
        .merge(Toml::file(dir.join("App.toml")))
        .merge(Env::prefixed("APP_").split("__"))
}

#[test]
fn rocket_style_figment_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("App.toml"), APP_TOML).unwrap();
    std::fs::write(
        dir.path().join("prod.env"),
        format!(
            "OIDC_ISSUER=https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6\n\
             OIDC_CLIENT_ID=wandb\nOIDC_AUTH_METHOD=pkce\nGORILLA_OIDC_SECRET={CANARY}\n\
             HOST=https://wandb.example.com\n"
        ),
    )
    .unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_both_ways",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, dir.path())
        .env("APP_WANDB__OIDC__AUTH_METHOD", "pkce")
        .env("APP_PORT", "9000")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs in the child process only.
#[test]
fn child_both_ways() {
    let Some(dir) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return;
    };
    let figment = server_figment(&dir);

    // 1. iamconf loads from the server's figment (its keys sit under `wandb`).
    let config = Config::from_figment(&figment.focus("wandb")).expect("valid");
    let oidc = config.oidc.as_ref().expect("oidc");
    assert_eq!(oidc.issuer.as_str(), "https://example.okta.com");
    assert_eq!(oidc.client_id, "0oa1b2c3");
    assert_eq!(
        oidc.auth_method,
        AuthMethod::Pkce,
        "from APP_WANDB__OIDC__AUTH_METHOD"
    );
    assert_eq!(config.iam.session_length.as_secs(), 24 * 3600);
    let issuer = config.source(Var::OidcIssuer);
    assert_eq!(issuer.kind(), SourceKind::Figment);
    assert_eq!(issuer.path(), Some(dir.join("App.toml").as_path()));
    let method = config.source(Var::OidcAuthMethod);
    assert_eq!(method.kind(), SourceKind::Figment);
    assert_eq!(method.path(), None, "an environment variable has no file");
    assert!(
        method.name().unwrap().contains("AUTH_METHOD"),
        "{:?}",
        method.name()
    );
    // The provider's name, as figment's metadata gives it.
    assert!(method.provider().unwrap().contains("APP_"), "{method}");
    assert!(method.to_string().starts_with("figment key `"), "{method}");
    assert!(issuer.provider().unwrap().contains("TOML"), "{issuer}");
    // Defaults stay defaults.
    assert_eq!(config.source(Var::LocalRestore).kind(), SourceKind::Default);

    // Every rule runs, and findings name the figment key and file.
    let broken = Figment::new().merge(Toml::string(
        "[oidc]\nissuer = \"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6\"\n\
         client_id = \"w\"\nauth_method = \"implicit\"\n[iam]\nsesion_length = 3\n",
    ));
    let report = Config::from_figment(&broken).expect_err("cognito needs pkce");
    let codes: Vec<&str> = report.diagnostics().iter().map(|d| d.code()).collect();
    assert!(codes.contains(&"cognito-requires-pkce"), "{codes:?}");
    let unknown = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == "unknown-variable")
        .expect("the typo is reported");
    assert_eq!(unknown.help(), Some("did you mean `iam.session_length`?"));

    // 2. The server merges iamconf's resolved settings (from an env file) into its figment
    //    and extracts its own struct that embeds iamconf's sections.
    let loaded = Config::builder()
        .env_file(dir.join("prod.env"))
        .load()
        .expect("valid");
    let merged = server_figment(&dir).merge(loaded.to_figment_exposing_secrets());
    let app: App = merged.extract().expect("extracts");
    assert_eq!(app.port, 9000, "APP_PORT beats the TOML file");
    let oidc = app.oidc.expect("oidc");
    assert_eq!(oidc.client_id, "wandb");
    assert_eq!(oidc.auth_method, AuthMethod::Pkce);
    assert_eq!(
        oidc.client_secret
            .as_ref()
            .map(iamconf::Secret::expose_secret),
        Some(CANARY)
    );
    assert_eq!(app.iam.session_length.as_secs(), 720 * 3600);
    assert_eq!(app.server.host.as_str(), "https://wandb.example.com/");
    // Per-value provenance: the env file line for OIDC values, the TOML file for the port.
    let meta = merged.find_metadata("oidc.client_id").unwrap();
    assert_eq!(
        meta.source.as_ref().and_then(|s| s.file_path()),
        Some(dir.join("prod.env").as_path())
    );
    assert!(meta.name.ends_with("prod.env:2:1"), "{}", meta.name);
    assert_eq!(
        meta.interpolate(&figment::Profile::Default, &["oidc", "client_id"]),
        "OIDC_CLIENT_ID"
    );
    let port = merged.find_metadata("port").unwrap();
    assert!(port.name.contains("APP_"), "{}", port.name);
    // Loading iamconf from a figment that holds iamconf's own layer keeps file, line and column.
    let again = Config::from_figment(&loaded.to_figment()).expect("valid");
    let client = again.source(Var::OidcClientId);
    assert_eq!(client.kind(), SourceKind::Figment);
    assert_eq!(client.path(), Some(dir.join("prod.env").as_path()));
    assert_eq!((client.line(), client.column()), (Some(2), Some(1)));
    // The masked export never carries a secret.
    let masked = loaded.to_figment();
    let secret: String = masked.extract_inner("oidc.client_secret").unwrap();
    assert_eq!(secret, "***");
}

#[test]
fn a_report_becomes_chained_figment_errors_without_secrets() {
    let report = Config::builder()
        .env_vars([
            (
                "OIDC_ISSUER",
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6",
            ),
            ("OIDC_CLIENT_ID", "w"),
            ("OIDC_AUTH_METHOD", "implicit"),
            ("MYSQL", &format!("mysql://u:{CANARY}@db/x")),
            ("LOCAL_RESTORE", "on"),
        ])
        .load()
        .expect_err("two errors");
    let n = report
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == iamconf::Severity::Error)
        .count();
    let error = figment::Error::from(report);
    let all: Vec<figment::Error> = error.into_iter().collect();
    assert!(all.len() >= n, "{all:?}");
    let text: String = all.iter().map(|e| format!("{e} {e:?}\n")).collect();
    assert!(!text.contains(CANARY), "{text}");
    assert!(text.contains("cognito-requires-pkce"), "{text}");
    let bool_error = all
        .iter()
        .find(|e| e.to_string().contains("invalid-bool"))
        .unwrap();
    assert_eq!(bool_error.path, ["break_glass", "local_restore"]);
}
