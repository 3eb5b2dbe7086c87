//! `--kind auto`: what a file is, by its name and content.

use std::path::{Path, PathBuf};

use crate::input::source::SourceKind;
use crate::input::tree::{Node, YamlError};
use crate::lint::Kind;
use crate::model::declaration::SECTIONS;

/// A file to lint, read and classified.
pub(crate) struct Input {
    pub(crate) path: PathBuf,
    /// The bytes, for [`Kind::Env`] (whose reader takes bytes) and for a file that is not
    /// UTF-8; otherwise empty, as `text` holds them.
    pub(crate) bytes: Vec<u8>,
    /// The bytes as text (lossy); empty for [`Kind::Env`].
    pub(crate) text: String,
    pub(crate) kind: Kind,
    /// The YAML documents, for YAML kinds.
    pub(crate) docs: Result<Vec<Node>, YamlError>,
}

/// Files up to this size are parsed to be classified; larger ones first need one of the keys
/// `lint` judges somewhere in their text.
const CLASSIFY_WHOLE: usize = 1024 * 1024;

/// Classifies a file. `wanted` is the `--kind`; `explicit` says the user named the file (so its
/// content is sniffed even without a telling name). `None`: not a file `lint` reads.
pub(super) fn detect(path: PathBuf, bytes: Vec<u8>, wanted: Kind, explicit: bool) -> Option<Input> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // A `.env` file read as one (most files of a large tree): its reader works on the bytes, so
    // no text copy is made.
    let env_by_name = if explicit && wanted != Kind::Auto {
        wanted == Kind::Env
    } else {
        is_env_name(&name) && matches!(wanted, Kind::Auto | Kind::Env)
    };
    if env_by_name {
        return Some(Input {
            path,
            bytes,
            text: String::new(),
            kind: Kind::Env,
            docs: Ok(Vec::new()),
        });
    }
    // UTF-8 (nearly every file) becomes its text without a copy; the bytes are kept only when
    // they are not, for an env reader that judges each line on its own.
    let (bytes, text) = match String::from_utf8(bytes) {
        Ok(text) => (Vec::new(), text),
        Err(e) => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (bytes, text)
        }
    };
    let ext = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_owned();
    let yaml_like = matches!(ext.as_str(), "yaml" | "yml" | "json");
    // `iamconf.toml`, `iamconf.yaml`, `iamconf.prod.json`: a config file by its name, so that a
    // broken one or one with a misspelt section is judged (and reported), never skipped.
    let config_named =
        name.starts_with("iamconf") && matches!(ext.as_str(), "toml" | "yaml" | "yml" | "json");

    // The documents parsed to classify the file, kept for reading it (parsed once).
    let mut parsed: Option<Result<Vec<Node>, YamlError>> = None;
    let kind = if explicit && wanted != Kind::Auto {
        wanted
    } else {
        let auto = if crate::lint::terraform::is_terraform_name(&name) {
            Some(Kind::Terraform)
        } else if is_env_name(&name) {
            Some(Kind::Env)
        } else if config_named {
            Some(Kind::Config)
        } else if yaml_like && text.len() > CLASSIFY_WHOLE && !super::inputs::has_markers(&text) {
            // A large file with none of the keys `lint` judges is data: classified from its
            // text, not parsed into a tree (memory would be tens of times its size).
            None
        } else if yaml_like {
            let docs = parsed.insert(crate::input::yaml::parse(&text));
            match docs {
                Ok(docs) => classify(docs),
                // A Helm template (`{{ ... }}`) is not YAML until rendered: not ours.
                Err(_) if text.contains("{{") => None,
                // A YAML file that does not parse is a finding; its kind cannot be known.
                Err(_) if ext != "json" || explicit => Some(Kind::Auto),
                Err(_) => None,
            }
        } else if ext == "toml" {
            toml_config(&path, &text, explicit)
        } else if explicit {
            if looks_like_env(&text) {
                Some(Kind::Env)
            } else {
                let docs = parsed.insert(crate::input::yaml::parse(&text));
                docs.as_ref()
                    .ok()
                    .and_then(|d| classify(d))
                    .or_else(|| toml_config(&path, &text, false))
            }
        } else {
            None
        };
        match auto {
            Some(k) if wanted == Kind::Auto || k == wanted || k == Kind::Auto => k,
            _ => return None,
        }
    };
    let docs = match kind {
        Kind::Helm | Kind::LegacyHelm | Kind::Manifest | Kind::Cr | Kind::Compose | Kind::Auto => {
            parsed.unwrap_or_else(|| crate::input::yaml::parse(&text))
        }
        Kind::Env | Kind::Config | Kind::Terraform => Ok(Vec::new()),
    };
    // A YAML file whose syntax is broken is reported as a parse error (read as manifest, the
    // kind with no assumptions about the content).
    let kind = if kind == Kind::Auto {
        if is_env_name(&name) {
            Kind::Env
        } else if name.contains("values") {
            Kind::Helm
        } else if name.contains("compose") {
            Kind::Compose
        } else {
            Kind::Manifest
        }
    } else {
        kind
    };
    // The env reader works on bytes: a file that is env by its content gets its text back.
    let (bytes, text) = if kind == Kind::Env && bytes.is_empty() {
        (text.into_bytes(), String::new())
    } else {
        (bytes, text)
    };
    Some(Input {
        path,
        bytes,
        text,
        kind,
        docs,
    })
}

