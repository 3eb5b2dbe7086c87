//! Generated files: the JSON schema of the config-file form (JSON Schema 2020-12, generated with
//! schemars), the schema of the operator chart values this crate understands (draft-07, which
//! Helm validates), and the Markdown references of the variables and of the chart values. All
//! derive from the one declaration of the variables, so adding a variable changes them with no
//! other edit. The repository commits them under `schema/`.
//!
//! ```
//! let schema: serde_json::Value = serde_json::from_str(&iamconf::schema::config_schema()).unwrap();
//! assert!(schema["properties"]["oidc"]["properties"]["issuer"].is_object());
//! assert!(iamconf::schema::environment_md().contains("OIDC_ISSUER"));
//! ```
// `lint` compiles this module for the chart table alone, without the generators.
#![cfg_attr(
    not(feature = "schema"),
    allow(dead_code, unreachable_pub, unused_imports)
)]

pub(crate) mod docs;
pub(crate) mod helm;
pub(crate) mod rules_md;

pub use docs::{environment_md, helm_values_md};
pub use rules_md::rules_md;

use serde_json::{Map, Value, json};

#[cfg(feature = "schema")]
use crate::model::config::Config;
use crate::model::declaration::VARIABLES;
use crate::model::spec::{Kind, VarSpec};

/// The JSON schema of the config-file form (`schema/iamconf.schema.json`).
#[cfg(feature = "schema")]
pub fn config_schema() -> String {
    to_text(&config_schema_value())
}

/// The JSON schema (draft-07) of the chart values (`schema/helm-values.schema.json`).
pub fn helm_schema() -> String {
    to_text(&helm::schema_value())
}

/// Pretty JSON with a trailing newline.
fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The config-file schema as a JSON value: schemars' output with every section inlined, then each
/// property annotated from its declaration.
#[cfg(feature = "schema")]
pub(crate) fn config_schema_value() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut root = generator.into_root_schema_for::<Config>().to_value();
    for spec in VARIABLES {
        let pointer = format!("/properties/{}/properties/{}", spec.section.key, spec.field);
        if let Some(Value::Object(prop)) = root.pointer_mut(&pointer) {
            annotate(prop, spec);
        }
    }
    if let Some(Value::Object(props)) = root.pointer_mut("/properties") {
        props.insert(
            "$schema".into(),
            json!({
                "description": "The schema this file follows, for editors (JSON has no comments); \
                                ignored by iamconf.",
                "type": "string"
            }),
        );
    }
    lead_with(root, &["$schema", "title", "description"])
}

/// The same object with `first` keys moved to the front (inlining leaves them at the end).
fn lead_with(value: Value, first: &[&str]) -> Value {
    let Value::Object(mut rest) = value else {
        return value;
    };
    let mut out = Map::new();
    for key in first {
        if let Some(v) = rest.shift_remove(*key) {
            out.insert((*key).to_owned(), v);
        }
    }
    out.extend(rest);
    Value::Object(out)
}

/// Adds the `x-` keys, default, enum, format and pattern of one declared setting.
fn annotate(prop: &mut Map<String, Value>, spec: &VarSpec) {
    prop.insert(
        "description".into(),
        json!(paragraphs(spec.doc).join("\n\n")),
    );
    match spec.kind {
        Kind::AuthMethod => {
            // A plain enum reads better in editors than schemars' `oneOf` of consts.
            prop.shift_remove("anyOf");
            prop.shift_remove("oneOf");
            prop.insert("type".into(), json!(["string", "null"]));
            prop.insert("enum".into(), json!(["implicit", "pkce", null]));
        }
        Kind::Url(_) | Kind::Issuer => {
            prop.insert("format".into(), json!("uri"));
        }
        Kind::Scopes => {
            // A list, or one string of names separated by spaces or commas (as in the variable).
            prop.insert("type".into(), json!(["array", "string", "null"]));
        }
        Kind::Origins => {
            // A list, or one string of origins separated by commas (as in the variable).
            prop.insert("type".into(), json!(["array", "string", "null"]));
        }
        _ => {}
    }
    prop.shift_remove("default");
    prop.shift_remove("examples");
    if spec.secret {
        prop.insert("writeOnly".into(), json!(true));
    } else if let Some(default) = spec.default {
        prop.insert("default".into(), typed_default(spec.kind, default));
    }
    prop.insert("x-env".into(), json!(spec.env));
    prop.insert("x-env-aliases".into(), json!(spec.aliases));
    prop.insert("x-env-deprecated".into(), json!(spec.deprecated));
    if !spec.unread.is_empty() {
        prop.insert("x-env-unread".into(), json!(spec.unread));
    }
    prop.insert("x-secret".into(), json!(spec.secret));
    if !spec.helm.is_empty() {
        prop.insert("x-helm".into(), json!(spec.helm));
    }
}

