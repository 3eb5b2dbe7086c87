//! `KEY=value` files: `export KEY=value`, single and double quotes, `#` comments, blank lines.

use std::path::Path;

use crate::input::environment::{Entry, RawValue, snippet};
use crate::input::lines::Lines;
use crate::input::source::{Source, SourceKind};
use crate::report::diagnostic::Diagnostic;
use crate::report::redact::Syntax;
use crate::rules::names::PARSE_ERROR;
use crate::rules::values::NON_UTF8_VALUE;

/// What one env file holds.
#[derive(Debug, Default)]
pub(crate) struct EnvFile {
    /// Every assignment in file order (duplicates included).
    pub(crate) entries: Vec<Entry>,
    /// Lines that did not parse, non-UTF-8 values.
    pub(crate) problems: Vec<Diagnostic>,
    /// `# iamconf: allow(...)` comments: target line and codes.
    pub(crate) allows: Vec<(usize, Vec<String>)>,
}

/// Parses the bytes of an env file. `kind` is the source kind its entries get.
pub(crate) fn parse(bytes: &[u8], path: &Path, kind: SourceKind) -> EnvFile {
    let mut out = EnvFile::default();
    // One copy of the path, shared by the source of every entry.
    let shared_path: std::sync::Arc<Path> = path.into();
    let lines = EnvLines::new(bytes);
    let mut i = 0;
    while let Some(raw) = lines.get(i) {
        let line_no = i + 1;
        i += 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            // A line that is not UTF-8: keep the name if it is readable, never the value.
            let eq = raw.iter().position(|b| *b == b'=');
            let name = eq
                .and_then(|e| std::str::from_utf8(&raw[..e]).ok())
                .map(|n| n.trim().trim_start_matches("export ").trim());
            match name.filter(|n| is_name(n)) {
                Some(name) => {
                    let source = Source::file(kind, path, line_no, 1);
                    out.problems.push(NON_UTF8_VALUE.diag(
                        &source,
                        &[name],
                        format!("the value of {name} is not valid UTF-8"),
                        format!("re-enter {name} as plain UTF-8 text"),
                    ));
                    out.entries.push(Entry {
                        name: name.to_owned(),
                        value: RawValue::NonUtf8,
                        source,
                    });
                }
                None => out.problems.push(PARSE_ERROR.diag(
                    &Source::file(kind, path, line_no, 1),
                    &[],
                    format!("line {line_no} is not valid UTF-8 and not `KEY=value`"),
                    "save the file as UTF-8 text with `KEY=value` lines",
                )),
            }
            continue;
        };
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            if trimmed.starts_with('#') {
                out.allows.extend(
                    crate::input::yaml::allow_comments(line)
                        .into_iter()
                        .map(|(_, c)| (line_no + 1, c)),
                );
            }
            continue;
        }
        out.allows.extend(
            crate::input::yaml::allow_comments(line)
                .into_iter()
                .map(|(_, c)| (line_no, c)),
        );
        let indent = line.len() - trimmed.len();
        let (body, body_start) = match trimmed.strip_prefix("export") {
            Some(rest) if rest.starts_with([' ', '\t']) => {
                let r = rest.trim_start();
                (r, line.len() - r.len())
            }
            _ => (trimmed, indent),
        };
        let Some(eq) = body.find('=') else {
            out.problems.push(malformed(
                path,
                kind,
                line_no,
                line,
                body_start,
                "has no `=`: expected `KEY=value`",
            ));
            continue;
        };
        let name = body[..eq].trim_end();
        if !is_name(name) {
            out.problems.push(malformed(
                path,
                kind,
                line_no,
                line,
                body_start,
                "does not start with a valid variable name",
            ));
            continue;
        }
        let value_part_start = body_start + eq + 1;
        let after = &line[value_part_start..];
        let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
        let vstart = value_part_start + lead;
        let rest = &line[vstart..];
        let source = Source::at(kind, &shared_path, line_no, body_start + 1);
        let parsed = if let Some(q) = rest.strip_prefix('"') {
            quoted(q, '"', &lines, &mut i)
                .map(|(v, end)| (v, vstart + 1, vstart + 1 + end.min(q.len())))
        } else if let Some(q) = rest.strip_prefix('\'') {
            quoted(q, '\'', &lines, &mut i)
                .map(|(v, end)| (v, vstart + 1, vstart + 1 + end.min(q.len())))
        } else {
            let end = comment_start(rest).unwrap_or(rest.len());
            let v = rest[..end].trim_end();
            Ok((v.to_owned(), vstart, vstart + v.len()))
        };
        match parsed {
            Ok((value, vs, ve)) => {
                let snip = snippet(
                    name,
                    line,
                    Syntax::Env,
                    Some((vs, &value)),
                    body_start..ve.max(body_start + name.len()),
                );
                out.entries
                    .push(Entry::text(name, value, source.with_snippet(snip)));
            }
            Err(msg) => out
                .problems
                .push(malformed(path, kind, line_no, line, body_start, msg)),
        }
    }
    out
}

/// The lines of an env file (after a byte-order mark), each without `\n`, `\r\n` or a final
/// `\r`, indexed at 4 bytes a line (a file of blank lines is not a `Vec` of slices).
struct EnvLines<'a> {
    bytes: &'a [u8],
    lines: Lines,
}

impl<'a> EnvLines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        EnvLines {
            bytes,
            lines: Lines::new(bytes),
        }
    }

    /// Line `i` (0-based).
    fn get(&self, i: usize) -> Option<&'a [u8]> {
        let line = self.lines.line(self.bytes, i + 1)?;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    }
}

