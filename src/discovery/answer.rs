//! Reading an identity provider's answer to an authorization request: a redirect (to the
//! callback or elsewhere), a `form_post` auto-submitting page, an error page, a JSON error.
//! Pure text work, no network; what the answers mean is decided in `probe`.

use serde_json::Value as Json;

/// The error codes of RFC 6749 (4.1.2.1, 5.2), OpenID Connect Core 3.1.2.6 and common
/// extensions, looked for as whole words in an error page.
const ERROR_CODES: &[&str] = &[
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "invalid_scope",
    "invalid_redirect_uri",
    "unauthorized_client",
    "unsupported_response_type",
    "unsupported_response_mode",
    "unsupported_grant_type",
    "access_denied",
    "server_error",
    "temporarily_unavailable",
    "interaction_required",
    "login_required",
    "account_selection_required",
    "consent_required",
    "invalid_request_uri",
    "invalid_request_object",
    "request_not_supported",
    "request_uri_not_supported",
];

/// An OAuth error as the provider worded it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OAuthError {
    /// `error`, if one was found.
    pub(crate) error: Option<String>,
    /// `error_description` (or the page title), if any.
    pub(crate) description: Option<String>,
}

/// Decodes the few HTML entities providers use in attribute values and text.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in the text of one tag (`<input type="hidden" name=...>`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let (quote, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(body.len()),
        };
        return Some(unescape(&body[..end]));
    }
    None
}

/// A `form_post` response (OAuth 2.0 Form Post Response Mode): an HTML page whose form POSTs
/// hidden fields to `action`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormPost {
    /// The form's `action`, unescaped.
    pub(crate) action: String,
    /// The hidden fields, in order.
    pub(crate) fields: Vec<(String, String)>,
}

/// The first form of an HTML page with `method="post"`, and its input fields.
pub(crate) fn form_post(html: &str) -> Option<FormPost> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<form")?;
    let tag_end = start + lower[start..].find('>')?;
    let form_tag = &html[start..tag_end];
    if !attribute(form_tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post")) {
        return None;
    }
    let action = attribute(form_tag, "action")?;
    let form_end = lower[tag_end..]
        .find("</form")
        .map_or(html.len(), |i| tag_end + i);
    let mut fields = Vec::new();
    let mut from = tag_end;
    while let Some(i) = lower[from..form_end].find("<input") {
        let s = from + i;
        let e = lower[s..form_end].find('>').map_or(form_end, |j| s + j);
        let tag = &html[s..e];
        if let Some(name) = attribute(tag, "name") {
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        }
        from = e;
    }
    Some(FormPost { action, fields })
}

/// The text of an HTML page, tags removed, entities decoded, whitespace collapsed per line.
pub(crate) fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let lower = html.to_ascii_lowercase();
    let mut skip_until: Option<&str> = None;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if let Some(end) = skip_until {
            match lower[i..].find(end) {
                Some(j) => {
                    i += j + end.len();
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        let c = bytes[i];
        if c == b'<' {
            if lower[i..].starts_with("<script") {
                skip_until = Some("</script>");
            } else if lower[i..].starts_with("<style") {
                skip_until = Some("</style>");
            }
            in_tag = true;
        } else if c == b'>' && in_tag {
            in_tag = false;
            text.push(' ');
        } else if !in_tag {
            let ch_len = html[i..].chars().next().map_or(1, char::len_utf8);
            text.push_str(&html[i..i + ch_len]);
            i += ch_len;
            continue;
        }
        i += 1;
    }
    unescape(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first known OAuth error code in `text`, as a whole word.
pub(crate) fn error_code_in(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut best: Option<(usize, &'static str)> = None;
    for code in ERROR_CODES {
        let mut from = 0;
        while let Some(i) = lower[from..].find(code) {
            let at = from + i;
            let end = at + code.len();
            let bounded = (at == 0 || !is_word(lower.as_bytes()[at - 1]))
                && (end == lower.len() || !is_word(lower.as_bytes()[end]));
            if bounded {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, code));
                }
                break;
            }
            from = end;
        }
    }
    best.map(|(_, c)| c)
}

/// The error of a body: a JSON object's `error`/`error_description`, or an HTML page's first
/// known error code and its `error_description` line (else the start of its text).
pub(crate) fn error_of_body(body: &[u8]) -> OAuthError {
    let text = String::from_utf8_lossy(body);
    if let Ok(Json::Object(o)) = serde_json::from_str::<Json>(&text) {
        let s = |k: &str| o.get(k).and_then(Json::as_str).map(str::to_owned);
        return OAuthError {
            error: s("error"),
            description: s("error_description").or_else(|| s("message")),
        };
    }
    let page = page_text(&text);
    let description = labelled_description(&text)
        .or_else(|| {
            // No labelled description: the page's own words (title included), shortened.
            let words: String = page.chars().take(200).collect();
            (!words.is_empty()).then_some(words)
        })
        .or_else(|| title(&text));
    OAuthError {
        error: error_code_in(&page).map(str::to_owned),
        description,
    }
}

/// The text labelled `error_description` in an HTML page (`<pre><b>error_description</b>: x</pre>`,
/// `error_description=x`), up to the end of its block.
fn labelled_description(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("error_description")? + "error_description".len();
    let rest = &lower[start..];
    let end = ["</pre", "</p", "</div", "</li", "</td", "<br", "\n"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len())
        .min(400);
    let end = (0..=end)
        .rev()
        .find(|&i| rest.is_char_boundary(i))
        .unwrap_or(0);
    let text = page_text(&html[start..start + end]);
    let text = text
        .trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace() || c == '>')
        .trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The `<title>` of a page.
fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let t = page_text(&html[open_end..end]);
    (!t.is_empty()).then_some(t)
}

