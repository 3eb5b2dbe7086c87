//! Provenance: where a value came from.

use std::fmt;
use std::path::{Path, PathBuf};

/// The kind of place a value or finding came from (the `source.kind` of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
    /// A W&B operator `WeightsAndBiases` custom resource.
    CustomResource,
    /// The built-in default.
    Default,
    /// The identity provider's discovery document (and its JWK Set).
    Discovery,
    /// A key of a server's `figment::Figment`.
    Figment,
    /// A value set in code (a typed configuration being validated).
    Code,
    /// A Terraform file (`.tf`, `.tfvars`, `.tfvars.json`).
    Terraform,
    /// An answer of the identity provider to `check --probe`.
    Probe,
    /// An ID token judged by `iamconf token`.
    Token,
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
#[derive(Clone, PartialEq, Eq)]
pub struct Source {
    pub(crate) kind: SourceKind,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    /// The variable (process environment) or key path (config, Helm values). Shared, since a
    /// source is cloned into every setting and finding that comes from it.
    pub(crate) name: Option<std::sync::Arc<str>>,
    /// The parts only some sources have, boxed: a source is moved and cloned into every entry,
    /// setting and finding, and most sources (process environment, defaults) have none of them.
    /// `None` when all of them are absent.
    detail: Option<Box<Detail>>,
}

/// The rarer parts of a [`Source`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Detail {
    path: Option<PathBuf>,
    /// The URL fetched (discovery).
    url: Option<String>,
    snippet: Option<Snippet>,
    /// The figment provider that gave the value (its metadata name, such as `TOML file`).
    provider: Option<String>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As a derived `Debug` of the fields would print them, whether boxed or not.
        f.debug_struct("Source")
            .field("kind", &self.kind)
            .field("path", &self.path())
            .field("line", &self.line)
            .field("column", &self.column)
            .field("name", &self.name)
            .field("url", &self.url())
            .field("snippet", &self.snippet())
            .finish()
    }
}

impl Source {
    pub(crate) fn bare(kind: SourceKind) -> Self {
        Source {
            kind,
            line: None,
            column: None,
            name: None,
            detail: None,
        }
    }

    fn detail_mut(&mut self) -> &mut Detail {
        self.detail.get_or_insert_with(Box::default)
    }

    /// The process environment variable `name`. A name the resolver knows shares its one copy.
    #[cfg(test)]
    pub(crate) fn env(name: &str) -> Self {
        Self::env_named(name.into())
    }

    /// The process environment variable `name`, given as a shared copy.
    pub(crate) fn env_named(name: std::sync::Arc<str>) -> Self {
        Source {
            name: Some(name),
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
            line: Some(line),
            column: Some(column),
            ..Self::whole_file(kind, path)
        }
    }

    /// A file as a whole (no position).
    pub(crate) fn whole_file(kind: SourceKind, path: &Path) -> Self {
        let mut source = Self::bare(kind);
        source.detail_mut().path = Some(path.to_path_buf());
        source
    }

    /// A discovery document fetched from `url`.
    #[cfg(feature = "discovery")]
    pub(crate) fn discovery(url: &str) -> Self {
        let mut source = Self::bare(SourceKind::Discovery);
        source.detail_mut().url = Some(url.to_owned());
        source
    }

    #[cfg(feature = "discovery")]
    /// An answer of the identity provider to a probe request sent to `url` (redacted, without
    /// its query).
    pub(crate) fn probe(url: &str) -> Self {
        let mut source = Self::bare(SourceKind::Probe);
        source.detail_mut().url = Some(url.to_owned());
        source
    }

    #[cfg(feature = "token")]
    /// An ID token read from `path` (`None`: standard input).
    pub(crate) fn token(path: Option<&Path>) -> Self {
        let mut source = Self::bare(SourceKind::Token);
        if let Some(p) = path {
            source.detail_mut().path = Some(p.to_path_buf());
        }
        source
    }

