//! The examples and exit codes at the end of each subcommand's `--help` (and its man page).

/// `iamconf --help`.
pub(crate) const MAIN: &str = "\
Examples:
  iamconf check --no-env --env-file prod.env      Validate an env file as the server would read it
  iamconf lint deploy/                            Judge every deployment file under deploy/
  helm template wandb wandb/operator-wandb -f values.yaml | iamconf lint -
  iamconf explain cognito-requires-pkce           Why a finding fires and how to fix it

Exit codes:
  0  no error-level finding
  1  at least one error (or a warning, with --deny-warnings)
  2  usage error, or an input that cannot be read";

/// `iamconf check --help`.
pub(crate) const CHECK: &str = "\
Examples:
  iamconf check                                   The process environment, as the server sees it
  iamconf check --no-env --env-file prod.env      One env file, without the environment
  kubectl exec deploy/wandb -- env | iamconf check --no-env --env-file -
  iamconf check --discover --format json          Also fetch and check the discovery document

Exit codes:
  0  no error-level finding
  1  at least one error (or a warning, with --deny-warnings)
  2  usage error, or a file that cannot be read";

/// `iamconf lint --help`.
pub(crate) const LINT: &str = "\
Examples:
  iamconf lint .                                  Walk the tree (.gitignore and hidden files respected)
  iamconf lint --no-ignore --hidden deploy/       Walk everything, ignored and hidden files too
  iamconf lint --format sarif --sarif-root \"$GITHUB_WORKSPACE\" \"$GITHUB_WORKSPACE/deploy\" > iamconf.sarif
  helm template wandb wandb/operator-wandb -f values.yaml | iamconf lint -
  iamconf lint --kind env - < prod.env            Standard input, read as a .env file
  iamconf lint --allow-empty $(git diff --name-only)   A hook given files that may not be W&B's

Exit codes:
  0  no error-level finding (and at least one file checked, unless --allow-empty)
  1  at least one error (or a warning, with --deny-warnings)
  2  usage error, a path that cannot be read, or no file checked (without --allow-empty)";

/// `iamconf show --help`.
pub(crate) const SHOW: &str = "\
Examples:
  iamconf show --no-env --env-file prod.env       Every setting, its value and where it came from
  iamconf show --format json                      The same as JSON (secrets are ***)
  kubectl exec deploy/wandb -- env | iamconf show --no-env --env-file -

Exit codes:
  0  the configuration has no error-level finding
  1  it has at least one error (`iamconf check` lists them)
  2  usage error, or a file that cannot be read";

/// `iamconf schema --help`.
pub(crate) const SCHEMA: &str = "\
Examples:
  iamconf schema --output schema/iamconf.schema.json
  iamconf schema --helm > values.schema.json      A chart's values.schema.json

Exit codes:
  0  written
  2  usage error, or the output file cannot be written";

/// `iamconf docs --help`.
pub(crate) const DOCS: &str = "\
Examples:
  iamconf docs --output schema/ENVIRONMENT.md     Every variable, helm-docs style
  iamconf docs --helm                             The chart values reference

Exit codes:
  0  written
  2  usage error, or the output file cannot be written";

/// `iamconf completions --help`.
pub(crate) const COMPLETIONS: &str = "\
Examples:
  iamconf completions bash > ~/.local/share/bash-completion/completions/iamconf
  iamconf completions zsh > \"${fpath[1]}/_iamconf\"
  iamconf completions fish > ~/.config/fish/completions/iamconf.fish

Exit codes:
  0  written
  2  usage error (an unknown shell)";

/// `iamconf man --help`.
pub(crate) const MAN: &str = "\
Examples:
  iamconf man | man -l -                          Read the manual page now
  iamconf man lint > iamconf-lint.1               The page of one subcommand

Exit codes:
  0  written
  2  usage error (an unknown subcommand)";

/// `iamconf explain --help`.
pub(crate) const EXPLAIN: &str = "\
Examples:
  iamconf explain                                 Every rule: code, severity, summary
  iamconf explain cognito-requires-pkce           One rule: what, why, an example and the fix

Exit codes:
  0  printed
  2  no rule has this code (the nearest code is suggested)";

/// `iamconf token --help`.
pub(crate) const TOKEN: &str = "\
Examples:
  iamconf token id_token.txt --no-env --env-file prod.env    Judge a saved ID token offline
  pbpaste | iamconf token --no-env --env-file prod.env       The token from the clipboard
  iamconf token id_token.txt --discover                      Also verify its signature (JWK Set)

Exit codes:
  0  no error-level finding
  1  at least one error (or a warning, with --deny-warnings)
  2  usage error, or a token or file that cannot be read";
