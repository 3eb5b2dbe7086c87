//! Lint: judges deployment files (.env, Helm values, manifests, Compose, config files)
//! with the same rules as `check`, pointing at the line and column of each value.
//!
//! Every input unit (an `.env` file, a Helm values file, each container of a manifest workload,
//! each Compose service, a config file) becomes a list of [`Entry`]s whose source is the place the
//! value is written. Each unit is resolved and checked on its own with the rules `check` uses;
//! the readers add the "Deployment files" findings of RULES.md. Then findings that several units
//! share (a ConfigMap used by two containers) are reported once, and `# iamconf: allow(...)`
//! comments drop the findings on their line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::input::environment::{Entry, Environment, RawValue, is_sensitive_name, snippet};
use crate::input::source::{Snippet, Source, SourceKind, byte_of_column};
use crate::input::yaml::{Node, YamlError};
use crate::report::diagnostic::{Diagnostic, Report};
use crate::resolve::Options;
use crate::resolve::evaluate::evaluate;
use crate::rules::deployment::DUPLICATE_VARIABLE;
use crate::rules::names::PARSE_ERROR;

mod compose;
mod config;
mod detect;
mod env;
mod helm;
mod legacy_helm;
mod manifest;
mod run;
mod walk;

pub use run::{LintOptions, MAX_FILE_BYTES, STDIN_PATH, lint_with, read_limited};

/// What [`lint`] reads a file as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Kind {
    /// Pick by content.
    #[default]
    Auto,
    /// KEY=value file.
    Env,
    /// Operator chart values (`global:`).
    Helm,
    /// Legacy chart values (`sso:`, `ldap:`, `host:`).
    LegacyHelm,
    /// Kubernetes manifests.
    Manifest,
    /// Docker Compose file.
    Compose,
    /// Config file in the nested form.
    Config,
}

/// One set of variables judged on its own: a file, a container, a Compose service.
#[derive(Debug, Default)]
pub(crate) struct Unit {
    /// Names the unit in messages (`container app of Deployment/wandb`); none for whole files.
    pub(crate) label: Option<String>,
    /// The variables in the order the unit sets them (later ones win).
    pub(crate) entries: Vec<Entry>,
    /// Values that must not appear in messages (decoded Secret data), replaced by `***`.
    pub(crate) hidden: Vec<String>,
}

/// What a reader found in one file.
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub(crate) units: Vec<Unit>,
    /// Findings of the reader itself (parse errors, Deployment-files rules).
    pub(crate) findings: Vec<Diagnostic>,
    /// `# iamconf: allow(...)` comments of other files the reader read (Compose `env_file`s).
    pub(crate) allows: Vec<(PathBuf, usize, Vec<String>)>,
}

/// A file read as YAML: its lines, for snippets, and the source kind its values get.
pub(crate) struct YamlFile<'a> {
    pub(crate) path: &'a Path,
    pub(crate) lines: Vec<&'a str>,
    pub(crate) kind: SourceKind,
}

impl<'a> YamlFile<'a> {
    /// A YAML file of `text` at `path`.
    pub(crate) fn new(path: &'a Path, text: &'a str, kind: SourceKind) -> Self {
        YamlFile {
            path,
            lines: text.lines().collect(),
            kind,
        }
    }

    /// The source of a node that holds the value of variable `name` (used for redaction; may be
    /// empty for keys that are not variables).
    pub(crate) fn source(&self, name: &str, node: &Node) -> Source {
        self.source_with(name, node, false)
    }

    /// Like [`YamlFile::source`] but the value is always masked in the snippet (Secret data).
    pub(crate) fn masked_source(&self, node: &Node) -> Source {
        self.source_with("", node, true)
    }

    fn source_with(&self, name: &str, node: &Node, mask: bool) -> Source {
        let source = Source::file(self.kind, self.path, node.line, node.column);
        let Some(line) = self.lines.get(node.line.saturating_sub(1)) else {
            return source;
        };
        let start = byte_of_column(line, node.column);
        let end = if mask || is_sensitive_name(name) {
            line.len()
        } else {
            value_end(line, start)
        };
        let end = end.max(start);
        if mask {
            let text = format!("{}***", line.get(..start).unwrap_or(""));
            let column = line.get(..start).map_or(0, |s| s.chars().count()) + 1;
            return source.with_snippet(Snippet {
                text,
                column,
                width: 3,
            });
        }
        source.with_snippet(snippet(name, line, start..end, start..end))
    }
}

