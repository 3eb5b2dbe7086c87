//! The identity-provider rules of RULES.md "OIDC": each fires on the lock-out it exists for and
//! stays quiet on the matching correct configuration, built from the real issuers of the
//! discovery documents under `tests/fixtures/discovery/` (copied from the shared fixtures, see tests/fixtures/MANIFEST.md).
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod findings;

use findings::{HOST, findings, oidc, one, quiet};
use iamconf::{AuthMethod, Config, Diagnostic, IdentityProvider, Severity, SourceKind};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/discovery");

const COGNITO: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6";
const OKTA: &str = "https://dev-120913.okta.com";
const KEYCLOAK_LEGACY: &str = "https://identity.mafiasi.de/auth/realms/simple_openid_test";

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect()
}

// ---------------------------------------------------------------- issuer shape

#[test]
fn issuer_without_scheme_is_not_https() {
    let d = oidc("accounts.google.com", &[("OIDC_AUTH_METHOD", "implicit")]);
    let f = one(&d, "issuer-not-https");
    assert_eq!(f.severity(), Severity::Error);
    assert_eq!(f.variables(), ["OIDC_ISSUER"]);
    assert_eq!(
        f.help(),
        Some("set OIDC_ISSUER=https://accounts.google.com")
    );
    assert_eq!(f.source().kind(), SourceKind::Env);
    quiet(&d, "issuer-insecure-loopback");
}

#[test]
fn plain_http_on_a_network_host_is_not_https() {
    let d = oidc(
        "http://docker-rp-1:8080/realms/demorealm",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    let f = one(&d, "issuer-not-https");
    assert!(
        f.help()
            .unwrap()
            .contains("OIDC_ISSUER=https://docker-rp-1:8080/realms/demorealm")
    );
    quiet(&d, "issuer-insecure-loopback");
}

#[test]
fn https_issuer_is_quiet_on_scheme() {
    let d = oidc(
        "https://accounts.google.com",
        &[("OIDC_AUTH_METHOD", "implicit")],
    );
    quiet(&d, "issuer-not-https");
    quiet(&d, "issuer-insecure-loopback");
}

#[test]
fn http_on_loopback_is_a_warning_only() {
    for issuer in [
        "http://localhost:8080/realms/dev",
        "http://127.0.0.5:9000/realms/dev",
        "http://[::1]:8080/realms/dev",
    ] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        let f = one(&d, "issuer-insecure-loopback");
        assert_eq!(f.severity(), Severity::Warning);
        quiet(&d, "issuer-not-https");
        assert!(errors(&d).is_empty(), "{issuer}: {d:#?}");
    }
    // `localhost.example.com` is not loopback.
    let d = oidc(
        "http://localhost.example.com/x",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    one(&d, "issuer-not-https");
    quiet(&d, "issuer-insecure-loopback");
}

#[test]
fn query_or_fragment_fires_with_the_cleaned_issuer() {
    for issuer in [
        "https://dev-120913.okta.com?tenant=acme",
        "https://dev-120913.okta.com#x",
    ] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        let f = one(&d, "issuer-has-query-or-fragment");
        assert_eq!(
            f.help(),
            Some("set OIDC_ISSUER=https://dev-120913.okta.com")
        );
    }
    quiet(
        &oidc(OKTA, &[("OIDC_AUTH_METHOD", "pkce")]),
        "issuer-has-query-or-fragment",
    );
}

