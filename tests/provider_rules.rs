//! The identity-provider catalogue of 2026-12-02: every recognised provider's real issuer stays
//! quiet with its recommended method, and each new rule fires on its lock-out with the exact
//! change in its help.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod findings;

use findings::{findings, oidc, one, quiet};
use iamconf::{Diagnostic, IdentityProvider, Severity};

const TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// Findings above info.
fn loud(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity() != Severity::Info)
        .collect()
}

/// A rule fires once, at this severity, with this help.
#[track_caller]
fn fires(diags: &[Diagnostic], code: &str, severity: Severity, help: &str) {
    let d = one(diags, code);
    assert_eq!(d.severity(), severity, "{d:#?}");
    assert_eq!(d.help(), Some(help), "{d:#?}");
}

// ---------------------------------------------------------------- real issuers stay quiet

/// Real issuers of every recognised provider, with the kind detected and the method to use.
const REAL: &[(&str, &str, &str)] = &[
    ("https://acme.okta.com/oauth2/default", "okta", "implicit"),
    ("https://acme.okta.com/oauth2/default", "okta", "pkce"),
    ("https://acme.okta.com", "okta", "pkce"),
    (
        "https://dev-265911.oktapreview.com/oauth2/aus1a2b3c4",
        "okta",
        "pkce",
    ),
    ("https://acme.okta-emea.com", "okta", "implicit"),
    ("https://acme.auth0.com/", "auth0", "implicit"),
    ("https://acme.us.auth0.com/", "auth0", "pkce"),
    (
        "https://sso.example.com/realms/wandb",
        "keycloak",
        "implicit",
    ),
    ("https://sso.example.com/realms/wandb", "keycloak", "pkce"),
    (
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        "entra",
        "pkce",
    ),
    (
        "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
        "entra-token-issuer",
        "pkce",
    ),
    ("https://accounts.google.com", "google", "pkce"),
    (
        "https://auth.example.com/application/o/wandb/",
        "authentik",
        "implicit",
    ),
    (
        "https://auth.example.com/application/o/wandb/",
        "authentik",
        "pkce",
    ),
    ("https://gitlab.com", "gitlab", "pkce"),
    ("https://gitlab.example.com", "gitlab", "pkce"),
    (
        "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz",
        "cognito",
        "pkce",
    ),
    (
        "https://issuer-cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz",
        "cognito",
        "pkce",
    ),
    ("https://acme-x1y2z3.zitadel.cloud", "zitadel", "pkce"),
    ("https://oauth.id.jumpcloud.com/", "jumpcloud", "implicit"),
    ("https://oauth.id.jumpcloud.com/", "jumpcloud", "pkce"),
    ("https://acme.onelogin.com/oidc/2", "onelogin", "pkce"),
    (
        "https://auth.pingone.com/0a7f4c2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b/as",
        "ping",
        "pkce",
    ),
    ("https://sso.example.com:9031", "generic", "pkce"),
    ("https://adfs.example.com/adfs", "adfs", "pkce"),
    ("https://dex.example.com", "dex", "pkce"),
    ("https://example.com/dex", "dex", "pkce"),
    (
        "https://9188040d-6c67-4c5b-b112-36a304b66dad.ciamlogin.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        "entra-external-id",
        "pkce",
    ),
    (
        "https://acme.b2clogin.com/tfp/9188040d-6c67-4c5b-b112-36a304b66dad/B2C_1_signin/v2.0/",
        "azure-b2c",
        "pkce",
    ),
    ("https://idp.example.com", "generic", "implicit"),
    ("https://idp.example.com/oauth2", "generic", "pkce"),
    // WSO2 Identity Server publishes its token endpoint as the issuer.
    (
        "https://is.example.com:9443/oauth2/token",
        "generic",
        "pkce",
    ),
    // ForgeRock AM realms are not Keycloak realms.
    (
        "https://am.example.com/am/oauth2/realms/root/realms/alpha",
        "generic",
        "implicit",
    ),
];

#[test]
fn real_issuers_with_their_method_draw_no_error_or_warning() {
    for (issuer, kind, method) in REAL {
        let provider = IdentityProvider::detect(issuer);
        assert_eq!(provider.kind(), *kind, "{issuer}");
        if let Some(m) = provider.recommended_auth_method() {
            assert_eq!(m.as_str(), *method, "{issuer}: recommended");
        }
        let mut extra = vec![("OIDC_AUTH_METHOD", *method)];
        if provider.pkce_needs_secret() {
            extra.push(("GORILLA_OIDC_SECRET", "a-real-looking-secret-value"));
        }
        let d = oidc(issuer, &extra);
        assert!(loud(&d).is_empty(), "{issuer} ({method}): {d:#?}");
    }
}

