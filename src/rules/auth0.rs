//! Auth0 rules.

use crate::model::provider::IdentityProvider;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::issuer;
use crate::rules::rule;

rule! {
    AUTH0_ISSUER_TRAILING_SLASH = "auth0-issuer-trailing-slash", Warning,
    summary: "An *.auth0.com issuer without the trailing /.",
    what: "`OIDC_ISSUER` is on `{tenant}.auth0.com` or `{tenant}.{region}.auth0.com` and does not end with `/`.",
    why: "Auth0's issuer always ends with `/` (`https://acme.us.auth0.com/`), in its discovery document and in every ID token. The server compares issuers byte for byte, so without the `/` the comparison fails: the classic Auth0 mismatch.",
    example: "OIDC_ISSUER=https://acme.us.auth0.com",
    fix: "Add the `/`: `OIDC_ISSUER=https://acme.us.auth0.com/`.",
}

/// `auth0-issuer-trailing-slash`.
pub(crate) fn check_trailing_slash(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if *iss.provider != IdentityProvider::Auth0
        || iss.text.ends_with('/')
        || iss.is_discovery_url()
        || iss.has_query_or_fragment()
    {
        return;
    }
    let name = iss.setting.spelled.as_ref();
    out.push(AUTH0_ISSUER_TRAILING_SLASH.diag(
        &iss.setting.source,
        &[name],
        format!(
            "{name}=`{}` lacks the trailing `/` of every Auth0 issuer, so it will not match the ID tokens",
            iss.shown()
        ),
        format!("set {name}={}/", iss.cleaned()),
    ));
}
