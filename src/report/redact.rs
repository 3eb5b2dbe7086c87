//! Redaction by allowlist. A source line shown under a finding is rebuilt from its tokens: names
//! and structure (`:`, `=`, brackets, quotes, indentation) are shown; a value is shown only when
//! the caller says it is the non-secret value of a known, non-secret variable or key; every other
//! value on the line, and every comment, becomes `***`. A line that does not tokenize is `***`.
//! URL userinfo is masked by one parser ([`crate::model::url_text::redact_url`]), and control characters are escaped in
//! anything that reaches a terminal ([`escape_controls`]).

use std::borrow::Cow;

/// How redaction decides, as `iamconf explain redaction` and the README say it.
pub const POLICY: &str = "\
Redaction: what iamconf shows of your values

iamconf prints findings to terminals and CI logs, so it shows a value only when it knows the
value is not secret. The decision is an allowlist, made per variable, never per file:

- A value is shown only when it is the value of a known, non-secret variable or key (HOST,
  OIDC_AUTH_METHOD, LOCAL_RESTORE, ...). The values of secrets (GORILLA_OIDC_SECRET, LICENSE,
  ...), of unknown or misspelt keys, of names that read like secrets (*_PASS, *_PASSWORD, *_PWD,
  *_KEY, *_TOKEN, *_SECRET, SIGNING, PRIVATE, CREDENTIAL, ...) and of anything that does not
  parse are `***`. With `envFrom` and a `prefix`, the final variable name decides.
- The source line under a finding is rebuilt from its tokens: names and structure (keys, `:`,
  `=`, brackets, quotes, indentation) are shown, and every value on the line other than the
  finding's own shown one is `***`, as are comments. A line that cannot be read as `NAME=value`
  or as a key and value (a continuation of a multi-line secret, a PEM body) is `***` whole. A
  line over 1 KiB (a minified JSON file) is not shown: only the finding's own token is, between
  ellipses (`\u{2026} *** \u{2026}`, or the value when it may be shown).
- URL userinfo is masked by one parser everywhere (messages, help lines, `show`, JSON, SARIF,
  GitHub): everything between the scheme (or the start) and the last `@` is userinfo, whatever it
  holds (`#`, `?`, `/`), and its password is `***`. Help lines that suggest a fixed URL are built
  with the userinfo removed.
- A value is masked because of its variable, not because of the file it came from: a Kubernetes
  Secret's value of a non-secret setting (an auth method) is shown like any other, a secret's is
  `***` wherever it comes from, and no message is scrubbed or rewritten.
- Control characters (and bidirectional overrides) from input files are escaped (`\\x1b`) in
  everything that reaches a terminal.
";
use std::fmt::Write as _;
use std::ops::Range;

use crate::input::source::Snippet;
use crate::model::secret::MASK;

/// How a line is tokenized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `KEY=value`, `export KEY=value`.
    Env,
    /// YAML, block and flow style (JSON is flow-style YAML).
    Yaml,
    /// TOML: `key = value`, `[table]`, inline tables and arrays.
    Toml,
    /// HCL (Terraform): as TOML, and `key: value` inside objects.
    Hcl,
}

/// The one value of a line that may be shown: its byte range in the line (quotes may be
/// included), the value as parsed, and the text to show for it (already redacted, for instance a
/// URL with its password masked).
#[derive(Debug, Clone)]
pub(crate) struct Keep<'a> {
    pub(crate) range: Range<usize>,
    pub(crate) value: &'a str,
    pub(crate) shown: Cow<'a, str>,
}

/// Escapes control characters (C0, DEL, C1) and bidirectional overrides, so that text from an
/// input file cannot move the cursor, set the title or reorder what the terminal shows.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if bad(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if bad(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a key may be shown: it reads as a name (letters, digits, `_ . - / <`), not as data.
fn name_like(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 100
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | '<' | '$'))
}

