//! Directory walking on ripgrep's walker (the `ignore` crate): `.gitignore`, `.ignore` and
//! hidden-file rules as ripgrep applies them (`--no-ignore`, `--hidden`), several threads at once.
//!
//! Every file the walk yields whose name `lint` may read goes to a per-thread visitor; the walk's
//! own problems (an unreadable directory, a broken symbolic link, a link loop) become
//! `unreadable-path` findings, and a symbolic link that leads out of the given roots is not
//! followed (`symlink-outside-root`) unless `--follow-outside` is given. The order in which the
//! threads see files is not deterministic: the caller sorts the findings once at the end.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::input::source::{Source, SourceKind};
use crate::lint::detect::is_env_name;
use crate::report::diagnostic::Diagnostic;
use crate::rules::walk::{SYMLINK_OUTSIDE_ROOT, UNREADABLE_PATH};

/// How directories are walked (the `lint` flags of the same names).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WalkOptions {
    /// Do not apply `.gitignore`, `.ignore` and git exclude files.
    pub(crate) no_ignore: bool,
    /// Walk hidden files and directories too.
    pub(crate) hidden: bool,
    /// Follow symbolic links whose target is outside the given roots.
    pub(crate) follow_outside: bool,
}

/// What one walker thread does with what it finds. Each thread gets its own, made by the
/// factory given to [`walk`]; they are handed back when the walk ends.
pub(super) trait Visitor: Send {
    /// A file whose name `lint` may read.
    fn file(&mut self, path: &Path);
    /// A walk problem, already a finding.
    fn problem(&mut self, finding: Diagnostic);
}

/// Walks `roots` (directories) in parallel and returns the visitors of every thread.
pub(super) fn walk<V: Visitor>(
    roots: &[PathBuf],
    options: WalkOptions,
    candidate: fn(&Path) -> bool,
    factory: &(dyn Fn() -> V + Sync),
) -> Vec<V> {
    let Some((first, rest)) = roots.split_first() else {
        return Vec::new();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    let respect = !options.no_ignore;
    // Hidden entries are filtered below rather than by the walker: `.env` files are hidden by
    // name and are exactly what `lint` is for.
    if !options.hidden {
        builder.filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_name().as_encoded_bytes().starts_with(b".")
                || entry.file_type().is_some_and(|t| t.is_file())
                    && is_env_name(&entry.file_name().to_string_lossy().to_ascii_lowercase())
        });
    }
    builder
        .hidden(false)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        // A tree that is not (yet) a git checkout still means its .gitignore: CI caches, copies.
        .require_git(false)
        // Links are followed so that loops and broken links are reported by the walker; links
        // out of the roots are cut off below, before the walker descends into them.
        .follow_links(true);
    let canonical_roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .collect();
    let done = Mutex::new(Vec::new());
    let mut visitors = Builder {
        factory,
        candidate,
        roots: &canonical_roots,
        follow_outside: options.follow_outside,
        done: &done,
    };
    builder.build_parallel().visit(&mut visitors);
    done.into_inner().unwrap_or_else(|e| e.into_inner())
}

struct Builder<'a, V> {
    factory: &'a (dyn Fn() -> V + Sync),
    candidate: fn(&Path) -> bool,
    roots: &'a [PathBuf],
    follow_outside: bool,
    done: &'a Mutex<Vec<V>>,
}

impl<'s, V: Visitor + 's> ParallelVisitorBuilder<'s> for Builder<'s, V> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Thread {
            visitor: Some((self.factory)()),
            candidate: self.candidate,
            roots: self.roots,
            follow_outside: self.follow_outside,
            done: self.done,
        })
    }
}

struct Thread<'a, V: Visitor> {
    visitor: Option<V>,
    candidate: fn(&Path) -> bool,
    roots: &'a [PathBuf],
    follow_outside: bool,
    done: &'a Mutex<Vec<V>>,
}

impl<V: Visitor> Drop for Thread<'_, V> {
    fn drop(&mut self) {
        if let Some(v) = self.visitor.take() {
            self.done.lock().unwrap_or_else(|e| e.into_inner()).push(v);
        }
    }
}

