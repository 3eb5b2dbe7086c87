//! `iamconf check --probe`: asks the identity provider about this client without signing anyone
//! in. It sends the authorization request W&B would send (and, when the provider refuses it
//! without a redirect, the same request without `redirect_uri`), then, for `pkce`, a token
//! exchange of a deliberately unusable code with the configured client authentication. It never
//! follows a redirect, never submits credentials, and classifies the answers by RFC 6749 and
//! OpenID Connect Core only; anything else is `probe-inconclusive`.

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value as Json;

use super::answer::{self, OAuthError};
use super::fetch::{Answer, Client, Request};
use crate::input::source::Source;
use crate::model::declaration::VarId;
use crate::model::secret::{MASK, redact_url};
use crate::model::value::{AuthMethod, Value};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::probe::{
    PROBE_CLIENT_UNKNOWN, PROBE_INCONCLUSIVE, PROBE_REDIRECT_URI_REJECTED,
    PROBE_RESPONSE_TYPE_REJECTED, PROBE_SCOPE_REJECTED, PROBE_SECRET_REJECTED,
    PROBE_SECRET_REQUIRED,
};

/// The longest provider text quoted in a message.
const MAX_QUOTE: usize = 300;

/// How the authorization endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// A redirect to the provider's own login or interaction (or a login page, or a successful
    /// answer back to the callback): the request was accepted.
    Accepted,
    /// Back to the callback (redirect or form_post page) with an error.
    Rejected(OAuthError),
    /// Refused without going back to the callback: an error page, a 4xx, or a redirect to an
    /// error page of the provider.
    Refused { status: u16, error: OAuthError },
    /// Nothing the standards define (5xx, an empty answer, ...).
    Unknown { status: u16, error: OAuthError },
}

