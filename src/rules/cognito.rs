//! AWS Cognito rules: the lock-outs of REFERENCE.md section 5 (implicit flow, hosted-UI domain as
//! issuer, malformed pool issuer).

use crate::model::declaration::VarId;
use crate::model::provider::{IdentityProvider, is_region};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::method::implicit_in_use;
use crate::rules::rule;

rule! {
    COGNITO_REQUIRES_PKCE = "cognito-requires-pkce", Error,
    summary: "The issuer is AWS Cognito and the effective auth method is implicit (set or defaulted).",
    what: "`OIDC_ISSUER` is a Cognito issuer (or the Cognito hosted-UI domain) and the auth method the server will use is `implicit`: `OIDC_AUTH_METHOD=implicit`, or `OIDC_AUTH_METHOD` (and `GORILLA_AUTH_METHOD`) absent or empty, which defaults to `implicit`.",
    why: "Cognito does not support the implicit flow with `form_post` (its response types are `code` and `token` only), and W&B's documentation requires `pkce` for it. With `implicit`, every sign-in fails and the only way back in is a restart with `LOCAL_RESTORE=true`.",
    example: "OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123\nOIDC_CLIENT_ID=4kdq0example\n# no OIDC_AUTH_METHOD: implicit",
    fix: "`OIDC_AUTH_METHOD=pkce` (with the Helm chart: `global.auth.oidc.authMethod: pkce`), and enable the authorization-code grant on the Cognito app client.",
}

rule! {
    COGNITO_DOMAIN_AS_ISSUER = "cognito-domain-as-issuer", Error,
    summary: "The issuer is the Cognito hosted-UI domain, not the user pool issuer.",
    what: "The host of `OIDC_ISSUER` is a Cognito hosted-UI domain, `{prefix}.auth.{region}.amazoncognito.com`.",
    why: "The hosted-UI domain serves the login pages but is not an OpenID issuer: there is no discovery document under it, and ID tokens carry the user pool issuer `https://cognito-idp.{region}.amazonaws.com/{user-pool-id}`. Sign-in fails.",
    example: "OIDC_ISSUER=https://mycorp.auth.us-east-2.amazoncognito.com",
    fix: "Use the user pool issuer, with the region of the domain: `OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/<user-pool-id>` (the pool id, such as `us-east-2_AbC123`, is on the user pool's overview page).",
}

rule! {
    COGNITO_ISSUER_MALFORMED = "cognito-issuer-malformed", Error,
    summary: "A cognito-idp issuer whose path is not one pool id, or whose pool-id region differs from the host region.",
    what: "`OIDC_ISSUER` is on `cognito-idp.{region}.amazonaws.com` (or `issuer-cognito-idp.{region}.amazonaws.com`) but its path is not exactly one user pool id (`/{region}_{id}`, no trailing `/`), or the region prefix of the pool id differs from the region of the host.",
    why: "The issuer must equal the `iss` of Cognito's ID tokens byte for byte. A missing or extra path segment, a trailing `/`, or a pool looked up in the wrong region gives no discovery document or an issuer mismatch, and sign-in fails.",
    example: "OIDC_ISSUER=https://cognito-idp.us-east-1.amazonaws.com/us-east-2_AbC123",
    fix: "`OIDC_ISSUER=https://cognito-idp.{region}.amazonaws.com/{region}_{id}` with the pool's own region: `https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123`.",
}

/// `cognito-requires-pkce`.
pub(crate) fn check_requires_pkce(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if !iss.provider.is_cognito() {
        return;
    }
    let Some((at, why)) = implicit_in_use(r, iss.setting) else {
        return;
    };
    let method = r.get(VarId::OidcAuthMethod);
    out.push(COGNITO_REQUIRES_PKCE.diag(
        &at.source,
        &[&iss.setting.spelled, &method.spelled],
        format!(
            "the issuer is AWS Cognito, which does not support the implicit flow, and {why}: nobody can sign in"
        ),
        format!("set {}=pkce", method.spelled),
    ));
}

/// `cognito-domain-as-issuer` and `cognito-issuer-malformed`.
pub(crate) fn check_issuer(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    let name = iss.setting.spelled.as_ref();
    match iss.provider {
        IdentityProvider::CognitoDomain { region } => out.push(COGNITO_DOMAIN_AS_ISSUER.diag(
            &iss.setting.source,
            &[name],
            format!(
                "{name}=`{}` is the Cognito hosted-UI domain, not the user pool issuer",
                iss.shown()
            ),
            format!(
                "set {name}=https://cognito-idp.{region}.amazonaws.com/<user-pool-id> (the pool id looks like {region}_AbC123)"
            ),
        )),
        IdentityProvider::Cognito { region, .. } => {
            if iss.is_discovery_url() || iss.has_query_or_fragment() {
                return; // the issuer rules report these, with the fix
            }
            let Some(url) = iss.url.as_ref() else { return };
            let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
            let host_prefix = if host.starts_with("issuer-cognito-idp.") {
                "issuer-cognito-idp"
            } else {
                "cognito-idp"
            };
            let path = url.path();
            let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
            let pool_region = first
                .split_once('_')
                .filter(|(reg, id)| {
                    is_region(reg) && !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())
                })
                .map(|(reg, _)| reg);
            let one_segment = path.len() > 1 && path[1..].find('/').is_none();
            let problem = match pool_region {
                None if path == "/" => Some("it has no user pool id in its path".to_owned()),
                None => Some(format!("its path `{path}` is not a user pool id")),
                Some(_) if !one_segment => {
                    Some(format!("its path `{path}` is not exactly one user pool id"))
                }
                Some(p) if p != region => Some(format!(
                    "the user pool `{first}` is in {p} but the host is in {region}"
                )),
                Some(_) => None,
            };
            let Some(problem) = problem else { return };
            let fixed = match pool_region {
                Some(p) => format!("https://{host_prefix}.{p}.amazonaws.com/{first}"),
                None => format!("https://{host_prefix}.{region}.amazonaws.com/<user-pool-id>"),
            };
            out.push(COGNITO_ISSUER_MALFORMED.diag(
                &iss.setting.source,
                &[name],
                format!("{name}=`{}` is not a Cognito issuer: {problem}", iss.shown()),
                format!("set {name}={fixed}"),
            ));
        }
        _ => {}
    }
}