/// The output line and, for each token, where it started in the input and in the output.
struct Out {
    text: String,
    cols: usize,
    marks: Vec<(usize, usize)>,
    /// Where flow separators (`,`, `]`, `}`) are in the input: a caret stops at them.
    stops: Vec<usize>,
}

impl Out {
    fn mark(&mut self, at: usize) {
        self.marks.push((at, self.cols));
    }

    fn push(&mut self, at: usize, s: &str) {
        self.mark(at);
        let s = escape_controls(s);
        self.cols += s.chars().count();
        self.text.push_str(&s);
    }

    fn mask(&mut self, at: usize) {
        self.push(at, MASK);
    }
}

/// Lines longer than this (bytes) are not shown under a finding: a minified JSON or flow-style
/// file holds thousands of values on one line, and its snippet would copy and tokenize that
/// line once per value (quadratic time and memory).
pub(crate) const LONG_LINE: usize = 1024;

/// The snippet of a line too long to show: only the finding's own token, between ellipses.
/// `shown` is that token when it may be shown (a key, or the value of a known non-secret
/// variable); otherwise it is `***`.
pub(crate) fn elided(shown: Option<&str>) -> Snippet {
    let token = escape_controls(shown.unwrap_or(MASK));
    let width = token.chars().count().max(1);
    Snippet {
        text: format!("\u{2026} {token} \u{2026}").into(),
        column: 3,
        width: u32::try_from(width).unwrap_or(u32::MAX),
    }
}

/// Builds the snippet of `line`: every value masked but `keep` (when it is whole on the line),
/// the caret under `caret` (byte range in `line`). A line over [`LONG_LINE`] bytes is
/// [`elided`].
pub(crate) fn snippet(
    line: &str,
    syntax: Syntax,
    keep: Option<Keep<'_>>,
    caret: Range<usize>,
) -> Snippet {
    if line.len() > LONG_LINE {
        return elided(keep.as_ref().map(|k| &*k.shown));
    }
    let mut out = Out {
        text: String::with_capacity(line.len().min(256)),
        cols: 0,
        marks: Vec::new(),
        stops: Vec::new(),
    };
    match syntax {
        Syntax::Env => env_line(line, keep.as_ref(), &mut out),
        Syntax::Yaml | Syntax::Toml | Syntax::Hcl => {
            structured_line(line, syntax, keep.as_ref(), &mut out)
        }
    }
    out.mark(line.len());
    let col_at = |pos: usize, start: bool| -> usize {
        if start {
            out.marks
                .iter()
                .rev()
                .find(|(at, _)| *at <= pos)
                .map_or(0, |m| m.1)
        } else {
            out.marks
                .iter()
                .find(|(at, _)| *at >= pos)
                .map_or(out.cols, |m| m.1)
        }
    };
    // In a flow mapping or sequence the caret covers one entry, not the rest of the line.
    let caret_end = out
        .stops
        .iter()
        .copied()
        .find(|&s| s > caret.start)
        .map_or(caret.end, |s| caret.end.min(s));
    let start = col_at(caret.start.min(line.len()), true);
    let end = col_at(caret_end.min(line.len()), false).max(start + 1);
    Snippet {
        text: out.text.into(),
        column: u32::try_from(start + 1).unwrap_or(u32::MAX),
        width: u32::try_from(end - start).unwrap_or(u32::MAX),
    }
}

