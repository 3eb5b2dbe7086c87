//! Where the lines of a text start, in 4 bytes a line, and the 1-based line and character
//! column of a byte offset without rescanning its line. Shared by the readers that show source
//! lines (env files, YAML and JSON files) and the TOML reader's positions.

/// Characters are counted from a checkpoint every this many bytes.
const BLOCK: usize = 1024;

/// The line index of a text (bytes; UTF-8 for [`Lines::position`]).
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    text: &'a [u8],
    /// Where each line starts; line 1 at index 0. A text over 4 GiB is indexed up to there.
    starts: Vec<u32>,
    /// For each block of [`BLOCK`] bytes, how many characters start before it.
    chars_before: Vec<u32>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl<'a> Lines<'a> {
    /// Indexes `text`: one pass to count the lines, one to record them (no spare capacity).
    pub(crate) fn new(text: &'a [u8]) -> Self {
        let text = &text[..text.len().min(u32::MAX as usize)];
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
            text,
            starts,
            chars_before,
        }
    }

    /// Line `n` (1-based) without its ending: `\n`, or `\r\n` (a lone `\r` at the very end is
    /// kept, as [`str::lines`] keeps it).
    pub(crate) fn line(&self, n: usize) -> Option<&'a [u8]> {
        self.text.get(self.range(n)?)
    }

    /// The byte range of line `n` (1-based) in the text, without its ending, as
    /// [`Lines::line`] gives it.
    pub(crate) fn range(&self, n: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(n.checked_sub(1)?)? as usize;
        let mut end = self
            .starts
            .get(n)
            .map_or(self.text.len(), |&next| next as usize);
        if self.text.get(end.checked_sub(1)?) == Some(&b'\n') {
            end -= 1;
            if end > start && self.text.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        Some(start..end)
    }

    /// Characters that start before byte `offset`.
    fn chars_to(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let block = offset / BLOCK;
        let before = self.chars_before.get(block).map_or(0, |&c| c as usize);
        before
            + self.text[block * BLOCK..offset]
                .iter()
                .filter(|&&b| starts_char(b))
                .count()
    }

    /// The 1-based line and character column of byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = self.starts.get(line - 1).map_or(0, |&s| s as usize);
        (line, self.chars_to(offset) - self.chars_to(start) + 1)
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
            let ours: Vec<&[u8]> = (1..).map_while(|n| lines.line(n)).collect();
            let std: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
            assert_eq!(ours, std, "{text:?}");
            assert_eq!(lines.starts.len(), std.len());
            assert_eq!(lines.line(0), None);
        }
    }

    #[test]
    fn positions_count_characters_across_checkpoints() {
        let text = format!("ab\n{}é{}x\nlast", "ü".repeat(BLOCK), "y".repeat(BLOCK * 2));
        let lines = Lines::new(text.as_bytes());
        for (offset, _) in text.char_indices() {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            assert_eq!(lines.position(offset), (line, column), "at {offset}");
        }
        assert_eq!(lines.position(text.len()), (3, 5));
    }
}
