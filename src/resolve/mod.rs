//! Resolution: from the merged environment to one value per setting, with every value and name
//! problem found on the way (the RULES.md sections "Values" and "Names").

pub(crate) mod load;

pub(crate) use crate::model::suggest::edit_distance;

use std::borrow::Cow;

use crate::input::environment::{Entry, Environment, RawValue};
use crate::input::source::{Source, SourceKind};
use crate::model::declaration::{self, VARIABLES, VarId};
use crate::model::spec::{Spelling, VarSpec};
use crate::model::value::{self, Value};
use crate::report::diagnostic::{Diagnostic, Severity};
use crate::rules::{names, values};

/// Whether and how a setting was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// No spelling is present: the default applies.
    Absent,
    /// Present but empty: counts as unset.
    Empty,
    /// Present with a valid value.
    Set,
    /// Present, value not known here (`valueFrom`).
    Unknown,
    /// Present but not valid.
    Invalid,
}

/// One setting after resolution.
#[derive(Clone)]
pub(crate) struct Setting {
    pub(crate) spec: &'static VarSpec,
    /// The effective value: the one given, else the default.
    pub(crate) value: Option<Value>,
    pub(crate) presence: Presence,
    /// The spelling that supplied the value (the canonical name when defaulted).
    pub(crate) spelled: Cow<'static, str>,
    /// Where the value came from.
    pub(crate) source: Source,
    /// The value as `url::Url::parse` read it, where the parser keeps it (the issuer, when it
    /// has a scheme); boxed, since most settings have none.
    pub(crate) url: Option<Box<url::Url>>,
}

impl std::fmt::Debug for Setting {
    /// The fields a derived `Debug` would print, except the kept parse: a `url::Url` prints its
    /// password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setting")
            .field("spec", &self.spec)
            .field("value", &self.value)
            .field("presence", &self.presence)
            .field("spelled", &self.spelled)
            .field("source", &self.source)
            .finish()
    }
}

impl Setting {
    /// Whether the setting was given at all (even empty, unknown or invalid).
    pub(crate) fn is_present(&self) -> bool {
        !matches!(self.presence, Presence::Absent | Presence::Empty)
    }
}

/// Every setting, resolved, and what was found.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub(crate) settings: Vec<Setting>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The parsed issuer and its provider, computed on first use by the OIDC rules.
    pub(crate) issuer_cache: std::cell::OnceCell<crate::rules::issuer::IssuerParts>,
}

impl Resolved {
    /// The setting of an id.
    pub(crate) fn get(&self, id: VarId) -> &Setting {
        &self.settings[id as usize]
    }

    /// The effective value (given or default).
    pub(crate) fn value(&self, id: VarId) -> Option<&Value> {
        self.get(id).value.as_ref()
    }

    /// Whether a setting was given (even with an unknown value).
    pub(crate) fn is_set(&self, id: VarId) -> bool {
        self.get(id).is_present()
    }

    /// The effective boolean (false when unset or invalid).
    pub(crate) fn flag(&self, id: VarId) -> bool {
        self.value(id).and_then(Value::as_bool).unwrap_or(false)
    }
}

/// Options of a resolution.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Read `NAME_FILE` secrets from disk (a `check` does; a `lint` of container files cannot).
    pub(crate) read_secret_files: bool,
}

struct Candidate<'a> {
    /// The spelling as found: the entry's own name, borrowed.
    name: &'a str,
    spelling: Spelling,
    via_file: bool,
    entry: &'a Entry,
    /// Borrowed from the entry, owned when read from a `NAME_FILE`.
    value: Cow<'a, RawValue>,
}

/// One name the resolver looks for: a declared spelling, or the `NAME_FILE` form of a secret's
/// spelling.
#[derive(Debug)]
struct Slot {
    spelling: Spelling,
    /// Whether this is the `NAME_FILE` form.
    via_file: bool,
    /// The name, shared with every [`Source`] of the process environment that names it.
    name: std::sync::Arc<str>,
}

/// The hash of the static [`NameIndex`], FxHash's word-at-a-time mix: names are short, and a
/// fixed table of known names needs no protection against collisions chosen by an attacker (a
/// lookup costs at most a scan of the few dozen names). Eight bytes per multiplication, where a
/// byte-at-a-time hash such as FNV chains one multiplication per byte.
#[derive(Default)]
struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
}

/// Every name the resolver looks for, built once per process: slots in declaration order (each
/// setting's spellings in [`VarSpec::spellings`] order, each followed by its `NAME_FILE` form for
/// secrets), and a map from name to slot.
struct NameIndex {
    slots: Vec<Slot>,
    /// For each setting, its slots.
    ranges: Vec<std::ops::Range<usize>>,
    by_name: std::collections::HashMap<
        std::sync::Arc<str>,
        usize,
        std::hash::BuildHasherDefault<NameHasher>,
    >,
}

