//! URL text, byte-exact: the helpers that work on a URL as written (never re-printed through
//! `url::Url`, which would add a `/` or change the case), shared by the rules, the typed
//! configuration and the discovery check.

use std::ops::Range;

/// The URL text without its userinfo (`https://u:p@h/x` becomes `https://h/x`), otherwise
/// unchanged. The authority ends at the first `/`, `?` or `#`, so an `@` in the path is kept. A
/// text without `://` is read as starting with its authority. This is the URL to *fetch* (an
/// `@` in the path stays); what is *printed* goes through [`redact_url`] instead.
#[cfg(feature = "discovery")]
pub(crate) fn without_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..start], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// The mask of a password (the same text as `crate::model::secret::MASK`, which builds on this
/// module).
const MASK: &str = "***";

/// Where the userinfo of a URL-like text is: the byte range between the scheme (and any run of
/// `/` or `\` after it), or the start, and the last `@` of the text. `None` when the text has no
/// `@`. Whatever the userinfo holds (`#`, `?`, `/`, `@`), it is inside this range.
pub(crate) fn userinfo_range(raw: &str) -> Option<Range<usize>> {
    let at = raw.rfind('@')?;
    let bytes = raw.as_bytes();
    // A scheme: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    let mut start = 0;
    if bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        let end = bytes
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
            .unwrap_or(bytes.len());
        // Only `scheme:/` or `scheme:\` is a scheme: in `user:pass@host` the `:` is userinfo.
        if bytes.get(end) == Some(&b':')
            && end < at
            && matches!(bytes.get(end + 1), Some(b'/' | b'\\'))
        {
            start = end + 1;
        }
    }
    while start < at && matches!(bytes[start], b'/' | b'\\') {
        start += 1;
    }
    Some(start..at)
}

/// Masks the userinfo of a URL-like text: `mysql://u:p#w@h/db` becomes `mysql://u:***@h/db`. The
/// user name is kept when it is plain (no `/`, `?`, `#`, `\`); otherwise, or without a `:`, the
/// whole userinfo is `***`. Text without `@` is returned as is.
pub(crate) fn redact_url(raw: &str) -> String {
    let Some(r) = userinfo_range(raw) else {
        return raw.to_owned();
    };
    let userinfo = &raw[r.clone()];
    let masked = match userinfo.split_once(':') {
        Some((user, _)) if !user.contains(['/', '?', '#', '\\']) => format!("{user}:{MASK}"),
        _ => MASK.to_owned(),
    };
    format!("{}{masked}{}", &raw[..r.start], &raw[r.end..])
}

/// The text with its userinfo and the `@` removed (for a help line that suggests the fixed
/// value): `https://u:p@h/x` becomes `https://h/x`.
pub(crate) fn strip_userinfo(raw: &str) -> String {
    match userinfo_range(raw) {
        Some(r) => format!("{}{}", &raw[..r.start], &raw[r.end + 1..]),
        None => raw.to_owned(),
    }
}

/// The discovery URL of an issuer, as the server builds it: one trailing `/` stripped, then
/// `/.well-known/openid-configuration` appended.
pub(crate) fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.strip_suffix('/').unwrap_or(issuer)
    )
}

#[cfg(feature = "discovery")]
/// Describes where `configured` and `document` differ, e.g. `trailing "/"`.
pub(crate) fn difference(configured: &str, document: &str) -> String {
    difference_from(configured, document, "document")
}

#[cfg(any(feature = "discovery", feature = "token"))]
/// Describes where the configured issuer and the one `found` in `what` (the document, the
/// token) differ.
pub(crate) fn difference_from(configured: &str, found: &str, what: &str) -> String {
    if let Some(extra) = configured.strip_prefix(found) {
        return format!("the configured issuer has a trailing {extra:?} the {what} does not");
    }
    if let Some(extra) = found.strip_prefix(configured) {
        return format!("the {what} has a trailing {extra:?} the configured issuer does not");
    }
    if configured.eq_ignore_ascii_case(found) {
        return "only in upper/lower case".to_owned();
    }
    let prefix = configured
        .char_indices()
        .zip(found.chars())
        .find(|((_, a), b)| a != b)
        .map_or(configured.len().min(found.len()), |((i, _), _)| i);
    let c_rest: String = configured[prefix..].chars().take(24).collect();
    let d_rest: String = found
        .get(prefix..)
        .unwrap_or_default()
        .chars()
        .take(24)
        .collect();
    format!("from byte {prefix}: configured {c_rest:?}, {what} {d_rest:?}")
}

/// Whether a parsed URL's host is loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`).
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_cannot_hide_their_userinfo() {
        for (raw, want) in [
            (
                "mysql://wandb:p#S@db:3306/wandb",
                "mysql://wandb:***@db:3306/wandb",
            ),
            ("redis://:p?S@redis:6379", "redis://:***@redis:6379"),
            (
                "s3://KEY:SEC/RET@minio/bucket?tls=true",
                "s3://KEY:***@minio/bucket?tls=true",
            ),
            (
                "https:/admin:S@idp.example.com",
                "https:/admin:***@idp.example.com",
            ),
            ("//admin:S@idp", "//admin:***@idp"),
            ("/u:S@h", "/u:***@h"),
            ("admin:S@wandb.example.com", "admin:***@wandb.example.com"),
            ("https:\\\\u:S@h", "https:\\\\u:***@h"),
            ("u:S#@h", "u:***@h"),
            ("redis:pw@h", "redis:***@h"),
            ("redis://token@redis", "redis://***@redis"),
            ("https://x.com/p:S@b", "https://***@b"),
            ("https://idp.example.com", "https://idp.example.com"),
        ] {
            assert_eq!(redact_url(raw), want, "{raw}");
        }
        assert_eq!(strip_userinfo("https:/u:S@h/x"), "https:/h/x");
        assert_eq!(strip_userinfo("u:S#x@h"), "h");
    }

    #[test]
    #[cfg(feature = "discovery")]
    fn userinfo_goes_and_nothing_else_changes() {
        assert_eq!(
            without_userinfo("https://u:p@idp.example.com/a@b/.well-known/openid-configuration"),
            "https://idp.example.com/a@b/.well-known/openid-configuration"
        );
        assert_eq!(without_userinfo("https://x.com/a@b"), "https://x.com/a@b");
        assert_eq!(without_userinfo("https://x.com?a@b"), "https://x.com?a@b");
        assert_eq!(without_userinfo("u@idp.example.com/x"), "idp.example.com/x");
        assert_eq!(without_userinfo("https://X.com"), "https://X.com");
    }

    #[test]
    fn discovery_url_strips_one_slash() {
        assert_eq!(
            discovery_url("https://a.auth0.com/"),
            "https://a.auth0.com/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url("https://x.com//"),
            "https://x.com//.well-known/openid-configuration"
        );
    }
}
