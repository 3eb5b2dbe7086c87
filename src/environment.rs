//! The environment the server would see: variables with their raw values and provenance, merged
//! from every source with later sources winning.

use std::collections::BTreeMap;

use crate::model;
use crate::secret::{MASK, redact_url};
use crate::source::{Snippet, Source};
use crate::spec::Kind;

/// The raw value of one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawValue {
    /// Text.
    Text(String),
    /// Bytes that are not UTF-8 (never shown).
    NonUtf8,
    /// Present but its value is not known here (a Kubernetes `valueFrom`, a `NAME_FILE` inside
    /// a container): presence rules run, value rules are skipped.
    Unknown,
}

/// One variable as found in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The variable as spelled in the input.
    pub(crate) name: String,
    pub(crate) value: RawValue,
    pub(crate) source: Source,
}

impl Entry {
    pub(crate) fn text(name: impl Into<String>, value: impl Into<String>, source: Source) -> Self {
        Entry {
            name: name.into(),
            value: RawValue::Text(value.into()),
            source,
        }
    }
}

/// The merged environment: one entry per variable name, later sources winning.
#[derive(Debug, Clone, Default)]
pub(crate) struct Environment {
    pub(crate) entries: BTreeMap<String, Entry>,
}

impl Environment {
    /// Adds an entry, replacing any earlier one of the same name.
    pub(crate) fn insert(&mut self, entry: Entry) {
        self.entries.insert(entry.name.clone(), entry);
    }

    /// The entry of a variable.
    pub(crate) fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }
}

/// Whether a variable name is sensitive: a declared secret (or its `NAME_FILE`), or an unknown
/// name that reads like one.
pub(crate) fn is_sensitive_name(name: &str) -> bool {
    let base = name.strip_suffix("_FILE").unwrap_or(name);
    if let Some((spec, _)) = model::lookup(base) {
        return spec.secret && base == name;
    }
    if model::lookup(name).is_some() {
        return false;
    }
    // A misspelt secret (`OIDC_CLIENT_SECRT`) is still a secret.
    if crate::resolve::did_you_mean(base)
        .and_then(model::lookup)
        .is_some_and(|(spec, _)| spec.secret)
    {
        return true;
    }
    let upper = name.to_ascii_uppercase();
    [
        "SECR",
        "PASSWORD",
        "PASSWD",
        "_PW",
        "TOKEN",
        "LICENSE",
        "PRIVATE",
        "CREDENTIAL",
        "API_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|w| upper.contains(w))
}

/// The value of a variable as it may be shown: secrets `***`, URL passwords masked.
pub(crate) fn display_value(name: &str, value: &str) -> String {
    if is_sensitive_name(name) {
        return MASK.to_owned();
    }
    match model::lookup(name).map(|(spec, _)| spec.kind) {
        Some(
            Kind::Text
            | Kind::Bool
            | Kind::AuthMethod
            | Kind::SessionLength
            | Kind::RetentionPeriod,
        ) => value.to_owned(),
        _ => redact_url(value),
    }
}

/// A snippet of a source line whose value (at `value_start..value_end`, byte offsets in `line`)
/// is redacted when the variable is sensitive. The caret covers `caret_start..caret_end`.
pub(crate) fn snippet(
    name: &str,
    line: &str,
    value_range: std::ops::Range<usize>,
    caret_range: std::ops::Range<usize>,
) -> Snippet {
    let value = line.get(value_range.clone()).unwrap_or("");
    let shown = display_value(name, value);
    let (text, caret_end) = if shown == value {
        (line.to_owned(), caret_range.end)
    } else {
        let mut t = String::with_capacity(line.len());
        t.push_str(line.get(..value_range.start).unwrap_or(""));
        t.push_str(&shown);
        t.push_str(line.get(value_range.end..).unwrap_or(""));
        let end = if caret_range.end >= value_range.end {
            caret_range.end + shown.len() - value.len()
        } else {
            caret_range.end
        };
        (t, end)
    };
    let column = text
        .get(..caret_range.start)
        .map_or(0, |s| s.chars().count())
        + 1;
    let width = text
        .get(caret_range.start..caret_end.min(text.len()))
        .map_or(1, |s| s.chars().count().max(1));
    Snippet {
        text,
        column,
        width,
    }
}
