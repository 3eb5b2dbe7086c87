//! One Terraform file as `lint` reads it: `.tf` and `.tfvars` parsed with `hcl-edit` (which keeps
//! byte spans), `.tfvars.json` with the crate's YAML reader (which keeps lines and columns), and the
//! places of values in it, for findings and redacted snippets.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use hcl_edit::structure::Body;

use crate::input::environment::snippet;
use crate::input::lines::Lines;
use crate::input::source::{Source, SourceKind};
use crate::input::tree::Node;
use crate::report::diagnostic::Diagnostic;
use crate::report::redact::Syntax;
use crate::rules::names::PARSE_ERROR;

/// What a Terraform file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `*.tf`: configuration (variables, locals, module calls).
    Config,
    /// `*.tfvars`: variable values in HCL.
    Vars,
    /// `*.tfvars.json`: variable values in JSON.
    VarsJson,
}

/// Whether a file name (lower-case) is a Terraform file `lint` reads.
pub(crate) fn role_of(name: &str) -> Option<Role> {
    if name.ends_with(".tfvars.json") {
        Some(Role::VarsJson)
    } else if name.ends_with(".tfvars") {
        Some(Role::Vars)
    } else if name.ends_with(".tf") {
        Some(Role::Config)
    } else {
        None
    }
}

