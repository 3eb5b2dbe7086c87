//! A JSON reader that builds the same positioned tree as [`crate::input::yaml`], in one pass
//! and memory proportional to the text.
//!
//! JSON is YAML, but yaml-rust2's scanner never lets a possible key go stale inside a flow
//! collection: it queues every token of a `{...}` or `[...]` nested in another one until the
//! outer one closes, about 80 bytes a token. A JSON document is one flow collection, so a 1 MiB
//! file took 95 MB and an 8 MiB one a gigabyte. Text that is JSON is read here instead.

use crate::input::tree::{MAX_DEPTH, Node, NodeKind, YamlError};

/// Parses `src` (without a byte-order mark) as one JSON value: its one document.
#[cfg(test)]
fn parse(src: &str) -> Result<Vec<Node>, YamlError> {
    read(src).map_err(|(e, _)| e)
}

/// Like `parse`, with the byte offset of an error.
pub(crate) fn read(src: &str) -> Result<Vec<Node>, (YamlError, usize)> {
    let mut reader = Reader {
        src: src.as_bytes(),
        text: src,
        pos: 0,
        line: 1,
        column: 1,
    };
    reader.document().map_err(|e| (e, reader.pos))
}

impl Reader<'_> {
    fn document(&mut self) -> Result<Vec<Node>, YamlError> {
        self.skip_space();
        let doc = self.value(0)?;
        self.skip_space();
        if self.pos < self.src.len() {
            return Err(self.error("unexpected text after the JSON value"));
        }
        Ok(vec![doc])
    }
}

/// The position-keeping cursor.
struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    /// 1-based line of `pos`.
    line: usize,
    /// 1-based character column of `pos`.
    column: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &str) -> YamlError {
        YamlError {
            line: self.line,
            column: self.column,
            message: message.to_owned(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// Moves past one byte, keeping the line and the character column.
    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            // A byte that starts a character (UTF-8 continuation bytes are 10xxxxxx).
            self.column += 1;
        }
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn node(&self, kind: NodeKind, at: (usize, usize)) -> Node {
        Node::new(kind, at.0, at.1)
    }

    fn value(&mut self, depth: usize) -> Result<Node, YamlError> {
        let at = (self.line, self.column);
        match self.peek() {
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                Err(self.error(&format!("nested more than {MAX_DEPTH} levels deep")))
            }
            Some(b'{') => self.object(depth, at),
            Some(b'[') => self.array(depth, at),
            Some(b'"') => {
                let text = self.string()?;
                Ok(self.node(
                    NodeKind::Scalar {
                        text: text.into(),
                        quoted: true,
                    },
                    at,
                ))
            }
            Some(b'-' | b'0'..=b'9') => {
                let text = self.number()?;
                Ok(self.node(
                    NodeKind::Scalar {
                        text: text.into(),
                        quoted: false,
                    },
                    at,
                ))
            }
            Some(b't') => self.word("true", at),
            Some(b'f') => self.word("false", at),
            Some(b'n') => {
                self.literal("null")?;
                Ok(self.node(NodeKind::Null, at))
            }
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the JSON text ends where a value was expected")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), YamlError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(())
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn word(&mut self, word: &str, at: (usize, usize)) -> Result<Node, YamlError> {
        self.literal(word)?;
        Ok(self.node(
            NodeKind::Scalar {
                text: word.into(),
                quoted: false,
            },
            at,
        ))
    }

    fn object(&mut self, depth: usize, at: (usize, usize)) -> Result<Node, YamlError> {
        self.bump();
        let mut entries = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(self.node(NodeKind::Map(entries), at));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a quoted key"));
            }
            let key = self.value(depth + 1)?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.bump();
            self.skip_space();
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    entries.shrink_to_fit();
                    return Ok(self.node(NodeKind::Map(entries), at));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize, at: (usize, usize)) -> Result<Node, YamlError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(self.node(NodeKind::Seq(items), at));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    items.shrink_to_fit();
                    return Ok(self.node(NodeKind::Seq(items), at));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// A number, kept as written.
    fn number(&mut self) -> Result<&'a str, YamlError> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.bump();
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.bump();
        }
        if self.peek() == Some(b'0') {
            self.bump();
        } else if !digits(self) {
            return Err(self.error("expected digits"));
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !digits(self) {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !digits(self) {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let text: &'a str = self.text;
        Ok(&text[start..self.pos])
    }

    /// A string, its escapes resolved; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, YamlError> {
        self.bump();
        let mut out = String::new();
        loop {
            // The run up to the next quote, backslash or control character is copied as is.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(&self.text[start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.error("a control character in a string")),
                None => return Err(self.error("the JSON text ends inside a string")),
            }
        }
    }

    /// The character of an escape; the cursor is past the backslash.
    fn escape(&mut self) -> Result<char, YamlError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                let high = self.hex4()?;
                if !(0xD800..0xDC00).contains(&high) {
                    return char::from_u32(high).ok_or_else(|| self.error("a lone surrogate"));
                }
                if !self.src[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("a lone surrogate"));
                }
                self.bump();
                self.bump();
                let low = self.hex4()?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Err(self.error("a lone surrogate"));
                }
                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(c).ok_or_else(|| self.error("an invalid escape"));
            }
            _ => return Err(self.error("an invalid escape")),
        };
        self.bump();
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, YamlError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
            n = n * 16 + d;
            self.bump();
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_pairs_make_one_character() {
        let docs = parse(r#"["\ud83d\ude00 x"]"#).unwrap_or_default();
        let item = docs.first().and_then(Node::as_seq).and_then(|s| s.first());
        assert_eq!(item.and_then(Node::as_str), Some("\u{1F600} x"));
    }

    #[test]
    fn errors_have_positions_and_nesting_is_capped() {
        for (text, line, column) in [
            ("{\"a\": 1,\n \"b\" 2}", 2, 6),
            ("[1, 2", 1, 6),
            ("{\"a\": \"x\ny\"}", 1, 9),
            ("{\"a\": \"\\ud800\"}", 1, 14),
            ("{\"a\": 01}", 1, 8),
            ("[1] x", 1, 5),
        ] {
            let e = parse(text).err();
            assert_eq!(
                e.map(|e| (e.line, e.column)),
                Some((line, column)),
                "{text}"
            );
        }
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err_and(|e| e.message.contains("nested")));
        assert!(parse(&"[".repeat(MAX_DEPTH)).is_err_and(|e| e.message.contains("ends")));
    }
}
