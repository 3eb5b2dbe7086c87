//! The redaction functions: a line with the canary as a value, between arbitrary text, is
//! masked in all three syntaxes; a URL with the canary in its password is masked; escaping
//! leaves no control character.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use common::{CANARY, assert_hidden, holds_canary};

fuzz_target!(|data: &[u8]| {
    if holds_canary(data) || data.is_empty() {
        return;
    }
    let syntax = data[0];
    let text = String::from_utf8_lossy(&data[1..]);
    let (before, after) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i));
    // No newline: a snippet is one line.
    let before = before.replace(['\n', '\r'], " ");
    let after = after.replace(['\n', '\r'], " ");
    let mut out = Vec::new();
    for line in [
        format!("{before}{CANARY}{after}"),
        format!("{before}KEY={CANARY}{after}"),
        format!("{before}key: {CANARY}{after}"),
    ] {
        out.push(iamconf::fuzzing::snippet(&line, syntax));
    }
    out.push(iamconf::fuzzing::redact_url(&format!("{before}u:{CANARY}@{after}")));
    out.push(iamconf::fuzzing::redact_url(&format!("{before}//{CANARY}@{after}")));
    assert_hidden(&out, "redaction");
    let escaped = iamconf::fuzzing::escape_controls(&text);
    assert!(!escaped.chars().any(char::is_control), "{escaped:?}");
});