/// Whether Terraform loads a variables file by itself (`terraform.tfvars`, `*.auto.tfvars`, and
/// their `.json` forms), as opposed to one given with `-var-file`.
pub(super) fn auto_loaded(name: &str) -> bool {
    matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

/// A parsed Terraform file.
pub(super) struct TfFile {
    pub(super) path: Arc<Path>,
    /// The file name, lower-case.
    pub(super) name: String,
    /// The text, shared with the place of every value in it.
    pub(super) text: Arc<str>,
    pub(super) role: Role,
    /// The HCL body (`.tf`, `.tfvars`), when it parses.
    pub(super) body: Option<Body>,
    /// The JSON document (`.tfvars.json`), when it parses.
    pub(super) json: Option<Node>,
    /// The `parse-error` finding, when it does not.
    pub(super) error: Option<Diagnostic>,
    /// Whether the user named this file (or it was found in a directory they named).
    pub(super) given: bool,
    lines: Lines,
}

impl TfFile {
    /// Parses `text` read from `path`.
    pub(super) fn parse(path: &Path, text: String, role: Role, given: bool) -> TfFile {
        let lines = Lines::new(text.as_bytes());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut file = TfFile {
            path: Arc::from(path),
            name,
            text: Arc::from(text),
            role,
            body: None,
            json: None,
            error: None,
            given,
            lines,
        };
        let crowded = match role {
            Role::Config | Role::Vars => crowded(&file.text),
            Role::VarsJson => None,
        };
        if let Some((at, why)) = crowded {
            let (line, column) = file.lines.position(file.text.as_bytes(), at);
            file.error = Some(PARSE_ERROR.diag(
                &Source::file(SourceKind::Terraform, path, line, column),
                &[],
                format!("not read: {why}"),
                "split it into smaller objects or files; Terraform itself may accept it",
            ));
            return file;
        }
        match role {
            Role::Config | Role::Vars => match hcl_edit::parser::parse_body(&file.text) {
                Ok(body) => file.body = Some(body),
                Err(e) => {
                    let loc = e.location();
                    file.error = Some(parse_error(
                        path,
                        loc.line().max(1),
                        loc.column().max(1),
                        &format!("not valid HCL: {}", e.message()),
                    ));
                }
            },
            Role::VarsJson => match crate::input::yaml::parse(&file.text) {
                Ok(docs) => match docs.into_iter().find(|d| !d.is_null()) {
                    Some(root) if root.as_map().is_some() => file.json = Some(root),
                    Some(root) => {
                        file.error = Some(parse_error(
                            path,
                            root.line().max(1),
                            root.column().max(1),
                            "a .tfvars.json file must hold one JSON object of variable values",
                        ));
                    }
                    None => {}
                },
                Err(e) => {
                    file.error = Some(parse_error(
                        path,
                        e.line.max(1),
                        e.column.max(1),
                        &format!("not valid JSON: {}", e.message),
                    ));
                }
            },
        }
        file
    }

    /// The place of the byte range `span` (only its first line is shown).
    pub(super) fn place(&self, span: Range<usize>) -> Place {
        let bytes = self.text.as_bytes();
        let start = span.start.min(self.text.len());
        let (line, _) = self.lines.position(bytes, start);
        let range = self.lines.range(bytes, line).unwrap_or(start..start);
        let begin = start.saturating_sub(range.start).min(range.len());
        let end = span
            .end
            .saturating_sub(range.start)
            .clamp(begin, range.len());
        Place::new(self, line, range, begin..end)
    }

    /// The place of a JSON value at a 1-based line and character column.
    pub(super) fn place_at(&self, line: usize, column: usize) -> Place {
        let bytes = self.text.as_bytes();
        let range = self.lines.range(bytes, line).unwrap_or(0..0);
        let line_text = self.text.get(range.clone()).unwrap_or("");
        let begin = self
            .lines
            .byte_at(bytes, line, column)
            .map_or(line_text.len(), |b| b - range.start);
        let rest = line_text.get(begin..).unwrap_or("");
        let len = if let Some(inner) = rest.strip_prefix('"') {
            let mut escaped = false;
            let mut close = inner.len();
            for (i, c) in inner.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        close = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            close + 1
        } else {
            rest.find([',', '}', ']']).unwrap_or(rest.len())
        };
        let end = (begin + len).min(line_text.len());
        let end = begin + line_text.get(begin..end).map_or(0, |t| t.trim_end().len());
        Place::new(self, line, range, begin..end)
    }

    /// The place of the whole file's first line (for values with no better place).
    pub(super) fn start(&self) -> Place {
        self.place(0..0)
    }
}

/// The most entries one `{ ... }` of HCL may hold.
const MAX_ENTRIES: usize = 10_000;

/// The deepest nesting of `{`, `[` and `(` read in HCL (as in YAML and JSON).
const MAX_NESTING: usize = crate::input::tree::MAX_DEPTH;

/// Where HCL text is more than its parser can take in bounded time and stack, and why: an
/// object or block with more than [`MAX_ENTRIES`] entries (hcl-edit checks each key of an
/// object against all the others: 60,000 entries took 50 s), or nesting deeper than
/// [`MAX_NESTING`]. A scan of the bytes that skips strings and comments; heredocs are not
/// told apart, which can only over-count.
fn crowded(text: &str) -> Option<(usize, String)> {
    let b = text.as_bytes();
    // For each open bracket: where it is, and how many `=`/`:` it holds at its own depth.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => i = memchr_newline(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = memchr_newline(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 1);
            }
            b'{' | b'[' | b'(' => {
                if open.len() >= MAX_NESTING {
                    return Some((i, format!("nested more than {MAX_NESTING} levels deep")));
                }
                open.push((i, 0));
            }
            b'}' | b']' | b')' => {
                open.pop();
            }
            b'=' | b':' => {
                if let Some((at, count)) = open.last_mut() {
                    *count += 1;
                    if *count > MAX_ENTRIES {
                        return Some((
                            *at,
                            format!(
                                "this object holds more than {MAX_ENTRIES} entries, more than the HCL parser reads in reasonable time"
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the next `\n` from `i` (the end of the text when there is none).
fn memchr_newline(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

/// A `parse-error` finding.
fn parse_error(path: &Path, line: usize, column: usize, message: &str) -> Diagnostic {
    PARSE_ERROR.diag(
        &Source::file(SourceKind::Terraform, path, line, column),
        &[],
        message.to_owned(),
        "fix the syntax at this line and column; `terraform validate` shows the same error",
    )
}

/// Where a value is written: a file, a line, and the value's bytes in that line.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) path: Arc<Path>,
    pub(super) line: usize,
    /// 1-based character column of the value.
    pub(super) column: usize,
    /// The file's text (shared, not copied per value) and where the line is in it.
    text: Arc<str>,
    line_range: Range<usize>,
    /// The value's bytes in the line (inside the quotes of a string).
    pub(super) value: Range<usize>,
    /// The whole token in the line (quotes included).
    pub(super) token: Range<usize>,
}

impl Place {
    fn new(file: &TfFile, line: usize, line_range: Range<usize>, token: Range<usize>) -> Place {
        let line_text = file.text.get(line_range.clone()).unwrap_or("");
        // Spans come from the parser on character boundaries; anything else shows no caret.
        let token = match line_text.get(token.clone()) {
            Some(_) => token,
            None => 0..0,
        };
        let t = &line_text[token.clone()];
        let value = if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
            token.start + 1..token.end - 1
        } else {
            token.clone()
        };
        let (_, column) = file
            .lines
            .position(file.text.as_bytes(), line_range.start + token.start);
        Place {
            path: Arc::clone(&file.path),
            line,
            column,
            text: Arc::clone(&file.text),
            line_range,
            value,
            token,
        }
    }

    /// The line the value is on.
    pub(super) fn line_text(&self) -> &str {
        self.text.get(self.line_range.clone()).unwrap_or("")
    }

    /// The source of variable `name` written here, under the key path `key`, with the line as a
    /// snippet (the value redacted when the variable is a secret).
    pub(super) fn source(&self, name: &str, key: &str) -> Source {
        let caret = if self.value.is_empty() {
            self.token.clone()
        } else {
            self.value.clone()
        };
        // Rebuilt from tokens: every other value on the line is
        // `***`, this one shown only when it is a known non-secret variable's.
        let value = self.line_text().get(self.value.clone()).unwrap_or("");
        Source::file(SourceKind::Terraform, &self.path, self.line, self.column)
            .with_name(key.to_owned())
            .with_snippet(snippet(
                name,
                self.line_text(),
                Syntax::Hcl,
                Some((self.value.start, value)),
                caret,
            ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn crowded_objects_and_deep_nesting_are_refused_before_parsing() {
        let entries = |n: usize| {
            (0..n)
                .map(|i| format!("A{i} = \"v=:{i}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ok = format!("# a = b\nx = {{ {} }}\n", entries(MAX_ENTRIES));
        assert_eq!(crowded(&ok), None);
        let big = format!("x = 1\ny = {{ {} }}\n", entries(MAX_ENTRIES + 1));
        let (at, why) = crowded(&big).unwrap();
        assert_eq!((at, why.contains("entries")), (10, true));
        let file = TfFile::parse(Path::new("t.tfvars"), big, Role::Vars, true);
        let e = file.error.unwrap();
        assert_eq!((e.source.line(), e.source.column()), (Some(2), Some(5)));
        let deep = format!(
            "x = {}1{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert!(crowded(&deep).is_some_and(|(_, why)| why.contains("nested")));
        let fine = format!(
            "x = {}1{}",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert_eq!(crowded(&fine), None);
    }

    #[test]
    fn every_other_value_on_the_line_is_masked() {
        let line = r#"  other_wandb_env = { OIDC_SECRET = "s1", OIDC_ISSUER = "https://x", "license": "l2", X = "y" }"#;
        let issuer = line.find("https://x").unwrap();
        let file = TfFile::parse(Path::new("main.tf"), line.to_owned(), Role::Config, true);
        let place = Place::new(&file, 1, 0..line.len(), issuer - 1..issuer + 10);
        assert_eq!(
            (place.value.clone(), place.column),
            (issuer..issuer + 9, issuer)
        );
        let source = place.source("OIDC_ISSUER", "other_wandb_env.OIDC_ISSUER");
        let snippet = source.snippet().unwrap();
        assert_eq!(
            &*snippet.text,
            r#"  other_wandb_env = { OIDC_SECRET = "***", OIDC_ISSUER = "https://x", "license": "***", X = "***" }"#
        );
    }
}