/// Random URL-safe text (base64url of `bytes` random bytes).
fn random(bytes: usize) -> String {
    use base64::Engine as _;
    let mut buf = vec![0u8; bytes];
    // The system generator does not fail on supported platforms; a fixed value is still unusable.
    let _ = SystemRandom::new().fill(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// The S256 code challenge of a verifier (RFC 7636 4.2).
fn s256(verifier: &str) -> String {
    use base64::Engine as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// Provider text for a message: control characters dropped, secrets masked, shortened.
fn quote(text: &str, secrets: &[&str]) -> String {
    let mut t: String = text.chars().filter(|c| !c.is_control()).collect();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        t = t.replace(s, MASK);
    }
    let t = redact_url(&t);
    if t.chars().count() > MAX_QUOTE {
        let cut: String = t.chars().take(MAX_QUOTE).collect();
        format!("{cut}...")
    } else {
        t
    }
}

/// `status 400, error invalid_x ("description")`.
fn said(status: Option<u16>, e: &OAuthError, secrets: &[&str]) -> String {
    let mut parts = Vec::new();
    if let Some(s) = status {
        parts.push(format!("HTTP status {s}"));
    }
    match &e.error {
        Some(code) => parts.push(format!("error `{}`", quote(code, secrets))),
        None => parts.push("no OAuth error code".to_owned()),
    }
    if let Some(d) = &e.description {
        parts.push(format!("\"{}\"", quote(d, secrets)));
    }
    parts.join(", ")
}

/// The document's issuer (redacted), naming the provider when no endpoint could be asked.
fn issuer_of(doc: &Json) -> String {
    redact_url(doc.get("issuer").and_then(Json::as_str).unwrap_or_default())
}

/// Reads an answer to the authorization request with `redirect_uri` as the callback.
fn classify(answer: &Answer, request_url: &url::Url, redirect_uri: &str) -> Verdict {
    let body = String::from_utf8_lossy(&answer.body);
    // A form_post page back to the callback, whatever the status (400 included).
    if let Some(form) = answer::form_post(&body)
        && answer::without_query(&form.action) == redirect_uri
    {
        let get = |k: &str| {
            form.fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        return match get("error") {
            Some(error) => Verdict::Rejected(OAuthError {
                error: Some(error),
                description: get("error_description"),
            }),
            None if get("id_token").is_some() || get("code").is_some() => Verdict::Accepted,
            None => Verdict::Unknown {
                status: answer.status,
                error: OAuthError::default(),
            },
        };
    }
    if (300..400).contains(&answer.status) {
        let Some(location) = answer
            .location
            .as_deref()
            .and_then(|l| request_url.join(l).ok())
        else {
            return Verdict::Unknown {
                status: answer.status,
                error: OAuthError {
                    error: None,
                    description: Some("a redirect without a valid Location".to_owned()),
                },
            };
        };
        let params = answer::redirect_params(&location);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let error = get("error").map(|e| OAuthError {
            error: Some(e),
            description: get("error_description"),
        });
        let to_callback = answer::without_query(location.as_str()) == redirect_uri
            || answer::without_query(answer.location.as_deref().unwrap_or_default())
                == redirect_uri;
        return match (to_callback, error) {
            (true, Some(e)) => Verdict::Rejected(e),
            (true, None) if get("code").is_some() || get("id_token").is_some() => Verdict::Accepted,
            (true, None) => Verdict::Unknown {
                status: answer.status,
                error: OAuthError::default(),
            },
            // The provider's own error page, reached by a redirect (Auth0's `/error`).
            (false, Some(e)) => Verdict::Refused {
                status: answer.status,
                error: e,
            },
            // A redirect to a page of the provider named as an error page (Google's
            // `/signin/oauth/error`): not acceptance, and not a standard answer either.
            (false, None)
                if location.path_segments().is_some_and(|mut s| {
                    s.any(|seg| seg.to_ascii_lowercase().starts_with("error"))
                }) =>
            {
                Verdict::Unknown {
                    status: answer.status,
                    error: OAuthError {
                        error: None,
                        description: Some(format!(
                            "a redirect to the provider's error page {}",
                            answer::without_query(location.as_str())
                        )),
                    },
                }
            }
            // The provider's own login or interaction.
            (false, None) => Verdict::Accepted,
        };
    }
    let error = answer::error_of_body(&answer.body);
    let has_form = body.to_ascii_lowercase().contains("<form");
    match answer.status {
        200..=299 if error.error.is_none() => Verdict::Accepted,
        // A page with a form that names an OAuth error: a login page mentioning one, or an
        // error page with a form; either way not a standard answer.
        200..=299 if has_form => Verdict::Unknown {
            status: answer.status,
            error,
        },
        200..=299 | 400..=499 => Verdict::Refused {
            status: answer.status,
            error,
        },
        status => Verdict::Unknown { status, error },
    }
}

/// Whether an error names the client itself.
fn names_client(e: &OAuthError) -> bool {
    if matches!(
        e.error.as_deref(),
        Some("invalid_client" | "unauthorized_client")
    ) {
        return true;
    }
    let d = e
        .description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        "client not found",
        "unknown client",
        "invalid client",
        "client is invalid",
    ]
    .iter()
    .any(|p| d.contains(p))
}

/// Whether an error names the redirect URI.
fn names_redirect_uri(e: &OAuthError) -> bool {
    if e.error.as_deref() == Some("invalid_redirect_uri") {
        return true;
    }
    let d = e
        .description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    d.contains("redirect_uri") || d.contains("redirect uri") || d.contains("reply url")
}

/// The configuration the probe needs.
struct Probe<'a> {
    client_id: &'a str,
    client_id_var: &'a str,
    redirect_uri: String,
    host_var: &'a str,
    method: AuthMethod,
    method_var: &'a str,
    scope: String,
    scopes_var: Option<&'a str>,
    secret: Option<&'a str>,
    secret_var: &'a str,
}

/// Probes the authorization endpoint and, for `pkce`, the token endpoint of the document.
pub(crate) fn run(resolved: &Resolved, client: &Client, doc: &Json) -> Vec<Diagnostic> {
    let client_id_setting = resolved.get(VarId::OidcClientId);
    let Some(client_id) = client_id_setting.value.as_ref().and_then(Value::as_text) else {
        // `oidc-incomplete` says the client id is missing.
        return Vec::new();
    };
    let method_setting = resolved.get(VarId::OidcAuthMethod);
    let method = match method_setting.value {
        Some(Value::AuthMethod(m)) => m,
        _ => AuthMethod::Implicit,
    };
    let host_setting = resolved.get(VarId::Host);
    let host = host_setting
        .value
        .as_ref()
        .and_then(|v| v.as_url().or_else(|| v.as_text()));
    let scopes_setting = resolved.get(VarId::OidcCustomScopes);
    let mut scope = String::from("openid profile email");
    if let Some(Value::List(custom)) = &scopes_setting.value {
        for s in custom {
            if !["openid", "profile", "email"].contains(&s.as_str()) {
                scope.push(' ');
                scope.push_str(s);
            }
        }
    }
    let p = Probe {
        client_id,
        client_id_var: client_id_setting.spelled.as_ref(),
        redirect_uri: String::new(),
        host_var: host_setting.spelled.as_ref(),
        method,
        method_var: method_setting.spelled.as_ref(),
        scope,
        scopes_var: scopes_setting
            .is_present()
            .then_some(scopes_setting.spelled.as_ref()),
        secret: super::client_secret(resolved),
        secret_var: resolved.get(VarId::OidcSecret).spelled.as_ref(),
    };
    let Some(host) = host.filter(|h| h.starts_with("https://") || h.starts_with("http://")) else {
        let endpoint = doc
            .get("authorization_endpoint")
            .and_then(Json::as_str)
            .unwrap_or_default();
        return vec![PROBE_INCONCLUSIVE.diag(
            &Source::probe(&redact_url(answer::without_query(endpoint))),
            &[p.host_var],
            "the probe needs HOST (with its scheme) for the redirect URI `$HOST/oidc/callback`; nothing was sent",
            "set HOST to the URL users open, such as https://wandb.example.com",
        )];
    };
    let p = Probe {
        redirect_uri: format!("{}/oidc/callback", host.trim_end_matches('/')),
        ..p
    };
    let mut out = authorize(&p, client, doc);
    // An unknown client fails client authentication too: that answer would add nothing.
    let client_unknown = out.iter().any(|d| d.code == PROBE_CLIENT_UNKNOWN.code);
    if p.method == AuthMethod::Pkce && !client_unknown {
        out.extend(token(&p, client, doc));
    }
    out
}

/// The authorization request URL, with or without `redirect_uri`.
fn authorization_url(endpoint: &str, p: &Probe<'_>, with_redirect: bool) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("client_id", p.client_id);
    if with_redirect {
        q.append_pair("redirect_uri", &p.redirect_uri);
    }
    q.append_pair("scope", &p.scope);
    q.append_pair("state", &random(16));
    match p.method {
        AuthMethod::Implicit => {
            q.append_pair("response_type", "id_token");
            q.append_pair("response_mode", "form_post");
            q.append_pair("nonce", &random(16));
        }
        AuthMethod::Pkce => {
            q.append_pair("response_type", "code");
            q.append_pair("code_challenge", &s256(&random(32)));
            q.append_pair("code_challenge_method", "S256");
        }
    }
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}{}", q.finish())
}

