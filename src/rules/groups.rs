//! Groups and scopes: `groups-scope-rejected` and `groups-claim-mismatch` (REFERENCE 4.2).

use crate::model::declaration::VarId;
use crate::model::provider::IdentityProvider;
use crate::model::value::Value;
use crate::report::diagnostic::{Diagnostic, Severity};
use crate::resolve::{Presence, Resolved};
use crate::rules::issuer::issuer;
use crate::rules::rule;

rule! {
    GROUPS_SCOPE_REJECTED = "groups-scope-rejected", Error,
    summary: "Cognito (or Google) and groups in GORILLA_OIDC_CUSTOM_SCOPES.",
    what: "`GORILLA_OIDC_CUSTOM_SCOPES` holds `groups` and the issuer is AWS Cognito (or Google). Neither defines a `groups` scope.",
    why: "W&B adds the custom scopes to every authorization request; Cognito answers `invalid_request: invalid_scope` (argoproj/argo-cd#1471) and Google `invalid_scope`, so nobody can sign in.",
    example: "OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123\nGORILLA_OIDC_CUSTOM_SCOPES=groups",
    fix: "Remove `groups` from `GORILLA_OIDC_CUSTOM_SCOPES` (Cognito puts groups in the `cognito:groups` claim of the ID token without a scope).",
}

rule! {
    GROUPS_CLAIM_MISMATCH = "groups-claim-mismatch", Warning,
    summary: "Group claims are on and the provider does not put W&B team names in a groups claim by default.",
    what: "`GORILLA_ENABLE_SSO_GROUPS_CLAIMS` is true and the provider's ID tokens do not carry a `groups` claim of W&B team names by default: Cognito uses `cognito:groups`; Entra ID puts group object ids (GUIDs) in `groups`; Keycloak's group mapper emits full paths (`/team`) unless \"Full group path\" is off; Google ID tokens carry no groups. Okta emits `groups` only when a groups claim is configured on the authorization server (reported as info).",
    why: "W&B matches the entries of `groups` with team names. Entries that are GUIDs or paths, or no `groups` claim at all, match no team, so nobody is added to a team, and users may lose the memberships they had.",
    example: "OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0\nGORILLA_ENABLE_SSO_GROUPS_CLAIMS=true",
    fix: "Make the provider emit team names in `groups` (Entra: emit group names with `cloud_displayname` or use app roles; Keycloak: turn off \"Full group path\" in the mapper; Okta: add a `groups` claim to the authorization server; Cognito: map `cognito:groups` to `groups` with a pre-token-generation trigger), or turn the option off. `iamconf token` judges a real ID token.",
}

/// `groups-scope-rejected`.
pub(crate) fn check_scope(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if !(iss.provider.is_cognito() || *iss.provider == IdentityProvider::Google) {
        return;
    }
    let scopes = r.get(VarId::OidcCustomScopes);
    let Some(Value::List(list)) = scopes.value.as_ref() else {
        return;
    };
    if scopes.presence != Presence::Set || !list.iter().any(|s| s == "groups") {
        return;
    }
    let rest: Vec<&str> = list
        .iter()
        .map(String::as_str)
        .filter(|s| *s != "groups")
        .collect();
    let help = if rest.is_empty() {
        format!("remove {}", scopes.spelled)
    } else {
        format!("set {}={}", scopes.spelled, rest.join(" "))
    };
    out.push(GROUPS_SCOPE_REJECTED.diag(
        &scopes.source,
        &[&scopes.spelled, &iss.setting.spelled],
        format!(
            "{} requests the scope `groups`, which {} rejects with invalid_scope: nobody can sign in",
            scopes.spelled, iss.provider
        ),
        help,
    ));
}

/// `groups-claim-mismatch`.
pub(crate) fn check_claim(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let flag = r.get(VarId::EnableSsoGroupsClaims);
    if flag.presence != Presence::Set || !r.flag(VarId::EnableSsoGroupsClaims) {
        return;
    }
    let Some(iss) = issuer(r) else { return };
    let (what, help, severity) = match iss.provider {
        p if p.is_cognito() => (
            "Cognito puts groups in `cognito:groups`, not `groups`",
            "map cognito:groups to a groups claim with a pre-token-generation Lambda trigger, or turn the option off",
            Severity::Warning,
        ),
        p if p.is_microsoft() => (
            "Entra ID puts group object ids (GUIDs) in `groups`, not names",
            "emit group names (groups claim with `cloud_displayname`, or app roles named like the W&B teams), or turn the option off",
            Severity::Warning,
        ),
        IdentityProvider::Keycloak { .. } => (
            "Keycloak's group mapper emits full paths (`/team`) by default",
            "turn off \"Full group path\" in the realm's groups mapper, so that `groups` holds team names",
            Severity::Warning,
        ),
        IdentityProvider::Google => (
            "Google ID tokens carry no groups claim",
            "turn the option off (Google cannot emit team names in ID tokens)",
            Severity::Warning,
        ),
        IdentityProvider::Okta { .. } => (
            "Okta emits `groups` only when a groups claim is configured on the authorization server",
            "add a `groups` claim (filter: the W&B team groups) to the authorization server that issues the tokens",
            Severity::Info,
        ),
        _ => return,
    };
    let mut d = GROUPS_CLAIM_MISMATCH.diag(
        &flag.source,
        &[&flag.spelled, &iss.setting.spelled],
        format!(
            "{} is on, but {what}: W&B matches `groups` entries with team names",
            flag.spelled
        ),
        help,
    );
    d.severity = severity;
    out.push(d);
}
