//! Typed values and the type-directed parsers that turn a variable's text into one.

use std::fmt;

use crate::model::secret::{Secret, SecretUrl, redact_url};
use crate::model::spec::{Kind, UrlKind, VarSpec};
use crate::rules::rule::Rule;
use crate::rules::values as v;

/// The OIDC flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum AuthMethod {
    /// Implicit flow with `form_post` (the default).
    Implicit,
    /// Authorization code with PKCE (S256).
    Pkce,
}

impl AuthMethod {
    /// `implicit` or `pkce`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Implicit => "implicit",
            AuthMethod::Pkce => "pkce",
        }
    }
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A session length in the config-file form: a number of hours, or a Go duration (`"720h"`,
/// `"90m"`, `"1h30m"`), for the schema.
#[cfg(feature = "schema")]
#[derive(serde::Serialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "its schema is the only use")]
pub(crate) enum SessionHours {
    /// Whole hours.
    Hours(u64),
    /// A Go duration in hours.
    Duration(String),
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for SessionHours {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SessionHours".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                { "type": "integer", "minimum": 1, "maximum": MAX_HOURS },
                { "type": "string", "pattern": GO_DURATION_PATTERN }
            ]
        })
    }
}

/// A retention period in the config-file form: `"<n>h"` (for the schema).
#[cfg(feature = "schema")]
#[derive(serde::Serialize)]
#[serde(transparent)]
#[allow(dead_code, reason = "its schema is the only use")]
pub(crate) struct RetentionPeriod(pub(crate) String);

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RetentionPeriod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RetentionPeriod".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^[1-9][0-9]*h$" })
    }
}

/// Go's `time.ParseDuration` grammar as a JSON-schema pattern (ranges are checked by the parser).
#[cfg(any(feature = "schema", feature = "lint"))]
pub(crate) const GO_DURATION_PATTERN: &str =
    "^[-+]?(0|([0-9]*(\\.[0-9]*)?(ns|us|\u{b5}s|\u{3bc}s|ms|s|m|h))+)$";

/// The largest number of hours a Go `time.Duration` holds.
pub(crate) const MAX_HOURS: u64 = 2_562_047;

/// A parsed value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Value {
    /// Text. Prints (and serializes) with any URL userinfo masked: a text setting such as
    /// `NOTIFICATIONS_QUEUE` may hold a URL with a password.
    Text(#[serde(serialize_with = "serialize_redacted")] String),
    /// A secret: prints as `***`.
    Secret(Secret),
    /// A boolean.
    Bool(bool),
    /// An OIDC flow.
    AuthMethod(AuthMethod),
    /// A number of hours.
    Hours(u64),
    /// A Go duration that is not a whole number of hours (`GORILLA_SESSION_LENGTH=90m`); prints
    /// and serialises as Go prints it (`1h30m0s`).
    Duration(#[serde(serialize_with = "serialize_go_duration")] std::time::Duration),
    /// A list (scopes).
    List(Vec<String>),
    /// A URL, byte-exact; prints with any password masked.
    Url(SecretUrl),
}

impl Value {
    /// The text, for text values.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, for booleans.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The URL exactly as written, for URLs.
    pub fn as_url(&self) -> Option<&str> {
        match self {
            Value::Url(u) => Some(u.expose_secret()),
            _ => None,
        }
    }
}

fn serialize_redacted<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&redact_url(text))
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) => f.write_str(&redact_url(s)),
            Value::Secret(s) => write!(f, "{s}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::AuthMethod(m) => write!(f, "{m}"),
            Value::Hours(h) => write!(f, "{h}h"),
            Value::Duration(d) => f.write_str(&go_string(*d)),
            Value::List(l) => f.write_str(&l.join(" ")),
            Value::Url(u) => write!(f, "{u}"),
        }
    }
}

