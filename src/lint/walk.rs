//! Directory walking: every entry under a directory that is not a directory, sorted, skipping
//! version-control and build folders. Symbolic links to directories are not followed (no
//! loops). Directories it cannot read, or too deep, are reported, never skipped in silence.

use std::path::{Path, PathBuf};

/// Folders never descended into.
const SKIP: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    ".venv",
    "vendor",
];

/// How deep a walk descends.
const MAX_DEPTH: usize = 32;

/// What a walk found: every entry that is not a directory (regular files, symbolic links, FIFOs,
/// devices: the reader judges them), and the directories it could not read or went too deep for.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub(super) files: Vec<PathBuf>,
    pub(super) problems: Vec<(PathBuf, String)>,
}

/// Every entry under `dir`, in sorted order.
pub(super) fn walk(dir: &Path) -> Walked {
    let mut out = Walked::default();
    visit(dir, &mut out, 0);
    out
}

fn visit(dir: &Path, out: &mut Walked, depth: usize) {
    if depth > MAX_DEPTH {
        out.problems.push((
            dir.to_path_buf(),
            format!("it is more than {MAX_DEPTH} directories deep; it was not searched"),
        ));
        return;
    }
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            out.problems.push((
                dir.to_path_buf(),
                format!("the directory cannot be read: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            let skip = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| SKIP.contains(&n));
            if !skip {
                visit(&path, out, depth + 1);
            }
        } else {
            out.files.push(path);
        }
    }
}
