//! validator interop, behind the `validator` feature: `impl validator::Validate` for the typed
//! configuration. It runs every rule of iamconf on the typed values (as values set in code),
//! and reports each error-level finding as a `ValidationError` whose `code` is the rule's code
//! and whose `message` is iamconf's redacted message. `params` stay empty, so no value ever
//! reaches them (validator's own derive puts the raw value there).
//!
//! Errors are keyed `section` → `field` for [`Sections`] and [`Config`], and by field for a
//! section validated on its own (`#[validate(nested)] oidc: iamconf::OidcConfig`); findings
//! about no single field are under `__all__`.

use std::borrow::Cow;

use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::input::environment::{Entry, RawValue};
use crate::input::source::{Source, SourceKind};
use crate::model::config::Config;
use crate::model::declaration::{
    BreakGlassConfig, IamConfig, LdapConfig, OidcConfig, Sections, ServerConfig, VARIABLES, lookup,
};
use crate::model::spec::VarSpec;
use crate::model::typed::{Section, form_text};
use crate::report::diagnostic::{Diagnostic, Report, Severity};
use crate::resolve::load::ConfigBuilder;

/// Runs every rule on the values of a config-file form (`section → field → value`).
fn check(form: &serde_json::Map<String, serde_json::Value>) -> Report {
    let mut entries = Vec::new();
    for spec in VARIABLES {
        let Some(text) = form
            .get(spec.section.key)
            .and_then(|s| s.get(spec.field))
            .and_then(form_text)
        else {
            continue;
        };
        let key = spec.key();
        entries.push(Entry {
            name: spec.env.to_owned(),
            value: RawValue::Text(text),
            source: Source::bare(SourceKind::Code).with_name(key),
        });
    }
    ConfigBuilder::default()
        .entries(entries, Vec::new())
        .evaluate()
        .report
}

/// The declaration a finding is about: its first variable's.
fn spec_of(d: &Diagnostic) -> Option<&'static VarSpec> {
    d.variables.first().and_then(|v| lookup(v)).map(|(s, _)| s)
}

/// A finding as a `ValidationError`: the rule's code, the redacted message, no params.
fn error_of(d: &Diagnostic) -> ValidationError {
    ValidationError::new(d.code).with_message(Cow::Owned(d.message.clone()))
}

/// Error-level findings keyed `section` → `field`.
fn nested_errors(report: &Report) -> Result<(), ValidationErrors> {
    let mut out = ValidationErrors::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        match spec_of(d) {
            Some(spec) => {
                let entry = out
                    .errors_mut()
                    .entry(Cow::Borrowed(spec.section.key))
                    .or_insert_with(|| {
                        ValidationErrorsKind::Struct(Box::new(ValidationErrors::new()))
                    });
                if let ValidationErrorsKind::Struct(inner) = entry {
                    inner.add(spec.field, error_of(d));
                }
            }
            None => out.add("__all__", error_of(d)),
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Error-level findings about one section, keyed by field.
fn section_errors(report: &Report, section: &str) -> Result<(), ValidationErrors> {
    let mut out = ValidationErrors::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        match spec_of(d) {
            Some(spec) if spec.section.key == section => out.add(spec.field, error_of(d)),
            Some(_) => {}
            None => out.add("__all__", error_of(d)),
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

impl Validate for Sections {
    /// Every rule over the typed values; each error-level finding as a `ValidationError` with
    /// the rule's code and redacted message.
    fn validate(&self) -> Result<(), ValidationErrors> {
        nested_errors(&check(&self.to_form(true)))
    }
}

impl Validate for Config {
    /// As for [`Sections`].
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.sections().validate()
    }
}

macro_rules! validate_section {
    ($($T:ty => $key:literal),* $(,)?) => {$(
        impl Validate for $T {
            /// Every rule over this section's values alone (the other sections at their
            /// defaults); its error-level findings keyed by field.
            fn validate(&self) -> Result<(), ValidationErrors> {
                let mut form = serde_json::Map::new();
                form.insert($key.to_owned(), serde_json::Value::Object(Section::to_form(self, true)));
                section_errors(&check(&form), $key)
            }
        }
    )*};
}

validate_section!(
    OidcConfig => "oidc",
    BreakGlassConfig => "break_glass",
    IamConfig => "iam",
    ServerConfig => "server",
    LdapConfig => "ldap",
);