/// Copies leading blanks; returns where the rest starts.
fn blanks(line: &str, from: usize, out: &mut Out) -> usize {
    let rest = &line[from..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if n > 0 {
        out.push(from, &line[from..from + n]);
    }
    from + n
}

/// A value token at `range` whose content (without quotes) is `inner`: shown when it is the kept
/// value (the token starts where the kept value starts, and the line holds all of it), else
/// `***`, quotes kept as structure. A `NAME=value` item (Compose `environment:` lists) keeps
/// its name.
fn value_token(
    line: &str,
    range: Range<usize>,
    inner: Range<usize>,
    complete: bool,
    item: bool,
    keep: Option<&Keep<'_>>,
    out: &mut Out,
) {
    if inner.start > range.start {
        out.push(range.start, &line[range.start..inner.start]);
    }
    let mut inner = inner;
    let text = &line[inner.clone()];
    let upper_name = |n: &str| {
        is_env_name(n)
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    if let Some(eq) = text.find('=').filter(|&eq| item && upper_name(&text[..eq])) {
        out.push(inner.start, &text[..=eq]);
        inner.start += eq + 1;
    }
    let kept = keep.filter(|k| {
        complete
            && k.range.start >= range.start
            && k.range.start <= inner.start
            && !k.value.contains('\n')
            // A plain scalar is shown only when the line holds all of it (not folded over lines).
            && (inner.start > range.start && line[range.start..].starts_with(['"', '\''])
                || line.get(inner.clone()) == Some(k.value))
    });
    match kept {
        Some(k) => out.push(inner.start, &k.shown),
        None if inner.is_empty() => out.mark(inner.start),
        None => out.mask(inner.start),
    }
    if range.end > inner.end {
        out.push(inner.end, &line[inner.end..range.end]);
    }
}

/// A trailing comment: `#` shown, its text masked.
fn comment(line: &str, at: usize, out: &mut Out) {
    out.push(at, "#");
    if !line[at + 1..].trim().is_empty() {
        out.push(at + 1, " ");
        out.mask(at + 1);
    }
}

fn is_env_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn env_line(line: &str, keep: Option<&Keep<'_>>, out: &mut Out) {
    let mut i = blanks(line, 0, out);
    if i == line.len() {
        return;
    }
    if line[i..].starts_with('#') {
        return comment(line, i, out);
    }
    if let Some(rest) = line[i..].strip_prefix("export") {
        if rest.starts_with([' ', '\t']) {
            out.push(i, "export");
            i = blanks(line, i + 6, out);
        }
    }
    // A name is shown only when an `=` follows it: a line without one may be part of a secret.
    let name_end = line[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .map_or(line.len(), |n| i + n);
    let after = line[name_end..].trim_start_matches([' ', '\t']);
    if !is_env_name(&line[i..name_end]) || !after.starts_with('=') {
        return out.mask(i);
    }
    out.push(i, &line[i..name_end]);
    let eq = line.len() - after.len();
    if eq > name_end {
        out.push(name_end, &line[name_end..eq]);
    }
    out.push(eq, "=");
    let vstart = blanks(line, eq + 1, out);
    if vstart == line.len() {
        return;
    }
    let rest = &line[vstart..];
    // Quoted: the quotes are structure, a trailing comment is masked.
    if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = rest[1..].rfind(q).map(|c| vstart + 1 + c);
        match close {
            Some(close)
                if line[close + 1..].trim_start().is_empty()
                    || line[close + 1..].trim_start().starts_with('#') =>
            {
                value_token(
                    line,
                    vstart..close + 1,
                    vstart + 1..close,
                    true,
                    false,
                    keep,
                    out,
                );
                let j = blanks(line, close + 1, out);
                if j < line.len() {
                    comment(line, j, out);
                }
            }
            _ => {
                out.push(vstart, &q.to_string());
                out.mask(vstart + 1);
            }
        }
        return;
    }
    let end = rest
        .char_indices()
        .find(|&(n, c)| c == '#' && n > 0 && rest[..n].ends_with([' ', '\t']))
        .map_or(line.len(), |(n, _)| vstart + n);
    let vend = vstart + line[vstart..end].trim_end_matches([' ', '\t']).len();
    value_token(line, vstart..vend, vstart..vend, true, false, keep, out);
    if end > vend {
        out.push(vend, &line[vend..end]);
    }
    if end < line.len() {
        comment(line, end, out);
    }
}

/// The end of a quoted scalar starting at `at` (the quote), and whether it closes on the line.
fn quoted_end(line: &str, at: usize, syntax: Syntax) -> (usize, bool) {
    let b = line.as_bytes();
    let q = b[at];
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            c if c == q => {
                // YAML `''` inside single quotes is an escaped quote.
                if q == b'\'' && syntax == Syntax::Yaml && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return (i + 1, true);
            }
            _ => i += 1,
        }
    }
    (b.len(), false)
}

