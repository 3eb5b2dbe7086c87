//! Config files in the nested form (TOML, YAML or JSON), read as one unit.

use std::path::Path;

use crate::lint::{Output, Unit};

/// Reads a config file as one unit.
pub(super) fn read(path: &Path, text: &str) -> Output {
    let parsed = crate::input::config_file::parse(text, path);
    Output {
        units: vec![Unit {
            label: None,
            entries: parsed.entries,
            hidden: Vec::new(),
            ..Unit::default()
        }],
        findings: parsed.problems,
        allows: Vec::new(),
    }
}
