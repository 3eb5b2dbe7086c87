//! Rules about variable names: aliases, deprecated and unread spellings, unknown variables, and
//! input files that do not parse. The checks are in `resolve.rs` (names) and the file readers.

use crate::model::spec::VarSpec;
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
    what: "A spelling from older docs that the server may still read: `GORILLA_ENABLE_SSO_GROUP_CLAIMS` (now `GORILLA_ENABLE_SSO_GROUPS_CLAIMS`). The old client-secret names `OIDC_CLIENT_SECRET` and `GORILLA_OIDC_CLIENT_SECRET` are not deprecated but unread: see `unread-name`.",
    why: "W&B corrected these names; a server release may stop reading the old spelling, and the option then silently disappears.",
    example: "GORILLA_ENABLE_SSO_GROUP_CLAIMS=true",
    fix: "Rename the variable to the canonical spelling named in the help: `GORILLA_ENABLE_SSO_GROUPS_CLAIMS=true`.",
}

rule! {
    UNREAD_NAME = "unread-name", Error,
    summary: "A spelling the server does not read is the only source of a setting.",
    what: "Spellings that W&B's charts or docs emitted but current servers do not read: `GORILLA_OIDC_AUTH_METHOD` (operator chart 0.28.3 to 0.41.1), `OIDC_CLIENT_SECRET` and `GORILLA_OIDC_CLIENT_SECRET` (docs of 2025, operator chart 0.13.13 to 0.35.9, the legacy `wandb` chart's `sso.clientSecret`; renamed to `OIDC_SECRET` / `GORILLA_OIDC_SECRET` by the chart's fix #503 and W&B's docs fix #1702). In deployment files (`iamconf lint`) also any `NAME_FILE` form: W&B Server reads no `_FILE` variables (a program built on this library does, so `check` and `Config::load` accept them). An error when the unread spelling is the only source of the setting; a warning when a spelling the server reads supplies it too.",
    why: "The server never sees the value. A method left at the default `implicit` locks everyone out of Cognito and GitLab; a confidential client (Entra \"Web\", Google) without its secret fails every code exchange. Nothing in the logs says that the variable was ignored.",
    example: "OIDC_CLIENT_SECRET=<secret value>\n# or, in a legacy wandb chart values file:\nsso:\n  enabled: true\n  clientSecret: <secret value>",
    fix: "Use the spelling the server reads, in the file's own terms: `GORILLA_OIDC_SECRET` (and `OIDC_SECRET`) for the secret, `OIDC_AUTH_METHOD` for the method. Operator chart: `global.auth.oidc.secret` (or `oidcSecret.name`). Legacy chart, whose template hard-codes `OIDC_CLIENT_SECRET`: add an `extraEnv` list entry `- {name: GORILLA_OIDC_SECRET, valueFrom: {secretKeyRef: {name: <fullname>-secrets, key: CLIENT_SECRET}}}` (`<fullname>` is the release name when it contains `wandb`, else `<release>-wandb`). Instead of `NAME_FILE`, give the variable itself from a Secret (`valueFrom.secretKeyRef`).",
}

rule! {
    CLIENT_ONLY_VARIABLE = "client-only-variable", Warning,
    summary: "A variable only the W&B SDK or CLI reads is set for the server.",
    what: "`WANDB_IDENTITY_TOKEN_FILE`, `WANDB_CREDENTIALS_FILE`, `WANDB_USERNAME` or `WANDB_USER_EMAIL` in the server's environment. W&B's identity-federation docs have the user put a JWT in the file `WANDB_IDENTITY_TOKEN_FILE` names and then use the W&B SDK or CLI: these are client settings.",
    why: "The server ignores them, so whatever they were meant to enable (identity federation, a default user) is not configured on the server. The server-side switch of identity federation is `SKIP_AUDIENCE_VALIDATION`, and only when the JWTs cannot carry the expected audience.",
    example: "WANDB_IDENTITY_TOKEN_FILE=/var/run/secrets/jwt",
    fix: "Remove it from the server's environment and set it where the SDK or CLI runs (the training job, the notebook).",
}

