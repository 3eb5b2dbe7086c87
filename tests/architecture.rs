//! The library's module graph has no import cycle: every `crate::a::b` path in a module (test
//! modules left out) is an edge to the longest module it names, and the graph must be acyclic.
//! The binary's `cli` modules are a client of the public API and are not part of the graph.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `src/lib.rs` is the root (`""`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The text without `#[cfg(test)] mod tests { ... }` (the rest of the file after it) and
/// without `//` comments.
fn production_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path of the text that starts with `prefix` (`crate::`, `super::`), as its segments
/// after the prefix. A group `a::{b, c::d}` gives `a::b` and `a::c::d` (one level of braces).
fn prefixed_paths(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let segments = |path: &str| -> Vec<String> {
        path.split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[path.len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let item = item.split_whitespace().next().unwrap_or("");
                let name = if item == "self" { "" } else { item };
                paths.push(segments(&format!("{path}{name}")));
            }
        } else {
            paths.push(segments(&path));
        }
    }
    paths
}

/// Every module path the text names: `crate::x::y` as it is, `super::x` from the module's
/// parent (`module` is the module of the text).
fn named_paths(text: &str, module: &str) -> Vec<Vec<String>> {
    let mut paths = prefixed_paths(text, "crate::");
    let mut parent: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    parent.pop();
    for path in prefixed_paths(text, "super::") {
        let mut full = parent.clone();
        full.extend(path);
        paths.push(full);
    }
    paths
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .into_iter()
        .filter(|f| !f.ends_with("main.rs") && !f.starts_with(src.join("cli")))
        .map(|f| (module_of(&src, &f), f))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = production_code(&std::fs::read_to_string(file).unwrap());
        for path in named_paths(&text, module) {
            let target = (1..=path.len())
                .rev()
                .map(|k| path[..k].join("::"))
                .find(|m| modules.contains_key(m));
            if let Some(target) = target {
                // A module naming itself or its own parent's path prefix is not an edge.
                if &target != module && !module.starts_with(&format!("{target}::")) {
                    edges.entry(module.clone()).or_default().insert(target);
                }
            }
        }
        edges.entry(module.clone()).or_default();
    }
    edges
}

/// A cycle of the graph, if there is one (depth-first search with colours).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_module_graph_has_no_cycle() {
    let edges = graph();
    assert!(
        edges.len() > 30,
        "the graph has only {} modules",
        edges.len()
    );
    assert!(edges["resolve"].contains("model::declaration"));
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&edges).unwrap(), ["a", "b", "c", "a"]);
    edges.get_mut("c").unwrap().clear();
    assert!(find_cycle(&edges).is_none());
    assert_eq!(
        named_paths("use crate::model::value; x::crate::no", "lint::helm"),
        [vec!["model", "value"]]
    );
    // `super::` is taken from the module's parent, and a group names each of its items.
    assert_eq!(
        named_paths("use super::{cr, manifest::Context};", "lint::stream"),
        [vec!["lint", "cr"], vec!["lint", "manifest", "Context"]]
    );
}
