//! The loader through the public API: precedence source by source, every Values/Names rule and the
//! structural rules of the loader issue (each fires, and stays quiet on a correct configuration),
//! typed accessors, and one report for every problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;

use iamconf::{AuthMethod, Config, Diagnostic, Severity, SourceKind, SsoMode, Var};

/// A correct Okta configuration (no findings at all).
const OKTA: &[(&str, &str)] = &[
    ("HOST", "https://wandb.example.com"),
    ("OIDC_ISSUER", "https://example.okta.com"),
    ("OIDC_CLIENT_ID", "0oa1b2c3"),
    ("OIDC_AUTH_METHOD", "implicit"),
];

fn with(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = OKTA
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    for (k, val) in extra {
        v.retain(|(kk, _)| kk != k);
        v.push(((*k).into(), (*val).into()));
    }
    v
}

fn without(names: &[&str]) -> Vec<(String, String)> {
    with(&[])
        .into_iter()
        .filter(|(k, _)| !names.contains(&k.as_str()))
        .collect()
}

/// Every finding of a load, whether it succeeded (warnings) or not.
struct Found(Vec<Diagnostic>);

impl Found {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }
    fn contains(&self, code: &str) -> bool {
        self.0.iter().any(|d| d.code() == code)
    }
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

fn report(vars: Vec<(String, String)>) -> Found {
    match Config::builder().env_vars(vars).load() {
        Ok(c) => Found(c.warnings().to_vec()),
        Err(r) => Found(r.diagnostics().to_vec()),
    }
}

fn codes(vars: Vec<(String, String)>) -> Vec<String> {
    report(vars)
        .diagnostics()
        .iter()
        .map(|d| d.code().to_owned())
        .collect()
}

#[track_caller]
fn fires(code: &str, vars: Vec<(String, String)>) {
    let r = report(vars);
    assert!(r.contains(code), "expected {code}, got:\n{r}");
}

#[track_caller]
fn quiet(code: &str, vars: Vec<(String, String)>) {
    let r = report(vars);
    assert!(!r.contains(code), "{code} should be quiet, got:\n{r}");
}

#[test]
fn correct_okta_has_no_findings() {
    let c = Config::builder().env_vars(with(&[])).load().expect("valid");
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    let oidc = c.oidc.as_ref().expect("oidc on");
    assert_eq!(oidc.issuer.as_str(), "https://example.okta.com");
    assert_eq!(oidc.client_id, "0oa1b2c3");
    assert_eq!(oidc.auth_method, AuthMethod::Implicit);
    assert!(oidc.client_secret.as_ref().is_none());
    assert_eq!(c.sso_mode(), SsoMode::Oidc);
    assert_eq!(
        c.callback_url().as_deref(),
        Some("https://wandb.example.com/oidc/callback")
    );
    assert_eq!(
        c.iam.session_length,
        std::time::Duration::from_secs(720 * 3600)
    );
}

#[test]
fn issuer_is_kept_byte_exact() {
    for issuer in [
        "https://x.auth0.com/",
        "https://x.okta.com",
        "https://EC2AMAZ.EXAMPLE.COM/adfs",
    ] {
        let c = Config::builder()
            .env_vars(with(&[("OIDC_ISSUER", issuer)]))
            .load()
            .expect("valid");
        assert_eq!(c.oidc.as_ref().expect("oidc").issuer.as_str(), issuer);
        assert_eq!(
            c.oidc.as_ref().expect("oidc").discovery_url(),
            format!(
                "{}/.well-known/openid-configuration",
                issuer.strip_suffix('/').unwrap_or(issuer)
            )
        );
    }
}

