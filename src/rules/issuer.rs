//! Rules about the shape of the issuer URL, whatever the provider (OIDC Discovery 1.0 section 3,
//! RFC 8414): an `https` URL with a host, no query, no fragment, no userinfo, and not the
//! discovery URL itself. Also the helpers the provider rules share.

use crate::model::declaration::VarId;
use crate::model::provider::{self, IdentityProvider};
use crate::model::secret::redact_url;
use crate::model::url_text::{is_loopback, strip_userinfo};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::issuer::IssuerParts;
use crate::resolve::{Presence, Resolved, Setting};
use crate::rules::rule;

rule! {
    ISSUER_NOT_HTTPS = "issuer-not-https", Error,
    summary: "The issuer scheme is not https.",
    what: "The scheme of `OIDC_ISSUER` (or `GORILLA_OIDC_ISSUER`) is not `https`: `http://` on a host that is not loopback, another scheme, or no scheme at all (`accounts.google.com`). A plain `http` issuer on `localhost`, `127.0.0.0/8` or `[::1]` gives `issuer-insecure-loopback` instead.",
    why: "OpenID Connect requires an `https` issuer (OIDC Discovery 1.0 section 3). The server fetches `$OIDC_ISSUER/.well-known/openid-configuration` and compares the document's `issuer` with this value byte for byte: without a scheme there is nothing to fetch, and with `http` the ID tokens and keys travel unprotected. Either way, sign-in fails or is unsafe.",
    example: "OIDC_ISSUER=accounts.google.com\n# or\nOIDC_ISSUER=http://keycloak.internal:8080/realms/wandb",
    fix: "Use the issuer exactly as the discovery document's `issuer` field gives it, with `https://`: `OIDC_ISSUER=https://accounts.google.com`. Serve the identity provider over TLS if it is not.",
}

rule! {
    ISSUER_INSECURE_LOOPBACK = "issuer-insecure-loopback", Warning,
    summary: "The issuer is plain http on a loopback host.",
    what: "`OIDC_ISSUER` is an `http://` URL on `localhost`, an address in `127.0.0.0/8`, or `[::1]`.",
    why: "Acceptable for a local test identity provider, but the server container usually cannot reach the operator's `localhost`, and a production issuer must be `https`.",
    example: "OIDC_ISSUER=http://localhost:8080/realms/dev",
    fix: "For anything beyond a local test, use the provider's `https` issuer: `OIDC_ISSUER=https://idp.example.com/realms/dev`.",
}

rule! {
    ISSUER_HAS_QUERY_OR_FRAGMENT = "issuer-has-query-or-fragment", Error,
    summary: "The issuer has a ?query or #fragment.",
    what: "`OIDC_ISSUER` contains `?` or `#`.",
    why: "An issuer has no query and no fragment (OIDC Discovery 1.0 section 3). The discovery URL is built by appending `/.well-known/openid-configuration` to the issuer, which lands after the query, and the document's `issuer` never matches, so sign-in fails.",
    example: "OIDC_ISSUER=https://example.okta.com?tenant=acme",
    fix: "Remove everything from the `?` or `#`: `OIDC_ISSUER=https://example.okta.com`.",
}

rule! {
    ISSUER_HAS_CREDENTIALS = "issuer-has-credentials", Error,
    summary: "The issuer has user:password@ in it.",
    what: "`OIDC_ISSUER` carries userinfo (`https://user:password@host/...`). The finding shows the issuer with the password masked.",
    why: "An issuer never has credentials: the ID tokens' `iss` and the discovery document's `issuer` will not match it, and the password leaks into logs, the UI and every place the issuer is shown.",
    example: "OIDC_ISSUER=https://admin:s3cret@idp.example.com",
    fix: "Remove the `user:password@` part (`OIDC_ISSUER=https://idp.example.com`) and rotate that password: it has been exposed.",
}

rule! {
    ISSUER_IS_DISCOVERY_URL = "issuer-is-discovery-url", Error,
    summary: "The issuer is the discovery document URL, not the issuer.",
    what: "`OIDC_ISSUER` ends with `/.well-known/openid-configuration`.",
    why: "The server appends `/.well-known/openid-configuration` to the issuer itself, so it fetches `.../.well-known/openid-configuration/.well-known/openid-configuration`, which does not exist, and the document's `issuer` would not match anyway. Sign-in fails.",
    example: "OIDC_ISSUER=https://example.okta.com/.well-known/openid-configuration",
    fix: "Remove `/.well-known/openid-configuration`: `OIDC_ISSUER=https://example.okta.com` (the help gives the exact value; for Auth0 it keeps the trailing `/`).",
}

/// The issuer setting with a valid value, parsed (a copy) and its provider recognised.
#[derive(Debug)]
pub(crate) struct Issuer<'a> {
    /// The setting (spelled name, source).
    pub(crate) setting: &'a Setting,
    /// The issuer text, byte-exact.
    pub(crate) text: &'a str,
    /// A parsed copy (with `https://` added when the text has no scheme); never printed.
    pub(crate) url: Option<&'a url::Url>,
    /// Whether the text has a scheme.
    pub(crate) has_scheme: bool,
    /// The provider (detected once per load, borrowed from the cache).
    pub(crate) provider: &'a IdentityProvider,
}

