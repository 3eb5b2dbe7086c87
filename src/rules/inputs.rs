//! Rules about what `lint` reads beyond the files it is given: a Compose `env_file:` that leads
//! out of the linted paths. The check is in `src/lint/compose.rs`.

use crate::rules::rule;

rule! {
    ENV_FILE_OUTSIDE_ROOT = "env-file-outside-root", Warning,
    summary: "A Compose env_file points outside the linted paths and was not read.",
    what: "A Compose service's `env_file:` names a file outside every path given to `lint` (an absolute path such as `/var/run/secrets/...`, or `../` out of the tree), directly or through a symbolic link. `lint` does not read it unless `--follow-outside` is given.",
    why: "A pull request that adds a Compose file could otherwise make a CI run of `lint` read, and report lines of, any file of the runner, such as a service-account token.",
    example: "services:\n  wandb:\n    env_file: /var/run/secrets/kubernetes.io/serviceaccount/token",
    fix: "Keep the env file inside the repository and name it relative to the Compose file, lint that file directly, or pass `--follow-outside` when the file is trusted.",
}
