module "wandb" {
  source = "wandb/wandb/aws"

  namespace   = "wandb"
  domain_name = "example.com"

  other_wandb_env = {
    OIDC_ISSUER                      = "http://idp.example.com"
    GORILLA_DISABLE_SSO_PROVISIONING = "yes"
    LOCAL_RESTORE                    = true # iamconf: allow(local-restore-enabled)
  }
}
