oidc_issuer    = "https://acme.okta.com"
oidc_client_id = "0oa1b2c3d4e5f6g7h8i9"
# A license in a variable marked sensitive: the intended pattern, not a finding.
license = "eyJhbGciOiJSUzI1NiJ9.wired-license"
