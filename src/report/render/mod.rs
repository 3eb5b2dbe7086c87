//! Output formats of findings: human, JSON, SARIF 2.1.0 and GitHub workflow commands. The
//! renderers build strings; only the binary writes them.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

use crate::report::diagnostic::{Diagnostic, Severity};

/// What a renderer needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Style {
    /// ANSI colours.
    pub(crate) color: bool,
    /// Show infos too.
    pub(crate) verbose: bool,
}

/// The findings a non-JSON format shows: infos only when verbose.
pub(crate) fn visible(diags: &[Diagnostic], verbose: bool) -> impl Iterator<Item = &Diagnostic> {
    diags
        .iter()
        .filter(move |d| verbose || d.severity != Severity::Info)
}

/// Counts of errors, warnings and infos.
pub(crate) fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}
