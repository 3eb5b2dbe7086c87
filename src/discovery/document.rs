//! Checks of a parsed discovery document against the configuration: pure, no network.

use serde_json::Value as Json;

use crate::input::source::Source;
use crate::model::secret::redact_url;
use crate::model::url_text::difference;
use crate::model::value::AuthMethod;
use crate::report::diagnostic::{Diagnostic, Severity};
use crate::rules::discovery::{
    DISCOVERY_INSECURE_ENDPOINT, DISCOVERY_ISSUER_MISMATCH, DISCOVERY_MISSING_SCOPES,
    DISCOVERY_NO_CODE, DISCOVERY_NO_FORM_POST, DISCOVERY_NO_ID_TOKEN, DISCOVERY_NO_S256,
    DISCOVERY_NO_SUPPORTED_ALG, DISCOVERY_PUBLIC_CLIENT_UNSUPPORTED,
    DISCOVERY_SECRET_METHOD_UNSUPPORTED,
};

/// What the document is checked against.
#[derive(Debug, Clone)]
pub(crate) struct Expected<'a> {
    /// The configured issuer, byte-exact (may hold userinfo: never shown unredacted).
    pub(crate) issuer: &'a str,
    /// The issuer variable as spelled in the input (`OIDC_ISSUER`, `GORILLA_OIDC_ISSUER`).
    pub(crate) issuer_var: &'a str,
    /// The auth method in effect (defaulted to implicit).
    pub(crate) method: AuthMethod,
    /// The auth method variable as spelled in the input.
    pub(crate) method_var: &'a str,
    /// Whether a client secret is configured.
    pub(crate) secret_set: bool,
    /// The client secret variable as spelled in the input (or its canonical name).
    pub(crate) secret_var: &'a str,
    /// The source of the findings (the URL fetched, redacted).
    pub(crate) source: Source,
}

/// The strings of a JSON array field; `None` when the field is absent or not an array.
fn strings<'d>(doc: &'d Json, field: &str) -> Option<Vec<&'d str>> {
    doc.get(field)?
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_str).collect())
}