fn name_index() -> &'static NameIndex {
    static INDEX: std::sync::OnceLock<NameIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut slots = Vec::new();
        let mut ranges = Vec::with_capacity(VARIABLES.len());
        for spec in VARIABLES {
            let start = slots.len();
            for (name, spelling) in spec.spellings() {
                let mut push = |name: std::sync::Arc<str>, via_file| {
                    slots.push(Slot {
                        spelling,
                        via_file,
                        name,
                    })
                };
                push(name.into(), false);
                if spec.secret {
                    push(format!("{name}_FILE").into(), true);
                }
            }
            ranges.push(start..slots.len());
        }
        let mut by_name = std::collections::HashMap::default();
        for (i, slot) in slots.iter().enumerate() {
            // A name is declared once (a test checks it); the first slot would win otherwise.
            by_name.entry(slot.name.clone()).or_insert(i);
        }
        NameIndex {
            slots,
            ranges,
            by_name,
        }
    })
}

/// Where the resolver files a name it looks for (see [`lookup`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameSlot(usize);

/// Looks a name up in the resolver's index: its slot and the shared copy of the name (so that a
/// process-environment [`Source`] need not allocate its own), or `None` for a name the resolver
/// does not look for (a declared spelling or a secret's `NAME_FILE`). The loader looks each process-environment name up
/// once, and hands the slot to the resolver with the entry (see [`Environment::push_looked_up`]).
pub(crate) fn lookup(name: &str) -> Option<(NameSlot, std::sync::Arc<str>)> {
    let index = name_index();
    index
        .by_name
        .get(name)
        .map(|&i| (NameSlot(i), index.slots[i].name.clone()))
}

/// Resolves the merged environment. Runs the "Values" and "Names" rules; the other rules run on
/// the result.
pub(crate) fn resolve(env: &Environment, options: Options) -> Resolved {
    let index = name_index();
    let mut diagnostics = Vec::new();
    // One pass over the entries: each known name goes to its slot (a later entry of a name
    // replacing an earlier one), every other name is judged below.
    let mut found: Vec<Option<&Entry>> = vec![None; index.slots.len()];
    let mut unknown: Vec<&Entry> = Vec::new();
    for (entry, looked_up) in env.iter_looked_up() {
        let slot = match looked_up {
            Some(slot) => slot.map(|NameSlot(i)| i),
            None => index.by_name.get(entry.name.as_str()).copied(),
        };
        match slot {
            Some(slot) => found[slot] = Some(entry),
            // Common variables of every environment are never reported: leave them out before
            // the sort below.
            None if SYSTEM_VARIABLES.contains(&entry.name.as_str()) => {}
            None => unknown.push(entry),
        }
    }

    // Borrowed names and values: resolution allocates only for what it reports or keeps.
    let mut settings = Vec::with_capacity(VARIABLES.len());
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    for (spec_index, slots) in index.ranges.iter().enumerate() {
        candidates.clear();
        for slot_index in slots.clone() {
            let Some(entry) = found[slot_index] else {
                continue;
            };
            let slot = &index.slots[slot_index];
            let value = if slot.via_file {
                Cow::Owned(read_secret_file(
                    &entry.name,
                    entry,
                    options,
                    &mut diagnostics,
                ))
            } else {
                Cow::Borrowed(&entry.value)
            };
            candidates.push(Candidate {
                name: &entry.name,
                spelling: slot.spelling,
                via_file: slot.via_file,
                entry,
                value,
            });
        }
        settings.push(resolve_one(
            spec_index,
            &candidates,
            &mut parsed,
            &mut diagnostics,
        ));
    }

    // Unknown names in name order, once each: the last entry of a name is the one judged.
    unknown.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, entry) in unknown.iter().enumerate() {
        let overridden = unknown
            .get(i + 1)
            .is_some_and(|next| next.name == entry.name);
        if !overridden {
            judge_unknown(&entry.name, entry, &mut diagnostics);
        }
    }
    Resolved {
        settings,
        diagnostics,
        issuer_cache: std::cell::OnceCell::new(),
    }
}