/// Whether a file found in a directory may be one `lint` reads, by its name alone (so that a
/// walk does not read every file of a repository).
pub(super) fn candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = Path::new(&name).extension().and_then(|e| e.to_str());
    is_env_name(&name)
        || matches!(ext, Some("yaml" | "yml" | "json" | "toml"))
        || crate::lint::terraform::is_terraform_name(&name)
}

/// Whether a path's name is an env file's (`.env`, `prod.env`, ...).
pub(super) fn env_named(path: &Path) -> bool {
    is_env_name(
        &path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default(),
    )
}

/// `.env`, `prod.env`, `.env.local`, `app.env.sample`.
pub(super) fn is_env_name(name: &str) -> bool {
    name == ".env" || name.ends_with(".env") || name.starts_with(".env.") || name.contains(".env.")
}

/// Text made of `KEY=value` lines, comments and blank lines (at least one assignment).
fn looks_like_env(text: &str) -> bool {
    let mut assignments = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let t = t.strip_prefix("export ").unwrap_or(t);
        let Some((name, _)) = t.split_once('=') else {
            return false;
        };
        let name = name.trim_end();
        let ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !ok {
            return false;
        }
        assignments += 1;
    }
    assignments > 0
}

/// Whether every top-level key is a config-file section.
fn all_sections(node: &Node) -> bool {
    node.as_map().is_some_and(|m| {
        !m.is_empty()
            && m.iter().all(|(k, _)| {
                k.as_str()
                    .is_some_and(|k| SECTIONS.iter().any(|s| s.key == k))
            })
    })
}

/// A TOML file is a config file when every top-level key is a section; named on the command
/// line, also when any one is (the others are then reported as unknown) or when it does not parse
/// (reported as a parse error).
fn toml_config(path: &Path, text: &str, explicit: bool) -> Option<Kind> {
    match crate::input::config_file::parse_tree(text, path, SourceKind::ConfigFile) {
        Ok(Some(node)) if all_sections(&node) => Some(Kind::Config),
        Ok(Some(node)) if explicit && any_section(&node) => Some(Kind::Config),
        Err(_) if explicit => Some(Kind::Config),
        _ => None,
    }
}

/// Whether some top-level key is a config-file section.
fn any_section(node: &Node) -> bool {
    node.as_map().is_some_and(|m| {
        m.iter().any(|(k, _)| {
            k.as_str()
                .is_some_and(|k| SECTIONS.iter().any(|s| s.key == k))
        })
    })
}

/// The kind of a parsed YAML stream, by its keys.
pub(super) fn classify(docs: &[Node]) -> Option<Kind> {
    if docs
        .iter()
        .any(|d| d.get("kind").is_some() && d.get("apiVersion").is_some())
    {
        return Some(Kind::Manifest);
    }
    let root = docs.iter().find(|d| !d.is_null())?;
    root.as_map()?;
    let has = |k: &str| root.get(k).is_some();
    if has("global") {
        Some(Kind::Helm)
    } else if has("services") {
        Some(Kind::Compose)
    } else if all_sections(root) {
        Some(Kind::Config)
    } else if has("sso") || (has("ldap") && (has("host") || has("image") || has("license"))) {
        Some(Kind::LegacyHelm)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(yaml: &str) -> Option<Kind> {
        classify(&crate::input::yaml::parse(yaml).unwrap_or_default())
    }

    #[test]
    fn classifies_by_content() {
        assert_eq!(kind_of("global:\n  host: x\n"), Some(Kind::Helm));
        assert_eq!(
            kind_of("image: {}\nsso:\n  enabled: false\n"),
            Some(Kind::LegacyHelm)
        );
        assert_eq!(
            kind_of("host: x\nldap:\n  enabled: true\n"),
            Some(Kind::LegacyHelm)
        );
        assert_eq!(kind_of("ldap:\n  address: ldaps://x\n"), Some(Kind::Config));
        assert_eq!(kind_of("oidc:\n  issuer: x\niam: {}\n"), Some(Kind::Config));
        assert_eq!(kind_of("services:\n  a: {}\n"), Some(Kind::Compose));
        assert_eq!(
            kind_of("---\napiVersion: v1\nkind: ConfigMap\n"),
            Some(Kind::Manifest)
        );
        assert_eq!(kind_of("on: push\njobs: {}\n"), None);
        assert_eq!(kind_of("- 1\n"), None);
    }

    #[test]
    fn env_names_and_content() {
        for n in [".env", "prod.env", ".env.local", "outline.env.sample"] {
            assert!(is_env_name(n), "{n}");
        }
        for n in ["environment.rs", ".envrc", "env.yaml"] {
            assert!(!is_env_name(n), "{n}");
        }
        assert!(looks_like_env("# c\nexport A=1\nB = 2\n"));
        assert!(!looks_like_env("a: 1\n"));
        assert!(!looks_like_env("# only comments\n"));
    }
}
