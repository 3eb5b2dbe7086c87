//! Resolution: from the merged environment to one value per setting, with every value and name
//! problem found on the way (the RULES.md sections "Values" and "Names").

pub(crate) mod evaluate;
pub(crate) mod index;
pub(crate) mod issuer;
pub(crate) mod load;

use std::borrow::Cow;

use crate::input::environment::{Entry, Environment, RawValue};
use crate::input::source::{Source, SourceKind};
use crate::model::declaration::{VARIABLES, VarId};
use crate::model::spec::{Spelling, VarSpec};
use crate::model::suggest::did_you_mean;
use crate::model::value::{self, Value};
use crate::report::diagnostic::{Diagnostic, Severity};
use crate::resolve::index::{NameSlot, name_index};
use crate::rules::names;
use crate::rules::values;

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
    pub(crate) issuer_cache: std::cell::OnceCell<issuer::IssuerParts>,
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
    /// The variables are those of a W&B Server deployment (`lint`): the server reads no
    /// `NAME_FILE` variable, so a `_FILE` form is an unread spelling there. A program built on
    /// the library (`check`, [`crate::Config::load`]) reads them.
    pub(crate) deployment: bool,
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
            let unread_file = slot.via_file && options.deployment;
            let value = if slot.via_file && !unread_file {
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
                spelling: if unread_file {
                    Spelling::Unread
                } else {
                    slot.spelling
                },
                via_file: slot.via_file,
                entry,
                value,
            });
        }
        settings.push(resolve_one(
            spec_index,
            &candidates,
            &mut parsed,
            options.deployment,
            &mut diagnostics,
        ));
    }

    // Unknown names in name order, once each: the last entry of a name is the one judged.
    let sso_configured = [VarId::OidcIssuer, VarId::OidcClientId, VarId::LdapAddress]
        .iter()
        .any(|id| settings[*id as usize].is_present());
    unknown.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, entry) in unknown.iter().enumerate() {
        let overridden = unknown
            .get(i + 1)
            .is_some_and(|next| next.name == entry.name);
        if !overridden {
            judge_unknown(&entry.name, entry, sso_configured, &mut diagnostics);
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
    deployment: bool,
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
                // The nested (config-file) form, whatever carried it: a session length there is
                // a number of hours or a duration, whichever spelling it is filed under.
                let nested = |k: SourceKind| {
                    matches!(
                        k,
                        SourceKind::ConfigFile | SourceKind::Code | SourceKind::Figment
                    )
                };
                let from_config = nested(c.entry.source.kind);
                // The same text already parsed cleanly under another spelling read the same way.
                let same = parsed.iter().find(|p| {
                    let earlier = &candidates[p.candidate];
                    p.clean
                        && *earlier.value == *c.value
                        && nested(earlier.entry.source.kind) == from_config
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

    // Names: a secret given both directly and as NAME_FILE.
    let direct = candidates
        .iter()
        .find(|c| !c.via_file && c.spelling != Spelling::Unread && !is_empty(c));
    let file = candidates
        .iter()
        .find(|c| c.via_file && c.spelling != Spelling::Unread && !is_empty(c));
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

    // Names: an unread spelling: an error when it is the only source of the setting, a warning
    // when a spelling the server reads supplies it too (a different value is a conflict).
    let readable_value = readable().find_map(|(_, v)| v);
    let readable_present = candidates
        .iter()
        .any(|c| c.spelling != Spelling::Unread && !is_empty(c));
    for c in candidates
        .iter()
        .filter(|c| c.spelling == Spelling::Unread && !is_empty(c))
    {
        let v = parsed
            .iter()
            .find(|p| std::ptr::eq(&candidates[p.candidate], c))
            .and_then(|p| p.value.as_ref());
        match (readable_value, v) {
            (Some(rv), Some(uv)) if rv != uv && !reported_conflict && !c.via_file => {
                let first = readable().find(|(_, v)| v.is_some()).map(|p| p.0);
                if let Some(first) = first {
                    out.push(conflict(spec, first, rv, c, uv));
                }
            }
            _ if readable_present => {
                let read_by = readable().next().map_or(spec.env, |(c, _)| c.name);
                out.push(Diagnostic {
                    severity: Severity::Warning,
                    ..names::UNREAD_NAME.diag(
                        &c.entry.source,
                        &[c.name],
                        format!(
                            "{} is not read by the server{}; {read_by} supplies the setting",
                            c.name,
                            names::unread_reason(spec, c.name, c.via_file)
                        ),
                        format!("remove {}", c.name),
                    )
                });
            }
            _ if !any_invalid && !any_unknown => {
                let shown = v
                    .filter(|_| !spec.secret && !c.via_file)
                    .map(ToString::to_string);
                out.push(names::UNREAD_NAME.diag(
                    &c.entry.source,
                    &[c.name],
                    format!(
                        "{} is not read by the server{}, so {} {}",
                        c.name,
                        names::unread_reason(spec, c.name, c.via_file),
                        spec.env,
                        match spec.default {
                            Some(d) => format!("keeps its default `{d}`"),
                            None => "is unset".to_owned(),
                        }
                    ),
                    names::unread_help(spec, c.name, c.via_file, deployment, shown.as_deref()),
                ));
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
fn judge_unknown(name: &str, entry: &Entry, sso_configured: bool, out: &mut Vec<Diagnostic>) {
    match crate::model::declaration::not_setting(name) {
        // The SDK's identity variables are common in a developer's own shell: from the process
        // environment only the one W&B's federation docs tell people to set is reported.
        Some(crate::model::declaration::NotSetting::ClientOnly)
            if entry.source.kind == SourceKind::Env && name != "WANDB_IDENTITY_TOKEN_FILE" =>
        {
            return;
        }
        Some(crate::model::declaration::NotSetting::ClientOnly) => {
            out.push(names::CLIENT_ONLY_VARIABLE.diag(
                &entry.source,
                &[name],
                format!("{name} is read only by the W&B SDK and CLI; the server ignores it"),
                format!("remove {name} from the server's environment and set it where the SDK or CLI runs (for identity federation the server-side switch is SKIP_AUDIENCE_VALIDATION)"),
            ));
            return;
        }
        Some(crate::model::declaration::NotSetting::Legacy) => {
            let mut d = names::LEGACY_VARIABLE.diag(
                &entry.source,
                &[name],
                if sso_configured {
                    format!("{name} belongs to the pre-0.9.47 SSO beta; current servers ignore it")
                } else {
                    format!("{name} belongs to the pre-0.9.47 SSO beta and is the only SSO setting: current servers ignore it, so SSO is off")
                },
                match name {
                    "AUTH0_DOMAIN" => "set OIDC_ISSUER=https://<AUTH0_DOMAIN>/ (with the trailing /) and OIDC_CLIENT_ID, then remove AUTH0_DOMAIN".to_owned(),
                    "AUTH0_CLIENT_ID" => "rename AUTH0_CLIENT_ID to OIDC_CLIENT_ID and set OIDC_ISSUER".to_owned(),
                    _ => format!("remove {name}: OIDC_ISSUER and its discovery document give the endpoints and keys"),
                },
            );
            if !sso_configured {
                d.severity = Severity::Error;
            }
            out.push(d);
            return;
        }
        Some(crate::model::declaration::NotSetting::SynonymOf(canonical)) => {
            out.push(names::UNKNOWN_VARIABLE.diag(
                &entry.source,
                &[name],
                format!("{name} is not a variable W&B Server reads"),
                format!("did you mean `{canonical}`?"),
            ));
            return;
        }
        None => {}
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::index::lookup;

    #[test]
    fn every_name_the_resolver_looks_for_is_declared_once() {
        let index = name_index();
        assert_eq!(index.by_name.len(), index.slots.len());
        assert_eq!(index.ranges.len(), VARIABLES.len());
        for (i, slot) in index.slots.iter().enumerate() {
            assert_eq!(index.by_name.get(&*slot.name), Some(&i), "{}", slot.name);
        }
        // A lookup hands out the index's copy of a known name, for the loader's sources to share.
        assert!(matches!(
            lookup("OIDC_ISSUER"),
            Some((NameSlot(i), a)) if std::sync::Arc::ptr_eq(&a, &index.slots[i].name)
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
}