#[test]
fn credentials_fire_and_the_password_is_masked_everywhere() {
    let d = oidc(
        "https://admin:hunter2@dev-120913.okta.com",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    let f = one(&d, "issuer-has-credentials");
    assert!(
        f.message()
            .contains("https://admin:***@dev-120913.okta.com"),
        "{}",
        f.message()
    );
    assert!(
        f.help()
            .unwrap()
            .starts_with("set OIDC_ISSUER=https://dev-120913.okta.com")
    );
    for d in &d {
        let json = serde_json::to_string(d).unwrap();
        assert!(!json.contains("hunter2"), "{json}");
    }
    quiet(
        &oidc(OKTA, &[("OIDC_AUTH_METHOD", "pkce")]),
        "issuer-has-credentials",
    );
}

#[test]
fn discovery_url_fires_with_the_issuer_in_the_help() {
    let d = oidc(
        "https://dev-120913.okta.com/.well-known/openid-configuration",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    assert_eq!(
        one(&d, "issuer-is-discovery-url").help(),
        Some("set OIDC_ISSUER=https://dev-120913.okta.com")
    );
    // Auth0: the issuer keeps its `/`, and the trailing-slash rule does not repeat it.
    let d = oidc(
        "https://acme.us.auth0.com/.well-known/openid-configuration",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    assert_eq!(
        one(&d, "issuer-is-discovery-url").help(),
        Some("set OIDC_ISSUER=https://acme.us.auth0.com/")
    );
    quiet(&d, "auth0-issuer-trailing-slash");
    quiet(
        &oidc(OKTA, &[("OIDC_AUTH_METHOD", "pkce")]),
        "issuer-is-discovery-url",
    );
}

// ---------------------------------------------------------------- Cognito

#[test]
fn cognito_without_auth_method_requires_pkce() {
    let d = oidc(COGNITO, &[]);
    let f = one(&d, "cognito-requires-pkce");
    assert_eq!(f.severity(), Severity::Error);
    assert_eq!(f.help(), Some("set OIDC_AUTH_METHOD=pkce"));
    assert_eq!(f.variables(), ["OIDC_ISSUER", "OIDC_AUTH_METHOD"]);
    // Nothing to point at but the issuer.
    assert_eq!(f.source().name(), Some("OIDC_ISSUER"));
    // The info is not repeated next to the error.
    quiet(&d, "auth-method-defaulted");
}

#[test]
fn cognito_with_empty_or_implicit_method_requires_pkce() {
    let d = oidc(COGNITO, &[("OIDC_AUTH_METHOD", "")]);
    let f = one(&d, "cognito-requires-pkce");
    assert_eq!(f.source().name(), Some("OIDC_AUTH_METHOD"));
    assert!(f.message().contains("empty"), "{}", f.message());

    let d = oidc(COGNITO, &[("OIDC_AUTH_METHOD", "implicit")]);
    let f = one(&d, "cognito-requires-pkce");
    assert_eq!(f.source().name(), Some("OIDC_AUTH_METHOD"));

    // The alias actually used is the one to change; the issuer alias is named as spelled.
    let d = findings(&[
        ("GORILLA_OIDC_ISSUER", COGNITO),
        ("GORILLA_OIDC_CLIENT_ID", "wandb-client"),
        ("GORILLA_AUTH_METHOD", "implicit"),
        ("HOST", HOST),
    ]);
    let f = one(&d, "cognito-requires-pkce");
    assert_eq!(f.help(), Some("set GORILLA_AUTH_METHOD=pkce"));
    assert_eq!(
        f.variables(),
        ["GORILLA_OIDC_ISSUER", "GORILLA_AUTH_METHOD"]
    );
}

#[test]
fn cognito_with_pkce_is_quiet_and_loads() {
    let vars = [
        ("OIDC_ISSUER", COGNITO),
        ("OIDC_CLIENT_ID", "wandb-client"),
        ("OIDC_AUTH_METHOD", "pkce"),
        ("HOST", HOST),
    ];
    let config = Config::builder().env_vars(vars).load().expect("loads");
    assert!(config.warnings().is_empty(), "{:#?}", config.warnings());
    let oidc = config.oidc.as_ref().unwrap();
    assert_eq!(oidc.auth_method, AuthMethod::Pkce);
    assert_eq!(
        oidc.provider(),
        IdentityProvider::Cognito {
            region: "eu-west-1".into(),
            pool_id: Some("eu-west-1_ZLiEFD4b6".into())
        }
    );
}

#[test]
fn cognito_requires_pkce_skips_an_unknown_method() {
    // An invalid method is reported by invalid-auth-method, not guessed at.
    let d = oidc(COGNITO, &[("OIDC_AUTH_METHOD", "PKCE")]);
    one(&d, "invalid-auth-method");
    quiet(&d, "cognito-requires-pkce");
}

#[test]
fn cognito_domain_as_issuer_gives_the_pool_issuer_of_its_region() {
    let d = oidc(
        "https://mycorp.auth.us-east-2.amazoncognito.com",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    let f = one(&d, "cognito-domain-as-issuer");
    assert_eq!(f.severity(), Severity::Error);
    assert!(
        f.help().unwrap().starts_with(
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/<user-pool-id>"
        ),
        "{:?}",
        f.help()
    );
    quiet(
        &oidc(COGNITO, &[("OIDC_AUTH_METHOD", "pkce")]),
        "cognito-domain-as-issuer",
    );
}

#[test]
fn cognito_issuer_malformed_fires_on_each_shape() {
    let cases = [
        // Pool id region differs from the host region: the pool's region wins.
        (
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-2_AbC123",
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123",
        ),
        // Trailing slash.
        (
            "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123/",
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123",
        ),
        // Extra segment.
        (
            "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123/extra",
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123",
        ),
        // No pool id.
        (
            "https://cognito-idp.us-east-2.amazonaws.com",
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/<user-pool-id>",
        ),
        // Not a pool id.
        (
            "https://cognito-idp.us-east-2.amazonaws.com/mypool",
            "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/<user-pool-id>",
        ),
    ];
    for (issuer, help) in cases {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        assert_eq!(
            one(&d, "cognito-issuer-malformed").help(),
            Some(help),
            "{issuer}"
        );
    }
    for issuer in [
        COGNITO,
        "https://issuer-cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123",
    ] {
        quiet(
            &oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]),
            "cognito-issuer-malformed",
        );
    }
}

// ---------------------------------------------------------------- Entra

#[test]
fn entra_multitenant_issuers_fire() {
    for (issuer, help) in [
        (
            "https://login.microsoftonline.com/common/v2.0",
            "set OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0",
        ),
        (
            "https://login.microsoftonline.com/organizations/v2.0",
            "set OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0",
        ),
        (
            "https://login.microsoftonline.com/{tenantid}/v2.0",
            "set OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0",
        ),
        (
            "https://login.microsoftonline.com/consumers",
            "set OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>",
        ),
    ] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        let f = one(&d, "entra-multitenant-issuer");
        assert_eq!(f.severity(), Severity::Error);
        assert_eq!(f.help(), Some(help));
    }
    let d = oidc(
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    quiet(&d, "entra-multitenant-issuer");
    assert!(errors(&d).is_empty(), "{d:#?}");
}

#[test]
fn entra_v1_token_issuer_is_an_info_and_loads() {
    let d = oidc(
        "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    let f = one(&d, "entra-v1-token-issuer");
    assert_eq!(f.severity(), Severity::Info);
    assert_eq!(
        f.help(),
        Some(
            "to follow W&B's docs, set OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"
        )
    );
    // A valid v1 issuer: nothing else is said about it.
    assert_eq!(d.len(), 1, "{d:#?}");
    quiet(
        &oidc(
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
            &[("OIDC_AUTH_METHOD", "pkce")],
        ),
        "entra-v1-token-issuer",
    );
}

// ---------------------------------------------------------------- Auth0, Keycloak, Google

#[test]
fn auth0_without_trailing_slash_warns() {
    let d = oidc("https://acme.us.auth0.com", &[("OIDC_AUTH_METHOD", "pkce")]);
    let f = one(&d, "auth0-issuer-trailing-slash");
    assert_eq!(f.severity(), Severity::Warning);
    assert_eq!(f.help(), Some("set OIDC_ISSUER=https://acme.us.auth0.com/"));
    let d = oidc(
        "https://acme.us.auth0.com/",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    quiet(&d, "auth0-issuer-trailing-slash");
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn keycloak_legacy_path_is_an_info() {
    let d = oidc(KEYCLOAK_LEGACY, &[("OIDC_AUTH_METHOD", "pkce")]);
    let f = one(&d, "keycloak-legacy-path");
    assert_eq!(f.severity(), Severity::Info);
    assert!(
        f.help()
            .unwrap()
            .ends_with("OIDC_ISSUER=https://identity.mafiasi.de/realms/simple_openid_test"),
        "{:?}",
        f.help()
    );
    quiet(
        &oidc(
            "https://identity.mafiasi.de/realms/simple_openid_test",
            &[("OIDC_AUTH_METHOD", "pkce")],
        ),
        "keycloak-legacy-path",
    );
}

#[test]
fn google_pkce_without_secret_warns() {
    let d = oidc(
        "https://accounts.google.com",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    let f = one(&d, "google-pkce-needs-secret");
    assert_eq!(f.severity(), Severity::Warning);
    assert_eq!(f.source().name(), Some("OIDC_AUTH_METHOD"));
    assert!(f.help().unwrap().contains("GORILLA_OIDC_SECRET"));
    quiet(
        &oidc(
            "https://accounts.google.com",
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                ("GORILLA_OIDC_SECRET", "s3cr3t-value"),
            ],
        ),
        "google-pkce-needs-secret",
    );
    quiet(
        &oidc(
            "https://accounts.google.com",
            &[("OIDC_AUTH_METHOD", "implicit")],
        ),
        "google-pkce-needs-secret",
    );
}

// ---------------------------------------------------------------- auth method

#[test]
fn auth_method_defaulted_is_an_info() {
    let d = oidc(OKTA, &[]);
    let f = one(&d, "auth-method-defaulted");
    assert_eq!(f.severity(), Severity::Info);
    assert_eq!(f.variables(), ["OIDC_AUTH_METHOD"]);
    // An empty value counts as unset too, and the finding points at it.
    let d = oidc(OKTA, &[("OIDC_AUTH_METHOD", "")]);
    assert_eq!(
        one(&d, "auth-method-defaulted").source().name(),
        Some("OIDC_AUTH_METHOD")
    );
    quiet(
        &oidc(OKTA, &[("OIDC_AUTH_METHOD", "implicit")]),
        "auth-method-defaulted",
    );
    // Not configured: no info.
    quiet(&findings(&[("HOST", HOST)]), "auth-method-defaulted");
}

// ---------------------------------------------------------------- provider, byte-exact issuer

#[test]
fn provider_is_exposed_and_the_issuer_stays_byte_exact() {
    let config = Config::builder()
        .env_vars([
            ("OIDC_ISSUER", OKTA),
            ("OIDC_CLIENT_ID", "x"),
            ("OIDC_AUTH_METHOD", "implicit"),
            ("HOST", HOST),
        ])
        .load()
        .unwrap();
    let oidc = config.oidc.as_ref().unwrap();
    assert_eq!(
        oidc.provider(),
        IdentityProvider::Okta {
            authorization_server: None
        }
    );
    assert_eq!(oidc.provider().to_string(), "Okta");
    // Detection parses a copy: no `/` is added to the issuer.
    assert_eq!(oidc.issuer.as_str(), OKTA);
}

// ---------------------------------------------------------------- real issuers

/// The method a provider supports, judged from its discovery document.
fn supported_method(doc: &serde_json::Value, provider: &IdentityProvider) -> Option<&'static str> {
    let has = |field: &str, v: &str| {
        doc[field]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(v)))
    };
    if provider.is_cognito() {
        return Some("pkce");
    }
    if has("response_types_supported", "code")
        && (has("code_challenge_methods_supported", "S256") || !provider.advertises_s256())
    {
        Some("pkce")
    } else if has("response_types_supported", "id_token")
        && has("response_modes_supported", "form_post")
    {
        Some("implicit")
    } else {
        None
    }
}

#[test]
fn every_https_fixture_issuer_passes_and_the_two_others_fail() {
    let mut checked = 0;
    let mut exceptions = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 10, "fixtures missing: {entries:?}");
    for path in entries {
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let issuer = doc["issuer"].as_str().unwrap().to_owned();
        let provider = IdentityProvider::detect(&issuer);
        let https = issuer.starts_with("https://");
        // The provider's recommended method where it has one, else what its document supports.
        let recommended = provider.recommended_auth_method().map(|m| m.as_str());
        let method = match recommended.or_else(|| supported_method(&doc, &provider)) {
            Some(m) => m,
            None if https => panic!("{}: no method W&B supports", path.display()),
            // The two non-https documents: the issuer fails whatever the method.
            None => "pkce",
        };
        let mut extra = vec![("OIDC_AUTH_METHOD", method)];
        if provider.pkce_needs_secret() && method == "pkce" {
            extra.push(("GORILLA_OIDC_SECRET", "fixture-secret"));
        }
        let d = oidc(&issuer, &extra);
        if issuer.contains("{tenantid}") {
            // The multi-tenant document publishes a placeholder no ID token carries.
            one(&d, "entra-multitenant-issuer");
            exceptions.push(issuer);
        } else if https {
            // Errors and warnings alike: a real issuer with its method draws no finding beyond
            // information.
            let loud: Vec<&Diagnostic> = d
                .iter()
                .filter(|f| f.severity() != Severity::Info)
                .collect();
            assert!(
                loud.is_empty(),
                "{} ({issuer}, {provider}, {method}): {loud:#?}",
                path.display(),
            );
            assert!(
                errors(&d).is_empty(),
                "{} ({issuer}, {provider}, {method}): {:#?}",
                path.display(),
                errors(&d)
            );
            checked += 1;
        } else {
            let f = one(&d, "issuer-not-https");
            assert_eq!(f.severity(), Severity::Error);
            exceptions.push(issuer);
        }
    }
    exceptions.sort();
    assert_eq!(
        exceptions,
        [
            "accounts.google.com",
            "http://docker-rp-1:8080/realms/demorealm",
            "https://login.microsoftonline.com/{tenantid}/v2.0",
        ]
    );
    assert!(checked >= 10, "only {checked} https issuers checked");
}

#[test]
fn fixture_providers_are_recognised() {
    let cases = [
        ("aws-cognito.json", "cognito"),
        ("google.json", "google"),
        ("google-legacy-2015.json", "google"),
        ("keycloak.json", "keycloak"),
        ("keycloak-redpanda.json", "keycloak"),
        ("okta-org.json", "okta"),
        ("okta-custom-as.json", "okta"),
        ("okta-custom-as-redpanda.json", "okta"),
        ("adfs.json", "adfs"),
        ("gitlab.json", "gitlab"),
        ("authentik.json", "authentik"),
        ("entra-organizations.json", "entra"),
        ("ping-federate.json", "generic"),
    ];
    for (file, kind) in cases {
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(format!("{FIXTURES}/{file}")).unwrap()).unwrap();
        let issuer = doc["issuer"].as_str().unwrap();
        assert_eq!(
            IdentityProvider::detect(issuer).kind(),
            kind,
            "{file}: {issuer}"
        );
    }
}

