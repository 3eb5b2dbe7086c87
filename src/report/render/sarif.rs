//! SARIF 2.1.0, for code-scanning uploads: one rule per code with its docs, one result per finding.

use crate::report::diagnostic::{Diagnostic, Severity};
use crate::report::render::visible;
use crate::rules::RULES;
use std::path::{Component, Path, PathBuf};
use url::Url;

use crate::input::source::STDIN_PATH;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where SARIF paths and rule links point.
#[derive(Debug, Clone)]
pub struct SarifOptions {
    /// Show infos too.
    pub verbose: bool,
    /// `%SRCROOT%`: file URIs are relative to it (`--sarif-root`; a relative path is taken from
    /// the current directory, which is the default).
    pub root: PathBuf,
    /// The rule reference that `helpUri`s point into; `#CODE` is appended (`--rule-docs-url`).
    pub rule_docs: String,
}

impl Default for SarifOptions {
    fn default() -> Self {
        SarifOptions {
            verbose: false,
            root: PathBuf::from("."),
            rule_docs: default_rule_docs_url(),
        }
    }
}

/// The rule reference a `helpUri` points into by default: `schema/RULES.md` of the repository
/// at this version's tag (one anchor per code), or of the published crate's sources.
pub fn default_rule_docs_url() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repository.is_empty() {
        format!("https://docs.rs/crate/iamconf/{version}/source/schema/RULES.md")
    } else {
        format!("{repository}/blob/v{version}/schema/RULES.md")
    }
}

/// The help URI of a rule: its anchor in the rule reference.
pub(crate) fn help_uri(base: &str, code: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{code}")
}

/// The `artifactLocation` of a file: relative to `%SRCROOT%` when the file is under the root,
/// an absolute `file://` URI otherwise; standard input has a description and no URI.
fn artifact_location(path: &Path, root: &Path, root_url: Option<&Url>) -> serde_json::Value {
    if path == Path::new(STDIN_PATH) {
        return serde_json::json!({ "description": { "text": "standard input" } });
    }
    let absolute = if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&root_cwd().join(path))
    };
    let under = |p: &Path, r: &Path| p.starts_with(r);
    let mut candidates = vec![(absolute.clone(), root.to_path_buf())];
    if let (Ok(p), Ok(r)) = (
        std::fs::canonicalize(&absolute),
        std::fs::canonicalize(root),
    ) {
        candidates.push((p, r));
    }
    for (p, r) in &candidates {
        if !under(p, r) {
            continue;
        }
        let rel = p.strip_prefix(r).unwrap_or(p);
        let uri = rel
            .components()
            .map(|c| encode_segment(&c.as_os_str().to_string_lossy()))
            .collect::<Vec<_>>()
            .join("/");
        if root_url.is_some() && !uri.is_empty() {
            return serde_json::json!({ "uri": uri, "uriBaseId": SRCROOT });
        }
    }
    match Url::from_file_path(&absolute) {
        Ok(url) => serde_json::json!({ "uri": url.as_str() }),
        Err(()) => serde_json::json!({ "uri": encode_segment(&absolute.to_string_lossy()) }),
    }
}

/// The current directory (relative paths in findings are relative to it).
fn root_cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_default()
}

/// `a/./b/../c` -> `a/c`, lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// One path segment as a URI reference segment (RFC 3986 `pchar`s kept, the rest escaped).
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The base id of repository-relative URIs, as GitHub code scanning expects it.
const SRCROOT: &str = "%SRCROOT%";

/// Renders a SARIF log: one rule per code, one result per finding, file URIs relative to
/// `%SRCROOT%` (the root) or absolute `file://` URIs for files outside it.
pub fn render(diags: &[Diagnostic], options: &SarifOptions) -> String {
    let verbose = options.verbose;
    let root = normalize(&root_cwd().join(&options.root));
    let root_url = Url::from_directory_path(&root).ok();
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.what.trim() },
                "help": { "text": format!("{}\nRun `iamconf explain {}` for details.", r.fix.trim(), r.code), "markdown": r.docs() },
                "helpUri": help_uri(&options.rule_docs, r.code),
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
                if let Some(l) = d.source.line() {
                    region.insert("startLine".into(), l.into());
                }
                if let Some(c) = d.source.column() {
                    region.insert("startColumn".into(), c.into());
                }
                let mut physical = serde_json::json!({
                    "artifactLocation": artifact_location(path, &root, root_url.as_ref()),
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
    let mut run_extra = serde_json::Map::new();
    if let Some(url) = &root_url {
        run_extra.insert(
            "originalUriBaseIds".into(),
            serde_json::json!({ SRCROOT: { "uri": url.as_str() } }),
        );
    }
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
            "columnKind": "unicodeCodePoints",
        }],
    });
    let mut log = log;
    if let Some(run) = log["runs"][0].as_object_mut() {
        run.extend(run_extra);
    }
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
