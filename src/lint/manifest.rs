//! Kubernetes manifests (multi-document YAML, `helm template` output included): the containers
//! and init containers of Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods, each
//! judged on its own, and the `WeightsAndBiases` custom resources among them (`cr.rs`).
//!
//! - `env` items give a value or a `valueFrom` (present, value unknown unless the referenced
//!   ConfigMap or Secret is found); `envFrom` ConfigMaps and Secrets that are found are resolved,
//!   and their values point into those documents.
//! - Objects are looked up only in the workload's own file (one stream) and namespace: two
//!   releases rendered with the same object names never mix, whatever the argument order
//!   (REFERENCE.md 2.3). A ConfigMap kept in another file is not found, and the variables it
//!   would give are simply not known; give such files as one stream (`kustomize build | iamconf
//!   lint -`, or one file) to resolve them together.
//! - `$(NAME)` in a `value:` expands as the kubelet expands it: from the variables defined
//!   before it in the container (`envFrom`, then earlier `env` items); `$$` is a literal `$`; a
//!   reference to a name not defined is kept as written, and the value counts as unknown.
//! - kubectl reads manifests with `sigs.k8s.io/yaml` and no typed target (see `yaml11.rs`): an
//!   unquoted `value: yes` or `value: 24` is a JSON boolean or number, which the API server
//!   refuses for a string field. That is an `invalid-value` error and the variable is not set.
//! - In a render of the operator-wandb chart, the empty values the chart always emits
//!   (REFERENCE.md 2.7: Slack, SMTP, bucket, Kafka, Redis, Lumen, an absent license, the auth
//!   method left to its default) count as unset, not as `empty-value` findings.

use std::collections::HashMap;

use crate::input::environment::{Entry, RawValue};
use crate::input::source::Source;
use crate::input::tree::{Node, NodeKind};
use crate::lint::chart_version::ChartVersion;
use crate::lint::{Output, Unit, YamlFile, duplicates, raw_text, scalar, yaml11};
use crate::model::declaration as model;
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::SECRET_IN_PLAIN_VALUE;
use crate::rules::names::CONFLICTING_ALIASES;
use crate::rules::values::INVALID_VALUE;

/// Names the operator-wandb chart emits empty in a correct render (REFERENCE.md 2.7).
const CHART_EMPTIES: &[&str] = &[
    "AWS_REGION",
    "AWS_S3_KMS_ID",
    "BUCKET_NAME",
    "BUCKET_PATH",
    "GORILLA_SLACK_CLIENT_ID",
    "GORILLA_SLACK_SECRET",
    "SLACK_CLIENT_ID",
    "SLACK_SECRET",
    "GORILLA_STATSIG_KEY",
    "GORILLA_STATSD_HOST",
    "REDIS_PASSWORD",
    "REDIS_CA_CERT",
    "KAFKA_CLIENT_USER",
    "KAFKA_CLIENT_PASSWORD",
    "SMTP_HOST",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "GORILLA_FILE_STREAM_WORKER_STORE_ADDRESS",
    "LUMEN_CUSTOMER_NAME",
    "LUMEN_DATA_ROOT",
    "LICENSE",
    "GORILLA_LICENSE",
    "GORILLA_AUTH_METHOD",
    "OIDC_AUTH_METHOD",
];

/// Whether a YAML stream is a render of the operator-wandb chart.
pub(crate) fn is_chart_render(text: &str) -> bool {
    text.contains("# Source: operator-wandb/") || text.contains("helm.sh/chart: operator-wandb-")
}

/// One key of a ConfigMap or Secret: its value and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) key: String,
    pub(crate) value: RawValue,
    pub(crate) source: Source,
    /// The same place with the value shown as the key's own (ConfigMaps only): used where the
    /// key is the variable's name (`envFrom` without a `prefix`); `source` masks the value.
    pub(crate) named: Option<Source>,
}

/// A ConfigMap or Secret.
#[derive(Debug)]
struct Object {
    /// The linted file (stream) it is in.
    file: usize,
    namespace: Option<String>,
    secret: bool,
    name: String,
    items: Vec<Item>,
}

/// The ConfigMaps and Secrets of every linted manifest.
#[derive(Debug, Default)]
pub(crate) struct Objects {
    objects: Vec<Object>,
    /// Indexes into `objects` by (is a Secret, name): a release has dozens of objects and a
    /// lint run may hold many releases.
    by_name: HashMap<(bool, String), Vec<usize>>,
}

