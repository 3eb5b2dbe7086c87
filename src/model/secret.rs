//! Secrets and redaction: nothing in this crate prints a secret's value.

use std::fmt;

/// The text that stands for a secret in every output.
pub(crate) const MASK: &str = "***";

/// A secret string. `Debug`, `Display` and `Serialize` print `***`; only
/// [`Secret::expose_secret`] gives the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself. Call it only where the value is used, never to print it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MASK)
    }
}

/// A URL that may carry credentials (`MYSQL`, `REDIS`, `BUCKET`, an issuer with userinfo).
/// It prints with the password masked; [`SecretUrl::expose_secret`] gives it byte-exact.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    /// Wraps a URL, kept exactly as written.
    pub fn new(value: impl Into<String>) -> Self {
        SecretUrl(value.into())
    }

    /// The URL exactly as written, credentials included.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        redact_url(&self.0)
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.redacted())
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl serde::Serialize for SecretUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted())
    }
}

/// How many characters of a value a message or snippet shows before cutting it with `…`: a
/// value megabytes long must not make the output megabytes long (or a caret as wide).
pub(crate) const SHOWN_CHARS: usize = 200;

/// A shown value cut at [`SHOWN_CHARS`] characters.
pub(crate) fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Masks the userinfo of a URL: the one parser of [`crate::model::url_text::redact_url`], which serves
/// messages, help lines, `show` and every output format.
pub(crate) fn redact_url(raw: &str) -> String {
    crate::model::url_text::redact_url(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
        assert_eq!(serde_json::to_string(&s).ok().as_deref(), Some("\"***\""));
        assert_eq!(s.expose_secret(), "hunter2");
    }

    #[test]
    fn urls_are_masked() {
        assert_eq!(
            redact_url("mysql://wandb:pw@db:3306/wandb"),
            "mysql://wandb:***@db:3306/wandb"
        );
        assert_eq!(
            redact_url("s3://KEY:SEC/RET@minio/bucket?tls=true"),
            "s3://KEY:***@minio/bucket?tls=true"
        );
        assert_eq!(
            redact_url("redis://:pw@redis:6379"),
            "redis://:***@redis:6379"
        );
        assert_eq!(redact_url("redis://token@redis"), "redis://***@redis");
        assert_eq!(redact_url("https://x.com/a@b"), "https://***@b");
        assert_eq!(redact_url("user:pw@host"), "user:***@host");
        assert_eq!(
            redact_url("https://idp.example.com"),
            "https://idp.example.com"
        );
        let u = SecretUrl::new("mysql://u:canary@h/db");
        assert!(!format!("{u} {u:?}").contains("canary"));
    }
}