rule! {
    LEGACY_VARIABLE = "legacy-variable", Warning,
    summary: "A variable of the pre-0.9.47 SSO beta is set.",
    what: "`AUTH0_CLIENT_ID`, `AUTH0_DOMAIN`, `GORILLA_OIDC_AUTHORIZE_PATH` or `GORILLA_OIDC_JWK_URL`, or `GORILLA_AUTH_JWK_URL` pointed at the identity provider's keys rather than the app's own `/api/jwks.json`: the SSO beta of wandb/local 0.9.45 and 0.9.46 (W&B staff instructions in wandb/server#31 and #50), superseded by `OIDC_ISSUER` and `OIDC_CLIENT_ID`. An error when it is the only SSO setting present: current servers then have SSO off.",
    why: "Current servers configure SSO from `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_AUTH_METHOD` (with discovery); the beta variables are ignored, so a configuration made only of them has no SSO at all.",
    example: "AUTH0_DOMAIN=acme.us.auth0.com\nAUTH0_CLIENT_ID=abc123",
    fix: "Replace them with `OIDC_ISSUER=https://acme.us.auth0.com/` (the issuer, for Auth0 with its trailing `/`), `OIDC_CLIENT_ID=abc123` and `OIDC_AUTH_METHOD`, then remove the beta variables.",
}

/// The spelling a (possibly `NAME_FILE`) name stands for, and whether that spelling itself is
/// one the server does not read.
fn base_of<'a>(spec: &VarSpec, name: &'a str, via_file: bool) -> (&'a str, bool) {
    let base = if via_file {
        name.strip_suffix("_FILE").unwrap_or(name)
    } else {
        name
    };
    (base, spec.unread.contains(&base))
}

/// Why a spelling is not read, for messages: an old name the server never read, or a
/// `NAME_FILE` form in a deployment file (the server reads no `_FILE` variables).
pub(crate) fn unread_reason(spec: &VarSpec, name: &str, via_file: bool) -> &'static str {
    let (base, base_unread) = base_of(spec, name, via_file);
    if base_unread && base.contains("CLIENT_SECRET") {
        " (renamed to GORILLA_OIDC_SECRET / OIDC_SECRET)"
    } else if base_unread {
        ""
    } else if via_file {
        " (W&B Server reads no `_FILE` variables)"
    } else {
        ""
    }
}

/// The help of an `unread-name` error, in variables: the spelling is renamed (`rename
/// OIDC_CLIENT_SECRET to GORILLA_OIDC_SECRET`), or a `NAME_FILE` form in a deployment file is
/// replaced by the variable itself. `lint` rewrites it in the file's own terms (`lint/terms.rs`:
/// the legacy chart's `extraEnv` item with `secretKeyRef`, an operator-chart key). `shown` is the
/// value when it may be printed (never a secret's).
pub(crate) fn unread_help(
    spec: &VarSpec,
    name: &str,
    via_file: bool,
    deployment: bool,
    shown: Option<&str>,
) -> String {
    if via_file {
        let (base, base_unread) = base_of(spec, name, via_file);
        let target = if base_unread { spec.env } else { base };
        return if deployment {
            format!(
                "give {target} itself (from a Secret: valueFrom.secretKeyRef) instead of {name}"
            )
        } else {
            format!("rename {name} to {target}_FILE")
        };
    }
    match shown {
        Some(v) => format!("set {}={v} instead", spec.env),
        None => format!("rename {name} to {}", spec.env),
    }
}

rule! {
    UNKNOWN_VARIABLE = "unknown-variable", Warning,
    summary: "A variable that looks like one of ours is not known.",
    what: "Variables that start with `OIDC_`, `GORILLA_OIDC_` or `LOCAL_LDAP_`, or are within a small edit distance of a known name, but are not a known spelling. Known synonyms get the name they stand for: `OIDC_SCOPES` and `GORILLA_OIDC_SCOPES` mean `GORILLA_OIDC_CUSTOM_SCOPES`.",
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
