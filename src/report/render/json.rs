//! The JSON format (stable, `"version": 1`).

use crate::report::diagnostic::Counts;
use crate::report::diagnostic::Diagnostic;

/// The report object: version, diagnostics (infos included) and summary.
pub(crate) fn value(diags: &[Diagnostic]) -> serde_json::Value {
    serde_json::json!({
        "version": 1,
        "diagnostics": diags,
        "summary": Counts::of(diags),
    })
}

/// The report as pretty JSON text.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut s = serde_json::to_string_pretty(&value(diags)).unwrap_or_default();
    s.push('\n');
    s
}
