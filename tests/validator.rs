//! validator interop: `validate()` reports iamconf's rule codes with redacted messages and no
//! params, works under `#[validate(nested)]`, and agrees with `load()` code for code.
#![cfg(feature = "validator")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use iamconf::{Config, Sections};
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

const CANARY: &str = "canary-v4l1d4t0r-s3cr3t";
const COGNITO: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6";

/// Every (field path, code, message, params) of a validator result.
fn flatten(
    prefix: &str,
    errors: &ValidationErrors,
    out: &mut Vec<(String, String, String, usize)>,
) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push((
                        path.clone(),
                        e.code.to_string(),
                        e.message.as_deref().unwrap_or("").to_owned(),
                        e.params.len(),
                    ));
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for inner in items.values() {
                    flatten(&path, inner, out);
                }
            }
        }
    }
}

fn codes_of(result: Result<(), ValidationErrors>) -> BTreeSet<String> {
    let mut all = Vec::new();
    if let Err(e) = result {
        flatten("", &e, &mut all);
    }
    all.into_iter().map(|(_, code, _, _)| code).collect()
}

fn sections(json: &str) -> Sections {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn codes_are_rule_codes_messages_are_redacted_params_are_empty() {
    let s = sections(&format!(
        r#"{{"oidc": {{"issuer": "{COGNITO}", "client_id": "w", "auth_method": "implicit",
             "client_secret": "{CANARY}"}},
            "server": {{"mysql": "mysql://u:{CANARY}@db/x", "host": "https://wandb.example.com"}}}}"#
    ));
    assert_eq!(
        s.oidc
            .as_ref()
            .unwrap()
            .client_secret
            .as_ref()
            .unwrap()
            .expose_secret(),
        CANARY
    );
    let errors = s.validate().expect_err("cognito needs pkce");
    let mut all = Vec::new();
    flatten("", &errors, &mut all);
    assert!(
        all.iter()
            .any(|(path, code, _, _)| path == "oidc.issuer" && code == "cognito-requires-pkce"),
        "{all:?}"
    );
    for (path, code, message, params) in &all {
        assert!(
            iamconf::rules::find(code).is_some(),
            "{code} is a rule code"
        );
        assert_eq!(*params, 0, "{path}: params carry nothing");
        assert!(!message.is_empty(), "{path}: a message");
    }
    let shown = format!(
        "{errors}\n{errors:?}\n{}",
        serde_json::to_string(&errors).unwrap()
    );
    assert!(!shown.contains(CANARY), "{shown}");
}

#[derive(Debug, Validate)]
struct ServerSettings {
    #[validate(range(min = 1024))]
    port: u16,
    #[validate(nested)]
    oidc: iamconf::OidcConfig,
    #[validate(nested)]
    iam: iamconf::IamConfig,
}

#[test]
fn a_server_validates_iamconf_sections_nested() {
    let s = sections(&format!(
        r#"{{"oidc": {{"issuer": "{COGNITO}", "client_id": "w"}}}}"#
    ));
    let server = ServerSettings {
        port: 80,
        oidc: s.oidc.clone().unwrap(),
        iam: s.iam.clone(),
    };
    let errors = server.validate().expect_err("two problems");
    let mut all = Vec::new();
    flatten("", &errors, &mut all);
    let found: BTreeSet<(String, String)> = all
        .iter()
        .map(|(p, c, _, _)| (p.clone(), c.clone()))
        .collect();
    assert!(
        found.contains(&("port".into(), "range".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("oidc.issuer".into(), "cognito-requires-pkce".into())),
        "{found:?}"
    );
    // A correct section passes.
    let good = sections(&format!(
        r#"{{"oidc": {{"issuer": "{COGNITO}", "client_id": "w", "auth_method": "pkce"}}}}"#
    ));
    assert!(good.oidc.as_ref().unwrap().validate().is_ok());
    assert!(good.validate().is_ok());
}

/// Configurations that are well typed but break rules: `validate()` on the typed form and
/// `load()` of the same file report the same error codes.
const CORPUS: &[&str] = &[
    r#"{"oidc": {"issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "http://sso.example.com", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "https://u:p@sso.example.com", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "https://sso.example.com?x=1", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "https://sso.example.com/.well-known/openid-configuration", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "https://login.microsoftonline.com/common/v2.0", "client_id": "w", "auth_method": "pkce"}}"#,
    r#"{"oidc": {"issuer": "https://wandb.auth.eu-west-1.amazoncognito.com", "client_id": "w"}}"#,
    r#"{"oidc": {"issuer": "https://example.okta.com", "client_id": "w"}, "break_glass": {"local_restore": true}}"#,
    r#"{"oidc": {"issuer": "https://example.okta.com", "client_id": "w", "auth_method": "pkce"}}"#,
    r#"{"server": {"host": "https://wandb.example.com", "mysql": "mysql://u:pw@db/x"}}"#,
];

#[test]
fn validate_and_load_agree_code_for_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut broken = 0;
    for (i, json) in CORPUS.iter().enumerate() {
        let path = dir.path().join(format!("c{i}.json"));
        std::fs::write(&path, json).unwrap();
        let load_codes: BTreeSet<String> = match Config::builder().file(&path).load() {
            Ok(_) => BTreeSet::new(),
            Err(report) => report
                .diagnostics()
                .iter()
                .filter(|d| d.severity() == iamconf::Severity::Error)
                .map(|d| d.code().to_owned())
                .collect(),
        };
        let validate_codes = codes_of(sections(json).validate());
        assert_eq!(validate_codes, load_codes, "{json}");
        broken += usize::from(!load_codes.is_empty());
    }
    assert!(broken >= 6, "the corpus breaks rules ({broken})");
}