/// Where a YAML scalar that starts at `start` ends: before a trailing ` # comment`, trimmed.
fn value_end(line: &str, start: usize) -> usize {
    let rest = line.get(start..).unwrap_or("");
    let bytes = rest.as_bytes();
    let mut quote: Option<u8> = None;
    let mut end = rest.len();
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && i == 0 => quote = Some(b),
            None if b == b'#' && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                end = i;
                break;
            }
            None => {}
        }
    }
    start + rest[..end].trim_end().len()
}

/// A `parse-error` finding for a YAML syntax error.
pub(crate) fn yaml_error(path: &Path, kind: SourceKind, e: &YamlError) -> Diagnostic {
    PARSE_ERROR.diag(
        &Source::file(kind, path, e.line.max(1), e.column.max(1)),
        &[],
        format!("not valid YAML: {}", e.message),
        "fix the syntax at this line and column",
    )
}

/// The text of a scalar as a variable would hold it; `None` for null, mappings and sequences.
pub(crate) fn scalar(node: &Node) -> Option<&str> {
    node.scalar_text()
}

/// `duplicate-variable` for every entry whose name an earlier entry of `entries` already set.
pub(crate) fn duplicates(entries: &[Entry], place: &str, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Entry> = HashMap::new();
    for e in entries {
        match first.get(e.name.as_str()) {
            Some(earlier) => {
                let at = earlier
                    .source
                    .line
                    .map(|l| format!(" (first at line {l})"))
                    .unwrap_or_default();
                out.push(DUPLICATE_VARIABLE.diag(
                    &e.source,
                    &[&e.name],
                    format!("{} is set twice in {place}{at}; the last one wins", e.name),
                    format!("remove one of the two {} lines", e.name),
                ));
            }
            None => {
                first.insert(&e.name, e);
            }
        }
    }
}

/// Lints files and directories with the default options (`.gitignore` and hidden-file rules
/// respected, no standard input): see [`lint_with`].
///
/// ```no_run
/// let report = iamconf::lint::lint(&["deploy/".into()], iamconf::lint::Kind::Auto);
/// for d in report.diagnostics() {
///     println!("{d}");
/// }
/// ```
pub fn lint(paths: &[PathBuf], kind: Kind) -> Report {
    lint_with(
        paths,
        LintOptions {
            kind,
            ..LintOptions::default()
        },
    )
}

/// Runs the reader of a file's kind.
fn read(input: &detect::Input, objects: &manifest::Objects) -> Output {
    let source_kind = match input.kind {
        Kind::Env | Kind::Auto => SourceKind::EnvFile,
        Kind::Helm | Kind::LegacyHelm => SourceKind::HelmValues,
        Kind::Manifest => SourceKind::Manifest,
        Kind::Compose => SourceKind::Compose,
        Kind::Config => SourceKind::ConfigFile,
    };
    match input.kind {
        Kind::Env | Kind::Auto => env::read(&input.path, &input.bytes),
        Kind::Config => config::read(&input.path, &input.text),
        kind => {
            let docs = match &input.docs {
                Ok(docs) => docs,
                Err(e) => {
                    return Output {
                        findings: vec![yaml_error(&input.path, source_kind, e)],
                        ..Output::default()
                    };
                }
            };
            let file = YamlFile::new(&input.path, &input.text, source_kind);
            match kind {
                Kind::Helm => helm::read(docs, &file),
                Kind::LegacyHelm => legacy_helm::read(docs, &file),
                Kind::Manifest => manifest::read(docs, &file, objects),
                _ => compose::read(docs, &file),
            }
        }
    }
}

/// Resolves and checks one unit with every rule `check` runs.
fn judge(unit: Unit) -> Vec<Diagnostic> {
    if unit.entries.is_empty() {
        return Vec::new();
    }
    let mut env = Environment::default();
    for e in unit.entries {
        env.insert(e);
    }
    let (_, mut diags) = evaluate(
        &env,
        Options {
            read_secret_files: false,
        },
    );
    for d in &mut diags {
        for h in unit.hidden.iter().filter(|h| !h.is_empty()) {
            d.message = scrub(&d.message, h);
            d.help = d.help.as_deref().map(|t| scrub(t, h));
        }
        if let Some(label) = &unit.label {
            d.message = format!("{label}: {}", d.message);
        }
    }
    diags
}

/// `text` with the hidden value `h` replaced by `***` (a one-character value only after `=`).
fn scrub(text: &str, h: &str) -> String {
    if h.chars().count() > 1 {
        text.replace(h, "***")
    } else {
        text.replace(&format!("={h}"), "=***")
    }
}

/// A text value, or `Unknown` when it is filled in later (`{{ }}`, `$(VAR)`, `${VAR}`).
pub(crate) fn raw_text(text: &str) -> RawValue {
    if text.contains("{{") || text.contains("$(") || text.contains("${") {
        RawValue::Unknown
    } else {
        RawValue::Text(text.to_owned())
    }
}