/// A positive duration as Go prints it.
fn go_string(d: std::time::Duration) -> String {
    crate::model::duration::format_go_duration(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

fn serialize_go_duration<S: serde::Serializer>(
    d: &std::time::Duration,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&go_string(*d))
}

/// A positive Go duration as a value: whole hours stay [`Value::Hours`], so that `24h`, `1440m`
/// and `SESSION_LENGTH=24` compare equal.
pub(crate) fn duration_value(nanos: i64) -> Value {
    let hour = crate::model::duration::HOUR;
    match u64::try_from(nanos) {
        Ok(n) if nanos % hour == 0 => Value::Hours(n / hour.unsigned_abs()),
        Ok(n) => Value::Duration(std::time::Duration::from_nanos(n)),
        Err(_) => Value::Hours(0),
    }
}

/// Why a value did not parse: the rule, a message and a help line, never holding a secret.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) rule: &'static Rule,
    pub(crate) message: String,
    pub(crate) help: String,
    /// A problem that does not stop the value from being used (reported at warning level).
    pub(crate) warning_only: bool,
}

fn problem(rule: &'static Rule, message: String, help: String) -> Problem {
    Problem {
        rule,
        message,
        help,
        warning_only: false,
    }
}

/// The text of a value as it may appear in a message: secrets masked, URL passwords masked.
/// Redacted only when formatted: most values are valid and never shown.
pub(crate) fn shown<'a>(spec: &VarSpec, text: &'a str) -> Shown<'a> {
    Shown {
        secret: spec.secret,
        text,
    }
}

/// A value's text for messages (see [`shown`]), redacted when displayed.
pub(crate) struct Shown<'a> {
    secret: bool,
    text: &'a str,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            f.write_str(crate::model::secret::MASK)
        } else {
            f.write_str(&crate::model::secret::clip(&redact_url(self.text)))
        }
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The accepted spelling nearest to a rejected boolean, if there is an obvious one.
fn nearest_bool(text: &str) -> Option<&'static str> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "1" | "t" | "true" | "yes" | "y" | "on" | "enable" | "enabled" => Some("true"),
        "0" | "f" | "false" | "no" | "n" | "off" | "disable" | "disabled" => Some("false"),
        _ => None,
    }
}

/// Parses the text of one spelling of a setting. `name` is the spelling as written (it chooses
/// the session-length encoding); `from_config` accepts both session encodings.
pub(crate) fn parse(
    spec: &VarSpec,
    name: &str,
    text: &str,
    from_config: bool,
) -> Result<Value, Problem> {
    parse_keeping_url(spec, name, text, from_config).map(|(value, _)| value)
}

/// [`parse`], also giving the issuer as `url::Url::parse` read it (`None` for other kinds, and
/// for an issuer without a scheme), so that the issuer rules need not parse it again.
pub(crate) fn parse_keeping_url(
    spec: &VarSpec,
    name: &str,
    text: &str,
    from_config: bool,
) -> Result<(Value, Option<url::Url>), Problem> {
    if text.contains('\0') {
        return Err(problem(
            &v::INVALID_VALUE,
            format!(
                "{name} holds a NUL byte: no environment variable can carry one, so the server would see the value cut short"
            ),
            format!("remove the NUL byte from {name}"),
        ));
    }
    if spec.kind == Kind::Issuer {
        return parse_issuer(name, text);
    }
    parse_other(spec, name, text, from_config).map(|value| (value, None))
}

