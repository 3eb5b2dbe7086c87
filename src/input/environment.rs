//! The environment the server would see: variables with their raw values and provenance, merged
//! from every source with later sources winning.

use crate::input::source::{Snippet, Source};
use crate::model::declaration;
use crate::model::secret::{MASK, redact_url};
use crate::model::spec::Kind;
use crate::resolve::index::NameSlot;

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

/// The merged environment: every entry of every source, in the order added. A later entry of a
/// name wins over an earlier one; [`crate::resolve::resolve`] applies that as it reads the entries
/// in order, so adding an environment costs no sort and no search.
#[derive(Debug, Clone, Default)]
pub(crate) struct Environment {
    entries: Vec<Entry>,
    /// For each entry, its name looked up in the resolver's index when the loader already did
    /// that (process-environment entries, whose `Source` shares the index's copy of the name);
    /// `None` when the resolver has to look it up itself.
    looked_up: Vec<Option<Option<NameSlot>>>,
}

impl Environment {
    /// Adds an entry; it wins over any earlier one of the same name.
    pub(crate) fn insert(&mut self, entry: Entry) {
        self.entries.push(entry);
        self.looked_up.push(None);
    }

    /// Adds an entry whose name the caller already looked up with
    /// [`crate::resolve::index::lookup`] (`slot` is what it found), so the resolver need not.
    pub(crate) fn push_looked_up(&mut self, entry: Entry, slot: Option<NameSlot>) {
        self.entries.push(entry);
        self.looked_up.push(Some(slot));
    }

    /// Adds many entries at once (a whole environment), later ones winning.
    #[cfg(test)]
    pub(crate) fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) {
        self.entries.extend(entries);
        self.looked_up.resize(self.entries.len(), None);
    }

    /// Makes room for `additional` more entries.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
        self.looked_up.reserve(additional);
    }

    /// Every entry in the order added, with its name's slot when already looked up (see
    /// [`Environment::push_looked_up`]).
    pub(crate) fn iter_looked_up(
        &self,
    ) -> impl Iterator<Item = (&Entry, Option<Option<NameSlot>>)> {
        self.entries.iter().zip(self.looked_up.iter().copied())
    }

    /// The entry that wins for a name: the last one added.
    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().rfind(|e| e.name == name)
    }
}

/// Whether a variable name is sensitive: a declared secret (or its `NAME_FILE`), or an unknown
/// name that reads like one.
///
/// Remembered per thread: every line of every file `lint` reads asks, for a few dozen distinct
/// names, and the answer depends on the name alone.
pub(crate) fn is_sensitive_name(name: &str) -> bool {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<Box<str>, bool>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    SEEN.with(|seen| {
        if let Some(answer) = seen.borrow().get(name) {
            return *answer;
        }
        let answer = sensitive_by_name(name);
        let mut seen = seen.borrow_mut();
        // Bounded: a tree of generated names must not grow it without end.
        if seen.len() >= 4096 {
            seen.clear();
        }
        seen.insert(name.into(), answer);
        answer
    })
}

/// [`is_sensitive_name`] without the memory.
fn sensitive_by_name(name: &str) -> bool {
    let base = name.strip_suffix("_FILE").unwrap_or(name);
    if let Some((spec, _)) = declaration::lookup(base) {
        return spec.secret && base == name;
    }
    if declaration::lookup(name).is_some() {
        return false;
    }
    // A misspelt secret (`OIDC_CLIENT_SECRT`) is still a secret.
    if crate::model::suggest::did_you_mean(base)
        .and_then(declaration::lookup)
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
    match declaration::lookup(name).map(|(spec, _)| spec.kind) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn e(name: &str, value: &str) -> Entry {
        Entry::text(name, value, Source::env(name))
    }

    #[test]
    fn later_entries_win_whether_inserted_or_extended() {
        let mut env = Environment::default();
        env.insert(e("B", "file"));
        env.insert(e("A", "file"));
        env.extend([e("C", "1"), e("B", "env"), e("C", "2")]);
        let text = |s: &str| RawValue::Text(s.to_owned());
        let winner = |env: &Environment, name: &str| env.get(name).map(|e| e.value.clone());
        assert_eq!(winner(&env, "A"), Some(text("file")));
        assert_eq!(winner(&env, "B"), Some(text("env")));
        assert_eq!(winner(&env, "C"), Some(text("2")));
        env.insert(e("A", "last"));
        assert_eq!(winner(&env, "A"), Some(text("last")));
        assert_eq!(winner(&env, "D"), None);
    }
}
