//! Lint: judges deployment files (.env, Helm values, manifests, Compose, config files)
//! with the same rules as `check`, pointing at the line and column of each value.
//!
//! Every input unit (an `.env` file, a Helm values file, each container of a manifest workload,
//! each Compose service, a config file) becomes a list of entries whose source is the place the
//! value is written. Each unit is resolved and checked on its own with the rules `check` uses;
//! the readers add the "Deployment files" findings of RULES.md. Then findings that several units
//! share (a ConfigMap used by two containers) are reported once, the containers of one workload
//! report a (code, setting) once (on a container rather than an init container), and
//! `# iamconf: allow(...)` comments drop the findings on their line.
//!
//! Deployment forms: operator-chart values (`helm.rs`, with every env channel in `channels.rs`),
//! legacy-chart values (`legacy_helm.rs`), manifests and rendered releases (`manifest.rs`),
//! `WeightsAndBiases` custom resources (`cr.rs`). Helm values and CRs are read as Helm reads
//! them, YAML 1.1 (`yaml11.rs`); chart versions and their known bugs are in `chart_version.rs`;
//! help lines are rewritten into each file's own keys by `terms.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::input::environment::{
    Entry, Environment, RawValue, display_value, is_sensitive_name, snippet,
};
use crate::input::lines::Lines;
use crate::input::source::{Source, SourceKind, byte_of_column};
use crate::input::tree::{Node, YamlError};
use crate::report::diagnostic::{Diagnostic, Report};
use crate::report::redact::{LONG_LINE, Syntax, elided};
use crate::resolve::Options;
use crate::resolve::evaluate::evaluate;
use crate::rules::deployment::DUPLICATE_VARIABLE;
use crate::rules::names::PARSE_ERROR;

mod channels;
mod chart_version;
mod compose;
mod config;
mod cr;
mod detect;
mod env;
mod helm;
mod inputs;
mod legacy_helm;
mod manifest;
mod run;
mod stream;
mod terms;
mod terraform;
mod values;
mod walk;
mod yaml11;

pub use run::{MAX_FILE_BYTES, STDIN_PATH, read_limited};

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
    /// W&B operator `WeightsAndBiases` custom resources (every document read as one).
    Cr,
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
    /// Variables whose value comes from a Kubernetes Secret (see `judge`).
    pub(crate) hidden: Vec<String>,
    /// The workload the unit is a container of: its findings are reported once per workload
    /// (per code and setting), not once per container.
    pub(crate) group: Option<String>,
    /// An init container: a finding it shares with a container of its workload is reported
    /// on the container.
    pub(crate) init: bool,
    /// How help lines name a variable in this file (`global.auth.oidc.authMethod: pkce` in
    /// values); `None` keeps `NAME=value`.
    pub(crate) terms: Option<terms::Terms>,
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

/// A file read as YAML: its text and where its lines start, for snippets, and the source kind
/// its values get.
pub(crate) struct YamlFile<'a> {
    pub(crate) path: &'a Path,
    /// The path once more, shared by the source of every value read from the file.
    shared_path: Arc<Path>,
    text: &'a str,
    /// Where each line starts (shared by the views of one file).
    lines: Arc<Lines>,
    pub(crate) kind: SourceKind,
}

impl<'a> YamlFile<'a> {
    /// A YAML file of `text` at `path`.
    pub(crate) fn new(path: &'a Path, text: &'a str, kind: SourceKind) -> Self {
        YamlFile {
            path,
            shared_path: Arc::from(path),
            text,
            lines: Arc::new(Lines::new(text.as_bytes())),
            kind,
        }
    }