#[test]
fn a_defaulted_method_names_the_one_to_use() {
    let d = oidc(
        "https://accounts.google.com",
        &[("GORILLA_OIDC_SECRET", "s")],
    );
    let f = one(&d, "auth-method-defaulted");
    assert_eq!(f.severity(), Severity::Info);
    assert_eq!(
        f.help(),
        Some("set OIDC_AUTH_METHOD=pkce, the method to use with Google")
    );
    quiet(
        &oidc(
            "https://accounts.google.com",
            &[("OIDC_AUTH_METHOD", "pkce"), ("GORILLA_OIDC_SECRET", "s")],
        ),
        "auth-method-defaulted",
    );
}

#[test]
fn recognised_providers_serialise_with_their_kind() {
    let p = IdentityProvider::detect("https://auth.example.com/application/o/wandb/");
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["kind"], "authentik");
    assert_eq!(json["name"], "Authentik");
    assert_eq!(json["slug"], "wandb");
    let json = serde_json::to_value(IdentityProvider::detect(
        "https://acme.b2clogin.com/acme.onmicrosoft.com/B2C_1_x/v2.0/",
    ))
    .unwrap();
    assert_eq!(json["kind"], "azure-b2c");
    assert_eq!(json["tfp"], false);
}

// ---------------------------------------------------------------- issuer shape

#[test]
fn issuer_looks_like_endpoint_gives_the_issuer() {
    let cases = [
        (
            "https://sso.example.com/realms/wandb/protocol/openid-connect/auth",
            "set OIDC_ISSUER=https://sso.example.com/realms/wandb",
        ),
        (
            "https://acme.okta.com/oauth2/default/v1/authorize",
            "set OIDC_ISSUER=https://acme.okta.com/oauth2/default",
        ),
        (
            "https://acme.okta.com/oauth2/v1/token",
            "set OIDC_ISSUER=https://acme.okta.com",
        ),
        (
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/oauth2/v2.0/authorize",
            "set OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        ),
        (
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/discovery/v2.0/keys",
            "set OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        ),
        (
            "https://acme.us.auth0.com/authorize",
            "set OIDC_ISSUER=https://acme.us.auth0.com/",
        ),
        (
            "https://accounts.google.com/o/oauth2/v2/auth",
            "set OIDC_ISSUER=https://accounts.google.com",
        ),
        (
            "https://sso.example.com:9031/as/authorization.oauth2",
            "set OIDC_ISSUER=https://sso.example.com:9031",
        ),
        (
            "https://auth.pingone.com/0a7f4c2e/as/authorize",
            "set OIDC_ISSUER=https://auth.pingone.com/0a7f4c2e/as",
        ),
        (
            "https://oauth.id.jumpcloud.com/oauth2/auth",
            "set OIDC_ISSUER=https://oauth.id.jumpcloud.com/",
        ),
        (
            "https://gitlab.com/oauth/authorize",
            "set OIDC_ISSUER=https://gitlab.com",
        ),
        (
            "https://acme-x1.zitadel.cloud/oauth/v2/authorize",
            "set OIDC_ISSUER=https://acme-x1.zitadel.cloud",
        ),
        (
            "https://auth.example.com/application/o/authorize/",
            "set OIDC_ISSUER=https://auth.example.com/application/o/<application-slug>/ (the issuer of the Authentik application's provider)",
        ),
        (
            "https://idp.example.com/connect/authorize",
            "set OIDC_ISSUER=https://idp.example.com",
        ),
    ];
    for (issuer, help) in cases {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        fires(&d, "issuer-looks-like-endpoint", Severity::Error, help);
        // One finding about the issuer, not several.
        quiet(&d, "issuer-not-published");
        quiet(&d, "issuer-trailing-slash");
    }
    // Realm and slug names that look like endpoints are not endpoints.
    for issuer in [
        "https://sso.example.com/realms/token",
        "https://auth.example.com/application/o/keys/",
    ] {
        quiet(
            &oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]),
            "issuer-looks-like-endpoint",
        );
    }
}

