//! The YAML reader: builds the positioned tree ([`crate::input::tree`]) on yaml-rust2's event
//! parser, with merge keys, aliases (capped) and nesting (capped). Text that is JSON goes to
//! [`crate::input::json`]. Used for config files, Helm values, manifests and Compose files, so
//! that every finding can point at the value that caused it.

use std::collections::HashMap;

use crate::input::tree::{MAX_DEPTH, Node, NodeKind, YamlError};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

#[derive(Default)]
struct Builder {
    stack: Vec<(Node, Option<usize>)>,
    docs: Vec<Node>,
    anchors: HashMap<usize, Node>,
    pending_key: Vec<Option<Node>>,
    /// Nodes copied by aliases so far (capped: nested aliases grow exponentially).
    expanded: usize,
}

/// How many nodes aliases may copy in one stream.
const MAX_EXPANDED: usize = 1_000_000;

/// The number of nodes in a tree (without recursion).
fn node_count(node: &Node) -> usize {
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.kind {
            NodeKind::Seq(items) => todo.extend(items),
            NodeKind::Map(entries) => entries.iter().for_each(|(k, v)| todo.extend([k, v])),
            NodeKind::Null | NodeKind::Scalar { .. } => {}
        }
    }
    count
}

impl Builder {
    fn push_value(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some((parent, _)) => match &mut parent.kind {
                NodeKind::Seq(items) => items.push(node),
                NodeKind::Map(entries) => {
                    if let Some(slot) = self.pending_key.last_mut() {
                        match slot.take() {
                            None => *slot = Some(node),
                            Some(key) => entries.push((key, node)),
                        }
                    }
                }
                _ => {}
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = |kind| Node::new(kind, mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                let node =
                    if !quoted && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                        at(NodeKind::Null)
                    } else {
                        at(NodeKind::Scalar {
                            text: text.into(),
                            quoted,
                        })
                    };
                self.push_value(node, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack
                    .push((at(NodeKind::Seq(Vec::new())), Some(anchor)));
                self.pending_key.push(None);
            }
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push((at(NodeKind::Map(Vec::new())), Some(anchor)));
                self.pending_key.push(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.pending_key.pop();
                if let Some((mut node, anchor)) = self.stack.pop() {
                    // A collection is complete: its spare capacity is given back.
                    match &mut node.kind {
                        NodeKind::Map(entries) => {
                            merge_keys(entries);
                            entries.shrink_to_fit();
                        }
                        NodeKind::Seq(items) => items.shrink_to_fit(),
                        NodeKind::Null | NodeKind::Scalar { .. } => {}
                    }
                    self.push_value(node, anchor.unwrap_or(0));
                }
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(n) if self.expanded <= MAX_EXPANDED => {
                        self.expanded += node_count(n);
                        n.clone()
                    }
                    _ => at(NodeKind::Null),
                };
                self.push_value(node, 0);
            }
            Event::DocumentEnd
            | Event::DocumentStart
            | Event::StreamStart
            | Event::StreamEnd
            | Event::Nothing => {}
        }
    }
}

