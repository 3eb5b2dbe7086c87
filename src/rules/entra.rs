//! Microsoft Entra ID rules.

use crate::model::provider::{EntraVersion, IdentityProvider};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::rule;

rule! {
    ENTRA_MULTITENANT_ISSUER = "entra-multitenant-issuer", Error,
    summary: "Entra issuer with tenant common, organizations or consumers.",
    what: "`OIDC_ISSUER` is a Microsoft Entra ID issuer whose tenant is `common`, `organizations` or `consumers` (or the literal placeholder `{tenantid}`).",
    why: "The multi-tenant endpoints publish a discovery document whose `issuer` is the literal `https://login.microsoftonline.com/{tenantid}/v2.0`, while ID tokens carry the real tenant id. The server compares the issuer byte for byte, so the match always fails and nobody can sign in.",
    example: "OIDC_ISSUER=https://login.microsoftonline.com/common/v2.0",
    fix: "Use your tenant's own issuer: `OIDC_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0` (the Directory (tenant) ID is on the app registration's overview page), and `OIDC_AUTH_METHOD=pkce`.",
}

rule! {
    ENTRA_V1_TOKEN_ISSUER = "entra-v1-token-issuer", Warning,
    summary: "The issuer host is sts.windows.net.",
    what: "The host of `OIDC_ISSUER` is `sts.windows.net`.",
    why: "`https://sts.windows.net/{tenant}/` is the issuer of Entra v1 access tokens, not a discovery issuer: W&B uses ID tokens from the login endpoints, whose issuer is `https://login.microsoftonline.com/{tenant}/v2.0`, so discovery or the issuer comparison fails.",
    example: "OIDC_ISSUER=https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
    fix: "`OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0` (the same tenant id).",
}

/// Whether an Entra tenant is one of the multi-tenant endpoints (or the `{tenantid}` placeholder).
fn is_multitenant(tenant: &str) -> bool {
    let t = tenant.to_ascii_lowercase();
    matches!(
        t.as_str(),
        "common" | "organizations" | "consumers" | "%7btenantid%7d" | "{tenantid}"
    )
}

/// `entra-multitenant-issuer` and `entra-v1-token-issuer`.
pub(crate) fn check_issuer(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    let name = iss.setting.spelled.as_ref();
    match iss.provider {
        IdentityProvider::Entra {
            tenant: Some(tenant),
            version,
        } if is_multitenant(tenant) => {
            let host = iss
                .url
                .as_ref()
                .and_then(|u| u.host_str())
                .unwrap_or("login.microsoftonline.com");
            let suffix = match version {
                EntraVersion::V2 => "/v2.0",
                EntraVersion::V1 => "",
            };
            let what = if tenant.contains("tenantid") {
                "holds the `{tenantid}` placeholder of the multi-tenant endpoints"
            } else {
                "is a multi-tenant endpoint"
            };
            out.push(ENTRA_MULTITENANT_ISSUER.diag(
                &iss.setting.source,
                &[name],
                format!(
                    "{name}=`{}` {what}, whose issuer never matches an ID token's",
                    iss.shown()
                ),
                format!("set {name}=https://{host}/<tenant-id>{suffix}"),
            ));
        }
        IdentityProvider::EntraTokenIssuer { tenant } => {
            let tenant = tenant.as_deref().unwrap_or("<tenant-id>");
            out.push(ENTRA_V1_TOKEN_ISSUER.diag(
                &iss.setting.source,
                &[name],
                format!(
                    "{name}=`{}` is the Entra v1 token issuer, not the issuer of the login endpoints",
                    iss.shown()
                ),
                format!("set {name}=https://login.microsoftonline.com/{tenant}/v2.0"),
            ));
        }
        _ => {}
    }
}