    /// The same file with another source kind (a custom resource inside a manifest stream).
    pub(crate) fn with_kind(&self, kind: SourceKind) -> YamlFile<'a> {
        YamlFile {
            path: self.path,
            shared_path: Arc::clone(&self.shared_path),
            text: self.text,
            lines: Arc::clone(&self.lines),
            kind,
        }
    }

    /// The whole text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Line `n` (1-based) without its line ending, as [`str::lines`] gives it.
    pub(crate) fn line(&self, n: usize) -> Option<&'a str> {
        // Cut at line ends (ASCII), so always on character boundaries; not re-validated.
        self.text.get(self.lines.range(self.text.as_bytes(), n)?)
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

    /// The source of a key whose value is null or given elsewhere: the caret is on the key,
    /// which is shown as written (a key is a name, never a secret); anything after the colon is
    /// masked when the variable is sensitive.
    pub(crate) fn key_source(&self, name: &str, key: &Node) -> Source {
        let source = self.at(key.line(), key.column());
        let Some(line) = self.line(key.line()) else {
            return source;
        };
        if line.len() > LONG_LINE {
            // Not scanned per value (see `LONG_LINE`): the key only.
            return source.with_snippet(elided(key.as_str()));
        }
        let start = byte_of_column(line, key.column());
        let colon = line
            .get(start..)
            .and_then(|rest| rest.find(':'))
            .map_or(line.len(), |i| start + i);
        // Rebuilt from tokens: the key shown, every value on the line `***`.
        source.with_snippet(snippet(name, line, Syntax::Yaml, None, start..colon))
    }

    /// A position in the file.
    pub(crate) fn at(&self, line: usize, column: usize) -> Source {
        Source::at(self.kind, &self.shared_path, line, column)
    }

    fn source_with(&self, name: &str, node: &Node, mask: bool) -> Source {
        let source = self.at(node.line(), node.column());
        let Some(line) = self.line(node.line()) else {
            return source;
        };
        if line.len() > LONG_LINE {
            // Not scanned per value (see `LONG_LINE`): the value only, when it may be shown.
            let shown = node
                .scalar_text()
                .filter(|_| !mask)
                .and_then(|t| display_value(name, t));
            return source.with_snippet(elided(shown.as_deref()));
        }
        let start = byte_of_column(line, node.column());
        let end = value_end(line, start).max(start);
        // Rebuilt from tokens (`crate::report::redact`): every value on the line is `***` but
        // this one, shown only when it is a known non-secret variable's.
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
    // Grouped with a sort of indices, not a map of names: the list may be most of a large file.
    let mut by_name: Vec<usize> = (0..entries.len()).collect();
    by_name.sort_unstable_by(|&a, &b| entries[a].name.cmp(&entries[b].name).then(a.cmp(&b)));
    // Each repeated entry with the first entry of its name, in file order.
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for group in by_name.chunk_by(|&a, &b| entries[a].name == entries[b].name) {
        repeats.extend(group.iter().skip(1).map(|&i| (i, group[0])));
    }
    repeats.sort_unstable();
    for (i, first) in repeats {
        let (e, earlier) = (&entries[i], &entries[first]);
        let at = earlier
            .source
            .line()
            .map(|l| format!(" (first at line {l})"))
            .unwrap_or_default();
        out.push(DUPLICATE_VARIABLE.diag(
            &e.source,
            &[&e.name],
            format!("{} is set twice in {place}{at}; the last one wins", e.name),
            format!("remove one of the two {} lines", e.name),
        ));
    }
}

/// What [`lint_with`] is told besides the files.
#[derive(Default, Clone)]
#[non_exhaustive]
pub struct LintOptions {
    /// The operator-wandb chart version values files are rendered with (`--chart-version`).
    /// A custom resource's `spec.chart.version` and a `Chart.lock`/`Chart.yaml` beside the
    /// values win, being more specific.
    pub chart_version: Option<String>,
    /// Walk what `.gitignore`, `.ignore` and git exclude files leave out (`--no-ignore`).
    pub no_ignore: bool,
    /// Walk hidden files and directories (`--hidden`); `.env` files are walked anyway.
    pub hidden: bool,
    /// Follow symbolic links that lead out of the given paths (`--follow-outside`).
    pub follow_outside: bool,
    /// The bytes of standard input, read for the path `-` (see [`read_limited`]).
    pub stdin: Option<Vec<u8>>,
}

