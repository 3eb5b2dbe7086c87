//! Rules of the online check (`iamconf check --discover`): what the identity provider's discovery
//! document says, compared with the configuration. They are not in `CHECKS` because they need the
//! network; `discovery::check` raises them.

use crate::rules::rule;

rule! {
    DISCOVERY_INSECURE_ENDPOINT = "discovery-insecure-endpoint", Error,
    summary: "An endpoint in the discovery document is not https while the issuer is.",
    what: "With an `https` issuer, the document's `authorization_endpoint`, `token_endpoint` and `jwks_uri` must be `https` URLs too.",
    why: "The browser is sent to the authorization endpoint and the server fetches the signing keys from `jwks_uri`: over plain `http` an attacker on the path can forge the keys and so any ID token, or steal the login. It usually means the provider runs behind a TLS-terminating proxy it does not know about (Keycloak without `KC_PROXY_HEADERS`, a missing `X-Forwarded-Proto`).",
    example: "OIDC_ISSUER=https://sso.example.com/realms/wandb\n# document: \"jwks_uri\": \"http://sso.example.com/realms/wandb/protocol/openid-connect/certs\"",
    fix: "Configure the provider with its public `https` URL (its frontend URL / hostname setting, or forward `X-Forwarded-Proto: https` from the proxy), then check again.",
}

rule! {
    DISCOVERY_ISSUER_MISMATCH = "discovery-issuer-mismatch", Error,
    summary: "The document's `issuer` is not byte-identical to the configured issuer.",
    what: "OpenID Connect Discovery 1.0 section 4.3: the `issuer` in the document fetched from `<issuer>/.well-known/openid-configuration` must be exactly the configured issuer, trailing `/`, case and port included. The help shows both strings and where they differ.",
    why: "The server compares the issuer of every ID token with the configured one, byte for byte; when they differ every login fails and nobody can sign in.",
    example: "OIDC_ISSUER=https://dev-123.okta.com/\n# document: \"issuer\": \"https://dev-123.okta.com\"",
    fix: "Copy the `issuer` value of the document into `OIDC_ISSUER` exactly (Auth0 and Authentik issuers end with `/`, Okta, Cognito, Keycloak and Entra issuers do not).",
}

rule! {
    DISCOVERY_MISSING_SCOPES = "discovery-missing-scopes", Warning,
    summary: "`scopes_supported` is present and lacks `openid`, `profile` or `email`.",
    what: "W&B requests the scopes `openid profile email`. When the document lists `scopes_supported`, each of them should be in it.",
    why: "A provider that does not know a requested scope may refuse the login or return ID tokens without the email and name W&B needs to create the user.",
    example: "# document: \"scopes_supported\": [\"openid\", \"offline_access\"]",
    fix: "Enable the `profile` and `email` scopes (client scopes) for the W&B application at the provider.",
}

rule! {
    DISCOVERY_NO_CODE = "discovery-no-code", Error,
    summary: "Auth method `pkce`, and `code` is not in `response_types_supported`.",
    what: "The authorization code flow with PKCE needs the response type `code`.",
    why: "Without it the provider rejects the login request W&B sends, and nobody can sign in.",
    example: "OIDC_AUTH_METHOD=pkce\n# document: \"response_types_supported\": [\"id_token\"]",
    fix: "Enable the authorization code flow for the W&B application at the provider, or use `OIDC_AUTH_METHOD=implicit` if the provider supports it (`id_token` and `form_post`).",
}

rule! {
    DISCOVERY_NO_FORM_POST = "discovery-no-form-post", Error,
    summary: "Auth method `implicit`, and `form_post` is not in `response_modes_supported` (or it is absent).",
    what: "W&B's implicit flow asks for the ID token with `response_mode=form_post`. The document must list `form_post` in `response_modes_supported`; an absent field means `[\"query\", \"fragment\"]`, so no form_post.",
    why: "A provider without form_post (Cognito, Dex, Google) rejects the login request, and with `implicit` being the default that locks everyone out.",
    example: "OIDC_ISSUER=https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf\n# OIDC_AUTH_METHOD unset: implicit",
    fix: "Set `OIDC_AUTH_METHOD=pkce` (and enable the authorization code flow with PKCE at the provider).",
}

rule! {
    DISCOVERY_NO_ID_TOKEN = "discovery-no-id-token", Error,
    summary: "Auth method `implicit`, and `id_token` is not in `response_types_supported`.",
    what: "W&B's implicit flow asks for `response_type=id_token`; the document must list `id_token` in `response_types_supported`.",
    why: "Without it the provider rejects the login request, and nobody can sign in.",
    example: "OIDC_ISSUER=https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf\n# document: \"response_types_supported\": [\"code\", \"token\"]",
    fix: "Set `OIDC_AUTH_METHOD=pkce`, or enable the implicit (ID token) flow for the W&B application at the provider.",
}

rule! {
    DISCOVERY_NO_S256 = "discovery-no-s256", Error,
    summary: "Auth method `pkce`, and `S256` is not in `code_challenge_methods_supported`.",
    what: "W&B's PKCE flow sends an `S256` code challenge; the document should list `S256` in `code_challenge_methods_supported`. Cognito and Entra support S256 but do not advertise it, so for them an absent field is only a warning.",
    why: "A provider without S256 rejects the login request or the code exchange, and nobody can sign in.",
    example: "OIDC_AUTH_METHOD=pkce\n# document: \"code_challenge_methods_supported\": [\"plain\"]",
    fix: "Enable PKCE with S256 for the W&B application at the provider, or use `OIDC_AUTH_METHOD=implicit` if the provider supports `id_token` with `form_post`.",
}

