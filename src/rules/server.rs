//! Rules about `HOST`, from which the OIDC callback URL is built.

use crate::model::declaration::VarId;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::oidc::oidc_attempted;
use crate::rules::rule;

rule! {
    HOST_MISSING = "host-missing", Warning,
    summary: "OIDC is configured and HOST is unset.",
    what: "`HOST` is not set while `OIDC_ISSUER` or `OIDC_CLIENT_ID` is.",
    why: "The OIDC callback is `$HOST/oidc/callback`. Without `HOST` the server uses `http://localhost:8080`, which is not the redirect URI registered at the identity provider, so logins fail with a redirect mismatch.",
    example: "OIDC_ISSUER=https://example.okta.com\nOIDC_CLIENT_ID=0oa1\n# HOST missing",
    fix: "Set `HOST` to the URL users open: `HOST=https://wandb.example.com`, and register `https://wandb.example.com/oidc/callback` at the identity provider.",
}

/// `host-missing` (`host-missing-scheme` is raised by the URL parser, see `rules::values`).
pub(crate) fn check_host(r: &Resolved, out: &mut Vec<Diagnostic>) {
    if oidc_attempted(r) && !r.is_set(VarId::Host) {
        let issuer = r.get(VarId::OidcIssuer);
        let at = if issuer.is_present() {
            issuer
        } else {
            r.get(VarId::OidcClientId)
        };
        out.push(HOST_MISSING.diag(
            &at.source,
            &["HOST"],
            "OIDC is configured but HOST is unset, so the callback URL is http://localhost:8080/oidc/callback",
            "set HOST to the URL users open, such as HOST=https://wandb.example.com",
        ));
    }
}
