//! The field types of the typed configuration sections, and how each is read from a resolved
//! [`Value`] and written in the config-file form. The sections themselves are generated from the
//! one declaration (`model/declaration.rs`) by the `variables!` macro.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::model::secret::{Secret, SecretUrl};
use crate::model::value::{AuthMethod, Value};

/// An OpenID issuer, byte-exact as written: never re-printed through `url::Url`, which would add
/// a trailing `/` to `https://x.com` (and then the discovery document's `issuer` no longer
/// matches).
///
/// ```
/// let issuer = iamconf::Issuer::new("https://x.com");
/// assert_eq!(issuer.as_str(), "https://x.com");
/// assert_eq!(issuer.to_string(), "https://x.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Issuer(String);

impl Issuer {
    /// An issuer with this exact text (not checked: [`crate::ConfigBuilder`] checks).
    pub fn new(text: impl Into<String>) -> Self {
        Issuer(text.into())
    }

    /// The issuer text, byte-exact.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Issuer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A field type of a typed section: how it is read from the effective value of its setting
/// (`None` when the setting has no value) and written in the config-file form.
pub(crate) trait Field: Sized {
    /// The field from the effective value; `None` when it cannot be built (a required setting
    /// without a value, or a value of another type).
    fn from_value(value: Option<&Value>) -> Option<Self>;

    /// The field in the config-file form (JSON-like); `None` for an absent optional value.
    /// Secrets are masked.
    fn to_form(&self) -> Option<serde_json::Value>;

    /// The field in the config-file form with secrets exposed, for handing the resolved
    /// settings to another configuration system; `None` for an absent optional value.
    fn to_form_exposed(&self) -> Option<serde_json::Value> {
        self.to_form()
    }
}

/// Implements [`Field`] for a type and for `Option` of it.
macro_rules! field {
    ($ty:ty, |$v:ident| $from:expr, |$s:ident| $to:expr $(, exposed |$e:ident| $exp:expr)?) => {
        impl Field for $ty {
            fn from_value(value: Option<&Value>) -> Option<Self> {
                let $v = value?;
                $from
            }

            fn to_form(&self) -> Option<serde_json::Value> {
                let $s = self;
                Some($to)
            }

            $(
                fn to_form_exposed(&self) -> Option<serde_json::Value> {
                    let $e = self;
                    Some($exp)
                }
            )?
        }

        impl Field for Option<$ty> {
            fn from_value(value: Option<&Value>) -> Option<Self> {
                match value {
                    None => Some(None),
                    Some(_) => <$ty as Field>::from_value(value).map(Some),
                }
            }

            fn to_form(&self) -> Option<serde_json::Value> {
                self.as_ref().and_then(Field::to_form)
            }

            fn to_form_exposed(&self) -> Option<serde_json::Value> {
                self.as_ref().and_then(Field::to_form_exposed)
            }
        }
    };
}

field!(bool, |v| v.as_bool(), |s| serde_json::Value::Bool(*s));
field!(String, |v| v.as_text().map(str::to_owned), |s| {
    serde_json::Value::String(s.clone())
});
field!(Issuer, |v| v.as_url().map(Issuer::new), |s| {
    serde_json::Value::String(s.0.clone())
});
field!(
    AuthMethod,
    |v| match v {
        Value::AuthMethod(m) => Some(*m),
        _ => None,
    },
    |s| serde_json::Value::String(s.as_str().to_owned())
);
field!(
    Secret,
    |v| match v {
        Value::Secret(s) => Some(s.clone()),
        _ => None,
    },
    |s| serde_json::Value::String(s.to_string()),
    exposed | e | serde_json::Value::String(e.expose_secret().to_owned())
);
field!(
    SecretUrl,
    |v| match v {
        Value::Url(u) => Some(u.clone()),
        _ => None,
    },
    |s| serde_json::Value::String(s.to_string()),
    exposed | e | serde_json::Value::String(e.expose_secret().to_owned())
);
field!(
    url::Url,
    |v| v.as_url().and_then(|t| url::Url::parse(t).ok()),
    |s| serde_json::Value::String(s.as_str().to_owned())
);
field!(
    Duration,
    |v| match v {
        Value::Hours(h) => Some(Duration::from_secs(h.saturating_mul(3600))),
        _ => None,
    },
    |s| serde_json::Value::from(s.as_secs() / 3600)
);
field!(PathBuf, |v| v.as_text().map(PathBuf::from), |s| {
    serde_json::Value::String(s.to_string_lossy().into_owned())
});

/// A list: an unset list is empty.
impl Field for Vec<String> {
    fn from_value(value: Option<&Value>) -> Option<Self> {
        match value {
            None => Some(Vec::new()),
            Some(Value::List(l)) => Some(l.clone()),
            Some(_) => None,
        }
    }

