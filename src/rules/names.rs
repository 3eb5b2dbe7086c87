//! Rules about variable names: aliases, deprecated and unread spellings, unknown variables, and
//! input files that do not parse. The checks are in `resolve.rs` (names) and the file readers.

use crate::rules::rule;

rule! {
    CONFLICTING_ALIASES = "conflicting-aliases", Error,
    summary: "Two spellings of one setting hold different values.",
    what: "Settings that the charts emit under several names (`OIDC_ISSUER` and `GORILLA_OIDC_ISSUER`, `SESSION_LENGTH` and `GORILLA_SESSION_LENGTH`, a secret and its `NAME_FILE`) must agree. Session lengths are compared as durations, so `SESSION_LENGTH=24` and `GORILLA_SESSION_LENGTH=24h` agree.",
    why: "Which spelling the server reads first is not documented, so the value that wins is a guess. A chart that hard-codes one spelling while you set the other is a classic lock-out.",
    example: "OIDC_ISSUER=https://a.okta.com\nGORILLA_OIDC_ISSUER=https://b.okta.com",
    fix: "Set both spellings to the same value, or remove one of them.",
}

rule! {
    DEPRECATED_NAME = "deprecated-name", Warning,
    summary: "A deprecated spelling is used.",
    what: "Spellings from older docs and charts: `OIDC_CLIENT_SECRET`, `GORILLA_OIDC_CLIENT_SECRET` (now `GORILLA_OIDC_SECRET`), `GORILLA_ENABLE_SSO_GROUP_CLAIMS` (now `GORILLA_ENABLE_SSO_GROUPS_CLAIMS`).",
    why: "W&B corrected these names; a server release may stop reading the old spelling, and the secret or option then silently disappears.",
    example: "OIDC_CLIENT_SECRET=...",
    fix: "Rename the variable to the canonical spelling named in the help.",
}

rule! {
    UNREAD_NAME = "unread-name", Error,
    summary: "A spelling the server does not read is the only source of a setting.",
    what: "`GORILLA_OIDC_AUTH_METHOD` (emitted by operator chart 0.28.3 to 0.41.1 by mistake) without `OIDC_AUTH_METHOD` or `GORILLA_AUTH_METHOD`.",
    why: "The server never sees the value, so it uses the default (`implicit`): with Cognito or Entra ID nobody can sign in.",
    example: "GORILLA_OIDC_AUTH_METHOD=pkce",
    fix: "Use the spelling the server reads: `OIDC_AUTH_METHOD=pkce`.",
}

rule! {
    UNKNOWN_VARIABLE = "unknown-variable", Warning,
    summary: "A variable that looks like one of ours is not known.",
    what: "Variables that start with `OIDC_`, `GORILLA_OIDC_` or `LOCAL_LDAP_`, or are within a small edit distance of a known name, but are not a known spelling.",
    why: "A typo in a variable name is silently ignored by the server; the setting keeps its default.",
    example: "OIDC_ISUER=https://example.okta.com",
    fix: "Rename it to the name in the help (\"did you mean ...\"), or remove it.",
}

rule! {
    PARSE_ERROR = "parse-error", Error,
    summary: "A file cannot be parsed.",
    what: "An env file line that is not `KEY=value`, `export KEY=value`, a comment or blank; a config file, Helm values, manifest or Compose file that is not valid TOML, YAML or JSON.",
    why: "Whatever the tool cannot read, the deployment tooling will not read either, or will read differently.",
    example: "OIDC_ISSUER https://example.okta.com",
    fix: "Fix the syntax at the line and column given.",
}