/// Where a workload is: its file and namespace.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) file: usize,
    pub(crate) namespace: Option<&'a str>,
}

/// Two namespaces can be the same one: equal, or one of them not written (applied with `-n`).
fn same_namespace(a: Option<&str>, b: Option<&str>) -> bool {
    a.is_none() || b.is_none() || a == b
}

impl Objects {
    /// Adds the ConfigMaps and Secrets of file `index`'s documents; returns the findings about
    /// them (ConfigMap values kubectl refuses).
    pub(crate) fn collect(
        &mut self,
        index: usize,
        docs: &[Node],
        file: &YamlFile<'_>,
    ) -> Vec<Diagnostic> {
        let mut findings = Vec::new();
        for doc in documents(docs) {
            let Some(name) = doc.path("metadata.name").and_then(scalar) else {
                continue;
            };
            let namespace = doc
                .path("metadata.namespace")
                .and_then(scalar)
                .map(str::to_owned);
            let (secret, items) = match doc.get("kind").and_then(scalar) {
                Some("ConfigMap") => {
                    let mut items = Vec::new();
                    for (k, v) in doc.get("data").and_then(Node::as_map).unwrap_or(&[]) {
                        let Some(key) = k.as_str() else { continue };
                        let value = match rejected(key, v, file, &format!("ConfigMap/{name}")) {
                            Some(d) => {
                                findings.push(d);
                                RawValue::Unknown
                            }
                            None => RawValue::Text(scalar(v).unwrap_or("").to_owned()),
                        };
                        items.push(Item {
                            key: key.to_owned(),
                            value,
                            // Masked: the key becomes a variable only with the prefix of the
                            // `envFrom` that reads it, so the key cannot say whether it is secret.
                            source: if v.is_null() {
                                file.key_source("", k)
                            } else {
                                file.masked_source(v)
                            },
                            named: Some(if v.is_null() {
                                file.key_source(key, k)
                            } else {
                                file.source(key, v)
                            }),
                        });
                    }
                    (false, items)
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
                            source: if v.is_null() {
                                file.key_source("", k)
                            } else {
                                file.masked_source(v)
                            },
                            named: None,
                        });
                    }
                    // `stringData` wins over `data` for the same key.
                    for (k, v) in doc.get("stringData").and_then(Node::as_map).unwrap_or(&[]) {
                        let Some(key) = k.as_str() else { continue };
                        items.push(Item {
                            key: key.to_owned(),
                            value: RawValue::Text(scalar(v).unwrap_or("").to_owned()),
                            source: if v.is_null() {
                                file.key_source("", k)
                            } else {
                                file.masked_source(v)
                            },
                            named: None,
                        });
                    }
                    (true, items)
                }
                _ => continue,
            };
            self.by_name
                .entry((secret, name.to_owned()))
                .or_default()
                .push(self.objects.len());
            self.objects.push(Object {
                file: index,
                namespace,
                secret,
                name: name.to_owned(),
                items,
            });
        }
        findings
    }

    /// The items of the ConfigMap (or Secret) `name` as seen from `scope`.
    fn find(&self, scope: Scope<'_>, secret: bool, name: &str) -> Option<&[Item]> {
        let matches = |o: &&Object| {
            o.secret == secret
                && o.name == name
                && same_namespace(o.namespace.as_deref(), scope.namespace)
        };
        let candidates: Vec<&Object> = self
            .by_name
            .get(&(secret, name.to_owned()))
            .map(|ids| ids.iter().filter_map(|&i| self.objects.get(i)).collect())
            .unwrap_or_default();
        let own: Vec<&Object> = candidates
            .iter()
            .copied()
            .filter(|o| o.file == scope.file)
            .filter(matches)
            .collect();
        let exact = own
            .iter()
            .rev()
            .find(|o| o.namespace.as_deref() == scope.namespace);
        exact.or(own.last()).map(|o| o.items.as_slice())
    }

    /// One key of a ConfigMap or Secret as seen from `scope`.
    pub(crate) fn lookup(
        &self,
        scope: Scope<'_>,
        secret: bool,
        name: &str,
        key: &str,
    ) -> Option<&Item> {
        self.find(scope, secret, name)?
            .iter()
            .rev()
            .find(|i| i.key == key)
    }
}

