//! ID-token signature verification against the issuer's JWK Set, by the `jsonwebtoken` crate
//! (ring): no cryptography is written here. Only the signature is judged; the claims are judged
//! by the token rules.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::Jwk};
use serde_json::Value as Json;

/// Why no key verified the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// One line, without the token.
    pub(crate) cause: String,
}

/// Verifies the signature of a compact JWS with the keys of a JWK Set usable for its header's
/// `alg` (`RS256` or `ES256`), the key with the header's `kid` first.
pub(crate) fn verify(token: &str, keys: &[Json]) -> Result<(), Failure> {
    let fail = |cause: String| Err(Failure { cause });
    let header = match jsonwebtoken::decode_header(token) {
        Ok(h) => h,
        Err(e) => return fail(format!("the header cannot be read ({e})")),
    };
    let kty = match header.alg {
        Algorithm::RS256 => "RSA",
        Algorithm::ES256 => "EC",
        other => return fail(format!("the algorithm {other:?} is not verified")),
    };
    let mut candidates: Vec<&Json> = keys
        .iter()
        .filter(|k| super::jwks::usable(k) && k.get("kty").and_then(Json::as_str) == Some(kty))
        .collect();
    if candidates.is_empty() {
        return fail(format!(
            "the JWK Set ({} key(s)) has no {kty} key for {:?}",
            keys.len(),
            header.alg
        ));
    }
    // The key named by `kid` first.
    let kid = header.kid.clone();
    candidates.sort_by_key(|k| k.get("kid").and_then(Json::as_str) != kid.as_deref());
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let mut tried = 0;
    for key in &candidates {
        let Ok(jwk) = serde_json::from_value::<Jwk>((*key).clone()) else {
            continue;
        };
        let Ok(decoding) = DecodingKey::from_jwk(&jwk) else {
            continue;
        };
        tried += 1;
        if jsonwebtoken::decode::<Json>(token, &decoding, &validation).is_ok() {
            return Ok(());
        }
    }
    let kid_note = match &kid {
        Some(kid)
            if !candidates
                .iter()
                .any(|k| k.get("kid").and_then(Json::as_str) == Some(kid)) =>
        {
            format!("; no key has the token's kid {kid:?}")
        }
        _ => String::new(),
    };
    fail(format!(
        "none of the {tried} {kty} key(s) of the JWK Set verifies the {:?} signature{kid_note}",
        header.alg
    ))
}
