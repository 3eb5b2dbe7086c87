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
    /// GitLab: `https://gitlab.com` or a self-managed `https://gitlab.{domain}`. Code flow only.
    GitLab,
    /// Dex: an issuer on a `dex.` host or ending in `/dex`. Code flow only, no form_post.
    Dex,
    /// Zitadel: `https://{instance}.zitadel.cloud` (or `zitadel.ch`).
    Zitadel,
    /// Authentik: `https://{host}/application/o/{slug}/` (published with a trailing `/`).
    Authentik {
        /// The application slug.
        slug: String,
    },
    /// JumpCloud: `https://oauth.id.jumpcloud.com/` (published with a trailing `/`).
    JumpCloud,
    /// OneLogin: `https://{subdomain}.onelogin.com/oidc/2`; the legacy `/oidc` form publishes
    /// another issuer.
    OneLogin {
        /// Whether the issuer is the legacy `/oidc` (version 1) form.
        legacy: bool,
    },
    /// Oracle Identity Cloud Service: `https://idcs-{id}.identity.oraclecloud.com`, whose
    /// documents publish `https://identity.oraclecloud.com/`.
    OracleIdcs,
    /// PingOne (`https://auth.pingone.{tld}/{envId}/as`) or PingFederate (recognised only from
    /// its discovery document).
    Ping,
    /// Microsoft AD FS: `https://{host}/adfs`.
    Adfs,
    /// Azure AD B2C: `https://{tenant}.b2clogin.com/...`; only the `tfp` issuer format
    /// (`/tfp/{tenant-id}/{policy}/v2.0/`) can match its discovery document.
    AzureB2c {
        /// Whether the path has the `tfp` issuer format.
        tfp: bool,
    },
    /// Microsoft Entra External ID: `https://{tenant-id}.ciamlogin.com/{tenant-id}/v2.0`.
    EntraExternalId,
    /// Any other OpenID provider.
    Generic,
}