#[test]
fn issuer_trailing_slash_per_provider() {
    for (issuer, fixed) in [
        (
            "https://acme.okta.com/oauth2/default/",
            "https://acme.okta.com/oauth2/default",
        ),
        ("https://acme.okta.com/", "https://acme.okta.com"),
        (
            "https://accounts.google.com/",
            "https://accounts.google.com",
        ),
        (
            "https://sso.example.com/realms/wandb/",
            "https://sso.example.com/realms/wandb",
        ),
        ("https://gitlab.com/", "https://gitlab.com"),
        (
            "https://acme-x1.zitadel.cloud/",
            "https://acme-x1.zitadel.cloud",
        ),
        (
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0/",
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        ),
        (
            "https://adfs.example.com/adfs/",
            "https://adfs.example.com/adfs",
        ),
    ] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        fires(
            &d,
            "issuer-trailing-slash",
            Severity::Error,
            &format!("set OIDC_ISSUER={fixed}"),
        );
        quiet(
            &oidc(fixed, &[("OIDC_AUTH_METHOD", "pkce")]),
            "issuer-trailing-slash",
        );
    }
    // A generic provider may publish either: not judged.
    quiet(
        &oidc("https://idp.example.com/", &[("OIDC_AUTH_METHOD", "pkce")]),
        "issuer-trailing-slash",
    );
    // Cognito: both its own rule and the general one.
    let d = oidc(
        "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz/",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    one(&d, "cognito-issuer-malformed");
    fires(
        &d,
        "issuer-trailing-slash",
        Severity::Error,
        "set OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz",
    );
}

#[test]
fn issuer_missing_trailing_slash_per_provider() {
    for (issuer, fixed) in [
        (
            "https://auth.example.com/application/o/wandb",
            "https://auth.example.com/application/o/wandb/",
        ),
        (
            "https://oauth.id.jumpcloud.com",
            "https://oauth.id.jumpcloud.com/",
        ),
        (
            "https://acme.b2clogin.com/tfp/9188040d-6c67-4c5b-b112-36a304b66dad/B2C_1_signin/v2.0",
            "https://acme.b2clogin.com/tfp/9188040d-6c67-4c5b-b112-36a304b66dad/B2C_1_signin/v2.0/",
        ),
        (
            "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad",
            "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
        ),
    ] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        fires(
            &d,
            "issuer-missing-trailing-slash",
            Severity::Error,
            &format!("set OIDC_ISSUER={fixed}"),
        );
        quiet(
            &oidc(fixed, &[("OIDC_AUTH_METHOD", "pkce")]),
            "issuer-missing-trailing-slash",
        );
    }
    // Auth0 keeps auth0-issuer-trailing-slash.
    let d = oidc("https://acme.auth0.com", &[("OIDC_AUTH_METHOD", "pkce")]);
    quiet(&d, "issuer-missing-trailing-slash");
    one(&d, "auth0-issuer-trailing-slash");
}

