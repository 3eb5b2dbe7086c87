//! ID tokens (`iamconf token`): an ID token (compact JWS) pasted from a browser or a log, judged
//! offline against the configuration (RULES.md, "Tokens"). The token is a secret: an [`IdToken`]
//! never prints it; its summaries drop the signature and show only the claims W&B uses, long
//! values truncated. Signature verification needs the JWK Set: see
//! `iamconf::discovery::check_token` (feature `discovery`).
//!
//! ```
//! use iamconf::{Config, token::IdToken};
//!
//! // {"alg":"RS256"} . {"iss":"https://idp.example.com","aud":"wandb","email":"ada@example.com"}
//! let text = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsImF1ZCI6IndhbmRiIiwiZW1haWwiOiJhZGFAZXhhbXBsZS5jb20ifQ.c2ln";
//! let token = IdToken::parse(text, None).expect("a compact JWS");
//! let evaluation = Config::builder()
//!     .env_vars([("OIDC_ISSUER", "https://idp.example.com"), ("OIDC_CLIENT_ID", "other")])
//!     .evaluate();
//! let findings = iamconf::token::check(&evaluation, &token);
//! let codes: Vec<&str> = findings.iter().map(|d| d.code()).collect();
//! assert_eq!(codes, ["token-audience-mismatch"]);
//! assert!(!format!("{token:?}").contains("c2ln"));
//! ```

use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use serde_json::{Map, Value as Json};

use crate::input::source::Source;
use crate::model::declaration::VarId;
use crate::model::secret::redact_url;
use crate::model::value::Value;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::resolve::load::Evaluation;
use crate::rules::token::{
    TOKEN_ALG_UNSUPPORTED, TOKEN_AUDIENCE_MISMATCH, TOKEN_EXPIRED, TOKEN_GROUPS_NOT_LIST,
    TOKEN_GROUPS_NOT_TEAM_NAMES, TOKEN_ISSUER_MISMATCH, TOKEN_MALFORMED, TOKEN_NO_EMAIL,
    TOKEN_USERNAME_INVALID,
};

/// The largest token file read (ID tokens are a few KiB).
pub const MAX_TOKEN: u64 = 64 * 1024;

/// The claims shown, in this order (email and names whole, others truncated when long).
const SHOWN_CLAIMS: &[&str] = &[
    "iss",
    "aud",
    "azp",
    "sub",
    "email",
    "email_verified",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "groups",
    "iat",
    "exp",
];

/// Claims shown whole: the user's email and names.
const WHOLE_CLAIMS: &[&str] = &[
    "email",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
];

/// A string value longer than this is truncated in the summary.
const MAX_SHOWN: usize = 48;

/// A JSON object: a JOSE header or a claim set.
type Claims = Map<String, Json>;

/// A decoded ID token (compact JWS): its header and claims. The token text is a secret: `Debug`
/// shows only the header and the claims that matter.
#[derive(Clone)]
pub struct IdToken {
    /// The whole token, for signature verification only.
    #[cfg_attr(not(feature = "discovery"), allow(dead_code))]
    raw: String,
    pub(crate) header: Map<String, Json>,
    pub(crate) claims: Map<String, Json>,
    source: Source,
}

impl std::fmt::Debug for IdToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdToken")
            .field("summary", &self.summary_json())
            .finish_non_exhaustive()
    }
}

impl IdToken {
    /// Decodes a compact JWS read from `path` (`None`: standard input); a `token-malformed`
    /// finding (which never quotes the token) when it is not one.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<IdToken, Box<Diagnostic>> {
        let source = Source::token(path);
        match decode(text) {
            Ok((header, claims)) => Ok(IdToken {
                raw: text.to_owned(),
                header,
                claims,
                source,
            }),
            Err(cause) => Err(Box::new(malformed(&source, &cause))),
        }
    }

    /// The header's `alg`.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Json::as_str)
    }

    /// The whole token; only to verify its signature, never to print it.
    #[cfg(feature = "discovery")]
    pub(crate) fn expose_secret(&self) -> &str {
        &self.raw
    }

    /// Where the token came from (the source of its findings).
    #[cfg(feature = "discovery")]
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    /// The header and the claims that matter, as text lines, the signature dropped.
    pub fn summary_text(&self) -> String {
        summary_text(self)
    }

    /// The header and the claims that matter, as JSON, the signature dropped.
    pub fn summary_json(&self) -> Json {
        summary_json(self)
    }
}