/// What the implicit flow (W&B's default `implicit`) means for a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Implicit {
    /// Works where the application allows it.
    Fine,
    /// Supported but not what W&B documents or what the provider's login UI honours.
    Discouraged,
    /// Not supported: `implicit` locks everyone out.
    Unsupported,
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
            IdentityProvider::GitLab => "gitlab",
            IdentityProvider::Dex => "dex",
            IdentityProvider::Zitadel => "zitadel",
            IdentityProvider::Authentik { .. } => "authentik",
            IdentityProvider::JumpCloud => "jumpcloud",
            IdentityProvider::OneLogin { .. } => "onelogin",
            IdentityProvider::OracleIdcs => "oracle-idcs",
            IdentityProvider::Ping => "ping",
            IdentityProvider::Adfs => "adfs",
            IdentityProvider::AzureB2c { .. } => "azure-b2c",
            IdentityProvider::EntraExternalId => "entra-external-id",
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

    /// Whether this is one of Microsoft's identity services (Entra ID, Entra External ID,
    /// Azure AD B2C), whose client secrets have an ID and a value.
    pub fn is_microsoft(&self) -> bool {
        self.is_entra()
            || matches!(
                self,
                IdentityProvider::EntraExternalId | IdentityProvider::AzureB2c { .. }
            )
    }

    /// Whether the provider lists `S256` in `code_challenge_methods_supported` when it supports
    /// PKCE. Several (Cognito, Entra, AD FS, Ping) support S256 without advertising it, and a
    /// generic provider may too, so an absent field is never proof that PKCE fails: discovery
    /// reports a warning, not an error. `true` only for the providers known to list it.
    pub fn advertises_s256(&self) -> bool {
        matches!(
            self,
            IdentityProvider::Okta { .. }
                | IdentityProvider::Google
                | IdentityProvider::Keycloak { .. }
                | IdentityProvider::GitLab
                | IdentityProvider::Authentik { .. }
        )
    }

    /// Whether the provider supports the implicit flow with `form_post` (W&B's `implicit`).
    /// Cognito, GitLab and Dex do not. For a generic provider this is `true`: only its discovery
    /// document can tell.
    pub fn supports_implicit(&self) -> bool {
        self.implicit() != Implicit::Unsupported
    }

    /// What W&B's `implicit` flow means for this provider.
    pub(crate) fn implicit(&self) -> Implicit {
        match self {
            IdentityProvider::Cognito { .. }
            | IdentityProvider::CognitoDomain { .. }
            | IdentityProvider::GitLab
            | IdentityProvider::Dex => Implicit::Unsupported,
            IdentityProvider::Zitadel | IdentityProvider::EntraExternalId => Implicit::Discouraged,
            p if p.is_entra() => Implicit::Discouraged,
            _ => Implicit::Fine,
        }
    }

    /// Whether the provider supports the authorization code flow with PKCE (W&B's `pkce`).
    /// Every provider this crate knows does; for a generic one only its discovery document can
    /// tell.
    pub fn supports_pkce(&self) -> bool {
        true
    }

    /// The auth method to use with this provider: `pkce` where W&B documents it (Cognito, Entra)
    /// or where `implicit` does not work or is discouraged (GitLab, Dex, Zitadel, Entra External
    /// ID, B2C, Google, AD FS, Ping); none where both work (Okta, Keycloak, Auth0, Authentik) or
    /// the provider is not known.
    pub fn recommended_auth_method(&self) -> Option<AuthMethod> {
        match self {
            IdentityProvider::Okta { .. }
            | IdentityProvider::Keycloak { .. }
            | IdentityProvider::Auth0
            | IdentityProvider::Authentik { .. }
            | IdentityProvider::JumpCloud
            | IdentityProvider::OneLogin { .. }
            | IdentityProvider::OracleIdcs
            | IdentityProvider::Generic => None,
            _ => Some(AuthMethod::Pkce),
        }
    }

    /// Whether the provider needs a client secret at the token endpoint even with PKCE (Google).
    pub fn pkce_needs_secret(&self) -> bool {
        matches!(self, IdentityProvider::Google)
    }

    /// Whether the provider's published issuer always ends with `/` (Auth0, Authentik,
    /// JumpCloud, Azure AD B2C, the Entra v1 token issuer).
    pub fn issuer_has_trailing_slash(&self) -> bool {
        matches!(
            self,
            IdentityProvider::Auth0
                | IdentityProvider::Authentik { .. }
                | IdentityProvider::JumpCloud
                | IdentityProvider::AzureB2c { .. }
                | IdentityProvider::EntraTokenIssuer { .. }
        )
    }

    /// Whether the provider's published issuer never ends with `/` (Okta, Entra v2.0, Google,
    /// Cognito, Keycloak, GitLab, Zitadel, Entra External ID, AD FS, PingOne).
    pub(crate) fn issuer_never_has_trailing_slash(&self) -> bool {
        matches!(
            self,
            IdentityProvider::Okta { .. }
                | IdentityProvider::Entra {
                    version: EntraVersion::V2,
                    ..
                }
                | IdentityProvider::Google
                | IdentityProvider::Cognito { .. }
                | IdentityProvider::Keycloak { .. }
                | IdentityProvider::GitLab
                | IdentityProvider::Zitadel
                | IdentityProvider::EntraExternalId
                | IdentityProvider::Adfs
                | IdentityProvider::Ping
        )
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
            IdentityProvider::Authentik { slug } => map.serialize_entry("slug", slug)?,
            IdentityProvider::OneLogin { legacy } => map.serialize_entry("legacy", legacy)?,
            IdentityProvider::AzureB2c { tfp } => map.serialize_entry("tfp", tfp)?,
            IdentityProvider::Google
            | IdentityProvider::Auth0
            | IdentityProvider::GitLab
            | IdentityProvider::Dex
            | IdentityProvider::Zitadel
            | IdentityProvider::JumpCloud
            | IdentityProvider::OracleIdcs
            | IdentityProvider::Ping
            | IdentityProvider::Adfs
            | IdentityProvider::EntraExternalId
            | IdentityProvider::Generic => {}
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
            IdentityProvider::GitLab => f.write_str("GitLab"),
            IdentityProvider::Dex => f.write_str("Dex"),
            IdentityProvider::Zitadel => f.write_str("Zitadel"),
            IdentityProvider::Authentik { .. } => f.write_str("Authentik"),
            IdentityProvider::JumpCloud => f.write_str("JumpCloud"),
            IdentityProvider::OneLogin { legacy: true } => f.write_str("OneLogin (legacy /oidc)"),
            IdentityProvider::OneLogin { .. } => f.write_str("OneLogin"),
            IdentityProvider::OracleIdcs => f.write_str("Oracle Identity Cloud Service"),
            IdentityProvider::Ping => f.write_str("Ping Identity"),
            IdentityProvider::Adfs => f.write_str("Microsoft AD FS"),
            IdentityProvider::AzureB2c { .. } => f.write_str("Azure AD B2C"),
            IdentityProvider::EntraExternalId => f.write_str("Microsoft Entra External ID"),
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
    // (ForgeRock AM's `/oauth2/realms/root/realms/{realm}` is not Keycloak.)
    if let [before @ .., "realms", realm] = segs.as_slice()
        && !before.contains(&"oauth2")
    {
        return IdentityProvider::Keycloak {
            realm: (*realm).to_owned(),
            legacy: before.last() == Some(&"auth"),
        };
    }
    detect_more(&host, &segs)
}