fn read_secret_file(
    name: &str,
    entry: &Entry,
    options: Options,
    out: &mut Vec<Diagnostic>,
) -> RawValue {
    let RawValue::Text(path) = &entry.value else {
        return entry.value.clone();
    };
    if !options.read_secret_files || path.is_empty() {
        return if path.is_empty() {
            RawValue::Text(String::new())
        } else {
            RawValue::Unknown
        };
    }
    match crate::input::bounded::read(
        std::path::Path::new(path),
        crate::input::bounded::Purpose::Secret,
    ) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut s) => {
                if s.ends_with('\n') {
                    s.pop();
                    if s.ends_with('\r') {
                        s.pop();
                    }
                }
                RawValue::Text(s)
            }
            Err(_) => {
                out.push(values::NON_UTF8_VALUE.diag(
                    &entry.source,
                    &[name],
                    format!("the file {path} named by {name} is not valid UTF-8"),
                    format!("write the secret to {path} as UTF-8 text"),
                ));
                RawValue::NonUtf8
            }
        },
        Err(e) => {
            out.push(values::INVALID_VALUE.diag(
                &entry.source,
                &[name],
                format!("cannot read {path} named by {name}: {e}"),
                format!("point {name} at a readable file holding the secret"),
            ));
            RawValue::NonUtf8
        }
    }
}