/// Reads a token from `path` (`None` or `-`: standard input), at most [`MAX_TOKEN`] bytes, a
/// regular file; trims whitespace and surrounding quotes. The error says why, without the token.
pub fn read(path: Option<&Path>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            // The one bounded read: regular files only, never blocking on a FIFO.
            let (head, _) = crate::input::bounded::read_prefix(
                p,
                crate::input::bounded::Purpose::Deployment,
                Some(MAX_TOKEN + 1),
            )
            .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            bytes = head;
        }
        None => {
            std::io::stdin()
                .take(MAX_TOKEN + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
        }
    }
    if bytes.len() as u64 > MAX_TOKEN {
        return Err(format!(
            "the token input is larger than {MAX_TOKEN} bytes: an ID token is a few KiB"
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
        .to_owned())
}

/// Decodes a compact JWS into header and claims, or says which part is wrong (never quoting
/// the token).
fn decode(token: &str) -> Result<(Claims, Claims), String> {
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        5 => {
            return Err(
                "it has five parts: an encrypted token (JWE), which cannot be read without the key"
                    .to_owned(),
            );
        }
        n => {
            return Err(format!(
                "a compact JWS has three parts separated by `.`, this input has {n}"
            ));
        }
    }
    let object = |part: &str, what: &str| -> Result<Map<String, Json>, String> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| format!("the {what} is not base64url"))?;
        match serde_json::from_slice(&bytes) {
            Ok(Json::Object(o)) => Ok(o),
            Ok(_) => Err(format!("the {what} is JSON but not an object")),
            Err(_) => Err(format!("the {what} is not JSON")),
        }
    };
    let header = object(parts[0], "header")?;
    let claims = object(parts[1], "payload")?;
    if parts[2].is_empty() {
        return Err("the signature is empty (an unsigned token)".to_owned());
    }
    Ok((header, claims))
}

/// A value as shown in the summary: long strings truncated except for the user's names.
fn shown_value(name: &str, v: &Json) -> String {
    let short = |s: &str| {
        if WHOLE_CLAIMS.contains(&name) || s.chars().count() <= MAX_SHOWN {
            format!("{s:?}")
        } else {
            let head: String = s.chars().take(24).collect();
            format!("\"{head}...\" ({} chars)", s.chars().count())
        }
    };
    match v {
        Json::String(s) => short(s),
        Json::Array(a) => {
            let mut items: Vec<String> = a.iter().take(20).map(|i| shown_value(name, i)).collect();
            if a.len() > 20 {
                items.push(format!("... ({} in all)", a.len()));
            }
            format!("[{}]", items.join(", "))
        }
        Json::Object(_) => "{...}".to_owned(),
        other => other.to_string(),
    }
}

/// A value for the JSON summary: long strings cut (except the user's names), objects elided.
fn truncated(name: &str, v: &Json) -> Json {
    match v {
        Json::String(s) if !WHOLE_CLAIMS.contains(&name) && s.chars().count() > MAX_SHOWN => {
            let head: String = s.chars().take(24).collect();
            Json::String(format!("{head}... ({} chars)", s.chars().count()))
        }
        Json::Array(a) => Json::Array(a.iter().take(20).map(|i| truncated(name, i)).collect()),
        Json::Object(_) => Json::String("{...}".to_owned()),
        other => other.clone(),
    }
}

/// The header and the claims that matter, as JSON (for `--format json`), long values truncated.
fn summary_json(d: &IdToken) -> Json {
    let pick = |m: &Map<String, Json>, names: &[&str]| {
        let mut out = Map::new();
        for n in names {
            if let Some(v) = m.get(*n) {
                out.insert((*n).to_owned(), truncated(n, v));
            }
        }
        Json::Object(out)
    };
    serde_json::json!({
        "header": pick(&d.header, &["alg", "kid", "typ"]),
        "claims": pick(&d.claims, SHOWN_CLAIMS),
        "signature": "(dropped)",
    })
}

/// The header and the claims that matter, as text lines.
fn summary_text(d: &IdToken) -> String {
    let mut s = String::from("header:\n");
    for n in ["alg", "kid", "typ"] {
        if let Some(v) = d.header.get(n) {
            s.push_str(&format!("  {n:<20} {}\n", shown_value(n, v)));
        }
    }
    s.push_str("claims:\n");
    for n in SHOWN_CLAIMS {
        if let Some(v) = d.claims.get(*n) {
            let mut line = shown_value(n, v);
            if matches!(*n, "exp" | "iat")
                && let Some(t) = v.as_i64()
            {
                line.push_str(&format!("  ({})", utc(t)));
            }
            s.push_str(&format!("  {n:<20} {line}\n"));
        }
    }
    let others = d
        .claims
        .keys()
        .filter(|k| !SHOWN_CLAIMS.contains(&k.as_str()))
        .count();
    if others > 0 {
        s.push_str(&format!("  ({others} other claim(s) not shown)\n"));
    }
    s.push_str("signature: (dropped)\n\n");
    s
}