/// Expands YAML merge keys (`<<: *base`, `<<: [*a, *b]`) as Helm and go-yaml do: the merged
/// mappings' entries are added where the mapping does not set the key itself, earlier merged
/// mappings winning over later ones.
fn merge_keys(entries: &mut Vec<(Node, Node)>) {
    let is_merge =
        |k: &Node| matches!(&k.kind, NodeKind::Scalar { text, quoted: false } if &**text == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = std::mem::take(entries)
        .into_iter()
        .partition(|(k, _)| is_merge(k));
    for (_, value) in merges {
        let sources: Vec<Node> = match value.kind {
            NodeKind::Map(_) => vec![value],
            NodeKind::Seq(items) => items,
            _ => Vec::new(),
        };
        for source in sources {
            if let NodeKind::Map(pairs) = source.kind {
                for (k, v) in pairs {
                    let present = own
                        .iter()
                        .any(|(o, _)| o.as_str().is_some() && o.as_str() == k.as_str());
                    if !present {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    *entries = own;
}

/// Text that reads as JSON this far before a mistake is JSON with a mistake: its error is
/// JSON's, and it is not read again as YAML.
const JSON_SURE: usize = 64 * 1024;

/// The largest YAML stream read that has a document in flow style (`{...}` or `[...]` at the
/// start of a line). yaml-rust2 keeps every token of such a document in memory until it
/// closes (about 80 bytes a token: 690 MB for 8 MiB); JSON is read without it.
const FLOW_DOCUMENT_MAX: usize = 1024 * 1024;

/// Parses every document of a YAML stream. An empty document is `Null`. Text that is JSON is
/// read by [`crate::input::json`], which gives the same tree in memory proportional to it.
pub(crate) fn parse(src: &str) -> Result<Vec<Node>, YamlError> {
    // A byte-order mark is not part of the first key.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let large = src.len() > FLOW_DOCUMENT_MAX;
    if src.trim_start().starts_with(['{', '[']) {
        match crate::input::json::read(src) {
            Ok(docs) => return Ok(docs),
            Err((e, at)) if at > JSON_SURE => return Err(e),
            Err((e, _)) if large => {
                return Err(YamlError {
                    message: format!(
                        "{} (read as JSON: a YAML document in flow style is not read past 1 MiB)",
                        e.message
                    ),
                    ..e
                });
            }
            // YAML flow style (`{a: 1}`), or JSON broken early: read as YAML.
            Err(_) => {}
        }
    }
    if large {
        if let Some(line) = flow_document(src) {
            return Err(YamlError {
                line,
                column: 1,
                message: "a YAML document in flow style (`{...}` or `[...]`) is not read past 1 MiB: write it in block style or as JSON".to_owned(),
            });
        }
    }
    parse_yaml(src)
}

/// The 1-based line where a document in flow style starts: a line that starts with `{` or
/// `[`, or a `---` line followed by one.
fn flow_document(src: &str) -> Option<usize> {
    src.lines()
        .position(|line| {
            let line = line.strip_prefix("---").map_or(line, str::trim_start);
            line.starts_with(['{', '['])
        })
        .map(|i| i + 1)
}

/// Parses `src` as YAML only.
fn parse_yaml(src: &str) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(src);
    // Events are pulled one by one (yaml-rust2's `load` recurses once per nesting level and
    // overflows the stack on deeply nested input); nesting is capped for the same reason.
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        if builder.stack.len() >= MAX_DEPTH
            && matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..))
        {
            return Err(YamlError {
                line: mark.line(),
                column: mark.col() + 1,
                message: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        let end = matches!(ev, Event::StreamEnd);
        builder.on_event(ev, mark);
        if builder.expanded > MAX_EXPANDED {
            return Err(YamlError {
                line: mark.line(),
                column: mark.col() + 1,
                message: format!("aliases expand to more than {MAX_EXPANDED} nodes"),
            });
        }
        if end {
            break;
        }
    }
    Ok(builder.docs)
}

/// Finds `# iamconf: allow(code, code)` comments: for each line they stand on, the codes.
/// A comment on its own line applies to the next line; one at the end of a line to that line.
pub(crate) fn allow_comments(src: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        // Most lines have no comment: a byte search first, not two substring searchers per line.
        if !line.contains('#') {
            continue;
        }
        let Some(pos) = line
            .find("# iamconf: allow(")
            .or_else(|| line.find("#iamconf: allow("))
        else {
            continue;
        };
        let rest = &line[pos..];
        let Some(open) = rest.find('(') else { continue };
        let Some(close) = rest.find(')') else {
            continue;
        };
        let codes: Vec<String> = rest[open + 1..close]
            .split(',')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        let own_line = line[..pos].trim().is_empty();
        let target = if own_line { i + 2 } else { i + 1 };
        out.push((target, codes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree with positions, as a string, to compare two readers.
    fn shape(node: &Node) -> String {
        let at = format!("@{}:{}", node.line(), node.column());
        match &node.kind {
            NodeKind::Null => format!("null{at}"),
            NodeKind::Scalar { text, quoted } => format!("{text:?}/{quoted}{at}"),
            NodeKind::Seq(items) => {
                let inner: Vec<String> = items.iter().map(shape).collect();
                format!("[{}]{at}", inner.join(","))
            }
            NodeKind::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}={}", shape(k), shape(v)))
                    .collect();
                format!("{{{}}}{at}", inner.join(","))
            }
        }
    }

    #[test]
    fn the_json_reader_gives_the_tree_and_positions_the_yaml_reader_gives() {
        for text in [
            r#"{"global": {"extraEnv": {"HOST": "https://x", "N": 3, "B": true, "Z": null}}}"#,
            "{\n  \"a\": [1, -2.5e3, \"é\\u00e9\\n\\\"\"],\n  \"b\": {}\n}\n",
            "[{\"k\": \"ü\"}, [], false, 0]",
            "{\"a\":\"x\",\r\n \"a\": 2}",
        ] {
            let ours = crate::input::json::read(text).unwrap_or_default();
            let yaml = parse_yaml(text).unwrap_or_default();
            assert_eq!(
                ours.iter().map(shape).collect::<Vec<_>>(),
                yaml.iter().map(shape).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }

    #[test]
    fn positions_are_kept() {
        let docs = parse("global:\n  host: \"https://x\"\n  n: 3\n  e:\n").unwrap_or_default();
        let host = docs[0].path("global.host");
        assert_eq!(host.map(|n| (n.line(), n.column())), Some((2, 9)));
        assert_eq!(host.and_then(Node::as_str), Some("https://x"));
        assert!(docs[0].path("global.e").is_some_and(Node::is_null));
    }

    #[test]
    fn merge_keys_and_a_byte_order_mark() {
        let docs =
            parse("\u{feff}base: &b {A: 1, B: 2}\nglobal:\n  extraEnv:\n    <<: *b\n    B: 3\n")
                .unwrap_or_default();
        let env = docs[0].path("global.extraEnv");
        assert_eq!(
            env.and_then(|e| e.get("A")).and_then(Node::as_str),
            Some("1")
        );
        assert_eq!(
            env.and_then(|e| e.get("B")).and_then(Node::as_str),
            Some("3")
        );
        assert!(env.and_then(|e| e.get("<<")).is_none());
        assert!(docs[0].get("base").is_some());
        let docs =
            parse("a: &a {X: 1}\nb: &b {X: 2, Y: 2}\nc:\n  <<: [*a, *b]\n").unwrap_or_default();
        let c = docs[0].get("c");
        assert_eq!(c.and_then(|e| e.get("X")).and_then(Node::as_str), Some("1"));
        assert_eq!(c.and_then(|e| e.get("Y")).and_then(Node::as_str), Some("2"));
    }

    #[test]
    fn a_large_flow_document_is_an_error_and_large_json_is_read() {
        let items = vec!["a"; FLOW_DOCUMENT_MAX / 2];
        let flow = format!("{{global: {{x: [{}]}}}}\n", items.join(","));
        let e = parse(&flow).err();
        assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((1, 2)));
        assert!(e.is_some_and(|e| e.message.contains("flow style")));
        let later = format!("a: 1\n---\n[{}]\n", items.join(","));
        assert_eq!(parse(&later).err().map(|e| e.line), Some(3));
        let quoted: Vec<&str> = vec!["\"a\""; FLOW_DOCUMENT_MAX / 2];
        let json = format!("{{\"global\": {{\"x\": [{}]}}}}", quoted.join(","));
        let docs = parse(&json).unwrap_or_default();
        let x = docs
            .first()
            .and_then(|d| d.path("global.x"))
            .and_then(Node::as_seq);
        assert_eq!(x.map(<[Node]>::len), Some(items.len()));
        // Block style of any size is read as YAML.
        let block = format!(
            "global:\n  x:\n{}",
            "  - a\n".repeat(FLOW_DOCUMENT_MAX / 6 + 1)
        );
        assert!(parse(&block).is_ok());
    }

    #[test]
    fn errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n").err();
        assert!(err.is_some_and(|e| e.line >= 1));
    }

    #[test]
    fn json_and_multi_documents() {
        let docs = parse("{\"oidc\": {\"issuer\": \"https://i\"}}").unwrap_or_default();
        assert_eq!(
            docs[0].path("oidc.issuer").and_then(Node::as_str),
            Some("https://i")
        );
        let docs = parse("a: 1\n---\nb: 2\n").unwrap_or_default();
        assert_eq!(docs.len(), 2);
    }
}
