//! Rules about the inputs of `iamconf lint` themselves: paths under a linted directory that cannot
//! be read, and symbolic links that lead out of the linted tree. The checks are in
//! `src/lint/walk.rs`, which walks the directories.

use crate::rules::rule;

rule! {
    UNREADABLE_PATH = "unreadable-path", Error,
    summary: "A file or directory under a linted path cannot be read.",
    what: "While walking a directory, `lint` met an entry it cannot read: a directory or file without read permission, a broken symbolic link, a symbolic-link loop, or a file larger than the size limit. The finding names the path and the operating system's reason.",
    why: "A linter that skips what it cannot read reports a clean pass for files it never judged; in CI that hides exactly the configuration nobody looked at.",
    example: "deploy/prod.env -> ../secrets/prod.env   (the target does not exist)",
    fix: "Fix the permission or the link, or exclude the path with a `.gitignore` or `.ignore` entry.",
}

rule! {
    SYMLINK_OUTSIDE_ROOT = "symlink-outside-root", Warning,
    summary: "A symbolic link under a linted directory leads out of it and was not followed.",
    what: "A symbolic link inside a walked directory whose target is outside every path given to `lint`. It is not followed unless `--follow-outside` is given, so the file (or tree) it points at is not judged.",
    why: "Following links out of the tree lets a repository make CI read arbitrary files of the runner; not following them silently would hide a configuration the repository uses.",
    example: "deploy/prod.env -> /etc/wandb/prod.env",
    fix: "Lint the target directly (`iamconf lint /etc/wandb/prod.env`), pass `--follow-outside`, or exclude the link with a `.ignore` entry.",
}
