//! LDAP rules.

use crate::model::declaration::VARIABLES;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::rule;

rule! {
    LDAP_INCOMPLETE = "ldap-incomplete", Error,
    summary: "Some LDAP variable is set but LOCAL_LDAP_ADDRESS, LOCAL_LDAP_BASE_DN or LOCAL_LDAP_ATTRIBUTES is missing.",
    what: "Any `LOCAL_LDAP_*` (or `LDAP_*`) variable is set, but one of the three required ones is not.",
    why: "LDAP sign-in cannot work without the server address, the base DN and the attribute mapping; users are left without a way to sign in.",
    example: "LOCAL_LDAP_ADDRESS=ldaps://ldap.example.com:636\n# LOCAL_LDAP_BASE_DN and LOCAL_LDAP_ATTRIBUTES missing",
    fix: "Set all three: `LOCAL_LDAP_ADDRESS`, `LOCAL_LDAP_BASE_DN`, `LOCAL_LDAP_ATTRIBUTES` (for example `email=mail,group=gidNumber`).",
}

/// `ldap-incomplete`.
pub(crate) fn check_incomplete(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let ldap = &crate::model::declaration::LDAP_SECTION;
    let first_set = r
        .settings
        .iter()
        .zip(VARIABLES)
        .find(|(s, spec)| std::ptr::eq(spec.section, ldap) && s.is_present())
        .map(|(s, _)| s);
    let Some(first) = first_set else { return };
    // The fields the declaration marks `required` in the LDAP section.
    let missing: Vec<&str> = r
        .settings
        .iter()
        .zip(VARIABLES)
        .filter(|(s, spec)| std::ptr::eq(spec.section, ldap) && spec.required && !s.is_present())
        .map(|(_, spec)| spec.env)
        .collect();
    if !missing.is_empty() {
        out.push(LDAP_INCOMPLETE.diag(
            &first.source,
            &[&first.spelled],
            format!(
                "LDAP is partly configured ({} is set) but {} {} missing",
                first.spelled,
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
            format!("set {}", missing.join(", ")),
        ));
    }
}
