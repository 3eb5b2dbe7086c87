//! Docker Compose files: each service's `env_file:` entries (relative to the Compose file) and
//! its `environment:` (a list of `KEY=value` or a mapping; `environment:` wins), each service
//! judged on its own.

use std::path::Path;

use crate::input::bounded::ReadError;
use crate::input::environment::{Entry, RawValue, display_value, snippet};
use crate::input::source::SourceKind;
use crate::input::tree::{Node, NodeKind};
use crate::lint::inputs::{Scope, normalize};
use crate::lint::{Output, Unit, YamlFile, duplicates, raw_text, scalar};
use crate::report::redact::{LONG_LINE, Syntax, elided};
use crate::rules::inputs::FILE_OUTSIDE_ROOT;
use crate::rules::names::PARSE_ERROR;

/// Reads every service of a Compose file.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>, scope: &Scope) -> Output {
    let mut out = Output::default();
    let Some(root) = docs.iter().find(|d| !d.is_null()) else {
        return out;
    };
    let dir = file.path.parent().unwrap_or(Path::new(""));
    for (k, service) in root.get("services").and_then(Node::as_map).unwrap_or(&[]) {
        let Some(name) = k.as_str() else { continue };
        let label = format!("service `{name}`");
        let mut entries = Vec::new();
        if let Some(env_file) = service.get("env_file") {
            let items: Vec<&Node> = match &env_file.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                NodeKind::Null => Vec::new(),
                _ => vec![env_file],
            };
            for item in items {
                read_env_file(scope, item, dir, file, &mut entries, &mut out);
            }
        }
        if let Some(env) = service.get("environment") {
            let mut listed = Vec::new();
            match &env.kind {
                NodeKind::Seq(items) => {
                    for item in items {
                        let Some(text) = scalar(item) else { continue };
                        let (var, value) = match text.split_once('=') {
                            Some((n, v)) => (n.trim(), raw_text(v)),
                            None => (text.trim(), RawValue::Unknown),
                        };
                        listed.push(Entry {
                            name: var.to_owned(),
                            value,
                            source: list_source(file, var, item),
                        });
                    }
                }
                NodeKind::Map(pairs) => {
                    for (k, v) in pairs {
                        let Some(var) = k.as_str() else { continue };
                        let (value, at) = match scalar(v) {
                            Some(text) => (raw_text(text), v),
                            // `KEY:` with no value takes the variable from the host.
                            None => (RawValue::Unknown, k),
                        };
                        listed.push(Entry {
                            name: var.to_owned(),
                            value,
                            source: file.source(var, at),
                        });
                    }
                }
                _ => {}
            }
            duplicates(
                &listed,
                &format!("the environment of {label}"),
                &mut out.findings,
            );
            entries.extend(listed);
        }
        out.units.push(Unit {
            label: Some(label),
            entries,
            hidden: Vec::new(),
            ..Unit::default()
        });
    }
    out
}

/// The source of a `- KEY=value` list item: the value is what follows the `=`.
fn list_source(file: &YamlFile<'_>, var: &str, item: &Node) -> crate::input::source::Source {
    let source = file.at(item.line(), item.column());
    let Some(line) = file.line(item.line()) else {
        return source;
    };
    let text = scalar(item).unwrap_or("");
    let value = text.split_once('=').map(|(_, v)| v);
    if line.len() > LONG_LINE {
        let shown = value.and_then(|v| display_value(var, v));
        return source.with_snippet(elided(shown.as_deref()));
    }
    let start = line
        .char_indices()
        .nth(item.column().saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    // The value starts after the `=` of the item (after the opening quote, if any).
    let vstart = line
        .get(start..)
        .and_then(|r| r.find('='))
        .map(|eq| start + eq + 1);
    let end = start + line.get(start..).map_or(0, |r| r.trim_end().len());
    let keep = vstart.zip(value);
    source.with_snippet(snippet(var, line, Syntax::Yaml, keep, start..end))
}

/// One `env_file:` entry: a path, or `{path, required}`.
fn read_env_file(
    scope: &Scope,
    item: &Node,
    dir: &Path,
    file: &YamlFile<'_>,
    entries: &mut Vec<Entry>,
    out: &mut Output,
) {
    let (path_node, required) = match &item.kind {
        NodeKind::Map(_) => (
            item.get("path"),
            item.get("required").and_then(scalar) != Some("false"),
        ),
        _ => (Some(item), true),
    };
    let Some(path_node) = path_node else { return };
    let Some(rel) = scalar(path_node) else { return };
    let path = normalize(&dir.join(rel));
    if !scope.contains(&path) {
        out.findings.push(FILE_OUTSIDE_ROOT.diag(
            &file.source("", path_node),
            &[],
            format!(
                "the env_file {} is outside the paths given to lint; it was not read",
                path.display()
            ),
            "keep it inside the linted tree, lint it directly, or pass --follow-outside",
        ));
        return;
    }
    match crate::input::bounded::read(&path, crate::input::bounded::Purpose::Deployment) {
        Ok(bytes) => {
            let parsed = crate::input::env_file::parse(&bytes, &path, SourceKind::EnvFile);
            out.findings.extend(parsed.problems);
            duplicates(&parsed.entries, "this file", &mut out.findings);
            out.allows.extend(
                parsed
                    .allows
                    .into_iter()
                    .map(|(line, codes)| (path.clone(), line, codes)),
            );
            entries.extend(parsed.entries);
        }
        Err(e) if required => out.findings.push(PARSE_ERROR.diag(
            &file.source("", path_node),
            &[],
            format!("the env_file {} cannot be read: {e}", path.display()),
            "fix the path (it is relative to the Compose file) or mark the entry `required: false`",
        )),
        // A missing optional file is fine; one that exists but cannot be read is reported.
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => out.findings.push(PARSE_ERROR.diag(
            &file.source("", path_node),
            &[],
            format!("the env_file {} cannot be read: {e}", path.display()),
            e.help(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn normalizes_relative_env_file_paths() {
        assert_eq!(
            normalize(Path::new("tests/compose/../env/a.env")),
            Path::new("tests/env/a.env")
        );
        assert_eq!(normalize(Path::new("./c/../a.env")), Path::new("./a.env"));
        assert_eq!(normalize(Path::new("c/./a.env")), Path::new("c/a.env"));
        assert_eq!(
            normalize(Path::new("../x/./a.env")),
            Path::new("../x/a.env")
        );
    }
}
