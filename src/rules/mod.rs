//! The rule catalogue: each rule is a static entry (code, severity, summary, docs) declared beside
//! the check that raises it, in a file per theme or identity provider. [`RULES`] lists them all,
//! sorted by code; a test keeps it equal to RULES.md.

use crate::diagnostic::{Diagnostic, Severity};
use crate::resolve::Resolved;
use crate::source::Source;

pub(crate) mod break_glass;
pub(crate) mod deployment;
pub(crate) mod ldap;
pub(crate) mod names;
pub(crate) mod oidc;
pub(crate) mod server;
pub(crate) mod values;

/// One rule of RULES.md.
#[derive(Debug)]
pub(crate) struct Rule {
    /// The stable kebab-case code.
    pub(crate) code: &'static str,
    /// The default severity.
    pub(crate) severity: Severity,
    /// One line: when it fires.
    pub(crate) summary: &'static str,
    /// Docs: what it checks.
    pub(crate) what: &'static str,
    /// Docs: why it matters.
    pub(crate) why: &'static str,
    /// Docs: an example that fires it.
    pub(crate) example: &'static str,
    /// Docs: the fix.
    pub(crate) fix: &'static str,
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub(crate) fn diag(
        &'static self,
        source: &Source,
        variables: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let help = help.into();
        Diagnostic {
            code: self.code,
            severity: self.severity,
            variables: variables.iter().map(|v| (*v).to_owned()).collect(),
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
            source: source.clone(),
        }
    }

    /// The full documentation, as `iamconf explain` prints it.
    pub(crate) fn docs(&self) -> String {
        format!(
            "{code} ({severity})\n\n{summary}\n\n## What it checks\n\n{what}\n\n## Why it matters\n\n{why}\n\n## Example\n\n{example}\n\n## Fix\n\n{fix}\n",
            code = self.code,
            severity = self.severity,
            summary = self.summary,
            what = self.what.trim(),
            why = self.why.trim(),
            example = self.example.trim(),
            fix = self.fix.trim(),
        )
    }
}

/// Declares a rule as a static entry.
macro_rules! rule {
    (
        $(#[$m:meta])*
        $NAME:ident = $code:literal, $sev:ident,
        summary: $summary:literal,
        what: $what:literal,
        why: $why:literal,
        example: $example:literal,
        fix: $fix:literal $(,)?
    ) => {
        $(#[$m])*
        pub(crate) static $NAME: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            severity: $crate::diagnostic::Severity::$sev,
            summary: $summary,
            what: $what,
            why: $why,
            example: $example,
            fix: $fix,
        };
    };
}
pub(crate) use rule;

/// A check over resolved settings (shared by `check` and `lint`).
pub(crate) type Check = fn(&Resolved, &mut Vec<Diagnostic>);

/// Every check over resolved settings, in the order they run.
pub(crate) static CHECKS: &[Check] = &[
    oidc::check_incomplete,
    server::check_host,
    ldap::check_incomplete,
    break_glass::check_local_restore,
    oidc::check_without_effect,
];

/// Every rule, sorted by code.
pub(crate) static RULES: &[&Rule] = &[
    &names::CONFLICTING_ALIASES,
    &names::DEPRECATED_NAME,
    &deployment::DUPLICATE_VARIABLE,
    &values::EMPTY_VALUE,
    &deployment::HELM_EXTRA_ENV_NOT_MAP,
    &deployment::HELM_OIDC_DISABLED,
    &deployment::HELM_UNKNOWN_KEY,
    &server::HOST_MISSING,
    &server::HOST_MISSING_SCHEME,
    &values::INVALID_AUTH_METHOD,
    &values::INVALID_BOOL,
    &values::INVALID_NUMBER,
    &values::INVALID_URL,
    &values::INVALID_VALUE,
    &ldap::LDAP_INCOMPLETE,
    &break_glass::LOCAL_RESTORE_ENABLED,
    &values::NON_UTF8_VALUE,
    &oidc::OIDC_INCOMPLETE,
    &names::PARSE_ERROR,
    &values::RETENTION_PERIOD_UNIT,
    &deployment::SECRET_IN_PLAIN_VALUE,
    &values::SESSION_LENGTH_UNIT,
    &oidc::SETTING_WITHOUT_EFFECT,
    &names::UNKNOWN_VARIABLE,
    &names::UNREAD_NAME,
];

/// The rule with this code.
pub(crate) fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// Runs every check over resolved settings.
pub(crate) fn run_checks(resolved: &Resolved, out: &mut Vec<Diagnostic>) {
    for check in CHECKS {
        check(resolved, out);
    }
}
