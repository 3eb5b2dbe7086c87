# The pattern of W&B's own examples (terraform-google-wandb examples/custom-tf-*): the CR spec
# built in the root module and passed to wandb/wandb/helm.
variable "oidc_issuer" {
  type    = string
  default = ""
}
variable "oidc_client_id" {
  type    = string
  default = ""
}
variable "oidc_secret" {
  type      = string
  default   = ""
  sensitive = true
}
variable "oidc_auth_method" {
  type    = string
  default = "implicit"
}
variable "other_wandb_env" {
  type    = map(string)
  default = {}
}

locals {
  oidc_envs = var.oidc_issuer != "" ? {
    "OIDC_ISSUER"      = var.oidc_issuer
    "OIDC_CLIENT_ID"   = var.oidc_client_id
    "OIDC_AUTH_METHOD" = var.oidc_auth_method
    "OIDC_SECRET"      = var.oidc_secret
  } : {}
}

module "wandb" {
  source  = "wandb/wandb/helm"
  version = "3.0.0"

  spec = {
    values = {
      global = {
        host    = "https://wandb.example.com"
        license = "eyJhbGciOiJSUzI1NiJ9.helm-literal-license"

        extraEnv = merge({
          "GORILLA_DISABLE_CODE_SAVING" = false
        }, var.other_wandb_env, local.oidc_envs)

        auth = {
          sessionLengthHours = 24
        }
      }
    }
  }
}
