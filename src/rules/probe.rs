//! Rules of the probe (`iamconf check --probe`): what the identity provider's authorization and
//! token endpoints answer to the requests W&B would send, classified by RFC 6749 and OpenID
//! Connect Core only. `discovery::probe` raises them.

use crate::rules::rule;

rule! {
    PROBE_CLIENT_UNKNOWN = "probe-client-unknown", Error,
    summary: "The authorization endpoint does not know the client id.",
    what: "`check --probe` sends the authorization request W&B sends. RFC 6749 4.1.2.1 and 4.2.2.1: for an unknown client the provider must not redirect, and shows its own error page. The probe reports this when the answer is an error page or an error naming the client (`invalid_client`, `unauthorized_client`), and the same request with the redirect URI left out is refused the same way (so the redirect URI is not the cause).",
    why: "With a client id the provider does not know, every user who clicks \"Sign in\" lands on the provider's error page.",
    example: "OIDC_CLIENT_ID=wandb-prod   # the application at the provider is `wandb`",
    fix: "Copy the client id (application id) of the W&B application from the provider into `OIDC_CLIENT_ID`; with several tenants or realms, check the issuer points at the one the application lives in.",
}

rule! {
    PROBE_INCONCLUSIVE = "probe-inconclusive", Info,
    summary: "An answer of the identity provider the probe cannot classify.",
    what: "The probe classifies only what the standards define (RFC 6749 4.1.2.1, 4.2.2.1, 5.2; OpenID Connect Core 3.1.2.6). Any other answer (a 5xx status, `server_error`, `access_denied`, an unusual error code, a refused plain-http token endpoint, a network failure) is reported with its status and the provider's `error` and `error_description` (secrets redacted), and is never guessed into a verdict.",
    why: "It tells what the provider said, so that a person can judge it; it is not a failure by itself.",
    example: "# the authorization endpoint answers 500 Internal Server Error",
    fix: "Read the status and the provider's error in the message; retry later for a temporary error; check the provider's logs for the W&B application.",
}

rule! {
    PROBE_REDIRECT_URI_REJECTED = "probe-redirect-uri-rejected", Error,
    summary: "The provider refuses the redirect URI `$HOST/oidc/callback` while it accepts the client.",
    what: "The authorization request with `redirect_uri=$HOST/oidc/callback` is refused without a redirect (an error page or a 4xx, and no form_post back to the callback), while the same request without the redirect URI is accepted or refused for another reason, or the error names the redirect URI: RFC 6749 3.1.2.4, the redirect URI is not registered for this client.",
    why: "The provider sends nobody back to W&B: every sign-in stops on the provider's error page. A `HOST` with another scheme, port, or a trailing path differs from what was registered.",
    example: "HOST=https://wandb.example.com\n# registered at the provider: https://wandb.example.com/callback",
    fix: "Register exactly `$HOST/oidc/callback` (e.g. `https://wandb.example.com/oidc/callback`) as a redirect (callback / reply) URI of the W&B application at the provider, or correct `HOST`.",
}

rule! {
    PROBE_RESPONSE_TYPE_REJECTED = "probe-response-type-rejected", Error,
    summary: "The provider refuses the flow W&B uses (`id_token` + `form_post`, or `code` + S256).",
    what: "The authorization endpoint answers the configured flow with an OAuth error about the response type: `unsupported_response_type`, `unauthorized_client`, or `invalid_request` whose description names the response type, response mode or grant. The error comes back to the callback as a redirect, or as a `form_post` auto-submitting page (any status, 400 included), which counts as the same.",
    why: "The application at the provider is not allowed the flow `OIDC_AUTH_METHOD` selects (for example `implicit`, the default, on an application allowed only the authorization code flow), so every sign-in fails.",
    example: "OIDC_AUTH_METHOD=implicit\n# the application at the provider allows only the authorization code grant",
    fix: "Set `OIDC_AUTH_METHOD=pkce` if the application uses the authorization code flow, or allow the implicit grant with ID tokens (and form_post) for the W&B application at the provider.",
}

rule! {
    PROBE_SCOPE_REJECTED = "probe-scope-rejected", Error,
    summary: "The provider answers `invalid_scope` to `openid profile email` plus the custom scopes.",
    what: "The authorization request asks for the scopes W&B asks for: `openid profile email` and those of `GORILLA_OIDC_CUSTOM_SCOPES`. The provider redirected back with `error=invalid_scope` (RFC 6749 4.1.2.1): one of them is unknown or not allowed for this client.",
    why: "Every sign-in fails with that error. Cognito with a `groups` scope and Google with `groups` are the usual cases.",
    example: "GORILLA_OIDC_CUSTOM_SCOPES=groups\n# the provider has no `groups` scope",
    fix: "Remove the scope from `GORILLA_OIDC_CUSTOM_SCOPES`, or create it / allow it for the W&B application at the provider.",
}

rule! {
    PROBE_SECRET_REJECTED = "probe-secret-rejected", Error,
    summary: "The token endpoint answers `invalid_client` to this client id and the configured secret.",
    what: "The probe sends a code exchange with a deliberately unusable code, this client id and the configured client secret (HTTP Basic, or in the form when the provider supports only `client_secret_post`), to the document's `token_endpoint` only, over https only. RFC 6749 5.2: `invalid_grant` means the client authenticated (the code is what was refused); `invalid_client` means the client did not: the secret (or the client id) is wrong, or the secret is not accepted that way.",
    why: "After the user signs in at the provider, the server's code exchange fails the same way, and nobody can sign in.",
    example: "GORILLA_OIDC_SECRET=3f1c...   # the secret's ID, not its value (Entra)",
    fix: "Copy the secret VALUE of the W&B application from the provider into `GORILLA_OIDC_SECRET` (Entra shows the value only once at creation; create a new one if needed); check it has not expired.",
}

rule! {
    PROBE_SECRET_REQUIRED = "probe-secret-required", Error,
    summary: "No secret is configured and the token endpoint answers `invalid_client` to a public-client exchange.",
    what: "With no client secret, the server exchanges the code as a public client (client id in the form, no authentication). The probe sends the same exchange with a deliberately unusable code; RFC 6749 5.2 `invalid_client` means the provider does not accept this client without authentication: it is a confidential client.",
    why: "After the user signs in at the provider, the code exchange fails, and nobody can sign in.",
    example: "OIDC_AUTH_METHOD=pkce\n# no GORILLA_OIDC_SECRET; the application is a \"Web\" (confidential) client",
    fix: "Set `GORILLA_OIDC_SECRET` to the client secret value of the W&B application, or register the application at the provider as a public client (SPA / native, PKCE, no secret).",
}