/// The parameters of a redirect's query and fragment (implicit errors come in the fragment).
pub(crate) fn redirect_params(url: &url::Url) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    if let Some(fragment) = url.fragment() {
        params.extend(url::form_urlencoded::parse(fragment.as_bytes()).into_owned());
    }
    params
}

/// The URL without query and fragment, for comparing with the redirect URI.
pub(crate) fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FORM_POST: &str = r#"<!DOCTYPE html>
<html><head><title>Submitting Callback</title>
<script>document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });</script>
</head><body>
  <form method="post" action="https://wandb.test/oidc/callback">
    <input type="hidden" name="error" value="unauthorized_client"/>
<input type="hidden" name="error_description" value="requested response_type is not allowed for this client"/>
<input type="hidden" name="state" value="a&amp;b"/>
  </form></body></html>"#;

    const ERROR_PAGE: &str = r#"<!DOCTYPE html><html><head><title>oops! something went wrong</title>
<style>h1{font-weight:100}</style></head><body><div class="container"><h1>oops! something went wrong</h1>
<pre><strong>error</strong>: invalid_redirect_uri</pre><pre><strong>error_description</strong>: redirect_uri did not match any of the client&#39;s registered redirect_uris</pre></div></body></html>"#;

    #[test]
    fn reads_a_form_post_page() {
        let f = form_post(FORM_POST).unwrap();
        assert_eq!(f.action, "https://wandb.test/oidc/callback");
        assert_eq!(
            f.fields,
            [
                ("error".to_owned(), "unauthorized_client".to_owned()),
                (
                    "error_description".to_owned(),
                    "requested response_type is not allowed for this client".to_owned()
                ),
                ("state".to_owned(), "a&b".to_owned()),
            ]
        );
        assert!(form_post(ERROR_PAGE).is_none());
        assert!(form_post("<form method=get action=/x></form>").is_none());
        let f =
            form_post("<FORM METHOD=POST ACTION=https://x/cb><INPUT NAME=code VALUE=abc></FORM>")
                .unwrap();
        assert_eq!(f.action, "https://x/cb");
        assert_eq!(f.fields, [("code".to_owned(), "abc".to_owned())]);
    }

    #[test]
    fn reads_an_error_page_and_a_json_error() {
        let e = error_of_body(ERROR_PAGE.as_bytes());
        assert_eq!(e.error.as_deref(), Some("invalid_redirect_uri"));
        assert_eq!(
            e.description.as_deref(),
            Some("redirect_uri did not match any of the client's registered redirect_uris")
        );
        let e = error_of_body(
            br#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
        );
        assert_eq!(e.error.as_deref(), Some("invalid_client"));
        assert_eq!(
            e.description.as_deref(),
            Some("client authentication failed")
        );
        // Keycloak's page names no code: its words are kept.
        let e = error_of_body(b"<html><head><title>Error - Client not found.</title></head><body><p>Client not found.</p></body></html>");
        assert_eq!(e.error, None);
        assert_eq!(
            e.description.as_deref(),
            Some("Error - Client not found. Client not found.")
        );
    }

    #[test]
    fn a_labelled_description_ends_with_its_block() {
        let page = "<pre><strong>error</strong>: invalid_client</pre><pre><strong>error_description</strong>: client is invalid</pre><pre><strong>state</strong>: abc</pre>";
        let e = error_of_body(page.as_bytes());
        assert_eq!(e.error.as_deref(), Some("invalid_client"));
        assert_eq!(e.description.as_deref(), Some("client is invalid"));
        let e = error_of_body(
            b"<p>error=invalid_scope error_description=unknown scope groups</p><p>more</p>",
        );
        assert_eq!(e.description.as_deref(), Some("unknown scope groups"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        let samples = [
            "<",
            ">",
            "&",
            "&#;",
            "&#x110000;",
            "<form",
            "<form method=post action=",
            "<input name=",
            "<title>é",
            "é<b é>é</b>é",
            "<script>é",
            "error_description",
            "error_description: é<",
            "<p>error_description=ü</p>",
            "\u{0}<x\u{7f}>",
            "<FORM METHOD='post' ACTION='/é'><INPUT NAME='é' VALUE='ü'>",
        ];
        for a in samples {
            for b in samples {
                let text = format!("{a}{b}ñ{a}");
                let _ = form_post(&text);
                let _ = page_text(&text);
                let _ = error_of_body(text.as_bytes());
                let _ = unescape(&text);
                let _ = error_code_in(&text);
            }
        }
        assert_eq!(page_text("é<b é>ü</b>ö"), "é ü ö");
    }

    #[test]
    fn error_codes_are_whole_words() {
        assert_eq!(error_code_in("x invalid_scope y"), Some("invalid_scope"));
        assert_eq!(error_code_in("my_invalid_scopes"), None);
        assert_eq!(
            error_code_in("invalid_client then invalid_request"),
            Some("invalid_client")
        );
    }

    #[test]
    fn page_text_drops_tags_scripts_and_styles() {
        assert_eq!(
            page_text("<p>a&lt;b</p><script>var x='<p>no</p>'</script><b>c</b>"),
            "a<b c"
        );
    }

    #[test]
    fn redirect_parameters_from_query_and_fragment() {
        let u = url::Url::parse(
            "https://w/oidc/callback?state=s#error=access_denied&error_description=no%20way",
        )
        .unwrap();
        let p = redirect_params(&u);
        assert!(p.contains(&("error".to_owned(), "access_denied".to_owned())));
        assert!(p.contains(&("error_description".to_owned(), "no way".to_owned())));
        assert_eq!(without_query("https://w/cb?x#y"), "https://w/cb");
    }
}
