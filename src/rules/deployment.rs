//! Rules about deployment files (`iamconf lint` only): Helm values whose keys the chart ignores or
//! turns into no variables, secrets written as plain values, and variables given twice. The checks
//! are in `src/lint/`, which reads the files.

use crate::rules::rule;

rule! {
    HELM_OIDC_DISABLED = "helm-oidc-disabled", Error,
    summary: "Operator chart values set the OIDC issuer (or auth method, or secret) while clientId is empty, so the chart emits no OIDC variables.",
    what: "The operator-wandb chart emits `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_AUTH_METHOD` (and their `GORILLA_` twins) only when `global.auth.oidc.clientId` is not empty. Setting `issuer`, `authMethod` or `secret` with an empty `clientId` is therefore silently ignored.",
    why: "The deploy succeeds and the server starts without SSO: users see the local login page, and whoever was meant to sign in through the identity provider is locked out.",
    example: "global:\n  auth:\n    oidc:\n      clientId: \"\"\n      issuer: \"https://example.okta.com\"",
    fix: "Set `global.auth.oidc.clientId` to the client id of the W&B application at your identity provider, or remove the other OIDC keys.",
}

rule! {
    HELM_EXTRA_ENV_NOT_MAP = "helm-extra-env-not-map", Error,
    summary: "global.extraEnv (or extraEnv) is not a mapping of NAME: value.",
    what: "The operator chart reads `global.extraEnv` as a mapping `NAME: value` and turns each entry into a variable. A string or a list there (the Kubernetes `env:` form) is not rendered. The legacy `wandb` chart's top-level `extraEnv` is the opposite: a list of `{name, value}` items copied into the container's `env`.",
    why: "The chart silently drops the variables, so the settings you wrote never reach the server.",
    example: "global:\n  extraEnv:\n    - name: GORILLA_SESSION_LENGTH\n      value: 24h",
    fix: "Write `global.extraEnv` as a mapping: `extraEnv: {GORILLA_SESSION_LENGTH: \"24h\"}` (for the legacy chart, a list of `{name, value}`).",
}

rule! {
    HELM_UNKNOWN_KEY = "helm-unknown-key", Warning,
    summary: "An unknown key under global.auth, global.auth.oidc or sso.",
    what: "Keys the chart does not read under `global.auth`, `global.auth.oidc` (operator chart) or `sso` (legacy chart), such as `clientID` for `clientId` or `method` for `authMethod`. The help names the nearest known key.",
    why: "Helm ignores keys that no template reads, so a misspelt key leaves the setting at its default without any error.",
    example: "global:\n  auth:\n    oidc:\n      clientID: wandb",
    fix: "Rename the key to the one in the help (\"did you mean ...\"), or remove it.",
}

rule! {
    SECRET_IN_PLAIN_VALUE = "secret-in-plain-value", Warning,
    summary: "A secret variable is a literal value in a manifest or chart values instead of a Secret reference.",
    what: "A client secret, LDAP bind password, license or similar secret variable written as a literal `value:` in a Kubernetes manifest (or in a ConfigMap), or as a plain value in chart values (`global.auth.oidc.secret`, `global.slack.secret`, `global.license`, `sso.clientSecret`), or as a literal in Terraform (`oidc_secret = \"...\"` or `license = \"...\"` in a call of W&B's modules, a `locals` value or a variable default, or a `.tfvars` value: even for a variable marked `sensitive`, the file holds it in plain text).",
    why: "Manifests and values files end up in Git, CI logs and `kubectl describe` output; a secret there is readable by everyone who can read them. kube-linter flags the same.",
    example: "env:\n  - name: GORILLA_OIDC_SECRET\n    value: s3cr3t",
    fix: "Keep the secret in a Kubernetes Secret and reference it: `valueFrom: {secretKeyRef: {name: wandb-oidc, key: secret}}` (chart: `global.auth.oidc.oidcSecret.name`, `global.licenseSecret`). In Terraform, pass it through a variable marked `sensitive = true` whose value comes from `TF_VAR_...` or a secret-manager data source (`aws_secretsmanager_secret_version`, `google_secret_manager_secret_version`, `azurerm_key_vault_secret`).",
}

rule! {
    DUPLICATE_VARIABLE = "duplicate-variable", Warning,
    summary: "The same variable twice in one .env file or one container's env list.",
    what: "A variable assigned twice in one `.env` file, or listed twice in one container's `env` list. The last one wins.",
    why: "Whoever edits the first line changes nothing; reviews read the wrong value.",
    example: "OIDC_AUTH_METHOD=pkce\nOIDC_AUTH_METHOD=implicit",
    fix: "Remove one of the two lines.",
}