#[test]
fn the_four_findings_of_the_issue_come_in_one_report() {
    let r = Config::builder()
        .env_vars([
            ("LOCAL_RESTORE", "on"),
            ("OIDC_AUTH_METHOD", "Pkce"),
            ("SESSION_LENGTH", "720h"),
            ("GORILLA_DATA_RETENTION_PERIOD", "24"),
        ])
        .load()
        .expect_err("errors");
    let c: Vec<&str> = r.diagnostics().iter().map(|d| d.code()).collect();
    for code in [
        "invalid-bool",
        "invalid-auth-method",
        "session-length-unit",
        "retention-period-unit",
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
    for d in r.diagnostics() {
        assert_eq!(d.source().kind(), SourceKind::Env);
        assert!(d.help().is_some_and(|h| !h.is_empty()), "{d}");
        assert_eq!(d.variables().len(), 1);
        assert_eq!(d.source().name(), Some(d.variables()[0].as_str()));
    }
    let auth = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "invalid-auth-method")
        .unwrap();
    assert_eq!(auth.help(), Some("set OIDC_AUTH_METHOD=pkce"));
}

// ---- Values ----

#[test]
fn invalid_bool() {
    fires(
        "invalid-bool",
        with(&[("GORILLA_DISABLE_PERSONAL_ENTITY", "yes")]),
    );
    fires("invalid-bool", with(&[("LOCAL_LDAP_TLS_ENABLE", " true ")]));
    quiet(
        "invalid-bool",
        with(&[("GORILLA_DISABLE_PERSONAL_ENTITY", "TRUE")]),
    );
    quiet(
        "invalid-bool",
        with(&[("GORILLA_DISABLE_PERSONAL_ENTITY", "0")]),
    );
}

