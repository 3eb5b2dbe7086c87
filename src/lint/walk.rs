//! Directory walking: every regular file under a directory, sorted, skipping version-control and
//! build folders. Symbolic links to directories are not followed (no loops).

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

/// Every file under `dir`, in sorted order.
pub(super) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    visit(dir, &mut out, 0);
    out
}

fn visit(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 32 {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
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
        } else if meta.is_file() || (meta.file_type().is_symlink() && path.is_file()) {
            out.push(path);
        }
    }
}
