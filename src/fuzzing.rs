//! Entry points for the fuzz targets in `fuzz/` (not part of the supported API): each runs one
//! reader or the redaction on arbitrary input and returns every text the tool would print.

use crate::report::redact::{self, Syntax};

/// The env-file parser: every finding and every entry's snippet, as printed.
pub fn env_file(bytes: &[u8]) -> Vec<String> {
    let parsed = crate::input::env_file::parse(
        bytes,
        std::path::Path::new("fuzz.env"),
        crate::SourceKind::EnvFile,
    );
    let mut out: Vec<String> = parsed
        .problems
        .iter()
        .map(|d| format!("{d} {d:?}"))
        .collect();
    out.extend(
        parsed
            .entries
            .iter()
            .filter_map(|e| e.source.snippet().map(|s| s.text.to_string())),
    );
    out
}

/// The snippet of one line with every value masked (`syntax`: 0 env, 1 YAML, 2 TOML, 3 HCL).
pub fn snippet(line: &str, syntax: u8) -> String {
    let syntax = match syntax % 4 {
        0 => Syntax::Env,
        1 => Syntax::Yaml,
        2 => Syntax::Toml,
        _ => Syntax::Hcl,
    };
    redact::snippet(line, syntax, None, 0..line.len())
        .text
        .into()
}

/// The URL userinfo masking.
pub fn redact_url(text: &str) -> String {
    crate::model::url_text::redact_url(text)
}

/// Control-character escaping.
pub fn escape_controls(text: &str) -> String {
    redact::escape_controls(text).into_owned()
}