fn authorize(p: &Probe<'_>, client: &Client, doc: &Json) -> Vec<Diagnostic> {
    let secrets: Vec<&str> = p.secret.into_iter().collect();
    let Some(endpoint) = doc.get("authorization_endpoint").and_then(Json::as_str) else {
        return vec![PROBE_INCONCLUSIVE.diag(
            &Source::probe(&issuer_of(doc)),
            &[p.client_id_var],
            "the discovery document has no `authorization_endpoint`: the authorization request was not sent",
            "check the issuer",
        )];
    };
    let source = Source::probe(&redact_url(answer::without_query(endpoint)));
    let inconclusive = |what: String| {
        PROBE_INCONCLUSIVE.diag(
            &source,
            &[p.client_id_var],
            format!("the authorization endpoint's answer cannot be classified: {what}"),
            "read the provider's answer in the message; `iamconf explain probe-inconclusive`",
        )
    };
    let send = |with_redirect: bool| {
        let url = authorization_url(endpoint, p, with_redirect);
        let parsed = url::Url::parse(&url).ok();
        match (client.send(&url, &Request::Get), parsed) {
            (Ok(a), Some(u)) => Ok(classify(&a, &u, &p.redirect_uri)),
            (Ok(_), None) => Err("the authorization endpoint is not a valid URL".to_owned()),
            (Err(e), _) => Err(quote(&e.cause, &secrets)),
        }
    };
    let first = match send(true) {
        Ok(v) => v,
        Err(cause) => return vec![inconclusive(format!("the request failed: {cause}"))],
    };
    let flow = match p.method {
        AuthMethod::Implicit => "`response_type=id_token` with `response_mode=form_post`",
        AuthMethod::Pkce => "`response_type=code` with an S256 code challenge",
    };
    match first {
        Verdict::Accepted => Vec::new(),
        Verdict::Rejected(e) => {
            let shown = said(None, &e, &secrets);
            let code = e.error.as_deref().unwrap_or_default();
            let description = e
                .description
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let about_flow = [
                "response_type",
                "response type",
                "response_mode",
                "response mode",
                "grant",
                "form_post",
            ]
            .iter()
            .any(|w| description.contains(w));
            match code {
                "invalid_scope" => vec![PROBE_SCOPE_REJECTED.diag(
                    &source,
                    &[p.scopes_var.unwrap_or(p.client_id_var)],
                    format!(
                        "the provider refuses the scopes `{}` for client {:?}: {shown}",
                        p.scope, p.client_id
                    ),
                    match p.scopes_var {
                        Some(v) => format!("remove the refused scope from {v}, or allow it for the W&B application at the provider"),
                        None => "allow the scopes openid, profile and email for the W&B application at the provider".to_owned(),
                    },
                )],
                "unsupported_response_type" | "unauthorized_client" => vec![response_type_rejected(p, &source, flow, &shown)],
                "invalid_request" if about_flow => vec![response_type_rejected(p, &source, flow, &shown)],
                // OpenID Connect: the request is fine, a user must sign in.
                "login_required" | "consent_required" | "interaction_required"
                | "account_selection_required" => Vec::new(),
                _ => vec![inconclusive(format!("it redirected back to the callback with {shown}"))],
            }
        }
        Verdict::Unknown { status, error } => {
            vec![inconclusive(said(Some(status), &error, &secrets))]
        }
        Verdict::Refused { status, error } => {
            // RFC 6749 4.1.2.1: an unknown client or a bad redirect URI gives an error page.
            // The same request without `redirect_uri` tells which one.
            let first_said = said(Some(status), &error, &secrets);
            let second = match send(false) {
                Ok(v) => v,
                Err(cause) => {
                    return vec![inconclusive(format!(
                        "{first_said}; the request without redirect_uri failed: {cause}"
                    ))];
                }
            };
            let client_unknown = || {
                PROBE_CLIENT_UNKNOWN.diag(
                    &source,
                    &[p.client_id_var],
                    format!(
                        "the provider refuses client id {:?} ({first_said}), with and without the redirect URI",
                        p.client_id
                    ),
                    format!("set {} to the client id of the W&B application at the provider", p.client_id_var),
                )
            };
            let redirect_rejected = || {
                PROBE_REDIRECT_URI_REJECTED.diag(
                    &source,
                    &[p.host_var, p.client_id_var],
                    format!(
                        "the provider refuses the redirect URI {:?} for client {:?} ({first_said}), while it accepts the client",
                        redact_url(&p.redirect_uri), p.client_id
                    ),
                    format!(
                        "register exactly {:?} as a redirect URI of the W&B application at the provider, or correct {}",
                        redact_url(&p.redirect_uri), p.host_var
                    ),
                )
            };
            match second {
                Verdict::Accepted | Verdict::Rejected(_) => vec![redirect_rejected()],
                Verdict::Refused {
                    status: s2,
                    error: e2,
                } => {
                    if names_client(&e2) || names_client(&error) {
                        vec![client_unknown()]
                    } else if names_redirect_uri(&error) {
                        vec![redirect_rejected()]
                    } else if s2 == status && e2 == error {
                        vec![client_unknown()]
                    } else {
                        // Refused for another reason once the redirect URI is gone: the
                        // client was known.
                        vec![redirect_rejected()]
                    }
                }
                Verdict::Unknown {
                    status: s2,
                    error: e2,
                } => vec![inconclusive(format!(
                    "{first_said}; without redirect_uri: {}",
                    said(Some(s2), &e2, &secrets)
                ))],
            }
        }
    }
}

