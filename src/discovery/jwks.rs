//! The issuer's JWK Set (`jwks_uri` of the discovery document): fetched under the same bounds
//! as the document, and checked for a key the server can verify ID tokens with.

use serde_json::Value as Json;

use super::fetch::Client;
use crate::input::source::Source;
use crate::model::secret::redact_url;
use crate::report::diagnostic::Diagnostic;
use crate::rules::discovery::{JWKS_NO_SIGNING_KEY, JWKS_UNREACHABLE};

/// Whether a JWK can verify `RS256` or `ES256` signatures: an RSA key with `n` and `e`, or a
/// P-256 EC key with `x` and `y`, not restricted to encryption or to another algorithm.
pub(crate) fn usable(key: &Json) -> bool {
    let text = |field: &str| key.get(field).and_then(Json::as_str);
    if text("use").is_some_and(|u| u != "sig") {
        return false;
    }
    if let Some(ops) = key.get("key_ops").and_then(Json::as_array)
        && !ops.iter().any(|o| o == "verify")
    {
        return false;
    }
    let alg = text("alg");
    match text("kty") {
        Some("RSA") => {
            alg.is_none_or(|a| a == "RS256") && text("n").is_some() && text("e").is_some()
        }
        Some("EC") => {
            alg.is_none_or(|a| a == "ES256")
                && text("crv") == Some("P-256")
                && text("x").is_some()
                && text("y").is_some()
        }
        _ => false,
    }
}

/// The keys of a JWK Set body, or why it is not one.
pub(crate) fn parse(body: &[u8]) -> Result<Vec<Json>, String> {
    let doc: Json =
        serde_json::from_slice(body).map_err(|e| format!("the response is not JSON ({e})"))?;
    match doc.get("keys") {
        Some(Json::Array(keys)) => Ok(keys.clone()),
        Some(_) => Err("`keys` is not an array".to_owned()),
        None if doc.is_object() => Err("the JSON object has no `keys` array".to_owned()),
        None => Err("the response is JSON but not an object".to_owned()),
    }
}

/// Fetches and checks the JWK Set named by the document. Returns the findings and the keys.
pub(crate) fn check(
    client: &Client,
    doc: &Json,
    doc_source: &Source,
    issuer_var: &str,
) -> (Vec<Diagnostic>, Option<Vec<Json>>) {
    let vars = [issuer_var];
    let unreachable = |source: &Source, cause: &str, shown: &str| {
        JWKS_UNREACHABLE.diag(
            source,
            &vars,
            format!("cannot fetch the JWK Set (the provider's signing keys): {cause}"),
            format!(
                "the server fetches the same keys to verify every ID token: check that {shown} is the provider's public URL and reachable from where the server runs"
            ),
        )
    };
    let Some(uri) = doc.get("jwks_uri").and_then(Json::as_str) else {
        return (
            vec![unreachable(
                doc_source,
                "the discovery document has no `jwks_uri`",
                "the provider's discovery document",
            )],
            None,
        );
    };
    let shown = redact_url(uri);
    let fetched = match client.get(uri) {
        Ok(f) => f,
        Err(e) => {
            return (
                vec![unreachable(&Source::discovery(&e.url), &e.cause, &shown)],
                None,
            );
        }
    };
    let source = Source::discovery(&redact_url(&fetched.url));
    let keys = match parse(&fetched.body) {
        Ok(keys) => keys,
        Err(cause) => return (vec![unreachable(&source, &cause, &shown)], None),
    };
    let mut out = Vec::new();
    if !keys.iter().any(usable) {
        let kinds: Vec<String> = keys
            .iter()
            .map(|k| {
                let f = |n: &str| k.get(n).and_then(Json::as_str).unwrap_or("?").to_owned();
                format!("{}/{}/{}", f("kty"), f("alg"), f("use"))
            })
            .collect();
        out.push(JWKS_NO_SIGNING_KEY.diag(
            &source,
            &vars,
            format!(
                "the JWK Set has {} key(s) and none can verify RS256 or ES256 signatures (kty/alg/use: [{}])",
                keys.len(),
                kinds.join(", ")
            ),
            "publish an RSA (RS256) or P-256 (ES256) signing key in the provider's JWK Set",
        ));
    }
    (out, Some(keys))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn which_keys_verify_rs256_or_es256() {
        let rsa = json!({"kty": "RSA", "n": "AQAB", "e": "AQAB"});
        assert!(usable(&rsa));
        assert!(usable(
            &json!({"kty": "RSA", "use": "sig", "alg": "RS256", "n": "x", "e": "AQAB"})
        ));
        assert!(!usable(
            &json!({"kty": "RSA", "use": "enc", "n": "x", "e": "AQAB"})
        ));
        assert!(!usable(
            &json!({"kty": "RSA", "alg": "PS256", "n": "x", "e": "AQAB"})
        ));
        assert!(!usable(
            &json!({"kty": "RSA", "key_ops": ["encrypt"], "n": "x", "e": "AQAB"})
        ));
        assert!(usable(
            &json!({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"})
        ));
        assert!(!usable(
            &json!({"kty": "EC", "crv": "P-384", "x": "a", "y": "b"})
        ));
        assert!(!usable(&json!({"kty": "oct", "k": "c2VjcmV0"})));
        assert!(!usable(&json!({"kty": "RSA"})));
    }

    #[test]
    fn a_jwk_set_is_an_object_with_keys() {
        assert_eq!(parse(br#"{"keys": []}"#).unwrap().len(), 0);
        assert!(parse(b"[]").unwrap_err().contains("not an object"));
        assert!(parse(b"{}").unwrap_err().contains("no `keys`"));
        assert!(
            parse(br#"{"keys": 1}"#)
                .unwrap_err()
                .contains("not an array")
        );
        assert!(parse(b"<html>").unwrap_err().contains("not JSON"));
    }
}
