//! Keycloak rules.

use crate::model::provider::IdentityProvider;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::rule;

rule! {
    KEYCLOAK_LEGACY_PATH = "keycloak-legacy-path", Info,
    summary: "A Keycloak issuer under /auth/realms/.",
    what: "`OIDC_ISSUER` has the path `/auth/realms/{realm}`, the form of Keycloak before version 17 (or of a newer Keycloak started with `--http-relative-path=/auth`).",
    why: "Keycloak 17 and later serve realms at `/realms/{realm}`. After an upgrade the `/auth` issuer no longer exists and sign-in fails, so check which form your Keycloak publishes.",
    example: "OIDC_ISSUER=https://sso.example.com/auth/realms/wandb",
    fix: "Open `https://sso.example.com/realms/wandb/.well-known/openid-configuration`; if it answers, use `OIDC_ISSUER=https://sso.example.com/realms/wandb`. Otherwise keep the `/auth` form.",
}

/// `keycloak-legacy-path`.
pub(crate) fn check_legacy_path(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if !matches!(
        iss.provider,
        IdentityProvider::Keycloak { legacy: true, .. }
    ) || iss.is_discovery_url()
    {
        return;
    }
    let name = iss.setting.spelled.as_ref();
    let cleaned = iss.cleaned();
    let Some(at) = cleaned.rfind("/auth/realms/") else {
        return;
    };
    let current = format!("{}{}", &cleaned[..at], &cleaned[at + "/auth".len()..]);
    out.push(KEYCLOAK_LEGACY_PATH.diag(
        &iss.setting.source,
        &[name],
        format!(
            "{name}=`{}` uses the /auth/realms/ path of Keycloak before version 17",
            iss.shown()
        ),
        format!(
            "if your Keycloak is 17 or later (without --http-relative-path=/auth), set {name}={current}"
        ),
    ));
}
