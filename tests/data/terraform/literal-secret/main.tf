module "wandb" {
  source  = "wandb/wandb/google"
  version = "10.8.2"

  namespace   = "wandb"
  license     = var.license
  domain_name = "example.com"

  oidc_issuer      = "https://accounts.google.com"
  oidc_client_id   = "1234567890-abc.apps.googleusercontent.com"
  oidc_auth_method = "pkce"
  oidc_secret      = "GOCSPX-literal-s3cr3t-value"
}

variable "license" {
  type      = string
  sensitive = true
}
