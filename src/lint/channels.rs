//! The env channels of the operator-wandb chart (REFERENCE.md 2.5), merged as wandb-base merges
//! them: `merge(container.env, Values.env, Values.extraEnv, global.env, global.extraEnv)`, where
//! the FIRST map that has a name wins.
//!
//! | channel (operator-wandb values) | precedence | reaches |
//! |---|---|---|
//! | `<component>.containers.<name>.env` | 1 (wins) | that container |
//! | `<component>.env` | 2 | every container of that component |
//! | `<component>.extraEnv` | 3 | same |
//! | `global.env` | 4 | every W&B component |
//! | `global.extraEnv` | 5 | same |
//!
//! Values render with `toString | quote` (YAML 1.1: `yes` becomes `"true"`), then `tpl` (a value
//! with `{{ }}` is known only at render time); a mapping (`{valueFrom: …}`) is copied as the env
//! item, so its value is known only in the cluster. These env items beat the chart's ConfigMaps
//! (`envFrom`), so each unit lists the chart-emitted variables first and the channels after.
//!
//! Keys that reach no W&B server container are `helm-value-ignored`: the top-level `extraEnv`
//! (read by no template), the plural `extraEnvs`, and W&B variables in `global.extraEnvFrom` /
//! `<component>.extraEnvFrom` (which feed only MySQL, the OpenTelemetry agent and the exporters).
//! `sizing.<size>.env` (fills only names no channel sets) is not read here.

use std::collections::HashMap;

use crate::input::environment::{Entry, RawValue, is_sensitive_name};
use crate::input::tree::{Node, NodeKind};
use crate::lint::values::Values;
use crate::lint::{Unit, values_text};
use crate::model::declaration as model;
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::{HELM_EXTRA_ENV_NOT_MAP, HELM_VALUE_IGNORED, SECRET_IN_PLAIN_VALUE};
use crate::rules::names::CONFLICTING_ALIASES;

/// One variable set by one channel.
#[derive(Debug, Clone)]
struct Item {
    /// The variable; its source's name is the full key path (`global.env.LOCAL_RESTORE`).
    entry: Entry,
    rank: u8,
    /// Where a winner of the merge goes among the winners; `usize::MAX` for the others.
    order: usize,
}

impl Item {
    /// The full key path (`global.env.LOCAL_RESTORE`).
    fn key(&self) -> &str {
        self.entry.source.name().unwrap_or(&self.entry.name)
    }
}

/// Which W&B variables the env channels set (for the chart-version work-arounds).
#[derive(Debug, Default)]
pub(super) struct Channels {
    /// W&B variables set by `global.env`/`global.extraEnv` or any component channel, with
    /// whether a value set them to something other than the empty string. Only declared names
    /// are kept: a values file with thousands of application variables costs nothing here.
    set: HashMap<String, bool>,
}

impl Channels {
    /// Records that a channel sets the variable of `entry`.
    fn note(&mut self, entry: &Entry) {
        if model::lookup(&entry.name).is_some() {
            // The last channel item read wins here, as in the map this replaces.
            let filled = !matches!(&entry.value, RawValue::Text(t) if t.is_empty());
            self.set.insert(entry.name.clone(), filled);
        }
    }

    /// Whether a channel sets the variable spelt `name` to a value that is not empty.
    pub(super) fn sets(&self, name: &str) -> bool {
        self.set.get(name).copied().unwrap_or(false)
    }
}

