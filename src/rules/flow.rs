//! Which flow a provider needs: `provider-requires-pkce` (GitLab, Dex: code flow only) and
//! `provider-prefers-pkce` (Entra ID, Zitadel). Cognito has its own rule, `cognito-requires-pkce`.

use crate::model::declaration::VarId;
use crate::model::provider::{IdentityProvider, Implicit};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::method::implicit_in_use;
use crate::rules::rule;

rule! {
    PROVIDER_REQUIRES_PKCE = "provider-requires-pkce", Error,
    summary: "A code-flow-only provider (GitLab, Dex) with the effective method implicit.",
    what: "`OIDC_ISSUER` is GitLab (`https://gitlab.com` or a `gitlab.` host) or Dex, and the auth method the server will use is `implicit`: set so, or `OIDC_AUTH_METHOD` absent or empty, which defaults to `implicit`.",
    why: "GitLab's discovery document lists only the response type `code`, and Dex supports neither the implicit ID-token flow W&B uses nor `form_post` (dexidp/dex#1256 was never merged). With `implicit` the provider rejects every login and nobody can sign in.",
    example: "OIDC_ISSUER=https://gitlab.com\nOIDC_CLIENT_ID=abc123\n# no OIDC_AUTH_METHOD: implicit",
    fix: "`OIDC_AUTH_METHOD=pkce` (Helm: `global.auth.oidc.authMethod: pkce`), with the GitLab application or Dex client allowed the authorization-code flow.",
}

rule! {
    PROVIDER_PREFERS_PKCE = "provider-prefers-pkce", Warning,
    summary: "Entra ID or Zitadel with the effective method implicit.",
    what: "`OIDC_ISSUER` is Microsoft Entra ID (or Entra External ID) or Zitadel, and the auth method the server will use is `implicit` (set, or defaulted because `OIDC_AUTH_METHOD` is absent or empty).",
    why: "W&B documents `pkce` for Entra ID, where the implicit grant must be enabled separately on the app registration and is discouraged by Microsoft; Zitadel's login UI v2 ignores `response_mode=form_post` (zitadel/zitadel#12120), so the ID token never reaches W&B's callback.",
    example: "OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0\nOIDC_CLIENT_ID=00000000-0000-0000-0000-000000000001\nOIDC_AUTH_METHOD=implicit",
    fix: "`OIDC_AUTH_METHOD=pkce`, with the app registered as a single-page application (no secret) or a web application (with `GORILLA_OIDC_SECRET`, the secret's value).",
}

/// `provider-requires-pkce` and `provider-prefers-pkce`.
pub(crate) fn check(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    let policy = iss.provider.implicit();
    if policy == Implicit::Fine || iss.provider.is_cognito() {
        return;
    }
    let Some((at, how)) = implicit_in_use(r, iss.setting) else {
        return;
    };
    let method = r.get(VarId::OidcAuthMethod);
    let provider: &IdentityProvider = iss.provider;
    let (rule, why) = if policy == Implicit::Unsupported {
        (
            &PROVIDER_REQUIRES_PKCE,
            format!("{provider} supports only the authorization-code flow"),
        )
    } else {
        (
            &PROVIDER_PREFERS_PKCE,
            match provider {
                IdentityProvider::Zitadel => {
                    "Zitadel's login UI v2 ignores form_post, which the implicit flow needs"
                        .to_owned()
                }
                _ => format!("W&B documents `pkce` for {provider}"),
            },
        )
    };
    out.push(rule.diag(
        &at.source,
        &[&iss.setting.spelled, &method.spelled],
        format!("{how}, but {why}"),
        format!("set {}=pkce", method.spelled),
    ));
}
