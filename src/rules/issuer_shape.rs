//! IdentityProvider-aware rules about the issuer's shape (RULES.md "OIDC", 2026-12-02): an endpoint
//! pasted as the issuer, a trailing `/` the provider does not publish (or a missing one it does),
//! an issuer URL whose discovery document names a different issuer, and Okta's admin console.

use crate::model::provider::{self, EntraVersion, IdentityProvider};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::issuer::{Issuer, issuer};
use crate::rules::rule;

rule! {
    ISSUER_LOOKS_LIKE_ENDPOINT = "issuer-looks-like-endpoint", Error,
    summary: "The issuer is an authorize, token, userinfo or keys endpoint, not the issuer.",
    what: "The path of `OIDC_ISSUER` ends in an endpoint of the provider rather than the issuer: `/authorize`, `/token`, `/userinfo`, `/jwks`, `/keys`, `/logout`, Keycloak `/protocol/openid-connect/...`, Okta `/oauth2/v1/...` and `/oauth2/{id}/v1/...`, Entra `/oauth2/v2.0/...` and `/discovery/v2.0/keys`, PingFederate `/as/authorization.oauth2`, PingOne `/as/authorize`, IdentityServer `/connect/...`, Google `/o/oauth2/v2/auth`, Zitadel `/oauth/v2/...`, GitLab and Auth0 `/oauth/...`, JumpCloud `/oauth2/auth`, Authentik's shared `/application/o/authorize/`, any `/.well-known/...` other than the discovery document. The help gives the issuer.",
    why: "The server appends `/.well-known/openid-configuration` to the issuer: under an endpoint there is no discovery document, so every login fails (wandb/server#142 shows a Keycloak endpoint pasted this way).",
    example: "OIDC_ISSUER=https://sso.example.com/realms/wandb/protocol/openid-connect/auth",
    fix: "Use the issuer, the `issuer` field of the provider's discovery document: `OIDC_ISSUER=https://sso.example.com/realms/wandb`.",
}

rule! {
    ISSUER_TRAILING_SLASH = "issuer-trailing-slash", Error,
    summary: "The issuer ends with / but the provider publishes it without one.",
    what: "`OIDC_ISSUER` ends with `/` and the recognised provider publishes its issuer without one: Okta, Entra ID v2.0, Entra External ID, Google, Cognito, Keycloak, GitLab, Zitadel, AD FS, PingOne.",
    why: "OpenID Connect compares the issuer byte for byte (Discovery 1.0 section 4.3), and Go's OIDC libraries refuse a slash-insensitive match: the discovery document and every ID token carry the issuer without the `/`, so the comparison fails and nobody can sign in.",
    example: "OIDC_ISSUER=https://acme.okta.com/oauth2/default/",
    fix: "Remove the trailing `/`: `OIDC_ISSUER=https://acme.okta.com/oauth2/default`.",
}

rule! {
    ISSUER_MISSING_TRAILING_SLASH = "issuer-missing-trailing-slash", Error,
    summary: "The provider publishes its issuer with a trailing / and the configured one has none.",
    what: "`OIDC_ISSUER` does not end with `/` and the recognised provider publishes its issuer with one: Authentik (`https://{host}/application/o/{slug}/`), JumpCloud (`https://oauth.id.jumpcloud.com/`), Azure AD B2C (`.../v2.0/`), the Entra v1 token issuer (`https://sts.windows.net/{tenant}/`). Auth0 has its own rule, `auth0-issuer-trailing-slash`.",
    why: "The issuer is compared byte for byte: without the `/` the configured issuer differs from the one in the discovery document and in every ID token, and sign-in fails.",
    example: "OIDC_ISSUER=https://auth.example.com/application/o/wandb",
    fix: "Add the `/`: `OIDC_ISSUER=https://auth.example.com/application/o/wandb/`.",
}

