//! Config files in the nested form (TOML, YAML or JSON): `[oidc] issuer = "..."`. Each field
//! becomes the entry of its canonical variable, with the file, line and column it was written at.

use std::path::Path;

use crate::input::environment::{Entry, snippet};
use crate::input::lines::Lines;
use crate::input::source::{Source, SourceKind, byte_of_column};
use crate::input::tree::{Node, NodeKind};
use crate::model::declaration::{SECTIONS, VARIABLES};
use crate::model::suggest::nearest;
use crate::report::diagnostic::Diagnostic;
use crate::report::redact::Syntax;
use crate::rules::names::{PARSE_ERROR, UNKNOWN_VARIABLE};

/// The syntax of a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Toml,
    Yaml,
    Json,
}

impl Format {
    /// Picks the syntax from the extension, else from the content.
    pub(crate) fn detect(path: &Path, text: &str) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("toml") => Format::Toml,
            Some("json") => Format::Json,
            Some("yaml" | "yml") => Format::Yaml,
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ if text
                .lines()
                .any(|l| l.trim_start().starts_with('[') && l.trim_end().ends_with(']')) =>
            {
                Format::Toml
            }
            _ => Format::Yaml,
        }
    }
}

/// What one config file holds.
#[derive(Debug, Default)]
pub(crate) struct ConfigFile {
    pub(crate) entries: Vec<Entry>,
    pub(crate) problems: Vec<Diagnostic>,
}

/// The largest TOML config file read.
const TOML_MAX: usize = 1024 * 1024;

/// Parses a config file into a tree with positions, or a `parse-error` finding.
#[allow(
    clippy::result_large_err,
    reason = "called once per file; the finding is the result"
)]
pub(crate) fn parse_tree(
    text: &str,
    path: &Path,
    kind: SourceKind,
) -> Result<Option<Node>, Diagnostic> {
    let fail = |line: usize, column: usize, msg: &str| {
        PARSE_ERROR.diag(
            &Source::file(kind, path, line, column),
            &[],
            format!("{} does not parse: {msg}", path.display()),
            "fix the syntax at this position",
        )
    };
    match Format::detect(path, text) {
        Format::Toml if text.len() > TOML_MAX => Err(fail(
            1,
            1,
            "a TOML config file over 1 MiB is not read (a config file holds a few dozen settings, and the TOML reader needs about 80 times a file's size in memory)",
        )),
        Format::Toml => match toml::de::DeTable::parse(text) {
            Ok(table) => {
                let index = Positions::new(text);
                let span = table.span();
                Ok(Some(toml_table(table.get_ref(), span.start, &index)))
            }
            Err(e) => {
                let (line, col) = e
                    .span()
                    .map_or((1, 1), |s| Positions::new(text).at(s.start));
                Err(fail(line, col, e.message()))
            }
        },
        Format::Json => {
            // Strict JSON (not YAML), with positions, in memory proportional to the text.
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            crate::input::json::read(text)
                .map(|d| d.into_iter().next())
                .map_err(|(e, _)| fail(e.line, e.column, &e.message))
        }
        Format::Yaml => {
            let docs =
                crate::input::yaml::parse(text).map_err(|e| fail(e.line, e.column, &e.message))?;
            Ok(docs.into_iter().find(|d| !d.is_null()))
        }
    }
}