/// [`parse`] for every kind but the issuer.
fn parse_other(
    spec: &VarSpec,
    name: &str,
    text: &str,
    from_config: bool,
) -> Result<Value, Problem> {
    let shown_text = shown(spec, text);
    match spec.kind {
        Kind::Text => Ok(Value::Text(text.to_owned())),
        Kind::Secret => Ok(Value::Secret(Secret::new(text))),
        Kind::Bool => parse_go_bool(text).map(Value::Bool).ok_or_else(|| {
            // The help never picks a meaning for the user: `LOCAL_RESTORE=yes` "fixed" to
            // `true` would switch SSO off.
            let help = match nearest_bool(text) {
                Some(b) if spec.env == "LOCAL_RESTORE" => format!(
                    "`{shown_text}` reads like {b}, but the server does not accept it. Setting LOCAL_RESTORE to true switches SSO off and prints a temporary admin password: use true only for a break-glass sign-in; to keep SSO on, remove LOCAL_RESTORE"
                ),
                Some(b) => format!("set {name}={b}"),
                None => format!("set {name}=true or {name}=false"),
            };
            problem(
                &v::INVALID_BOOL,
                format!(
                    "{name}={shown_text} is not a boolean Go accepts (true, false, 1, 0, t, f)"
                ),
                help,
            )
        }),
        Kind::AuthMethod => match text {
            "implicit" => Ok(Value::AuthMethod(AuthMethod::Implicit)),
            "pkce" => Ok(Value::AuthMethod(AuthMethod::Pkce)),
            other => {
                let lower = other.trim().to_ascii_lowercase();
                let nearest = if lower.contains("pkce") || lower == "code" || lower.starts_with('p')
                {
                    "pkce"
                } else if lower.contains("impl") || lower.starts_with('i') {
                    "implicit"
                } else {
                    ""
                };
                let help = if nearest.is_empty() {
                    format!("set {name}=pkce or {name}=implicit")
                } else {
                    format!("set {name}={nearest}")
                };
                Err(problem(
                    &v::INVALID_AUTH_METHOD,
                    format!(
                        "{name}={shown_text} is not an auth method: use exactly `implicit` or `pkce`"
                    ),
                    help,
                ))
            }
        },
        Kind::SessionLength => parse_session_length(name, text, from_config),
        Kind::RetentionPeriod => parse_retention(name, text),
        Kind::Scopes => parse_scopes(name, text),
        Kind::Origins => parse_origins(name, text),
        Kind::AwsRegion => {
            if is_aws_region(text) {
                Ok(Value::Text(text.to_owned()))
            } else {
                Err(problem(
                    &v::INVALID_VALUE,
                    format!("{name}={shown_text} is not an AWS region id"),
                    format!("set {name} to a region id such as us-east-1"),
                ))
            }
        }
        Kind::Issuer => parse_issuer(name, text).map(|(value, _)| value),
        Kind::Url(kind) => parse_url(name, text, kind),
    }
}

/// Whether the spellings `a` and `b` of a setting read a text the same way, so that one parse
/// serves both. Only the session length has two encodings (`GORILLA_SESSION_LENGTH` takes a Go
/// duration such as `720h`, `SESSION_LENGTH` a number of hours); every other parser uses the
/// spelling in its messages only.
pub(crate) fn same_encoding(spec: &VarSpec, a: &str, b: &str) -> bool {
    spec.kind != Kind::SessionLength || a.starts_with("GORILLA_") == b.starts_with("GORILLA_")
}

