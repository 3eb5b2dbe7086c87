//! W&B operator custom resources (`apps.wandb.com`, kind `WeightsAndBiases`; REFERENCE.md 6),
//! found in any manifest stream (or every document with `--kind cr`).
//!
//! - v1: `spec.values` are the operator-wandb chart's values, rendered by the operator with
//!   Helm. They are judged by the values reader (`helm.rs`) with every key prefixed by
//!   `spec.values.`, so positions and help lines are in the CR's own terms. `spec.chart.version`
//!   selects the chart bugs (`chart-version-bug`). Values that the operator's v1-to-v2
//!   conversion drops give `cr-field-not-converted`.
//! - v2: each field maps to the variables the operator emits (`internal/controller/reconciler`,
//!   manifest 0.84.0). A `SecretKeySelector` (`{name, key}`) is "present, value unknown" unless
//!   the Secret is among the linted files (same stream first, see `manifest.rs`); then its
//!   value is judged and never shown. Booleans emit `"true"`; `false` and `""` emit nothing
//!   (JSON `omitempty`). `spec.wandb.legacyOverrides.<app|global>.env` items are applied last.

use crate::input::environment::{Entry, RawValue};
use crate::input::source::SourceKind;
use crate::input::tree::{Node, NodeKind};
use crate::lint::chart_version::ChartVersion;
use crate::lint::helm;
use crate::lint::manifest::{Context, Scope};
use crate::lint::terms::Terms;
use crate::lint::values::Values;
use crate::lint::yaml11::{self, Yaml11};
use crate::lint::{Output, Unit, YamlFile, scalar, values_text};
use crate::rules::deployment::{CR_FIELD_NOT_CONVERTED, SECRET_IN_PLAIN_VALUE};
use crate::rules::values::INVALID_VALUE;

/// Whether a document is a `WeightsAndBiases` custom resource.
pub(crate) fn is_cr(doc: &Node) -> bool {
    doc.get("kind").and_then(scalar) == Some("WeightsAndBiases")
        && doc
            .get("apiVersion")
            .and_then(scalar)
            .is_some_and(|a| a.starts_with("apps.wandb.com/"))
}

/// Reads one custom resource.
pub(super) fn read(doc: &Node, file: &YamlFile<'_>, ctx: &Context<'_>) -> Output {
    let file = file.with_kind(SourceKind::CustomResource);
    let name = doc.path("metadata.name").and_then(scalar).unwrap_or("?");
    let label = format!("WeightsAndBiases/{name}");
    let api = doc.get("apiVersion").and_then(scalar).unwrap_or("");
    let v2 = api.ends_with("/v2") || (!api.ends_with("/v1") && doc.path("spec.wandb").is_some());
    if v2 {
        read_v2(doc, &file, ctx, label)
    } else {
        read_v1(doc, &file, ctx, label)
    }
}