rule! {
    ISSUER_NOT_PUBLISHED = "issuer-not-published", Error,
    summary: "The provider's document at this URL names a different issuer.",
    what: "An issuer URL whose discovery document publishes another `issuer`, so the byte-for-byte comparison always fails: the Entra v1 form `https://login.microsoftonline.com/{tenant}` and every `login.windows.net` form (they publish `https://sts.windows.net/{tenant}/` or the `login.microsoftonline.com` v2.0 issuer), `sts.windows.net/{tenant}/v2.0`, an Entra tenant given as a domain (`contoso.onmicrosoft.com`: the document names the tenant id), Azure AD B2C issuers that are not in the `tfp` format (discovery sits under the policy path), Entra External ID authorities with the tenant name instead of its id, OneLogin's legacy `/oidc` (publishes `https://openid-connect.onelogin.com/oidc`), Oracle IDCS (publishes `https://identity.oraclecloud.com/`).",
    why: "The server fetches the document from `$OIDC_ISSUER/.well-known/openid-configuration` and requires its `issuer` to equal `OIDC_ISSUER`: when the provider names another issuer there, no login can succeed, however the application is registered.",
    example: "OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad",
    fix: "Use the form the provider publishes, as the help gives it: `OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0` for Entra, `https://{subdomain}.onelogin.com/oidc/2` for OneLogin, `https://{tenant}.b2clogin.com/tfp/{tenant-id}/{policy}/v2.0/` with the user flow's issuer format set to `tfp` for B2C.",
}

rule! {
    OKTA_ADMIN_DOMAIN = "okta-admin-domain", Error,
    summary: "The Okta issuer is on the -admin admin-console host.",
    what: "`OIDC_ISSUER` is on `{org}-admin.okta.com` (or `-admin.oktapreview.com`, `-admin.okta-emea.com`), the host of Okta's admin console, copied from the browser's address bar.",
    why: "The admin host is not an authorization server: its discovery document (if any) names the org host, and users are sent to the admin console. Sign-in fails.",
    example: "OIDC_ISSUER=https://acme-admin.okta.com/oauth2/default",
    fix: "Remove `-admin` from the host: `OIDC_ISSUER=https://acme.okta.com/oauth2/default`.",
}

/// Path segments that are an endpoint wherever they end the path.
const ENDPOINTS: &[&str] = &[
    "authorize",
    "token",
    "userinfo",
    "jwks",
    "jwks.json",
    "keys",
    "logout",
    "certs",
    "introspect",
    "revoke",
    "endsession",
    "end_session",
];

/// Authentik's endpoints shared by every application (`/application/o/authorize/`).
const AUTHENTIK_SHARED: &[&str] = &[
    "authorize",
    "token",
    "userinfo",
    "introspect",
    "revoke",
    "device",
];

fn is_endpoint(seg: &str) -> bool {
    ENDPOINTS.contains(&seg) || seg == "auth"
}

/// Where an endpoint path begins: the number of leading segments that belong to the issuer and
/// a segment to append (`v2.0` for Entra), or `None` when the path is not an endpoint. `Some`
/// with `usize::MAX` marks Authentik's shared endpoints, whose issuer needs the slug.
fn endpoint_prefix(segs: &[&str]) -> Option<(usize, &'static str)> {
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let n = l.len();
    if n == 0 {
        return None;
    }
    // Keycloak: the issuer is everything before /protocol/openid-connect.
    if let Some(i) = l
        .windows(2)
        .position(|w| w == ["protocol", "openid-connect"])
    {
        return Some((i, ""));
    }
    // Authentik's shared endpoints (`/application/o/authorize/`).
    if n >= 3 && l[n - 3] == "application" && l[n - 2] == "o" {
        return AUTHENTIK_SHARED
            .contains(&l[n - 1])
            .then_some((usize::MAX, ""));
    }
    // Any `/.well-known/...` other than the discovery document (that one has its own rule).
    if let Some(i) = l.iter().position(|s| *s == ".well-known") {
        return (l.get(i + 1) != Some(&"openid-configuration")).then_some((i, ""));
    }
    // Entra: /discovery/v2.0/keys, /discovery/keys.
    if let Some(i) = l.iter().position(|s| *s == "discovery") {
        match &l[i + 1..] {
            ["v2.0", "keys"] => return Some((i, "v2.0")),
            ["keys"] => return Some((i, "")),
            _ => {}
        }
    }
    if let Some(i) = l.iter().rposition(|s| *s == "oauth2") {
        // Google: /o/oauth2/v2/auth and /o/oauth2/auth.
        let start = if i > 0 && l[i - 1] == "o" { i - 1 } else { i };
        match &l[i + 1..] {
            ["v2.0", e] if is_endpoint(e) => return Some((start, "v2.0")),
            ["v1" | "v2", e] if is_endpoint(e) => return Some((start, "")),
            [e] if is_endpoint(e) => return Some((start, "")),
            _ => {}
        }
    }
    if let Some(i) = l.iter().rposition(|s| *s == "oauth") {
        // Zitadel /oauth/v2/authorize; GitLab /oauth/authorize; Auth0 /oauth/token.
        match &l[i + 1..] {
            ["v2", e] | [e] if is_endpoint(e) => return Some((i, "")),
            _ => {}
        }
    }
    if n >= 2 {
        let (before, last) = (l[n - 2], l[n - 1]);
        // PingFederate /as/authorization.oauth2; PingOne /as/authorize (its issuer ends in /as).
        if before == "as" && last.ends_with(".oauth2") {
            return Some((n - 2, ""));
        }
        if before == "as" && is_endpoint(last) {
            return Some((n - 1, ""));
        }
        // IdentityServer /connect/authorize.
        if before == "connect" && (is_endpoint(last) || last == "checksession") {
            return Some((n - 2, ""));
        }
        // Okta custom authorization server /oauth2/{id}/v1/authorize; Zitadel /oidc/v1/userinfo.
        if before == "v1" && is_endpoint(last) {
            let start = if n >= 3 && l[n - 3] == "oidc" {
                n - 3
            } else {
                n - 2
            };
            return Some((start, ""));
        }
        // A Keycloak realm or an Authentik slug may be named like an endpoint.
        if before == "realms" {
            return None;
        }
    }
    // Any path ending in an endpoint. A lone `/auth` is Keycloak's old base path, not an
    // endpoint (and not an issuer either: keycloak rules and discovery say so).
    let last = l[n - 1];
    if ENDPOINTS.contains(&last) || (last == "auth" && n >= 2) {
        return Some((n - 1, ""));
    }
    None
}

