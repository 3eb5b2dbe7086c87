//! SARIF 2.1.0, for code-scanning uploads: one rule per code with its docs, one result per finding.

use crate::report::diagnostic::{Diagnostic, Severity};
use crate::report::render::visible;
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The help URI of a rule: where `iamconf explain CODE` documentation lives.
pub(crate) fn help_uri(code: &str) -> String {
    format!(
        "https://docs.rs/iamconf/{}/iamconf/#{code}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Renders a SARIF log.
pub fn render(diags: &[Diagnostic], verbose: bool) -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.what.trim() },
                "help": { "text": format!("{}\nRun `iamconf explain {}` for details.", r.fix.trim(), r.code), "markdown": r.docs() },
                "helpUri": help_uri(r.code),
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = visible(diags, verbose)
        .map(|d| {
            let index = RULES.iter().position(|r| r.code == d.code);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = serde_json::json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
            });
            if let Some(i) = index {
                result["ruleIndex"] = serde_json::json!(i);
            }
            if let Some(path) = d.source.path() {
                let mut region = serde_json::Map::new();
                if let Some(l) = d.source.line {
                    region.insert("startLine".into(), l.into());
                }
                if let Some(c) = d.source.column {
                    region.insert("startColumn".into(), c.into());
                }
                let mut physical = serde_json::json!({
                    "artifactLocation": { "uri": path.display().to_string().replace('\\', "/") },
                });
                if !region.is_empty() {
                    physical["region"] = serde_json::Value::Object(region);
                }
                result["locations"] = serde_json::json!([{ "physicalLocation": physical }]);
            } else {
                result["locations"] = serde_json::json!([{
                    "logicalLocations": [{ "name": d.source.to_string(), "kind": "variable" }]
                }]);
            }
            result
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "iamconf",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.rs/iamconf",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
