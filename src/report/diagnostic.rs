//! Findings and the report that collects every one of them.

use std::fmt;

use crate::input::source::Source;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Reported only with `--verbose` or in JSON.
    Info,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
    /// Fails the load, `check` and `lint`.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: a rule's code, the variables as spelled in the input, where the value came from,
/// what is wrong and how to fix it. It never holds a secret's value.
///
/// ```
/// let report = iamconf::Config::builder()
///     .env_vars([("GORILLA_AUTH_METHOD", "PKCE")])
///     .load()
///     .unwrap_err();
/// let d = &report.diagnostics()[0];
/// assert_eq!(d.code(), "invalid-auth-method");
/// assert_eq!(d.severity(), iamconf::Severity::Error);
/// assert_eq!(d.variables(), ["GORILLA_AUTH_METHOD"]);
/// assert_eq!(d.source().to_string(), "environment variable `GORILLA_AUTH_METHOD`");
/// assert!(d.help().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub(crate) code: &'static str,
    pub(crate) severity: Severity,
    pub(crate) variables: Vec<String>,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    pub(crate) source: Source,
}

impl Diagnostic {
    /// The rule's code (RULES.md), such as `cognito-requires-pkce`.
    pub fn code(&self) -> &str {
        self.code
    }

    /// The severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The variables concerned, spelled as in the input.
    pub fn variables(&self) -> &[String] {
        &self.variables
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Where the value came from.
    pub fn source(&self) -> &Source {
        &self.source
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.source, self.severity, self.code, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Counts the findings of `diags`.
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let n = |s| diags.iter().filter(|d| d.severity == s).count();
        Counts {
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            infos: n(Severity::Info),
        }
    }
}

/// Every finding of one load or lint run, in the order found.
///
/// ```
/// let mut report = iamconf::Config::builder()
///     .env_vars([("LOCAL_RESTORE", "on"), ("OIDC_ISSUER", "https://x.okta.com")])
///     .load()
///     .unwrap_err();
/// assert!(report.has_errors());
/// assert!(report.contains("invalid-bool") && report.contains("oidc-incomplete"));
/// assert_eq!(report.counts().errors, 2);
/// report.allow(["invalid-bool"]);
/// assert!(!report.contains("invalid-bool"));
/// println!("{report}"); // one line per finding, then the counts
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) unreadable: Vec<std::path::PathBuf>,
    pub(crate) skipped: Vec<std::path::PathBuf>,
    pub(crate) notes: Vec<String>,
}

impl Report {
    /// All findings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Findings of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// How many findings of each severity.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// Whether a finding with this code is present.
    pub fn contains(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// Drops the findings whose code is in `allowed`.
    pub fn allow<I>(&mut self, allowed: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let allowed: Vec<I::Item> = allowed.into_iter().collect();
        self.diagnostics
            .retain(|d| !allowed.iter().any(|a| a.as_ref() == d.code));
    }

    /// Inputs that could not be read at all (the CLI exits 2 for them).
    pub fn unreadable_inputs(&self) -> &[std::path::PathBuf] {
        &self.unreadable
    }

    /// Files that `lint` was given but does not read (none of the kinds it knows).
    pub fn skipped_inputs(&self) -> &[std::path::PathBuf] {
        &self.skipped
    }

    /// Notes of a lint run on how it read its inputs (which W&B Terraform module's inputs a
    /// `.tfvars` file was judged as, when no module call wires it).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub(crate) fn unreadable(&mut self, d: Diagnostic) {
        if let Some(p) = d.source.path() {
            self.unreadable.push(p.to_path_buf());
        }
        self.diagnostics.push(d);
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Adds findings (for example those of the online discovery check).
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let Counts {
            errors,
            warnings,
            infos,
        } = self.counts();
        write!(
            f,
            "{errors} error(s), {warnings} warning(s), {infos} info(s)"
        )
    }
}

impl std::error::Error for Report {}
