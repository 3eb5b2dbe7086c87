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