    fn to_form(&self) -> Option<serde_json::Value> {
        (!self.is_empty()).then(|| serde_json::Value::from(self.clone()))
    }
}

/// A typed section: its config-file form.
pub(crate) trait Section {
    /// The fields that have a value, by field name; secrets masked unless `expose`.
    fn to_form(&self, expose: bool) -> serde_json::Map<String, serde_json::Value>;
}

/// A section as `Config` holds it: the section itself, or `Option` of it for optional sections.
pub(crate) trait Slot: Sized {
    /// The section type.
    type Section: Section;
    /// The section, when present.
    fn get(&self) -> Option<&Self::Section>;
    /// The slot from the section's config-file form (absent: `None`, or the defaults).
    #[allow(dead_code, reason = "used by the figment integration")]
    fn from_form(form: Option<serde_json::Value>) -> Result<Self, String>;
}

/// The text a config-file form value stands for, as a variable would hold it (lists joined with
/// spaces, hours as digits). The typed sections' `Deserialize` reads the form, then parses this
/// text with the same parsers as every other input.
pub(crate) fn form_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(form_text)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        serde_json::Value::Object(_) => None,
    }
}

/// Builds one field of a section being deserialized: the text of the given form value (or the
/// declared default) parsed for the setting, then read as the field's type.
pub(crate) fn field_from_form<T: Field>(
    spec: &'static crate::model::spec::VarSpec,
    form: Option<&serde_json::Value>,
) -> Result<T, String> {
    let text = form.and_then(form_text);
    let text = text.as_deref().filter(|t| !t.is_empty()).or(spec.default);
    let value = match text {
        Some(t) => {
            Some(crate::model::value::parse(spec, &spec.key(), t, true).map_err(|p| p.message)?)
        }
        None => None,
    };
    T::from_value(value.as_ref()).ok_or_else(|| format!("missing field `{}`", spec.field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_fields_read_absence_as_none_and_required_ones_fail() {
        assert_eq!(<Option<String> as Field>::from_value(None), Some(None));
        assert_eq!(<String as Field>::from_value(None), None);
        assert_eq!(
            <Option<bool> as Field>::from_value(Some(&Value::Text("x".into()))),
            None
        );
        assert_eq!(<Vec<String> as Field>::from_value(None), Some(Vec::new()));
        assert_eq!(
            <Duration as Field>::from_value(Some(&Value::Hours(2))),
            Some(Duration::from_secs(7200))
        );
    }

    #[test]
    fn secrets_are_masked_in_the_form_unless_exposed() {
        let s = Secret::new("hunter2");
        assert_eq!(s.to_form(), Some(serde_json::json!("***")));
        assert_eq!(s.to_form_exposed(), Some(serde_json::json!("hunter2")));
        let u = SecretUrl::new("mysql://u:pw@db/x");
        assert_eq!(u.to_form(), Some(serde_json::json!("mysql://u:***@db/x")));
    }

    #[test]
    fn issuer_stays_byte_exact() {
        let i = <Issuer as Field>::from_value(Some(&Value::Url(SecretUrl::new("https://x.com"))));
        assert_eq!(i.map(|i| i.to_string()).as_deref(), Some("https://x.com"));
    }
}