    /// Adds the key path (config files, Helm values).
    pub(crate) fn with_name(mut self, name: impl Into<std::sync::Arc<str>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds the source line to show under a finding.
    #[cfg(feature = "figment")]
    pub(crate) fn with_provider(mut self, provider: &str) -> Self {
        self.detail_mut().provider = Some(provider.to_owned());
        self
    }

    /// The figment provider that gave the value (its metadata name, such as `TOML file`), for
    /// values read from a `figment::Figment`.
    pub fn provider(&self) -> Option<&str> {
        self.detail.as_ref()?.provider.as_deref()
    }

    #[cfg(feature = "figment")]
    pub(crate) fn with_path(mut self, path: &Path) -> Self {
        self.detail_mut().path = Some(path.to_path_buf());
        self
    }

    pub(crate) fn with_snippet(mut self, snippet: Snippet) -> Self {
        self.detail_mut().snippet = Some(snippet);
        self
    }

    /// The source line to show under a finding, where there is one.
    pub(crate) fn snippet(&self) -> Option<&Snippet> {
        self.detail.as_ref()?.snippet.as_ref()
    }

    /// The kind of source.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The file, where the value came from a file.
    pub fn path(&self) -> Option<&Path> {
        self.detail.as_ref()?.path.as_deref()
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
        self.detail.as_ref()?.url.as_deref()
    }

    /// `path:line:col` for a file position, else `None`.
    pub(crate) fn location(&self) -> Option<String> {
        let path = self.path()?;
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
        if let (SourceKind::Figment, Some(name)) = (self.kind, &self.name) {
            return match (self.location(), self.line, self.provider()) {
                (Some(loc), Some(_), _) => f.write_str(&loc),
                (Some(loc), None, Some(p)) => write!(f, "{loc} (figment key `{name}`, {p})"),
                (Some(loc), None, None) => write!(f, "{loc} (figment key `{name}`)"),
                (None, _, Some(p)) => write!(f, "figment key `{name}` ({p})"),
                (None, _, None) => write!(f, "figment key `{name}`"),
            };
        }
        if let Some(loc) = self.location() {
            return f.write_str(&loc);
        }
        match (self.kind, &self.name, self.url()) {
            (SourceKind::Env, Some(name), _) => write!(f, "environment variable `{name}`"),
            (SourceKind::Default, _, _) => f.write_str("default"),
            (SourceKind::Code, Some(name), _) => write!(f, "`{name}` set in code"),
            (SourceKind::Discovery, _, Some(url)) => write!(f, "discovery document {url}"),
            (SourceKind::Probe, _, Some(url)) => write!(f, "probe of {url}"),
            (SourceKind::Token, _, _) => f.write_str("ID token from standard input"),
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
        if let Some(path) = self.path() {
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
        if let Some(url) = self.url() {
            map.serialize_entry("url", url)?;
        }
        map.end()
    }
}

/// The byte offset of a 1-based character column in `line` (the end of the line past it).
pub(crate) fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_small_and_prints_every_part() {
        // Moved and cloned into every entry, setting and finding of a load.
        assert!(std::mem::size_of::<Source>() <= 64);
        let s = Source::file(SourceKind::EnvFile, Path::new("a.env"), 3, 7).with_snippet(Snippet {
            text: "HOST=x".into(),
            column: 6,
            width: 1,
        });
        assert_eq!(s.path(), Some(Path::new("a.env")));
        assert_eq!(s.snippet().map(|s| s.text.as_str()), Some("HOST=x"));
        assert_eq!(
            format!("{s:?}"),
            "Source { kind: EnvFile, path: Some(\"a.env\"), line: Some(3), column: Some(7), \
             name: None, url: None, snippet: Some(Snippet { text: \"HOST=x\", column: 6, width: 1 }) }"
        );
        #[cfg(feature = "discovery")]
        {
            let d = Source::discovery("https://idp.example.com/x");
            assert_eq!(d.url(), Some("https://idp.example.com/x"));
            assert_eq!(d.path(), None);
        }
        assert_eq!(Source::env("HOST"), Source::env("HOST"));
        assert_ne!(Source::env("HOST"), Source::default_value());
    }
}
