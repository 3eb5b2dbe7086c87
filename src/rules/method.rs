//! The auth method as the server will use it, and `auth-method-defaulted`.

use crate::model::declaration::VarId;
use crate::model::provider::IdentityProvider;
use crate::model::value::{AuthMethod, Value};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Resolved, Setting};
use crate::rules::issuer::issuer;
use crate::rules::oidc::oidc_configured;
use crate::rules::rule;

rule! {
    AUTH_METHOD_DEFAULTED = "auth-method-defaulted", Info,
    summary: "OIDC is configured and no auth method is set, so implicit is used.",
    what: "`OIDC_ISSUER` and `OIDC_CLIENT_ID` are set and `OIDC_AUTH_METHOD` (or `GORILLA_AUTH_METHOD`) is absent or empty, so the server uses `implicit` (the implicit flow with `form_post`). For a Cognito issuer `cognito-requires-pkce` reports this instead, as an error.",
    why: "The flow is a choice that must match the application registered at the identity provider: `implicit` needs the implicit grant (ID token) enabled there, `pkce` needs the authorization-code grant. Leaving it to the default hides that choice, and AWS Cognito and Microsoft Entra ID are documented with `pkce`.",
    example: "OIDC_ISSUER=https://example.okta.com\nOIDC_CLIENT_ID=0oa1\n# no OIDC_AUTH_METHOD",
    fix: "Set the flow your application uses: `OIDC_AUTH_METHOD=pkce` (recommended where supported) or `OIDC_AUTH_METHOD=implicit`.",
}

/// The auth method the server will use and whether it is defaulted (absent or empty), or `None`
/// when it is not known here (`valueFrom`) or invalid (reported by `invalid-auth-method`).
pub(crate) fn effective_method(r: &Resolved) -> Option<(AuthMethod, bool)> {
    let s = r.get(VarId::OidcAuthMethod);
    match s.presence {
        Presence::Absent | Presence::Empty => Some((AuthMethod::Implicit, true)),
        Presence::Set => match s.value.as_ref()? {
            Value::AuthMethod(m) => Some((*m, false)),
            _ => None,
        },
        Presence::Unknown | Presence::Invalid => None,
    }
}

/// When the server will use the implicit flow: where a finding about it points (the auth
/// method, or the issuer when no method is set at all) and how the flow comes to be used
/// (`OIDC_AUTH_METHOD is not set, so `implicit` is used`). `None` for any other flow, or when
/// the method is unknown here.
pub(crate) fn implicit_in_use<'r>(
    r: &'r Resolved,
    issuer: &'r Setting,
) -> Option<(&'r Setting, String)> {
    let Some((AuthMethod::Implicit, defaulted)) = effective_method(r) else {
        return None;
    };
    let method = r.get(VarId::OidcAuthMethod);
    let at = if method.presence == Presence::Absent {
        issuer
    } else {
        method
    };
    let how = match (defaulted, method.presence) {
        (true, Presence::Empty) => format!("{} is empty, so `implicit` is used", method.spelled),
        (true, _) => format!("{} is not set, so `implicit` is used", method.spelled),
        (false, _) => format!("{}=implicit", method.spelled),
    };
    Some((at, how))
}

/// `auth-method-defaulted`.
pub(crate) fn check_defaulted(r: &Resolved, out: &mut Vec<Diagnostic>) {
    if !oidc_configured(r) {
        return;
    }
    let Some((_, true)) = effective_method(r) else {
        return;
    };
    let provider = issuer(r).map(|i| i.provider);
    if provider
        .is_some_and(|p| p.is_cognito() || p.implicit() != crate::model::provider::Implicit::Fine)
    {
        // cognito-requires-pkce, provider-requires-pkce or provider-prefers-pkce says it.
        return;
    }
    let method = r.get(VarId::OidcAuthMethod);
    let at = if method.presence == Presence::Empty {
        method
    } else {
        r.get(VarId::OidcIssuer)
    };
    let name = method.spelled.as_ref();
    let help = match provider.and_then(IdentityProvider::recommended_auth_method) {
        Some(m) => format!(
            "set {name}={m}, the method to use with {}",
            provider
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
        None => format!(
            "set {name}=pkce if the application at your identity provider uses the authorization-code flow, else {name}=implicit"
        ),
    };
    out.push(AUTH_METHOD_DEFAULTED.diag(
        &at.source,
        &[name],
        format!("{name} is not set, so the implicit flow (form_post) is used"),
        help,
    ));
}
