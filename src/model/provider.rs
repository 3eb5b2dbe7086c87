//! Identity-provider detection from the issuer alone (REFERENCE.md section 4).
//!
//! Detection works on a parsed COPY of the issuer: `url::Url` lower-cases the host and may add a
//! `/`, which is fine for recognising a provider but must never reach the stored issuer, which
//! stays byte-exact.

use std::fmt;

use crate::model::value::AuthMethod;

/// The version of a Microsoft Entra ID issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum EntraVersion {
    /// `https://login.microsoftonline.com/{tenant}` (v1 endpoints).
    #[serde(rename = "v1")]
    V1,
    /// `https://login.microsoftonline.com/{tenant}/v2.0`.
    #[serde(rename = "v2.0")]
    V2,
}

/// The identity provider an issuer belongs to, recognised from the issuer alone.
///
/// ```
/// use iamconf::IdentityProvider;
///
/// let p = IdentityProvider::detect("https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123");
/// assert_eq!(
///     p,
///     IdentityProvider::Cognito { region: "us-east-2".into(), pool_id: Some("us-east-2_AbC123".into()) }
/// );
/// assert_eq!(p.to_string(), "AWS Cognito");
/// assert_eq!(p.recommended_auth_method(), Some(iamconf::AuthMethod::Pkce));
/// ```
///
/// Its JSON form (as in `iamconf show --format json`) is an object with `kind` ([`IdentityProvider::kind`]),
/// `name` (the `Display` text) and the fields of the variant:
/// `{"kind": "cognito", "name": "AWS Cognito", "region": "us-east-2", "pool_id": "us-east-2_AbC123"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdentityProvider {
    /// AWS Cognito: `https://cognito-idp.{region}.amazonaws.com/{region}_{id}`, or the newer
    /// `https://issuer-cognito-idp.{region}.amazonaws.com/{poolId}`.
    Cognito {
        /// The region of the host.
        region: String,
        /// The user pool id, when the path is exactly one segment.
        pool_id: Option<String>,
    },
    /// The Cognito hosted-UI domain `{prefix}.auth.{region}.amazoncognito.com`: not an issuer.
    CognitoDomain {
        /// The region of the domain.
        region: String,
    },
    /// Okta: an org (`{org}.okta.com`, `oktapreview.com`, `okta-emea.com`) or a custom
    /// authorization server (`/oauth2/{id}`).
    Okta {
        /// The custom authorization server id (`default`, `aus...`), when there is one.
        authorization_server: Option<String>,
    },
    /// Microsoft Entra ID: `https://login.microsoftonline.com/{tenant}[/v2.0]`.
    Entra {
        /// The tenant (id, domain, or `common` / `organizations` / `consumers`); `None` when the
        /// path is empty.
        tenant: Option<String>,
        /// v1 or v2.0 endpoints.
        version: EntraVersion,
    },
    /// `https://sts.windows.net/{tenant}/`: the Entra v1 token issuer, not a discovery issuer.
    EntraTokenIssuer {
        /// The tenant, when present.
        tenant: Option<String>,
    },
    /// Google: `https://accounts.google.com`.
    Google,
    /// Keycloak: `https://{host}/realms/{realm}`, or before v17 `https://{host}/auth/realms/{realm}`.
    Keycloak {
        /// The realm.
        realm: String,
        /// Whether the issuer is under the legacy `/auth/realms/` path.
        legacy: bool,
    },
    /// Auth0: `https://{tenant}.auth0.com/` or `https://{tenant}.{region}.auth0.com/`.
    Auth0,
    /// Any other OpenID provider.
    Generic,
}

impl IdentityProvider {
    /// Recognises the provider of an issuer. The issuer is not changed; an issuer without scheme
    /// (`accounts.google.com`) is recognised as if it had `https://`.
    pub fn detect(issuer: &str) -> IdentityProvider {
        detect(issuer)
    }

