module "wandb" {
  source  = "registry.terraform.io/wandb/wandb/aws"
  version = "~> 8.0"

  namespace   = "wandb"
  domain_name = "example.com"

  oidc_issuer    = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
  oidc_client_id = "4kdq0examplec1ient1d"
}
