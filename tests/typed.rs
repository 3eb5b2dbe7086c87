//! The typed sections generated from the declaration: serde in the config-file form (secrets
//! masked), the schema's `required` from the declaration's marker, and every declared setting
//! reachable as a typed field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use iamconf::{Config, Sections, Var};

const CANARY: &str = "canary-typ3d-s3cr3t";

fn full() -> Config {
    Config::builder()
        .env_vars([
            ("OIDC_ISSUER", "https://example.okta.com"),
            ("OIDC_CLIENT_ID", "0oa1"),
            ("GORILLA_OIDC_SECRET", CANARY),
            ("GORILLA_OIDC_CUSTOM_SCOPES", "groups offline_access"),
            ("MYSQL", &format!("mysql://wandb:{CANARY}@db:3306/wandb")),
            ("SESSION_LENGTH", "12"),
            ("HOST", "https://x.com"),
            ("LOCAL_LDAP_ADDRESS", "ldaps://ldap.example.com:636"),
            ("LOCAL_LDAP_BASE_DN", "dc=example,dc=com"),
            ("LOCAL_LDAP_ATTRIBUTES", "email=mail"),
        ])
        .load()
        .expect("valid")
}

#[test]
fn serialize_masks_secrets_and_deserialize_reads_the_same_form() {
    let config = full();
    let json = serde_json::to_value(&config).unwrap();
    let text = json.to_string();
    assert!(!text.contains(CANARY), "{text}");
    assert!(!format!("{config:?}").contains(CANARY));
    assert_eq!(json["oidc"]["client_secret"], "***");
    assert_eq!(json["iam"]["session_length"], 12);
    assert_eq!(json["oidc"]["custom_scopes"][1], "offline_access");
    // The form reads back to equal sections (but for the masked secrets).
    let back: Sections = serde_json::from_value(json).unwrap();
    let oidc = back.oidc.as_ref().unwrap();
    assert_eq!(oidc.issuer.as_str(), "https://example.okta.com");
    assert_eq!(oidc.client_secret.as_ref().unwrap().expose_secret(), "***");
    assert_eq!(back.iam, config.iam);
    assert_eq!(back.ldap, config.ldap);
    // Deserializing runs the parsers: a bad value is an error that names no secret.
    let err = serde_json::from_str::<Sections>(
        r#"{"oidc": {"issuer": "https://x", "client_id": "w", "auth_method": "Pkce"}}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("auth_method"), "{err}");
    let err = serde_json::from_str::<Sections>(r#"{"oidc": {"issuer": "https://x"}}"#).unwrap_err();
    assert!(err.to_string().contains("client_id"), "{err}");
    assert!(serde_json::from_str::<Sections>(r#"{"oidc": {"isuer": "x"}}"#).is_err());
}

#[test]
fn every_declared_setting_has_a_typed_field_and_a_source() {
    let config = full();
    let form = serde_json::to_value(&config).unwrap();
    for &var in Var::ALL {
        let key = var.key();
        let (section, field) = key.split_once('.').unwrap();
        // Settings without a value are absent from the form; every section here is present.
        assert!(form.get(section).is_some(), "{key}");
        let _ = (field, config.source(var), config.spelled(var));
    }
    assert_eq!(config.source(Var::Mysql).name(), Some("MYSQL"));
    assert_eq!(config.spelled(Var::OidcSecret), "GORILLA_OIDC_SECRET");
    assert_eq!(Var::OidcIssuer.env(), "OIDC_ISSUER");
    let ldap = config.ldap.as_ref().expect("ldap is configured");
    assert_eq!(ldap.base_dn, "dc=example,dc=com");
    assert_eq!(
        config.server.mysql.as_ref().unwrap().to_string(),
        "mysql://wandb:***@db:3306/wandb"
    );
}

#[cfg(feature = "schema")]
#[test]
fn the_schema_requires_what_the_declaration_marks_required() {
    let schema: serde_json::Value =
        serde_json::from_str(&iamconf::schema::config_schema()).unwrap();
    assert_eq!(
        schema["properties"]["oidc"]["required"],
        serde_json::json!(["issuer", "client_id"])
    );
    assert_eq!(
        schema["properties"]["ldap"]["required"],
        serde_json::json!(["address", "base_dn", "attributes"])
    );
    assert!(schema["properties"]["iam"].get("required").is_none());
    // And the same marker makes oidc-incomplete fire.
    let report = Config::builder()
        .env_vars([("OIDC_ISSUER", "https://example.okta.com")])
        .load()
        .unwrap_err();
    assert!(report.contains("oidc-incomplete"));
}