    /// A short stable identifier (`cognito`, `entra`, ...), the `kind` of the JSON form.
    pub fn kind(&self) -> &'static str {
        match self {
            IdentityProvider::Cognito { .. } => "cognito",
            IdentityProvider::CognitoDomain { .. } => "cognito-domain",
            IdentityProvider::Okta { .. } => "okta",
            IdentityProvider::Entra { .. } => "entra",
            IdentityProvider::EntraTokenIssuer { .. } => "entra-token-issuer",
            IdentityProvider::Google => "google",
            IdentityProvider::Keycloak { .. } => "keycloak",
            IdentityProvider::Auth0 => "auth0",
            IdentityProvider::Generic => "generic",
        }
    }

    /// Whether this is AWS Cognito (an issuer, or the hosted-UI domain mistaken for one).
    pub fn is_cognito(&self) -> bool {
        matches!(
            self,
            IdentityProvider::Cognito { .. } | IdentityProvider::CognitoDomain { .. }
        )
    }

    /// Whether this is Microsoft Entra ID (an issuer, or the `sts.windows.net` token issuer).
    pub fn is_entra(&self) -> bool {
        matches!(
            self,
            IdentityProvider::Entra { .. } | IdentityProvider::EntraTokenIssuer { .. }
        )
    }

    /// Whether the provider lists `S256` in `code_challenge_methods_supported` when it supports
    /// PKCE. Cognito and Entra support S256 but do not advertise it, so for them an absent field
    /// is not proof that PKCE fails (discovery reports a warning, not an error).
    pub fn advertises_s256(&self) -> bool {
        !(self.is_cognito() || self.is_entra())
    }

    /// Whether the provider supports the implicit flow with `form_post` (W&B's `implicit`).
    /// Cognito does not (its response types are `code` and `token` only). For a generic provider
    /// this is `true`: only its discovery document can tell.
    pub fn supports_implicit(&self) -> bool {
        !self.is_cognito()
    }

    /// Whether the provider supports the authorization code flow with PKCE (W&B's `pkce`).
    /// Every provider this crate knows does; for a generic one only its discovery document can
    /// tell.
    pub fn supports_pkce(&self) -> bool {
        true
    }

    /// The auth method W&B's documentation requires for this provider: `pkce` for Cognito and
    /// Entra, none for the others.
    pub fn recommended_auth_method(&self) -> Option<AuthMethod> {
        (self.is_cognito() || self.is_entra()).then_some(AuthMethod::Pkce)
    }

    /// Whether the provider needs a client secret at the token endpoint even with PKCE (Google).
    pub fn pkce_needs_secret(&self) -> bool {
        matches!(self, IdentityProvider::Google)
    }

    /// Whether the provider's issuer always ends with `/` (Auth0).
    pub fn issuer_has_trailing_slash(&self) -> bool {
        matches!(self, IdentityProvider::Auth0)
    }
}

impl serde::Serialize for IdentityProvider {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind())?;
        map.serialize_entry("name", &self.to_string())?;
        match self {
            IdentityProvider::Cognito { region, pool_id } => {
                map.serialize_entry("region", region)?;
                map.serialize_entry("pool_id", pool_id)?;
            }
            IdentityProvider::CognitoDomain { region } => map.serialize_entry("region", region)?,
            IdentityProvider::Okta {
                authorization_server,
            } => map.serialize_entry("authorization_server", authorization_server)?,
            IdentityProvider::Entra { tenant, version } => {
                map.serialize_entry("tenant", tenant)?;
                map.serialize_entry("version", version)?;
            }
            IdentityProvider::EntraTokenIssuer { tenant } => {
                map.serialize_entry("tenant", tenant)?
            }
            IdentityProvider::Keycloak { realm, legacy } => {
                map.serialize_entry("realm", realm)?;
                map.serialize_entry("legacy", legacy)?;
            }
            IdentityProvider::Google | IdentityProvider::Auth0 | IdentityProvider::Generic => {}
        }
        map.end()
    }
}

impl fmt::Display for IdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityProvider::Cognito { .. } => f.write_str("AWS Cognito"),
            IdentityProvider::CognitoDomain { .. } => f.write_str("AWS Cognito (hosted-UI domain)"),
            IdentityProvider::Okta {
                authorization_server: Some(_),
            } => f.write_str("Okta (custom authorization server)"),
            IdentityProvider::Okta { .. } => f.write_str("Okta"),
            IdentityProvider::Entra {
                version: EntraVersion::V1,
                ..
            } => f.write_str("Microsoft Entra ID (v1)"),
            IdentityProvider::Entra { .. } => f.write_str("Microsoft Entra ID (v2.0)"),
            IdentityProvider::EntraTokenIssuer { .. } => {
                f.write_str("Microsoft Entra ID (sts.windows.net token issuer)")
            }
            IdentityProvider::Google => f.write_str("Google"),
            IdentityProvider::Keycloak { legacy: true, .. } => {
                f.write_str("Keycloak (legacy /auth path)")
            }
            IdentityProvider::Keycloak { .. } => f.write_str("Keycloak"),
            IdentityProvider::Auth0 => f.write_str("Auth0"),
            IdentityProvider::Generic => f.write_str("generic OpenID provider"),
        }
    }
}

