//! `.env` files: every `KEY=value` line, with `duplicate-variable` for names set twice.

use std::path::Path;

use crate::input::source::SourceKind;
use crate::lint::{Output, Unit, duplicates};

/// Reads a `KEY=value` file as one unit.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Output {
    let parsed = crate::input::env_file::parse(bytes, path, SourceKind::EnvFile);
    let mut out = Output {
        findings: parsed.problems,
        ..Output::default()
    };
    duplicates(&parsed.entries, "this file", &mut out.findings);
    out.allows = parsed
        .allows
        .into_iter()
        .map(|(line, codes)| (path.to_path_buf(), line, codes))
        .collect();
    out.units.push(Unit {
        label: None,
        entries: parsed.entries,
        hidden: Vec::new(),
        ..Unit::default()
    });
    out
}
