//! Kubernetes manifests (multi-document YAML): the containers and init containers of
//! Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods, each judged on its own.
//! `env` items give a value or a `valueFrom` (present, value unknown unless the referenced
//! ConfigMap or Secret is among the linted files); `envFrom` ConfigMaps and Secrets that are
//! among the linted files are resolved, and their values point into those documents.

use std::collections::HashMap;

use crate::input::environment::{Entry, RawValue};
use crate::input::source::Source;
use crate::input::yaml::Node;
use crate::lint::{Output, Unit, YamlFile, duplicates, raw_text, scalar};
use crate::model::declaration;
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::SECRET_IN_PLAIN_VALUE;

/// One key of a ConfigMap or Secret: its value and where it is written.
#[derive(Debug, Clone)]
struct Item {
    key: String,
    value: RawValue,
    /// The value's place, its value masked in the snippet.
    source: Source,
    /// The same place with the value shown as the key's own (ConfigMaps only): used where the
    /// key is the variable's name (`envFrom` without a `prefix`).
    named: Option<Source>,
}

/// The ConfigMaps and Secrets of every linted manifest, by name.
#[derive(Debug, Default)]
pub(crate) struct Objects {
    config_maps: HashMap<String, Vec<Item>>,
    secrets: HashMap<String, Vec<Item>>,
}

impl Objects {
    /// Adds the ConfigMaps and Secrets of a file's documents.
    pub(crate) fn collect(&mut self, docs: &[Node], file: &YamlFile<'_>) {
        for doc in documents(docs) {
            let Some(name) = doc.path("metadata.name").and_then(scalar) else {
                continue;
            };
            match doc.get("kind").and_then(scalar) {
                Some("ConfigMap") => {
                    let mut items = Vec::new();
                    for (k, v) in doc.get("data").and_then(Node::as_map).unwrap_or(&[]) {
                        let Some(key) = k.as_str() else { continue };
                        items.push(Item {
                            key: key.to_owned(),
                            value: RawValue::Text(scalar(v).unwrap_or("").to_owned()),
                            // Masked: the key becomes a variable only with the prefix of the
                            // `envFrom` that reads it, so the key cannot say whether it is secret.
                            source: file.masked_source(if v.is_null() { k } else { v }),
                            named: Some(file.source(key, if v.is_null() { k } else { v })),
                        });
                    }
                    self.config_maps.insert(name.to_owned(), items);
                }
                Some("Secret") => {
                    let mut items = Vec::new();
                    for (k, v) in doc.get("data").and_then(Node::as_map).unwrap_or(&[]) {
                        let Some(key) = k.as_str() else { continue };
                        let value = match base64_decode(scalar(v).unwrap_or("")) {
                            Some(bytes) => match String::from_utf8(bytes) {
                                Ok(s) => RawValue::Text(s),
                                Err(_) => RawValue::NonUtf8,
                            },
                            None => RawValue::Unknown,
                        };
                        items.push(Item {
                            key: key.to_owned(),
                            value,
                            source: file.masked_source(if v.is_null() { k } else { v }),
                            named: None,
                        });
                    }
                    // `stringData` wins over `data` for the same key.
                    for (k, v) in doc.get("stringData").and_then(Node::as_map).unwrap_or(&[]) {
                        let Some(key) = k.as_str() else { continue };
                        items.push(Item {
                            key: key.to_owned(),
                            value: RawValue::Text(scalar(v).unwrap_or("").to_owned()),
                            source: file.masked_source(if v.is_null() { k } else { v }),
                            named: None,
                        });
                    }
                    self.secrets.insert(name.to_owned(), items);
                }
                _ => {}
            }
        }
    }

    fn lookup(&self, secret: bool, name: &str, key: &str) -> Option<&Item> {
        let map = if secret {
            &self.secrets
        } else {
            &self.config_maps
        };
        map.get(name)?.iter().rev().find(|i| i.key == key)
    }
}

/// Decodes standard base64 (with or without padding, whitespace ignored). `None` if invalid.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buf: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buf >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// Whether `name` is a declared secret variable (any spelling).
fn is_secret_variable(name: &str) -> bool {
    declaration::lookup(name).is_some_and(|(spec, _)| spec.secret)
}

/// The objects of a stream: each document, and the items of a `kind: List` document
/// (`kubectl get -o yaml`).
fn documents(docs: &[Node]) -> impl Iterator<Item = &Node> {
    docs.iter().flat_map(|doc| {
        let items = (doc.get("kind").and_then(scalar) == Some("List"))
            .then(|| doc.get("items").and_then(Node::as_seq))
            .flatten();
        match items {
            Some(items) => items.iter().collect::<Vec<_>>(),
            None => vec![doc],
        }
    })
}

/// The pod spec of a workload document.
fn pod_spec(doc: &Node) -> Option<&Node> {
    match doc.get("kind").and_then(scalar)? {
        "Pod" => doc.get("spec"),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            doc.path("spec.template.spec")
        }
        "CronJob" => doc.path("spec.jobTemplate.spec.template.spec"),
        _ => None,
    }
}