#[test]
fn issuer_not_published_gives_the_matching_form() {
    let v2 = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    let cases = [
        (
            format!("https://login.microsoftonline.com/{TENANT}"),
            format!("set OIDC_ISSUER={v2} (the v2.0 issuer W&B documents; the v1 issuer that matches is https://sts.windows.net/{TENANT}/)"),
        ),
        (
            format!("https://login.windows.net/{TENANT}"),
            format!("set OIDC_ISSUER={v2} (the v2.0 issuer W&B documents; the v1 issuer that matches is https://sts.windows.net/{TENANT}/)"),
        ),
        (
            format!("https://login.windows.net/{TENANT}/v2.0"),
            format!("set OIDC_ISSUER={v2}"),
        ),
        (
            format!("https://sts.windows.net/{TENANT}/v2.0"),
            format!("set OIDC_ISSUER={v2}"),
        ),
        (
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0".to_owned(),
            "set OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0 with the Directory (tenant) ID of the app registration".to_owned(),
        ),
        (
            "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0/".to_owned(),
            "set the user flow's issuer format to `tfp` (Properties > Token compatibility settings) and OIDC_ISSUER=https://contoso.b2clogin.com/tfp/<tenant-id>/B2C_1_signin/v2.0/".to_owned(),
        ),
        (
            "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0".to_owned(),
            "set OIDC_ISSUER=https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0 with the Directory (tenant) ID".to_owned(),
        ),
        (
            "https://acme.onelogin.com/oidc".to_owned(),
            "set OIDC_ISSUER=https://acme.onelogin.com/oidc/2".to_owned(),
        ),
    ];
    for (issuer, help) in &cases {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]);
        fires(&d, "issuer-not-published", Severity::Error, help);
        quiet(&d, "entra-multitenant-issuer");
    }
    let d = oidc(
        "https://idcs-0123456789abcdef.identity.oraclecloud.com",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    assert_eq!(one(&d, "issuer-not-published").severity(), Severity::Error);
    // The forms that match stay quiet; multi-tenant endpoints keep their own rule.
    for issuer in [
        v2.clone(),
        format!("https://sts.windows.net/{TENANT}/"),
        "https://openid-connect.onelogin.com/oidc".to_owned(),
    ] {
        quiet(
            &oidc(&issuer, &[("OIDC_AUTH_METHOD", "pkce")]),
            "issuer-not-published",
        );
    }
    let d = oidc(
        "https://login.microsoftonline.com/common/v2.0",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    quiet(&d, "issuer-not-published");
    one(&d, "entra-multitenant-issuer");
}

#[test]
fn okta_admin_domain() {
    let d = oidc(
        "https://acme-admin.okta.com/oauth2/default",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    fires(
        &d,
        "okta-admin-domain",
        Severity::Error,
        "set OIDC_ISSUER=https://acme.okta.com/oauth2/default",
    );
    let d = oidc(
        "https://dev-1-admin.oktapreview.com",
        &[("OIDC_AUTH_METHOD", "pkce")],
    );
    fires(
        &d,
        "okta-admin-domain",
        Severity::Error,
        "set OIDC_ISSUER=https://dev-1.oktapreview.com",
    );
    quiet(
        &oidc(
            "https://acme.okta.com/oauth2/default",
            &[("OIDC_AUTH_METHOD", "pkce")],
        ),
        "okta-admin-domain",
    );
}

// ---------------------------------------------------------------- flows

#[test]
fn provider_requires_pkce_for_gitlab_and_dex() {
    for issuer in ["https://gitlab.com", "https://dex.example.com"] {
        // Defaulted, empty and explicit implicit all lock everyone out.
        for extra in [
            vec![],
            vec![("OIDC_AUTH_METHOD", "")],
            vec![("OIDC_AUTH_METHOD", "implicit")],
        ] {
            let d = oidc(issuer, &extra);
            fires(
                &d,
                "provider-requires-pkce",
                Severity::Error,
                "set OIDC_AUTH_METHOD=pkce",
            );
            quiet(&d, "auth-method-defaulted");
        }
        quiet(
            &oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]),
            "provider-requires-pkce",
        );
        // A method from a Secret is not guessed at.
        quiet(
            &oidc(issuer, &[("GORILLA_AUTH_METHOD", "pkce")]),
            "provider-requires-pkce",
        );
    }
}

#[test]
fn provider_prefers_pkce_for_entra_and_zitadel() {
    let entra = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    for issuer in [entra.as_str(), "https://acme-x1.zitadel.cloud"] {
        let d = oidc(issuer, &[("OIDC_AUTH_METHOD", "implicit")]);
        fires(
            &d,
            "provider-prefers-pkce",
            Severity::Warning,
            "set OIDC_AUTH_METHOD=pkce",
        );
        let d = oidc(issuer, &[]);
        one(&d, "provider-prefers-pkce");
        quiet(
            &oidc(issuer, &[("OIDC_AUTH_METHOD", "pkce")]),
            "provider-prefers-pkce",
        );
    }
    // Okta supports both: quiet.
    quiet(
        &oidc("https://acme.okta.com", &[("OIDC_AUTH_METHOD", "implicit")]),
        "provider-prefers-pkce",
    );
}

// ---------------------------------------------------------------- client registration

#[test]
fn entra_secret_id_as_secret() {
    let entra = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    let d = oidc(
        &entra,
        &[
            ("OIDC_AUTH_METHOD", "pkce"),
            (
                "GORILLA_OIDC_SECRET",
                "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            ),
        ],
    );
    fires(
        &d,
        "entra-secret-id-as-secret",
        Severity::Warning,
        "create a new client secret, copy its Value (not the Secret ID) and set GORILLA_OIDC_SECRET to it",
    );
    assert!(
        !format!("{d:?}").contains("3f2504e0"),
        "the secret is never shown"
    );
    // A real secret value (Entra's are 40 characters with `~`), and a GUID for Okta: quiet.
    quiet(
        &oidc(
            &entra,
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                (
                    "GORILLA_OIDC_SECRET",
                    "Abc8Q~x1y2z3w4v5u6t7s8r9q0p1o2n3m4l5k6j7",
                ),
            ],
        ),
        "entra-secret-id-as-secret",
    );
    quiet(
        &oidc(
            "https://acme.okta.com",
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                (
                    "GORILLA_OIDC_SECRET",
                    "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                ),
            ],
        ),
        "entra-secret-id-as-secret",
    );
}

