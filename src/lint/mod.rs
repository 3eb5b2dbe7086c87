//! Lint: judges deployment files (.env, Helm values, manifests, Compose, config files)
//! with the same rules as `check`, pointing at the line and column of each value.
//!
//! Every input unit (an `.env` file, a Helm values file, each container of a manifest workload,
//! each Compose service, a config file) becomes a list of entries whose source is the place the
//! value is written. Each unit is resolved and checked on its own with the rules `check` uses;
//! the readers add the "Deployment files" findings of RULES.md. Then findings that several units
//! share (a ConfigMap used by two containers) are reported once, and `# iamconf: allow(...)`
//! comments drop the findings on their line.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::input::environment::{Entry, Environment, RawValue, snippet};
use crate::input::source::{Source, SourceKind, byte_of_column};
use crate::input::yaml::{Node, YamlError};
use crate::report::diagnostic::{Diagnostic, Report};
use crate::report::redact::Syntax;
use crate::resolve::Options;
use crate::resolve::evaluate::{evaluate, sort};
use crate::rules::deployment::DUPLICATE_VARIABLE;
use crate::rules::names::PARSE_ERROR;

mod compose;
mod config;
mod detect;
mod env;
mod helm;
mod inputs;
mod legacy_helm;
mod manifest;
mod terraform;
mod walk;

/// What [`lint`] reads a file as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Kind {
    /// Pick by content.
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
    /// Terraform calling W&B's modules (`.tf`, `.tfvars`, `.tfvars.json`).
    Terraform,
}

/// One set of variables judged on its own: a file, a container, a Compose service.
#[derive(Debug, Default)]
pub(crate) struct Unit {
    /// Names the unit in messages (`container app of Deployment/wandb`); none for whole files.
    pub(crate) label: Option<String>,
    /// The variables in the order the unit sets them (later ones win).
    pub(crate) entries: Vec<Entry>,
    /// Variables whose value comes from a Kubernetes Secret: their findings never quote it.
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
        let end = value_end(line, start).max(start);
        let value = if mask {
            None
        } else {
            node.scalar_text().map(|t| (start, t))
        };
        source.with_snippet(snippet(name, line, Syntax::Yaml, value, start..end))
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

/// Lints files and directories: every finding sorted by file, line and column, plus the inputs
/// that could not be read ([`Report::unreadable_inputs`]) and the files named in `paths` that are
/// none of the kinds `lint` reads ([`Report::skipped_inputs`]).
///
/// ```no_run
/// let report = iamconf::lint::lint(&["deploy/".into()], iamconf::lint::Kind::Auto);
/// for d in report.diagnostics() {
///     println!("{d}");
/// }
/// ```
pub fn lint(paths: &[PathBuf], kind: Kind) -> Report {
    lint_with(paths, kind, &LintOptions::default())
}

/// How `lint` reads beyond the files it is given.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LintOptions {
    /// Read Compose `env_file`s and follow symbolic links that lead outside the paths given
    /// (`--follow-outside`). Off by default: an untrusted tree cannot make `lint` read, and
    /// report lines of, files elsewhere on the machine.
    pub follow_outside: bool,
}