/// `scheme://authority` of a cleaned issuer text, and its raw path segments (case kept).
fn split(text: &str) -> (&str, Vec<&str>) {
    let start = text.find("://").map_or(0, |i| i + 3);
    let end = text[start..].find('/').map_or(text.len(), |i| start + i);
    (
        &text[..end],
        text[end..].split('/').filter(|s| !s.is_empty()).collect(),
    )
}

/// `issuer` with the slash convention of its provider applied.
fn with_convention(mut issuer: String) -> String {
    let p = provider::detect(&issuer);
    if let IdentityProvider::Entra {
        tenant: Some(_),
        version: EntraVersion::V1,
    } = p
    {
        issuer.push_str("/v2.0");
    } else if p.issuer_has_trailing_slash() && !issuer.ends_with('/') {
        issuer.push('/');
    }
    issuer
}

/// Whether a text is a GUID (`8-4-4-4-12` hexadecimal digits).
pub(crate) fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The issuer a provider publishes at this URL when it differs from the URL: what is wrong and
/// the help.
fn not_published(iss: &Issuer<'_>, base: &str, segs: &[&str]) -> Option<(String, String)> {
    let host = iss.url?.host_str()?.to_ascii_lowercase();
    let name = iss.setting.spelled.as_ref();
    match iss.provider {
        IdentityProvider::Entra {
            tenant: Some(tenant),
            version,
        } => {
            let multi = ["common", "organizations", "consumers"]
                .contains(&tenant.to_ascii_lowercase().as_str())
                || tenant.to_ascii_lowercase().contains("tenantid");
            if multi {
                return None; // entra-multitenant-issuer.
            }
            let login = if host == "login.windows.net" {
                "login.microsoftonline.com"
            } else {
                host.as_str()
            };
            if tenant.contains('.') {
                return Some((
                    format!("names the Entra tenant by its domain `{tenant}`, but the document publishes the tenant id"),
                    format!("set {name}=https://{login}/<tenant-id>/v2.0 with the Directory (tenant) ID of the app registration"),
                ));
            }
            let v2 = format!("https://{login}/{tenant}/v2.0");
            match (host.as_str(), version) {
                ("login.windows.net", EntraVersion::V2) => Some((
                    "is on login.windows.net, whose v2.0 document publishes the login.microsoftonline.com issuer".to_owned(),
                    format!("set {name}={v2}"),
                )),
                (_, EntraVersion::V1) => Some((
                    format!("is an Entra v1 authority, whose document publishes `https://sts.windows.net/{tenant}/`"),
                    format!("set {name}={v2} (the v2.0 issuer W&B documents; the v1 issuer that matches is https://sts.windows.net/{tenant}/)"),
                )),
                _ => None,
            }
        }
        IdentityProvider::EntraTokenIssuer {
            tenant: Some(tenant),
        } if segs.get(1).is_some_and(|s| s.eq_ignore_ascii_case("v2.0")) => Some((
            "is on sts.windows.net with /v2.0, whose document publishes the login.microsoftonline.com issuer".to_owned(),
            format!("set {name}=https://login.microsoftonline.com/{tenant}/v2.0"),
        )),
        IdentityProvider::AzureB2c { tfp } => {
            let (tenant, policy) = if *tfp {
                (segs.get(1).copied(), segs.get(2).copied())
            } else {
                (segs.first().copied(), segs.get(1).copied())
            };
            let policy = policy.filter(|p| !p.eq_ignore_ascii_case("v2.0"));
            if *tfp && tenant.is_some_and(is_guid) {
                return None;
            }
            let fixed = format!(
                "{base}/tfp/{}/{}/v2.0/",
                tenant.filter(|t| is_guid(t)).unwrap_or("<tenant-id>"),
                policy.unwrap_or("<policy>")
            );
            Some((
                if *tfp {
                    "is a B2C `tfp` issuer with the tenant's domain, but the document publishes the tenant id".to_owned()
                } else {
                    "is an Azure AD B2C issuer outside the `tfp` format: discovery sits under the policy path and publishes another issuer".to_owned()
                },
                format!("set the user flow's issuer format to `tfp` (Properties > Token compatibility settings) and {name}={fixed}"),
            ))
        }
        IdentityProvider::EntraExternalId => {
            let label = host.split('.').next().unwrap_or("");
            let tenant_ok = segs.first().is_some_and(|t| is_guid(t));
            if is_guid(label) && tenant_ok {
                return None;
            }
            Some((
                "names the Entra External ID tenant by name; the document publishes the tenant id".to_owned(),
                format!("set {name}=https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0 with the Directory (tenant) ID"),
            ))
        }
        IdentityProvider::OneLogin { legacy: true } => Some((
            "is OneLogin's legacy /oidc form, whose document publishes `https://openid-connect.onelogin.com/oidc`".to_owned(),
            format!("set {name}={base}/oidc/2"),
        )),
        IdentityProvider::OracleIdcs => Some((
            "is an Oracle IDCS tenant URL, whose document publishes the shared issuer `https://identity.oraclecloud.com/`".to_owned(),
            format!("no issuer URL passes strict matching unless the identity domain's token issuer is changed to {base} (Default Settings > Issuer, where your domain allows it); otherwise put a provider that publishes its own URL in front"),
        )),
        _ => None,
    }
}

