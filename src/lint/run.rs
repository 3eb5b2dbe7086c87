//! One `lint` run: the files named on the command line, the directories walked (in parallel, see
//! `walk.rs`), standard input; each file read once, classified, read by its kind's reader and
//! judged; then the findings of every file merged in a deterministic order.
//!
//! Files are judged as soon as they are read, on the thread that read them, and only their
//! findings are kept, so memory stays flat however many files a tree has. Kubernetes manifests
//! are the exception: containers refer to ConfigMaps and Secrets of other files, so manifests
//! are kept until every file is read and judged together at the end.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::input::source::SourceKind;
use crate::lint::walk::{self, WalkOptions};
use crate::lint::{
    Kind, LintOptions, Output, YamlFile, chart_version, detect, inputs, judge_units, manifest,
    read, terraform,
};
use crate::report::diagnostic::{Diagnostic, Report};
use crate::resolve::evaluate::sort;

/// The largest file `lint` reads, in bytes (a deployment file is far smaller; a bigger one is an
/// `unreadable-path` finding, not an out-of-memory).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The path that findings about standard input carry (`iamconf lint -`, `--env-file -`).
pub const STDIN_PATH: &str = crate::input::source::STDIN_PATH;

/// One file's identity, so that a file named twice (or reached by a link) is read once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(meta: &std::fs::Metadata, path: &Path) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// What became of reading one file.
enum Found {
    /// The bytes, with the file's identity.
    Bytes(FileId, Vec<u8>),
    /// Larger than the cap, and its start shows it is none of the files `lint` reads: not parsed
    /// (a `file-not-read` warning).
    DataFile,
}

/// Reads a file through the one bounded read (size cap, regular files only, never blocking on a
/// FIFO), with its identity.
fn read_file(path: &Path) -> Result<Found, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    match inputs::read_found(path, detect::env_named(path)) {
        Ok(Some(bytes)) => Ok(Found::Bytes(file_id(&meta, path), bytes)),
        Ok(None) => Ok(Found::DataFile),
        Err(e) => Err(e.to_string()),
    }
}

/// Reads standard input (or any reader) to its end, refusing more than [`MAX_FILE_BYTES`].
pub fn read_limited(reader: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than the {} MiB limit", MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    Ok(bytes)
}

/// What a run shares between its threads.
struct Shared {
    kind: Kind,
    /// The paths given, which `lint` does not leave unless `--follow-outside`.
    scope: inputs::Scope,
    seen: Mutex<HashSet<FileId>>,
}

impl Shared {
    /// Whether this is the first time the file is met.
    fn first(&self, id: FileId) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id)
    }
}

/// What one thread gathered.
#[derive(Default)]
struct Gathered {
    /// The findings of each judged file, with the file's path (merged in path order at the end).
    findings: Vec<(PathBuf, Vec<Diagnostic>)>,
    /// Files judged at the end, together: manifests and custom resources (they refer to each
    /// other's ConfigMaps and Secrets), operator-chart values (a `Chart.yaml`/`Chart.lock` found
    /// later in the walk selects their chart version), Terraform (read a directory at a time).
    later: Vec<detect::Input>,
    /// `Chart.yaml` and `Chart.lock` files: path and text.
    charts: Vec<(PathBuf, String)>,
    checked: usize,
    skipped: Vec<PathBuf>,
}

impl Gathered {
    /// Classifies and (unless it waits for the others) judges one file.
    fn take(&mut self, shared: &Shared, path: PathBuf, bytes: Vec<u8>, explicit: bool) {
        let named = explicit.then(|| path.clone());
        let Some(input) = detect::detect(path, bytes, shared.kind, explicit) else {
            self.skipped.extend(named);
            return;
        };
        self.checked += 1;
        if matches!(
            input.kind,
            Kind::Manifest | Kind::Cr | Kind::Helm | Kind::Terraform
        ) {
            self.later.push(input);
            return;
        }
        let objects = manifest::Objects::default();
        let ctx = manifest::Context {
            objects: &objects,
            index: 0,
            chart: None,
            all_cr: false,
        };
        let output = read(&input, &ctx, &shared.scope);
        let mut allows: HashMap<PathBuf, Vec<(usize, Vec<String>)>> = HashMap::new();
        if input.kind != Kind::Env {
            // `.env` readers return their own allow comments; YAML and TOML files are scanned.
            let own = crate::input::yaml::allow_comments(&input.text);
            if !own.is_empty() {
                allows.insert(input.path.clone(), own);
            }
        }
        let diags = finish(output, &mut allows);
        self.findings.push((input.path, diags));
    }

