# Releases from before the operator still passed their SSO inputs to the W&B deployment.
module "azure" {
  source  = "wandb/wandb/azurerm"
  version = "~> 1.5"

  oidc_issuer    = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
  oidc_client_id = "4kdq0examplec1ient1d"
}

module "google" {
  source  = "wandb/wandb/google"
  version = "2.9.0"

  local_restore = true
}
