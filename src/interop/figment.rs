//! figment interop, behind the `figment` feature.
//!
//! - [`Config::to_figment`] gives the resolved canonical settings as a `Figment` in the nested
//!   form (`oidc.issuer`, `iam.session_length`, ...), one provider per setting, so that every
//!   value keeps its own metadata: the iamconf source (`prod.env:3:1`, `environment variable
//!   `GORILLA_OIDC_ISSUER``, `default`) as its name, the file as its source, and the variable as
//!   spelled as its interpolated key. Merge it into a server's figment and `extract()`.
//! - [`ConfigBuilder::figment`] reads the nested keys of a server's `Figment` as an input (in the
//!   config-file precedence slot), and [`Config::from_figment`] loads from one: every rule runs,
//!   and every finding names the figment key and the file figment's metadata knows.
//! - `From<Report> for figment::Error`: every finding chained, with its key as the path.
//!
//! figment's `Env` provider guesses types before it knows the field (`0123` becomes the number
//! 123): read environment variables with [`ConfigBuilder::env`], and use figment for the
//! server's own files and for interop.

use ::figment::value::{Dict, Map, Value as FValue};
use ::figment::{Figment, Metadata, Profile, Provider};

use crate::input::environment::{Entry, RawValue};
use crate::input::source::{Source, SourceKind};
use crate::model::config::Config;
use crate::model::declaration::{SECTIONS, VARIABLES, VarId};
use crate::model::suggest::nearest;
use crate::report::diagnostic::{Diagnostic, Report};
use crate::resolve::load::ConfigBuilder;
use crate::rules::names::{PARSE_ERROR, UNKNOWN_VARIABLE};

impl Config {
    /// The resolved settings as a `Figment`, nested (`oidc.issuer`), one provider per setting
    /// so that each value has its own metadata. Secrets are `***`: use
    /// [`Config::to_figment_exposing_secrets`] for a layer the server reads secrets from.
    ///
    /// ```
    /// let config = iamconf::Config::builder()
    ///     .env_vars([("OIDC_ISSUER", "https://x.okta.com"), ("OIDC_CLIENT_ID", "w")])
    ///     .load()
    ///     .unwrap();
    /// let figment = config.to_figment();
    /// let issuer: String = figment.extract_inner("oidc.issuer").unwrap();
    /// assert_eq!(issuer, "https://x.okta.com");
    /// let meta = figment.find_metadata("oidc.issuer").unwrap();
    /// assert_eq!(meta.name, "iamconf: environment variable `OIDC_ISSUER`");
    /// ```
    pub fn to_figment(&self) -> Figment {
        self.figment_with(false)
    }

    /// Like [`Config::to_figment`], with secret values in the clear, for a server that reads
    /// its client secret or database password from the merged figment.
    pub fn to_figment_exposing_secrets(&self) -> Figment {
        self.figment_with(true)
    }

    /// Loads from a server's `Figment` alone (defaults below it): every rule runs, and each
    /// finding names the figment key and its file.
    pub fn from_figment(figment: &Figment) -> Result<Config, Report> {
        Config::builder().figment(figment).load()
    }

    fn figment_with(&self, expose: bool) -> Figment {
        let form = self.to_form(expose);
        let mut figment = Figment::new();
        for &var in VarId::ALL {
            let spec = var.spec();
            let Some(value) = form
                .get(spec.section.key)
                .and_then(|s| s.get(spec.field))
                .and_then(|v| FValue::serialize(v).ok())
            else {
                continue;
            };
            let source = self.source(var);
            let spelled = self.spelled(var).to_owned();
            let name = format!("iamconf: {source}");
            let origin = match source.path() {
                Some(path) => ::figment::Source::File(path.to_path_buf()),
                None => ::figment::Source::Custom(source.to_string()),
            };
            let metadata = Metadata::from(name, origin)
                .interpolater(move |_: &Profile, _: &[&str]| spelled.clone());
            figment = figment.merge(One {
                section: spec.section.key,
                field: spec.field,
                value,
                metadata,
            });
        }
        figment
    }
}

/// One setting as a figment provider.
struct One {
    section: &'static str,
    field: &'static str,
    value: FValue,
    metadata: Metadata,
}

impl Provider for One {
    fn metadata(&self) -> Metadata {
        self.metadata.clone()
    }

    fn data(&self) -> Result<Map<Profile, Dict>, ::figment::Error> {
        let mut fields = Dict::new();
        fields.insert(self.field.to_owned(), self.value.clone());
        let mut sections = Dict::new();
        sections.insert(self.section.to_owned(), FValue::from(fields));
        Ok(Profile::Default.collect(sections))
    }
}

