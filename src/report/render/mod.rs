//! Output formats of findings: human, JSON, SARIF 2.1.0 and GitHub workflow commands. The
//! renderers build strings; only the binary writes them.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod show;

use crate::report::diagnostic::{Diagnostic, Severity};

/// What a renderer needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Show infos too.
    pub verbose: bool,
}

/// The findings a non-JSON format shows: infos only when verbose.
pub(crate) fn visible(diags: &[Diagnostic], verbose: bool) -> impl Iterator<Item = &Diagnostic> {
    diags
        .iter()
        .filter(move |d| verbose || d.severity != Severity::Info)
}
