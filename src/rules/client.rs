//! How the W&B application is registered at the provider: the client secret's value, and the
//! redirect URI built from `HOST` (`entra-secret-id-as-secret`, `redirect-uri-not-https`,
//! `host-is-callback-url`).

use crate::model::declaration::VarId;
use crate::model::provider::IdentityProvider;
use crate::model::url_text::is_loopback;
use crate::model::value::Value;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Resolved};
use crate::rules::issuer::issuer;
use crate::rules::issuer_shape::is_guid;
use crate::rules::rule;

rule! {
    ENTRA_SECRET_ID_AS_SECRET = "entra-secret-id-as-secret", Warning,
    summary: "Entra issuer and the client secret is shaped like a GUID: the secret's ID, not its value.",
    what: "`OIDC_ISSUER` is a Microsoft issuer (Entra ID, External ID, B2C) and the client secret (`GORILLA_OIDC_SECRET` or `OIDC_SECRET`) is a GUID (`8-4-4-4-12` hexadecimal digits). The Certificates & secrets page shows two columns, \"Value\" and \"Secret ID\"; the Secret ID is a GUID, the value is not.",
    why: "With the Secret ID the token endpoint answers `invalid_client` (AADSTS7000215: invalid client secret provided) after the user signed in, and nobody can sign in. The value is shown only once, when the secret is created.",
    example: "OIDC_ISSUER=https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0\nGORILLA_OIDC_SECRET=3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    fix: "Create a new client secret in the app registration, copy its Value (not the Secret ID) at once, and set `GORILLA_OIDC_SECRET` to it.",
}

rule! {
    REDIRECT_URI_NOT_HTTPS = "redirect-uri-not-https", Warning,
    summary: "HOST is http:// on a non-loopback host and the provider accepts only https redirect URIs.",
    what: "`HOST` is `http://` on a host that is not `localhost`, `127.0.0.0/8` or `[::1]`, and the provider is Entra ID, Google or Okta, which accept only `https` redirect URIs (except for loopback).",
    why: "W&B's redirect URI is `$HOST/oidc/callback`. The provider refuses to register an `http` one, or rejects the login with a redirect-URI mismatch.",
    example: "HOST=http://wandb.example.com\nOIDC_ISSUER=https://accounts.google.com",
    fix: "Serve W&B over TLS and set `HOST=https://wandb.example.com`; register `https://wandb.example.com/oidc/callback` at the provider.",
}

rule! {
    HOST_IS_CALLBACK_URL = "host-is-callback-url", Error,
    summary: "HOST already ends in /oidc/callback (or /logout).",
    what: "`HOST` ends with `/oidc/callback` or `/logout`: the redirect or sign-out URL registered at the provider was copied into `HOST`.",
    why: "The server appends `/oidc/callback` to `HOST` itself, so the redirect URI becomes `.../oidc/callback/oidc/callback`, which is not registered: every login fails with a redirect mismatch, and every link the server builds is wrong.",
    example: "HOST=https://wandb.example.com/oidc/callback",
    fix: "Set `HOST` to the URL users open: `HOST=https://wandb.example.com`.",
}

/// `entra-secret-id-as-secret`.
pub(crate) fn check_secret_id(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some(iss) = issuer(r) else { return };
    if !iss.provider.is_microsoft() {
        return;
    }
    let secret = r.get(VarId::OidcSecret);
    let Some(Value::Secret(value)) = secret.value.as_ref() else {
        return;
    };
    if secret.presence == Presence::Set && is_guid(value.expose_secret().trim()) {
        out.push(ENTRA_SECRET_ID_AS_SECRET.diag(
            &secret.source,
            &[&secret.spelled],
            format!(
                "{} is shaped like a GUID: that is the Secret ID of an Entra client secret, not its value",
                secret.spelled
            ),
            format!(
                "create a new client secret, copy its Value (not the Secret ID) and set {} to it",
                secret.spelled
            ),
        ));
    }
}

/// `redirect-uri-not-https` and `host-is-callback-url`.
pub(crate) fn check_host(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let host = r.get(VarId::Host);
    if host.presence != Presence::Set {
        return;
    }
    let Some(text) = host.value.as_ref().and_then(Value::as_url) else {
        return;
    };
    let name = host.spelled.as_ref();
    let trimmed = text.trim_end_matches('/');
    for suffix in ["/oidc/callback", "/logout"] {
        let lower = trimmed.to_ascii_lowercase();
        if lower.ends_with(suffix) {
            let fixed = &trimmed[..trimmed.len() - suffix.len()];
            out.push(HOST_IS_CALLBACK_URL.diag(
                &host.source,
                &[name],
                format!("{name}={text} ends with {suffix}; the server appends /oidc/callback to {name} itself"),
                format!("set {name}={fixed}"),
            ));
            return;
        }
    }
    let Some(iss) = issuer(r) else { return };
    let strict = iss.provider.is_entra()
        || matches!(
            iss.provider,
            IdentityProvider::Google | IdentityProvider::Okta { .. }
        );
    let Ok(url) = url::Url::parse(text) else {
        return;
    };
    if strict && url.scheme() == "http" && !is_loopback(&url) {
        let rest = &text["http://".len().min(text.len())..];
        out.push(REDIRECT_URI_NOT_HTTPS.diag(
            &host.source,
            &[name],
            format!(
                "{name}={text} makes the redirect URI http://{}/oidc/callback, and {} accepts only https redirect URIs outside localhost",
                rest.trim_end_matches('/'),
                iss.provider
            ),
            format!("serve W&B over TLS and set {name}=https://{rest}"),
        ));
    }
}
