//! `legacy-variable` for a declared setting used the way the 2022 SSO beta used it (the names
//! that only the beta had are judged by the resolver with the other unknown names).

/// `legacy-variable` for `GORILLA_AUTH_JWK_URL` set to an identity provider's JWKS (the 2022
/// beta use) instead of the app's own `.../api/jwks.json`, which the charts emit.
pub(crate) fn check_auth_jwk_url(
    r: &crate::resolve::Resolved,
    out: &mut Vec<crate::report::diagnostic::Diagnostic>,
) {
    use crate::model::declaration::VarId;
    let s = r.get(VarId::AuthJwkUrl);
    if s.presence != crate::resolve::Presence::Set {
        return;
    }
    let Some(text) = s
        .value
        .as_ref()
        .and_then(crate::model::value::Value::as_url)
    else {
        return;
    };
    let path = text.split(['?', '#']).next().unwrap_or("");
    if path.trim_end_matches('/').ends_with("/api/jwks.json") {
        return;
    }
    out.push(crate::rules::names::LEGACY_VARIABLE.diag(
        &s.source,
        &[&s.spelled],
        format!(
            "{} points at {}, not the app's own /api/jwks.json: the pre-0.9.47 SSO beta used it for the identity provider's keys, and it replaces the internal JWKS",
            s.spelled,
            crate::model::secret::redact_url(text)
        ),
        format!(
            "remove {} (the chart sets it to http://<release>-app:8083/api/jwks.json); OIDC_ISSUER's discovery document gives the provider's keys",
            s.spelled
        ),
    ));
}