#[test]
fn invalid_url() {
    fires("invalid-url", with(&[("MYSQL", "postgres://u:p@db/w")]));
    fires("invalid-url", with(&[("BUCKET", "minio.local/bucket")]));
    fires("invalid-url", with(&[("REDIS", "redis://cache:notaport")]));
    fires(
        "invalid-url",
        with(&[("LOCAL_LDAP_ADDRESS", "http://ldap")]),
    );
    fires("invalid-url", with(&[("BUCKET_QUEUE", "kafka://q")]));
    quiet(
        "invalid-url",
        with(&[
            ("MYSQL", "mysql://u:p@db:3306/w"),
            ("REDIS", "redis://cache:6379?tls=true"),
        ]),
    );
    quiet(
        "invalid-url",
        with(&[
            ("BUCKET", "s3://KEY:SEC%2FRET@minio.local/bucket?tls=true"),
            ("BUCKET_QUEUE", "sqs://q"),
        ]),
    );
    // A raw `/` in an S3 secret breaks the URL (for Go's url.Parse too): say how to encode it.
    let r = report(with(&[(
        "BUCKET",
        "s3://KEY:SEC/RET@minio.local/bucket?tls=true",
    )]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "invalid-url")
        .expect("fires");
    assert!(d.help().unwrap().contains("%2F"));
    assert!(!format!("{d}").contains("SEC/RET"), "{d}");
    quiet(
        "invalid-url",
        with(&[
            ("BUCKET", "az://account/container"),
            ("BUCKET_QUEUE", "pubsub:/p/t/s"),
        ]),
    );
}

#[test]
fn invalid_number() {
    fires("invalid-number", with(&[("SESSION_LENGTH", "0")]));
    fires("invalid-number", with(&[("GORILLA_SESSION_LENGTH", "-5h")]));
    fires("invalid-number", with(&[("SESSION_LENGTH", "99999999999")]));
    quiet("invalid-number", with(&[("SESSION_LENGTH", "8")]));
}

#[test]
fn invalid_auth_method() {
    for bad in ["PKCE", "Pkce", "oidc", "code", ""] {
        if bad.is_empty() {
            quiet("invalid-auth-method", with(&[("OIDC_AUTH_METHOD", bad)]));
        } else {
            fires("invalid-auth-method", with(&[("OIDC_AUTH_METHOD", bad)]));
        }
    }
    fires(
        "invalid-auth-method",
        with(&[("GORILLA_AUTH_METHOD", "PKCE")]),
    );
    quiet("invalid-auth-method", with(&[("OIDC_AUTH_METHOD", "pkce")]));
}

#[test]
fn invalid_value() {
    fires(
        "invalid-value",
        with(&[("WANDB_IDENTITY_TOKEN_FILE", "relative/token")]),
    );
    fires("invalid-value", with(&[("AWS_REGION", "US East")]));
    fires(
        "invalid-value",
        with(&[("GORILLA_OIDC_CUSTOM_SCOPES", "groups \"x\"")]),
    );
    let mixed = report(with(&[(
        "GORILLA_OIDC_CUSTOM_SCOPES",
        "groups, offline_access email",
    )]));
    let d = mixed
        .diagnostics()
        .iter()
        .find(|d| d.code() == "invalid-value")
        .expect("mixed separators");
    assert_eq!(d.severity(), Severity::Warning);
    quiet(
        "invalid-value",
        with(&[
            ("WANDB_IDENTITY_TOKEN_FILE", "/var/run/jwt"),
            ("AWS_REGION", "us-gov-west-1"),
        ]),
    );
    quiet(
        "invalid-value",
        with(&[("GORILLA_OIDC_CUSTOM_SCOPES", "groups,offline_access")]),
    );
}

#[test]
fn session_length_unit() {
    fires("session-length-unit", with(&[("SESSION_LENGTH", "720h")]));
    fires(
        "session-length-unit",
        with(&[("GORILLA_SESSION_LENGTH", "720")]),
    );
    quiet(
        "session-length-unit",
        with(&[
            ("SESSION_LENGTH", "720"),
            ("GORILLA_SESSION_LENGTH", "720h"),
        ]),
    );
}

#[test]
fn retention_period_unit() {
    fires(
        "retention-period-unit",
        with(&[("GORILLA_DATA_RETENTION_PERIOD", "24")]),
    );
    fires(
        "retention-period-unit",
        with(&[("GORILLA_DATA_RETENTION_PERIOD", "1d")]),
    );
    quiet(
        "retention-period-unit",
        with(&[("GORILLA_DATA_RETENTION_PERIOD", "24h")]),
    );
    let c = Config::builder()
        .env_vars(with(&[("GORILLA_DATA_RETENTION_PERIOD", "48h")]))
        .load()
        .unwrap();
    assert_eq!(
        c.server.data_retention_period,
        Some(std::time::Duration::from_secs(48 * 3600))
    );
}

#[test]
fn empty_value() {
    let r = report(with(&[("OIDC_AUTH_METHOD", "")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "empty-value")
        .expect("empty-value");
    assert_eq!(d.severity(), Severity::Warning);
    assert_eq!(d.variables(), ["OIDC_AUTH_METHOD"]);
    // Empty counts as unset: the default applies.
    let c = Config::builder()
        .env_vars(with(&[("OIDC_AUTH_METHOD", "")]))
        .load()
        .unwrap();
    assert_eq!(c.oidc.as_ref().unwrap().auth_method, AuthMethod::Implicit);
    quiet("empty-value", with(&[]));
}

#[test]
#[cfg(unix)]
fn non_utf8_value() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let mut vars: Vec<(OsString, OsString)> = with(&[])
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    vars.push((
        "OIDC_CLIENT_ID".into(),
        OsString::from_vec(vec![0x66, 0xff, 0xfe]),
    ));
    let r = Config::builder().env_vars(vars).load().expect_err("error");
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "non-utf8-value")
        .expect("non-utf8");
    assert_eq!(d.variables(), ["OIDC_CLIENT_ID"]);
    quiet("non-utf8-value", with(&[]));
    // In an env file too, with the line number.
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(b"HOST=https://w.example.com\nOIDC_CLIENT_ID=\xff\n")
        .unwrap();
    let r = Config::builder()
        .env_file(f.path())
        .load()
        .expect_err("error");
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "non-utf8-value")
        .expect("non-utf8");
    assert_eq!(d.source().line(), Some(2));
}

// ---- Names ----