/// `KEY` names: a letter or `_`, then letters, digits, `_`, `.` or `-`.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Where an unquoted value's inline comment starts (` #`).
fn comment_start(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t'))
}

/// Reads a quoted value that may continue over following lines. Returns the value and the byte
/// offset of the closing quote within the first line (or its length if it closes later).
fn quoted(
    first: &str,
    quote: char,
    lines: &EnvLines<'_>,
    next: &mut usize,
) -> Result<(String, usize), &'static str> {
    let start = *next;
    let result = quoted_inner(first, quote, lines, next);
    if result.is_err() {
        // Report the opening line and go on with the next one: no line is lost.
        *next = start;
    }
    result
}

fn quoted_inner(
    first: &str,
    quote: char,
    lines: &EnvLines<'_>,
    next: &mut usize,
) -> Result<(String, usize), &'static str> {
    let mut value = String::new();
    let mut text = first.to_owned();
    let mut first_line = true;
    loop {
        let mut chars = text.char_indices();
        while let Some((idx, c)) = chars.next() {
            if quote == '"' && c == '\\' {
                match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some(e @ ('"' | '\\' | '$' | '\'')) => value.push(e),
                    Some(e) => {
                        value.push('\\');
                        value.push(e);
                    }
                    None => value.push('\\'),
                }
                continue;
            }
            if c == quote {
                let tail = text[idx + 1..].trim_start();
                if !tail.is_empty() && !tail.starts_with('#') {
                    return Err("has text after the closing quote");
                }
                let end = if first_line { idx } else { first.len() };
                return Ok((value, end));
            }
            value.push(c);
        }
        // The quote is still open: continue on the next line.
        let Some(next_line) = lines.get(*next) else {
            return Err("has a quote that is never closed");
        };
        let Ok(next_text) = std::str::from_utf8(next_line) else {
            return Err("has a quoted value that is not valid UTF-8");
        };
        *next += 1;
        value.push('\n');
        text = next_text.to_owned();
        first_line = false;
    }
}

fn malformed(
    path: &Path,
    kind: SourceKind,
    line_no: usize,
    line: &str,
    start: usize,
    what: &str,
) -> Diagnostic {
    // The line may hold a secret we could not attribute to a name: it is rebuilt from its
    // tokens, so a name shows only when an `=` follows it, and every value is `***`.
    let source = Source::file(kind, path, line_no, start + 1).with_snippet(
        crate::report::redact::snippet(line, Syntax::Env, None, start..line.len()),
    );
    PARSE_ERROR.diag(
        &source,
        &[],
        format!("line {line_no} {what}"),
        "write the line as `KEY=value` (or `export KEY=value`)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> EnvFile {
        parse(s.as_bytes(), Path::new("t.env"), SourceKind::EnvFile)
    }

    fn values(f: &EnvFile) -> Vec<(String, String)> {
        f.entries
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    match &e.value {
                        RawValue::Text(t) => t.clone(),
                        _ => "?".into(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn forms() {
        let f = parse_str(
            "# comment\n\nA=1\nexport B=two words # note\nC='single # kept'\nD=\"double \\\"q\\\" \\n\"\nE=\nF=a#b\n  G = spaced \n",
        );
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let v = values(&f);
        assert_eq!(v[0], ("A".into(), "1".into()));
        assert_eq!(v[1], ("B".into(), "two words".into()));
        assert_eq!(v[2], ("C".into(), "single # kept".into()));
        assert_eq!(v[3], ("D".into(), "double \"q\" \n".into()));
        assert_eq!(v[4], ("E".into(), "".into()));
        assert_eq!(v[5], ("F".into(), "a#b".into()));
        assert_eq!(v[6], ("G".into(), "spaced".into()));
        assert_eq!(f.entries[1].source.line(), Some(4));
        assert_eq!(f.entries[1].source.column(), Some(8));
    }

    #[test]
    fn multiline_quotes() {
        let f = parse_str("K=\"a\nb\"\nL=2\n");
        assert_eq!(
            values(&f),
            vec![("K".into(), "a\nb".into()), ("L".into(), "2".into())]
        );
        assert_eq!(f.entries[1].source.line(), Some(3));
    }

    #[test]
    fn malformed_lines_are_findings_with_line_numbers() {
        let f = parse_str("A=1\nOIDC_ISSUER https://x\nB='open\nC=3\n");
        assert_eq!(f.problems.len(), 2);
        assert_eq!(values(&f).last(), Some(&("C".into(), "3".into())));
        assert_eq!(f.problems[0].code, "parse-error");
        assert_eq!(f.problems[0].source.line(), Some(2));
        assert_eq!(f.problems[1].source.line(), Some(3));
    }

    #[test]
    fn secrets_are_redacted_in_snippets() {
        let f = parse_str("GORILLA_OIDC_SECRET=canary\nMYSQL=mysql://u:canary@db/w\n");
        for e in &f.entries {
            let s = e
                .source
                .snippet()
                .map(|s| s.text.clone())
                .unwrap_or_default();
            assert!(!s.contains("canary"), "{s}");
        }
        let bad = parse_str("GORILLA_OIDC_SECRET canary\n");
        let shown = format!("{:?}", bad.problems);
        assert!(!shown.contains("canary"), "{shown}");
    }

    #[test]
    fn non_utf8() {
        let f = parse(b"A=\xff\xfe\n", Path::new("t.env"), SourceKind::EnvFile);
        assert_eq!(f.problems[0].code, "non-utf8-value");
        assert_eq!(f.entries[0].value, RawValue::NonUtf8);
    }
}