/// Reads every channel of `root` (values whose `global` is `global`), adds the merged global
/// channels to `v.entries` and one unit per component (and per container) that has channels of
/// its own to `v.more_units`.
pub(super) fn read(v: &mut Values<'_, '_>, root: &Node) -> Channels {
    let mut channels = Channels::default();
    let global = root.get("global");
    let mut global_items = Vec::new();
    if let Some(global) = global {
        for (chan, rank) in [("env", 4), ("extraEnv", 5)] {
            if let Some((k, node)) = global.entry(chan) {
                items(
                    v,
                    k,
                    node,
                    &format!("global.{chan}"),
                    rank,
                    &mut global_items,
                );
            }
        }
        if let Some(node) = global.get("extraEnvFrom") {
            env_from_ignored(v, node, "global.extraEnvFrom");
        }
    }
    if let Some((k, node)) = root.entry("extraEnv") {
        if !is_empty(node) {
            let full = v.key("extraEnv");
            v.findings.push(HELM_VALUE_IGNORED.diag(
                &v.file.source("", k).with_name(full.clone()),
                &[],
                format!(
                    "`{full}` (top level) is read by no operator-wandb template, so none of these variables reaches the server"
                ),
                format!("move the entries to `{}`", v.key("global.extraEnv")),
            ));
        }
    }

    let base = v.entries.clone();
    let global_winners = merge(v, &global_items, None);
    for it in &global_items {
        channels.note(&it.entry);
    }

    // Components: top-level maps with `env`, `extraEnv` or `containers.<name>.env`.
    for (ck, component) in root.as_map().unwrap_or(&[]) {
        let Some(cname) = ck.as_str() else { continue };
        if matches!(cname, "global" | "env" | "extraEnv") || component.as_map().is_none() {
            continue;
        }
        let mut own = Vec::new();
        for (chan, rank) in [("env", 2), ("extraEnv", 3)] {
            if let Some((k, node)) = component.entry(chan) {
                items(v, k, node, &format!("{cname}.{chan}"), rank, &mut own);
            }
        }
        if let Some((k, node)) = component.entry("extraEnvs") {
            if !is_empty(node) {
                let full = v.key(&format!("{cname}.extraEnvs"));
                v.findings.push(HELM_VALUE_IGNORED.diag(
                    &v.file.source("", k).with_name(full.clone()),
                    &[],
                    format!(
                        "`{full}` (plural) is read by no operator-wandb template, so none of these variables reaches the server"
                    ),
                    format!("rename it to `{}`", v.key(&format!("{cname}.extraEnv"))),
                ));
            }
        }
        if let Some(node) = component.get("extraEnvFrom") {
            env_from_ignored(v, node, &format!("{cname}.extraEnvFrom"));
        }
        let mut containers = Vec::new();
        for (name_node, c) in component
            .get("containers")
            .and_then(Node::as_map)
            .unwrap_or(&[])
        {
            let Some(n) = name_node.as_str() else {
                continue;
            };
            if let Some((k, node)) = c.entry("env") {
                let mut list = Vec::new();
                items(
                    v,
                    k,
                    node,
                    &format!("{cname}.containers.{n}.env"),
                    1,
                    &mut list,
                );
                if !list.is_empty() {
                    containers.push((n.to_owned(), list));
                }
            }
        }
        if own.is_empty() && containers.is_empty() {
            continue;
        }
        for it in own.iter().chain(containers.iter().flat_map(|(_, l)| l)) {
            channels.note(&it.entry);
        }
        // A component with channels of its own is judged with the global channels merged in:
        // the only place the global items are copied.
        let mut all = own;
        let has_own = !all.is_empty();
        all.extend(global_items.iter().cloned());
        let label = format!("component `{cname}`");
        if has_own {
            let winners = merge(v, &all, Some(&label));
            v.more_units
                .push(unit(label.clone(), &base, &all, &winners));
        }
        for (n, mut with) in containers {
            with.extend(all.iter().cloned());
            let label = format!("container `{n}` of component `{cname}`");
            let winners = merge(v, &with, Some(&label));
            v.more_units.push(unit(label, &base, &with, &winners));
        }
    }

    // The global winners are moved, in first-seen order, behind the chart-emitted variables,
    // in the allocation they were read into (a channel may hold most of a large file).
    for (at, &i) in global_winners.iter().enumerate() {
        global_items[i].order = at;
    }
    global_items.retain(|it| it.order != usize::MAX);
    global_items.sort_unstable_by_key(|it| it.order);
    let mut entries: Vec<Entry> = global_items.into_iter().map(|it| it.entry).collect();
    overridden(v, &base, &entries);
    entries.splice(0..0, std::mem::take(&mut v.entries));
    v.entries = entries;
    channels
}

