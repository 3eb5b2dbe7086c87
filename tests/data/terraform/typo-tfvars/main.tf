variable "oidc_issuer" { type = string }
variable "oidc_client_id" { type = string }
variable "oidc_auth_method" {
  type    = string
  default = "implicit"
}

module "wandb" {
  source  = "wandb/wandb/google"
  version = "10.8.2"

  oidc_issuer      = var.oidc_issuer
  oidc_client_id   = var.oidc_client_id
  oidc_auth_method = var.oidc_auth_method
}
