module "wandb" {
  source = "github.com/wandb/terraform-google-wandb?ref=v10.8.2"

  namespace   = "wandb"
  domain_name = "example.com"

  oidc_issuer    = var.oidc_issuer
  oidc_client_id = "4kdq0examplec1ient1d"
  other_wandb_env = merge(local.sso, {
    GORILLA_SESSION_LENGTH = "24h"
  })
  local_restore = true
}

locals {
  sso = {
    OIDC_AUTH_METHOD = "pkce"
  }
}

variable "oidc_issuer" {
  type    = string
  default = ""
}