/// The unit of a component or container: the chart-emitted variables, then the winners of its
/// channels (indices into `items`).
fn unit(label: String, base: &[Entry], items: &[Item], winners: &[usize]) -> Unit {
    let mut entries = base.to_vec();
    entries.extend(
        winners
            .iter()
            .filter_map(|&i| items.get(i))
            .map(|it| it.entry.clone()),
    );
    Unit {
        label: Some(label),
        entries,
        hidden: Vec::new(),
        ..Unit::default()
    }
}

/// `conflicting-aliases` for a variable the chart emits from one of its keys (into a ConfigMap
/// the pods read with `envFrom`) that an env channel also sets to a different value: the env
/// item wins (Kubernetes: `env` beats `envFrom`), so the chart key has no effect.
fn overridden(v: &mut Values<'_, '_>, base: &[Entry], winners: &[Entry]) {
    for w in winners {
        let Some(b) = base.iter().rev().find(|b| b.name == w.name) else {
            continue;
        };
        let differs = match (&b.value, &w.value) {
            (RawValue::Text(a), RawValue::Text(c)) => a != c,
            (RawValue::Unknown, RawValue::Unknown) => false,
            _ => true,
        };
        if !differs {
            continue;
        }
        let (Some(key), Some(winner)) = (b.source.name(), w.source.name()) else {
            continue;
        };
        let name = &w.name;
        v.findings.push(CONFLICTING_ALIASES.diag(
            &b.source,
            &[name],
            format!(
                "`{key}` is overridden by `{winner}`, which sets {name} to a different value: the chart puts `{key}` into a ConfigMap, and a container's env beats its ConfigMaps"
            ),
            format!("remove `{winner}`, or set the value you want in `{key}` only"),
        ));
    }
}

/// Whether a channel node holds nothing.
fn is_empty(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Null => true,
        NodeKind::Map(m) => m.is_empty(),
        NodeKind::Seq(s) => s.is_empty(),
        NodeKind::Scalar { text, .. } => text.is_empty(),
    }
}

/// `helm-value-ignored` for W&B variables in an `extraEnvFrom` map.
fn env_from_ignored(v: &mut Values<'_, '_>, node: &Node, key: &str) {
    for (k, _) in node.as_map().unwrap_or(&[]) {
        let Some(name) = k.as_str() else { continue };
        if model::lookup(name).is_none() {
            continue;
        }
        let full = v.key(&format!("{key}.{name}"));
        v.findings.push(HELM_VALUE_IGNORED.diag(
            &v.file.source("", k).with_name(full.clone()),
            &[name],
            format!(
                "`{full}` reaches only the MySQL, OpenTelemetry and exporter containers, never the W&B server, so {name} is not set there"
            ),
            format!(
                "set it in `{}` (with the same `valueFrom`)",
                v.key(&format!("global.extraEnv.{name}"))
            ),
        ));
    }
}

