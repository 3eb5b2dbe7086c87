//! Google rules.

use crate::model::declaration::VarId;
use crate::model::provider::IdentityProvider;
use crate::model::value::AuthMethod;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::method::effective_method;
use crate::rules::rule;

rule! {
    GOOGLE_PKCE_NEEDS_SECRET = "google-pkce-needs-secret", Warning,
    summary: "Google issuer, pkce, and no client secret.",
    what: "`OIDC_ISSUER` is `https://accounts.google.com`, `OIDC_AUTH_METHOD=pkce`, and no client secret (`GORILLA_OIDC_SECRET` or `OIDC_SECRET`) is set.",
    why: "Google's token endpoint requires the client secret even with PKCE, for web-application OAuth clients. Without it the code exchange fails after the user signed in at Google.",
    example: "OIDC_ISSUER=https://accounts.google.com\nOIDC_CLIENT_ID=1234.apps.googleusercontent.com\nOIDC_AUTH_METHOD=pkce",
    fix: "Set the client secret of the Google OAuth client: `GORILLA_OIDC_SECRET=<client secret>`, preferably from a Kubernetes Secret (`global.auth.oidc.secret` in the chart).",
}

/// `google-pkce-needs-secret`.
pub(crate) fn check_pkce_secret(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if *iss.provider != IdentityProvider::Google || r.is_set(VarId::OidcSecret) {
        return;
    }
    let Some((AuthMethod::Pkce, _)) = effective_method(r) else {
        return;
    };
    let method = r.get(VarId::OidcAuthMethod);
    let secret = r.get(VarId::OidcSecret);
    out.push(GOOGLE_PKCE_NEEDS_SECRET.diag(
        &method.source,
        &[&iss.setting.spelled, &method.spelled, &secret.spelled],
        format!(
            "Google needs the client secret at its token endpoint even with pkce, and {} is not set",
            secret.spelled
        ),
        format!(
            "set {} to the client secret of the Google OAuth client",
            secret.spelled
        ),
    ));
}
