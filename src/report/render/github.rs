//! GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=CODE::message`.

use std::fmt::Write as _;

use crate::report::diagnostic::{Diagnostic, Severity};
use crate::report::render::visible;

fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    // Any other control character from an input file would reach the job log raw.
    crate::report::redact::escape_controls(&s).into_owned()
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one workflow command per finding.
pub fn render(diags: &[Diagnostic], verbose: bool) -> String {
    let mut out = String::new();
    for d in visible(diags, verbose) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(path) = d.source.path() {
            props.push(format!(
                "file={}",
                escape_property(&path.display().to_string())
            ));
            if let Some(l) = d.source.line() {
                props.push(format!("line={l}"));
            }
            if let Some(c) = d.source.column() {
                props.push(format!("col={c}"));
            }
        }
        props.push(format!("title={}", escape_property(d.code)));
        let mut message = d.message.clone();
        if d.source.path().is_none() {
            message = format!("{} ({})", message, d.source);
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}