    /// Reads one file found by the walk or named on the command line.
    fn file(&mut self, shared: &Shared, path: &Path, explicit: bool) -> Result<(), String> {
        let (id, bytes) = match read_file(path)? {
            Found::Bytes(id, bytes) => (id, bytes),
            Found::DataFile => {
                self.findings
                    .push((path.to_path_buf(), vec![inputs::data_file(path)]));
                return Ok(());
            }
        };
        if !shared.first(id) {
            return Ok(());
        }
        if chart_version::is_chart_file(path) {
            self.charts.push((
                path.to_path_buf(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        } else {
            self.take(shared, path.to_path_buf(), bytes, explicit);
        }
        Ok(())
    }
}

/// The findings of a reader's output, its units judged, allowed ones dropped.
fn finish(
    output: Output,
    allows: &mut HashMap<PathBuf, Vec<(usize, Vec<String>)>>,
) -> Vec<Diagnostic> {
    for (path, line, codes) in output.allows {
        allows.entry(path).or_default().push((line, codes));
    }
    let mut diags = output.findings;
    diags.extend(judge_units(output.units));
    if !allows.is_empty() {
        diags.retain(|d| !allowed(d, allows));
    }
    diags
}

fn allowed(d: &Diagnostic, allows: &HashMap<PathBuf, Vec<(usize, Vec<String>)>>) -> bool {
    let (Some(path), Some(line)) = (d.source.path(), d.source.line()) else {
        return false;
    };
    allows.get(path).is_some_and(|a| {
        a.iter()
            .any(|(l, codes)| *l == line && codes.iter().any(|c| c == d.code))
    })
}

impl walk::Visitor for (Gathered, &Shared) {
    fn file(&mut self, path: &Path) {
        let (gathered, shared) = self;
        if let Err(reason) = gathered.file(shared, path, false) {
            gathered
                .findings
                .push((path.to_path_buf(), vec![walk::unreadable(path, &reason)]));
        }
    }

    fn problem(&mut self, finding: Diagnostic) {
        let path = finding
            .source
            .path()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.0.findings.push((path, vec![finding]));
    }
}

/// The walk's file filter: the files `lint` reads, and the chart files that give versions.
fn wanted(path: &Path) -> bool {
    detect::candidate(path) || chart_version::is_chart_file(path)
}

/// Lints files, directories and, for the path `-`, `options.stdin` (see [`crate::lint::lint_with`]).
pub(crate) fn lint_with(paths: &[PathBuf], kind: Kind, options: &LintOptions) -> Report {
    let mut result = Report::default();
    let shared = Shared {
        kind,
        scope: inputs::Scope::new(paths, options.follow_outside),
        seen: Mutex::new(HashSet::new()),
    };
    let mut main = Gathered::default();
    let mut roots = Vec::new();
    let mut stdin = options.stdin.clone();
    let unreadable = |result: &mut Report, path: &Path, reason: &str| {
        result.unreadable.push(path.to_path_buf());
        let mut finding = walk::unreadable(path, reason);
        finding.help = Some("check the path and its permissions".to_owned());
        result.diagnostics.push(finding);
    };
    for path in paths {
        if path.as_os_str() == "-" {
            match stdin.take() {
                Some(bytes) => main.take(&shared, PathBuf::from(STDIN_PATH), bytes, true),
                None => unreadable(
                    &mut result,
                    path,
                    "standard input was not given, or is named twice",
                ),
            }
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => roots.push(path.clone()),
            Ok(_) => {
                if let Err(reason) = main.file(&shared, path, true) {
                    unreadable(&mut result, path, &reason);
                }
            }
            Err(e) => unreadable(&mut result, path, &e.to_string()),
        }
    }
    let walk_options = WalkOptions {
        no_ignore: options.no_ignore,
        hidden: options.hidden,
        follow_outside: options.follow_outside,
    };
    let shared_ref = &shared;
    let threads = walk::walk(&roots, walk_options, wanted, &|| {
        (Gathered::default(), shared_ref)
    });

    let mut all = vec![main];
    all.extend(threads.into_iter().map(|(g, _)| g));
    let mut findings = vec![(PathBuf::new(), std::mem::take(&mut result.diagnostics))];
    let mut later = Vec::new();
    let mut chart_files = Vec::new();
    let mut checked = 0;
    for g in all {
        checked += g.checked;
        result.skipped.extend(g.skipped);
        findings.extend(g.findings);
        later.extend(g.later);
        chart_files.extend(g.charts);
    }

    // The files judged together, in path order whatever the threads did.
    later.sort_by(|a, b| a.path.cmp(&b.path));
    chart_files.sort();
    let mut charts = chart_version::ByDirectory::default();
    for (path, text) in &chart_files {
        charts.add(path, text);
    }
    let cli_chart = options
        .chart_version
        .as_deref()
        .and_then(|v| chart_version::ChartVersion::parse(v, "--chart-version"));
    // ConfigMaps and Secrets of every manifest, each kept with its file, for `envFrom`,
    // `valueFrom` and custom-resource Secret references.
    let mut objects = manifest::Objects::default();
    let mut early = Vec::new();
    for (index, input) in later.iter().enumerate() {
        if matches!(input.kind, Kind::Manifest | Kind::Cr) {
            if let Ok(docs) = &input.docs {
                let file = YamlFile::new(&input.path, &input.text, SourceKind::Manifest);
                early.extend(objects.collect(index, docs, &file));
            }
        }
    }
    findings.push((PathBuf::new(), early));
    let mut allows: HashMap<PathBuf, Vec<(usize, Vec<String>)>> = HashMap::new();
    for input in &later {
        let own = crate::input::yaml::allow_comments(&input.text);
        if !own.is_empty() {
            allows.entry(input.path.clone()).or_default().extend(own);
        }
    }
    let terraform_files: Vec<terraform::Named<'_>> = later
        .iter()
        .filter(|f| f.kind == Kind::Terraform)
        .map(|f| terraform::Named {
            path: &f.path,
            text: &f.text,
        })
        .collect();
    if !terraform_files.is_empty() {
        let tf = terraform::lint(&terraform_files);
        result.notes.extend(tf.notes);
        for (path, line, codes) in tf.allows {
            allows.entry(path).or_default().push((line, codes));
        }
        let mut diags = tf.diagnostics;
        diags.retain(|d| !allowed(d, &allows));
        findings.push((PathBuf::new(), diags));
    }
    for (index, input) in later.iter().enumerate() {
        if input.kind == Kind::Terraform {
            continue;
        }
        let chart = charts.for_file(&input.path).or(cli_chart.as_ref());
        let ctx = manifest::Context {
            objects: &objects,
            index,
            chart,
            all_cr: input.kind == Kind::Cr,
        };
        let output = read(input, &ctx, &shared.scope);
        let diags = finish(output, &mut allows);
        findings.push((input.path.clone(), diags));
    }
    drop(later);

    // A deterministic order whatever the threads did: files by path, each file's findings in
    // the order its reader made them, then sorted by file, line and column.
    findings.sort_by(|a, b| a.0.cmp(&b.0));
    let mut diagnostics: Vec<Diagnostic> = findings.into_iter().flat_map(|(_, d)| d).collect();
    sort(&mut diagnostics);
    // One finding per rule and place (a ConfigMap used by two containers, a Compose `env_file`
    // also linted on its own).
    let mut seen = BTreeSet::new();
    diagnostics.retain(|d| {
        let key = (
            d.code,
            d.source.path().map(inputs::normalize),
            d.source.line(),
            d.source.column(),
            if d.source.line().is_some() {
                String::new()
            } else {
                d.message.clone()
            },
        );
        seen.insert(key)
    });
    result.skipped.sort();
    result.diagnostics = diagnostics;
    result.checked = Some(checked);
    result
}
