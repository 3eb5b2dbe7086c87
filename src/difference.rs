//! Where two issuer strings differ, for the help of a byte-exact issuer mismatch (discovery
//! document or ID token).

/// Describes where `configured` and `document` differ, e.g. `trailing "/"`.
pub(crate) fn difference(configured: &str, document: &str) -> String {
    if let Some(extra) = configured.strip_prefix(document) {
        return format!("the configured issuer has a trailing {extra:?} the document does not");
    }
    if let Some(extra) = document.strip_prefix(configured) {
        return format!("the document has a trailing {extra:?} the configured issuer does not");
    }
    if configured.eq_ignore_ascii_case(document) {
        return "only in upper/lower case".to_owned();
    }
    let prefix = configured
        .char_indices()
        .zip(document.chars())
        .find(|((_, a), b)| a != b)
        .map_or(configured.len().min(document.len()), |((i, _), _)| i);
    let c_rest: String = configured[prefix..].chars().take(24).collect();
    let d_rest: String = document
        .get(prefix..)
        .unwrap_or_default()
        .chars()
        .take(24)
        .collect();
    format!("from byte {prefix}: configured {c_rest:?}, document {d_rest:?}")
}
