//! The rule catalogue: each rule is a static entry (code, severity, summary, docs) declared beside
//! the check that raises it, in a file per theme or identity provider. [`all`] lists them all,
//! sorted by code; `schema/RULES.md` is generated from it.
//!
//! ```
//! let rule = iamconf::rules::find("cognito-requires-pkce").expect("a known code");
//! assert_eq!(rule.severity(), iamconf::Severity::Error);
//! assert!(rule.docs().contains("## Fix"));
//! assert_eq!(iamconf::rules::suggest("cognito-require-pkce"), Some("cognito-requires-pkce"));
//! assert!(iamconf::rules::all().iter().all(|r| !r.summary().is_empty()));
//! ```

use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;

pub(crate) mod auth0;
pub(crate) mod break_glass;
pub(crate) mod cognito;
pub(crate) mod deployment;
pub(crate) mod discovery;
pub(crate) mod entra;
pub(crate) mod google;
pub(crate) mod inputs;
pub(crate) mod issuer;
pub(crate) mod keycloak;
pub(crate) mod ldap;
pub(crate) mod method;
pub(crate) mod names;
pub(crate) mod oidc;
pub(crate) mod probe;
pub(crate) mod rule;
pub(crate) mod server;
pub(crate) mod terraform;
pub(crate) mod token;
pub(crate) mod values;
pub(crate) mod walk;

pub use rule::Rule;
pub(crate) use rule::rule;

/// A check over resolved settings (shared by `check` and `lint`).
pub(crate) type Check = fn(&Resolved, &mut Vec<Diagnostic>);

/// Every check over resolved settings, in the order they run.
pub(crate) static CHECKS: &[Check] = &[
    oidc::check_incomplete,
    issuer::check_shape,
    cognito::check_issuer,
    cognito::check_requires_pkce,
    entra::check_issuer,
    auth0::check_trailing_slash,
    keycloak::check_legacy_path,
    google::check_pkce_secret,
    method::check_defaulted,
    server::check_host,
    ldap::check_incomplete,
    break_glass::check_local_restore,
    oidc::check_without_effect,
];

