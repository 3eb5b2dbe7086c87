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
pub(crate) mod client;
pub(crate) mod cognito;
pub(crate) mod deployment;
pub(crate) mod discovery;
pub(crate) mod entra;
pub(crate) mod flow;
pub(crate) mod google;
pub(crate) mod groups;
pub(crate) mod inputs;
pub(crate) mod interpolation;
pub(crate) mod issuer;
pub(crate) mod issuer_shape;
pub(crate) mod keycloak;
pub(crate) mod ldap;
pub(crate) mod legacy;
pub(crate) mod method;
pub(crate) mod names;
pub(crate) mod oidc;
pub(crate) mod options;
pub(crate) mod probe;
pub(crate) mod rule;
pub(crate) mod server;
pub(crate) mod session;
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
    issuer_shape::check,
    cognito::check_issuer,
    cognito::check_requires_pkce,
    flow::check,
    entra::check_issuer,
    auth0::check_trailing_slash,
    keycloak::check_legacy_path,
    google::check_pkce_secret,
    method::check_defaulted,
    server::check_host,
    client::check_host,
    client::check_secret_id,
    groups::check_scope,
    groups::check_claim,
    options::check_ldap_login,
    options::check_switches,
    session::check_short,
    legacy::check_auth_jwk_url,
    interpolation::check,
    ldap::check_incomplete,
    break_glass::check_local_restore,
    oidc::check_without_effect,
];

/// Every rule, sorted by code.
pub(crate) static RULES: &[&Rule] = &[
    &options::AUDIENCE_VALIDATION_SKIPPED,
    &method::AUTH_METHOD_DEFAULTED,
    &auth0::AUTH0_ISSUER_TRAILING_SLASH,
    &deployment::CHART_VERSION_BUG,
    &names::CLIENT_ONLY_VARIABLE,
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
    &client::ENTRA_SECRET_ID_AS_SECRET,
    &entra::ENTRA_V1_TOKEN_ISSUER,
    &inputs::FILE_NOT_READ,
    &inputs::FILE_OUTSIDE_ROOT,
    &google::GOOGLE_PKCE_NEEDS_SECRET,
    &groups::GROUPS_CLAIM_MISMATCH,
    &groups::GROUPS_SCOPE_REJECTED,
    &deployment::HELM_CLIENT_ID_NOT_STRING,
    &deployment::HELM_EXTRA_ENV_NOT_MAP,
    &deployment::HELM_OIDC_DISABLED,
    &deployment::HELM_UNKNOWN_KEY,
    &deployment::HELM_VALUE_COERCED,
    &deployment::HELM_VALUE_IGNORED,
    &client::HOST_IS_CALLBACK_URL,
    &server::HOST_MISSING,
    &values::HOST_MISSING_SCHEME,
    &options::INSECURE_ADMIN_ACCESS,
    &values::INVALID_AUTH_METHOD,
    &values::INVALID_BOOL,
    &values::INVALID_NUMBER,
    &values::INVALID_URL,
    &values::INVALID_VALUE,
    &issuer::ISSUER_HAS_CREDENTIALS,
    &issuer::ISSUER_HAS_QUERY_OR_FRAGMENT,
    &issuer::ISSUER_INSECURE_LOOPBACK,
    &issuer::ISSUER_IS_DISCOVERY_URL,
    &issuer_shape::ISSUER_LOOKS_LIKE_ENDPOINT,
    &issuer_shape::ISSUER_MISSING_TRAILING_SLASH,
    &issuer::ISSUER_NOT_HTTPS,
    &issuer_shape::ISSUER_NOT_PUBLISHED,
    &issuer_shape::ISSUER_TRAILING_SLASH,
    &discovery::JWKS_NO_SIGNING_KEY,
    &discovery::JWKS_UNREACHABLE,
    &keycloak::KEYCLOAK_LEGACY_PATH,
    &ldap::LDAP_INCOMPLETE,
    &options::LDAP_LOGIN_DISABLED,
    &names::LEGACY_VARIABLE,
    &break_glass::LOCAL_RESTORE_ENABLED,
    &values::NON_UTF8_VALUE,
    &oidc::OIDC_INCOMPLETE,
    &issuer_shape::OKTA_ADMIN_DOMAIN,
    &names::PARSE_ERROR,
    &probe::PROBE_CLIENT_UNKNOWN,
    &probe::PROBE_INCONCLUSIVE,
    &probe::PROBE_REDIRECT_URI_REJECTED,
    &probe::PROBE_RESPONSE_TYPE_REJECTED,
    &probe::PROBE_SCOPE_REJECTED,
    &probe::PROBE_SECRET_REJECTED,
    &probe::PROBE_SECRET_REQUIRED,
    &flow::PROVIDER_PREFERS_PKCE,
    &flow::PROVIDER_REQUIRES_PKCE,
    &client::REDIRECT_URI_NOT_HTTPS,
    &values::RETENTION_PERIOD_UNIT,
    &deployment::SECRET_IN_PLAIN_VALUE,
    &session::SESSION_LENGTH_SHORT,
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
    &interpolation::UNRESOLVED_INTERPOLATION,
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