/// Parses a copy of an issuer; an issuer without scheme is parsed as if it had `https://`.
/// Returns the URL and whether the text had a scheme.
pub(crate) fn parse_lenient(issuer: &str) -> Option<(url::Url, bool)> {
    match url::Url::parse(issuer) {
        Ok(u) => Some((u, true)),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(&format!("https://{issuer}"))
                .ok()
                .map(|u| (u, false))
        }
        Err(_) => None,
    }
}

/// The non-empty path segments of a parsed URL (a trailing `/` gives no segment).
pub(crate) fn segments(url: &url::Url) -> Vec<&str> {
    url.path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default()
}

/// Whether a label looks like an AWS region (`us-east-2`, `ap-southeast-1`, `us-gov-west-1`).
pub(crate) fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Recognises the provider of an issuer (see [`IdentityProvider::detect`]).
pub(crate) fn detect(issuer: &str) -> IdentityProvider {
    match parse_lenient(issuer) {
        Some((url, _)) => detect_parsed(&url),
        None => IdentityProvider::Generic,
    }
}

/// [`detect`] on an issuer already parsed with [`parse_lenient`].
pub(crate) fn detect_parsed(url: &url::Url) -> IdentityProvider {
    let Some(host) = url.host_str() else {
        return IdentityProvider::Generic;
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let segs = segments(url);

    // AWS Cognito issuers.
    for prefix in ["cognito-idp.", "issuer-cognito-idp."] {
        if let Some(region) = host
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(".amazonaws.com"))
            .filter(|r| is_region(r))
        {
            return IdentityProvider::Cognito {
                region: region.to_owned(),
                pool_id: match segs.as_slice() {
                    [pool] => Some((*pool).to_owned()),
                    _ => None,
                },
            };
        }
    }
    // The Cognito hosted-UI domain.
    if let Some(rest) = host.strip_suffix(".amazoncognito.com") {
        let labels: Vec<&str> = rest.split('.').collect();
        if let [.., prefix, "auth", region] = labels.as_slice() {
            if !prefix.is_empty() && is_region(region) {
                return IdentityProvider::CognitoDomain {
                    region: (*region).to_owned(),
                };
            }
        }
    }
    // Microsoft Entra ID.
    if matches!(
        host.as_str(),
        "login.microsoftonline.com"
            | "login.microsoftonline.us"
            | "login.partner.microsoftonline.cn"
            | "login.windows.net"
    ) {
        let version = if segs.get(1) == Some(&"v2.0") {
            EntraVersion::V2
        } else {
            EntraVersion::V1
        };
        return IdentityProvider::Entra {
            tenant: segs.first().map(|t| (*t).to_owned()),
            version,
        };
    }
    if host == "sts.windows.net" {
        return IdentityProvider::EntraTokenIssuer {
            tenant: segs.first().map(|t| (*t).to_owned()),
        };
    }
    if host == "accounts.google.com" {
        return IdentityProvider::Google;
    }
    if host.ends_with(".auth0.com") {
        return IdentityProvider::Auth0;
    }
    // Okta: an Okta host, or a custom authorization server on any (custom) domain.
    let okta_host = [
        ".okta.com",
        ".oktapreview.com",
        ".okta-emea.com",
        ".okta-gov.com",
    ]
    .iter()
    .any(|s| host.ends_with(s));
    let custom_as = match segs.as_slice() {
        ["oauth2", id] => Some((*id).to_owned()),
        _ => None,
    };
    let okta_as = custom_as
        .as_deref()
        .is_some_and(|id| id == "default" || (id.starts_with("aus") && id.len() > 3));
    if okta_host || okta_as {
        return IdentityProvider::Okta {
            authorization_server: custom_as,
        };
    }
    // Keycloak: `.../realms/{realm}` at the end of the path.
    if let [before @ .., "realms", realm] = segs.as_slice() {
        return IdentityProvider::Keycloak {
            realm: (*realm).to_owned(),
            legacy: before.last() == Some(&"auth"),
        };
    }
    IdentityProvider::Generic
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cognito(region: &str, pool: Option<&str>) -> IdentityProvider {
        IdentityProvider::Cognito {
            region: region.into(),
            pool_id: pool.map(Into::into),
        }
    }

    #[test]
    fn cognito_both_forms_and_domain() {
        assert_eq!(
            detect("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6"),
            cognito("eu-west-1", Some("eu-west-1_ZLiEFD4b6"))
        );
        assert_eq!(
            detect("https://issuer-cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC"),
            cognito("us-east-2", Some("us-east-2_AbC"))
        );
        assert_eq!(
            detect("https://cognito-idp.us-east-2.amazonaws.com"),
            cognito("us-east-2", None)
        );
        assert_eq!(
            detect("https://mycorp.auth.us-east-2.amazoncognito.com"),
            IdentityProvider::CognitoDomain {
                region: "us-east-2".into()
            }
        );
        // Not Cognito: an S3 host.
        assert_eq!(
            detect("https://s3.us-east-2.amazonaws.com/x"),
            IdentityProvider::Generic
        );
    }

    #[test]
    fn okta_entra_google_auth0() {
        assert_eq!(
            detect("https://dev-120913.okta.com"),
            IdentityProvider::Okta {
                authorization_server: None
            }
        );
        assert_eq!(
            detect("https://dev-265911.oktapreview.com/oauth2/default"),
            IdentityProvider::Okta {
                authorization_server: Some("default".into())
            }
        );
        assert_eq!(
            detect("https://login.example.com/oauth2/aus1abcd"),
            IdentityProvider::Okta {
                authorization_server: Some("aus1abcd".into())
            }
        );
        assert_eq!(
            detect("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"),
            IdentityProvider::Entra {
                tenant: Some("contoso.onmicrosoft.com".into()),
                version: EntraVersion::V2
            }
        );
        assert_eq!(
            detect("https://login.microsoftonline.com/common"),
            IdentityProvider::Entra {
                tenant: Some("common".into()),
                version: EntraVersion::V1
            }
        );
        assert_eq!(
            detect("https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/"),
            IdentityProvider::EntraTokenIssuer {
                tenant: Some("9188040d-6c67-4c5b-b112-36a304b66dad".into())
            }
        );
        assert_eq!(
            detect("https://accounts.google.com"),
            IdentityProvider::Google
        );
        assert_eq!(detect("accounts.google.com"), IdentityProvider::Google);
        assert_eq!(
            detect("https://acme.eu.auth0.com/"),
            IdentityProvider::Auth0
        );
        assert_eq!(detect("https://ACME.auth0.com"), IdentityProvider::Auth0);
    }

    #[test]
    fn keycloak_and_generic() {
        assert_eq!(
            detect("https://identity.mafiasi.de/auth/realms/simple_openid_test"),
            IdentityProvider::Keycloak {
                realm: "simple_openid_test".into(),
                legacy: true
            }
        );
        assert_eq!(
            detect("http://docker-rp-1:8080/realms/demorealm"),
            IdentityProvider::Keycloak {
                realm: "demorealm".into(),
                legacy: false
            }
        );
        assert_eq!(
            detect("https://EC2AMAZ-5A2FKI6.REDPANDA.COM/adfs"),
            IdentityProvider::Generic
        );
        assert_eq!(detect("https://gitlab.com"), IdentityProvider::Generic);
        assert_eq!(detect("not a url at all ::"), IdentityProvider::Generic);
        assert_eq!(detect(""), IdentityProvider::Generic);
    }

    #[test]
    fn capabilities_and_names() {
        let c = cognito("us-east-2", None);
        assert!(!c.advertises_s256() && !c.supports_implicit());
        assert_eq!(c.recommended_auth_method(), Some(AuthMethod::Pkce));
        assert!(IdentityProvider::Google.pkce_needs_secret());
        assert!(IdentityProvider::Auth0.issuer_has_trailing_slash());
        assert!(
            IdentityProvider::Generic.advertises_s256()
                && IdentityProvider::Generic.supports_implicit()
        );
        assert_eq!(IdentityProvider::Generic.recommended_auth_method(), None);
        assert_eq!(c.to_string(), "AWS Cognito");
        assert_eq!(c.kind(), "cognito");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["kind"], "cognito");
        assert_eq!(json["name"], "AWS Cognito");
        assert_eq!(json["region"], "us-east-2");
        assert!(json["pool_id"].is_null());
        let json =
            serde_json::to_value(detect("https://login.microsoftonline.com/x/v2.0")).unwrap();
        assert_eq!(json["version"], "v2.0");
        assert_eq!(json["tenant"], "x");
    }
}
