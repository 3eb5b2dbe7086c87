//! The collector a values reader fills: the variables of one values file (operator chart values,
//! or a v1 custom resource's `spec.values`) with their sources, the findings about its keys, and
//! the extra units of components with env channels of their own. Scalars are rendered as Helm
//! renders them (YAML 1.1, `yaml11.rs`). Read by `helm.rs` and `channels.rs`.

use crate::input::environment::{Entry, RawValue, display_value, is_sensitive_name};
use crate::input::tree::{Node, NodeKind};
use crate::lint::terms::Terms;
use crate::lint::yaml11::{self, Yaml11};
use crate::lint::{Output, Unit, YamlFile, values_text};
use crate::model::suggest::{edit_distance, nearest_by};
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::{
    HELM_UNKNOWN_KEY, HELM_VALUE_COERCED, HELM_VALUE_IGNORED, SECRET_IN_PLAIN_VALUE,
};

/// Collects the variables of a values file with their sources.
pub(super) struct Values<'a, 'f> {
    pub(super) file: &'a YamlFile<'f>,
    /// Put in front of every key in messages: `spec.values.` inside a custom resource.
    pub(super) prefix: String,
    pub(super) entries: Vec<Entry>,
    pub(super) findings: Vec<Diagnostic>,
    /// Units beyond the main one: components and containers with env channels of their own.
    pub(super) more_units: Vec<Unit>,
    /// How help lines name variables (legacy values set their own).
    pub(super) terms: Option<Terms>,
}

impl<'a, 'f> Values<'a, 'f> {
    pub(super) fn new(file: &'a YamlFile<'f>) -> Self {
        Values {
            file,
            prefix: String::new(),
            entries: Vec::new(),
            findings: Vec::new(),
            more_units: Vec::new(),
            terms: None,
        }
    }

    /// The full key path of `key` in this file.
    pub(super) fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The text Helm renders for a scalar (YAML 1.1, numbers as Go float64), with a
    /// `helm-value-coerced` finding when it differs from what is written. `full` is the full
    /// key. `None` for null, mappings and sequences.
    pub(super) fn render(&mut self, name: &str, full: &str, node: &Node) -> Option<String> {
        let NodeKind::Scalar { text, quoted } = &node.kind else {
            return None;
        };
        let rendered = yaml11::helm_render(text, *quoted);
        if yaml11::helm_coerces(text, *quoted) {
            self.coerced(name, full, node, text, &rendered, &rendered);
        }
        Some(rendered)
    }

    /// `helm-value-coerced`: `text` at `full` renders as `rendered`; `result` is what the
    /// variable gets (`1e+06h` for a session length).
    pub(super) fn coerced(
        &mut self,
        name: &str,
        full: &str,
        node: &Node,
        text: &str,
        rendered: &str,
        result: &str,
    ) {
        let what = match yaml11::resolve(text, false) {
            Yaml11::Bool(_) => "a YAML 1.1 boolean",
            _ => "a number (Helm keeps numbers as float64)",
        };
        let secret = is_sensitive_name(name);
        // Shown only as the value of a known, non-secret variable; otherwise `***`.
        let shown = display_value(name, text).unwrap_or_else(|| "***".to_owned());
        let shown_rendered = display_value(name, rendered).unwrap_or_else(|| "***".to_owned());
        let var = if name.is_empty() || secret {
            String::new()
        } else {
            format!(", so the server gets {name}={result}")
        };
        let number = !matches!(yaml11::resolve(text, false), Yaml11::Bool(_));
        let help = if secret {
            format!("quote the value: `{full}: \"...\"`")
        } else if number {
            format!("quote it to pass the digits as written: `{full}: \"{shown}\"`")
        } else {
            format!(
                "if \"{shown_rendered}\" is what you mean, write `{full}: \"{shown_rendered}\"`; otherwise quote the exact string you mean (`{full}: \"{shown}\"` is passed as written)"
            )
        };
        self.findings.push(HELM_VALUE_COERCED.diag(
            &self.file.source(name, node).with_name(full.to_owned()),
            &(if name.is_empty() { vec![] } else { vec![name] }),
            format!("`{full}: {shown}` is {what} to Helm and renders as \"{shown_rendered}\"{var}"),
            help,
        ));
    }

