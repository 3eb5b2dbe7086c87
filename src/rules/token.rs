//! Rules of `iamconf token`: an ID token pasted from a browser or a log, judged against the
//! configuration (offline; with `--discover` its signature too). `token::check` raises them.

use crate::rules::rule;

rule! {
    TOKEN_ALG_UNSUPPORTED = "token-alg-unsupported", Error,
    summary: "The token header `alg` is neither `RS256` nor `ES256`.",
    what: "W&B verifies ID tokens signed with `RS256` or `ES256`; the `alg` of the token's JOSE header must be one of them.",
    why: "A token signed otherwise (`HS256` with the client secret, `PS256`, `none`) fails the server's signature check, and the login fails.",
    example: "# header: {\"alg\": \"HS256\", \"typ\": \"JWT\"}",
    fix: "Configure the W&B application at the provider to sign ID tokens with `RS256` (or `ES256`).",
}

rule! {
    TOKEN_AUDIENCE_MISMATCH = "token-audience-mismatch", Error,
    summary: "`aud` does not contain `OIDC_CLIENT_ID`.",
    what: "OpenID Connect Core 3.1.3.7: the ID token's `aud` (a string or an array) must contain the client id the server is configured with.",
    why: "The server rejects a token issued for another client, so the login fails; it usually means the token came from another application, or `OIDC_CLIENT_ID` names the wrong one.",
    example: "OIDC_CLIENT_ID=wandb\n# token: \"aud\": \"grafana\"",
    fix: "Set `OIDC_CLIENT_ID` to the client id of the application that issues the token (or paste a token of the W&B application).",
}

rule! {
    TOKEN_EXPIRED = "token-expired", Info,
    summary: "`exp` is in the past.",
    what: "The token's `exp` (expiry, seconds since 1970) is earlier than now. A pasted token is usually old, so this is said, not judged.",
    why: "An expired token tells nothing wrong about the configuration; the server would reject it only if it were presented now.",
    example: "# token: \"exp\": 1700000000",
    fix: "Nothing to fix; get a fresh token to test a live sign-in.",
}

rule! {
    TOKEN_GROUPS_NOT_LIST = "token-groups-not-list", Warning,
    summary: "Group claims are on and `groups` is missing or not an array of strings.",
    what: "With `GORILLA_ENABLE_SSO_GROUPS_CLAIMS` on, W&B reads the `groups` claim of the ID token: an array of the names of ALL the user's W&B teams.",
    why: "Without it (Okta without a groups claim, Cognito's `cognito:groups`, Google) team membership is not synchronised, or users are removed from their teams.",
    example: "GORILLA_ENABLE_SSO_GROUPS_CLAIMS=true\n# token: no \"groups\" claim",
    fix: "Add a `groups` claim (string array) to the ID token at the provider (Okta: a groups claim on the authorization server; Keycloak: a Group Membership mapper named `groups`), or turn group claims off.",
}

rule! {
    TOKEN_GROUPS_NOT_TEAM_NAMES = "token-groups-not-team-names", Warning,
    summary: "Group claims are on and the `groups` entries look like object ids (GUIDs) or paths (`/team`).",
    what: "W&B matches each `groups` entry with a team NAME. Entries that are GUIDs (Entra ID emits group object ids) or paths starting with `/` (Keycloak's \"Full group path\") never equal a team name.",
    why: "Nobody is put in their teams, or users are removed from them.",
    example: "# token: \"groups\": [\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"]",
    fix: "Emit group names: Entra ID \"Emit groups as role claims\" / cloud-only group names (sAMAccountName), Keycloak: turn \"Full group path\" off in the group mapper.",
}

rule! {
    TOKEN_ISSUER_MISMATCH = "token-issuer-mismatch", Error,
    summary: "`iss` is not byte-identical to `OIDC_ISSUER`.",
    what: "OpenID Connect Discovery 4.3 and Core 3.1.3.7: the token's `iss` must equal the configured issuer byte for byte (trailing `/`, case, port). The help shows both and where they differ.",
    why: "The server rejects the token, and every login fails.",
    example: "OIDC_ISSUER=https://dev-123.okta.com/\n# token: \"iss\": \"https://dev-123.okta.com\"",
    fix: "Set `OIDC_ISSUER` to the token's `iss` exactly (it is also the discovery document's `issuer`).",
}

rule! {
    TOKEN_MALFORMED = "token-malformed", Error,
    summary: "Not a compact JWS with a JSON header and payload.",
    what: "An ID token is a compact JWS: three base64url parts separated by `.`, the first two JSON objects (RFC 7515 3.1). The message says which part is wrong, never the token.",
    why: "The server cannot read such a token; most often the paste is cut, is an access token of another format, or is a JWE (five parts).",
    example: "eyJhbGciOiJSUzI1NiJ9.eyJpc3Mi   # cut off",
    fix: "Paste the whole `id_token` (from the browser's network tab: the form_post body or the token response), nothing else.",
}

rule! {
    TOKEN_NO_EMAIL = "token-no-email", Error,
    summary: "No `email` claim.",
    what: "W&B identifies and provisions users by the `email` claim of the ID token (requested with the `email` scope).",
    why: "Without it the server cannot match or create the user, and the login fails.",
    example: "# token claims: {\"sub\": \"...\", \"name\": \"Ada\"}   # no email",
    fix: "Allow the `email` scope for the W&B application and map the user's email into the ID token at the provider (Entra: add the optional claim `email`; check the user has one).",
}

rule! {
    TOKEN_SIGNATURE_INVALID = "token-signature-invalid", Error,
    summary: "With `--discover`: no key of the issuer's JWK Set verifies the signature.",
    what: "`iamconf token --discover` fetches the discovery document and the JWK Set of the configured issuer and verifies the token's signature with each key usable for its `alg` (by `kid` first), using the `jsonwebtoken` crate.",
    why: "A token that no key of the issuer verifies was altered, or was issued by another issuer or tenant (or the keys were rotated since): the server rejects it.",
    example: "# a token whose payload was edited after signing",
    fix: "Paste an unaltered token from the configured issuer; if it is fresh and still fails, the issuer (tenant, realm) is not the one that signs the tokens.",
}

rule! {
    TOKEN_USERNAME_INVALID = "token-username-invalid", Error,
    summary: "Identifier claims are on and `preferred_username` is missing or has characters outside `[A-Za-z0-9_-]`.",
    what: "With `GORILLA_USE_IDENTIFIER_CLAIMS` on, W&B takes the username from `preferred_username`, which may hold only letters, digits, `_` and `-`.",
    why: "A missing or invalid username (an email address, a name with a dot or space) makes the user's sign-up fail.",
    example: "GORILLA_USE_IDENTIFIER_CLAIMS=true\n# token: \"preferred_username\": \"ada.lovelace@example.com\"",
    fix: "Map a claim with only `[A-Za-z0-9_-]` into `preferred_username` at the provider, or turn identifier claims off.",
}
