module "wandb" {
  source  = "wandb/wandb/aws"
  version = "8.0.0"

  namespace   = "wandb"
  domain_name = "example.com"
  subdomain   = "wandb"
  license     = var.license

  other_wandb_env = {
    OIDC_ISSUER    = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
    OIDC_CLIENT_ID = "4kdq0examplec1ient1d"
  }
}

variable "license" {
  type      = string
  sensitive = true
}
