//! Where the lines of a text start, in 4 bytes a line, and the 1-based line and character
//! column of a byte offset (and back) without rescanning its line. Shared by the readers that
//! show source lines (env files, YAML and JSON files, Terraform) and the TOML reader.

/// Characters are counted from a checkpoint every this many bytes.
const BLOCK: usize = 1024;

/// The line index of a text (bytes; UTF-8 for positions). It holds no reference to the text:
/// every method is given the text it was built from.
#[derive(Debug)]
pub(crate) struct Lines {
    /// Where each line starts; line 1 at index 0. A text over 4 GiB is indexed up to there.
    starts: Vec<u32>,
    /// For each block of [`BLOCK`] bytes, how many characters start before it.
    chars_before: Vec<u32>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The part of a text an index covers.
fn indexed(text: &[u8]) -> &[u8] {
    &text[..text.len().min(u32::MAX as usize)]
}

impl Lines {
    /// Indexes `text`: one pass to count the lines, one to record them (no spare capacity).
    pub(crate) fn new(text: &[u8]) -> Self {
        let text = indexed(text);
        let newlines = text.iter().filter(|&&b| b == b'\n').count();
        let mut starts = Vec::with_capacity(newlines + 1);
        if !text.is_empty() {
            starts.push(0);
        }
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' && i + 1 < text.len())
                .map(|(i, _)| (i + 1) as u32),
        );
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0u32;
        for block in text.chunks(BLOCK) {
            chars_before.push(count);
            count += block.iter().filter(|&&b| starts_char(b)).count() as u32;
        }
        Lines {
            starts,
            chars_before,
        }
    }

    /// Line `n` (1-based) of `text` without its ending: `\n`, or `\r\n` (a lone `\r` at the
    /// very end is kept, as [`str::lines`] keeps it).
    pub(crate) fn line<'t>(&self, text: &'t [u8], n: usize) -> Option<&'t [u8]> {
        text.get(self.range(text, n)?)
    }

    /// The byte range of line `n` (1-based) in `text`, without its ending, as [`Lines::line`]
    /// gives it.
    pub(crate) fn range(&self, text: &[u8], n: usize) -> Option<std::ops::Range<usize>> {
        let text = indexed(text);
        let start = *self.starts.get(n.checked_sub(1)?)? as usize;
        let mut end = self.starts.get(n).map_or(text.len(), |&next| next as usize);
        if text.get(end.checked_sub(1)?) == Some(&b'\n') {
            end -= 1;
            if end > start && text.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        Some(start..end)
    }

    /// Characters that start before byte `offset`.
    fn chars_to(&self, text: &[u8], offset: usize) -> usize {
        let text = indexed(text);
        let offset = offset.min(text.len());
        let block = offset / BLOCK;
        let before = self.chars_before.get(block).map_or(0, |&c| c as usize);
        before
            + text[block * BLOCK..offset]
                .iter()
                .filter(|&&b| starts_char(b))
                .count()
    }

    /// The 1-based line and character column of byte `offset`.
    pub(crate) fn position(&self, text: &[u8], offset: usize) -> (usize, usize) {
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = self.starts.get(line - 1).map_or(0, |&s| s as usize);
        (
            line,
            self.chars_to(text, offset) - self.chars_to(text, start) + 1,
        )
    }

    /// The byte offset of the 1-based character `column` of line `n` (the line's end when the
    /// line is shorter), without counting from the line's start.
    #[cfg_attr(
        not(feature = "lint"),
        allow(dead_code, reason = "Terraform's JSON places are lint's")
    )]
    pub(crate) fn byte_at(&self, text: &[u8], n: usize, column: usize) -> Option<usize> {
        let range = self.range(text, n)?;
        let target = self.chars_to(text, range.start) + column.saturating_sub(1);
        // The last checkpoint at or before the target character, inside the line.
        let block = self
            .chars_before
            .partition_point(|&c| c as usize <= target)
            .saturating_sub(1);
        let mut at = (block * BLOCK).max(range.start);
        let mut count = self.chars_to(text, at);
        while at < range.end {
            if starts_char(text[at]) {
                if count == target {
                    return Some(at);
                }
                count += 1;
            }
            at += 1;
        }
        Some(range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_the_lines_str_lines_gives() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\nx\n",
            "a\rb\n",
            "tail\r",
            "é: ü\nß\n",
        ] {
            let lines = Lines::new(text.as_bytes());
            let ours: Vec<&[u8]> = (1..)
                .map_while(|n| lines.line(text.as_bytes(), n))
                .collect();
            let std: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
            assert_eq!(ours, std, "{text:?}");
            assert_eq!(lines.starts.len(), std.len());
            assert_eq!(lines.line(text.as_bytes(), 0), None);
        }
    }

    #[test]
    fn positions_count_characters_across_checkpoints() {
        let text = format!("ab\n{}é{}x\nlast", "ü".repeat(BLOCK), "y".repeat(BLOCK * 2));
        let (lines, bytes) = (Lines::new(text.as_bytes()), text.as_bytes());
        for (offset, _) in text.char_indices() {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            assert_eq!(lines.position(bytes, offset), (line, column), "at {offset}");
            assert_eq!(
                lines.byte_at(bytes, line, column),
                Some(offset),
                "at {offset}"
            );
        }
        assert_eq!(lines.position(bytes, text.len()), (3, 5));
        assert_eq!(lines.byte_at(bytes, 3, 99), Some(text.len()));
        assert_eq!(lines.byte_at(bytes, 1, 3), Some(2));
        assert_eq!(lines.byte_at(bytes, 4, 1), None);
    }
}