impl ConfigBuilder {
    /// Adds the nested keys of a server's `Figment` (`oidc.issuer`, ...; use
    /// `figment.focus("wandb")` when they sit under a key) as an input in the config-file
    /// precedence slot. Values are judged by the same parsers and rules as every other input;
    /// their source is the figment key, and the file when figment's metadata knows it.
    pub fn figment(self, figment: &Figment) -> Self {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for section in SECTIONS {
            let Ok(FValue::Dict(_, fields)) = figment.find_value(section.key) else {
                continue;
            };
            for (field, value) in &fields {
                let key = format!("{}.{field}", section.key);
                let source = source_of(figment, &key);
                let Some(spec) = VARIABLES
                    .iter()
                    .find(|v| std::ptr::eq(v.section, *section) && v.field == field)
                else {
                    let known = VARIABLES
                        .iter()
                        .filter(|v| std::ptr::eq(v.section, *section))
                        .map(|v| v.field);
                    let help = match nearest(field, known, 2) {
                        Some(b) => format!("did you mean `{}.{b}`?", section.key),
                        None => "see schema/iamconf.schema.json for the known settings".to_owned(),
                    };
                    problems.push(UNKNOWN_VARIABLE.diag(
                        &source,
                        &[&key],
                        format!("`{key}` is not a known setting"),
                        help,
                    ));
                    continue;
                };
                match text_of(value) {
                    Ok(Some(text)) => entries.push(Entry {
                        name: spec.env.to_owned(),
                        value: RawValue::Text(text),
                        source,
                    }),
                    Ok(None) => {}
                    Err(what) => problems.push(PARSE_ERROR.diag(
                        &source,
                        &[&key],
                        format!("`{key}` is {what}, not a value"),
                        format!("set `{key}` to a single value"),
                    )),
                }
            }
        }
        self.entries(entries, problems)
    }
}

/// The source of a figment key: its file (when the provider has one) and the key as the
/// provider spells it.
fn source_of(figment: &Figment, key: &str) -> Source {
    let mut source = Source::bare(SourceKind::Figment);
    if let Some(meta) = figment.find_metadata(key) {
        let keys: Vec<&str> = key.split('.').collect();
        let spelled = meta.interpolate(&Profile::Default, &keys);
        source = source.with_name(spelled).with_provider(&meta.name);
        if let Some(path) = meta.source.as_ref().and_then(|s| s.file_path()) {
            source = source.with_path(path);
            // A value from iamconf's own layer ([`Config::to_figment`]) knows its line and column.
            if let Some((line, column)) = own_position(&meta.name) {
                source.set_position(Some(line), Some(column));
            }
        }
    } else {
        source = source.with_name(key);
    }
    source
}

/// The line and column of a value from iamconf's own layer: its metadata is named
/// `iamconf: <path>:<line>:<column>`.
fn own_position(name: &str) -> Option<(usize, usize)> {
    let rest = name.strip_prefix("iamconf: ")?;
    let (rest, column) = rest.rsplit_once(':')?;
    let (_, line) = rest.rsplit_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The text a figment value stands for, as a variable would hold it; `Ok(None)` for an empty
/// value, `Err` for a table.
fn text_of(value: &FValue) -> Result<Option<String>, &'static str> {
    Ok(match value {
        FValue::String(_, s) => Some(s.clone()),
        FValue::Char(_, c) => Some(c.to_string()),
        FValue::Bool(_, b) => Some(b.to_string()),
        FValue::Num(_, n) => n
            .to_i128()
            .map(|i| i.to_string())
            .or_else(|| n.to_f64().map(|f| f.to_string())),
        FValue::Empty(..) => None,
        FValue::Array(_, items) => {
            let mut parts = Vec::new();
            for item in items {
                if let Some(t) = text_of(item)? {
                    parts.push(t);
                }
            }
            Some(parts.join(" "))
        }
        FValue::Dict(..) => return Err("a table"),
    })
}

impl From<Report> for ::figment::Error {
    /// Every finding as one chained `figment::Error` (its key as the path, its redacted
    /// message), so a figment-based start-up prints them all.
    fn from(report: Report) -> Self {
        let mut errors = report.diagnostics.iter().map(figment_error);
        let Some(first) = errors.next() else {
            return ::figment::Error::from("invalid configuration".to_owned());
        };
        errors.fold(first, ::figment::Error::chain)
    }
}

fn figment_error(d: &Diagnostic) -> ::figment::Error {
    let mut e = ::figment::Error::from(format!("{}[{}]: {}", d.severity, d.code, d.message));
    if let Some(var) = d
        .variables
        .first()
        .and_then(|v| crate::model::declaration::lookup(v))
    {
        e.path = vec![var.0.section.key.to_owned(), var.0.field.to_owned()];
    }
    e
}