/// Whether, after blanks, a key separator follows at `at`.
fn separator_at(line: &str, at: usize, syntax: Syntax, depth: usize) -> Option<usize> {
    let rest = &line[at..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let pos = at + rest.len() - trimmed.len();
    match syntax {
        Syntax::Toml => trimmed.starts_with('=').then_some(pos),
        Syntax::Hcl => trimmed.starts_with(['=', ':']).then_some(pos),
        _ => {
            let next = trimmed.as_bytes().get(1).copied();
            let ok = trimmed.starts_with(':')
                && (next.is_none()
                    || matches!(next, Some(b' ' | b'\t'))
                    || (depth > 0 && matches!(next, Some(b',' | b']' | b'}'))));
            ok.then_some(pos)
        }
    }
}

fn structured_line(line: &str, syntax: Syntax, keep: Option<&Keep<'_>>, out: &mut Out) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut after_sep = false;
    // A TOML table header: `[a.b]`, `[[a]]`.
    let header = syntax == Syntax::Toml && line.trim_start().starts_with('[');
    while i < b.len() {
        let c = b[i];
        if c == b' ' || c == b'\t' {
            i = blanks(line, i, out);
            continue;
        }
        let prev_blank = i == 0 || matches!(b[i - 1], b' ' | b'\t');
        if c == b'#' && prev_blank {
            return comment(line, i, out);
        }
        match c {
            b'{' | b'[' => {
                depth += 1;
                after_sep = false;
                out.push(i, &line[i..i + 1]);
                i += 1;
                continue;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                after_sep = false;
                out.stops.push(i);
                out.push(i, &line[i..i + 1]);
                i += 1;
                continue;
            }
            b',' if depth > 0 => {
                after_sep = false;
                out.stops.push(i);
                out.push(i, ",");
                i += 1;
                continue;
            }
            b'=' if matches!(syntax, Syntax::Toml | Syntax::Hcl) => {
                after_sep = true;
                out.push(i, "=");
                i += 1;
                continue;
            }
            b':' if syntax == Syntax::Hcl
                || (syntax == Syntax::Yaml && separator_at(line, i, syntax, depth) == Some(i)) =>
            {
                after_sep = true;
                out.push(i, ":");
                i += 1;
                continue;
            }
            b'-' | b'?'
                if syntax == Syntax::Yaml
                    && depth == 0
                    && !after_sep
                    && matches!(b.get(i + 1), None | Some(b' ' | b'\t')) =>
            {
                out.push(i, &line[i..i + 1]);
                i += 1;
                continue;
            }
            b'&' | b'*' | b'!' if syntax == Syntax::Yaml => {
                let end = line[i..]
                    .find([' ', '\t', ',', '[', ']', '{', '}'])
                    .map_or(line.len(), |n| i + n);
                if name_like(&line[i + 1..end]) || line[i + 1..end].starts_with('!') {
                    out.push(i, &line[i..end]);
                } else {
                    out.push(i, &line[i..i + 1]);
                    out.mask(i + 1);
                }
                i = end;
                continue;
            }
            b'|' | b'>' if syntax == Syntax::Yaml && depth == 0 && after_sep => {
                let end = line[i + 1..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
                    .map_or(line.len(), |n| i + 1 + n);
                out.push(i, &line[i..end]);
                i = end;
                continue;
            }
            _ => {}
        }
        // A scalar: quoted or plain.
        let (end, inner, complete) = if c == b'"' || c == b'\'' {
            let (end, closed) = quoted_end(line, i, syntax);
            let inner_end = if closed { end - 1 } else { end };
            (end, i + 1..inner_end.max(i + 1), closed)
        } else {
            let end = plain_end(line, i, syntax, depth, after_sep);
            // Only ASCII blanks end a scalar: `trim_end` would also take U+0085 and friends.
            let trimmed = i + line[i..end].trim_end_matches([' ', '\t']).len();
            (trimmed, i..trimmed, true)
        };
        let is_key = !after_sep || header;
        let is_key = is_key && (header || separator_at(line, end, syntax, depth).is_some());
        if is_key {
            if complete && name_like(&line[inner.clone()]) {
                out.push(i, &line[i..end]);
            } else {
                if inner.start > i {
                    out.push(i, &line[i..inner.start]);
                }
                out.mask(inner.start);
                if end > inner.end {
                    out.push(inner.end, &line[inner.end..end]);
                }
            }
        } else {
            value_token(line, i..end, inner, complete, !after_sep, keep, out);
            after_sep = false;
        }
        // Always move on by at least one whole character.
        let step = line[i..].chars().next().map_or(1, char::len_utf8);
        i = end.max(i + step);
        if !complete {
            return;
        }
    }
}

/// Where a plain scalar starting at `at` ends.
fn plain_end(line: &str, at: usize, syntax: Syntax, depth: usize, after_sep: bool) -> usize {
    let b = line.as_bytes();
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        if c == b'#' && i > at && matches!(b[i - 1], b' ' | b'\t') {
            return i;
        }
        if depth > 0 && matches!(c, b',' | b']' | b'}') {
            return i;
        }
        match syntax {
            Syntax::Toml | Syntax::Hcl => {
                if !after_sep
                    && (c == b'='
                        || (syntax == Syntax::Hcl && c == b':')
                        || c == b' '
                        || c == b'\t'
                        || c == b']')
                {
                    return i;
                }
                if after_sep && depth == 0 && (c == b' ' || c == b'\t') {
                    // `key = value # c` is handled above; a blank inside a bare value ends it.
                    return i;
                }
            }
            _ => {
                if !after_sep && c == b':' && separator_at(line, i, syntax, depth) == Some(i) {
                    return i;
                }
            }
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(line: &str, syntax: Syntax) -> String {
        snippet(line, syntax, None, 0..1).text.into()
    }

    #[test]
    fn every_value_on_a_line_is_masked() {
        assert_eq!(
            masked(
                "    oidc: {clientId: abc, issuer: \"https://example.okta.com\", secret: S}",
                Syntax::Yaml
            ),
            "    oidc: {clientId: ***, issuer: \"***\", secret: ***}"
        );
        assert_eq!(
            masked(
                "oidc = {issuer = \"x\", client_secret = 'S', n = 3}",
                Syntax::Toml
            ),
            "oidc = {issuer = \"***\", client_secret = '***', n = ***}"
        );
        assert_eq!(
            masked(
                r#"{"oidc": {"client_secret": "S", "a": [1, "b"]}}"#,
                Syntax::Yaml
            ),
            r#"{"oidc": {"client_secret": "***", "a": [***, "***"]}}"#
        );
        assert_eq!(
            masked(
                "    environment: [GORILLA_OIDC_SECRET=S, LOCAL_RESTORE=yes]",
                Syntax::Yaml
            ),
            "    environment: [GORILLA_OIDC_SECRET=***, LOCAL_RESTORE=***]"
        );
        assert_eq!(
            masked("  - name: x # secret", Syntax::Yaml),
            "  - name: *** # ***"
        );
        assert_eq!(masked("[oidc.provider]", Syntax::Toml), "[oidc.provider]");
        assert_eq!(
            masked(
                r#"  env = { "license": "l", A = "b", c = true }"#,
                Syntax::Hcl
            ),
            r#"  env = { "license": "***", A = "***", c = *** }"#
        );
        assert_eq!(masked("  key: |", Syntax::Yaml), "  key: |");
        assert_eq!(masked("  key: \"open S", Syntax::Yaml), "  key: \"***");
        assert_eq!(masked("  <<: *base", Syntax::Yaml), "  <<: *base");
        assert_eq!(masked("  S3CR3T VALUE", Syntax::Yaml), "  ***");
    }

    #[test]
    fn unicode_blanks_and_controls_never_split_a_character() {
        for syntax in [Syntax::Env, Syntax::Yaml, Syntax::Toml, Syntax::Hcl] {
            for line in [
                "\u{85}",
                "a = \u{85}x",
                "k: \u{2003}v\u{85}",
                "\u{a0}=\u{85}",
            ] {
                let s = snippet(line, syntax, None, 0..line.len());
                assert!(
                    !s.text.chars().any(char::is_control),
                    "{line:?}: {:?}",
                    s.text
                );
            }
        }
    }

    #[test]
    fn env_lines() {
        assert_eq!(masked("A=1 # c", Syntax::Env), "A=*** # ***");
        assert_eq!(
            masked("export B = \"x y\"", Syntax::Env),
            "export B = \"***\""
        );
        assert_eq!(
            masked("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj", Syntax::Env),
            "***"
        );
        assert_eq!(masked("OIDC_CLIENT_SECRET;S", Syntax::Env), "***");
        assert_eq!(masked("LICENSE=\"eyJhbGciOi", Syntax::Env), "LICENSE=\"***");
        assert_eq!(masked("E=", Syntax::Env), "E=");
    }

    #[test]
    fn the_kept_value_is_shown_with_the_caret_under_it() {
        let line = "    oidc: {authMethod: pkce, secret: S}";
        let at = line.find("pkce").unwrap_or(0);
        let s = snippet(
            line,
            Syntax::Yaml,
            Some(Keep {
                range: at..at + 4,
                value: "pkce",
                shown: "pkce".into(),
            }),
            at..at + 4,
        );
        assert_eq!(&*s.text, "    oidc: {authMethod: pkce, secret: ***}");
        assert_eq!((s.column as usize, s.width), (at + 1, 4));
        // A plain scalar folded over lines is not whole on its line: masked.
        let line = "    MYSQL: mysql://wandb:first";
        let s = snippet(
            line,
            Syntax::Yaml,
            Some(Keep {
                range: 11..line.len(),
                value: "mysql://wandb:first half@db",
                shown: "x".into(),
            }),
            11..line.len(),
        );
        assert_eq!(&*s.text, "    MYSQL: ***");
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(escape_controls("a\x1b]0;x\x07b"), "a\\x1b]0;x\\x07b");
        assert_eq!(escape_controls("\u{202e}x"), "\\u{202e}x");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_line_is_elided_to_the_findings_own_token() {
        let line = format!(
            "{{\"A\": \"S3CRET\", \"x\": \"{}\"}}",
            "y".repeat(LONG_LINE)
        );
        let s = snippet(&line, Syntax::Yaml, None, 2..5);
        assert_eq!(
            (&*s.text, s.column, s.width),
            ("\u{2026} *** \u{2026}", 3, 3)
        );
        let keep = Keep {
            range: 7..7,
            value: "S3CRET",
            shown: "pkce".into(),
        };
        let s = snippet(&line, Syntax::Yaml, Some(keep), 7..15);
        assert_eq!((&*s.text, s.width), ("\u{2026} pkce \u{2026}", 4));
        assert_eq!(
            &*elided(Some("a\u{1b}[2J")).text,
            "\u{2026} a\\x1b[2J \u{2026}"
        );
        // A line at the limit is still shown whole.
        let at_limit = format!("A: {}", "b".repeat(LONG_LINE - 3));
        assert_eq!(snippet(&at_limit, Syntax::Yaml, None, 0..1).text.len(), 6);
    }
}