/// A v1 resource: `spec.values` as chart values.
fn read_v1(doc: &Node, file: &YamlFile<'_>, ctx: &Context<'_>, label: String) -> Output {
    let mut v = Values::new(file);
    v.prefix = "spec.values.".to_owned();
    let Some(values) = doc.path("spec.values").filter(|n| !n.is_null()) else {
        return v.finish(Some(label));
    };
    // `spec.chart` is `{url, name, version}` or `{url: oci://…, version}`: a version names an
    // operator-wandb release unless the chart is named as something else.
    let other_chart = doc
        .path("spec.chart.name")
        .and_then(scalar)
        .is_some_and(|n| n != "operator-wandb");
    let own = doc
        .path("spec.chart.version")
        .and_then(scalar)
        .filter(|_| !other_chart)
        .and_then(|t| ChartVersion::parse(t, "spec.chart.version"));
    let chart = own.as_ref().or(ctx.chart);
    helm::read_values(&mut v, values, chart);
    // W&B's Terraform modules (through the `wandb-cr` chart) always pass all four `oidc_*`
    // inputs, so an unset `oidc_secret` arrives as `OIDC_SECRET: ""` (REFERENCE.md 7.2): an
    // empty value the module emits, not one the user wrote.
    if file
        .text()
        .lines()
        .any(|l| l.starts_with("# Source: wandb-cr/"))
    {
        let module_empty = |e: &Entry| {
            matches!(
                e.name.as_str(),
                "OIDC_SECRET" | "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_AUTH_METHOD"
            ) && matches!(&e.value, RawValue::Text(t) if t.is_empty())
        };
        v.entries.retain(|e| !module_empty(e));
        for u in &mut v.more_units {
            u.entries.retain(|e| !module_empty(e));
        }
    }

    // What the v1-to-v2 conversion drops (`api/v1/weightsandbiases_conversion_mapping.go`).
    if let Some((k, _)) = values
        .path("global.auth")
        .and_then(|a| a.entry("sessionLengthHours"))
    {
        v.findings.push(CR_FIELD_NOT_CONVERTED.diag(
            &file
                .key_source("GORILLA_SESSION_LENGTH", k)
                .with_name("spec.values.global.auth.sessionLengthHours"),
            &["GORILLA_SESSION_LENGTH"],
            "`spec.values.global.auth.sessionLengthHours` is not converted to v2: when the operator converts this resource, the session length reverts to 720h",
            "also set `spec.values.global.extraEnv.GORILLA_SESSION_LENGTH` to the same length with its unit (for example \"24h\"): env values are carried into v2 `legacyOverrides`",
        ));
    }
    for section in ["app", "console"] {
        for chan in ["env", "extraEnv"] {
            let Some((k, node)) = values.get(section).and_then(|s| s.entry(chan)) else {
                continue;
            };
            if node.as_map().is_none_or(<[_]>::is_empty) {
                continue;
            }
            let full = format!("spec.values.{section}.{chan}");
            v.findings.push(CR_FIELD_NOT_CONVERTED.diag(
                &file.key_source("", k).with_name(full.clone()),
                &[],
                format!(
                    "`{full}` is not converted to v2: `{section}` has no v2 application, so these variables are dropped when the operator converts this resource"
                ),
                "set them in `spec.values.global.env` (or `global.extraEnv`) if every component may get them",
            ));
        }
    }
    v.finish(Some(label))
}

/// The v2 fields that hold a `SecretKeySelector`, with the variable each becomes.
const SELECTORS: &[(&str, &str)] = &[
    ("clientId", "GORILLA_OIDC_CLIENT_ID"),
    ("clientSecret", "GORILLA_OIDC_SECRET"),
    ("issuerUrl", "GORILLA_OIDC_ISSUER"),
    ("authMethod", "GORILLA_AUTH_METHOD"),
];

/// The v2 `security` booleans, with their variables (REFERENCE.md 6.2, in that order).
const SECURITY: &[(&str, &str)] = &[
    ("allowUserTeamCreation", "GORILLA_ALLOW_USER_TEAM_CREATION"),
    ("disableCodeSaving", "GORILLA_DISABLE_CODE_SAVING"),
    (
        "allowAnonymousPublicProjects",
        "GORILLA_ALLOW_ANONYMOUS_PUBLIC_PROJECTS",
    ),
    ("disableSSOProvisioning", "GORILLA_DISABLE_SSO_PROVISIONING"),
    (
        "insecureAllowAPIKeyAdminAccess",
        "GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS",
    ),
    ("hideUpgradeBanner", "GORILLA_ONPREM_HIDE_UPGRADE_BANNER"),
];