impl<V: Visitor> ParallelVisitor for Thread<'_, V> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let Some(visitor) = self.visitor.as_mut() else {
            return WalkState::Quit;
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                visitor.problem(walk_error(&e));
                return WalkState::Continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() && entry.depth() > 0 && !self.follow_outside {
            match std::fs::canonicalize(path) {
                Ok(target) if !self.roots.iter().any(|r| target.starts_with(r)) => {
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if is_dir || (self.candidate)(path) {
                        visitor.problem(SYMLINK_OUTSIDE_ROOT.diag(
                            &Source::whole_file(kind_of(path), path),
                            &[],
                            format!(
                                "links to {}, outside the linted paths; it was not followed",
                                target.display()
                            ),
                            "lint the target directly, or pass --follow-outside",
                        ));
                    }
                    return WalkState::Skip;
                }
                Ok(_) => {}
                Err(e) => {
                    visitor.problem(unreadable(path, &format!("broken symbolic link: {e}")));
                    return WalkState::Skip;
                }
            }
        }
        let file_type = entry.file_type();
        if file_type.is_some_and(|t| t.is_dir()) {
            if entry.depth() > MAX_DEPTH {
                visitor.problem(unreadable(
                    path,
                    &format!("more than {MAX_DEPTH} directories deep; it was not walked"),
                ));
                return WalkState::Skip;
            }
            return WalkState::Continue;
        }
        if (self.candidate)(path) {
            if file_type.is_some_and(|t| t.is_file()) {
                visitor.file(path);
            } else {
                // Sockets, FIFOs and devices are never opened (a FIFO would block the walk),
                // and never passed over in silence either.
                visitor.problem(unreadable(
                    path,
                    &format!(
                        "it is {}, not a regular file; it was not read",
                        special(file_type)
                    ),
                ));
            }
        }
        WalkState::Continue
    }
}

/// How deep a walk descends below a given directory.
const MAX_DEPTH: usize = 32;

/// What a file that is neither a regular file nor a directory is, for a finding.
fn special(file_type: Option<std::fs::FileType>) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if let Some(t) = file_type {
            if t.is_fifo() {
                return "a FIFO (named pipe)";
            }
            if t.is_socket() {
                return "a socket";
            }
            if t.is_block_device() || t.is_char_device() {
                return "a device";
            }
        }
    }
    let _ = file_type;
    "something other than a regular file"
}

/// The source kind a finding about a path gets: an env file by its name, else a config file.
fn kind_of(path: &Path) -> SourceKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if is_env_name(&name) {
        SourceKind::EnvFile
    } else {
        SourceKind::ConfigFile
    }
}

/// An `unreadable-path` finding.
pub(super) fn unreadable(path: &Path, reason: &str) -> Diagnostic {
    UNREADABLE_PATH.diag(
        &Source::whole_file(kind_of(path), path),
        &[],
        format!("cannot be read: {reason}"),
        "fix the permission or the link, or exclude the path in .gitignore or .ignore",
    )
}

/// A finding for an error of the walker.
fn walk_error(e: &ignore::Error) -> Diagnostic {
    let (path, reason) = describe(e);
    match path {
        Some(path) => unreadable(&path, &reason),
        None => UNREADABLE_PATH.diag(
            &Source::whole_file(SourceKind::ConfigFile, Path::new(".")),
            &[],
            format!("cannot walk a directory: {reason}"),
            "fix the permission or the link, or exclude the path in .gitignore or .ignore",
        ),
    }
}

/// The path an error is about, and the reason in words.
fn describe(e: &ignore::Error) -> (Option<PathBuf>, String) {
    match e {
        ignore::Error::WithPath { path, err } => {
            let (inner, reason) = describe(err);
            (inner.or_else(|| Some(path.clone())), reason)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.clone()),
            format!(
                "symbolic link loop: it leads back to {}",
                ancestor.display()
            ),
        ),
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => (
            None,
            "broken symbolic link (its target does not exist)".to_owned(),
        ),
        ignore::Error::Io(io) => (None, io.to_string()),
        ignore::Error::Partial(errs) => match errs.first() {
            Some(first) => describe(first),
            None => (None, e.to_string()),
        },
        other => (None, other.to_string()),
    }
}
