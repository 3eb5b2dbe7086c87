//! Discovery: the online checks of the identity provider. [`check`] (`iamconf check --discover`)
//! fetches `<issuer without one trailing />/.well-known/openid-configuration`, as the server does
//! at login, and the JWK Set it names, and checks them against the configuration (RULES.md,
//! "Discovery"); [`probe`] (`--probe`) also asks the authorization and token endpoints about
//! this client (RULES.md, "Probe"); [`check_token`] verifies an ID token's signature.

mod answer;
mod document;
mod fetch;
mod jwks;
mod probe;
mod signature;

use std::path::Path;
use std::time::Duration;

use crate::input::source::Source;
use crate::model::declaration::VarId;
use crate::model::secret::redact_url;
use crate::model::url_text::{discovery_url, without_userinfo};
use crate::model::value::{AuthMethod, Value};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::resolve::load::Evaluation;
use crate::rules::discovery::DISCOVERY_UNREACHABLE;

/// The default connect timeout.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How to fetch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Total time for the fetch (redirects and body included).
    pub(crate) timeout: Duration,
    /// Time to set up a connection (DNS, TCP, TLS).
    pub(crate) connect_timeout: Duration,
    /// Root certificates trusted besides Mozilla's (`--ca-cert`).
    extra_roots: Vec<ureq::tls::Certificate<'static>>,
}

impl Options {
    /// From the CLI flags: `--timeout SECONDS` (total) and `--ca-cert FILE` (PEM). A timeout
    /// that is not a positive number or a CA file that cannot be read is a usage error.
    pub fn from_cli(timeout_secs: f64, ca_cert: Option<&Path>) -> Result<Options, crate::Error> {
        let timeout = Duration::try_from_secs_f64(timeout_secs)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| {
                crate::Error::Discovery(format!(
                    "--timeout must be a positive number of seconds, not {timeout_secs}"
                ))
            })?;
        let extra_roots = match ca_cert {
            Some(path) => fetch::read_ca_file(path).map_err(crate::Error::Discovery)?,
            None => Vec::new(),
        };
        Ok(Options {
            timeout,
            connect_timeout: CONNECT_TIMEOUT.min(timeout),
            extra_roots,
        })
    }
}

/// Parses a fetched body: it must be a JSON object.
fn parse_document(body: &[u8]) -> Result<serde_json::Value, String> {
    match serde_json::from_slice(body) {
        Ok(doc @ serde_json::Value::Object(_)) => Ok(doc),
        Ok(_) => Err("the response is JSON but not an object".to_owned()),
        Err(e) => Err(format!("the response is not JSON ({e})")),
    }
}

/// What the online checks found (crate-internal).
#[derive(Debug, Default)]
struct Online {
    /// Every finding.
    diagnostics: Vec<Diagnostic>,
    /// The keys of the issuer's JWK Set, when it was fetched.
    keys: Option<Vec<serde_json::Value>>,
}

/// What to do online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The discovery document and the JWK Set (`--discover`).
    Discover,
    /// The same, then the authorization and token endpoints (`--probe`).
    Probe,
}

/// Fetches the discovery document of the evaluated issuer and its JWK Set (`jwks_uri`), and
/// checks them against the configuration (`iamconf check --discover`). Adds nothing when no
/// issuer is configured.
pub fn check(evaluation: &Evaluation, options: &Options) -> Vec<Diagnostic> {
    run(&evaluation.resolved, options, Mode::Discover).diagnostics
}

/// [`check`], then asks the identity provider about this client without signing anyone in
/// (`iamconf check --probe`): the authorization request W&B sends (and, when it is refused
/// without a redirect, the same request without `redirect_uri`), then, for `pkce`, a token
/// exchange of a deliberately unusable code with the configured client authentication. Sends
/// two or three requests besides the discovery document and the JWK Set; never follows a
/// redirect, never submits credentials; the client secret goes only to the document's
/// `token_endpoint`, over https (or loopback http).
pub fn probe(evaluation: &Evaluation, options: &Options) -> Vec<Diagnostic> {
    run(&evaluation.resolved, options, Mode::Probe).diagnostics
}

/// [`check`], then verifies the signature of `token` against the issuer's JWK Set
/// (`iamconf token --discover`): `token-signature-invalid` when no key verifies it. The
/// signature is not judged when the token's `alg` is neither RS256 nor ES256 (the token rules
/// say so) or when the JWK Set could not be fetched (`jwks-unreachable` says so).
pub fn check_token(
    evaluation: &Evaluation,
    options: &Options,
    token: &crate::token::IdToken,
) -> Vec<Diagnostic> {
    let online = run(&evaluation.resolved, options, Mode::Discover);
    let mut out = online.diagnostics;
    let Some(keys) = online.keys else {
        return out;
    };
    if !matches!(token.alg(), Some("RS256" | "ES256")) {
        return out;
    }
    if let Err(f) = signature::verify(token.expose_secret(), &keys) {
        out.push(crate::rules::token::TOKEN_SIGNATURE_INVALID.diag(
            token.source(),
            &[evaluation.resolved.get(VarId::OidcIssuer).spelled.as_ref()],
            format!("the signature does not verify: {}", f.cause),
            "paste an unaltered token issued by the configured issuer (a token of another issuer, tenant or realm never verifies)",
        ));
    }
    out
}

