//! Rules about what `lint` reads beyond the files it is given: a Compose `env_file:` that leads
//! out of the linted paths (a symbolic link that does is `symlink-outside-root`), and files too
//! large to read. The checks are in `src/lint/`.

use crate::rules::rule;

rule! {
    FILE_OUTSIDE_ROOT = "file-outside-root", Warning,
    summary: "A Compose env_file leads outside the linted paths and was not read.",
    what: "A Compose service's `env_file:` names a file outside every path given to `lint` (an absolute path such as `/var/run/secrets/...`, or `../` out of the tree, directly or through a symbolic link). `lint` does not read such a file unless `--follow-outside` is given. A symbolic link found while walking a directory that points outside it is `symlink-outside-root`. A file named on the command line is always read: its directory is one of the linted paths.",
    why: "A pull request that adds a Compose file could otherwise make a CI run of `lint` read, and report lines of, any file of the runner, such as a service-account token.",
    example: "services:\n  wandb:\n    env_file: /var/run/secrets/kubernetes.io/serviceaccount/token",
    fix: "Keep the file inside the repository (an env_file relative to the Compose file), lint the file directly, or pass `--follow-outside` when it is trusted.",
}

rule! {
    FILE_NOT_READ = "file-not-read", Warning,
    summary: "A file in a linted directory is larger than the read limit and does not look like deployment configuration; it was not read.",
    what: "While walking a directory, `lint` found a file with a name it reads (`.env`, `.yaml`, `.yml`, `.json`, `.toml`) that is larger than the read limit (8 MiB unless `--max-file-size` says otherwise). Its first 64 KiB hold none of the keys of the files `lint` judges, so it is taken for a data file and not parsed. A large file that does look like one (`apiVersion`, `global`, `services`, `oidc`, ...) is an `unreadable-path` error instead.",
    why: "Parsing every large data file of a repository would take gigabytes of memory; skipping it without a word would hide a configuration nobody judged.",
    example: "fixtures/data.json   (175 MB of test data)",
    fix: "Nothing, if it is data. Otherwise lint it with `--max-file-size`, or keep configuration files small.",
}
