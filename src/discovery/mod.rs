//! Discovery: the online check of the identity provider's discovery document (`iamconf check --discover`):
//! fetches `<issuer without one trailing />/.well-known/openid-configuration`, as the server does
//! at login, and checks it against the configuration (RULES.md, "Discovery").

mod document;
pub(crate) mod fetch;

use std::path::Path;
use std::time::Duration;

use crate::input::source::Source;
use crate::model::declaration::VarId;
use crate::model::secret::redact_url;
use crate::model::url_text::{discovery_url, without_userinfo};
use crate::model::value::{AuthMethod, Value};
use crate::report::diagnostic::Diagnostic;
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

/// Fetches the discovery document of the evaluated issuer and checks it against the
/// configuration. Adds nothing when no issuer is configured.
pub fn check(evaluation: &Evaluation, options: &Options) -> Vec<Diagnostic> {
    let resolved = &evaluation.resolved;
    let issuer_setting = resolved.get(VarId::OidcIssuer);
    let Some(issuer) = issuer_setting.value.as_ref().and_then(Value::as_url) else {
        return Vec::new();
    };
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
            return vec![unreachable(&Source::discovery(&shown_url), &cause)];
        }
    };
    let source = Source::discovery(&redact_url(&fetched.url));
    let doc = match parse_document(&fetched.body) {
        Ok(doc) => doc,
        Err(cause) => return vec![unreachable(&source, &cause)],
    };
    document::check_document(
        &doc,
        &document::Expected {
            issuer,
            issuer_var,
            method,
            method_var: method_setting.spelled.as_ref(),
            source,
        },
    )
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