/// `invalid-value` when kubectl would refuse a plain scalar of a known variable in a string field
/// (an env `value:`, ConfigMap `data`): a YAML 1.1 boolean or number.
pub(crate) fn rejected(
    name: &str,
    node: &Node,
    file: &YamlFile<'_>,
    place: &str,
) -> Option<Diagnostic> {
    let NodeKind::Scalar { text, quoted } = &node.kind else {
        return None;
    };
    model::lookup(name)?;
    let ty = yaml11::kubectl_rejects(text, *quoted)?;
    let shown =
        crate::input::environment::display_value(name, text).unwrap_or_else(|| "***".to_owned());
    let help = if ty == "boolean" {
        "quote the string the server should read: `\"true\"` or `\"false\"`".to_owned()
    } else {
        format!("quote it: `\"{shown}\"`")
    };
    Some(INVALID_VALUE.diag(
        &file.source(name, node),
        &[name],
        format!(
            "{place}: `{shown}` is a {ty} to kubectl (YAML 1.1, sigs.k8s.io/yaml), not a string: the API server refuses the object (\"cannot unmarshal {} into ... of type string\"), so {name} is never set",
            if ty == "boolean" { "bool" } else { "number" }
        ),
        help,
    ))
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
    model::lookup(name).is_some_and(|(spec, _)| spec.secret)
}

/// The objects of a stream: each document, and the items of a `kind: List` document
/// (`kubectl get -o yaml`).
pub(crate) fn documents(docs: &[Node]) -> impl Iterator<Item = &Node> {
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

/// What a manifest reader needs besides the file.
pub(crate) struct Context<'a> {
    pub(crate) objects: &'a Objects,
    /// The index of this file among the linted ones.
    pub(crate) index: usize,
    /// `--chart-version`, for custom resources that do not name one.
    pub(crate) chart: Option<&'a ChartVersion>,
    /// `--kind cr`: read every document as a custom resource.
    pub(crate) all_cr: bool,
}

/// Reads every container of one workload document (a Deployment, a Job, ...) into `out`.
/// `chart_render`: the file is a render of operator-wandb, whose empty defaults are not findings.
pub(super) fn read_workload(
    doc: &Node,
    file: &YamlFile<'_>,
    ctx: &Context<'_>,
    chart_render: bool,
    out: &mut Output,
) {
    {
        let Some(spec) = pod_spec(doc) else { return };
        let kind = doc.get("kind").and_then(scalar).unwrap_or("Pod");
        let name = doc.path("metadata.name").and_then(scalar).unwrap_or("?");
        let namespace = doc.path("metadata.namespace").and_then(scalar);
        let scope = Scope {
            file: ctx.index,
            namespace,
        };
        let group = format!("{}/{kind}/{name}", namespace.unwrap_or(""));
        for (list, what, init) in [
            ("initContainers", "init container", true),
            ("containers", "container", false),
        ] {
            for c in spec.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
                let cname = c.get("name").and_then(scalar).unwrap_or("?");
                let label = format!("{what} `{cname}` of {kind}/{name}");
                let (mut entries, hidden) =
                    container(c, file, ctx.objects, scope, &label, &mut out.findings);
                if chart_render {
                    entries.retain(|e| {
                        !(CHART_EMPTIES.contains(&e.name.as_str())
                            && matches!(&e.value, RawValue::Text(t) if t.is_empty()))
                    });
                }
                out.units.push(Unit {
                    label: Some(label),
                    entries,
                    hidden,
                    group: Some(group.clone()),
                    init,
                    ..Unit::default()
                });
            }
        }
    }
}

