//! OIDC rules that do not depend on the identity provider.

use crate::model::declaration::OIDC_SECTION;
use crate::model::declaration::VarId;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Resolved, Setting};
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

/// `oidc-incomplete`: some but not all of the settings the declaration marks `required` in the
/// OIDC section are set.
pub(crate) fn check_incomplete(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let required: Vec<&Setting> = r
        .settings
        .iter()
        .filter(|s| s.spec.required && std::ptr::eq(s.spec.section, &OIDC_SECTION))
        .collect();
    let Some(first) = required.iter().find(|s| s.is_present()) else {
        return;
    };
    let missing: Vec<&Setting> = required
        .iter()
        .copied()
        .filter(|s| !s.is_present())
        .collect();
    let Some(to_set) = missing.first() else {
        return;
    };
    let names: Vec<&str> = missing.iter().map(|s| s.spec.env).collect();
    let help = match to_set.spec.env {
        "OIDC_CLIENT_ID" => {
            "set OIDC_CLIENT_ID to the client id of the W&B application at your identity provider"
                .to_owned()
        }
        "OIDC_ISSUER" => "set OIDC_ISSUER to your identity provider's issuer URL".to_owned(),
        env => format!("set {env}"),
    };
    out.push(OIDC_INCOMPLETE.diag(
        &first.source,
        &[&first.spelled],
        format!(
            "{} is set but {} {} not, so SSO is off",
            first.spelled,
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" }
        ),
        help,
    ));
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