impl std::fmt::Debug for LintOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Standard input may hold secrets: its length only.
        f.debug_struct("LintOptions")
            .field("chart_version", &self.chart_version)
            .field("no_ignore", &self.no_ignore)
            .field("hidden", &self.hidden)
            .field("follow_outside", &self.follow_outside)
            .field("stdin", &self.stdin.as_ref().map(Vec::len))
            .finish()
    }
}

impl LintOptions {
    /// Sets the operator-wandb chart version (an exact `major.minor.patch`, see
    /// [`is_chart_version`]): its known SSO bugs are reported as `chart-version-bug`.
    #[must_use]
    pub fn chart_version(mut self, version: impl Into<String>) -> Self {
        self.chart_version = Some(version.into());
        self
    }

    /// Walks what `.gitignore`, `.ignore` and git exclude files leave out.
    #[must_use]
    pub fn no_ignore(mut self, yes: bool) -> Self {
        self.no_ignore = yes;
        self
    }

    /// Walks hidden files and directories too.
    #[must_use]
    pub fn hidden(mut self, yes: bool) -> Self {
        self.hidden = yes;
        self
    }

    /// Follows symbolic links that lead out of the given paths.
    #[must_use]
    pub fn follow_outside(mut self, yes: bool) -> Self {
        self.follow_outside = yes;
        self
    }

    /// The bytes read for the path `-` (standard input, read by the caller).
    #[must_use]
    pub fn stdin(mut self, bytes: Vec<u8>) -> Self {
        self.stdin = Some(bytes);
        self
    }
}

