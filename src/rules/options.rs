//! Server options that weaken or disable sign-in: `ldap-login-disabled`,
//! `insecure-admin-access`, `audience-validation-skipped`.

use crate::model::declaration::VarId;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Resolved};
use crate::rules::rule;

rule! {
    LDAP_LOGIN_DISABLED = "ldap-login-disabled", Warning,
    summary: "LDAP is configured but LOCAL_LDAP_LOGIN is not true, so LDAP sign-in never starts.",
    what: "`LOCAL_LDAP_ADDRESS` (or `LDAP_ADDRESS`) is set and `LOCAL_LDAP_LOGIN` (or `LDAP_LOGIN`) is absent, empty or false. W&B's LDAP docs: \"Set this to true to start LDAP authentication\"; the legacy chart emits it as `\"true\"` with `ldap.enabled`.",
    why: "Without it the server never offers LDAP sign-in: the directory settings are ignored and users who have no other way in are locked out.",
    example: "LOCAL_LDAP_ADDRESS=ldaps://ldap.example.com:636\nLOCAL_LDAP_BASE_DN=dc=example,dc=com\nLOCAL_LDAP_ATTRIBUTES=email=mail",
    fix: "`LOCAL_LDAP_LOGIN=true`.",
}

rule! {
    INSECURE_ADMIN_ACCESS = "insecure-admin-access", Warning,
    summary: "GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS is true (or the legacy chart's enableAdminApi).",
    what: "`GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS=true`: API keys may act with instance-admin rights. The legacy chart sets it with `enableAdminApi`, together with a generated `GLOBAL_ADMIN_API_KEY`.",
    why: "An API key is a long-lived bearer secret kept in scripts, notebooks and CI; with this switch one leaked key gives full control of the instance, bypassing SSO and its multi-factor sign-in.",
    example: "GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS=true",
    fix: "Remove it (or set it to false; legacy chart: `enableAdminApi: false`) once the automation that needed it is done, and rotate the keys it exposed.",
}

rule! {
    AUDIENCE_VALIDATION_SKIPPED = "audience-validation-skipped", Warning,
    summary: "SKIP_AUDIENCE_VALIDATION is true.",
    what: "`SKIP_AUDIENCE_VALIDATION=true`: for identity federation the server no longer checks the `aud` claim of the JWTs presented to it (normally the organization name or `wandb`).",
    why: "Any JWT from a trusted issuer is then accepted, including tokens minted for other applications of the same identity provider: a token leaked from any of them signs in to W&B.",
    example: "SKIP_AUDIENCE_VALIDATION=true",
    fix: "Make the identity provider issue the JWTs with audience `wandb` (or the organization name) and remove `SKIP_AUDIENCE_VALIDATION`.",
}

/// `ldap-login-disabled`.
pub(crate) fn check_ldap_login(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let address = r.get(VarId::LdapAddress);
    let login = r.get(VarId::LdapLogin);
    if !address.is_present() || matches!(login.presence, Presence::Unknown | Presence::Invalid) {
        return;
    }
    if r.flag(VarId::LdapLogin) {
        return;
    }
    let (at, how) = match login.presence {
        Presence::Absent => (address, format!("{} is not set", login.spelled)),
        Presence::Empty => (login, format!("{} is empty", login.spelled)),
        _ => (login, format!("{} is false", login.spelled)),
    };
    out.push(LDAP_LOGIN_DISABLED.diag(
        &at.source,
        &[&address.spelled, &login.spelled],
        format!(
            "LDAP is configured ({} is set) but {how}, so LDAP sign-in never starts",
            address.spelled
        ),
        format!("set {}=true", login.spelled),
    ));
}

/// `insecure-admin-access` and `audience-validation-skipped`.
pub(crate) fn check_switches(r: &Resolved, out: &mut Vec<Diagnostic>) {
    for (id, rule, what) in [
        (
            VarId::InsecureAllowApiKeyAdminAccess,
            &INSECURE_ADMIN_ACCESS,
            "API keys act with instance-admin rights, bypassing SSO",
        ),
        (
            VarId::SkipAudienceValidation,
            &AUDIENCE_VALIDATION_SKIPPED,
            "the server accepts federated JWTs whatever their audience",
        ),
    ] {
        let s = r.get(id);
        if s.presence == Presence::Set && r.flag(id) {
            out.push(rule.diag(
                &s.source,
                &[&s.spelled],
                format!("{} is true: {what}", s.spelled),
                format!("remove {} once it is no longer needed", s.spelled),
            ));
        }
    }
}