impl Issuer<'_> {
    /// The issuer as it may be shown (password masked).
    pub(crate) fn shown(&self) -> String {
        redact_url(self.text)
    }

    /// The issuer with what no issuer may carry removed (userinfo, query, fragment), built on
    /// the text so that nothing else changes. Used to build help lines.
    pub(crate) fn cleaned(&self) -> String {
        // The userinfo goes first: a password may hold `?` or `#`.
        let no_userinfo = strip_userinfo(self.text);
        no_userinfo
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// Whether the issuer is (after cleaning) the discovery URL; then the provider rules that
    /// judge the path stay quiet, `issuer-is-discovery-url` says it all.
    pub(crate) fn is_discovery_url(&self) -> bool {
        discovery_base(&self.cleaned()).is_some()
    }

    /// Whether the text has a query or a fragment.
    pub(crate) fn has_query_or_fragment(&self) -> bool {
        strip_userinfo(self.text).contains(['?', '#'])
    }
}

/// The issuer, when it is set to a valid value (not empty, not unknown as with `valueFrom`,
/// not invalid).
pub(crate) fn issuer(r: &Resolved) -> Option<Issuer<'_>> {
    let setting = r.get(VarId::OidcIssuer);
    if setting.presence != Presence::Set {
        return None;
    }
    let text = setting.value.as_ref()?.as_url()?;
    // Every provider rule asks for the issuer: parse it and detect the provider once per load.
    // The resolver keeps the parse of an issuer with a scheme: the very `url::Url::parse` of the
    // same text that `provider::parse_lenient` would start with.
    let kept = setting.url.as_deref();
    let parts = r.issuer_cache.get_or_init(|| {
        let (url, has_scheme) = match kept {
            Some(_) => (None, true),
            None => match provider::parse_lenient(text) {
                Some((u, s)) => (Some(u), s),
                None => (None, false),
            },
        };
        let provider = kept
            .or(url.as_ref())
            .map_or(IdentityProvider::Generic, provider::detect_parsed);
        IssuerParts {
            url,
            has_scheme,
            provider,
        }
    });
    Some(Issuer {
        setting,
        text,
        url: kept.or(parts.url.as_ref()),
        has_scheme: parts.has_scheme,
        provider: &parts.provider,
    })
}

/// The issuer a discovery URL belongs to (`https://x/.well-known/openid-configuration` ->
/// `https://x`), or `None` when the text is not a discovery URL.
fn discovery_base(text: &str) -> Option<&str> {
    let t = text.strip_suffix('/').unwrap_or(text);
    t.strip_suffix("/.well-known/openid-configuration")
}

