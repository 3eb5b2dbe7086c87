//! The operator-wandb chart keys this crate understands (REFERENCE.md 2.1), their JSON types and
//! the variables each one emits; the source of `helm-values.schema.json` and `helm-values.md`.

use serde_json::{Map, Value, json};

use crate::model::declaration::VARIABLES;
use crate::model::spec::{Kind, Spelling, VarSpec};
use crate::model::value::MAX_HOURS;

/// The JSON type of a chart key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartType {
    /// A string.
    Text,
    /// A whole number of hours, at least 1.
    Hours,
    /// `""`, `implicit` or `pkce`.
    AuthMethod,
    /// A reference to an existing Kubernetes Secret, `{name, secretKey}`.
    SecretRef,
    /// A map `NAME: value` of environment variables.
    EnvMap,
}

impl ChartType {
    /// The type shown in the docs.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ChartType::Text => "string",
            ChartType::Hours => "int",
            ChartType::AuthMethod => "string (`\"\"`, `implicit`, `pkce`)",
            ChartType::SecretRef => "object",
            ChartType::EnvMap => "object (map)",
        }
    }

    fn for_kind(kind: Kind) -> ChartType {
        match kind {
            Kind::SessionLength => ChartType::Hours,
            Kind::AuthMethod => ChartType::AuthMethod,
            _ => ChartType::Text,
        }
    }
}

/// What the chart itself says about one of its keys (facts of the chart, not of the server).
struct ChartFact {
    key: &'static str,
    ty: ChartType,
    /// The chart's default, as JSON text.
    default: Option<&'static str>,
    /// The variables the chart emits from this key.
    emits: &'static [&'static str],
    doc: &'static str,
}

/// REFERENCE.md 2.1. Keys that `VARIABLES` names in `helm:` but this table lacks are added from the
/// declaration, so a new variable with a Helm key shows up with no edit here.
static CHART: &[ChartFact] = &[
    ChartFact {
        key: "global.host",
        ty: ChartType::Text,
        default: Some("\"http://localhost:8080\""),
        emits: &["HOST"],
        doc: "The URL users open, with its scheme (also emitted as the internal \
              `GORILLA_FILE_HOST` and `GORILLA_FRONTEND_HOST`).",
    },
    ChartFact {
        key: "global.license",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["LICENSE"],
        doc: "The W&B license.",
    },
    ChartFact {
        key: "global.auth.sessionLengthHours",
        ty: ChartType::Hours,
        default: Some("720"),
        emits: &["GORILLA_SESSION_LENGTH"],
        doc: "How long a login session lasts, in hours; emitted as `\"<n>h\"`.",
    },
    ChartFact {
        key: "global.auth.jwkUrl",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &[],
        doc: "The internal URL of the auth service's JWKS (chart-internal; no SSO variable).",
    },
    ChartFact {
        key: "global.auth.oidc.clientId",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["OIDC_CLIENT_ID", "GORILLA_OIDC_CLIENT_ID"],
        doc: "The OAuth client id. The OIDC variables are emitted only when it is not empty: an \
              `issuer` without a `clientId` silently turns OIDC off.",
    },
    ChartFact {
        key: "global.auth.oidc.issuer",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["OIDC_ISSUER", "GORILLA_OIDC_ISSUER"],
        doc: "The OpenID issuer URL, byte-exact (trailing `/` included). Emitted only when \
              `clientId` is set.",
    },
    ChartFact {
        key: "global.auth.oidc.authMethod",
        ty: ChartType::AuthMethod,
        default: Some("\"\""),
        emits: &["OIDC_AUTH_METHOD", "GORILLA_AUTH_METHOD"],
        doc: "The OIDC flow: `implicit` or `pkce`; empty means `implicit`. Emitted only when \
              `clientId` is set.",
    },
    ChartFact {
        key: "global.auth.oidc.secret",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["GORILLA_OIDC_SECRET", "OIDC_SECRET"],
        doc: "The OAuth client secret, when the identity provider requires one (stored in a \
              Secret by the chart). Prefer `oidcSecret`.",
    },
    ChartFact {
        key: "global.auth.oidc.oidcSecret",
        ty: ChartType::SecretRef,
        default: None,
        emits: &["GORILLA_OIDC_SECRET", "OIDC_SECRET"],
        doc: "An existing Kubernetes Secret that holds the OAuth client secret.",
    },
    ChartFact {
        key: "global.auth.oidc.oidcSecret.name",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &[],
        doc: "The name of the Secret.",
    },
    ChartFact {
        key: "global.auth.oidc.oidcSecret.secretKey",
        ty: ChartType::Text,
        default: Some("\"OIDC_SECRET\""),
        emits: &[],
        doc: "The key of the client secret inside the Secret.",
    },
    ChartFact {
        key: "global.extraEnv",
        ty: ChartType::EnvMap,
        default: Some("{}"),
        emits: &[],
        doc: "Extra environment variables, a map `NAME: value`; each entry is emitted as is. \
              The known names (every variable of ENVIRONMENT.md) are typed. A string here is a \
              silent no-op in the chart, so it must be a map.",
    },
    ChartFact {
        key: "global.slack.clientId",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["SLACK_CLIENT_ID", "GORILLA_SLACK_CLIENT_ID"],
        doc: "The client id of the Slack application used for alerts.",
    },
    ChartFact {
        key: "global.slack.secret",
        ty: ChartType::Text,
        default: Some("\"\""),
        emits: &["SLACK_SECRET", "GORILLA_SLACK_SECRET"],
        doc: "The client secret of the Slack application.",
    },
    ChartFact {
        key: "global.bucket.kmsKey",
        ty: ChartType::Text,
        default: None,
        emits: &["AWS_S3_KMS_ID"],
        doc: "The ARN of the KMS key that encrypts the bucket.",
    },
];