/// The value of a text that only drew a warning (a scope list with mixed separators).
pub(crate) fn parse_lenient(spec: &VarSpec, text: &str) -> Value {
    match spec.kind {
        Kind::Scopes => Value::List(
            text.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        _ => Value::Text(text.to_owned()),
    }
}

fn parse_hours(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>()
        .ok()
        .filter(|h| (1..=MAX_HOURS).contains(h))
}

fn parse_session_length(name: &str, text: &str, from_config: bool) -> Result<Value, Problem> {
    use crate::model::duration::{DurationError, parse_go_duration};
    // Any URL userinfo masked, as in every message (the one parser of `url_text`).
    let shown = redact_url(text);
    let wants_duration = name.starts_with("GORILLA_");
    let bad_number = || {
        problem(
            &v::INVALID_NUMBER,
            if wants_duration || from_config {
                format!("{name}={shown} is not a positive duration")
            } else {
                format!(
                    "{name}={shown} is not a positive whole number of hours (at most {MAX_HOURS})"
                )
            },
            if wants_duration {
                format!("set {name}=720h")
            } else {
                format!("set {name}=720")
            },
        )
    };
    // A bare number of hours (SESSION_LENGTH, and the config-file form).
    if !wants_duration || from_config {
        if let Some(h) = parse_hours(text) {
            return Ok(Value::Hours(h));
        }
    }
    let duration = parse_go_duration(text);
    if wants_duration || from_config {
        return match duration {
            Ok(nanos) if nanos > 0 => Ok(duration_value(nanos)),
            Ok(_) => Err(bad_number()),
            Err(DurationError::MissingUnit) if parse_hours(text).is_some() => Err(problem(
                &v::SESSION_LENGTH_UNIT,
                format!("{name}={shown} lacks its unit: {name} is a Go duration such as 720h"),
                format!("set {name}={shown}h"),
            )),
            Err(DurationError::MissingUnit)
                if text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+') =>
            {
                Err(bad_number())
            }
            Err(e) => Err(problem(
                &v::SESSION_LENGTH_UNIT,
                format!(
                    "{name}={shown} is not a Go duration ({e}); Go durations look like 720h, 90m or 1h30m"
                ),
                format!("set {name}=720h (or another Go duration such as 12h or 90m)"),
            )),
        };
    }
    // SESSION_LENGTH with a unit: the other encoding.
    match duration {
        Ok(nanos) if nanos > 0 => {
            let help = match duration_value(nanos) {
                Value::Hours(h) => format!("set {name}={h} (or GORILLA_SESSION_LENGTH={shown})"),
                _ => format!("set GORILLA_SESSION_LENGTH={shown} instead of {name}"),
            };
            Err(problem(
                &v::SESSION_LENGTH_UNIT,
                format!("{name}={shown} has a unit, but {name} is a bare number of hours"),
                help,
            ))
        }
        _ => Err(bad_number()),
    }
}

fn parse_retention(name: &str, text: &str) -> Result<Value, Problem> {
    // Any URL userinfo masked, as in every message (the one parser of `url_text`).
    let shown = redact_url(text);
    match text.strip_suffix('h') {
        Some(n) if parse_hours(n).is_some() => Ok(Value::Hours(parse_hours(n).unwrap_or_default())),
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => Err(problem(
            &v::INVALID_NUMBER,
            format!("{name}={shown} is not a positive number of hours (at most {MAX_HOURS})"),
            format!("set {name}=24h"),
        )),
        _ => {
            let help = if parse_hours(text).is_some() {
                format!("set {name}={shown}h")
            } else {
                format!("set {name} to a number of hours ending in h, such as {name}=24h")
            };
            Err(problem(
                &v::RETENTION_PERIOD_UNIT,
                format!("{name}={shown} is not a number of hours ending in `h`"),
                help,
            ))
        }
    }
}

fn parse_scopes(name: &str, text: &str) -> Result<Value, Problem> {
    let has_comma = text.contains(',');
    let scopes: Vec<String> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    // RFC 6749 3.3: scope tokens are printable ASCII except space, `"` and `\`.
    if let Some(bad) = scopes.iter().find(|s| {
        !s.bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\')
    }) {
        return Err(problem(
            &v::INVALID_VALUE,
            format!("{name} holds `{bad}`, which is not a valid scope name"),
            format!(
                "set {name} to scope names separated by spaces, such as {name}=groups offline_access"
            ),
        ));
    }
    let mixed = has_comma
        && text
            .split(',')
            .any(|part| part.trim().contains(char::is_whitespace));
    if mixed {
        return Err(Problem {
            warning_only: true,
            ..problem(
                &v::INVALID_VALUE,
                format!("{name} mixes spaces and commas as separators"),
                format!("set {name}={}", scopes.join(" ")),
            )
        });
    }
    Ok(Value::List(scopes))
}

/// `GORILLA_CORS_ORIGINS`: origins separated by commas, each `null`, `*` or an http(s) URL.
fn parse_origins(name: &str, text: &str) -> Result<Value, Problem> {
    let origins: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let bad = origins.iter().find(|o| {
        *o != "null"
            && *o != "*"
            && !url::Url::parse(o)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
    });
    match bad {
        Some(bad) => Err(problem(
            &v::INVALID_URL,
            format!(
                "{name} holds `{}`, which is not an origin (`null`, or a URL such as https://wandb.example.com)",
                redact_url(bad)
            ),
            format!(
                "set {name} to origins separated by commas, such as {name}=https://wandb.example.com,null"
            ),
        )),
        None => Ok(Value::List(origins)),
    }
}

fn is_aws_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_issuer(name: &str, text: &str) -> Result<(Value, Option<url::Url>), Problem> {
    let shown_text = Shown {
        secret: false,
        text,
    };
    if text.trim() != text || text.contains(char::is_whitespace) {
        return Err(problem(
            &v::INVALID_URL,
            format!("{name}=`{shown_text}` holds white space"),
            format!("remove the white space from {name}"),
        ));
    }
    match url::Url::parse(text) {
        Ok(url) => Ok((Value::Url(SecretUrl::new(text)), Some(url))),
        // No scheme at all (`accounts.google.com`): the OIDC rules report it as not https.
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Ok((Value::Url(SecretUrl::new(text)), None))
        }
        Err(e) => Err(problem(
            &v::INVALID_URL,
            format!("{name}={shown_text} is not a URL: {e}"),
            format!("set {name} to the issuer URL, such as https://example.okta.com"),
        )),
    }
}