/// Reads the entries of a config file.
pub(crate) fn parse(text: &str, path: &Path) -> ConfigFile {
    let mut out = ConfigFile::default();
    let kind = SourceKind::ConfigFile;
    let root = match parse_tree(text, path, kind) {
        Ok(Some(root)) => root,
        Ok(None) => return out,
        Err(d) => {
            out.problems.push(d);
            return out;
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some(sections) = root.as_map() else {
        out.problems.push(PARSE_ERROR.diag(
            &Source::file(kind, path, root.line(), root.column()),
            &[],
            format!(
                "{} is not a mapping of sections (oidc, iam, server, ldap, ...)",
                path.display()
            ),
            "see schema/iamconf.schema.json for the form",
        ));
        return out;
    };
    for (skey, svalue) in sections {
        let Some(section_name) = skey.as_str() else {
            continue;
        };
        if section_name == "$schema" {
            // An editor's schema reference (JSON has no comments), not a setting.
            continue;
        }
        let Some(section) = SECTIONS.iter().find(|s| s.key == section_name) else {
            let best = nearest(section_name, SECTIONS.iter().map(|s| s.key), 2);
            out.problems
                .push(unknown_key(path, skey, section_name, best));
            continue;
        };
        let Some(fields) = svalue.as_map() else {
            if !svalue.is_null() {
                out.problems.push(PARSE_ERROR.diag(
                    &Source::file(kind, path, svalue.line(), svalue.column()),
                    &[],
                    format!("`{section_name}` must be a mapping of settings"),
                    format!("write `{section_name}` as a table of fields"),
                ));
            }
            continue;
        };
        for (fkey, fvalue) in fields {
            let Some(field) = fkey.as_str() else { continue };
            let Some(spec) = VARIABLES
                .iter()
                .find(|v| std::ptr::eq(v.section, *section) && v.field == field)
            else {
                let candidates = VARIABLES
                    .iter()
                    .filter(|v| std::ptr::eq(v.section, *section))
                    .map(|v| v.field);
                let best = nearest(field, candidates, 2);
                let full = format!("{section_name}.{field}");
                out.problems.push(unknown_key(
                    path,
                    fkey,
                    &full,
                    best.map(|b| format!("{section_name}.{b}")).as_deref(),
                ));
                continue;
            };
            let key = spec.key();
            let text_value = match &fvalue.kind {
                NodeKind::Null => continue,
                NodeKind::Scalar { text, .. } => text.to_string(),
                NodeKind::Seq(items) => items
                    .iter()
                    .filter_map(Node::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                NodeKind::Map(_) => {
                    out.problems.push(PARSE_ERROR.diag(
                        &Source::file(kind, path, fvalue.line(), fvalue.column()),
                        &[spec.env],
                        format!("`{key}` must be a single value, not a mapping"),
                        format!("write `{key}` as a {}", spec.kind.type_name()),
                    ));
                    continue;
                }
            };
            let mut source =
                Source::file(kind, path, fkey.line(), fkey.column()).with_name(key.clone());
            if let Some(line) = lines.get(fkey.line().saturating_sub(1)) {
                let start = byte_of_column(line, fkey.column());
                let vstart = if fvalue.line() == fkey.line() {
                    byte_of_column(line, fvalue.column())
                } else {
                    line.len()
                };
                let syntax = match Format::detect(path, text) {
                    Format::Toml => Syntax::Toml,
                    Format::Yaml | Format::Json => Syntax::Yaml,
                };
                source = source.with_snippet(snippet(
                    spec.env,
                    line,
                    syntax,
                    Some((vstart, text_value.as_str())),
                    start..line.len(),
                ));
            }
            out.entries.push(Entry::text(spec.env, text_value, source));
        }
    }
    out
}

fn unknown_key(path: &Path, node: &Node, key: &str, best: Option<&str>) -> Diagnostic {
    UNKNOWN_VARIABLE.diag(
        &Source::file(SourceKind::ConfigFile, path, node.line(), node.column()).with_name(key),
        &[key],
        format!("`{key}` is not a known setting"),
        match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => "see schema/iamconf.schema.json for the known settings".to_owned(),
        },
    )
}

/// Byte offsets of a TOML text to 1-based lines and character columns.
struct Positions<'a> {
    text: &'a str,
    lines: Lines,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        Positions {
            text,
            lines: Lines::new(text.as_bytes()),
        }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        self.lines.position(self.text.as_bytes(), offset)
    }
}

fn toml_node(value: &toml::de::DeValue<'_>, offset: usize, index: &Positions<'_>) -> Node {
    let (line, column) = index.at(offset);
    let kind = match value {
        toml::de::DeValue::String(s) => NodeKind::Scalar {
            text: s.as_ref().into(),
            quoted: true,
        },
        toml::de::DeValue::Integer(i) => NodeKind::Scalar {
            text: if i.radix() == 10 {
                i.as_str().into()
            } else {
                i.to_string().into()
            },
            quoted: false,
        },
        toml::de::DeValue::Float(f) => NodeKind::Scalar {
            text: f.as_str().into(),
            quoted: false,
        },
        toml::de::DeValue::Boolean(b) => NodeKind::Scalar {
            text: b.to_string().into(),
            quoted: false,
        },
        toml::de::DeValue::Datetime(d) => NodeKind::Scalar {
            text: d.to_string().into(),
            quoted: false,
        },
        toml::de::DeValue::Array(items) => NodeKind::Seq(
            items
                .iter()
                .map(|i| toml_node(i.get_ref(), i.span().start, index))
                .collect(),
        ),
        toml::de::DeValue::Table(t) => return toml_table(t, offset, index),
    };
    Node::new(kind, line, column)
}