/// The paragraphs of a doc comment, each on one line.
pub(crate) fn paragraphs(doc: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in doc.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A declared default (the text of the canonical variable) as a value of the field's JSON type.
pub(crate) fn typed_default(kind: Kind, text: &str) -> Value {
    match kind {
        Kind::Bool => match text {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Value::Bool(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Value::Bool(false),
            _ => json!(text),
        },
        Kind::SessionLength => text
            .parse::<u64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
        _ => json!(text),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn properties(schema: &Value) -> Vec<(&String, &Map<String, Value>)> {
        let mut out = Vec::new();
        for section in schema["properties"].as_object().unwrap().values() {
            let Some(fields) = section["properties"].as_object() else {
                continue;
            };
            for (name, prop) in fields {
                out.push((name, prop.as_object().unwrap()));
            }
        }
        out
    }

    #[test]
    fn every_variable_is_one_annotated_property() {
        let schema = config_schema_value();
        let props = properties(&schema);
        assert_eq!(props.len(), VARIABLES.len());
        for spec in VARIABLES {
            let (_, prop) = props
                .iter()
                .find(|(n, p)| **n == spec.field && p["x-env"] == spec.env)
                .unwrap_or_else(|| panic!("{} has no property with its x-env", spec.env));
            assert_eq!(prop["x-secret"], json!(spec.secret), "{}", spec.env);
            assert_eq!(prop["x-env-aliases"], json!(spec.aliases), "{}", spec.env);
            assert_eq!(
                prop["x-env-deprecated"],
                json!(spec.deprecated),
                "{}",
                spec.env
            );
            assert!(prop.contains_key("description"), "{}", spec.env);
        }
    }

    #[test]
    fn secrets_have_no_default_or_example() {
        let schema = config_schema_value();
        let secrets: Vec<_> = properties(&schema)
            .into_iter()
            .filter(|(_, p)| p["x-secret"] == json!(true))
            .collect();
        assert!(secrets.len() >= 4);
        for (name, prop) in secrets {
            assert!(!prop.contains_key("default"), "{name}");
            assert!(!prop.contains_key("examples"), "{name}");
        }
    }

    #[test]
    fn defaults_enums_and_patterns_are_typed() {
        let schema = config_schema_value();
        let oidc = &schema["properties"]["oidc"]["properties"];
        assert_eq!(
            oidc["auth_method"]["enum"],
            json!(["implicit", "pkce", null])
        );
        assert_eq!(oidc["auth_method"]["default"], json!("implicit"));
        assert_eq!(oidc["issuer"]["format"], json!("uri"));
        let iam = &schema["properties"]["iam"]["properties"];
        assert_eq!(iam["session_length"]["default"], json!(720));
        assert!(iam["session_length"].to_string().contains("(ns|us|"));
        let restore = &schema["properties"]["break_glass"]["properties"]["local_restore"];
        assert_eq!(restore["default"], json!(false));
        let server = &schema["properties"]["server"]["properties"];
        assert_eq!(
            server["data_retention_period"]["pattern"],
            json!("^[1-9][0-9]*h$")
        );
        assert_eq!(
            schema["$schema"],
            json!("https://json-schema.org/draft/2020-12/schema")
        );
    }

    #[test]
    fn output_is_stable_and_ends_with_a_newline() {
        let a = config_schema();
        assert_eq!(a, config_schema());
        assert!(a.ends_with("}\n"));
        let h = helm_schema();
        assert_eq!(h, helm_schema());
        assert!(h.ends_with("}\n"));
    }
}
