variable "oidc_issuer" { type = string }
variable "oidc_client_id" { type = string }
variable "oidc_auth_method" {
  type    = string
  default = "pkce"
}

module "wandb" {
  source  = "wandb/wandb/kubernetes"
  version = "1.14.1"

  host    = "https://wandb.example.com"
  license = var.license

  oidc_issuer      = var.oidc_issuer
  oidc_client_id   = var.oidc_client_id
  oidc_auth_method = var.oidc_auth_method
}

variable "license" {
  type      = string
  sensitive = true
}
