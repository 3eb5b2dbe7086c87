oidc_issuer    = "https://acme.okta.com"
oidc_client_id = "0oa1b2c3d4e5f6g7h8i9"
# The variable is marked sensitive, but the value is still written here in plain text.
license = "eyJhbGciOiJSUzI1NiJ9.wired-license"
