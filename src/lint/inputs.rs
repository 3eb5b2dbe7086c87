//! What `lint` may read: every file through the bounded read, only inside the paths it was
//! given (unless `--follow-outside`), and a file too large to read whole is looked at only by its
//! start, to tell whether it is one of ours at all.

use std::path::{Component, Path, PathBuf};

use crate::input::bounded::{self, Purpose, ReadError};
use crate::input::source::{Source, SourceKind};
use crate::report::diagnostic::Diagnostic;

/// The paths `lint` was given, as the file system names them, and whether it may leave them.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    roots: Vec<PathBuf>,
    /// `--follow-outside`.
    pub(crate) follow_outside: bool,
}

impl Scope {
    /// The scope of these paths: a directory is a root, a file's directory is one.
    pub(crate) fn new(paths: &[PathBuf], follow_outside: bool) -> Self {
        let roots = paths
            .iter()
            .filter_map(|p| {
                let dir = if p.is_dir() {
                    p.as_path()
                } else {
                    p.parent().filter(|d| !d.as_os_str().is_empty())?
                };
                std::fs::canonicalize(dir).ok()
            })
            .chain(
                paths
                    .iter()
                    .any(|p| !p.is_dir() && p.parent().is_none_or(|d| d.as_os_str().is_empty()))
                    .then(|| std::env::current_dir().ok())
                    .flatten(),
            )
            .collect();
        Scope {
            roots,
            follow_outside,
        }
    }

    /// Whether `path` (after following every symbolic link) is inside the paths given. A path
    /// that does not resolve is judged by its parent directory.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        if self.follow_outside {
            return true;
        }
        let real = std::fs::canonicalize(path).or_else(|_| {
            let parent = path.parent().unwrap_or(Path::new("."));
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).map(|p| p.join(path.file_name().unwrap_or_default()))
        });
        match real {
            Ok(real) => self.roots.iter().any(|r| real.starts_with(r)),
            Err(_) => false,
        }
    }
}

/// How much of an over-size file is read to tell whether it is ours.
const SNIFF: u64 = 64 * 1024;

/// Words one of the files `lint` reads has near its start.
const MARKERS: &[&str] = &[
    "apiVersion",
    "global",
    "services",
    "sso",
    "oidc",
    "ldap",
    "iam",
    "server",
    "extraEnv",
    "OIDC_",
    "GORILLA_",
    "LOCAL_",
];

/// Whether a text holds one of the keys of the files `lint` reads.
pub(crate) fn has_markers(text: &str) -> bool {
    MARKERS.iter().any(|m| text.contains(m))
}

/// The bytes of a file the walk found, or why not. `Ok(None)`: too large, and its start shows it
/// is none of the files `lint` reads (a large data file): a `file-not-read` warning, not parsed.
pub(crate) fn read_found(path: &Path, env_named: bool) -> Result<Option<Vec<u8>>, ReadError> {
    match bounded::read(path, Purpose::Deployment) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::TooLarge { size, limit }) if !env_named => {
            let (head, _) = bounded::read_prefix(path, Purpose::Deployment, Some(SNIFF))?;
            if has_markers(&String::from_utf8_lossy(&head)) {
                Err(ReadError::TooLarge { size, limit })
            } else {
                Ok(None)
            }
        }
        Err(e) => Err(e),
    }
}

/// The warning for a large data file that was not parsed.
pub(crate) fn data_file(path: &Path) -> Diagnostic {
    crate::rules::inputs::FILE_NOT_READ.diag(
        &Source::whole_file(SourceKind::EnvFile, path),
        &[],
        format!(
            "{} was not read: it is larger than the limit of {} and does not look like deployment configuration",
            path.display(),
            bounded::human_size(Purpose::Deployment.limit())
        ),
        "nothing to do for a data file; otherwise lint it with --max-file-size",
    )
}

/// `a/./b/../c` -> `a/c`, lexically: the file system is not asked, so paths stay as the user
/// wrote them (the walk's roots and a Compose `env_file` are compared with it).
pub(crate) fn normalize(path: &Path) -> PathBuf {
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