/// One chart key, resolved against the declaration.
#[derive(Debug)]
pub(crate) struct ChartKey {
    /// The dotted values key (`global.auth.oidc.issuer`).
    pub(crate) key: &'static str,
    /// Its JSON type.
    pub(crate) ty: ChartType,
    /// The chart's default; never for a secret.
    pub(crate) default: Option<Value>,
    /// Whether it holds a secret (a setting declared `secret: true` names it).
    pub(crate) secret: bool,
    /// The variables it emits.
    pub(crate) emits: Vec<&'static str>,
    /// What it does.
    pub(crate) doc: String,
}

/// The settings whose declaration names `key` among its Helm keys.
pub(crate) fn settings_of(key: &str) -> impl Iterator<Item = &'static VarSpec> + '_ {
    VARIABLES.iter().filter(move |v| v.helm.contains(&key))
}

/// Every chart key this crate understands, in a stable order.
pub(crate) fn chart_keys() -> Vec<ChartKey> {
    let mut keys: Vec<ChartKey> = CHART
        .iter()
        .map(|f| {
            let secret = settings_of(f.key).any(|v| v.secret);
            ChartKey {
                key: f.key,
                ty: f.ty,
                default: f
                    .default
                    .filter(|_| !secret)
                    .and_then(|d| serde_json::from_str(d).ok()),
                secret,
                emits: f.emits.to_vec(),
                doc: f.doc.to_owned(),
            }
        })
        .collect();
    for spec in VARIABLES {
        for key in spec.helm {
            if !keys.iter().any(|k| k.key == *key) {
                keys.push(ChartKey {
                    key,
                    ty: ChartType::for_kind(spec.kind),
                    default: None,
                    secret: spec.secret,
                    emits: vec![spec.env],
                    doc: spec.summary().to_owned(),
                });
            }
        }
    }
    keys
}

/// The variables the chart emits from `key`, primary spelling first (`global.auth.oidc.issuer`
/// gives `OIDC_ISSUER`, `GORILLA_OIDC_ISSUER`): what `lint` maps the key to, from the same table
/// as the schema and docs.
pub(crate) fn emits(key: &str) -> Vec<&'static str> {
    chart_keys()
        .into_iter()
        .find(|k| k.key == key)
        .map(|k| k.emits)
        .unwrap_or_default()
}

/// The names of the keys directly under `parent` (`global.auth` gives `sessionLengthHours`,
/// `jwkUrl`, `oidc`): what `lint` knows under that key, from the same table as the schema.
pub(crate) fn children_of(parent: &str) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for key in chart_keys() {
        let Some(rest) = key
            .key
            .strip_prefix(parent)
            .and_then(|r| r.strip_prefix('.'))
        else {
            continue;
        };
        let child = rest.split('.').next().unwrap_or(rest);
        if !names.contains(&child) {
            names.push(child);
        }
    }
    names
}

/// The JSON schema of one chart key (without its children).
fn key_schema(key: &ChartKey) -> Map<String, Value> {
    let mut s = Map::new();
    s.insert("description".into(), json!(key.doc));
    match key.ty {
        ChartType::Text => {
            s.insert("type".into(), json!("string"));
        }
        ChartType::Hours => {
            s.insert("type".into(), json!("integer"));
            s.insert("minimum".into(), json!(1));
            s.insert("maximum".into(), json!(MAX_HOURS));
        }
        ChartType::AuthMethod => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(["", "implicit", "pkce"]));
        }
        ChartType::SecretRef => {
            s.insert("type".into(), json!("object"));
        }
        ChartType::EnvMap => {
            s.insert("type".into(), json!("object"));
            s.insert("properties".into(), Value::Object(extra_env_properties()));
        }
    }
    if let Some(d) = &key.default {
        s.insert("default".into(), d.clone());
    }
    s
}

/// Every spelling of every variable, typed for `global.extraEnv` (YAML values: booleans may be
/// given as YAML booleans or strings, bare hours as numbers or strings).
fn extra_env_properties() -> Map<String, Value> {
    let mut props = Map::new();
    for spec in VARIABLES {
        for (name, spelling) in spec.spellings() {
            let mut s = env_value_schema(spec.kind, name);
            let status = match spelling {
                Spelling::Canonical => String::new(),
                Spelling::Alias => format!(" (Alias of `{}`.)", spec.env),
                Spelling::Deprecated => format!(" (Deprecated: use `{}`.)", spec.env),
                Spelling::Unread => {
                    format!(" (NOT read by the server: use `{}`.)", spec.env)
                }
            };
            s.insert(
                "description".into(),
                json!(format!("{}{status}", spec.summary())),
            );
            props.insert(name.to_owned(), Value::Object(s));
        }
    }
    props
}