#[test]
fn conflicting_aliases() {
    fires(
        "conflicting-aliases",
        with(&[("GORILLA_OIDC_ISSUER", "https://other.okta.com")]),
    );
    fires(
        "conflicting-aliases",
        with(&[("SESSION_LENGTH", "24"), ("GORILLA_SESSION_LENGTH", "720h")]),
    );
    fires(
        "conflicting-aliases",
        with(&[
            ("DISABLE_SSO_PROVISIONING", "true"),
            ("GORILLA_DISABLE_SSO_PROVISIONING", "false"),
        ]),
    );
    // Equal values, and equal durations in two encodings, are fine.
    quiet(
        "conflicting-aliases",
        with(&[("GORILLA_OIDC_ISSUER", "https://example.okta.com")]),
    );
    quiet(
        "conflicting-aliases",
        with(&[("SESSION_LENGTH", "24"), ("GORILLA_SESSION_LENGTH", "24h")]),
    );
    quiet(
        "conflicting-aliases",
        with(&[
            ("DISABLE_SSO_PROVISIONING", "true"),
            ("GORILLA_DISABLE_SSO_PROVISIONING", "TRUE"),
        ]),
    );
    let r = report(with(&[("GORILLA_OIDC_ISSUER", "https://other.okta.com")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "conflicting-aliases")
        .unwrap();
    assert_eq!(d.variables(), ["OIDC_ISSUER", "GORILLA_OIDC_ISSUER"]);
}

#[test]
fn deprecated_name() {
    let r = report(with(&[("OIDC_CLIENT_SECRET", "s3cr3t-value")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "deprecated-name")
        .expect("deprecated");
    assert!(d.help().unwrap().contains("GORILLA_OIDC_SECRET"));
    // Still read: the secret is there.
    let c = Config::builder()
        .env_vars(with(&[("OIDC_CLIENT_SECRET", "s3cr3t-value")]))
        .load()
        .unwrap();
    assert_eq!(
        c.oidc
            .as_ref()
            .unwrap()
            .client_secret
            .as_ref()
            .unwrap()
            .expose_secret(),
        "s3cr3t-value"
    );
    fires(
        "deprecated-name",
        with(&[("GORILLA_ENABLE_SSO_GROUP_CLAIMS", "true")]),
    );
    fires(
        "deprecated-name",
        with(&[("GORILLA_OIDC_CLIENT_SECRET", "x")]),
    );
    quiet(
        "deprecated-name",
        with(&[
            ("GORILLA_OIDC_SECRET", "x"),
            ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
        ]),
    );
}

#[test]
fn unread_name() {
    let r = report(
        without(&["OIDC_AUTH_METHOD"])
            .into_iter()
            .chain([("GORILLA_OIDC_AUTH_METHOD".into(), "pkce".into())])
            .collect(),
    );
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "unread-name")
        .expect("unread");
    assert_eq!(d.severity(), Severity::Error);
    assert_eq!(d.help(), Some("set OIDC_AUTH_METHOD=pkce instead"));
    // Not the only source: quiet (equal value) ...
    quiet(
        "unread-name",
        with(&[
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_AUTH_METHOD", "pkce"),
        ]),
    );
    // ... and the hard-coded chart bug (implicit read, pkce meant) is a conflict.
    fires(
        "conflicting-aliases",
        with(&[
            ("GORILLA_AUTH_METHOD", "implicit"),
            ("GORILLA_OIDC_AUTH_METHOD", "pkce"),
        ]),
    );
}

#[test]
fn unknown_variable() {
    let r = report(with(&[("OIDC_ISUER", "https://example.okta.com")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "unknown-variable")
        .expect("unknown");
    assert_eq!(d.help(), Some("did you mean `OIDC_ISSUER`?"));
    fires("unknown-variable", with(&[("OIDC_SCOPES", "groups")]));
    fires("unknown-variable", with(&[("LOCAL_LDAP_PASSWORD", "x")]));
    fires("unknown-variable", with(&[("LICENCE", "x")]));
    // System variables and far-away names are not ours.
    quiet(
        "unknown-variable",
        with(&[
            ("HOME", "/root"),
            ("PATH", "/bin"),
            ("HOSTNAME", "h"),
            ("RUST_LOG", "info"),
        ]),
    );
}

#[test]
fn parse_error_in_env_file() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "HOST=https://w.example.com\nOIDC_ISSUER https://example.okta.com\nOIDC_CLIENT_ID=x"
    )
    .unwrap();
    let r = Config::builder()
        .env_file(f.path())
        .load()
        .expect_err("parse error");
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "parse-error")
        .unwrap();
    assert_eq!(d.source().line(), Some(2));
    assert_eq!(d.source().kind(), SourceKind::EnvFile);
    // The other lines are still read: OIDC_CLIENT_ID without issuer.
    assert!(r.contains("oidc-incomplete"));
}

// ---- Structural rules ----

#[test]
fn oidc_incomplete() {
    fires("oidc-incomplete", without(&["OIDC_CLIENT_ID"]));
    fires("oidc-incomplete", without(&["OIDC_ISSUER"]));
    quiet("oidc-incomplete", with(&[]));
    quiet("oidc-incomplete", vec![]);
}

#[test]
fn host_missing_scheme() {
    let r = report(with(&[("HOST", "wandb.example.com")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "host-missing-scheme")
        .expect("fires");
    assert_eq!(d.help(), Some("set HOST=https://wandb.example.com"));
    quiet(
        "host-missing-scheme",
        with(&[("HOST", "http://wandb.example.com:8080")]),
    );
}

#[test]
fn host_missing() {
    fires("host-missing", without(&["HOST"]));
    quiet("host-missing", with(&[]));
    quiet("host-missing", vec![]);
}

#[test]
fn ldap_incomplete() {
    fires(
        "ldap-incomplete",
        vec![(
            "LOCAL_LDAP_ADDRESS".into(),
            "ldaps://ldap.example.com:636".into(),
        )],
    );
    fires(
        "ldap-incomplete",
        vec![("LDAP_BIND_DN".into(), "cn=admin".into())],
    );
    let full = |extra: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = [
            ("LOCAL_LDAP_ADDRESS", "ldaps://ldap.example.com:636"),
            ("LOCAL_LDAP_BASE_DN", "dc=example,dc=com"),
            ("LDAP_ATTRIBUTES", "email=mail,group=gidNumber"),
        ]
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
        v.extend(extra.iter().map(|(k, v)| ((*k).into(), (*v).into())));
        v
    };
    quiet("ldap-incomplete", full(&[("LOCAL_LDAP_LOGIN", "true")]));
    let c = Config::builder().env_vars(full(&[])).load().unwrap();
    assert_eq!(c.sso_mode(), SsoMode::Ldap);
}

#[test]
fn local_restore_enabled() {
    let c = Config::builder()
        .env_vars(with(&[("LOCAL_RESTORE", "true")]))
        .load()
        .expect("a warning only");
    assert!(
        c.warnings()
            .iter()
            .any(|d| d.code() == "local-restore-enabled")
    );
    assert_eq!(c.sso_mode(), SsoMode::LocalRestore);
    quiet("local-restore-enabled", with(&[("LOCAL_RESTORE", "false")]));
}

#[test]
fn setting_without_effect() {
    let no_oidc = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    fires(
        "setting-without-effect",
        no_oidc("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
    );
    fires(
        "setting-without-effect",
        no_oidc("GORILLA_USE_IDENTIFIER_CLAIMS", "1"),
    );
    fires(
        "setting-without-effect",
        no_oidc("GORILLA_OIDC_CUSTOM_SCOPES", "groups"),
    );
    fires(
        "setting-without-effect",
        no_oidc("GORILLA_LDAP_GROUP_SYNC", "true"),
    );
    quiet(
        "setting-without-effect",
        with(&[
            ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ("GORILLA_OIDC_CUSTOM_SCOPES", "groups"),
        ]),
    );
    quiet(
        "setting-without-effect",
        no_oidc("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "false"),
    );
}

// ---- Sources ----

#[test]
fn precedence_source_by_source() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("iamconf.toml");
    std::fs::write(&toml, "[iam]\nsession_length = 10\n[server]\nhost = \"https://from-config.example.com\"\nlogging_enabled = true\n").unwrap();
    let yaml = dir.path().join("later.yaml");
    std::fs::write(&yaml, "iam:\n  session_length: 11\n").unwrap();
    let env1 = dir.path().join("a.env");
    std::fs::write(
        &env1,
        "SESSION_LENGTH=12\nexport HOST=https://from-env-file.example.com\n",
    )
    .unwrap();
    let env2 = dir.path().join("b.env");
    std::fs::write(&env2, "SESSION_LENGTH=13\n").unwrap();

    let hours = |c: &Config| c.iam.session_length.as_secs() / 3600;
    // Defaults only.
    let c = Config::builder()
        .env_vars(Vec::<(String, String)>::new())
        .load()
        .unwrap();
    assert_eq!(hours(&c), 720);
    assert_eq!(c.source(Var::SessionLength).kind(), SourceKind::Default);
    // A config file beats the default.
    let c = Config::builder().file(&toml).load().unwrap();
    assert_eq!(hours(&c), 10);
    let s = c.source(Var::SessionLength);
    assert_eq!(
        (s.kind(), s.line(), s.name()),
        (SourceKind::ConfigFile, Some(2), Some("iam.session_length"))
    );
    assert!(c.server.logging_enabled);
    // A later config file beats an earlier one.
    let c = Config::builder().file(&toml).file(&yaml).load().unwrap();
    assert_eq!(hours(&c), 11);
    // An env file beats config files, whatever the call order.
    let c = Config::builder()
        .env_file(&env1)
        .file(&toml)
        .file(&yaml)
        .load()
        .unwrap();
    assert_eq!(hours(&c), 12);
    assert_eq!(c.server.host.as_str(), "https://from-env-file.example.com/");
    assert_eq!(c.source(Var::Host).line(), Some(2));
    // A later env file beats an earlier one.
    let c = Config::builder()
        .file(&toml)
        .env_file(&env1)
        .env_file(&env2)
        .load()
        .unwrap();
    assert_eq!(hours(&c), 13);
    assert_eq!(c.server.host.as_str(), "https://from-env-file.example.com/");
    // The environment beats everything.
    let c = Config::builder()
        .env_vars([("SESSION_LENGTH", "14")])
        .file(&toml)
        .env_file(&env2)
        .load()
        .unwrap();
    assert_eq!(hours(&c), 14);
    let s = c.source(Var::SessionLength);
    assert_eq!(
        (s.kind(), s.name()),
        (SourceKind::Env, Some("SESSION_LENGTH"))
    );
    assert_eq!(s.to_string(), "environment variable `SESSION_LENGTH`");
    assert_eq!(c.server.host.as_str(), "https://from-config.example.com/");
}

#[test]
fn secret_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret");
    std::fs::write(&path, "from-a-file\n").unwrap();
    let p = path.to_str().unwrap();
    let c = Config::builder()
        .env_vars(with(&[("GORILLA_OIDC_SECRET_FILE", p)]))
        .load()
        .unwrap();
    assert_eq!(
        c.oidc
            .as_ref()
            .unwrap()
            .client_secret
            .as_ref()
            .unwrap()
            .expose_secret(),
        "from-a-file"
    );
    fires(
        "conflicting-aliases",
        with(&[
            ("GORILLA_OIDC_SECRET_FILE", p),
            ("GORILLA_OIDC_SECRET", "from-a-file"),
        ]),
    );
    let r = report(with(&[("LICENSE_FILE", "/nonexistent/license")]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "invalid-value")
        .expect("unreadable secret file");
    assert!(d.message().contains("/nonexistent/license"));
}

#[test]
fn unreadable_files_are_named() {
    let r = Config::builder()
        .env_file("/nonexistent/prod.env")
        .load()
        .expect_err("unreadable");
    assert_eq!(
        r.unreadable_inputs(),
        [std::path::PathBuf::from("/nonexistent/prod.env")]
    );
    assert!(
        r.diagnostics()[0]
            .message()
            .contains("/nonexistent/prod.env")
    );
}

#[test]
fn config_file_errors_have_positions() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "oidc:\n  issuer: [unclosed\n").unwrap();
    let r = Config::builder()
        .file(&bad)
        .load()
        .expect_err("parse error");
    let d = &r.diagnostics()[0];
    assert_eq!(d.code(), "parse-error");
    assert!(d.source().line().is_some() && d.source().column().is_some());
}

#[test]
fn every_problem_in_one_report() {
    let vars = vec![
        ("LOCAL_RESTORE".to_owned(), "on".to_owned()),
        ("HOST".into(), "wandb.example.com".into()),
        ("OIDC_ISSUER".into(), "https://a.okta.com".into()),
        ("GORILLA_OIDC_ISSUER".into(), "https://b.okta.com".into()),
        ("MYSQL".into(), "postgres://x".into()),
        ("LOCAL_LDAP_BASE_DN".into(), "dc=x".into()),
        ("OIDC_ISUER".into(), "x".into()),
    ];
    let mut got = codes(vars);
    got.sort();
    got.dedup();
    for code in [
        "invalid-bool",
        "host-missing-scheme",
        "conflicting-aliases",
        "invalid-url",
        "ldap-incomplete",
        "oidc-incomplete",
        "unknown-variable",
    ] {
        assert!(
            got.contains(&code.to_owned()),
            "{code} missing from {got:?}"
        );
    }
}

#[test]
fn typed_accessors_for_the_rest() {
    let c = Config::builder()
        .env_vars(with(&[
            ("MYSQL", "mysql://wandb:pw@db:3306/wandb"),
            ("BUCKET", "s3://bucket"),
            ("AWS_REGION", "eu-west-1"),
            ("SLACK_CLIENT_ID", "123.456"),
            ("GORILLA_SLACK_SECRET", "slack-secret"),
            ("WANDB_IDENTITY_TOKEN_FILE", "/var/run/jwt"),
            ("LOCAL_LDAP_ADDRESS", "ldaps://ldap.example.com:636"),
            ("LOCAL_LDAP_BASE_DN", "dc=example,dc=com"),
            ("LOCAL_LDAP_ATTRIBUTES", "email=mail"),
            ("LDAP_BIND_PW", "bind-pw"),
            ("LOCAL_LDAP_TLS_ENABLE", "T"),
        ]))
        .load()
        .expect("valid");
    assert_eq!(
        c.server.mysql.as_ref().unwrap().expose_secret(),
        "mysql://wandb:pw@db:3306/wandb"
    );
    assert_eq!(
        c.server.mysql.as_ref().unwrap().to_string(),
        "mysql://wandb:***@db:3306/wandb"
    );
    assert_eq!(
        c.server.bucket.as_ref().unwrap().expose_secret(),
        "s3://bucket"
    );
    assert_eq!(c.server.bucket_queue.expose_secret(), "internal://");
    assert_eq!(c.server.aws_region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        c.server
            .slack_client_id
            .as_deref()
            .zip(c.server.slack_secret.as_ref())
            .map(|(id, s)| (id, s.expose_secret())),
        Some(("123.456", "slack-secret"))
    );
    assert_eq!(
        c.iam.identity_token_file.as_deref(),
        Some(std::path::Path::new("/var/run/jwt"))
    );
    let ldap = c.ldap.as_ref().expect("ldap");
    assert_eq!(ldap.address.expose_secret(), "ldaps://ldap.example.com:636");
    assert_eq!(
        ldap.bind_password.as_ref().unwrap().expose_secret(),
        "bind-pw"
    );
    assert!(ldap.tls_enable);
    // OIDC wins over LDAP when both are configured.
    assert_eq!(c.sso_mode(), SsoMode::Oidc);
    assert_eq!(c.server.slack_client_id.as_deref(), Some("123.456"));
    assert_eq!(c.spelled(Var::SlackClientId), "SLACK_CLIENT_ID");
}