/// The providers recognised after the historical ones (GitLab, Dex, Zitadel, Authentik,
/// JumpCloud, OneLogin, Oracle IDCS, Ping, AD FS, Azure AD B2C, Entra External ID), from the
/// lower-cased host and the path segments.
fn detect_more(host: &str, segs: &[&str]) -> IdentityProvider {
    let first_label = host.split('.').next().unwrap_or("");
    if host.ends_with(".b2clogin.com") {
        return IdentityProvider::AzureB2c {
            tfp: segs.first().is_some_and(|s| s.eq_ignore_ascii_case("tfp")),
        };
    }
    if host.ends_with(".ciamlogin.com") {
        return IdentityProvider::EntraExternalId;
    }
    if host == "oauth.id.jumpcloud.com" {
        return IdentityProvider::JumpCloud;
    }
    if host.ends_with(".onelogin.com") {
        return IdentityProvider::OneLogin {
            legacy: segs == ["oidc"] && !first_label.starts_with("openid-connect"),
        };
    }
    if host.ends_with(".identity.oraclecloud.com") && first_label.starts_with("idcs-") {
        return IdentityProvider::OracleIdcs;
    }
    if host.ends_with(".zitadel.cloud") || host.ends_with(".zitadel.ch") {
        return IdentityProvider::Zitadel;
    }
    if host.starts_with("auth.pingone.") {
        return IdentityProvider::Ping;
    }
    if let [.., "application", "o", slug] = segs {
        return IdentityProvider::Authentik {
            slug: (*slug).to_owned(),
        };
    }
    if segs.last().is_some_and(|s| s.eq_ignore_ascii_case("adfs")) {
        return IdentityProvider::Adfs;
    }
    if host == "gitlab.com" || (first_label == "gitlab" && segs.is_empty()) {
        return IdentityProvider::GitLab;
    }
    if (first_label == "dex" && segs.is_empty()) || segs.last() == Some(&"dex") {
        return IdentityProvider::Dex;
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
            IdentityProvider::Adfs
        );
        assert_eq!(detect("https://gitlab.com"), IdentityProvider::GitLab);
        assert_eq!(
            detect("https://gitlab.example.com"),
            IdentityProvider::GitLab
        );
        assert_eq!(
            detect("https://gitlab.example.com/realms/x").kind(),
            "keycloak"
        );
        assert_eq!(detect("https://dex.example.com"), IdentityProvider::Dex);
        assert_eq!(detect("https://example.com/dex"), IdentityProvider::Dex);
        assert_eq!(
            detect("https://acme-x1.zitadel.cloud"),
            IdentityProvider::Zitadel
        );
        assert_eq!(
            detect("https://auth.example.com/application/o/wandb/"),
            IdentityProvider::Authentik {
                slug: "wandb".into()
            }
        );
        assert_eq!(
            detect("https://oauth.id.jumpcloud.com/"),
            IdentityProvider::JumpCloud
        );
        assert_eq!(
            detect("https://acme.onelogin.com/oidc/2"),
            IdentityProvider::OneLogin { legacy: false }
        );
        assert_eq!(
            detect("https://acme.onelogin.com/oidc"),
            IdentityProvider::OneLogin { legacy: true }
        );
        assert_eq!(
            detect("https://openid-connect.onelogin.com/oidc"),
            IdentityProvider::OneLogin { legacy: false }
        );
        assert_eq!(
            detect("https://idcs-0123abc.identity.oraclecloud.com"),
            IdentityProvider::OracleIdcs
        );
        assert_eq!(
            detect("https://auth.pingone.eu/0a1b/as"),
            IdentityProvider::Ping
        );
        assert_eq!(
            detect("https://acme.b2clogin.com/tfp/0a1b/B2C_1_signin/v2.0/"),
            IdentityProvider::AzureB2c { tfp: true }
        );
        assert_eq!(
            detect("https://acme.b2clogin.com/acme.onmicrosoft.com/B2C_1_signin/v2.0/"),
            IdentityProvider::AzureB2c { tfp: false }
        );
        assert_eq!(
            detect("https://0a1b.ciamlogin.com/0a1b/v2.0"),
            IdentityProvider::EntraExternalId
        );
        assert_eq!(detect("https://sso.example.com"), IdentityProvider::Generic);
        assert_eq!(
            detect("https://am.example.com/am/oauth2/realms/root/realms/alpha"),
            IdentityProvider::Generic
        );
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
            !IdentityProvider::Generic.advertises_s256()
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