/// Adds the variables of one channel mapping to `out`, as the chart renders them.
fn items(
    v: &mut Values<'_, '_>,
    key_node: &Node,
    node: &Node,
    key: &str,
    rank: u8,
    out: &mut Vec<Item>,
) {
    match &node.kind {
        NodeKind::Null => {}
        NodeKind::Map(entries) => {
            out.reserve_exact(entries.len());
            for (k, val) in entries {
                let Some(name) = k.as_str() else { continue };
                let full = v.key(&format!("{key}.{name}"));
                let entry = match &val.kind {
                    NodeKind::Scalar { text, .. } => {
                        let rendered = v
                            .render(name, &full, val)
                            .unwrap_or_else(|| text.to_string());
                        if is_sensitive_name(name)
                            && model::lookup(name).is_some_and(|(s, _)| s.secret)
                            && !rendered.is_empty()
                            && !rendered.contains("{{")
                        {
                            v.findings.push(SECRET_IN_PLAIN_VALUE.diag(
                                &v.file.source(name, val).with_name(full.clone()),
                                &[name],
                                format!("`{full}` holds the secret {name} as a plain value"),
                                format!(
                                    "keep it in a Kubernetes Secret and write `{full}: {{valueFrom: {{secretKeyRef: {{name: ..., key: ...}}}}}}`"
                                ),
                            ));
                        }
                        Entry {
                            name: name.to_owned(),
                            value: values_text(&rendered),
                            source: v.file.source(name, val).with_name(full.clone()),
                        }
                    }
                    NodeKind::Null => Entry {
                        name: name.to_owned(),
                        value: RawValue::Text(String::new()),
                        source: v.file.key_source(name, k).with_name(full.clone()),
                    },
                    NodeKind::Map(_) => match val.get("value") {
                        Some(at) if at.as_str().is_some() => {
                            let rendered = v.render(name, &full, at).unwrap_or_default();
                            Entry {
                                name: name.to_owned(),
                                value: values_text(&rendered),
                                source: v.file.source(name, at).with_name(full.clone()),
                            }
                        }
                        _ => Entry {
                            name: name.to_owned(),
                            value: RawValue::Unknown,
                            source: v.file.key_source(name, k).with_name(full.clone()),
                        },
                    },
                    NodeKind::Seq(_) => Entry {
                        name: name.to_owned(),
                        value: RawValue::Unknown,
                        source: v.file.key_source(name, k).with_name(full.clone()),
                    },
                };
                out.push(Item {
                    entry,
                    rank,
                    order: usize::MAX,
                });
            }
        }
        NodeKind::Scalar { .. } | NodeKind::Seq(_) => {
            let what = if node.as_seq().is_some() {
                "a list"
            } else {
                "a string"
            };
            let full = v.key(key);
            v.findings.push(HELM_EXTRA_ENV_NOT_MAP.diag(
                &v.file.source("", key_node).with_name(full.clone()),
                &[],
                format!(
                    "`{full}` is {what}, not a mapping of `NAME: value`, so the chart sets none of these variables"
                ),
                format!("write `{full}` as a mapping, one `NAME: value` per line"),
            ));
        }
    }
}

/// The winner of each name (lowest rank; in a rank, the last one written), as indices into
/// `list` in first-seen order, and `conflicting-aliases` for each shadowed item whose value
/// differs from the winner's. `label` prefixes the messages (a component).
fn merge(v: &mut Values<'_, '_>, list: &[Item], label: Option<&str>) -> Vec<usize> {
    // The items grouped by name with a sort of their indices, not a map of names: a channel
    // may hold most of a large file.
    let name = |i: usize| list[i].entry.name.as_str();
    let mut by_name: Vec<usize> = (0..list.len()).collect();
    by_name.sort_unstable_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
    let mut winners: Vec<(usize, usize)> = Vec::new();
    let mut findings: Vec<(usize, Diagnostic)> = Vec::new();
    for group in by_name.chunk_by(|&a, &b| name(a) == name(b)) {
        let Some(&wi) = group
            .iter()
            .min_by_key(|&&i| (list[i].rank, std::cmp::Reverse(i)))
        else {
            continue;
        };
        // Sorted by index within a name: the first is where the name is first seen.
        winners.push((group[0], wi));
        let w = &list[wi];
        for &i in group {
            let it = &list[i];
            if wi == i || w.rank == it.rank {
                continue;
            }
            // Only shadowing that involves this unit's own channel is reported per component;
            // the global pair is reported once, by the global merge.
            if label.is_some() && w.rank >= 4 && it.rank >= 4 {
                continue;
            }
            let differs = match (&w.entry.value, &it.entry.value) {
                (RawValue::Text(a), RawValue::Text(b)) => a != b,
                (RawValue::Unknown, RawValue::Unknown) => false,
                _ => true,
            };
            if !differs {
                continue;
            }
            let name = &it.entry.name;
            let prefix = label.map(|l| format!("{l}: ")).unwrap_or_default();
            let (key, winner) = (it.key(), w.key());
            findings.push((i, CONFLICTING_ALIASES.diag(
                &it.entry.source,
                &[name],
                format!(
                    "{prefix}`{key}` is shadowed by `{winner}`, which sets {name} to a different value: the chart merges env channels first-wins (containers.<name>.env, <component>.env, <component>.extraEnv, global.env, global.extraEnv)"
                ),
                format!("remove `{key}`, or set the value you want in `{winner}`"),
            )));
        }
    }
    findings.sort_by_key(|(i, _)| *i);
    v.findings.extend(findings.into_iter().map(|(_, d)| d));
    winners.sort_unstable();
    winners.into_iter().map(|(_, w)| w).collect()
}
