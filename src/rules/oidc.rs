//! OIDC rules that do not depend on the identity provider.

use crate::model::declaration::VarId;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::rule;

rule! {
    OIDC_INCOMPLETE = "oidc-incomplete", Error,
    summary: "One of issuer / client id is set without the other.",
    what: "`OIDC_ISSUER` (or `GORILLA_OIDC_ISSUER`) and `OIDC_CLIENT_ID` (or `GORILLA_OIDC_CLIENT_ID`) must be set together.",
    why: "With only one of them, SSO is not configured and users get the local login, or the server refuses to start; either way the SSO you meant to set up is off.",
    example: "OIDC_ISSUER=https://example.okta.com\n# OIDC_CLIENT_ID missing",
    fix: "Set the other variable: `OIDC_CLIENT_ID=<client id of the W&B app at your IdP>`.",
}

rule! {
    SETTING_WITHOUT_EFFECT = "setting-without-effect", Warning,
    summary: "An SSO option is set but the feature it modifies is off.",
    what: "`GORILLA_ENABLE_SSO_GROUPS_CLAIMS`, `GORILLA_USE_IDENTIFIER_CLAIMS`, `GORILLA_OIDC_CUSTOM_SCOPES` or `DISABLE_SSO_PROVISIONING` set while OIDC is not configured; `GORILLA_LDAP_GROUP_SYNC` set while LDAP is not configured.",
    why: "The option does nothing; usually the OIDC or LDAP variables are missing or misspelled.",
    example: "GORILLA_ENABLE_SSO_GROUPS_CLAIMS=true\n# no OIDC_ISSUER / OIDC_CLIENT_ID",
    fix: "Configure OIDC (or LDAP), or remove the option.",
}

/// Whether OIDC is configured at all (issuer or client id given).
pub(crate) fn oidc_attempted(r: &Resolved) -> bool {
    r.is_set(VarId::OidcIssuer) || r.is_set(VarId::OidcClientId)
}

/// Whether OIDC is fully configured (issuer and client id).
pub(crate) fn oidc_configured(r: &Resolved) -> bool {
    r.is_set(VarId::OidcIssuer) && r.is_set(VarId::OidcClientId)
}

/// `oidc-incomplete`.
pub(crate) fn check_incomplete(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let issuer = r.get(VarId::OidcIssuer);
    let client = r.get(VarId::OidcClientId);
    match (issuer.is_present(), client.is_present()) {
        (true, false) => out.push(OIDC_INCOMPLETE.diag(
            &issuer.source,
            &[&issuer.spelled],
            format!(
                "{} is set but OIDC_CLIENT_ID is not, so SSO is off",
                issuer.spelled
            ),
            "set OIDC_CLIENT_ID to the client id of the W&B application at your identity provider",
        )),
        (false, true) => out.push(OIDC_INCOMPLETE.diag(
            &client.source,
            &[&client.spelled],
            format!(
                "{} is set but OIDC_ISSUER is not, so SSO is off",
                client.spelled
            ),
            "set OIDC_ISSUER to your identity provider's issuer URL",
        )),
        _ => {}
    }
}

/// `setting-without-effect`.
pub(crate) fn check_without_effect(r: &Resolved, out: &mut Vec<Diagnostic>) {
    if !oidc_attempted(r) {
        for id in [
            VarId::EnableSsoGroupsClaims,
            VarId::UseIdentifierClaims,
            VarId::DisableSsoProvisioning,
        ] {
            let s = r.get(id);
            if s.is_present() && r.flag(id) {
                out.push(SETTING_WITHOUT_EFFECT.diag(
                    &s.source,
                    &[&s.spelled],
                    format!(
                        "{} is set but OIDC is not configured, so it has no effect",
                        s.spelled
                    ),
                    format!(
                        "set OIDC_ISSUER and OIDC_CLIENT_ID, or remove {}",
                        s.spelled
                    ),
                ));
            }
        }
        let scopes = r.get(VarId::OidcCustomScopes);
        if scopes.is_present() {
            out.push(SETTING_WITHOUT_EFFECT.diag(
                &scopes.source,
                &[&scopes.spelled],
                format!(
                    "{} is set but OIDC is not configured, so it has no effect",
                    scopes.spelled
                ),
                format!(
                    "set OIDC_ISSUER and OIDC_CLIENT_ID, or remove {}",
                    scopes.spelled
                ),
            ));
        }
    }
    let sync = r.get(VarId::LdapGroupSync);
    if sync.is_present() && r.flag(VarId::LdapGroupSync) && !r.is_set(VarId::LdapAddress) {
        out.push(SETTING_WITHOUT_EFFECT.diag(
            &sync.source,
            &[&sync.spelled],
            format!("{} is set but LDAP is not configured, so it has no effect", sync.spelled),
            format!("set LOCAL_LDAP_ADDRESS, LOCAL_LDAP_BASE_DN and LOCAL_LDAP_ATTRIBUTES, or remove {}", sync.spelled),
        ));
    }
}