/// The schema of one environment value of `kind` spelled `name`.
fn env_value_schema(kind: Kind, name: &str) -> Map<String, Value> {
    let schema = match kind {
        Kind::Bool => json!({
            "type": ["boolean", "string"],
            "enum": [true, false, "", "1", "t", "T", "TRUE", "true", "True",
                     "0", "f", "F", "FALSE", "false", "False"]
        }),
        Kind::AuthMethod => json!({ "type": "string", "enum": ["", "implicit", "pkce"] }),
        // The server parses GORILLA_SESSION_LENGTH as a Go duration, SESSION_LENGTH as bare hours.
        Kind::SessionLength if name.starts_with("GORILLA_") => {
            json!({ "type": "string", "pattern": "^([1-9][0-9]*h)?$" })
        }
        Kind::SessionLength => json!({
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": MAX_HOURS,
            "pattern": "^([1-9][0-9]*)?$"
        }),
        Kind::RetentionPeriod => json!({ "type": "string", "pattern": "^([1-9][0-9]*h)?$" }),
        _ => json!({ "type": "string" }),
    };
    match schema {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// `helm-values.schema.json` as a JSON value. Only the known keys are described; every other key
/// of the chart stays allowed (no `additionalProperties: false` anywhere).
pub(crate) fn schema_value() -> Value {
    let mut root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "operator-wandb values understood by iamconf",
        "description": "The SSO and IAM keys of the operator-wandb chart. Generated by \
                        `iamconf schema --helm`; use it as the chart's values.schema.json. \
                        Keys not listed here are allowed.",
        "type": "object",
        "properties": {}
    });
    for key in chart_keys() {
        let mut node = &mut root;
        for part in key.key.split('.') {
            node = child(node, part);
        }
        if let Value::Object(obj) = node {
            for (k, v) in key_schema(&key) {
                match (k.as_str(), obj.get_mut("properties"), v) {
                    ("properties", Some(Value::Object(existing)), Value::Object(new)) => {
                        existing.extend(new);
                    }
                    (_, _, v) => {
                        obj.insert(k, v);
                    }
                }
            }
        }
    }
    root
}

/// The schema of property `name` under the object schema `node`, created as an object if absent.
fn child<'a>(node: &'a mut Value, name: &str) -> &'a mut Value {
    let fresh = || json!({ "type": "object" });
    let Value::Object(obj) = node else {
        return node;
    };
    let props = obj
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if !props.is_object() {
        *props = Value::Object(Map::new());
    }
    match props {
        Value::Object(p) => p.entry(name).or_insert_with(fresh),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn every_declared_helm_key_is_a_chart_key_with_its_variable() {
        let keys = chart_keys();
        for spec in VARIABLES {
            for key in spec.helm {
                let k = keys.iter().find(|k| k.key == *key).unwrap();
                assert_eq!(k.secret, spec.secret, "{key}");
                assert!(
                    k.emits.is_empty()
                        || k.emits
                            .iter()
                            .any(|e| spec.spellings().any(|(n, _)| n == *e)),
                    "{key} emits none of the spellings of {}",
                    spec.env
                );
            }
        }
        // Everything a chart key emits is a declared spelling.
        for k in &keys {
            for e in &k.emits {
                assert!(crate::model::declaration::lookup(e).is_some(), "{e}");
            }
        }
    }

    #[test]
    fn secrets_have_no_default() {
        let keys = chart_keys();
        let secrets: Vec<_> = keys.iter().filter(|k| k.secret).collect();
        assert!(secrets.iter().any(|k| k.key == "global.license"));
        assert!(secrets.iter().all(|k| k.default.is_none()));
    }

    #[test]
    fn schema_shape() {
        let s = schema_value();
        let g = &s["properties"]["global"]["properties"];
        let oidc = &g["auth"]["properties"]["oidc"]["properties"];
        assert_eq!(oidc["authMethod"]["enum"], json!(["", "implicit", "pkce"]));
        assert_eq!(oidc["oidcSecret"]["type"], json!("object"));
        assert_eq!(
            oidc["oidcSecret"]["properties"]["secretKey"]["default"],
            json!("OIDC_SECRET")
        );
        assert_eq!(
            g["auth"]["properties"]["sessionLengthHours"]["type"],
            json!("integer")
        );
        assert_eq!(g["extraEnv"]["type"], json!("object"));
        let env = g["extraEnv"]["properties"].as_object().unwrap();
        let spellings: usize = VARIABLES.iter().map(|v| v.spellings().count()).sum();
        assert_eq!(env.len(), spellings);
        assert!(!s.to_string().contains("additionalProperties"));
    }
}
