//! Rules about single values: each fires when a variable's text does not parse for its type.
//! The checks themselves are the type-directed parsers in `value.rs`.

use crate::rules::rule;

rule! {
    INVALID_BOOL = "invalid-bool", Error,
    summary: "A boolean variable holds a value outside Go's ParseBool set.",
    what: "Every boolean variable (`LOCAL_RESTORE`, `DISABLE_SSO_PROVISIONING`, `GORILLA_*` switches, `LOCAL_LDAP_TLS_ENABLE`, ...) must be one of `1 t T TRUE true True 0 f F FALSE false False`, the set Go's `strconv.ParseBool` accepts.",
    why: "W&B Server is written in Go. A value such as `yes`, `on` or ` true ` does not parse there, so the setting silently keeps its default, and you find out after the deploy.",
    example: "LOCAL_RESTORE=on",
    fix: "Use `true` or `false` (the help names the nearest accepted spelling): `LOCAL_RESTORE=true`.",
}

rule! {
    INVALID_URL = "invalid-url", Error,
    summary: "A URL variable does not parse, or has the wrong scheme for its kind.",
    what: "`HOST` must be `http(s)://`, `MYSQL` `mysql://`, `REDIS` `redis://`, `BUCKET` `s3://`, `gs://` or `az://`, `BUCKET_QUEUE` `sqs://`, `pubsub:/`, `az://` or `internal://`, `LOCAL_LDAP_ADDRESS` `ldap(s)://`, and the issuer must be a URL. The value must also parse as a URL (no spaces, a valid host and port).",
    why: "The server connects to these URLs at start-up; a wrong scheme or a typo is a crash loop or a silent fallback.",
    example: "MYSQL=postgres://wandb:***@db/wandb",
    fix: "Write the URL with the scheme the variable expects, for example `MYSQL=mysql://USER:PASSWORD@HOST:3306/DB`.",
}

rule! {
    INVALID_NUMBER = "invalid-number", Error,
    summary: "An integer variable is not a positive integer in range.",
    what: "Hour counts (`SESSION_LENGTH`, `GORILLA_SESSION_LENGTH`, `GORILLA_DATA_RETENTION_PERIOD`) must be whole positive numbers no larger than Go's largest duration (2562047 hours).",
    why: "A zero, negative or non-numeric duration makes sessions expire at once or the server refuse to start.",
    example: "SESSION_LENGTH=-1",
    fix: "Use a positive whole number of hours: `SESSION_LENGTH=720`.",
}

rule! {
    INVALID_AUTH_METHOD = "invalid-auth-method", Error,
    summary: "OIDC_AUTH_METHOD (or an alias) is not exactly implicit or pkce.",
    what: "`OIDC_AUTH_METHOD` and `GORILLA_AUTH_METHOD` accept exactly `implicit` or `pkce`, in lower case.",
    why: "Whether the server accepts `PKCE` or `Pkce` is not confirmed; if it falls back to `implicit`, an identity provider that needs PKCE (Cognito, Entra ID) rejects every login and nobody can sign in.",
    example: "OIDC_AUTH_METHOD=PKCE",
    fix: "Write the method in lower case: `OIDC_AUTH_METHOD=pkce`.",
}

rule! {
    INVALID_VALUE = "invalid-value", Error,
    summary: "A value does not parse for its type (the fallback rule).",
    what: "Values of other types: absolute paths (`WANDB_IDENTITY_TOKEN_FILE`), AWS region ids, scope lists, secrets given as `NAME_FILE` whose file cannot be read. Mixing spaces and commas in `GORILLA_OIDC_CUSTOM_SCOPES` is reported at warning level.",
    why: "A value the server cannot use is ignored or crashes it at start-up.",
    example: "WANDB_IDENTITY_TOKEN_FILE=tokens/jwt",
    fix: "Give the value in the documented form, for example an absolute path `WANDB_IDENTITY_TOKEN_FILE=/var/run/secrets/jwt`.",
}

rule! {
    SESSION_LENGTH_UNIT = "session-length-unit", Error,
    summary: "SESSION_LENGTH has a unit, or GORILLA_SESSION_LENGTH lacks its h.",
    what: "The two spellings of the session length use two encodings: `SESSION_LENGTH` is a bare number of hours (`24`), `GORILLA_SESSION_LENGTH` a Go duration in hours (`24h`).",
    why: "With the wrong encoding the value does not parse and sessions keep the default length (720 hours), which may break a security policy.",
    example: "SESSION_LENGTH=720h",
    fix: "`SESSION_LENGTH=720` or `GORILLA_SESSION_LENGTH=720h`.",
}

rule! {
    RETENTION_PERIOD_UNIT = "retention-period-unit", Error,
    summary: "GORILLA_DATA_RETENTION_PERIOD is not a number of hours ending in h.",
    what: "`GORILLA_DATA_RETENTION_PERIOD` is a Go duration in hours, such as `24h` or `720h`.",
    why: "A bare `24` is not a Go duration: the server rejects it or ignores the retention policy, and deleted run data is kept (or purged) on a schedule you did not choose.",
    example: "GORILLA_DATA_RETENTION_PERIOD=24",
    fix: "Add the unit: `GORILLA_DATA_RETENTION_PERIOD=24h`.",
}

rule! {
    EMPTY_VALUE = "empty-value", Warning,
    summary: "A variable is present but empty, so it counts as unset.",
    what: "A known variable that is set to the empty string.",
    why: "An empty value is treated as unset, so the default applies. That is rarely what someone who wrote the line meant.",
    example: "OIDC_CLIENT_ID=",
    fix: "Give the variable a value, or remove the line.",
}

rule! {
    NON_UTF8_VALUE = "non-utf8-value", Error,
    summary: "A variable's value is not valid UTF-8.",
    what: "The bytes of the value are not valid UTF-8 (for example a Latin-1 file or a stray binary byte).",
    why: "The server cannot read such a value reliably; it is usually a copy-paste or encoding accident.",
    example: "OIDC_CLIENT_ID=<bytes 0xff 0xfe>",
    fix: "Re-enter the value as plain UTF-8 text.",
}

rule! {
    HOST_MISSING_SCHEME = "host-missing-scheme", Error,
    summary: "HOST has no http:// or https://.",
    what: "`HOST` must be a URL with its scheme, not a bare host name.",
    why: "Links, cookies and the OIDC callback URL are built from `HOST`; without a scheme they are broken.",
    example: "HOST=wandb.example.com",
    fix: "`HOST=https://wandb.example.com`.",
}
