# Values for a root module kept elsewhere (terraform plan -var-file=prod.tfvars).
project_id       = "acme-wandb"
oidc_issuer      = "https://acme.okta.com"
oidc_client_id   = "0oa1b2c3d4e5f6g7h8i9"
oidc_auth_method = "PKCE"
