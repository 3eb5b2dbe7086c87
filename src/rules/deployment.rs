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

rule! {
    HELM_VALUE_IGNORED = "helm-value-ignored", Warning,
    summary: "A chart key that the chart reads but ignores in this combination, or a key no current chart reads.",
    what: "Keys the operator-wandb chart silently drops: `global.auth.oidc.secret` while `global.auth.oidc.oidcSecret.name` is set (the chart then reads the secret from that Secret and never creates its own), `global.ldap.*` (read by no operator-wandb template; LDAP goes through `LOCAL_LDAP_*` variables), the top-level `extraEnv` and the plural `extraEnvs` (read by no template), and W&B variables under `global.extraEnvFrom` (which reaches only the MySQL, OpenTelemetry and exporter containers, never the W&B server).",
    why: "The deploy succeeds, the value is in the file for everyone to read, and it has no effect: the setting the file seems to make is not the one the server runs with.",
    example: "global:\n  auth:\n    oidc:\n      secret: my-client-secret\n      oidcSecret:\n        name: wandb-oidc",
    fix: "Remove the ignored key, or move the setting to the key the chart reads (for example put the client secret into the Secret `oidcSecret.name` names, or set `LOCAL_LDAP_*` in `global.extraEnv`).",
}

rule! {
    HELM_VALUE_COERCED = "helm-value-coerced", Warning,
    summary: "Helm reads a values scalar as YAML 1.1 and renders it differently from how it looks.",
    what: "Helm (and the W&B operator, for a custom resource) reads values with `sigs.k8s.io/yaml`: YAML 1.1 scalars, every number a float64 printed with Go's `%v`. An unquoted `yes`, `on` or `y` renders as `\"true\"`, `no`/`off`/`n` as `\"false\"`, `0777` as `\"511\"`, and `1000000` as `\"1e+06\"` (so `sessionLengthHours: 1000000` becomes `GORILLA_SESSION_LENGTH=1e+06h`). The rules judge the rendered value; this finding says what happened to the one you wrote.",
    why: "The file reads one way and the server gets another: `LOCAL_RESTORE: yes` looks like a typo that the server would reject, but it renders `\"true\"` and switches SSO off.",
    example: "global:\n  env:\n    LOCAL_RESTORE: yes",
    fix: "Quote the value as the exact string the server should read (`LOCAL_RESTORE: \"false\"`, `sessionLengthHours: 720`), so that what the file says is what is rendered.",
}

rule! {
    HELM_CLIENT_ID_NOT_STRING = "helm-client-id-not-string", Error,
    summary: "global.auth.oidc.clientId is a number, and helm template fails on the chart's string comparison.",
    what: "The operator-wandb chart compares `global.auth.oidc.clientId` with `\"\"` (`ne .Values.global.auth.oidc.clientId \"\"`). An unquoted all-digit client id (Zitadel and some Keycloak set-ups issue those) is a number to Helm, and the comparison fails the whole render: `error calling ne: incompatible types for comparison`.",
    why: "Nothing is deployed: `helm template`, `helm upgrade` and the operator's reconcile all stop on this error.",
    example: "global:\n  auth:\n    oidc:\n      clientId: 271828182845904523",
    fix: "Quote the client id: `clientId: \"271828182845904523\"` (a large unquoted number would also lose digits as a float64).",
}

rule! {
    CHART_VERSION_BUG = "chart-version-bug", Error,
    summary: "The operator-wandb chart version in use has a known SSO bug that applies to these values.",
    what: "Four released ranges of operator-wandb mis-render SSO settings: 0.7.4 to 0.13.12 read `global.auth.oidc.method` (the documented `authMethod` is ignored) and pass no client secret (fixed in 0.13.13); 0.13.13 to 0.35.9 pass the client secret only under names the server does not read (`OIDC_CLIENT_SECRET`, `GORILLA_OIDC_CLIENT_SECRET`; fixed in 0.35.10); 0.28.3 to 0.41.1 emit `GORILLA_OIDC_AUTH_METHOD` instead of `GORILLA_AUTH_METHOD` (fixed in 0.41.2); 0.33.0 to 0.41.1 hard-code `GORILLA_AUTH_METHOD: implicit` in the api ConfigMap, so split api pods use implicit whatever `authMethod` says (fixed in 0.41.2). The version comes from `--chart-version`, a custom resource's `spec.chart.version`, or a `Chart.yaml`/`Chart.lock` that depends on `operator-wandb`.",
    why: "The values are right and the deploy still locks users out: the chart turns them into something else, and nothing in the values file shows it.",
    example: "# iamconf lint --chart-version 0.35.2 values.yaml\nglobal:\n  auth:\n    oidc:\n      clientId: \"0oa1b2c3\"\n      issuer: https://acme.okta.com\n      authMethod: pkce",
    fix: "Upgrade the chart to the first fixed version the help names (or later). Until then, work around it as the help says (for example `global.extraEnv.GORILLA_AUTH_METHOD: pkce`).",
}

rule! {
    CR_FIELD_NOT_CONVERTED = "cr-field-not-converted", Warning,
    summary: "A v1 WeightsAndBiases value that the operator's v1-to-v2 conversion drops.",
    what: "The W&B operator stores `WeightsAndBiases` resources as `apps.wandb.com/v2` and converts v1 ones (`api/v1/weightsandbiases_conversion_mapping.go`). Some v1 values have no place in v2 and are dropped: `global.auth.sessionLengthHours` (the session length reverts to `720h`), and the `env`/`extraEnv` of sections that have no v2 application (`app`, `console`).",
    why: "The setting works while the v1 resource is rendered by the chart and silently disappears once the operator converts it.",
    example: "apiVersion: apps.wandb.com/v1\nkind: WeightsAndBiases\nspec:\n  values:\n    global:\n      auth:\n        sessionLengthHours: 24",
    fix: "Set the value in a form both versions carry (for the session length, `global.extraEnv.GORILLA_SESSION_LENGTH: \"24h\"`, which becomes a v2 `legacyOverrides` env), or move to a v2 resource (`spec.wandb.oidc.sessionLength: \"24h\"`).",
}
