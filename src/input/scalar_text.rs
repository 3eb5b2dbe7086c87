//! The text of a scalar in a positioned tree: short text (most keys and values) is kept inline,
//! longer text boxed to its length. A tree holds one per scalar, so a file of many small values
//! costs no allocation per value.

use std::fmt;
use std::ops::Deref;

/// How many bytes are kept inline.
const INLINE: usize = 22;

/// A scalar's text; dereferences to `str`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum ScalarText {
    /// Up to [`INLINE`] bytes: the length and the bytes.
    Inline(u8, [u8; INLINE]),
    /// Longer text.
    Boxed(Box<str>),
}

impl Deref for ScalarText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // Built only from a `str` cut at its end, so always UTF-8.
            ScalarText::Inline(len, bytes) => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            ScalarText::Boxed(text) => text,
        }
    }
}

impl From<&str> for ScalarText {
    fn from(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                ScalarText::Inline(len, bytes)
            }
            _ => ScalarText::Boxed(text.into()),
        }
    }
}

impl From<String> for ScalarText {
    fn from(text: String) -> Self {
        if text.len() <= INLINE {
            text.as_str().into()
        } else {
            ScalarText::Boxed(text.into_boxed_str())
        }
    }
}

impl fmt::Display for ScalarText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for ScalarText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_text_as_given_and_short_text_inline() {
        assert!(std::mem::size_of::<ScalarText>() <= 24);
        let long = "x".repeat(INLINE + 1);
        let edge = "é".repeat(INLINE / 2);
        for text in [
            "",
            "1",
            "pkce",
            edge.as_str(),
            long.as_str(),
            "日本語のテキスト",
        ] {
            let a = ScalarText::from(text);
            let b = ScalarText::from(text.to_owned());
            assert_eq!(&*a, text);
            assert_eq!(a, b);
            assert_eq!(matches!(a, ScalarText::Inline(..)), text.len() <= INLINE);
            assert_eq!(format!("{a:?}"), format!("{text:?}"));
        }
    }
}