/// Whether `text` is a chart version [`LintOptions::chart_version`] accepts: an exact
/// `major.minor.patch` (a leading `v` and a pre-release tail allowed), not a range.
#[must_use]
pub fn is_chart_version(text: &str) -> bool {
    chart_version::ChartVersion::parse(text, "").is_some()
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

/// [`lint`] with options: the chart version, how directories are walked (in parallel,
/// `.gitignore` and hidden-file rules as `options` say), standard input for the path `-`.
///
/// The report has every finding sorted by file, line and column; the paths given that could not
/// be read ([`Report::unreadable_inputs`], each also an `unreadable-path` finding); the files
/// given that are none of the kinds `lint` reads ([`Report::skipped_inputs`]); and how many
/// files were judged ([`Report::checked_files`]).
///
/// ```no_run
/// use iamconf::lint::{Kind, LintOptions, lint_with};
/// let options = LintOptions::default().chart_version("0.35.2");
/// let report = lint_with(&["values.yaml".into()], Kind::Auto, &options);
/// assert!(report.diagnostics().iter().any(|d| d.code() == "chart-version-bug"));
/// ```
pub fn lint_with(paths: &[PathBuf], kind: Kind, options: &LintOptions) -> Report {
    run::lint_with(paths, kind, options)
}

/// Runs the reader of a file's kind.
fn read(input: &detect::Input, ctx: &manifest::Context<'_>, scope: &inputs::Scope) -> Output {
    let source_kind = match input.kind {
        Kind::Cr => SourceKind::CustomResource,
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
            // A forced `--kind` on a file that is not a mapping cannot be judged: say so.
            if let Some(doc) = docs
                .iter()
                .find(|d| !d.is_null())
                .filter(|d| d.as_map().is_none())
            {
                return Output {
                    findings: vec![PARSE_ERROR.diag(
                        &Source::file(
                            source_kind,
                            &input.path,
                            doc.line().max(1),
                            doc.column().max(1),
                        ),
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
                Kind::Helm => helm::read(docs, &file, ctx.chart),
                Kind::LegacyHelm => legacy_helm::read(docs, &file),
                Kind::Manifest | Kind::Cr => stream::read(docs, &file, ctx),
                _ => compose::read(docs, &file, scope),
            }
        }
    }
}

/// Judges the units of one file: every unit on its own, then one finding per workload, code
/// and setting (a container's wins over an init container's).
pub(crate) fn judge_units(units: Vec<Unit>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut per_workload: HashMap<(String, &'static str, Vec<&'static str>), (usize, bool)> =
        HashMap::new();
    for unit in units {
        let (group, init) = (unit.group.clone(), unit.init);
        for d in judge(unit) {
            let Some(group) = &group else {
                diagnostics.push(d);
                continue;
            };
            let settings: Vec<&'static str> = d
                .variables
                .iter()
                .map(|v| crate::model::declaration::lookup(v).map_or("?", |(spec, _)| spec.env))
                .collect();
            let key = (group.clone(), d.code, settings);
            match per_workload.get(&key) {
                None => {
                    per_workload.insert(key, (diagnostics.len(), init));
                    diagnostics.push(d);
                }
                Some(&(at, true)) if !init => {
                    diagnostics[at] = d;
                    per_workload.insert(key, (at, false));
                }
                Some(_) => {}
            }
        }
    }
    diagnostics
}

/// Resolves and checks one unit with every rule `check` runs.
///
/// The unit is taken by value: its entries move into the environment that is judged and come
/// back for the help lines, so a large file's entries are held once, not twice.
pub(crate) fn judge(mut unit: Unit) -> Vec<Diagnostic> {
    if unit.entries.is_empty() {
        return Vec::new();
    }
    let env = Environment::from_entries(std::mem::take(&mut unit.entries));
    let (_, mut diags) = evaluate(
        &env,
        Options {
            read_secret_files: false,
            deployment: true,
        },
    );
    unit.entries = env.into_entries();
    // The split api service (and a v2 resource) carries the public host as GORILLA_FILE_HOST
    // or GORILLA_FRONTEND_HOST, not HOST (chart `templates/api.yaml`): that is the host.
    let public_host = unit.entries.iter().any(|e| {
        matches!(
            e.name.as_str(),
            "GORILLA_FILE_HOST" | "GORILLA_FRONTEND_HOST"
        ) && !matches!(&e.value, RawValue::Text(t) if t.is_empty())
    });
    if public_host {
        diags.retain(|d| d.code != crate::rules::server::HOST_MISSING.code);
    }
    for d in &mut diags {
        if let (Some(terms), Some(help)) = (&unit.terms, &d.help) {
            d.help = Some(terms.translate(help, &unit.entries));
        }
        // Masking goes by variable, not by file: a Secret's value of a non-secret setting is
        // shown like any other. A secret's value never reaches a message (it is `***` when
        // formatted); should a rule still quote one, or any piece of one, taken from a Secret,
        // the finding is told from the rule's own text instead. No text is scrubbed.
        let quotes_hidden = d
            .variables
            .iter()
            .filter(|v| unit.hidden.iter().any(|h| h == *v) && is_sensitive_name(v))
            .flat_map(|v| unit.entries.iter().filter(move |e| &e.name == v))
            .filter_map(|e| match &e.value {
                RawValue::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .any(|value| {
                let text = format!("{} {}", d.message, d.help.as_deref().unwrap_or(""));
                (!value.is_empty() && text.contains(value))
                    || value
                        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
                        .filter(|piece| piece.chars().count() >= 4)
                        .any(|piece| text.contains(piece))
            });
        if quotes_hidden {
            let var = d.variables.first().cloned().unwrap_or_default();
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

/// The name of a kind in messages.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Helm => "Helm values",
        Kind::LegacyHelm => "legacy Helm values",
        Kind::Manifest => "Kubernetes manifests",
        Kind::Cr => "a W&B custom resource",
        Kind::Compose => "a Compose file",
        Kind::Config => "a config file",
        Kind::Terraform => "Terraform",
        Kind::Env | Kind::Auto => "an env file",
    }
}

/// A chart or custom-resource value as the container gets it: `Unknown` when something fills
/// it in later (Helm's `tpl` for `{{ }}`, Kubernetes for `$(VAR)`). A `${VAR}` is expanded by
/// neither, so the text is kept and `unresolved-interpolation` reports it.
pub(crate) fn values_text(text: &str) -> RawValue {
    if text.contains("{{") || text.contains("$(") {
        RawValue::Unknown
    } else {
        RawValue::Text(text.to_owned())
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