/// A v2 resource: its fields mapped to variables.
fn read_v2(doc: &Node, file: &YamlFile<'_>, ctx: &Context<'_>, label: String) -> Output {
    let mut out = Output::default();
    let mut entries = Vec::new();
    let mut hidden = Vec::new();
    let namespace = doc.path("metadata.namespace").and_then(scalar);
    let scope = Scope {
        file: ctx.index,
        namespace,
    };
    let Some(wandb) = doc.path("spec.wandb") else {
        return out;
    };
    let text_entry = |names: &[&str], key: &str, node: &Node, entries: &mut Vec<Entry>| {
        let Some(t) = scalar(node).filter(|t| !t.is_empty()) else {
            return;
        };
        for n in names {
            entries.push(Entry {
                name: (*n).to_owned(),
                value: values_text(t),
                source: file.source(n, node).with_name(key.to_owned()),
            });
        }
    };
    if let Some(host) = wandb.get("hostname") {
        text_entry(
            &["GORILLA_FILE_HOST", "GORILLA_FRONTEND_HOST"],
            "spec.wandb.hostname",
            host,
            &mut entries,
        );
    }
    if let Some(license) = wandb.get("license").filter(|n| is_text(n)) {
        text_entry(
            &["LICENSE", "GORILLA_LICENSE"],
            "spec.wandb.license",
            license,
            &mut entries,
        );
        out.findings.push(SECRET_IN_PLAIN_VALUE.diag(
            &file.source("LICENSE", license).with_name("spec.wandb.license"),
            &["LICENSE"],
            "`spec.wandb.license` holds the license as a plain string in the custom resource",
            "the v2 resource takes the license only as a string: keep this file out of version control and limit who can read WeightsAndBiases resources",
        ));
    }
    if let Some(oidc) = wandb.get("oidc") {
        for (field, var) in SELECTORS {
            let Some((k, node)) = oidc.entry(field) else {
                continue;
            };
            let key = format!("spec.wandb.oidc.{field}");
            match &node.kind {
                NodeKind::Map(_) => {
                    let (Some(secret), Some(item)) = (
                        node.get("name").and_then(scalar).filter(|s| !s.is_empty()),
                        node.get("key").and_then(scalar).filter(|s| !s.is_empty()),
                    ) else {
                        continue;
                    };
                    match ctx.objects.lookup(scope, true, secret, item) {
                        Some(found) => {
                            // A value kept in a Secret is never quoted, whatever the setting.
                            hidden.push((*var).to_owned());
                            entries.push(Entry {
                                name: (*var).to_owned(),
                                value: found.value.clone(),
                                source: found.source.clone(),
                            });
                        }
                        None => entries.push(Entry {
                            name: (*var).to_owned(),
                            value: RawValue::Unknown,
                            source: file.key_source(var, k).with_name(key),
                        }),
                    }
                }
                NodeKind::Null => {}
                _ => out.findings.push(INVALID_VALUE.diag(
                    &file.source(var, node).with_name(key.clone()),
                    &[var],
                    format!(
                        "`{key}` must be a Secret reference `{{name, key}}`: the CRD rejects a plain value, so the resource is not accepted"
                    ),
                    format!(
                        "put the value into a Secret and write `{key}: {{name: <secret>, key: {field}}}`"
                    ),
                )),
            }
        }
        if let Some(node) = oidc.get("sessionLength") {
            text_entry(
                &["GORILLA_SESSION_LENGTH"],
                "spec.wandb.oidc.sessionLength",
                node,
                &mut entries,
            );
        }
    }
    if let Some(security) = wandb.get("security") {
        for (field, var) in SECURITY {
            if let Some(node) = security.get(field) {
                boolean(
                    node,
                    var,
                    &format!("spec.wandb.security.{field}"),
                    file,
                    &mut entries,
                );
            }
        }
    }
    if let Some(retention) = wandb.get("retention") {
        if let Some(node) = retention.get("artifactGarbageCollection") {
            boolean(
                node,
                "GORILLA_ARTIFACT_GC_ENABLED",
                "spec.wandb.retention.artifactGarbageCollection",
                file,
                &mut entries,
            );
        }
        if let Some(node) = retention.get("dataRetentionPeriod") {
            text_entry(
                &["GORILLA_DATA_RETENTION_PERIOD"],
                "spec.wandb.retention.dataRetentionPeriod",
                node,
                &mut entries,
            );
        }
    }
    // `legacyOverrides.<app|global>.env`: Kubernetes env items, applied last.
    for (section, o) in wandb
        .get("legacyOverrides")
        .and_then(Node::as_map)
        .unwrap_or(&[])
    {
        let Some(section) = section.as_str() else {
            continue;
        };
        let c = o;
        let what = format!("spec.wandb.legacyOverrides.{section}.env of {label}");
        let (e, h) =
            super::manifest::container(c, file, ctx.objects, scope, &what, &mut out.findings);
        entries.extend(e);
        hidden.extend(h);
    }
    out.units.push(Unit {
        label: Some(label),
        entries,
        hidden,
        terms: Some(Terms::CrV2),
        ..Unit::default()
    });
    out
}

/// Whether a node is a string scalar (quoted, or plain and not a YAML 1.1 boolean or number).
fn is_text(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Scalar { text, quoted } if yaml11::resolve(text, *quoted) == Yaml11::Str)
}

/// A v2 boolean field: `true` emits `"true"`; `false` emits nothing.
fn boolean(node: &Node, var: &str, key: &str, file: &YamlFile<'_>, entries: &mut Vec<Entry>) {
    let NodeKind::Scalar { text, quoted } = &node.kind else {
        return;
    };
    if yaml11::resolve(text, *quoted) == Yaml11::Bool(true) {
        entries.push(Entry {
            name: var.to_owned(),
            value: RawValue::Text("true".to_owned()),
            source: file.source(var, node).with_name(key.to_owned()),
        });
    }
}