/// [`lint`] with options.
pub fn lint_with(paths: &[PathBuf], kind: Kind, options: &LintOptions) -> Report {
    let mut result = Report::default();
    let scope = inputs::Scope::new(paths, options.follow_outside);
    let mut files: Vec<detect::Input> = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let walked = walk::walk(path);
                for (dir, why) in walked.problems {
                    diagnostics.push(PARSE_ERROR.diag(
                        &Source::whole_file(SourceKind::EnvFile, &dir),
                        &[],
                        format!("{} was not linted: {why}", dir.display()),
                        "fix the permissions, or lint the directory on its own",
                    ));
                }
                for file in walked.files {
                    if !detect::candidate(&file) {
                        continue;
                    }
                    if !scope.contains(&file) {
                        diagnostics.push(crate::rules::inputs::FILE_OUTSIDE_ROOT.diag(
                            &Source::whole_file(SourceKind::EnvFile, &file),
                            &[],
                            format!(
                                "{} is a symbolic link to a file outside the paths given to lint; it was not read",
                                file.display()
                            ),
                            "lint the target directly, or pass --follow-outside",
                        ));
                        continue;
                    }
                    // Every read is bounded; a file the walk cannot read is a finding, never
                    // a silent skip.
                    match inputs::read_found(&file, detect::env_named(&file)) {
                        Ok(Some(bytes)) => {
                            if let Some(input) = detect::detect(file, bytes, kind, false) {
                                files.push(input);
                            }
                        }
                        Ok(None) => diagnostics.push(inputs::data_file(&file)),
                        Err(e) => {
                            diagnostics.push(inputs::not_read(&file, SourceKind::EnvFile, &e));
                        }
                    }
                }
            }
            Ok(_) => {
                match crate::input::bounded::read(path, crate::input::bounded::Purpose::Deployment)
                {
                    Ok(bytes) => match detect::detect(path.clone(), bytes, kind, true) {
                        Some(input) => files.push(input),
                        None => result.skipped.push(path.clone()),
                    },
                    Err(e) => {
                        diagnostics.push(inputs::not_read(path, SourceKind::EnvFile, &e));
                        result.unreadable.push(path.clone());
                    }
                }
            }
            Err(e) => {
                diagnostics.push(inputs::not_read(
                    path,
                    SourceKind::EnvFile,
                    &crate::input::bounded::ReadError::Io(e),
                ));
                result.unreadable.push(path.clone());
            }
        }
    }

    // A file named twice (as an argument and inside a walked directory) is read once.
    let mut seen_files = BTreeSet::new();
    files.retain(|f| seen_files.insert(std::fs::canonicalize(&f.path).unwrap_or(f.path.clone())));

    // ConfigMaps and Secrets of every manifest, for `envFrom` and `valueFrom`.
    let mut objects = manifest::Objects::default();
    for input in &files {
        if input.kind == Kind::Manifest {
            if let Ok(docs) = &input.docs {
                let file = YamlFile::new(&input.path, &input.text, SourceKind::Manifest);
                objects.collect(docs, &file);
            }
        }
    }

    let mut allows: HashMap<PathBuf, Vec<(usize, Vec<String>)>> = HashMap::new();
    let terraform_files: Vec<terraform::Named<'_>> = files
        .iter()
        .filter(|f| f.kind == Kind::Terraform)
        .map(|f| terraform::Named {
            path: &f.path,
            text: &f.text,
        })
        .collect();
    if !terraform_files.is_empty() {
        let tf = terraform::lint(&terraform_files);
        diagnostics.extend(tf.diagnostics);
        result.notes.extend(tf.notes);
        for (path, line, codes) in tf.allows {
            allows.entry(path).or_default().push((line, codes));
        }
    }
    for input in &files {
        allows
            .entry(input.path.clone())
            .or_default()
            .extend(crate::input::yaml::allow_comments(&input.text));
        let output = read(input, &objects, &scope);
        for (path, line, codes) in output.allows {
            allows.entry(path).or_default().push((line, codes));
        }
        diagnostics.extend(output.findings);
        for unit in &output.units {
            diagnostics.extend(judge(unit));
        }
    }

    // One finding per rule and place; drop the allowed ones.
    let mut seen = BTreeSet::new();
    let mut canonical: HashMap<PathBuf, PathBuf> = HashMap::new();
    diagnostics.retain(|d| {
        let path = d.source.path().map(|p| {
            canonical
                .entry(p.to_path_buf())
                .or_insert_with(|| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
                .clone()
        });
        let key = (
            d.code,
            path,
            d.source.line,
            d.source.column,
            if d.source.line.is_some() {
                String::new()
            } else {
                d.message.clone()
            },
        );
        seen.insert(key)
    });
    diagnostics.retain(|d| {
        let (Some(path), Some(line)) = (d.source.path(), d.source.line) else {
            return true;
        };
        !allows.get(path).is_some_and(|a| {
            a.iter()
                .any(|(l, codes)| *l == line && codes.iter().any(|c| c == d.code))
        })
    });
    sort(&mut diagnostics);
    result.diagnostics = diagnostics;
    result
}