rule! {
    DISCOVERY_UNREACHABLE = "discovery-unreachable", Error,
    summary: "The discovery document cannot be fetched.",
    what: "`iamconf check --discover` fetches `<issuer without one trailing />/.well-known/openid-configuration`, as the server does at login. It fails on a DNS error, a refused connection, a TLS error, a timeout, a status other than 200, a redirect to plain `http`, a body over 1 MiB, or a body that is not a JSON object; the message names the cause.",
    why: "If iamconf cannot fetch it, the server most likely cannot either (or the issuer is wrong), and SSO logins fail.",
    example: "OIDC_ISSUER=https://sso.example.invalid\n# DNS: the host is not found",
    fix: "Check the issuer URL (open the discovery URL in a browser), the network path from where the server runs, and for a private CA pass `--ca-cert FILE` (and give the server the same CA).",
}

rule! {
    DISCOVERY_NO_SUPPORTED_ALG = "discovery-no-supported-alg", Error,
    summary: "`id_token_signing_alg_values_supported` names neither `RS256` nor `ES256`.",
    what: "W&B verifies ID-token signatures made with `RS256` or `ES256` (ES256 since wandb/local 0.9.50). The discovery document lists the algorithms the provider signs ID tokens with in `id_token_signing_alg_values_supported`; at least one of the two must be there. An absent field is not judged here (the JWK Set check still runs).",
    why: "An ID token signed with another algorithm (`HS256` with the client secret, `PS256`, `EdDSA`) fails the server's signature check, so every login fails.",
    example: "# document: \"id_token_signing_alg_values_supported\": [\"HS256\", \"PS256\"]",
    fix: "Configure the W&B application at the provider to sign ID tokens with `RS256` (the usual default) or `ES256`.",
}

rule! {
    DISCOVERY_PUBLIC_CLIENT_UNSUPPORTED = "discovery-public-client-unsupported", Warning,
    summary: "No client secret is set and `token_endpoint_auth_methods_supported` is present without `none`.",
    what: "With `OIDC_AUTH_METHOD=pkce` the server exchanges the code at the token endpoint; with no client secret configured it does so as a public client (token endpoint auth method `none`). When the document lists `token_endpoint_auth_methods_supported` and `none` is not among them, the provider does not accept public clients. Only judged for `pkce`: the implicit flow never calls the token endpoint.",
    why: "The code exchange then fails with `invalid_client` after the user has signed in at the provider, and nobody can sign in to W&B. Google, for example, always needs the secret.",
    example: "OIDC_AUTH_METHOD=pkce\n# no GORILLA_OIDC_SECRET\n# document: \"token_endpoint_auth_methods_supported\": [\"client_secret_post\", \"client_secret_basic\"]",
    fix: "Set the client secret (`GORILLA_OIDC_SECRET`, the secret VALUE), or register the W&B application at the provider as a public client (SPA / native, no secret). `iamconf check --probe` asks the token endpoint which one it wants.",
}

rule! {
    DISCOVERY_SECRET_METHOD_UNSUPPORTED = "discovery-secret-method-unsupported", Warning,
    summary: "A client secret is set and the document lists neither `client_secret_basic` nor `client_secret_post`.",
    what: "With `OIDC_AUTH_METHOD=pkce` and a client secret, the server authenticates to the token endpoint with the secret (`client_secret_basic` or `client_secret_post`). When the document lists `token_endpoint_auth_methods_supported` without either, the provider does not take a secret that way (an absent field means `client_secret_basic`). Only judged for `pkce`.",
    why: "The code exchange then fails with `invalid_client`, and nobody can sign in.",
    example: "OIDC_AUTH_METHOD=pkce\nGORILLA_OIDC_SECRET=...\n# document: \"token_endpoint_auth_methods_supported\": [\"private_key_jwt\"]",
    fix: "Allow `client_secret_basic` or `client_secret_post` for the W&B application at the provider, or register it as a public client and remove the secret.",
}

rule! {
    JWKS_NO_SIGNING_KEY = "jwks-no-signing-key", Error,
    summary: "The JWK Set has no key usable for `RS256` or `ES256` signatures.",
    what: "The JWK Set at the document's `jwks_uri` must hold at least one key the server can verify ID tokens with: an RSA key (`kty` `RSA` with `n` and `e`) or a P-256 EC key (`kty` `EC`, `crv` `P-256`, `x`, `y`), not marked for encryption only (`use` absent or `sig`, `alg` absent or `RS256`/`ES256`, `key_ops` absent or holding `verify`).",
    why: "Without such a key no ID token verifies, and every login fails.",
    example: "# jwks_uri: {\"keys\": [{\"kty\": \"RSA\", \"use\": \"enc\", \"n\": \"...\", \"e\": \"AQAB\"}]}",
    fix: "Give the provider an RS256 (or ES256) signing key, published in its JWK Set; check that the W&B application is not set to sign ID tokens with a symmetric (HS256) secret.",
}

rule! {
    JWKS_UNREACHABLE = "jwks-unreachable", Error,
    summary: "`jwks_uri` cannot be fetched or is not a JWK Set.",
    what: "With `--discover`, iamconf also fetches the JWK Set at the document's `jwks_uri`, under the same bounds as the document (timeouts, https-only redirects, 1 MiB, status 200). It must be a JSON object with a `keys` array. The message names the cause; a document without `jwks_uri` fires it too.",
    why: "The server fetches the same keys to verify every ID token; if they cannot be fetched, every login fails.",
    example: "# document: \"jwks_uri\": \"https://sso.example.com/keys\"  ->  HTTP status 404",
    fix: "Check that `jwks_uri` in the document is the provider's public URL and reachable from where the server runs (proxy, firewall, private CA: `--ca-cert FILE`).",
}
