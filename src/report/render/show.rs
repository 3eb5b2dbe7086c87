//! `iamconf show`: every setting with its effective value and where it came from, as aligned
//! text by section or as JSON (`"version": 1`). Secrets print as `***`.

use std::fmt::Write as _;

use crate::input::source::SourceKind;
use crate::model::config::SettingView;
use crate::report::diagnostic::Counts;
use crate::resolve::load::Evaluation;

/// The settings as text: one `[section]` block per section, `NAME = value  (source)` per line,
/// the detected identity provider under the issuer, and a summary when there are findings.
pub fn human(eval: &Evaluation) -> String {
    let views: Vec<SettingView<'_>> = eval.settings().collect();
    let provider = eval.identity_provider();
    let mut out = String::new();
    let width = views.iter().map(|v| v.variable.len()).max().unwrap_or(0);
    let mut section = "";
    for v in &views {
        if v.section != section {
            section = v.section;
            let _ = writeln!(out, "[{section}]");
        }
        let value = match v.value {
            Some(value) => value.to_string(),
            None if v.source.kind == SourceKind::Default => "(unset)".to_owned(),
            None => "(invalid)".to_owned(),
        };
        let from = if v.spelled != v.variable && v.source.kind != SourceKind::Default {
            format!("{} via {}", v.source, v.spelled)
        } else {
            v.source.to_string()
        };
        // Values and places come from input files: control characters escaped.
        let value = crate::report::redact::escape_controls(&value).into_owned();
        let from = crate::report::redact::escape_controls(&from).into_owned();
        let _ = writeln!(out, "  {:<width$} = {value}  ({from})", v.variable);
        if let Some(p) = provider.as_ref().filter(|_| v.variable == "OIDC_ISSUER") {
            let _ = writeln!(out, "  {:<width$} = {p}  (from {})", "provider", v.spelled);
        }
    }
    let Counts {
        errors: e,
        warnings: w,
        infos: i,
    } = eval.report().counts();
    if e + w > 0 {
        let _ = writeln!(
            out,
            "\n{e} error(s), {w} warning(s), {i} info(s): run `iamconf check` for details"
        );
    }
    out
}

/// The settings as pretty JSON: `version`, `provider`, `settings`, `diagnostics`, `summary`.
pub fn json(eval: &Evaluation) -> String {
    let views: Vec<SettingView<'_>> = eval.settings().collect();
    let diags = eval.report().diagnostics();
    let v = serde_json::json!({
        "version": 1,
        "provider": eval.identity_provider(),
        "settings": views,
        "diagnostics": diags,
        "summary": eval.report().counts(),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
