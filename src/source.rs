//! Provenance: where a value came from.

use std::fmt;
use std::path::{Path, PathBuf};

/// The kind of place a value or finding came from (the `source.kind` of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The process environment.
    Env,
    /// A `KEY=value` file.
    EnvFile,
    /// A config file in the nested form.
    ConfigFile,
    /// Helm chart values.
    HelmValues,
    /// A Kubernetes manifest.
    Manifest,
    /// A Docker Compose file.
    Compose,
    /// The built-in default.
    Default,
    /// The identity provider's discovery document.
    Discovery,
}

/// A source line shown under a finding, with the span the caret points at. The text is already
/// redacted: a secret value in it is `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet {
    /// The line, redacted.
    pub(crate) text: String,
    /// 1-based character column where the caret starts.
    pub(crate) column: usize,
    /// How many characters the caret covers (at least 1).
    pub(crate) width: usize,
}

/// Where a value, or a finding about it, came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub(crate) kind: SourceKind,
    pub(crate) path: Option<PathBuf>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    /// The variable (process environment) or key path (config, Helm values). Shared, since a
    /// source is cloned into every setting and finding that comes from it.
    pub(crate) name: Option<std::sync::Arc<str>>,
    /// The URL fetched (discovery).
    pub(crate) url: Option<String>,
    pub(crate) snippet: Option<Snippet>,
}

impl Source {
    fn bare(kind: SourceKind) -> Self {
        Source {
            kind,
            path: None,
            line: None,
            column: None,
            name: None,
            url: None,
            snippet: None,
        }
    }

    /// The process environment variable `name`. A name the resolver knows shares its one copy.
    pub(crate) fn env(name: &str) -> Self {
        Source {
            name: Some(crate::resolve::shared_name(name).unwrap_or_else(|| name.into())),
            ..Self::bare(SourceKind::Env)
        }
    }

    /// The built-in default.
    pub(crate) fn default_value() -> Self {
        Self::bare(SourceKind::Default)
    }

    /// A position in a file.
    pub(crate) fn file(kind: SourceKind, path: &Path, line: usize, column: usize) -> Self {
        Source {
            path: Some(path.to_path_buf()),
            line: Some(line),
            column: Some(column),
            ..Self::bare(kind)
        }
    }

    /// A file as a whole (no position).
    pub(crate) fn whole_file(kind: SourceKind, path: &Path) -> Self {
        Source {
            path: Some(path.to_path_buf()),
            ..Self::bare(kind)
        }
    }

    /// A discovery document fetched from `url`.
    pub(crate) fn discovery(url: &str) -> Self {
        Source {
            url: Some(url.to_owned()),
            ..Self::bare(SourceKind::Discovery)
        }
    }

    /// Adds the key path (config files, Helm values).
    pub(crate) fn with_name(mut self, name: impl Into<std::sync::Arc<str>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds the source line to show under a finding.
    pub(crate) fn with_snippet(mut self, snippet: Snippet) -> Self {
        self.snippet = Some(snippet);
        self
    }

    /// The kind of source.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The file, where the value came from a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line, where known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column, where known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The environment variable or key path, where known.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The URL fetched, for discovery findings.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// `path:line:col` for a file position, else `None`.
    pub(crate) fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut s = path.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        Some(s)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            return f.write_str(&loc);
        }
        match (self.kind, &self.name, &self.url) {
            (SourceKind::Env, Some(name), _) => write!(f, "environment variable `{name}`"),
            (SourceKind::Default, _, _) => f.write_str("default"),
            (SourceKind::Discovery, _, Some(url)) => write!(f, "discovery document {url}"),
            (_, Some(name), _) => f.write_str(name),
            _ => f.write_str("environment"),
        }
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", &self.kind)?;
        if let Some(path) = &self.path {
            map.serialize_entry("path", &path.display().to_string())?;
        }
        if let Some(line) = self.line {
            map.serialize_entry("line", &line)?;
        }
        if let Some(column) = self.column {
            map.serialize_entry("column", &column)?;
        }
        match self.kind {
            SourceKind::Env => {
                if let Some(name) = &self.name {
                    map.serialize_entry("variable", &**name)?;
                }
            }
            _ => {
                if let Some(name) = &self.name {
                    map.serialize_entry("key", &**name)?;
                }
            }
        }
        if let Some(url) = &self.url {
            map.serialize_entry("url", url)?;
        }
        map.end()
    }
}