fn toml_table(table: &toml::de::DeTable<'_>, offset: usize, index: &Positions<'_>) -> Node {
    let (line, column) = index.at(offset);
    let mut entries: Vec<(Node, Node)> = table
        .iter()
        .map(|(k, v)| {
            let (kl, kc) = index.at(k.span().start);
            let key = Node::new(
                NodeKind::Scalar {
                    text: k.get_ref().as_ref().into(),
                    quoted: false,
                },
                kl,
                kc,
            );
            (key, toml_node(v.get_ref(), v.span().start, index))
        })
        .collect();
    // The TOML map is not in document order; findings and precedence want it.
    entries.sort_by_key(|(k, _)| (k.line(), k.column()));
    Node::new(NodeKind::Map(entries), line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::environment::RawValue;

    fn names(f: &ConfigFile) -> Vec<(String, String, usize)> {
        f.entries
            .iter()
            .map(|e| {
                let v = match &e.value {
                    RawValue::Text(t) => t.clone(),
                    _ => String::new(),
                };
                (e.name.clone(), v, e.source.line().unwrap_or(0))
            })
            .collect()
    }

    #[test]
    fn three_syntaxes_one_meaning() {
        let toml = "[oidc]\nissuer = \"https://x.okta.com\"\nauth_method = \"pkce\"\n[iam]\nsession_length = 24\n";
        let yaml = "oidc:\n  issuer: https://x.okta.com\n  auth_method: pkce\niam:\n  session_length: 24\n";
        let json = "{\"oidc\": {\"issuer\": \"https://x.okta.com\",\n \"auth_method\": \"pkce\"},\n \"iam\": {\"session_length\": 24}}";
        let want = |f: ConfigFile| {
            assert!(f.problems.is_empty(), "{:?}", f.problems);
            names(&f)
                .into_iter()
                .map(|(n, v, _)| (n, v))
                .collect::<Vec<_>>()
        };
        let a = want(parse(toml, Path::new("c.toml")));
        assert_eq!(a, want(parse(yaml, Path::new("c.yaml"))));
        assert_eq!(a, want(parse(json, Path::new("c.json"))));
        assert_eq!(a[0], ("OIDC_ISSUER".into(), "https://x.okta.com".into()));
        assert_eq!(names(&parse(toml, Path::new("c.toml")))[2].2, 5);
    }

    #[test]
    fn errors_have_positions_and_unknown_keys_suggest() {
        let f = parse("[oidc]\nissuer = \n", Path::new("c.toml"));
        assert_eq!(f.problems[0].code, "parse-error");
        assert_eq!(f.problems[0].source.line(), Some(2));
        let f = parse("{\"oidc\": {\"issuer\": }}", Path::new("c.json"));
        assert_eq!(f.problems[0].source.column(), Some(21));
        let f = parse("oidc:\n  isuer: https://x\n", Path::new("c.yaml"));
        assert_eq!(f.problems[0].code, "unknown-variable");
        assert_eq!(
            f.problems[0].help.as_deref(),
            Some("did you mean `oidc.issuer`?")
        );
    }

    #[test]
    fn json_is_strict_and_a_large_toml_file_is_refused() {
        // YAML flow syntax is not JSON.
        let f = parse("{oidc: {issuer: https://x}}", Path::new("c.json"));
        assert_eq!(f.problems[0].code, "parse-error");
        assert_eq!(f.problems[0].source.column(), Some(2));
        let f = parse(
            "\u{feff}{\"oidc\": {\"issuer\": \"https://x\"}}",
            Path::new("c.json"),
        );
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let big = format!(
            "[oidc]\nissuer = \"https://x\"\nx = [{}]\n",
            "1,".repeat(TOML_MAX / 2)
        );
        let f = parse(&big, Path::new("c.toml"));
        assert_eq!(f.problems[0].code, "parse-error");
        assert!(f.problems[0].message.contains("over 1 MiB"));
    }
}
