//! The positioned tree every structured reader builds (YAML, JSON, TOML): each node keeps the
//! line and column of its first character, so that every finding can point at the value that
//! caused it.

use crate::input::scalar_text::ScalarText;

/// The deepest nesting of mappings and sequences accepted.
pub(crate) const MAX_DEPTH: usize = 256;

/// A node with its position (1-based line and column of its first character).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    /// Kept as `u32` (a tree holds a node per scalar); read with [`Node::line`].
    line: u32,
    column: u32,
}

/// A position as a node keeps it (one past `u32::MAX` lines or columns is `u32::MAX`).
fn position(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar, with whether it was quoted (a quoted `"true"` is a string).
    Scalar { text: ScalarText, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

/// A syntax error at a position (YAML, or JSON, which is YAML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

#[cfg_attr(
    not(feature = "lint"),
    allow(dead_code, reason = "the tree walkers are lint's")
)]
impl Node {
    /// A node at a 1-based line and column.
    pub(crate) fn new(kind: NodeKind, line: usize, column: usize) -> Self {
        Node {
            kind,
            line: position(line),
            column: position(column),
        }
    }

    /// The 1-based line of the node's first character.
    pub(crate) fn line(&self) -> usize {
        self.line as usize
    }

    /// The 1-based character column of the node's first character.
    pub(crate) fn column(&self) -> usize {
        self.column as usize
    }

    /// The scalar text, for scalars.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The entries, for mappings.
    pub(crate) fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, for sequences.
    pub(crate) fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value under a key of a mapping (the last one, as YAML loaders do).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node under a key of a mapping.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v))
    }

    /// Follows a dotted path of mapping keys.
    pub(crate) fn path(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |node, key| node.get(key))
    }

    /// Whether the node is null.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The scalar as the text an environment variable would hold: strings as they are, booleans
    /// and numbers as written. `None` for null, mappings and sequences.
    pub(crate) fn scalar_text(&self) -> Option<&str> {
        self.as_str()
    }
}
