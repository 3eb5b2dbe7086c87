# Values this linter cannot know are present, never wrong.
module "wandb" {
  source  = "wandb/wandb/google"
  version = "10.8.2"

  namespace   = "wandb"
  license     = data.google_secret_manager_secret_version.license.secret_data
  domain_name = "example.com"

  oidc_issuer      = "https://cognito-idp.${var.region}.amazonaws.com/${var.pool_id}"
  oidc_client_id   = module.cognito.client_id
  oidc_auth_method = lower(var.method)
  oidc_secret      = data.aws_secretsmanager_secret_version.oidc.secret_string

  other_wandb_env = merge(var.extra_env, {
    GORILLA_SESSION_LENGTH = join("", ["24", "h"])
  })
}

variable "region" { type = string }
variable "pool_id" { type = string }
variable "method" { type = string }
variable "extra_env" { type = map(string) }