/// `$(NAME)` references of a Kubernetes env value, expanded from the variables defined before
/// it. `$$` is a literal `$`. Unknown when a reference is to an unknown value or to no variable.
fn expand(text: &str, defined: &HashMap<String, RawValue>) -> RawValue {
    let mut out = String::with_capacity(text.len());
    let mut unknown = false;
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(end) => {
                    let name = &inner[..end];
                    match defined.get(name) {
                        Some(RawValue::Text(v)) => out.push_str(v),
                        Some(_) => unknown = true,
                        None => {
                            out.push_str(&format!("$({name})"));
                            unknown = true;
                        }
                    }
                    rest = &inner[end + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = inner;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    if unknown || out.contains("{{") {
        RawValue::Unknown
    } else {
        RawValue::Text(out)
    }
}

/// The variables of one container: `envFrom` first, then `env` (which wins).
pub(crate) fn container(
    c: &Node,
    file: &YamlFile<'_>,
    objects: &Objects,
    scope: Scope<'_>,
    label: &str,
    findings: &mut Vec<Diagnostic>,
) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut hidden = Vec::new();
    let mut defined: HashMap<String, RawValue> = HashMap::new();
    for from in c.get("envFrom").and_then(Node::as_seq).unwrap_or(&[]) {
        let prefix = from.get("prefix").and_then(scalar).unwrap_or("");
        for (secret, key) in [(false, "configMapRef"), (true, "secretRef")] {
            let Some(name) = from.get(key).and_then(|r| r.get("name")).and_then(scalar) else {
                continue;
            };
            for item in objects.find(scope, secret, name).unwrap_or(&[]) {
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
                defined.insert(var.clone(), item.value.clone());
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
        let entry = if let Some((value_key, value)) = item.entry("value") {
            let text = scalar(value).unwrap_or("");
            if is_secret_variable(name) && !text.is_empty() && !text.contains("$(") {
                findings.push(SECRET_IN_PLAIN_VALUE.diag(
                    &file.source(name, value),
                    &[name],
                    format!("{label}: the secret {name} is a literal `value:`"),
                    "keep it in a Secret and use `valueFrom: {secretKeyRef: {name: ..., key: ...}}`",
                ));
            }
            let parsed = match rejected(name, value, file, label) {
                Some(d) => {
                    findings.push(d);
                    RawValue::Unknown
                }
                None if text.contains('$') => expand(text, &defined),
                None => raw_text(text),
            };
            Entry {
                name: name.to_owned(),
                value: parsed,
                source: if value.is_null() {
                    file.key_source(name, value_key)
                } else {
                    file.source(name, value)
                },
            }
        } else if let Some(from) = item.get("valueFrom") {
            let (entry, secret) = value_from(name, name_key, from, file, objects, scope);
            if secret {
                hidden.push(entry.name.clone());
            }
            entry
        } else {
            Entry {
                name: name.to_owned(),
                value: RawValue::Text(String::new()),
                source: file.key_source(name, name_key),
            }
        };
        defined.insert(entry.name.clone(), entry.value.clone());
        env_entries.push(entry);
    }
    // An `env` item beats an `envFrom` key of the same name: a different value there is a
    // shadowed setting (a chart ConfigMap value the env channels override).
    for e in &env_entries {
        let Some(from) = entries.iter().rev().find(|f: &&Entry| f.name == e.name) else {
            continue;
        };
        let differs = match (&from.value, &e.value) {
            (RawValue::Text(a), RawValue::Text(b)) => a != b && !a.is_empty(),
            _ => false,
        };
        if differs && model::lookup(&e.name).is_some() {
            findings.push(CONFLICTING_ALIASES.diag(
                &from.source,
                &[&e.name],
                format!(
                    "{label}: {} from `envFrom` is overridden by the container's `env` item, which sets it to a different value",
                    e.name
                ),
                format!("remove one of the two {} values, or make them equal", e.name),
            ));
        }
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
    scope: Scope<'_>,
) -> (Entry, bool) {
    for (secret, key) in [(false, "configMapKeyRef"), (true, "secretKeyRef")] {
        let Some(r) = from.get(key) else { continue };
        let (Some(obj), Some(k)) = (
            r.get("name").and_then(scalar),
            r.get("key").and_then(scalar),
        ) else {
            continue;
        };
        if let Some(item) = objects.lookup(scope, secret, obj, k) {
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
    use super::{RawValue, base64_decode, expand};
    use std::collections::HashMap;

    #[test]
    fn base64() {
        assert_eq!(base64_decode("cGtjZQ=="), Some(b"pkce".to_vec()));
        assert_eq!(base64_decode("aW1wbGljaXQ="), Some(b"implicit".to_vec()));
        assert_eq!(base64_decode("aGk"), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("no!"), None);
    }

    #[test]
    fn references_expand_as_kubernetes_does() {
        let mut defined = HashMap::new();
        defined.insert(
            "HOST_NAME".to_owned(),
            RawValue::Text("wandb.example.com".into()),
        );
        defined.insert("SECRET".to_owned(), RawValue::Unknown);
        let text = |s: &str| RawValue::Text(s.to_owned());
        assert_eq!(
            expand("https://$(HOST_NAME)", &defined),
            text("https://wandb.example.com")
        );
        assert_eq!(expand("$$(HOST_NAME)", &defined), text("$(HOST_NAME)"));
        assert_eq!(expand("a$b", &defined), text("a$b"));
        assert_eq!(expand("$(MISSING)", &defined), RawValue::Unknown);
        assert_eq!(expand("$(SECRET)", &defined), RawValue::Unknown);
        assert_eq!(expand("$(open", &defined), text("$(open"));
    }
}