fn parse_url(name: &str, text: &str, kind: UrlKind) -> Result<Value, Problem> {
    let shown_text = Shown {
        secret: false,
        text,
    };
    let schemes = kind.schemes();
    let example = match kind {
        UrlKind::Host => "https://wandb.example.com",
        UrlKind::Mysql => "mysql://user:password@db.example.com:3306/wandb",
        UrlKind::Redis => "redis://redis.example.com:6379",
        UrlKind::Bucket => "s3://BUCKET",
        UrlKind::Queue => "internal://",
        UrlKind::Ldap => "ldaps://ldap.example.com:636",
        UrlKind::SecretStore => "k8s-secretmanager://wandb-secret",
        UrlKind::Web => "https://example.vault.azure.net/",
    };
    if text.trim() != text || text.contains(char::is_whitespace) {
        return Err(problem(
            &v::INVALID_URL,
            format!("{name}=`{shown_text}` holds white space"),
            format!("remove the white space from {name} (a URL such as {example})"),
        ));
    }
    let scheme = text.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    let has_authority_marker =
        text.contains("://") || (kind == UrlKind::Queue && text.starts_with("pubsub:/"));
    if kind == UrlKind::Host && !has_authority_marker {
        return Err(problem(
            &v::HOST_MISSING_SCHEME,
            format!("{name}={shown_text} has no scheme"),
            format!(
                "set {name}=https://{}",
                crate::model::url_text::strip_userinfo(text).trim_start_matches(['/', '\\'])
            ),
        ));
    }
    match (scheme, has_authority_marker) {
        // The declared schemes are lower case: compare without allocating a lower-case copy.
        (Some(s), true) if schemes.iter().any(|k| k.eq_ignore_ascii_case(s)) => {}
        (Some(s), true) => {
            return Err(problem(
                &v::INVALID_URL,
                format!(
                    "{name}={shown_text} uses the scheme `{s}`; {name} takes {}",
                    list_schemes(schemes)
                ),
                format!(
                    "set {name} to a URL with {}, such as {example}",
                    list_schemes(schemes)
                ),
            ));
        }
        _ => {
            return Err(problem(
                &v::INVALID_URL,
                format!(
                    "{name}={shown_text} is not a URL with a scheme; {name} takes {}",
                    list_schemes(schemes)
                ),
                format!(
                    "set {name} to a URL with {}, such as {example}",
                    list_schemes(schemes)
                ),
            ));
        }
    }
    if let Err(e) = url::Url::parse(text) {
        // `s3://KEY:SEC/RET@host/bucket`: a `/` in the credentials ends the host early, for Go's
        // url.Parse as for ours.
        let creds_with_slash = text
            .split_once("://")
            .and_then(|(_, rest)| rest.split(['?', '#']).next())
            .and_then(|head| head.rsplit_once('@'))
            .is_some_and(|(userinfo, _)| userinfo.contains('/'));
        let help = if creds_with_slash {
            format!("percent-encode `/` in the credentials of {name} as `%2F`")
        } else {
            format!("set {name} to a valid URL, such as {example}")
        };
        return Err(problem(
            &v::INVALID_URL,
            format!("{name}={shown_text} is not a valid URL: {e}"),
            help,
        ));
    }
    Ok(Value::Url(SecretUrl::new(text)))
}