/// Reads every container of every workload in a manifest file.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>, objects: &Objects) -> Output {
    let mut out = Output::default();
    for doc in documents(docs) {
        let Some(spec) = pod_spec(doc) else { continue };
        let kind = doc.get("kind").and_then(scalar).unwrap_or("Pod");
        let name = doc.path("metadata.name").and_then(scalar).unwrap_or("?");
        for (list, what) in [
            ("initContainers", "init container"),
            ("containers", "container"),
        ] {
            for c in spec.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
                let cname = c.get("name").and_then(scalar).unwrap_or("?");
                let label = format!("{what} `{cname}` of {kind}/{name}");
                let (entries, hidden) = container(c, file, objects, &label, &mut out.findings);
                out.units.push(Unit {
                    label: Some(label),
                    entries,
                    hidden,
                });
            }
        }
    }
    out
}

/// The variables of one container: `envFrom` first, then `env` (which wins).
fn container(
    c: &Node,
    file: &YamlFile<'_>,
    objects: &Objects,
    label: &str,
    findings: &mut Vec<Diagnostic>,
) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut hidden = Vec::new();
    for from in c.get("envFrom").and_then(Node::as_seq).unwrap_or(&[]) {
        let prefix = from.get("prefix").and_then(scalar).unwrap_or("");
        for (secret, key) in [(false, "configMapRef"), (true, "secretRef")] {
            let Some(name) = from.get(key).and_then(|r| r.get("name")).and_then(scalar) else {
                continue;
            };
            let map = if secret {
                &objects.secrets
            } else {
                &objects.config_maps
            };
            for item in map.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                let var = format!("{prefix}{}", item.key);
                if !secret
                    && is_secret_variable(&var)
                    && matches!(&item.value, RawValue::Text(t) if !t.is_empty())
                {
                    findings.push(SECRET_IN_PLAIN_VALUE.diag(
                        &item.source,
                        &[&var],
                        format!(
                            "{label}: the secret {var} comes from the ConfigMap `{name}`, a plain value"
                        ),
                        "move it to a Secret and use `secretRef` or `valueFrom.secretKeyRef`",
                    ));
                }
                if secret {
                    hidden.push(var.clone());
                }
                // Masking goes by the final variable: the key's own snippet only when the key
                // is the variable's name.
                let source = match &item.named {
                    Some(named) if prefix.is_empty() => named.clone(),
                    _ => item.source.clone(),
                };
                entries.push(Entry {
                    name: var,
                    value: item.value.clone(),
                    source,
                });
            }
        }
    }

    let mut env_entries = Vec::new();
    for item in c.get("env").and_then(Node::as_seq).unwrap_or(&[]) {
        let Some((name_key, name)) = item
            .entry("name")
            .and_then(|(k, n)| scalar(n).map(|s| (k, s)))
        else {
            continue;
        };
        let entry = if let Some(value) = item.get("value") {
            let text = scalar(value).unwrap_or("");
            if is_secret_variable(name) && !text.is_empty() && !text.contains("$(") {
                findings.push(SECRET_IN_PLAIN_VALUE.diag(
                    &file.source(name, value),
                    &[name],
                    format!("{label}: the secret {name} is a literal `value:`"),
                    "keep it in a Secret and use `valueFrom: {secretKeyRef: {name: ..., key: ...}}`",
                ));
            }
            Entry {
                name: name.to_owned(),
                value: raw_text(text),
                source: file.source(name, if value.is_null() { name_key } else { value }),
            }
        } else if let Some(from) = item.get("valueFrom") {
            let (entry, secret) = value_from(name, name_key, from, file, objects);
            if secret {
                hidden.push(entry.name.clone());
            }
            entry
        } else {
            Entry {
                name: name.to_owned(),
                value: RawValue::Text(String::new()),
                source: file.source(name, name_key),
            }
        };
        env_entries.push(entry);
    }
    // Duplicates are judged on the `env` list, pointing at the name of the later item.
    let mut dup = Vec::new();
    duplicates(&env_entries, &format!("the env list of {label}"), &mut dup);
    findings.extend(dup);
    entries.extend(env_entries);
    (entries, hidden)
}

/// A `valueFrom`: resolved when it names a key of a linted ConfigMap or Secret, else unknown.
/// The flag says the value came from a Secret.
fn value_from(
    name: &str,
    name_key: &Node,
    from: &Node,
    file: &YamlFile<'_>,
    objects: &Objects,
) -> (Entry, bool) {
    for (secret, key) in [(false, "configMapKeyRef"), (true, "secretKeyRef")] {
        let Some(r) = from.get(key) else { continue };
        let (Some(obj), Some(k)) = (
            r.get("name").and_then(scalar),
            r.get("key").and_then(scalar),
        ) else {
            continue;
        };
        if let Some(item) = objects.lookup(secret, obj, k) {
            let entry = Entry {
                name: name.to_owned(),
                value: item.value.clone(),
                source: item.source.clone(),
            };
            return (entry, secret);
        }
    }
    let entry = Entry {
        name: name.to_owned(),
        value: RawValue::Unknown,
        source: file.source(name, name_key),
    };
    (entry, false)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64() {
        assert_eq!(base64_decode("cGtjZQ=="), Some(b"pkce".to_vec()));
        assert_eq!(base64_decode("aW1wbGljaXQ="), Some(b"implicit".to_vec()));
        assert_eq!(base64_decode("aGk"), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("no!"), None);
    }
}