/// Runs the reader of a file's kind.
fn read(input: &detect::Input, objects: &manifest::Objects, scope: &inputs::Scope) -> Output {
    let source_kind = match input.kind {
        Kind::Env | Kind::Auto => SourceKind::EnvFile,
        Kind::Helm | Kind::LegacyHelm => SourceKind::HelmValues,
        Kind::Manifest => SourceKind::Manifest,
        Kind::Compose => SourceKind::Compose,
        Kind::Config => SourceKind::ConfigFile,
        Kind::Terraform => SourceKind::Terraform,
    };
    match input.kind {
        Kind::Env | Kind::Auto => env::read(&input.path, &input.bytes),
        // Terraform files are read a directory at a time, in `lint`.
        Kind::Terraform => Output::default(),
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
            // A forced `--kind` on a file that is not a mapping (or any kind on an empty one)
            // cannot be judged: say so rather than pass it.
            if let Some(doc) = docs
                .iter()
                .find(|d| !d.is_null())
                .filter(|d| d.as_map().is_none())
            {
                return Output {
                    findings: vec![PARSE_ERROR.diag(
                        &Source::file(source_kind, &input.path, doc.line.max(1), doc.column.max(1)),
                        &[],
                        format!(
                            "{} is not a mapping, so it cannot be read as {}",
                            input.path.display(),
                            kind_name(kind)
                        ),
                        "check the file, or the --kind given",
                    )],
                    ..Output::default()
                };
            }
            let file = YamlFile::new(&input.path, &input.text, source_kind);
            match kind {
                Kind::Helm => helm::read(docs, &file),
                Kind::LegacyHelm => legacy_helm::read(docs, &file),
                Kind::Manifest => manifest::read(docs, &file, objects),
                _ => compose::read(docs, &file, scope),
            }
        }
    }
}

/// The name of a kind in messages.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Helm => "Helm values",
        Kind::LegacyHelm => "legacy Helm values",
        Kind::Manifest => "Kubernetes manifests",
        Kind::Compose => "a Compose file",
        Kind::Config => "a config file",
        Kind::Terraform => "Terraform",
        Kind::Env | Kind::Auto => "an env file",
    }
}

/// Resolves and checks one unit with every rule `check` runs.
pub(crate) fn judge(unit: &Unit) -> Vec<Diagnostic> {
    if unit.entries.is_empty() {
        return Vec::new();
    }
    let mut env = Environment::default();
    for e in &unit.entries {
        env.insert(e.clone());
    }
    let (_, mut diags) = evaluate(
        &env,
        Options {
            read_secret_files: false,
        },
    );
    for d in &mut diags {
        // A value kept in a Secret is a secret, whatever its variable: a finding about such a
        // variable is told from the rule's own text, never from the value. Other findings of
        // the unit are left as they are (no text is scrubbed).
        if let Some(var) = d
            .variables
            .iter()
            .find(|v| unit.hidden.iter().any(|h| h == *v))
        {
            let summary = crate::rules::find(d.code).map_or("", |r| r.summary);
            d.message = format!(
                "{var} (its value comes from a Kubernetes Secret and is not shown): {summary}"
            );
            d.help = Some(format!(
                "see `iamconf explain {}`, and fix the value in the Secret",
                d.code
            ));
        }
        if let Some(label) = &unit.label {
            d.message = format!("{label}: {}", d.message);
        }
    }
    diags
}

/// A text value, or `Unknown` when it is filled in later (`{{ }}`, `$(VAR)`, `${VAR}`).
pub(crate) fn raw_text(text: &str) -> RawValue {
    if text.contains("{{") || text.contains("$(") || text.contains("${") {
        RawValue::Unknown
    } else {
        RawValue::Text(text.to_owned())
    }
}