// ---------------------------------------------------------------- command line

#[cfg(feature = "cli")]
mod cli {
    use std::process::{Command, Output};

    use super::{COGNITO, HOST};

    const CODES: &[&str] = &[
        "issuer-not-https",
        "issuer-insecure-loopback",
        "issuer-has-query-or-fragment",
        "issuer-has-credentials",
        "issuer-is-discovery-url",
        "cognito-requires-pkce",
        "cognito-domain-as-issuer",
        "cognito-issuer-malformed",
        "entra-multitenant-issuer",
        "entra-v1-token-issuer",
        "auth0-issuer-trailing-slash",
        "issuer-looks-like-endpoint",
        "issuer-trailing-slash",
        "issuer-missing-trailing-slash",
        "issuer-not-published",
        "okta-admin-domain",
        "provider-requires-pkce",
        "provider-prefers-pkce",
        "entra-secret-id-as-secret",
        "redirect-uri-not-https",
        "host-is-callback-url",
        "groups-scope-rejected",
        "groups-claim-mismatch",
        "ldap-login-disabled",
        "insecure-admin-access",
        "audience-validation-skipped",
        "unresolved-interpolation",
        "session-length-short",
        "client-only-variable",
        "legacy-variable",
        "keycloak-legacy-path",
        "google-pkce-needs-secret",
        "auth-method-defaulted",
    ];

