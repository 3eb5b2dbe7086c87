//! The human format: `path:line:col: severity[code]: message`, the source line with a caret, and
//! `= help: ...`, then a summary line.

use std::fmt::Write as _;

use crate::report::diagnostic::Counts;
use crate::report::diagnostic::{Diagnostic, Severity};
use crate::report::redact::escape_controls;
use crate::report::render::{Style, visible};

fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Renders findings and a summary line.
pub fn render(diags: &[Diagnostic], style: Style) -> String {
    let mut out = render_findings(diags, style);
    let Counts {
        errors: e,
        warnings: w,
        infos: i,
    } = Counts::of(diags);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let summary = if e + w + i == 0 {
        "no problems found".to_owned()
    } else {
        format!(
            "{}, {}, {}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info")
        )
    };
    let _ = writeln!(out, "{summary}");
    out
}

/// Renders findings without a summary line (`lint` writes its own, which counts files).
pub fn render_findings(diags: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in visible(diags, style.verbose) {
        render_one(&mut out, d, style);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, style: Style) {
    let (sev_color, sev) = match d.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        Severity::Info => ("1;36", "info"),
    };
    // Text from input files reaches a terminal here: control characters are escaped.
    let _ = writeln!(
        out,
        "{}: {}: {}",
        escape_controls(&d.source.to_string()),
        paint(style, sev_color, &format!("{sev}[{}]", d.code)),
        paint(style, "1", &escape_controls(&d.message))
    );
    if let (Some(snippet), Some(line)) = (d.source.snippet(), d.source.line()) {
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad} |");
        // Built by `crate::report::redact::snippet`: values masked, control characters escaped.
        let _ = writeln!(out, "{line} | {}", escape_controls(&snippet.text));
        let caret = format!(
            "{}{}",
            " ".repeat((snippet.column.saturating_sub(1)) as usize),
            "^".repeat(snippet.width.max(1) as usize)
        );
        let _ = writeln!(out, "{pad} | {}", paint(style, sev_color, &caret));
    }
    if let Some(help) = &d.help {
        let _ = writeln!(
            out,
            "  = {}: {}",
            paint(style, "1", "help"),
            escape_controls(help)
        );
    }
    let _ = writeln!(out);
}
