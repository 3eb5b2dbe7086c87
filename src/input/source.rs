//! Provenance: where a value came from.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

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
    pub(crate) text: Box<str>,
    /// 1-based character column where the caret starts.
    pub(crate) column: u32,
    /// How many characters the caret covers (at least 1).
    pub(crate) width: u32,
}

/// Where a value, or a finding about it, came from.
#[derive(Clone, PartialEq, Eq)]
pub struct Source {
    pub(crate) kind: SourceKind,
    /// 1-based; 0 when unknown (a position past `u32::MAX` is kept as `u32::MAX`).
    line: u32,
    /// 1-based; 0 when unknown.
    column: u32,
    /// The variable (process environment) or key path (config, Helm values). Shared, since a
    /// source is cloned into every setting and finding that comes from it.
    pub(crate) name: Option<std::sync::Arc<str>>,
    /// The parts only some sources have, boxed: a source is moved and cloned into every entry,
    /// setting and finding, and most sources (process environment, defaults) have none of them.
    /// `None` when all of them are absent.
    detail: Option<Box<Detail>>,
}

/// The rarer parts of a [`Source`]: a source of a file has a path and a snippet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Detail {
    /// Shared by every source of one file (see [`Source::at`]).
    path: Option<Arc<Path>>,
    snippet: Option<Snippet>,
    /// Rarer still: sources of discovery and of a `figment::Figment`.
    remote: Option<Box<Remote>>,
}

/// Where a value read from elsewhere than a file came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Remote {
    /// The URL fetched (discovery).
    url: Option<Box<str>>,
    /// The figment provider that gave the value (its metadata name, such as `TOML file`).
    provider: Option<Box<str>>,
}

/// A position as stored: 1-based, 0 for unknown.
fn stored(position: Option<usize>) -> u32 {
    position.map_or(0, |p| u32::try_from(p).unwrap_or(u32::MAX))
}

/// A stored position as the API gives it.
fn given(position: u32) -> Option<usize> {
    (position != 0).then_some(position as usize)
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As a derived `Debug` of the fields would print them, whether boxed or not.
        f.debug_struct("Source")
            .field("kind", &self.kind)
            .field("path", &self.path())
            .field("line", &self.line())
            .field("column", &self.column())
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
            line: 0,
            column: 0,
            name: None,
            detail: None,
        }
    }

    fn detail_mut(&mut self) -> &mut Detail {
        self.detail.get_or_insert_with(Box::default)
    }

    #[cfg_attr(
        not(any(feature = "discovery", feature = "figment")),
        allow(dead_code, reason = "only discovery and figment sources have one")
    )]
    fn remote_mut(&mut self) -> &mut Remote {
        self.detail_mut().remote.get_or_insert_with(Box::default)
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
        Self::at(kind, &Arc::from(path), line, column)
    }

    /// A position in a file whose path is shared: a reader makes one [`Arc`] per file and
    /// gives it to every source of that file, which then holds no copy of the path.
    pub(crate) fn at(kind: SourceKind, path: &Arc<Path>, line: usize, column: usize) -> Self {
        let mut source = Self::bare(kind);
        source.detail_mut().path = Some(Arc::clone(path));
        source.set_position(Some(line), Some(column));
        source
    }

    /// A file as a whole (no position).
    pub(crate) fn whole_file(kind: SourceKind, path: &Path) -> Self {
        let mut source = Self::bare(kind);
        source.detail_mut().path = Some(Arc::from(path));
        source
    }

    /// Sets the line and column (1-based; `None` when unknown).
    pub(crate) fn set_position(&mut self, line: Option<usize>, column: Option<usize>) {
        self.line = stored(line);
        self.column = stored(column);
    }

    /// A discovery document fetched from `url`.
    #[cfg(feature = "discovery")]
    pub(crate) fn discovery(url: &str) -> Self {
        let mut source = Self::bare(SourceKind::Discovery);
        source.remote_mut().url = Some(url.into());
        source
    }

    #[cfg(feature = "discovery")]
    /// An answer of the identity provider to a probe request sent to `url` (redacted, without
    /// its query).
    pub(crate) fn probe(url: &str) -> Self {
        let mut source = Self::bare(SourceKind::Probe);
        source.remote_mut().url = Some(url.into());
        source
    }

    #[cfg(feature = "token")]
    /// An ID token read from `path` (`None`: standard input).
    pub(crate) fn token(path: Option<&Path>) -> Self {
        let mut source = Self::bare(SourceKind::Token);
        if let Some(p) = path {
            source.detail_mut().path = Some(Arc::from(p));
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
        self.remote_mut().provider = Some(provider.into());
        self
    }

    /// The figment provider that gave the value (its metadata name, such as `TOML file`), for
    /// values read from a `figment::Figment`.
    pub fn provider(&self) -> Option<&str> {
        self.detail.as_ref()?.remote.as_ref()?.provider.as_deref()
    }

    #[cfg(feature = "figment")]
    pub(crate) fn with_path(mut self, path: &Path) -> Self {
        self.detail_mut().path = Some(Arc::from(path));
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
        given(self.line)
    }

    /// The 1-based column, where known.
    pub fn column(&self) -> Option<usize> {
        given(self.column)
    }

    /// The environment variable or key path, where known.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The URL fetched, for discovery findings.
    pub fn url(&self) -> Option<&str> {
        self.detail.as_ref()?.remote.as_ref()?.url.as_deref()
    }

    /// `path:line:col` for a file position, else `None`.
    pub(crate) fn location(&self) -> Option<String> {
        let path = self.path()?;
        let mut s = path.display().to_string();
        if let Some(line) = self.line() {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column() {
                s.push_str(&format!(":{col}"));
            }
        }
        Some(s)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (SourceKind::Figment, Some(name)) = (self.kind, &self.name) {
            return match (self.location(), self.line(), self.provider()) {
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
        if let Some(line) = self.line() {
            map.serialize_entry("line", &line)?;
        }
        if let Some(column) = self.column() {
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

/// The path that findings about standard input carry (`iamconf lint -`, `--env-file -`).
#[cfg(any(feature = "lint", feature = "render"))]
pub(crate) const STDIN_PATH: &str = "<stdin>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_small_and_prints_every_part() {
        // Moved and cloned into every entry, setting and finding of a load.
        assert!(std::mem::size_of::<Source>() <= 40);
        let s = Source::file(SourceKind::EnvFile, Path::new("a.env"), 3, 7).with_snippet(Snippet {
            text: "HOST=x".into(),
            column: 6,
            width: 1,
        });
        assert_eq!(s.path(), Some(Path::new("a.env")));
        assert_eq!(s.snippet().map(|s| &*s.text), Some("HOST=x"));
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