/// The spelling as found, borrowed from the declaration when it is a declared spelling (every
/// spelling but `NAME_FILE`), so a load does not copy names it already knows.
fn spelled_as(spec: &'static VarSpec, name: &str) -> Cow<'static, str> {
    match spec.spellings().find(|(n, _)| *n == name) {
        Some((n, _)) => Cow::Borrowed(n),
        None => Cow::Owned(name.to_owned()),
    }
}

/// The parsed default of the setting at `index` in [`VARIABLES`]. Defaults are parsed once per
/// process, not once per load.
fn default_value(index: usize) -> Option<Value> {
    static DEFAULTS: std::sync::OnceLock<Vec<Option<Value>>> = std::sync::OnceLock::new();
    let defaults = DEFAULTS.get_or_init(|| {
        VARIABLES
            .iter()
            .map(|s| {
                s.default
                    .and_then(|d| value::parse(s, s.env, d, false).ok())
            })
            .collect()
    });
    defaults.get(index).cloned().flatten()
}

/// One parsed candidate of a setting.
struct Parsed {
    /// Its index in the candidates.
    candidate: usize,
    /// Its value, `None` when invalid.
    value: Option<Value>,
    /// The value as parsed by `url::Url::parse`, where the parser keeps it (boxed: a `Parsed`
    /// is moved around, and only the issuer has one).
    url: Option<Box<url::Url>>,
    /// Whether it parsed without a finding, so that a later spelling with the same text (an
    /// alias set to the same value) can take a copy instead of parsing again.
    clean: bool,
}

/// Resolves the setting at `spec_index` in [`VARIABLES`] from its candidates. `parsed` is a
/// buffer reused from one setting to the next.
fn resolve_one(
    spec_index: usize,
    candidates: &[Candidate<'_>],
    parsed: &mut Vec<Parsed>,
    out: &mut Vec<Diagnostic>,
) -> Setting {
    let spec = &VARIABLES[spec_index];
    let default_setting = |presence| Setting {
        spec,
        value: default_value(spec_index),
        presence,
        spelled: Cow::Borrowed(spec.env),
        source: Source::default_value(),
        url: None,
    };
    if candidates.is_empty() {
        return default_setting(Presence::Absent);
    }

    // Names: deprecated spellings warn.
    for c in candidates
        .iter()
        .filter(|c| c.spelling == Spelling::Deprecated)
    {
        out.push(names::DEPRECATED_NAME.diag(
            &c.entry.source,
            &[c.name],
            format!("{} is deprecated; the server reads {}", c.name, spec.env),
            format!(
                "rename {} to {}",
                c.name,
                if c.via_file {
                    format!("{}_FILE", spec.env)
                } else {
                    spec.env.to_owned()
                }
            ),
        ));
    }

    // Values: parse every non-empty candidate.
    parsed.clear();
    let mut any_invalid = false;
    let mut any_unknown = false;
    for (index, c) in candidates.iter().enumerate() {
        match c.value.as_ref() {
            RawValue::NonUtf8 => {
                if !c.via_file {
                    // The env-file reader already reported non-UTF-8 lines; the process
                    // environment has not.
                    if c.entry.source.kind == SourceKind::Env {
                        out.push(values::NON_UTF8_VALUE.diag(
                            &c.entry.source,
                            &[c.name],
                            format!("the value of {} is not valid UTF-8", c.name),
                            format!("re-enter {} as plain UTF-8 text", c.name),
                        ));
                    }
                }
                if c.spelling != Spelling::Unread {
                    any_invalid = true;
                }
            }
            RawValue::Unknown => {
                if c.spelling != Spelling::Unread {
                    any_unknown = true;
                }
            }
            RawValue::Text(t) if t.is_empty() => {
                out.push(values::EMPTY_VALUE.diag(
                    &c.entry.source,
                    &[c.name],
                    format!(
                        "{} is empty, so it counts as unset{}",
                        c.name,
                        match spec.default {
                            Some(d) if !spec.secret => format!(" and the default `{d}` applies"),
                            _ => String::new(),
                        }
                    ),
                    format!("give {} a value or remove it", c.name),
                ));
            }
            RawValue::Text(t) => {
                let from_config = c.entry.source.kind == SourceKind::ConfigFile;
                // The same text already parsed cleanly under another spelling read the same way.
                let same = parsed.iter().find(|p| {
                    let earlier = &candidates[p.candidate];
                    p.clean
                        && *earlier.value == *c.value
                        && (earlier.entry.source.kind == SourceKind::ConfigFile) == from_config
                        && value::same_encoding(spec, earlier.name, c.name)
                });
                if let Some(same) = same {
                    let value = same.value.clone();
                    parsed.push(Parsed {
                        candidate: index,
                        value,
                        // The rules parse the issuer themselves when no parse is kept.
                        url: None,
                        clean: true,
                    });
                    continue;
                }
                match value::parse_keeping_url(spec, c.name, t, from_config) {
                    Ok((v, url)) => parsed.push(Parsed {
                        candidate: index,
                        value: Some(v),
                        url: url.map(Box::new),
                        clean: true,
                    }),
                    Err(p) if p.warning_only => {
                        out.push(Diagnostic {
                            severity: Severity::Warning,
                            ..p.rule.diag(&c.entry.source, &[c.name], p.message, p.help)
                        });
                        let v = value::parse_lenient(spec, t);
                        parsed.push(Parsed {
                            candidate: index,
                            value: Some(v),
                            url: None,
                            clean: false,
                        });
                    }
                    Err(p) => {
                        out.push(p.rule.diag(&c.entry.source, &[c.name], p.message, p.help));
                        if c.spelling != Spelling::Unread {
                            any_invalid = true;
                        }
                        parsed.push(Parsed {
                            candidate: index,
                            value: None,
                            url: None,
                            clean: false,
                        });
                    }
                }
            }
        }
    }

    // The parsed spellings the server reads, and those it does not, each in candidate order.
    let readable = || {
        parsed
            .iter()
            .map(|p| (&candidates[p.candidate], p.value.as_ref()))
            .filter(|(c, _)| c.spelling != Spelling::Unread)
    };
    let unread = || {
        parsed
            .iter()
            .map(|p| (&candidates[p.candidate], p.value.as_ref()))
            .filter(|(c, _)| c.spelling == Spelling::Unread)
    };

    // Names: a secret given both directly and as NAME_FILE.
    let direct = candidates
        .iter()
        .find(|c| !c.via_file && c.spelling != Spelling::Unread && !is_empty(c));
    let file = candidates.iter().find(|c| c.via_file && !is_empty(c));
    if let (Some(d), Some(f)) = (direct, file) {
        out.push(names::CONFLICTING_ALIASES.diag(
            &f.entry.source,
            &[d.name, f.name],
            format!(
                "{} and {} are both set; give the secret one way only",
                d.name, f.name
            ),
            format!("remove {} or {}", d.name, f.name),
        ));
    }

    // Names: readable spellings that disagree.
    let mut reported_conflict = false;
    if let Some((first, Some(first_value))) = readable().next() {
        for (c, v) in readable().skip(1) {
            let Some(v) = v else { continue };
            if v != first_value && !(first.via_file || c.via_file) {
                out.push(conflict(spec, first, first_value, c, v));
                reported_conflict = true;
            }
        }
    }

    // Names: an unread spelling.
    let readable_value = readable().find_map(|(_, v)| v);
    for (c, v) in unread() {
        match (readable_value, v) {
            (None, _) if !any_invalid && !any_unknown => out.push(names::UNREAD_NAME.diag(
                &c.entry.source,
                &[c.name],
                format!(
                    "{} is not read by the server, so {} keeps its default{}",
                    c.name,
                    spec.env,
                    spec.default.map(|d| format!(" `{d}`")).unwrap_or_default()
                ),
                format!(
                    "set {}={} instead",
                    spec.env,
                    v.map(|v| v.to_string()).unwrap_or_else(|| "...".into())
                ),
            )),
            (Some(rv), Some(uv)) if rv != uv && !reported_conflict => {
                let first = readable().find(|(_, v)| v.is_some()).map(|p| p.0);
                if let Some(first) = first {
                    out.push(conflict(spec, first, rv, c, uv));
                }
            }
            _ => {}
        }
    }

    // The effective value.
    if any_invalid {
        let c = readable().next().map(|p| p.0).or(candidates.first());
        return Setting {
            spec,
            value: None,
            presence: Presence::Invalid,
            spelled: c.map_or(Cow::Borrowed(spec.env), |c| spelled_as(spec, c.name)),
            source: c.map_or_else(Source::default_value, |c| c.entry.source.clone()),
            url: None,
        };
    }
    // The first readable spelling's value, moved out of `parsed` (nothing reads it after this).
    let first_readable = parsed
        .iter_mut()
        .find(|p| candidates[p.candidate].spelling != Spelling::Unread);
    if let Some(Parsed {
        candidate,
        value: value @ Some(_),
        url,
        ..
    }) = first_readable
    {
        let c = &candidates[*candidate];
        return Setting {
            spec,
            value: value.take(),
            url: url.take(),
            presence: Presence::Set,
            spelled: spelled_as(spec, c.name),
            source: c.entry.source.clone(),
        };
    }
    if any_unknown {
        let c = candidates
            .iter()
            .find(|c| *c.value == RawValue::Unknown && c.spelling != Spelling::Unread);
        if let Some(c) = c {
            return Setting {
                spec,
                value: None,
                presence: Presence::Unknown,
                spelled: spelled_as(spec, c.name),
                source: c.entry.source.clone(),
                url: None,
            };
        }
    }
    // Only empty (or unread) spellings: the default applies, from the empty spelling's place.
    let empty = candidates
        .iter()
        .find(|c| is_empty(c) && c.spelling != Spelling::Unread);
    match empty {
        Some(c) => Setting {
            spelled: spelled_as(spec, c.name),
            source: c.entry.source.clone(),
            ..default_setting(Presence::Empty)
        },
        None => default_setting(Presence::Absent),
    }
}

fn is_empty(c: &Candidate<'_>) -> bool {
    matches!(c.value.as_ref(), RawValue::Text(t) if t.is_empty())
}

fn conflict(
    spec: &VarSpec,
    a: &Candidate<'_>,
    av: &Value,
    b: &Candidate<'_>,
    bv: &Value,
) -> Diagnostic {
    let detail = if spec.secret {
        String::new()
    } else {
        format!(" (`{av}` and `{bv}`)")
    };
    names::CONFLICTING_ALIASES.diag(
        &b.entry.source,
        &[a.name, b.name],
        format!(
            "{} and {} are two spellings of one setting with different values{detail}",
            a.name, b.name
        ),
        format!(
            "give {} and {} the same value, or remove one",
            a.name, b.name
        ),
    )
}

/// Common variables of every process environment that are never ours.
const SYSTEM_VARIABLES: &[&str] = &[
    "HOME", "HOSTNAME", "PATH", "USER", "SHELL", "TERM", "LANG", "PWD", "OLDPWD", "SHLVL",
    "LOGNAME", "MAIL", "TMPDIR", "TZ", "EDITOR", "PAGER", "DISPLAY", "COLUMNS", "LINES",
    "HOSTTYPE",
];

/// Reports a variable that looks like one of ours but is not known. The caller leaves out
/// [`SYSTEM_VARIABLES`].
fn judge_unknown(name: &str, entry: &Entry, out: &mut Vec<Diagnostic>) {
    let base = name.strip_suffix("_FILE").unwrap_or(name);
    let by_prefix = ["OIDC_", "GORILLA_OIDC_", "LOCAL_LDAP_"]
        .iter()
        .any(|p| name.starts_with(p));
    let nearest =
        did_you_mean(name).or_else(|| (base != name).then(|| did_you_mean(base)).flatten());
    if !by_prefix && nearest.is_none() {
        return;
    }
    let help = match nearest {
        Some(n) => format!("did you mean `{n}`?"),
        None => "remove it, or check the variable list with `iamconf docs`".to_owned(),
    };
    out.push(names::UNKNOWN_VARIABLE.diag(
        &entry.source,
        &[name],
        format!("{name} is not a variable W&B Server reads"),
        help,
    ));
}

/// The known name nearest to `name`, if it is close: within 2 edits (1 for names of 5 letters or
/// fewer, where 2 edits would match unrelated words such as `HOME` for `HOST`).
pub(crate) fn did_you_mean(name: &str) -> Option<&'static str> {
    /// A known name, its declaration order (which breaks ties), its character bag and the set
    /// of its characters.
    type Known = (&'static str, usize, Bag, u64);
    /// Sorted by length, so that only the names of about the right length are looked at.
    static KNOWN: std::sync::OnceLock<Vec<Known>> = std::sync::OnceLock::new();
    let known_bags = KNOWN.get_or_init(|| {
        let mut known: Vec<Known> = declaration::known_names()
            .enumerate()
            .map(|(order, k)| (k, order, bag(k), char_set(&bag(k))))
            .collect();
        known.sort_by_key(|(k, _, _, _)| k.len());
        known
    });
    let name_bag = bag(name);
    let name_set = char_set(&name_bag);
    let length = name.chars().count();
    // No limit exceeds 2, and the distance is at least the difference in length (known names
    // are ASCII): only names of length `length - 2 ..= length + 2` can match.
    let first = known_bags.partition_point(|(k, _, _, _)| k.len() + 2 < length);
    let near = known_bags[first..]
        .iter()
        .take_while(|(k, _, _, _)| k.len() <= length + 2);
    // Built only once a known name passes the cheap filters: most unknown names pass none.
    let mut upper = ['\0'; ROW + 2];
    let mut upper_len = 0;
    let mut rows = [[0u8; ROW]; 3];
    // The nearest name; among equally near ones, the first declared.
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (known, order, known_bag, known_set) in near {
        let known = *known;
        let limit = if known.len() <= 5 { 1 } else { 2 };
        // The distance is also at least the bag distance (characters one has and the other
        // lacks), and that is at least the number of distinct characters one has and the other
        // lacks: skip the names that cannot be within the limit without computing it.
        if length.abs_diff(known.len()) > limit
            || set_distance(name_set, *known_set) > limit
            || bag_distance(&name_bag, known_bag) > limit
        {
            continue;
        }
        if upper_len == 0 {
            // Fits: the name is at most 2 characters longer than a known name.
            for (slot, c) in upper.iter_mut().zip(name.chars()) {
                *slot = c.to_ascii_uppercase();
                upper_len += 1;
            }
        }
        let upper = &upper[..upper_len];
        let Some(d) = distance_within(upper, known.as_bytes(), limit, &mut rows) else {
            continue;
        };
        if best.is_none_or(|(bd, bo, _)| (d, *order) < (bd, bo)) {
            best = Some((d, *order, known));
        }
    }
    best.map(|(_, _, n)| n)
}

/// How many times each character occurs in a name (case-insensitive; A-Z, 0-9, `_`, other).
type Bag = [u8; 38];

fn bag(name: &str) -> Bag {
    let mut b = [0u8; 38];
    for c in name.bytes() {
        let i = match c.to_ascii_uppercase() {
            c @ b'A'..=b'Z' => usize::from(c - b'A'),
            c @ b'0'..=b'9' => 26 + usize::from(c - b'0'),
            b'_' => 36,
            _ => 37,
        };
        b[i] = b[i].saturating_add(1);
    }
    b
}

/// The characters of a bag, one bit each.
fn char_set(bag: &Bag) -> u64 {
    bag.iter()
        .enumerate()
        .fold(0, |set, (i, n)| if *n > 0 { set | 1 << i } else { set })
}

/// A lower bound of [`bag_distance`]: a character one name has and the other lacks takes at
/// least one edit.
fn set_distance(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

/// A lower bound of the edit distance: an edit changes the character counts by at most one on
/// each side, a transposition not at all.
fn bag_distance(a: &Bag, b: &Bag) -> usize {
    // Without branches, so that the compiler can use vector instructions.
    let excess = |a: &Bag, b: &Bag| -> usize {
        a.iter()
            .zip(b)
            .map(|(x, y)| usize::from(x.saturating_sub(*y)))
            .sum()
    };
    excess(a, b).max(excess(b, a))
}

/// [`edit_distance`] from `a` to the ASCII name `b` when it is at most `limit`, else `None`.
/// Cells are capped at `limit + 1` (which keeps every value up to the limit exact), only the band
/// `|i - j| <= limit` is computed (a cell outside it is at least `|i - j|`, so it is the cap), and
/// the loop stops once two consecutive rows exceed the limit (no later cell can come back under
/// it). The rows are the caller's, on the stack: `b` is a known name, shorter than [`ROW`] (a
/// test checks it); a longer `b` is never within the limit here.
fn distance_within(a: &[char], b: &[u8], limit: usize, rows: &mut [[u8; ROW]; 3]) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit || b.len() >= ROW {
        return None;
    }
    // Cells hold at most the cap, so a byte each.
    let Ok(cap) = u8::try_from(limit + 1) else {
        return None;
    };
    let capped = |n: usize| u8::try_from(n).map_or(cap, |n| n.min(cap));
    let [mut prev2, mut prev, mut cur] = rows.each_mut();
    // Cells are written only inside the band; every cell outside it must read as the cap.
    prev2[..=b.len()].fill(cap);
    for (j, cell) in prev[..=b.len()].iter_mut().enumerate() {
        *cell = capped(j);
    }
    cur[..=b.len()].fill(cap);
    let mut prev_min = 0;
    for i in 1..=a.len() {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(b.len());
        cur[0] = capped(i);
        // The cell left of the band still holds a value of three rows ago.
        cur[lo - 1] = if lo == 1 { cur[0] } else { cap };
        let mut cur_min = cur[0];
        for j in lo..=hi {
            let bj = char::from(b[j - 1]);
            let cost = u8::from(a[i - 1] != bj);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == char::from(b[j - 2]) && a[i - 2] == bj {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d.min(cap);
            cur_min = cur_min.min(cur[j]);
        }
        if cur_min >= cap && prev_min >= cap {
            return None;
        }
        prev_min = cur_min;
        // Rotate the rows (the references, not the cells).
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(usize::from(prev[b.len()])).filter(|d| *d <= limit)
}

/// The length of a row of [`distance_within`]: more than the longest known name.
const ROW: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("OIDC_ISUER", "OIDC_ISSUER"), 1);
        assert_eq!(edit_distance("HOME", "HOST"), 2);
        assert_eq!(did_you_mean("OIDC_ISUER"), Some("OIDC_ISSUER"));
        assert_eq!(did_you_mean("HOME"), None);
        assert_eq!(did_you_mean("LICENCE"), Some("LICENSE"));
        assert_eq!(did_you_mean("OIDC_CLINET_ID"), Some("OIDC_CLIENT_ID"));
        // did_you_mean's length filter counts a known name's bytes as its characters.
        assert!(declaration::known_names().all(|n| n.is_ascii()));
    }

    /// `did_you_mean` as first written: every known name in declaration order, the first of the
    /// nearest winning.
    fn did_you_mean_by_scan(name: &str) -> Option<&'static str> {
        let upper = name.to_ascii_uppercase();
        let mut best: Option<(usize, &'static str)> = None;
        for known in declaration::known_names() {
            let limit = if known.len() <= 5 { 1 } else { 2 };
            let d = edit_distance(&upper, known);
            if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, known));
            }
        }
        best.map(|(_, n)| n)
    }

    #[test]
    fn did_you_mean_agrees_with_a_scan_of_every_name() {
        let mut names: Vec<String> = [
            "OIDC_ISUER",
            "HOTS",
            "HOME",
            "LICENCE",
            "",
            "X",
            "É_OIDC",
            "KUBERNETES_SERVICE_HOST",
            "oidc_issuer",
            "SESION_LENGTH",
            "LOCAL_RESTROE",
            "GORILLA_OIDC_SECERT",
            "MYSQLL",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Every known name with one character dropped, doubled or changed, and two swapped.
        for known in declaration::known_names() {
            for i in 0..known.len() {
                let mut dropped = known.to_owned();
                dropped.remove(i);
                let mut doubled = known.to_owned();
                doubled.insert(i, known.as_bytes()[i] as char);
                let mut changed = known.to_owned();
                changed.replace_range(i..=i, "Q");
                names.extend([dropped, doubled, changed]);
                if i + 1 < known.len() {
                    let mut swapped: Vec<char> = known.chars().collect();
                    swapped.swap(i, i + 1);
                    names.push(swapped.into_iter().collect());
                }
            }
        }
        for name in &names {
            assert_eq!(did_you_mean(name), did_you_mean_by_scan(name), "{name}");
        }
    }

    #[test]
    fn every_name_the_resolver_looks_for_is_declared_once() {
        let index = name_index();
        assert_eq!(index.by_name.len(), index.slots.len());
        assert_eq!(index.ranges.len(), VARIABLES.len());
        for (i, slot) in index.slots.iter().enumerate() {
            assert_eq!(index.by_name.get(&*slot.name), Some(&i), "{}", slot.name);
        }
        // Process-environment sources share the index's copy of a known name.
        let source = Source::env("OIDC_ISSUER");
        assert!(matches!(
            (lookup("OIDC_ISSUER"), &source.name),
            (Some((_, a)), Some(b)) if std::sync::Arc::ptr_eq(&a, b)
        ));
        assert!(lookup("OIDC_ISUER").is_none());
    }

    #[test]
    fn a_spelling_reuses_an_equal_parse_only_when_read_the_same_way() {
        let resolve_vars = |vars: &[(&str, &str)]| {
            let mut env = Environment::default();
            for (name, value) in vars {
                env.insert(Entry::text(*name, *value, Source::env(name)));
            }
            resolve(&env, Options::default())
        };
        let issuer = "https://example.okta.com";
        let r = resolve_vars(&[("OIDC_ISSUER", issuer), ("GORILLA_OIDC_ISSUER", issuer)]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.value(VarId::OidcIssuer).and_then(Value::as_url),
            Some(issuer)
        );
        // `720` is hours for SESSION_LENGTH but not a Go duration for GORILLA_SESSION_LENGTH:
        // the second spelling is parsed on its own and draws its own finding.
        for vars in [
            [("SESSION_LENGTH", "720"), ("GORILLA_SESSION_LENGTH", "720")],
            [("GORILLA_SESSION_LENGTH", "720"), ("SESSION_LENGTH", "720")],
        ] {
            let r = resolve_vars(&vars);
            assert!(
                r.diagnostics
                    .iter()
                    .any(|d| d.variables == ["GORILLA_SESSION_LENGTH"]),
                "{:?}",
                r.diagnostics
            );
        }
        let r = resolve_vars(&[
            ("SESSION_LENGTH", "720h"),
            ("GORILLA_SESSION_LENGTH", "720h"),
        ]);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.variables == ["SESSION_LENGTH"]),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn the_kept_issuer_parse_is_the_rules_parse_and_never_printed() {
        for issuer in [
            "https://admin:canary@idp.example.com/realms/x?a=1",
            "accounts.google.com",
            "http://localhost:8080/realms/dev",
        ] {
            let mut env = Environment::default();
            env.insert(Entry::text(
                "OIDC_ISSUER",
                issuer,
                Source::env("OIDC_ISSUER"),
            ));
            let r = resolve(&env, Options::default());
            let kept = r.get(VarId::OidcIssuer).url.as_deref();
            let lenient = crate::model::provider::parse_lenient(issuer);
            // Kept exactly when the text has a scheme, and then equal to what the rules parse.
            assert_eq!(kept.is_some(), lenient.as_ref().is_some_and(|(_, s)| *s));
            if let (Some(kept), Some((parsed, _))) = (kept, &lenient) {
                assert_eq!(kept, parsed);
            }
            let shown = format!("{:?}", r.settings);
            assert!(!shown.contains("canary"), "{shown}");
        }
    }

    #[test]
    fn a_slot_looked_up_by_the_loader_resolves_like_a_name() {
        let vars = [
            ("OIDC_ISSUER", "https://example.okta.com"),
            ("GORILLA_OIDC_ISSUER", "https://other.okta.com"),
            ("OIDC_CLIENT_SECRET", "s"),
            ("OIDC_ISUER", "x"),
            ("PATH", "/bin"),
            ("OIDC_CLIENT_ID", "a"),
            ("OIDC_CLIENT_ID", "b"),
        ];
        let (mut inserted, mut looked_up) = (Environment::default(), Environment::default());
        for (name, value) in vars {
            inserted.insert(Entry::text(name, value, Source::env(name)));
            let slot = lookup(name).map(|(slot, _)| slot);
            looked_up.push_looked_up(Entry::text(name, value, Source::env(name)), slot);
        }
        let (a, b) = (
            resolve(&inserted, Options::default()),
            resolve(&looked_up, Options::default()),
        );
        assert_eq!(format!("{:?}", a.settings), format!("{:?}", b.settings));
        assert_eq!(a.diagnostics, b.diagnostics);
        assert_eq!(a.diagnostics.len(), 3, "{:?}", a.diagnostics);
    }

    #[test]
    fn the_last_entry_of_a_name_wins() {
        let entry = |name: &str, value: &str| Entry::text(name, value, Source::env(name));
        let mut env = Environment::default();
        env.insert(entry("OIDC_CLIENT_ID", "first"));
        env.insert(entry("OIDC_ISUER", "https://a.example.com"));
        env.insert(entry("HOST", "https://wandb.example.com"));
        env.extend([
            entry("OIDC_ISUER", "https://b.example.com"),
            entry("OIDC_CLIENT_ID", "second"),
            entry("AN_UNKNOWN_NAME", "x"),
        ]);
        let r = resolve(&env, Options::default());
        assert_eq!(
            r.value(VarId::OidcClientId),
            Some(&Value::Text("second".into()))
        );
        assert!(r.is_set(VarId::Host));
        // Unknown names are judged once each, whatever the number of entries.
        let unknown: Vec<&Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == names::UNKNOWN_VARIABLE.code)
            .collect();
        assert_eq!(unknown.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(unknown[0].variables, ["OIDC_ISUER"]);
    }

    #[test]
    fn bounded_distance_agrees_with_edit_distance() {
        let names = [
            "OIDC_ISUER",
            "OIDC_ISSUER",
            "KUBERNETES_SERVICE_HOST",
            "GORILLA_OIDC_SECERT",
            "HOTS",
            "HOST",
            "LICENCE",
            "",
            "É_OIDC",
            "LOCAL_RESTROE",
            "SESION_LENGTH",
            "LDAP_BIND_DN",
            "GORILLA_OIDC_CLIENTID",
            "LOCAL_LDAP_LOGNI",
            "HOST_",
            "_HOST",
            "SLACK_SECRET_FILE",
        ];
        let mut rows = [[0u8; ROW]; 3];
        assert!(declaration::known_names().all(|n| n.len() < ROW));
        for a in names {
            let chars: Vec<char> = a.chars().collect();
            for b in declaration::known_names() {
                for limit in 0..=2 {
                    let d = edit_distance(a, b);
                    assert_eq!(
                        distance_within(&chars, b.as_bytes(), limit, &mut rows),
                        (d <= limit).then_some(d),
                        "{a} / {b} within {limit}"
                    );
                }
            }
        }
    }
}