fn list_schemes(schemes: &[&str]) -> String {
    schemes
        .iter()
        .map(|s| format!("`{s}:`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::declaration::VarId;

    fn p(id: VarId, name: &str, text: &str) -> Result<Value, &'static str> {
        parse(id.spec(), name, text, false).map_err(|e| e.rule.code)
    }

    #[test]
    fn schemes_match_in_any_case() {
        use crate::model::spec::UrlKind;
        let kinds = [
            UrlKind::Host,
            UrlKind::Mysql,
            UrlKind::Redis,
            UrlKind::Bucket,
            UrlKind::Queue,
            UrlKind::Ldap,
            UrlKind::SecretStore,
        ];
        // parse_url compares with eq_ignore_ascii_case, which needs lower-case declarations.
        for kind in kinds {
            for scheme in kind.schemes() {
                assert_eq!(*scheme, scheme.to_ascii_lowercase());
            }
        }
        assert!(p(VarId::Host, "HOST", "HTTPS://wandb.example.com").is_ok());
        assert!(p(VarId::Redis, "REDIS", "Redis://redis:6379").is_ok());
        assert_eq!(
            p(VarId::Redis, "REDIS", "http://redis:6379"),
            Err(v::INVALID_URL.code)
        );
    }

    #[test]
    fn go_bools() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(
                p(VarId::LocalRestore, "LOCAL_RESTORE", t),
                Ok(Value::Bool(true))
            );
        }
        for t in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(
                p(VarId::LocalRestore, "LOCAL_RESTORE", t),
                Ok(Value::Bool(false))
            );
        }
        for t in ["yes", "on", "enabled", " true ", "tRUE"] {
            assert_eq!(
                p(VarId::LocalRestore, "LOCAL_RESTORE", t),
                Err("invalid-bool")
            );
        }
        let help = parse(VarId::LocalRestore.spec(), "LOCAL_RESTORE", "on", false)
            .err()
            .map(|e| e.help);
        // LOCAL_RESTORE=true switches SSO off: the help never makes that choice for the user.
        let help = help.unwrap_or_default();
        assert!(!help.starts_with("set LOCAL_RESTORE=true"), "{help}");
        assert!(help.contains("remove LOCAL_RESTORE"), "{help}");
        let other = parse(VarId::LocalRestore.spec(), "LOCAL_RESTORE", "banana", false)
            .err()
            .map(|e| e.help);
        assert_eq!(
            other.as_deref(),
            Some("set LOCAL_RESTORE=true or LOCAL_RESTORE=false")
        );
    }

    #[test]
    fn auth_methods_are_exact() {
        assert_eq!(
            p(VarId::OidcAuthMethod, "OIDC_AUTH_METHOD", "pkce"),
            Ok(Value::AuthMethod(AuthMethod::Pkce))
        );
        for t in ["PKCE", "Pkce", "implicit ", "oidc"] {
            assert_eq!(
                p(VarId::OidcAuthMethod, "OIDC_AUTH_METHOD", t),
                Err("invalid-auth-method")
            );
        }
        let help = parse(
            VarId::OidcAuthMethod.spec(),
            "OIDC_AUTH_METHOD",
            "PKCE",
            false,
        )
        .err()
        .map(|e| e.help);
        assert_eq!(help.as_deref(), Some("set OIDC_AUTH_METHOD=pkce"));
    }

    #[test]
    fn session_length_encodings() {
        assert_eq!(
            p(VarId::SessionLength, "SESSION_LENGTH", "24"),
            Ok(Value::Hours(24))
        );
        assert_eq!(
            p(VarId::SessionLength, "GORILLA_SESSION_LENGTH", "24h"),
            Ok(Value::Hours(24))
        );
        assert_eq!(
            p(VarId::SessionLength, "SESSION_LENGTH", "720h"),
            Err("session-length-unit")
        );
        assert_eq!(
            p(VarId::SessionLength, "GORILLA_SESSION_LENGTH", "720"),
            Err("session-length-unit")
        );
        assert_eq!(
            p(VarId::SessionLength, "SESSION_LENGTH", "0"),
            Err("invalid-number")
        );
        assert_eq!(
            p(VarId::SessionLength, "SESSION_LENGTH", "-1"),
            Err("invalid-number")
        );
        assert_eq!(
            p(
                VarId::SessionLength,
                "SESSION_LENGTH",
                "99999999999999999999"
            ),
            Err("invalid-number")
        );
        let cfg = |t| parse(VarId::SessionLength.spec(), "iam.session_length", t, true).ok();
        assert_eq!(cfg("24h"), Some(Value::Hours(24)));
        assert_eq!(cfg("24"), Some(Value::Hours(24)));
    }

    #[test]
    fn retention_needs_h() {
        assert_eq!(
            p(
                VarId::DataRetentionPeriod,
                "GORILLA_DATA_RETENTION_PERIOD",
                "24h"
            ),
            Ok(Value::Hours(24))
        );
        assert_eq!(
            p(
                VarId::DataRetentionPeriod,
                "GORILLA_DATA_RETENTION_PERIOD",
                "24"
            ),
            Err("retention-period-unit")
        );
        assert_eq!(
            p(
                VarId::DataRetentionPeriod,
                "GORILLA_DATA_RETENTION_PERIOD",
                "1d"
            ),
            Err("retention-period-unit")
        );
    }

    #[test]
    fn urls_by_kind() {
        assert!(p(VarId::Host, "HOST", "https://wandb.example.com").is_ok());
        assert_eq!(
            p(VarId::Host, "HOST", "wandb.example.com"),
            Err("host-missing-scheme")
        );
        assert_eq!(p(VarId::Host, "HOST", "ftp://x"), Err("invalid-url"));
        assert!(p(VarId::Mysql, "MYSQL", "mysql://u:p@db:3306/wandb").is_ok());
        assert_eq!(
            p(VarId::Mysql, "MYSQL", "postgres://u:p@db/wandb"),
            Err("invalid-url")
        );
        assert!(p(VarId::BucketQueue, "BUCKET_QUEUE", "pubsub:/proj/topic/sub").is_ok());
        assert!(p(VarId::BucketQueue, "BUCKET_QUEUE", "internal://").is_ok());
        assert!(
            p(
                VarId::LdapAddress,
                "LOCAL_LDAP_ADDRESS",
                "ldaps://ldap.example.com:636"
            )
            .is_ok()
        );
        assert_eq!(
            p(VarId::Redis, "REDIS", "redis://h:99999"),
            Err("invalid-url")
        );
        let err = parse(
            VarId::Mysql.spec(),
            "MYSQL",
            "postgres://u:canary@db/x",
            false,
        )
        .err();
        assert!(err.is_some_and(|e| !e.message.contains("canary") && !e.help.contains("canary")));
    }

    #[test]
    fn scopes_split_on_space_or_comma() {
        let want = Ok(Value::List(vec!["groups".into(), "offline_access".into()]));
        assert_eq!(
            p(
                VarId::OidcCustomScopes,
                "GORILLA_OIDC_CUSTOM_SCOPES",
                "groups offline_access"
            ),
            want
        );
        assert_eq!(
            p(
                VarId::OidcCustomScopes,
                "GORILLA_OIDC_CUSTOM_SCOPES",
                "groups,offline_access"
            ),
            want
        );
        let mixed = parse(
            VarId::OidcCustomScopes.spec(),
            "GORILLA_OIDC_CUSTOM_SCOPES",
            "a, b c",
            false,
        );
        assert!(mixed.is_err_and(|e| e.warning_only));
    }
}