/// Fetches the discovery document and its JWK Set, checks them against the configuration and,
/// with [`Mode::Probe`], probes the authorization and token endpoints. Adds nothing when no
/// issuer is configured.
fn run(resolved: &Resolved, options: &Options, mode: Mode) -> Online {
    let Some((mut diagnostics, fetched)) = discover(resolved, options) else {
        return Online::default();
    };
    let Some((doc, source, client)) = fetched else {
        return Online {
            diagnostics,
            keys: None,
        };
    };
    let issuer_var = resolved.get(VarId::OidcIssuer).spelled.as_ref();
    let (jwks_diags, keys) = jwks::check(&client, &doc, &source, issuer_var);
    diagnostics.extend(jwks_diags);
    if mode == Mode::Probe {
        diagnostics.extend(probe::run(resolved, &client, &doc));
    }
    Online { diagnostics, keys }
}

/// The document fetched, where it came from and the client that fetched it.
type Fetched = (serde_json::Value, Source, fetch::Client);

/// Fetches the discovery document and checks it against the configuration. `None` when no
/// issuer is configured; the document is `None` when it could not be fetched.
fn discover(resolved: &Resolved, options: &Options) -> Option<(Vec<Diagnostic>, Option<Fetched>)> {
    let issuer_setting = resolved.get(VarId::OidcIssuer);
    let issuer = issuer_setting.value.as_ref().and_then(Value::as_url)?;
    let method_setting = resolved.get(VarId::OidcAuthMethod);
    let method = match method_setting.value {
        Some(Value::AuthMethod(m)) => m,
        _ => AuthMethod::Implicit,
    };
    let url = discovery_url(issuer);
    let shown_url = redact_url(&url);
    let issuer_var = issuer_setting.spelled.as_ref();
    let unreachable = |source: &Source, cause: &str| {
        DISCOVERY_UNREACHABLE.diag(
            source,
            &[issuer_var],
            format!("cannot fetch the discovery document: {cause}"),
            format!(
                "check {issuer_var} (open {shown_url} from where the server runs); for a private CA pass --ca-cert FILE"
            ),
        )
    };
    let client = fetch::Client {
        timeout: options.timeout,
        connect_timeout: options.connect_timeout,
        extra_roots: options.extra_roots.clone(),
    };
    // Userinfo in an issuer is a leak (another rule says so); never send it as credentials.
    let fetched = match client.get(&without_userinfo(&url)) {
        Ok(f) => f,
        Err(e) => {
            let cause = if e.url == shown_url {
                e.cause
            } else {
                format!("{} (at {})", e.cause, e.url)
            };
            return Some((
                vec![unreachable(&Source::discovery(&shown_url), &cause)],
                None,
            ));
        }
    };
    let source = Source::discovery(&redact_url(&fetched.url));
    let doc = match parse_document(&fetched.body) {
        Ok(doc) => doc,
        Err(cause) => return Some((vec![unreachable(&source, &cause)], None)),
    };
    let secret_setting = resolved.get(VarId::OidcSecret);
    let diags = document::check_document(
        &doc,
        &document::Expected {
            issuer,
            issuer_var,
            method,
            method_var: method_setting.spelled.as_ref(),
            secret_set: client_secret(resolved).is_some(),
            secret_var: secret_setting.spelled.as_ref(),
            source: source.clone(),
        },
    );
    Some((diags, Some((doc, source, client))))
}

/// The configured client secret, if one is set and not empty.
fn client_secret(resolved: &Resolved) -> Option<&str> {
    match resolved.value(VarId::OidcSecret) {
        Some(Value::Secret(s)) if !s.expose_secret().is_empty() => Some(s.expose_secret()),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn discovery_url_strips_one_slash() {
        assert_eq!(
            discovery_url("https://a.auth0.com/"),
            "https://a.auth0.com/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url("https://x.com"),
            "https://x.com/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url("https://x.com//"),
            "https://x.com//.well-known/openid-configuration"
        );
    }

    #[test]
    fn userinfo_is_not_sent() {
        assert_eq!(
            without_userinfo("https://u:p@idp.example.com/a@b/.well-known/openid-configuration"),
            "https://idp.example.com/a@b/.well-known/openid-configuration"
        );
        assert_eq!(without_userinfo("https://x.com/a@b"), "https://x.com/a@b");
    }

    #[test]
    fn the_body_must_be_a_json_object() {
        assert!(parse_document(br#"{"issuer": "https://x"}"#).is_ok());
        let e = parse_document(b"<html>login</html>").unwrap_err();
        assert!(e.starts_with("the response is not JSON"), "{e}");
        let e = parse_document(b"[1, 2]").unwrap_err();
        assert!(e.contains("not an object"), "{e}");
    }

    #[test]
    fn options_from_cli() {
        let o = Options::from_cli(10.0, None).unwrap();
        assert_eq!(o.timeout, Duration::from_secs(10));
        assert_eq!(o.connect_timeout, CONNECT_TIMEOUT);
        assert_eq!(
            Options::from_cli(2.0, None).unwrap().connect_timeout,
            Duration::from_secs(2)
        );
        assert!(Options::from_cli(0.0, None).is_err());
        assert!(Options::from_cli(f64::NAN, None).is_err());
        assert!(Options::from_cli(1.0, Some(Path::new("/nonexistent/ca.pem"))).is_err());
    }
}
