//! The JSON format (stable, `"version": 1`).

use crate::report::diagnostic::Diagnostic;
use crate::report::render::counts;

/// The report object: version, diagnostics (infos included) and summary.
pub(crate) fn value(diags: &[Diagnostic]) -> serde_json::Value {
    let (errors, warnings, infos) = counts(diags);
    serde_json::json!({
        "version": 1,
        "diagnostics": diags,
        "summary": { "errors": errors, "warnings": warnings, "infos": infos },
    })
}

/// The report as pretty JSON text.
pub(crate) fn render(diags: &[Diagnostic]) -> String {
    let mut s = serde_json::to_string_pretty(&value(diags)).unwrap_or_default();
    s.push('\n');
    s
}