fn response_type_rejected(p: &Probe<'_>, source: &Source, flow: &str, shown: &str) -> Diagnostic {
    let help = match p.method {
        AuthMethod::Implicit => format!(
            "set {}=pkce if the application uses the authorization code flow, or allow the implicit grant (ID token, form_post) for it at the provider",
            p.method_var
        ),
        AuthMethod::Pkce => "allow the authorization code grant with PKCE (S256) for the W&B application at the provider".to_owned(),
    };
    PROBE_RESPONSE_TYPE_REJECTED.diag(
        source,
        &[p.method_var, p.client_id_var],
        format!(
            "auth method `{}` sends {flow}, and the provider refuses it for client {:?}: {shown}",
            p.method, p.client_id
        ),
        help,
    )
}

fn token(p: &Probe<'_>, client: &Client, doc: &Json) -> Vec<Diagnostic> {
    let secrets: Vec<&str> = p.secret.into_iter().collect();
    let Some(endpoint) = doc.get("token_endpoint").and_then(Json::as_str) else {
        return vec![PROBE_INCONCLUSIVE.diag(
            &Source::probe(&issuer_of(doc)),
            &[p.client_id_var],
            "the discovery document has no `token_endpoint`: the code exchange was not probed",
            "check the issuer",
        )];
    };
    let source = Source::probe(&redact_url(answer::without_query(endpoint)));
    let methods: Option<Vec<&str>> = doc
        .get("token_endpoint_auth_methods_supported")
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).collect());
    let post_only = methods
        .as_ref()
        .is_some_and(|m| m.contains(&"client_secret_post") && !m.contains(&"client_secret_basic"));
    let code = format!("iamconf-probe-unusable-{}", random(16));
    let verifier = random(32);
    let mut form: Vec<(&str, &str)> = vec![
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &p.redirect_uri),
        ("code_verifier", &verifier),
    ];
    let basic = match p.secret {
        Some(secret) if !post_only => Some((p.client_id, secret)),
        Some(secret) => {
            form.push(("client_id", p.client_id));
            form.push(("client_secret", secret));
            None
        }
        None => {
            form.push(("client_id", p.client_id));
            None
        }
    };
    // The secret goes only to the document's token endpoint, only over https (loopback http
    // for tests): `send` refuses anything else, and never follows a redirect.
    let answer = match client.send(endpoint, &Request::PostForm { form: &form, basic }) {
        Ok(a) => a,
        Err(e) => {
            return vec![PROBE_INCONCLUSIVE.diag(
                &source,
                &[p.client_id_var],
                format!(
                    "the code exchange at the token endpoint was not completed: {}",
                    quote(&e.cause, &secrets)
                ),
                "the token endpoint must be https and reachable from where the server runs",
            )];
        }
    };
    let error = answer::error_of_body(&answer.body);
    let shown = said(Some(answer.status), &error, &secrets);
    let how = if basic.is_some() {
        "HTTP Basic"
    } else if p.secret.is_some() {
        "client_secret_post"
    } else {
        "as a public client"
    };
    match (error.error.as_deref(), p.secret) {
        // RFC 6749 5.2: the client authenticated; only the (unusable) code was refused.
        (Some("invalid_grant"), _) => Vec::new(),
        (Some("invalid_client"), Some(_)) => vec![PROBE_SECRET_REJECTED.diag(
            &source,
            &[p.secret_var, p.client_id_var],
            format!(
                "the token endpoint does not accept client {:?} with the configured secret ({how}): {shown}",
                p.client_id
            ),
            format!(
                "set {} to the current secret VALUE of the W&B application at the provider",
                p.secret_var
            ),
        )],
        (Some("invalid_client"), None) => vec![PROBE_SECRET_REQUIRED.diag(
            &source,
            &[p.secret_var, p.client_id_var],
            format!(
                "no client secret is set, and the token endpoint does not accept client {:?} as a public client: {shown}",
                p.client_id
            ),
            format!(
                "set {} to the client secret of the W&B application, or register it at the provider as a public client (PKCE, no secret)",
                p.secret_var
            ),
        )],
        _ => vec![PROBE_INCONCLUSIVE.diag(
            &source,
            &[p.client_id_var],
            format!(
                "the token endpoint's answer to a code exchange ({how}) cannot be classified: {shown}"
            ),
            "RFC 6749 5.2: `invalid_grant` would mean the client authenticated, `invalid_client` that it did not",
        )],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const CB: &str = "https://wandb.test/oidc/callback";

    fn answer(status: u16, location: Option<&str>, body: &str) -> Answer {
        Answer {
            status,
            location: location.map(str::to_owned),
            body: body.as_bytes().to_vec(),
        }
    }

    fn classify_(a: &Answer) -> Verdict {
        classify(
            a,
            &url::Url::parse("https://idp.test/auth?x=1").unwrap(),
            CB,
        )
    }

    #[test]
    fn redirects() {
        assert_eq!(
            classify_(&answer(303, Some("/interaction/abc"), "")),
            Verdict::Accepted
        );
        let v = classify_(&answer(
            302,
            Some(
                "https://wandb.test/oidc/callback?error=invalid_scope&error_description=nope&state=s",
            ),
            "",
        ));
        assert_eq!(
            v,
            Verdict::Rejected(OAuthError {
                error: Some("invalid_scope".to_owned()),
                description: Some("nope".to_owned())
            })
        );
        let v = classify_(&answer(
            302,
            Some("https://idp.test/error?error=invalid_request"),
            "",
        ));
        assert!(matches!(v, Verdict::Refused { status: 302, .. }), "{v:?}");
        let v = classify_(&answer(302, None, ""));
        assert!(matches!(v, Verdict::Unknown { .. }), "{v:?}");
        let v = classify_(&answer(302, Some("/signin/oauth/error/v2?authError=x"), ""));
        assert!(matches!(v, Verdict::Unknown { status: 302, .. }), "{v:?}");
    }

    #[test]
    fn pages() {
        let form = format!(
            r#"<form method="post" action="{CB}"><input type="hidden" name="error" value="unsupported_response_type"></form>"#
        );
        assert!(matches!(
            classify_(&answer(400, None, &form)),
            Verdict::Rejected(_)
        ));
        assert_eq!(
            classify_(&answer(
                200,
                None,
                "<form method=post action=/login><input name=password></form>"
            )),
            Verdict::Accepted
        );
        assert!(matches!(
            classify_(&answer(400, None, "<pre>error: invalid_client</pre>")),
            Verdict::Refused { status: 400, .. }
        ));
        assert!(matches!(
            classify_(&answer(500, None, "oops")),
            Verdict::Unknown { status: 500, .. }
        ));
    }

    #[test]
    fn the_secret_is_never_sent_over_plain_http() {
        let client = Client {
            timeout: std::time::Duration::from_secs(2),
            connect_timeout: std::time::Duration::from_secs(2),
            extra_roots: Vec::new(),
        };
        let p = Probe {
            client_id: "abc",
            client_id_var: "OIDC_CLIENT_ID",
            redirect_uri: CB.to_owned(),
            host_var: "HOST",
            method: AuthMethod::Pkce,
            method_var: "OIDC_AUTH_METHOD",
            scope: "openid profile email".to_owned(),
            scopes_var: None,
            secret: Some("s3cr3t"),
            secret_var: "GORILLA_OIDC_SECRET",
        };
        // `.invalid` never resolves: had the request been attempted it would be a DNS error.
        let doc = serde_json::json!({"issuer": "https://idp.invalid", "token_endpoint": "http://idp.invalid/token"});
        let d = token(&p, &client, &doc);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "probe-inconclusive");
        assert!(d[0].message.contains("not https"), "{}", d[0].message);
        assert!(!format!("{d:?}").contains("s3cr3t"));
    }

    #[test]
    fn pkce_challenge_and_quotes() {
        // RFC 7636 appendix B.
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_ne!(random(16), random(16));
        assert_eq!(quote("bad secret s3cr3t!", &["s3cr3t"]), "bad secret ***!");
        assert!(quote(&"x".repeat(1000), &[]).len() < 400);
        assert!(names_client(&OAuthError {
            error: None,
            description: Some("Client not found.".to_owned())
        }));
        assert!(names_redirect_uri(&OAuthError {
            error: None,
            description: Some("Invalid parameter: redirect_uri".to_owned())
        }));
    }
}