/// `issuer-looks-like-endpoint`, `issuer-trailing-slash`, `issuer-missing-trailing-slash`,
/// `issuer-not-published`, `okta-admin-domain`.
pub(crate) fn check(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if !iss.has_scheme || iss.is_discovery_url() {
        return;
    }
    let name = iss.setting.spelled.as_ref();
    let source = &iss.setting.source;
    let shown = iss.shown();
    let cleaned = iss.cleaned();
    let (base, segs) = split(&cleaned);
    let host = iss
        .url
        .and_then(|u| u.host_str())
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default();

    // Okta's admin console.
    let admin_suffix = [".okta.com", ".oktapreview.com", ".okta-emea.com"]
        .iter()
        .find(|s| host.ends_with(*s));
    if let Some(suffix) = admin_suffix {
        let org = &host[..host.len() - suffix.len()];
        if let Some(org) = org.strip_suffix("-admin").filter(|o| !o.is_empty()) {
            let rest = &cleaned[base.len()..];
            let scheme = &base[..base.find("://").map_or(0, |i| i + 3)];
            out.push(OKTA_ADMIN_DOMAIN.diag(
                source,
                &[name],
                format!("{name}=`{shown}` is on Okta's admin console host, not the org's authorization server"),
                format!("set {name}={scheme}{org}{suffix}{rest}"),
            ));
        }
    }

    // An endpoint pasted as the issuer. WSO2 Identity Server's issuer IS its token endpoint
    // (`https://{host}/oauth2/token`, discovery under it): not judged for a generic provider.
    let wso2 = *iss.provider == IdentityProvider::Generic
        && segs.len() == 2
        && segs[0].eq_ignore_ascii_case("oauth2")
        && segs[1].eq_ignore_ascii_case("token");
    if !wso2 && !matches!(iss.provider, IdentityProvider::CognitoDomain { .. }) {
        if let Some((k, suffix)) = endpoint_prefix(&segs) {
            let help = if k == usize::MAX {
                let prefix = &segs[..segs.len() - 1];
                format!(
                    "set {name}={base}/{}/<application-slug>/ (the issuer of the Authentik application's provider)",
                    prefix.join("/")
                )
            } else {
                let mut fixed = base.to_owned();
                for s in &segs[..k] {
                    fixed.push('/');
                    fixed.push_str(s);
                }
                if !suffix.is_empty() {
                    fixed.push('/');
                    fixed.push_str(suffix);
                }
                format!("set {name}={}", with_convention(fixed))
            };
            out.push(ISSUER_LOOKS_LIKE_ENDPOINT.diag(
                source,
                &[name],
                format!("{name}=`{shown}` is an endpoint of the provider, not its issuer"),
                help,
            ));
            return;
        }
    }

    if let Some((what, help)) = not_published(&iss, base, &segs) {
        out.push(ISSUER_NOT_PUBLISHED.diag(
            source,
            &[name],
            format!("{name}=`{shown}` {what}, so the issuer never matches"),
            help,
        ));
        return;
    }

    if iss.has_query_or_fragment() {
        return; // issuer-has-query-or-fragment gives the cleaned issuer.
    }
    let provider = iss.provider;
    // (For Cognito, cognito-issuer-malformed also says it, with the pool id.)
    if iss.text.ends_with('/') && provider.issuer_never_has_trailing_slash() {
        out.push(ISSUER_TRAILING_SLASH.diag(
            source,
            &[name],
            format!(
                "{name}=`{shown}` ends with `/`, but {provider} publishes its issuer without one"
            ),
            format!("set {name}={}", cleaned.trim_end_matches('/')),
        ));
    } else if !iss.text.ends_with('/')
        && provider.issuer_has_trailing_slash()
        && *provider != IdentityProvider::Auth0
    {
        out.push(ISSUER_MISSING_TRAILING_SLASH.diag(
            source,
            &[name],
            format!(
                "{name}=`{shown}` lacks the trailing `/` that {provider} publishes in its issuer"
            ),
            format!("set {name}={cleaned}/"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(path: &str) -> Option<String> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        endpoint_prefix(&segs).map(|(k, suffix)| {
            if k == usize::MAX {
                return "authentik".to_owned();
            }
            let mut parts: Vec<&str> = segs[..k].to_vec();
            if !suffix.is_empty() {
                parts.push(suffix);
            }
            parts.join("/")
        })
    }

    #[test]
    fn endpoints_and_their_issuers() {
        for (path, want) in [
            ("/realms/w/protocol/openid-connect/auth", "realms/w"),
            (
                "/auth/realms/w/protocol/openid-connect/certs",
                "auth/realms/w",
            ),
            ("/oauth2/v1/authorize", ""),
            ("/oauth2/default/v1/token", "oauth2/default"),
            ("/oauth2/aus1/v1/keys", "oauth2/aus1"),
            ("/t/oauth2/v2.0/authorize", "t/v2.0"),
            ("/t/oauth2/authorize", "t"),
            ("/t/discovery/v2.0/keys", "t/v2.0"),
            ("/as/authorization.oauth2", ""),
            ("/as/token.oauth2", ""),
            ("/env/as/authorize", "env/as"),
            ("/connect/authorize", ""),
            ("/authorize", ""),
            ("/oauth/token", ""),
            ("/o/oauth2/v2/auth", ""),
            ("/o/oauth2/auth", ""),
            ("/oauth/v2/authorize", ""),
            ("/oidc/v1/userinfo", ""),
            ("/oauth2/auth", ""),
            ("/oauth/authorize", ""),
            ("/oidc/2/token", "oidc/2"),
            ("/oidc/2/auth", "oidc/2"),
            ("/.well-known/jwks.json", ""),
            ("/application/o/authorize/", "authentik"),
            ("/x/logout", "x"),
        ] {
            assert_eq!(fixed(path).as_deref(), Some(want), "{path}");
        }
        for path in [
            "",
            "/",
            "/oauth2/default",
            "/oauth2/aus1",
            "/t/v2.0",
            "/realms/token",
            "/auth/realms/keys",
            "/application/o/wandb/",
            "/application/o/keys/",
            "/env/as",
            "/adfs",
            "/oidc/2",
            "/auth",
            "/.well-known/openid-configuration",
            "/eu-west-1_AbC",
        ] {
            assert_eq!(fixed(path), None, "{path}");
        }
    }

    #[test]
    fn guids() {
        assert!(is_guid("9188040d-6c67-4c5b-b112-36a304b66dad"));
        assert!(!is_guid("9188040d-6c67-4c5b-b112-36a304b66da"));
        assert!(!is_guid("contoso.onmicrosoft.com"));
    }
}