/// Every rule, sorted by code.
pub(crate) static RULES: &[&Rule] = &[
    &method::AUTH_METHOD_DEFAULTED,
    &auth0::AUTH0_ISSUER_TRAILING_SLASH,
    &deployment::CHART_VERSION_BUG,
    &cognito::COGNITO_DOMAIN_AS_ISSUER,
    &cognito::COGNITO_ISSUER_MALFORMED,
    &cognito::COGNITO_REQUIRES_PKCE,
    &names::CONFLICTING_ALIASES,
    &deployment::CR_FIELD_NOT_CONVERTED,
    &names::DEPRECATED_NAME,
    &discovery::DISCOVERY_INSECURE_ENDPOINT,
    &discovery::DISCOVERY_ISSUER_MISMATCH,
    &discovery::DISCOVERY_MISSING_SCOPES,
    &discovery::DISCOVERY_NO_CODE,
    &discovery::DISCOVERY_NO_FORM_POST,
    &discovery::DISCOVERY_NO_ID_TOKEN,
    &discovery::DISCOVERY_NO_S256,
    &discovery::DISCOVERY_NO_SUPPORTED_ALG,
    &discovery::DISCOVERY_PUBLIC_CLIENT_UNSUPPORTED,
    &discovery::DISCOVERY_SECRET_METHOD_UNSUPPORTED,
    &discovery::DISCOVERY_UNREACHABLE,
    &deployment::DUPLICATE_VARIABLE,
    &values::EMPTY_VALUE,
    &entra::ENTRA_MULTITENANT_ISSUER,
    &entra::ENTRA_V1_TOKEN_ISSUER,
    &inputs::FILE_NOT_READ,
    &inputs::FILE_OUTSIDE_ROOT,
    &google::GOOGLE_PKCE_NEEDS_SECRET,
    &deployment::HELM_CLIENT_ID_NOT_STRING,
    &deployment::HELM_EXTRA_ENV_NOT_MAP,
    &deployment::HELM_OIDC_DISABLED,
    &deployment::HELM_UNKNOWN_KEY,
    &deployment::HELM_VALUE_COERCED,
    &deployment::HELM_VALUE_IGNORED,
    &server::HOST_MISSING,
    &values::HOST_MISSING_SCHEME,
    &values::INVALID_AUTH_METHOD,
    &values::INVALID_BOOL,
    &values::INVALID_NUMBER,
    &values::INVALID_URL,
    &values::INVALID_VALUE,
    &issuer::ISSUER_HAS_CREDENTIALS,
    &issuer::ISSUER_HAS_QUERY_OR_FRAGMENT,
    &issuer::ISSUER_INSECURE_LOOPBACK,
    &issuer::ISSUER_IS_DISCOVERY_URL,
    &issuer::ISSUER_NOT_HTTPS,
    &discovery::JWKS_NO_SIGNING_KEY,
    &discovery::JWKS_UNREACHABLE,
    &keycloak::KEYCLOAK_LEGACY_PATH,
    &ldap::LDAP_INCOMPLETE,
    &break_glass::LOCAL_RESTORE_ENABLED,
    &values::NON_UTF8_VALUE,
    &oidc::OIDC_INCOMPLETE,
    &names::PARSE_ERROR,
    &probe::PROBE_CLIENT_UNKNOWN,
    &probe::PROBE_INCONCLUSIVE,
    &probe::PROBE_REDIRECT_URI_REJECTED,
    &probe::PROBE_RESPONSE_TYPE_REJECTED,
    &probe::PROBE_SCOPE_REJECTED,
    &probe::PROBE_SECRET_REJECTED,
    &probe::PROBE_SECRET_REQUIRED,
    &values::RETENTION_PERIOD_UNIT,
    &deployment::SECRET_IN_PLAIN_VALUE,
    &values::SESSION_LENGTH_UNIT,
    &oidc::SETTING_WITHOUT_EFFECT,
    &walk::SYMLINK_OUTSIDE_ROOT,
    &terraform::TERRAFORM_INPUT_IGNORED,
    &terraform::TERRAFORM_INPUT_UNKNOWN,
    &token::TOKEN_ALG_UNSUPPORTED,
    &token::TOKEN_AUDIENCE_MISMATCH,
    &token::TOKEN_EXPIRED,
    &token::TOKEN_GROUPS_NOT_LIST,
    &token::TOKEN_GROUPS_NOT_TEAM_NAMES,
    &token::TOKEN_ISSUER_MISMATCH,
    &token::TOKEN_MALFORMED,
    &token::TOKEN_NO_EMAIL,
    &token::TOKEN_SIGNATURE_INVALID,
    &token::TOKEN_USERNAME_INVALID,
    &names::UNKNOWN_VARIABLE,
    &names::UNREAD_NAME,
    &walk::UNREADABLE_PATH,
];

/// Every rule, sorted by code.
pub fn all() -> &'static [&'static Rule] {
    RULES
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The code nearest to a mistyped `code` (for "did you mean"), if one is close enough.
pub fn suggest(code: &str) -> Option<&'static str> {
    crate::model::suggest::nearest(code, RULES.iter().map(|r| r.code), 3)
}

/// Runs every check over resolved settings.
pub(crate) fn run_checks(resolved: &Resolved, out: &mut Vec<Diagnostic>) {
    for check in CHECKS {
        check(resolved, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_documented() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "sorted and unique");
        for r in RULES {
            assert!(
                r.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                r.code
            );
            for (part, text) in [
                ("summary", r.summary),
                ("what", r.what),
                ("why", r.why),
                ("example", r.example),
                ("fix", r.fix),
            ] {
                assert!(
                    text.trim().len() >= 10,
                    "{}: {part} is missing or too short",
                    r.code
                );
            }
            let docs = r.docs();
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(docs.contains(heading), "{}: {heading}", r.code);
            }
        }
    }

    #[test]
    fn every_check_is_registered_once() {
        let mut seen = Vec::new();
        for c in CHECKS {
            let addr = *c as usize;
            assert!(!seen.contains(&addr), "a check is listed twice");
            seen.push(addr);
        }
    }
}
