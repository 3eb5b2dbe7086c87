//! URL text, byte-exact: the helpers that work on a URL as written (never re-printed through
//! `url::Url`, which would add a `/` or change the case), shared by the rules, the typed
//! configuration and the discovery check.

/// The URL text without its userinfo (`https://u:p@h/x` becomes `https://h/x`), otherwise
/// unchanged. The authority ends at the first `/`, `?` or `#`, so an `@` in the path is kept. A
/// text without `://` is read as starting with its authority.
pub(crate) fn without_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..start], &rest[at + 1..]),
        None => url.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
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
