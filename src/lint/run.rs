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
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::input::source::SourceKind;
use crate::lint::walk::{self, WalkOptions};
use crate::lint::{Kind, Output, YamlFile, detect, judge, manifest, read};
use crate::report::diagnostic::{Diagnostic, Report};

/// The largest file `lint` reads, in bytes (a deployment file is far smaller; a bigger one is an
/// `unreadable-path` finding, not an out-of-memory).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The path that findings about standard input carry (`iamconf lint -`, `--env-file -`).
pub const STDIN_PATH: &str = crate::input::source::STDIN_PATH;

/// What [`lint_with`] reads and how.
#[derive(Clone, Default)]
pub struct LintOptions {
    /// What the files are ([`Kind::Auto`]: by name and content).
    pub kind: Kind,
    /// Walk what `.gitignore`, `.ignore` and git exclude files leave out (`--no-ignore`).
    pub no_ignore: bool,
    /// Walk hidden files and directories (`--hidden`); `.env` files are walked anyway.
    pub hidden: bool,
    /// Follow symbolic links that lead out of the given paths (`--follow-outside`).
    pub follow_outside: bool,
    /// The bytes of standard input, read as the path `-` (see [`read_limited`]).
    pub stdin: Option<Vec<u8>>,
}

impl std::fmt::Debug for LintOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Standard input may hold secrets: its length only.
        f.debug_struct("LintOptions")
            .field("kind", &self.kind)
            .field("no_ignore", &self.no_ignore)
            .field("hidden", &self.hidden)
            .field("follow_outside", &self.follow_outside)
            .field("stdin", &self.stdin.as_ref().map(Vec::len))
            .finish()
    }
}

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

/// Reads a regular file of at most [`MAX_FILE_BYTES`], with its identity.
fn read_file(path: &Path) -> Result<(FileId, Vec<u8>), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "larger than the {} MiB limit",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "larger than the {} MiB limit",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    Ok((file_id(&meta, path), bytes))
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
    /// Manifests, judged together at the end.
    manifests: Vec<detect::Input>,
    checked: usize,
    skipped: Vec<PathBuf>,
}

impl Gathered {
    /// Classifies and (unless it is a manifest) judges one file.
    fn take(&mut self, shared: &Shared, path: PathBuf, bytes: Vec<u8>, explicit: bool) {
        let named = explicit.then(|| path.clone());
        let Some(input) = detect::detect(path, bytes, shared.kind, explicit) else {
            self.skipped.extend(named);
            return;
        };
        self.checked += 1;
        if input.kind == Kind::Manifest {
            self.manifests.push(input);
            return;
        }
        let output = read(&input, &manifest::Objects::default());
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
    for unit in output.units {
        diags.extend(judge(unit));
    }
    if !allows.is_empty() {
        diags.retain(|d| !allowed(d, allows));
    }
    diags
}

fn allowed(d: &Diagnostic, allows: &HashMap<PathBuf, Vec<(usize, Vec<String>)>>) -> bool {
    let (Some(path), Some(line)) = (d.source.path(), d.source.line) else {
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
        match read_file(path) {
            Ok((id, bytes)) => {
                if shared.first(id) {
                    gathered.take(shared, path.to_path_buf(), bytes, false);
                }
            }
            Err(reason) => gathered
                .findings
                .push((path.to_path_buf(), vec![walk::unreadable(path, &reason)])),
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

/// Lints files, directories (walked in parallel, `.gitignore` and hidden-file rules as
/// `options` say) and, for the path `-`, the bytes of `options.stdin`.
///
/// The report has every finding sorted by file, line and column; the paths given that could not
/// be read ([`Report::unreadable_inputs`], each also an `unreadable-path` finding); the files
/// given that are none of the kinds `lint` reads ([`Report::skipped_inputs`]); and how many
/// files were judged ([`Report::checked_files`]).
pub fn lint_with(paths: &[PathBuf], options: LintOptions) -> Report {
    let mut result = Report::default();
    let shared = Shared {
        kind: options.kind,
        seen: Mutex::new(HashSet::new()),
    };
    let mut main = Gathered::default();
    let mut roots = Vec::new();
    let mut stdin = options.stdin;
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
            Ok(_) => match read_file(path) {
                Ok((id, bytes)) => {
                    if shared.first(id) {
                        main.take(&shared, path.clone(), bytes, true);
                    }
                }
                Err(reason) => unreadable(&mut result, path, &reason),
            },
            Err(e) => unreadable(&mut result, path, &e.to_string()),
        }
    }
    let walk_options = WalkOptions {
        no_ignore: options.no_ignore,
        hidden: options.hidden,
        follow_outside: options.follow_outside,
    };
    let shared_ref = &shared;
    let threads = walk::walk(&roots, walk_options, detect::candidate, &|| {
        (Gathered::default(), shared_ref)
    });

    let mut all = vec![main];
    all.extend(threads.into_iter().map(|(g, _)| g));
    let mut findings = vec![(PathBuf::new(), std::mem::take(&mut result.diagnostics))];
    let mut manifests = Vec::new();
    for g in all {
        *result.checked.get_or_insert(0) += g.checked;
        result.skipped.extend(g.skipped);
        findings.extend(g.findings);
        manifests.extend(g.manifests);
    }

    // Manifests: ConfigMaps and Secrets of every manifest, for `envFrom` and `valueFrom`.
    manifests.sort_by(|a, b| a.path.cmp(&b.path));
    let mut objects = manifest::Objects::default();
    for input in &manifests {
        if let Ok(docs) = &input.docs {
            let file = YamlFile::new(&input.path, &input.text, SourceKind::Manifest);
            objects.collect(docs, &file);
        }
    }
    let mut allows: HashMap<PathBuf, Vec<(usize, Vec<String>)>> = HashMap::new();
    for input in &manifests {
        let own = crate::input::yaml::allow_comments(&input.text);
        if !own.is_empty() {
            allows.entry(input.path.clone()).or_default().extend(own);
        }
    }
    for input in &manifests {
        let output = read(input, &objects);
        let diags = finish(output, &mut allows);
        findings.push((input.path.clone(), diags));
    }
    drop(manifests);

    // A deterministic order whatever the threads did: files by path, each file's findings in
    // the order its reader made them, then by line and column.
    findings.sort_by(|a, b| a.0.cmp(&b.0));
    let mut diagnostics: Vec<Diagnostic> = findings.into_iter().flat_map(|(_, d)| d).collect();
    diagnostics.sort_by(|a, b| {
        (a.source.path(), a.source.line, a.source.column).cmp(&(
            b.source.path(),
            b.source.line,
            b.source.column,
        ))
    });
    // One finding per rule and place (a ConfigMap used by two containers, a Compose `env_file`
    // also linted on its own).
    let mut seen = BTreeSet::new();
    diagnostics.retain(|d| {
        let key = (
            d.code,
            d.source.path().map(normalize),
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
    result.skipped.sort();
    result.diagnostics = diagnostics;
    result.checked = Some(result.checked.unwrap_or(0));
    result
}

/// `a/./b/../c` -> `a/c`, lexically (the file system is not asked).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir if !out.is_empty() => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}