#[test]
fn redirect_uri_not_https() {
    let vars = |host: &'static str, issuer: &'static str| {
        findings(&[
            ("OIDC_ISSUER", issuer),
            ("OIDC_CLIENT_ID", "c"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_SECRET", "s"),
            ("HOST", host),
        ])
    };
    let d = vars("http://wandb.example.com", "https://accounts.google.com");
    fires(
        &d,
        "redirect-uri-not-https",
        Severity::Warning,
        "serve W&B over TLS and set HOST=https://wandb.example.com",
    );
    one(
        &vars("http://wandb.example.com", "https://acme.okta.com"),
        "redirect-uri-not-https",
    );
    // Loopback, https, and providers that accept http: quiet.
    quiet(
        &vars("http://localhost:8080", "https://accounts.google.com"),
        "redirect-uri-not-https",
    );
    quiet(
        &vars("https://wandb.example.com", "https://accounts.google.com"),
        "redirect-uri-not-https",
    );
    quiet(
        &vars(
            "http://wandb.example.com",
            "https://sso.example.com/realms/w",
        ),
        "redirect-uri-not-https",
    );
}

#[test]
fn host_is_callback_url() {
    for host in [
        "https://wandb.example.com/oidc/callback",
        "https://wandb.example.com/oidc/callback/",
        "https://wandb.example.com/logout",
    ] {
        let d = findings(&[("HOST", host)]);
        fires(
            &d,
            "host-is-callback-url",
            Severity::Error,
            "set HOST=https://wandb.example.com",
        );
    }
    quiet(
        &findings(&[("HOST", "https://wandb.example.com/wandb")]),
        "host-is-callback-url",
    );
}

// ---------------------------------------------------------------- groups and scopes

#[test]
fn groups_scope_rejected_by_cognito() {
    let cognito = "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz";
    let d = oidc(
        cognito,
        &[
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_CUSTOM_SCOPES", "groups"),
        ],
    );
    fires(
        &d,
        "groups-scope-rejected",
        Severity::Error,
        "remove GORILLA_OIDC_CUSTOM_SCOPES",
    );
    let d = oidc(
        cognito,
        &[
            ("OIDC_AUTH_METHOD", "pkce"),
            (
                "GORILLA_OIDC_CUSTOM_SCOPES",
                "groups aws.cognito.signin.user.admin",
            ),
        ],
    );
    fires(
        &d,
        "groups-scope-rejected",
        Severity::Error,
        "set GORILLA_OIDC_CUSTOM_SCOPES=aws.cognito.signin.user.admin",
    );
    quiet(
        &oidc(
            "https://acme.okta.com",
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                ("GORILLA_OIDC_CUSTOM_SCOPES", "groups"),
            ],
        ),
        "groups-scope-rejected",
    );
    quiet(
        &oidc(cognito, &[("OIDC_AUTH_METHOD", "pkce")]),
        "groups-scope-rejected",
    );
}

#[test]
fn groups_claim_mismatch_per_provider() {
    let entra = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    for (issuer, severity) in [
        (
            "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz",
            Severity::Warning,
        ),
        (entra.as_str(), Severity::Warning),
        ("https://sso.example.com/realms/wandb", Severity::Warning),
        ("https://accounts.google.com", Severity::Warning),
        ("https://acme.okta.com/oauth2/default", Severity::Info),
    ] {
        let d = oidc(
            issuer,
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                ("GORILLA_OIDC_SECRET", "s"),
                ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ],
        );
        let f = one(&d, "groups-claim-mismatch");
        assert_eq!(f.severity(), severity, "{issuer}");
        quiet(
            &oidc(
                issuer,
                &[
                    ("OIDC_AUTH_METHOD", "pkce"),
                    ("GORILLA_OIDC_SECRET", "s"),
                    ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "false"),
                ],
            ),
            "groups-claim-mismatch",
        );
    }
    // Providers that emit names in `groups` (Authentik, Auth0 with an action): quiet.
    quiet(
        &oidc(
            "https://auth.example.com/application/o/wandb/",
            &[
                ("OIDC_AUTH_METHOD", "pkce"),
                ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ],
        ),
        "groups-claim-mismatch",
    );
}