/// `issuer-not-https`, `issuer-insecure-loopback`, `issuer-has-query-or-fragment`,
/// `issuer-has-credentials`, `issuer-is-discovery-url`.
pub(crate) fn check_shape(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    let name = iss.setting.spelled.as_ref();
    let source = &iss.setting.source;
    let shown = iss.shown();
    let cleaned = iss.cleaned();

    // Scheme.
    if !iss.has_scheme {
        out.push(ISSUER_NOT_HTTPS.diag(
            source,
            &[name],
            format!("{name}=`{shown}` has no scheme; an issuer is an https URL"),
            format!("set {name}=https://{cleaned}"),
        ));
    } else if let Some(url) = iss.url.as_ref().filter(|u| u.scheme() != "https") {
        let rest = cleaned
            .find("://")
            .map_or(cleaned.as_str(), |i| &cleaned[i + 3..]);
        let fixed = format!("https://{rest}");
        if url.scheme() == "http" && is_loopback(url) {
            out.push(ISSUER_INSECURE_LOOPBACK.diag(
                source,
                &[name],
                format!(
                    "{name}=`{shown}` is plain http on a loopback host: fine for a local test, not for a server"
                ),
                format!("for anything beyond a local test, set {name} to the provider's https issuer, such as {name}={fixed}"),
            ));
        } else {
            out.push(ISSUER_NOT_HTTPS.diag(
                source,
                &[name],
                format!(
                    "{name}=`{shown}` uses `{}`; an issuer must be an https URL",
                    url.scheme()
                ),
                format!("serve the identity provider over TLS and set {name}={fixed}"),
            ));
        }
    }

    if iss.has_query_or_fragment() {
        out.push(ISSUER_HAS_QUERY_OR_FRAGMENT.diag(
            source,
            &[name],
            format!("{name}=`{shown}` has a query or fragment, which an issuer never has"),
            format!("set {name}={cleaned}"),
        ));
    }

    let has_credentials = iss
        .url
        .as_ref()
        .is_some_and(|u| !u.username().is_empty() || u.password().is_some());
    if has_credentials {
        out.push(ISSUER_HAS_CREDENTIALS.diag(
            source,
            &[name],
            format!("{name}=`{shown}` carries a user name and password, which an issuer never has"),
            format!("set {name}={cleaned}, and rotate the password: it has been exposed"),
        ));
    }

    if let Some(base) = discovery_base(&cleaned) {
        let mut fixed = base.to_owned();
        if provider::detect(base).issuer_has_trailing_slash() {
            fixed.push('/');
        }
        out.push(ISSUER_IS_DISCOVERY_URL.diag(
            source,
            &[name],
            format!(
                "{name}=`{shown}` is the discovery document URL; the server appends /.well-known/openid-configuration itself"
            ),
            format!("set {name}={fixed}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::environment::{Entry, Environment, RawValue};
    use crate::input::source::Source;

    /// Every code found for these entries (`None` is a `valueFrom`: present, value unknown).
    fn codes(vars: &[(&str, Option<&str>)]) -> Vec<&'static str> {
        let mut env = Environment::default();
        for (name, value) in vars {
            env.insert(Entry {
                name: (*name).to_owned(),
                value: value.map_or(RawValue::Unknown, |v| RawValue::Text(v.to_owned())),
                source: Source::env(name),
            });
        }
        let resolved = crate::resolve::resolve(&env, crate::resolve::Options::default());
        let mut out = resolved.diagnostics.clone();
        crate::rules::run_checks(&resolved, &mut out);
        out.iter().map(|d| d.code).collect()
    }

    #[test]
    fn odd_issuers_do_not_panic() {
        for issuer in [
            "",
            "://",
            "https://",
            "http://[::1",
            "a:b@c",
            "u:p@",
            "@",
            "?#",
            "https://x/.well-known/openid-configuration?x#y",
            "https://cognito-idp.us-east-1.amazonaws.com//",
            "https://cognito-idp.us-east-1.amazonaws.com/_",
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_",
            "https://issuer-cognito-idp.us-east-1.amazonaws.com/é_ü",
            "https://ü.example/é/auth/realms/ß",
            "https://x.auth.us-east-1.amazoncognito.com/auth/realms/",
            "https://login.microsoftonline.com/",
            "https://sts.windows.net",
            "https://a.auth0.com?",
            "mailto:x@y",
            "file:///etc/passwd",
        ] {
            let _ = codes(&[("OIDC_ISSUER", Some(issuer)), ("OIDC_CLIENT_ID", Some("x"))]);
        }
        assert!(
            codes(&[
                ("OIDC_ISSUER", Some("file:///etc/x")),
                ("OIDC_CLIENT_ID", Some("x"))
            ])
            .contains(&"issuer-not-https")
        );
    }

    #[test]
    fn unknown_values_skip_the_value_rules() {
        let cognito = "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123";
        // Known implicit-by-default: the lock-out is reported.
        assert!(
            codes(&[
                ("OIDC_ISSUER", Some(cognito)),
                ("OIDC_CLIENT_ID", Some("x"))
            ])
            .contains(&"cognito-requires-pkce")
        );
        // The method comes from a Secret or ConfigMap: not guessed at.
        let c = codes(&[
            ("OIDC_ISSUER", Some(cognito)),
            ("OIDC_CLIENT_ID", Some("x")),
            ("OIDC_AUTH_METHOD", None),
        ]);
        assert!(!c.contains(&"cognito-requires-pkce") && !c.contains(&"auth-method-defaulted"));
        // The issuer is unknown: no shape or provider rule.
        let c = codes(&[("OIDC_ISSUER", None), ("OIDC_CLIENT_ID", Some("x"))]);
        assert!(
            !c.iter()
                .any(|c| c.starts_with("issuer-") || c.starts_with("cognito-")),
            "{c:?}"
        );
        // Google + pkce with the secret from a Secret: quiet.
        let c = codes(&[
            ("OIDC_ISSUER", Some("https://accounts.google.com")),
            ("OIDC_CLIENT_ID", Some("x")),
            ("OIDC_AUTH_METHOD", Some("pkce")),
            ("GORILLA_OIDC_SECRET", None),
        ]);
        assert!(!c.contains(&"google-pkce-needs-secret"), "{c:?}");
    }

    #[test]
    fn userinfo_is_stripped_from_the_text() {
        // Everything up to the last `@` is userinfo, whatever it holds: a help line built
        // from the rest cannot carry the password.
        assert_eq!(
            strip_userinfo("https://u:p#w@idp.example.com/x"),
            "https://idp.example.com/x"
        );
        assert_eq!(strip_userinfo("//u:p@idp.example.com"), "//idp.example.com");
        assert_eq!(
            strip_userinfo("https://idp.example.com/x"),
            "https://idp.example.com/x"
        );
        assert_eq!(
            discovery_base("https://x.com/.well-known/openid-configuration/"),
            Some("https://x.com")
        );
        assert_eq!(discovery_base("https://x.com"), None);
    }
}