    /// Emits `name` with a text the chart renders for the key `key` (written at `node`), such as
    /// `"true"` for an enabled feature.
    pub(super) fn emit(&mut self, name: &str, text: &str, key: &str, node: &Node) {
        self.entries.push(Entry {
            name: name.to_owned(),
            value: RawValue::Text(text.to_owned()),
            source: self.file.source(name, node).with_name(self.key(key)),
        });
    }

    /// Emits `names` with the rendered text of `node` when it is a non-empty scalar.
    pub(super) fn text(&mut self, names: &[&str], key: &str, node: Option<&Node>) -> bool {
        let Some(node) = node else { return false };
        let full = self.key(key);
        let first = names.first().copied().unwrap_or("");
        let Some(text) = self.render(first, &full, node).filter(|t| !t.is_empty()) else {
            return false;
        };
        for name in names {
            self.entries.push(Entry {
                name: (*name).to_owned(),
                value: values_text(&text),
                source: self.file.source(name, node).with_name(full.clone()),
            });
        }
        true
    }

    /// Emits `names` with a value known only at deploy time (a Secret reference).
    pub(super) fn unknown(&mut self, names: &[&str], key: &str, node: &Node) {
        let full = self.key(key);
        for name in names {
            self.entries.push(Entry {
                name: (*name).to_owned(),
                value: RawValue::Unknown,
                source: self.file.source(name, node).with_name(full.clone()),
            });
        }
    }

    /// `secret-in-plain-value` for a secret written as a plain value at `key`.
    pub(super) fn plain_secret(&mut self, name: &str, key: &str, node: &Node, fix: &str) {
        let full = self.key(key);
        self.findings.push(SECRET_IN_PLAIN_VALUE.diag(
            &self.file.source(name, node).with_name(full.clone()),
            &[name],
            format!("`{full}` holds the secret {name} as a plain value"),
            fix,
        ));
    }

    /// `helm-value-ignored` at a key.
    pub(super) fn ignored(
        &mut self,
        key_node: &Node,
        key: &str,
        variables: &[&str],
        why: &str,
        help: String,
    ) {
        let full = self.key(key);
        self.findings.push(HELM_VALUE_IGNORED.diag(
            &self.file.key_source("", key_node).with_name(full.clone()),
            variables,
            format!("`{full}` is ignored: {why}"),
            help,
        ));
    }

    /// `helm-unknown-key` for every key of `map` that is not in `known`.
    pub(super) fn unknown_keys(&mut self, map: &Node, prefix: &str, known: &[&str]) {
        let Some(entries) = map.as_map() else { return };
        let prefix = self.key(prefix);
        for (k, _) in entries {
            let Some(key) = k.as_str() else { continue };
            // `<<` is a YAML merge key, not a chart key.
            if known.contains(&key) || key == "<<" {
                continue;
            }
            let full = format!("{prefix}.{key}");
            let help = match nearest(key, known) {
                Some(n) => format!("did you mean `{prefix}.{n}`?"),
                None => format!(
                    "the chart reads only {} under `{prefix}`",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.findings.push(HELM_UNKNOWN_KEY.diag(
                &self.file.source("", k).with_name(full.clone()),
                &[],
                format!("`{full}` is not a key the chart reads, so it is ignored"),
                help,
            ));
        }
    }

    pub(super) fn finish(self, label: Option<String>) -> Output {
        let terms = self.terms.unwrap_or(Terms::ChartValues {
            prefix: self.prefix,
        });
        let mut units = vec![Unit {
            label,
            entries: self.entries,
            hidden: Vec::new(),
            ..Unit::default()
        }];
        units.extend(self.more_units);
        for u in &mut units {
            u.terms = Some(terms.clone());
        }
        Output {
            units,
            findings: self.findings,
            allows: Vec::new(),
        }
    }
}

/// The known key nearest to `key`: same letters ignoring case, within a few edits, or a prefix.
pub(super) fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase();
    let distance = |k: &str| {
        let kl = k.to_ascii_lowercase();
        if kl == lower {
            0
        } else if kl.starts_with(&lower)
            || lower.starts_with(&kl)
            || kl.ends_with(&lower)
            || lower.ends_with(&kl)
        {
            1
        } else {
            edit_distance(&lower, &kl)
        }
    };
    nearest_by(known.iter().copied(), distance, |k| (k.len() / 3).max(2))
}