    fn iamconf(args: &[&str], vars: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_iamconf"))
            .args(args)
            .env_clear()
            .envs(vars.iter().copied())
            .output()
            .unwrap()
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    #[test]
    fn cognito_without_method_exits_1_with_the_fix() {
        let o = iamconf(
            &["check"],
            &[
                ("OIDC_ISSUER", COGNITO),
                ("OIDC_CLIENT_ID", "x"),
                ("HOST", HOST),
            ],
        );
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(out.contains("cognito-requires-pkce"), "{out}");
        assert!(out.contains("set OIDC_AUTH_METHOD=pkce"), "{out}");
    }

    #[test]
    fn cognito_with_pkce_exits_0() {
        let o = iamconf(
            &["check"],
            &[
                ("OIDC_ISSUER", COGNITO),
                ("OIDC_CLIENT_ID", "x"),
                ("OIDC_AUTH_METHOD", "pkce"),
                ("HOST", HOST),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    }

    #[test]
    fn cognito_domain_gives_the_pool_issuer_in_json() {
        let o = iamconf(
            &["check", "--format", "json"],
            &[
                (
                    "OIDC_ISSUER",
                    "https://mycorp.auth.us-east-2.amazoncognito.com",
                ),
                ("OIDC_CLIENT_ID", "x"),
                ("OIDC_AUTH_METHOD", "pkce"),
                ("HOST", HOST),
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "cognito-domain-as-issuer")
            .expect("cognito-domain-as-issuer");
        assert!(
            d["help"]
                .as_str()
                .unwrap()
                .contains("https://cognito-idp.us-east-2.amazonaws.com/"),
            "{d}"
        );
    }

    #[test]
    fn allow_suppresses_a_code() {
        let vars = [
            ("OIDC_ISSUER", "https://acme.us.auth0.com"),
            ("OIDC_CLIENT_ID", "x"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("HOST", HOST),
        ];
        let o = iamconf(&["check", "--deny-warnings"], &vars);
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).contains("auth0-issuer-trailing-slash"));
        let o = iamconf(
            &[
                "check",
                "--deny-warnings",
                "--allow",
                "auth0-issuer-trailing-slash",
            ],
            &vars,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        assert!(!stdout(&o).contains("auth0-issuer-trailing-slash"));
    }

    #[test]
    fn explain_works_for_every_code() {
        for code in CODES {
            let o = iamconf(&["explain", code], &[]);
            let out = stdout(&o);
            assert_eq!(o.status.code(), Some(0), "{code}");
            assert!(out.starts_with(code), "{out}");
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(out.contains(section), "{code}: {section}");
            }
        }
    }

    #[test]
    fn show_names_the_provider() {
        let vars = [
            ("OIDC_ISSUER", COGNITO),
            ("OIDC_CLIENT_ID", "x"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("HOST", HOST),
        ];
        let o = iamconf(&["show"], &vars);
        let out = stdout(&o);
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with("provider"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(line.contains("= AWS Cognito"), "{line}");
        let o = iamconf(&["show", "--format", "json"], &vars);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["provider"]["kind"], "cognito");
        assert_eq!(v["provider"]["name"], "AWS Cognito");
        assert_eq!(v["provider"]["region"], "eu-west-1");
    }
}

// ---------------------------------------------------------------- provenance

#[test]
fn findings_point_at_the_file_and_line_of_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("wandb.env");
    std::fs::write(
        &env,
        "OIDC_ISSUER=https://mycorp.auth.us-east-2.amazoncognito.com\nOIDC_CLIENT_ID=x\nGORILLA_AUTH_METHOD=implicit\nHOST=https://wandb.example.com\n",
    )
    .unwrap();
    let report = Config::builder().env_file(&env).load().unwrap_err();
    let d = report.diagnostics();
    let domain = one(d, "cognito-domain-as-issuer");
    assert_eq!(domain.source().kind(), SourceKind::EnvFile);
    assert_eq!(domain.source().path(), Some(env.as_path()));
    assert_eq!(domain.source().line(), Some(1));
    let pkce = one(d, "cognito-requires-pkce");
    assert_eq!(pkce.source().line(), Some(3));
    assert_eq!(pkce.help(), Some("set GORILLA_AUTH_METHOD=pkce"));

    let toml = dir.path().join("iamconf.toml");
    std::fs::write(
        &toml,
        "[oidc]\nissuer = \"https://acme.us.auth0.com\"\nclient_id = \"x\"\nauth_method = \"pkce\"\n\n[server]\nhost = \"https://wandb.example.com\"\n",
    )
    .unwrap();
    let config = Config::builder().file(&toml).load().unwrap();
    let slash = one(config.warnings(), "auth0-issuer-trailing-slash");
    assert_eq!(slash.source().kind(), SourceKind::ConfigFile);
    assert_eq!(slash.source().line(), Some(2));
}

#[test]
fn rules_skip_an_empty_issuer() {
    // Empty: counts as unset; oidc-incomplete's business, not the shape rules'.
    let d = findings(&[("OIDC_ISSUER", ""), ("OIDC_CLIENT_ID", "x"), ("HOST", HOST)]);
    for code in [
        "issuer-not-https",
        "cognito-requires-pkce",
        "auth-method-defaulted",
    ] {
        quiet(&d, code);
    }
}
