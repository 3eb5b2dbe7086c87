//! The environment the server would see: variables with their raw values and provenance, merged
//! from every source with later sources winning.

use crate::input::source::{Snippet, Source};
use crate::model::declaration;
use crate::model::secret::redact_url;
use crate::report::redact::{Keep, Syntax};
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

    /// A whole list of entries, in order, none looked up yet (a reader's output, moved in).
    #[cfg(feature = "lint")]
    pub(crate) fn from_entries(entries: Vec<Entry>) -> Self {
        let looked_up = vec![None; entries.len()];
        Environment { entries, looked_up }
    }

    /// The entries, in the order added, given back.
    #[cfg(feature = "lint")]
    pub(crate) fn into_entries(self) -> Vec<Entry> {
        self.entries
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
    reads_as_secret(name)
}

/// Whether a name that is not declared reads like a secret's: it holds `SECR`, `PASSW`, `TOKEN`,
/// `PRIVATE`, `CREDENTIAL`, `LICEN` or `APIKEY`, or one of its words (split at `_`, `-`, `.` and
/// camelCase) is `PASS`, `PWD`, `PW`, `KEY`, `KEYS`, `SIGNING`, `AUTH`, `CERT`, `SALT` or `DSN`.
pub(crate) fn reads_as_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if [
        "SECR",
        "PASSW",
        "TOKEN",
        "PRIVATE",
        "CREDENTIAL",
        "LICEN",
        "APIKEY",
    ]
    .iter()
    .any(|w| upper.contains(w))
    {
        return true;
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_uppercase());
    }
    words.push(word);
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "PASS" | "PWD" | "PW" | "KEY" | "KEYS" | "SIGNING" | "AUTH" | "CERT" | "SALT" | "DSN"
        )
    })
}

/// The value of a variable as it may be shown, or `None` when it must be `***`: only a known,
/// non-secret variable's value is shown, with any URL userinfo masked. Secret and unknown names
/// get `None`.
pub(crate) fn display_value(name: &str, value: &str) -> Option<String> {
    if is_sensitive_name(name) {
        return None;
    }
    declaration::lookup(name)?;
    Some(crate::model::secret::clip(&redact_url(value)).into_owned())
}

/// A snippet of a source line built from its tokens (see [`crate::report::redact`]): every value on the
/// line is `***` except this variable's own value, which starts at byte `value.0` of the line,
/// and is shown only when [`display_value`] allows it. The caret covers `caret` (bytes).
pub(crate) fn snippet(
    name: &str,
    line: &str,
    syntax: Syntax,
    value: Option<(usize, &str)>,
    caret: std::ops::Range<usize>,
) -> Snippet {
    let keep = value.and_then(|(start, v)| {
        display_value(name, v).map(|shown| Keep {
            range: start..start,
            value: v,
            shown: shown.into(),
        })
    });
    crate::report::redact::snippet(line, syntax, keep, caret)
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