/// Seconds since 1970 now.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A time in seconds since 1970 as an RFC 3339 UTC date, `2023-11-14T22:13:20Z` (proleptic
/// Gregorian calendar; days to civil date after H. Hinnant's `civil_from_days`).
fn utc(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Whether a group entry looks like an object id (GUID) rather than a team name.
fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Judges a decoded ID token against the evaluated configuration, offline: `iss`, `aud`, `alg`,
/// `email`, `groups` (with group claims on), `preferred_username` (with identifier claims on)
/// and `exp` (info).
pub fn check(evaluation: &Evaluation, token: &IdToken) -> Vec<Diagnostic> {
    judge(&evaluation.resolved, token)
}

fn judge(resolved: &Resolved, d: &IdToken) -> Vec<Diagnostic> {
    let source = &d.source;
    let mut out = Vec::new();
    let issuer_s = resolved.get(VarId::OidcIssuer);
    let client_s = resolved.get(VarId::OidcClientId);
    let str_claim = |n: &str| d.claims.get(n).and_then(Json::as_str);

    match d.header.get("alg").and_then(Json::as_str) {
        Some("RS256" | "ES256") => {}
        other => out.push(TOKEN_ALG_UNSUPPORTED.diag(
            source,
            &[],
            format!(
                "the token is signed with {}, and W&B verifies only RS256 and ES256",
                other.map_or("no `alg`".to_owned(), |a| format!("`{a}`"))
            ),
            "configure the W&B application at the provider to sign ID tokens with RS256 (or ES256)",
        )),
    }

    if let Some(issuer) = issuer_s.value.as_ref().and_then(Value::as_url) {
        let var = issuer_s.spelled.as_ref();
        match str_claim("iss") {
            Some(iss) if iss == issuer => {}
            found => {
                let configured = redact_url(issuer);
                let found_shown = found.map(redact_url);
                out.push(TOKEN_ISSUER_MISMATCH.diag(
                    source,
                    &[var],
                    match &found_shown {
                        Some(f) => format!("the token's `iss` is {f:?}, not the configured {configured:?}"),
                        None => "the token has no `iss` claim".to_owned(),
                    },
                    match &found_shown {
                        Some(f) => format!(
                            "configured: {configured:?}  token: {f:?}  (differs: {}); set {var} to {f:?} exactly",
                            crate::model::url_text::difference_from(&configured, f, "token")
                        ),
                        None => format!("paste an ID token (it always has `iss`); {var} is {configured:?}"),
                    },
                ));
            }
        }
    }

    if let Some(client_id) = client_s.value.as_ref().and_then(Value::as_text) {
        let var = client_s.spelled.as_ref();
        let aud: Vec<&str> = match d.claims.get("aud") {
            Some(Json::String(s)) => vec![s.as_str()],
            Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        if !aud.contains(&client_id) {
            out.push(TOKEN_AUDIENCE_MISMATCH.diag(
                source,
                &[var],
                format!(
                    "the token's `aud` is {}, which does not contain {var} {client_id:?}",
                    d.claims
                        .get("aud")
                        .map_or("absent".to_owned(), |a| shown_value("aud", a))
                ),
                format!("set {var} to the client id the token was issued to, or paste a token of the W&B application"),
            ));
        }
    }

    if str_claim("email").is_none_or(str::is_empty) {
        out.push(TOKEN_NO_EMAIL.diag(
            source,
            &[],
            "the token has no `email` claim: W&B cannot match or create the user",
            "allow the `email` scope for the W&B application and map the user's email into the ID token",
        ));
    }

    if resolved.flag(VarId::EnableSsoGroupsClaims) {
        let var = resolved.get(VarId::EnableSsoGroupsClaims).spelled.as_ref();
        let groups: Option<Vec<&str>> = d
            .claims
            .get("groups")
            .and_then(Json::as_array)
            .and_then(|a| a.iter().map(Json::as_str).collect::<Option<Vec<&str>>>());
        match groups {
            None => out.push(TOKEN_GROUPS_NOT_LIST.diag(
                source,
                &[var],
                format!(
                    "{var} is on, and the token's `groups` is {}",
                    match d.claims.get("groups") {
                        None => "missing".to_owned(),
                        Some(g) =>
                            format!("not an array of strings ({})", shown_value("groups", g)),
                    }
                ),
                "add a `groups` claim (an array of W&B team names) to the ID token at the provider",
            )),
            Some(groups) => {
                let bad: Vec<&str> = groups
                    .iter()
                    .copied()
                    .filter(|g| is_guid(g) || g.starts_with('/'))
                    .collect();
                if !bad.is_empty() {
                    out.push(TOKEN_GROUPS_NOT_TEAM_NAMES.diag(
                        source,
                        &[var],
                        format!(
                            "{} of the {} `groups` entries are object ids or paths, never W&B team names: {}",
                            bad.len(),
                            groups.len(),
                            bad.iter().take(5).map(|g| format!("{g:?}")).collect::<Vec<_>>().join(", ")
                        ),
                        "emit group names (Entra: cloud group names / sAMAccountName; Keycloak: turn \"Full group path\" off)",
                    ));
                }
            }
        }
    }

    if resolved.flag(VarId::UseIdentifierClaims) {
        let var = resolved.get(VarId::UseIdentifierClaims).spelled.as_ref();
        let valid = |u: &str| {
            !u.is_empty()
                && u.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        match str_claim("preferred_username") {
            Some(u) if valid(u) => {}
            found => out.push(TOKEN_USERNAME_INVALID.diag(
                source,
                &[var],
                match found {
                    Some(u) => format!("{var} is on, and `preferred_username` {u:?} has characters outside [A-Za-z0-9_-]"),
                    None => format!("{var} is on, and the token has no `preferred_username` (a string)"),
                },
                "map a claim of only letters, digits, `_` and `-` into `preferred_username` at the provider",
            )),
        }
    }

    if let Some(exp) = d.claims.get("exp").and_then(Json::as_i64)
        && exp < now()
    {
        out.push(TOKEN_EXPIRED.diag(
            source,
            &[],
            format!(
                "the token expired at {} (`exp` {exp}; normal for a pasted token)",
                utc(exp)
            ),
            "",
        ));
    }
    out
}

/// A `token-malformed` finding.
fn malformed(source: &Source, cause: &str) -> Diagnostic {
    TOKEN_MALFORMED.diag(
        source,
        &[],
        format!("not a compact JWS ID token: {cause}"),
        "paste the whole `id_token` (three base64url parts separated by `.`), nothing else",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn b64(v: &Json) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    fn token(header: &Json, claims: &Json) -> String {
        format!("{}.{}.c2ln", b64(header), b64(claims))
    }

    fn resolved(vars: &[(&str, &str)]) -> Resolved {
        crate::resolve::load::ConfigBuilder::default()
            .env_vars(vars.iter().copied())
            .evaluate()
            .resolved
    }

    fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
        d.iter().map(|d| d.code).collect()
    }

    const ISS: &str = "https://idp.example.com";

    fn good_claims() -> Json {
        serde_json::json!({
            "iss": ISS, "aud": ["wandb", "other"], "sub": "u1", "email": "ada@example.com",
            "preferred_username": "ada_l-1", "groups": ["ml-team", "admins"],
            "exp": now() + 3600,
        })
    }

    fn run(vars: &[(&str, &str)], header: &Json, claims: &Json) -> Vec<&'static str> {
        let mut all = vec![("OIDC_ISSUER", ISS), ("OIDC_CLIENT_ID", "wandb")];
        all.extend_from_slice(vars);
        let d = IdToken::parse(&token(header, claims), None).unwrap();
        codes(&judge(&resolved(&all), &d))
    }

    #[test]
    fn a_good_token_passes_every_check() {
        let h = serde_json::json!({"alg": "RS256", "kid": "k1"});
        let on = [
            ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ("GORILLA_USE_IDENTIFIER_CLAIMS", "true"),
        ];
        assert!(run(&on, &h, &good_claims()).is_empty());
        let h = serde_json::json!({"alg": "ES256"});
        assert!(run(&on, &h, &good_claims()).is_empty());
    }

    #[test]
    fn each_claim_rule_fires() {
        let h = serde_json::json!({"alg": "RS256"});
        let on = [
            ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ("GORILLA_USE_IDENTIFIER_CLAIMS", "true"),
        ];
        let with = |k: &str, v: Json| {
            let mut c = good_claims();
            c[k] = v;
            c
        };
        assert_eq!(
            run(&[], &serde_json::json!({"alg": "HS256"}), &good_claims()),
            ["token-alg-unsupported"]
        );
        assert_eq!(
            run(&[], &h, &with("iss", Json::from(format!("{ISS}/")))),
            ["token-issuer-mismatch"]
        );
        assert_eq!(
            run(&[], &h, &with("aud", Json::from("grafana"))),
            ["token-audience-mismatch"]
        );
        let mut no_email = good_claims();
        no_email.as_object_mut().unwrap().remove("email");
        assert_eq!(run(&[], &h, &no_email), ["token-no-email"]);
        assert_eq!(
            run(&[], &h, &with("exp", Json::from(1_700_000_000))),
            ["token-expired"]
        );
        assert_eq!(
            run(
                &on,
                &h,
                &with(
                    "groups",
                    serde_json::json!(["3f2504e0-4f89-11d3-9a0c-0305e82c3301"])
                )
            ),
            ["token-groups-not-team-names"]
        );
        assert_eq!(
            run(&on, &h, &with("groups", serde_json::json!(["/ml/team"]))),
            ["token-groups-not-team-names"]
        );
        assert_eq!(
            run(&on, &h, &with("groups", Json::from("ml-team"))),
            ["token-groups-not-list"]
        );
        assert_eq!(
            run(
                &on,
                &h,
                &with("preferred_username", Json::from("ada.l@example.com"))
            ),
            ["token-username-invalid"]
        );
        // Off: groups and usernames are not judged.
        assert!(run(&[], &h, &with("groups", Json::from("x"))).is_empty());
        assert!(run(&[], &h, &with("preferred_username", Json::from("a b"))).is_empty());
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc(4_102_444_800), "2100-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(-86_400), "1969-12-31T00:00:00Z");
    }

    #[test]
    fn odd_inputs_never_panic_and_are_never_quoted() {
        let parts = [
            "",
            ".",
            "é",
            "e30",
            "W10",
            "bnVsbA",
            "!!",
            "eyJhbGciOiJub25lIn0",
            "ñ.ñ.ñ",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}.{b}.{c}");
                    match IdToken::parse(&text, None) {
                        Ok(t) => {
                            let _ = (t.summary_text(), t.summary_json());
                            let _ = judge(
                                &resolved(&[("OIDC_ISSUER", ISS), ("OIDC_CLIENT_ID", "wandb")]),
                                &t,
                            );
                        }
                        Err(d) => assert!(
                            text.len() < 4 || !d.message.contains(&text),
                            "{text}: {}",
                            d.message
                        ),
                    }
                }
            }
        }
        // Claims of any JSON type are shown without panicking.
        let t = token(
            &serde_json::json!({"alg": "RS256"}),
            &serde_json::json!({"aud": [1, null, {"a": 1}], "groups": [[1]], "exp": "soon", "email": 5}),
        );
        let d = IdToken::parse(&t, None).unwrap();
        assert!(d.summary_text().contains("{...}"));
        let codes = codes(&judge(
            &resolved(&[
                ("OIDC_ISSUER", ISS),
                ("OIDC_CLIENT_ID", "wandb"),
                ("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "true"),
            ]),
            &d,
        ));
        assert!(
            codes.contains(&"token-no-email") && codes.contains(&"token-groups-not-list"),
            "{codes:?}"
        );
    }

    #[test]
    fn malformed_inputs_say_which_part() {
        assert!(decode("abc").unwrap_err().contains("has 1"));
        assert!(decode("a.b.c.d.e").unwrap_err().contains("JWE"));
        assert!(
            decode("!!.e30.c2ln")
                .unwrap_err()
                .contains("header is not base64url")
        );
        assert!(
            decode("e30.bm90IGpzb24.c2ln")
                .unwrap_err()
                .contains("payload is not JSON")
        );
        assert!(
            decode("e30.e30.")
                .unwrap_err()
                .contains("signature is empty")
        );
        assert!(decode("e30.e30.c2ln").is_ok());
    }

    #[test]
    fn the_summary_drops_the_signature_and_truncates_long_values() {
        let mut c = good_claims();
        c["sub"] = Json::from("x".repeat(100));
        c["name"] = Json::from("A very long display name that is shown whole, always");
        let t = token(&serde_json::json!({"alg": "RS256"}), &c);
        let d = IdToken::parse(&t, None).unwrap();
        let text = summary_text(&d);
        assert!(text.contains("(100 chars)"), "{text}");
        assert!(text.contains("shown whole, always"), "{text}");
        assert!(text.contains("ada@example.com"), "{text}");
        assert!(!text.contains("c2ln") && !text.contains(&t[..20]), "{text}");
        let j = summary_json(&d).to_string();
        assert!(!format!("{d:?}").contains("c2ln"));
        assert!(j.contains("(100 chars)") && !j.contains("c2ln"), "{j}");
    }
}