/// Shows a string list as JSON-like text for messages.
fn shown_list(list: Option<&[&str]>) -> String {
    match list {
        None => "absent".to_owned(),
        Some(l) => format!(
            "[{}]",
            l.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Checks a parsed discovery document against what is configured. Returns every finding.
pub(crate) fn check_document(doc: &Json, expected: &Expected<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = &expected.source;
    let issuer_vars = [expected.issuer_var];
    let method_vars = [expected.issuer_var, expected.method_var];
    let configured = redact_url(expected.issuer);

    // Issuer: byte-identical.
    match doc.get("issuer").and_then(Json::as_str) {
        Some(found) if found == expected.issuer => {}
        Some(found) => {
            let found = redact_url(found);
            out.push(DISCOVERY_ISSUER_MISMATCH.diag(
                source,
                &issuer_vars,
                format!(
                    "the provider's issuer is {found:?}, not the configured {configured:?}: every login would fail the issuer check"
                ),
                format!(
                    "configured: {configured:?}  document: {found:?}  (differs: {}); set {} to {found:?} exactly",
                    difference(&configured, &found),
                    expected.issuer_var
                ),
            ));
        }
        None => out.push(DISCOVERY_ISSUER_MISMATCH.diag(
            source,
            &issuer_vars,
            format!(
                "the discovery document has no `issuer` string, so it cannot match the configured {configured:?}"
            ),
            format!(
                "configured: {configured:?}  document: (none); check that {} points at the OpenID provider itself",
                expected.issuer_var
            ),
        )),
    }

    let response_types = strings(doc, "response_types_supported");
    let has_type = |t: &str| response_types.as_ref().is_some_and(|l| l.contains(&t));
    let method = expected.method;
    match method {
        AuthMethod::Implicit => {
            let modes = strings(doc, "response_modes_supported");
            if !modes.as_ref().is_some_and(|l| l.contains(&"form_post")) {
                let why = if modes.is_none() {
                    "`response_modes_supported` is absent, which means only query and fragment"
                        .to_owned()
                } else {
                    format!(
                        "`response_modes_supported` is {}",
                        shown_list(modes.as_deref())
                    )
                };
                out.push(DISCOVERY_NO_FORM_POST.diag(
                    source,
                    &method_vars,
                    format!(
                        "auth method `implicit` needs the response mode `form_post`, but {why}"
                    ),
                    format!("set {}=pkce", expected.method_var),
                ));
            }
            if !has_type("id_token") {
                out.push(DISCOVERY_NO_ID_TOKEN.diag(
                    source,
                    &method_vars,
                    format!(
                        "auth method `implicit` needs the response type `id_token`, but `response_types_supported` is {}",
                        shown_list(response_types.as_deref())
                    ),
                    format!("set {}=pkce", expected.method_var),
                ));
            }
        }
        AuthMethod::Pkce => {
            if !has_type("code") {
                out.push(DISCOVERY_NO_CODE.diag(
                    source,
                    &method_vars,
                    format!(
                        "auth method `pkce` needs the response type `code`, but `response_types_supported` is {}",
                        shown_list(response_types.as_deref())
                    ),
                    "enable the authorization code flow for the W&B application at the provider",
                ));
            }
            let methods = strings(doc, "code_challenge_methods_supported");
            match methods {
                Some(ref l) if l.contains(&"S256") => {}
                Some(ref l) => out.push(DISCOVERY_NO_S256.diag(
                    source,
                    &method_vars,
                    format!(
                        "auth method `pkce` sends an S256 code challenge, but `code_challenge_methods_supported` is {}",
                        shown_list(Some(l))
                    ),
                    "enable PKCE with S256 for the W&B application at the provider",
                )),
                None => {
                    let provider = crate::model::provider::detect(expected.issuer);
                    let mut d = DISCOVERY_NO_S256.diag(
                        source,
                        &method_vars,
                        "auth method `pkce` sends an S256 code challenge, but the document has no `code_challenge_methods_supported`",
                        "enable PKCE with S256 for the W&B application at the provider",
                    );
                    if !provider.advertises_s256() {
                        d.severity = Severity::Warning;
                        d.help = Some(format!(
                            "{provider} supports S256 without advertising it; make sure PKCE is allowed for the W&B application"
                        ));
                    }
                    out.push(d);
                }
            }
        }
    }

    // Scopes W&B requests.
    if let Some(scopes) = strings(doc, "scopes_supported") {
        let missing: Vec<&str> = ["openid", "profile", "email"]
            .into_iter()
            .filter(|s| !scopes.contains(s))
            .collect();
        if !missing.is_empty() {
            out.push(DISCOVERY_MISSING_SCOPES.diag(
                source,
                &issuer_vars,
                format!(
                    "W&B requests `openid profile email`, but `scopes_supported` lacks {}",
                    missing
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "enable these scopes for the W&B application at the provider",
            ));
        }
    }

    // W&B verifies RS256 and ES256 signatures.
    if let Some(algs) = strings(doc, "id_token_signing_alg_values_supported")
        && !algs.iter().any(|a| matches!(*a, "RS256" | "ES256"))
    {
        out.push(DISCOVERY_NO_SUPPORTED_ALG.diag(
            source,
            &issuer_vars,
            format!(
                "W&B verifies ID tokens signed with RS256 or ES256, but `id_token_signing_alg_values_supported` is {}",
                shown_list(Some(&algs))
            ),
            "configure the W&B application at the provider to sign ID tokens with RS256 (or ES256)",
        ));
    }

    // Client authentication at the token endpoint: only the code flow calls it.
    if method == AuthMethod::Pkce
        && let Some(auth_methods) = strings(doc, "token_endpoint_auth_methods_supported")
    {
        let shown = shown_list(Some(&auth_methods));
        if !expected.secret_set && !auth_methods.contains(&"none") {
            out.push(DISCOVERY_PUBLIC_CLIENT_UNSUPPORTED.diag(
                source,
                &[expected.issuer_var, expected.method_var],
                format!(
                    "no client secret is set, so the code exchange is a public client's, but `token_endpoint_auth_methods_supported` is {shown} (no `none`)"
                ),
                format!(
                    "set {} to the client secret value, or register the W&B application as a public client (`check --probe` asks the token endpoint)",
                    expected.secret_var
                ),
            ));
        }
        if expected.secret_set
            && !auth_methods
                .iter()
                .any(|m| matches!(*m, "client_secret_basic" | "client_secret_post"))
        {
            out.push(DISCOVERY_SECRET_METHOD_UNSUPPORTED.diag(
                source,
                &[expected.issuer_var, expected.secret_var],
                format!(
                    "a client secret is set, but `token_endpoint_auth_methods_supported` is {shown}: neither `client_secret_basic` nor `client_secret_post`"
                ),
                "allow client_secret_basic or client_secret_post for the W&B application at the provider, or make it a public client and remove the secret",
            ));
        }
    }

    // Endpoints must stay on https when the issuer is.
    if expected
        .issuer
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        for field in ["authorization_endpoint", "token_endpoint", "jwks_uri"] {
            let Some(endpoint) = doc.get(field).and_then(Json::as_str) else {
                continue;
            };
            let secure = endpoint
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
            if !secure {
                out.push(DISCOVERY_INSECURE_ENDPOINT.diag(
                    source,
                    &issuer_vars,
                    format!(
                        "`{field}` is {:?}, not https, while the issuer is https",
                        redact_url(endpoint)
                    ),
                    "configure the provider with its public https URL (frontend URL, or X-Forwarded-Proto from the proxy)",
                ));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/discovery");

    fn load(name: &str) -> Json {
        let text = std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn run(doc: &Json, issuer: &str, method: AuthMethod) -> Vec<Diagnostic> {
        check_document(
            doc,
            &Expected {
                issuer,
                issuer_var: "OIDC_ISSUER",
                method,
                method_var: "OIDC_AUTH_METHOD",
                // Every provider below takes a secret; public clients are judged on their own.
                secret_set: true,
                secret_var: "GORILLA_OIDC_SECRET",
                source: Source::discovery("https://x/.well-known/openid-configuration"),
            },
        )
    }

    fn run_with_secret(doc: &Json, method: AuthMethod, secret_set: bool) -> Vec<Diagnostic> {
        let issuer = doc["issuer"].as_str().unwrap_or_default().to_owned();
        check_document(
            doc,
            &Expected {
                issuer: &issuer,
                issuer_var: "OIDC_ISSUER",
                method,
                method_var: "OIDC_AUTH_METHOD",
                secret_set,
                secret_var: "GORILLA_OIDC_SECRET",
                source: Source::discovery("https://x/.well-known/openid-configuration"),
            },
        )
    }

    fn codes(d: &[Diagnostic], sev: Severity) -> Vec<&'static str> {
        let mut c: Vec<_> = d
            .iter()
            .filter(|d| d.severity == sev)
            .map(|d| d.code)
            .collect();
        c.sort_unstable();
        c
    }

    /// Each real document, with its own issuer and the provider's supported method: what is
    /// expected (errors, warnings).
    #[test]
    fn every_fixture_with_its_supported_method() {
        use AuthMethod::{Implicit, Pkce};
        // (file, method the provider supports, expected errors, expected warnings)
        let cases: &[(&str, AuthMethod, &[&str], &[&str])] = &[
            ("adfs.json", Implicit, &[], &[]),
            ("authentik.json", Implicit, &[], &[]),
            ("authentik.json", Pkce, &[], &[]),
            // Cognito supports S256 but does not advertise it: a warning, not an error.
            ("aws-cognito.json", Pkce, &[], &["discovery-no-s256"]),
            // Entra supports S256 without advertising it.
            (
                "entra-organizations.json",
                Pkce,
                &[],
                &["discovery-no-s256"],
            ),
            ("gitlab.json", Pkce, &[], &[]),
            ("google-pysoc.json", Pkce, &[], &[]),
            ("google.json", Pkce, &[], &[]),
            ("keycloak-redpanda.json", Implicit, &[], &[]),
            ("keycloak-redpanda.json", Pkce, &[], &[]),
            ("keycloak.json", Implicit, &[], &[]),
            ("keycloak.json", Pkce, &[], &[]),
            ("okta-custom-as-redpanda.json", Implicit, &[], &[]),
            ("okta-custom-as-redpanda.json", Pkce, &[], &[]),
            ("okta-custom-as.json", Implicit, &[], &[]),
            ("okta-custom-as.json", Pkce, &[], &[]),
            ("okta-org.json", Implicit, &[], &[]),
            ("okta-org.json", Pkce, &[], &[]),
            ("ping-federate.json", Implicit, &[], &[]),
            // The unsupported combinations.
            (
                "aws-cognito.json",
                Implicit,
                &["discovery-no-form-post", "discovery-no-id-token"],
                &[],
            ),
            ("google.json", Implicit, &["discovery-no-form-post"], &[]),
            ("gitlab.json", Implicit, &["discovery-no-id-token"], &[]),
            // PingFederate's document does not advertise S256 (and it is not an exception).
            ("ping-federate.json", Pkce, &["discovery-no-s256"], &[]),
            // 2015 Google: neither form_post nor S256 advertised.
            (
                "google-legacy-2015.json",
                Implicit,
                &["discovery-no-form-post"],
                &[],
            ),
            ("google-legacy-2015.json", Pkce, &["discovery-no-s256"], &[]),
        ];
        let mut seen = std::collections::BTreeSet::new();
        for (file, method, errors, warnings) in cases {
            seen.insert(*file);
            let doc = load(file);
            let issuer = doc["issuer"].as_str().unwrap().to_owned();
            let d = run(&doc, &issuer, *method);
            assert_eq!(
                codes(&d, Severity::Error),
                *errors,
                "{file} with {method}: {d:#?}"
            );
            assert_eq!(
                codes(&d, Severity::Warning),
                *warnings,
                "{file} with {method}: {d:#?}"
            );
            for diag in &d {
                assert_eq!(
                    diag.source.kind,
                    crate::input::source::SourceKind::Discovery
                );
            }
        }
        // Every fixture is covered.
        for entry in std::fs::read_dir(FIXTURES).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".json") {
                assert!(seen.contains(name.as_str()), "{name} not covered");
            }
        }
    }

    #[test]
    fn trailing_slash_is_a_mismatch_with_both_strings_shown() {
        let doc = load("okta-org.json");
        let d = run(&doc, "https://dev-120913.okta.com/", AuthMethod::Implicit);
        assert_eq!(codes(&d, Severity::Error), ["discovery-issuer-mismatch"]);
        let help = d[0].help.as_deref().unwrap();
        assert!(
            help.contains(r#"configured: "https://dev-120913.okta.com/"  document: "https://dev-120913.okta.com""#),
            "{help}"
        );
        assert!(help.contains(r#"trailing "/""#), "{help}");

        // Authentik's issuer ends with `/`: leaving it out is the mismatch.
        let doc = load("authentik.json");
        let d = run(
            &doc,
            "https://auth.hanse.de/application/o/git",
            AuthMethod::Pkce,
        );
        assert_eq!(codes(&d, Severity::Error), ["discovery-issuer-mismatch"]);
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("document has a trailing \"/\"")
        );
    }

    #[test]
    fn legacy_google_issuer_without_scheme_mismatches() {
        let doc = load("google-legacy-2015.json");
        let d = run(&doc, "https://accounts.google.com", AuthMethod::Implicit);
        assert!(d.iter().any(|d| d.code == "discovery-issuer-mismatch"));
    }

    #[test]
    fn case_and_middle_differences_are_marked() {
        assert_eq!(
            difference("https://X.com", "https://x.com"),
            "only in upper/lower case"
        );
        assert_eq!(
            difference("https://a.com/realms/x", "https://a.com/auth/realms/x"),
            r#"from byte 14: configured "realms/x", document "auth/realms/x""#
        );
    }

    #[test]
    fn entra_without_s256_is_a_warning_other_providers_an_error() {
        let doc = serde_json::json!({
            "issuer": "https://login.microsoftonline.com/t/v2.0",
            "response_types_supported": ["code", "id_token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
        });
        let d = run(
            &doc,
            "https://login.microsoftonline.com/t/v2.0",
            AuthMethod::Pkce,
        );
        assert_eq!(codes(&d, Severity::Warning), ["discovery-no-s256"]);
        let doc = serde_json::json!({
            "issuer": "https://idp.example.com",
            "response_types_supported": ["code"],
        });
        let d = run(&doc, "https://idp.example.com", AuthMethod::Pkce);
        assert_eq!(codes(&d, Severity::Error), ["discovery-no-s256"]);
    }

    #[test]
    fn scopes_and_insecure_endpoints() {
        let doc = serde_json::json!({
            "issuer": "https://idp.example.com",
            "authorization_endpoint": "https://idp.example.com/auth",
            "token_endpoint": "http://idp.example.com/token",
            "jwks_uri": "http://idp.example.com/jwks",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "offline_access"],
        });
        let d = run(&doc, "https://idp.example.com", AuthMethod::Pkce);
        assert_eq!(
            codes(&d, Severity::Error),
            ["discovery-insecure-endpoint", "discovery-insecure-endpoint"]
        );
        assert_eq!(codes(&d, Severity::Warning), ["discovery-missing-scopes"]);
        let scopes = d
            .iter()
            .find(|d| d.code == "discovery-missing-scopes")
            .unwrap();
        assert!(
            scopes.message.contains("`profile`, `email`"),
            "{}",
            scopes.message
        );
        // An http issuer (loopback tests, internal Keycloak) is not checked for https endpoints.
        let doc = load("keycloak-redpanda.json");
        let d = run(
            &doc,
            "http://docker-rp-1:8080/realms/demorealm",
            AuthMethod::Pkce,
        );
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn signing_algorithms() {
        let mut doc = serde_json::json!({
            "issuer": "https://idp.example.com",
            "response_types_supported": ["code", "id_token"],
            "response_modes_supported": ["form_post"],
            "id_token_signing_alg_values_supported": ["HS256", "PS256"],
        });
        let d = run_with_secret(&doc, AuthMethod::Implicit, false);
        assert_eq!(codes(&d, Severity::Error), ["discovery-no-supported-alg"]);
        assert!(d[0].message.contains(r#"["HS256", "PS256"]"#), "{d:#?}");
        for ok in [["ES256", "HS256"], ["RS256", "none"]] {
            doc["id_token_signing_alg_values_supported"] = serde_json::json!(ok);
            assert!(run_with_secret(&doc, AuthMethod::Implicit, false).is_empty());
        }
    }

    #[test]
    fn client_authentication_methods() {
        let mut doc = serde_json::json!({
            "issuer": "https://idp.example.com",
            "response_types_supported": ["code", "id_token"],
            "response_modes_supported": ["form_post"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        });
        let d = run_with_secret(&doc, AuthMethod::Pkce, false);
        assert_eq!(
            codes(&d, Severity::Warning),
            ["discovery-public-client-unsupported"]
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("GORILLA_OIDC_SECRET")
        );
        assert!(run_with_secret(&doc, AuthMethod::Pkce, true).is_empty());
        // The implicit flow never calls the token endpoint.
        assert!(run_with_secret(&doc, AuthMethod::Implicit, false).is_empty());

        doc["token_endpoint_auth_methods_supported"] =
            serde_json::json!(["private_key_jwt", "none"]);
        let d = run_with_secret(&doc, AuthMethod::Pkce, true);
        assert_eq!(
            codes(&d, Severity::Warning),
            ["discovery-secret-method-unsupported"]
        );
        assert!(run_with_secret(&doc, AuthMethod::Pkce, false).is_empty());
        // Absent: client_secret_basic by default, and nothing is said about public clients.
        doc.as_object_mut()
            .unwrap()
            .remove("token_endpoint_auth_methods_supported");
        assert!(run_with_secret(&doc, AuthMethod::Pkce, true).is_empty());
        assert!(run_with_secret(&doc, AuthMethod::Pkce, false).is_empty());

        // Real documents: Google wants the secret, Okta lists `none`.
        let d = run_with_secret(&load("google.json"), AuthMethod::Pkce, false);
        assert_eq!(
            codes(&d, Severity::Warning),
            ["discovery-public-client-unsupported"]
        );
        assert!(run_with_secret(&load("okta-org.json"), AuthMethod::Pkce, false).is_empty());
        // Keycloak signs with many algorithms, RS256 among them; PingFederate lists `none` too.
        assert!(run_with_secret(&load("keycloak.json"), AuthMethod::Pkce, true).is_empty());
    }

    #[test]
    fn userinfo_in_the_issuer_is_never_shown() {
        let doc = load("okta-org.json");
        let d = run(
            &doc,
            "https://user:hunter2@dev-120913.okta.com",
            AuthMethod::Implicit,
        );
        let text = format!("{d:?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(d.iter().any(|d| d.code == "discovery-issuer-mismatch"));
    }
}
