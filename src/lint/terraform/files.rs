//! One Terraform file as `lint` reads it: `.tf` and `.tfvars` parsed with `hcl-edit` (which keeps
//! byte spans), `.tfvars.json` with the crate's YAML reader (which keeps lines and columns), and the
//! places of values in it, for findings and redacted snippets.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use hcl_edit::structure::Body;

use crate::input::environment::snippet;
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
    pub(super) text: String,
    pub(super) role: Role,
    /// The HCL body (`.tf`, `.tfvars`), when it parses.
    pub(super) body: Option<Body>,
    /// The JSON document (`.tfvars.json`), when it parses.
    pub(super) json: Option<Node>,
    /// The `parse-error` finding, when it does not.
    pub(super) error: Option<Diagnostic>,
    /// Whether the user named this file (or it was found in a directory they named).
    pub(super) given: bool,
    line_starts: Vec<usize>,
}

impl TfFile {
    /// Parses `text` read from `path`.
    pub(super) fn parse(path: &Path, text: String, role: Role, given: bool) -> TfFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut file = TfFile {
            path: Arc::from(path),
            name,
            text,
            role,
            body: None,
            json: None,
            error: None,
            given,
            line_starts,
        };
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
        let start = span.start.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts[line_idx];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let begin = (start - line_start).min(line_text.len());
        let end = span
            .end
            .saturating_sub(line_start)
            .clamp(begin, line_text.len());
        Place::new(&self.path, line_idx + 1, line_text, begin..end)
    }

    /// The place of a JSON value at a 1-based line and character column.
    pub(super) fn place_at(&self, line: usize, column: usize) -> Place {
        let line_text = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let begin = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        let rest = &line_text[begin..];
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
        let end = begin + line_text[begin..end].trim_end().len();
        Place::new(&self.path, line, line_text, begin..end)
    }

    /// The place of the whole file's first line (for values with no better place).
    pub(super) fn start(&self) -> Place {
        self.place(0..0)
    }
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
    pub(super) line_text: Arc<str>,
    /// The value's bytes in `line_text` (inside the quotes of a string).
    pub(super) value: Range<usize>,
    /// The whole token in `line_text` (quotes included).
    pub(super) token: Range<usize>,
}

impl Place {
    fn new(path: &Arc<Path>, line: usize, line_text: &str, token: Range<usize>) -> Place {
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
        Place {
            path: Arc::clone(path),
            line,
            column: line_text[..token.start].chars().count() + 1,
            line_text: Arc::from(line_text),
            value,
            token,
        }
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
        let value = self.line_text.get(self.value.clone()).unwrap_or("");
        Source::file(SourceKind::Terraform, &self.path, self.line, self.column)
            .with_name(key.to_owned())
            .with_snippet(snippet(
                name,
                &self.line_text,
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
    fn every_other_value_on_the_line_is_masked() {
        let line = r#"  other_wandb_env = { OIDC_SECRET = "s1", OIDC_ISSUER = "https://x", "license": "l2", X = "y" }"#;
        let issuer = line.find("https://x").unwrap();
        let place = Place {
            path: Arc::from(Path::new("main.tf")),
            line: 1,
            column: 1,
            line_text: Arc::from(line),
            value: issuer..issuer + 9,
            token: issuer - 1..issuer + 10,
        };
        let source = place.source("OIDC_ISSUER", "other_wandb_env.OIDC_ISSUER");
        let snippet = source.snippet().unwrap();
        assert_eq!(
            &*snippet.text,
            r#"  other_wandb_env = { OIDC_SECRET = "***", OIDC_ISSUER = "https://x", "license": "***", X = "***" }"#
        );
    }
}
