//! The shape of a rule: a static entry with its code, severity and docs, and the `rule!` macro
//! that declares one beside its check.

use crate::input::source::Source;
use crate::report::diagnostic::{Diagnostic, Severity};

/// One rule: its code, default severity and documentation.
#[derive(Debug)]
pub struct Rule {
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

    /// The stable kebab-case code, such as `cognito-requires-pkce`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The default severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// One line: when it fires.
    pub fn summary(&self) -> &'static str {
        self.summary
    }

    /// The full documentation, as `iamconf explain` prints it.
    pub fn docs(&self) -> String {
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
        pub(crate) static $NAME: $crate::rules::rule::Rule = $crate::rules::rule::Rule {
            code: $code,
            severity: $crate::report::diagnostic::Severity::$sev,
            summary: $summary,
            what: $what,
            why: $why,
            example: $example,
            fix: $fix,
        };
    };
}
pub(crate) use rule;
