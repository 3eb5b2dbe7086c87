variable "oidc_secret" {
  type = string
  sensitive = true
}
module "wandb" {
  source = "wandb/wandb/aws"
  oidc_secret = "leak-one-s3cr3t"
  oidc_secrt = "leak-two-s3cr3t"
}
module "g" {
  source = "wandb/wandb/google"
  app_wandb_env = { GORILLA_OIDC_SECRET = "leak-three-s3cr3t" }
}
module "one_line" {
  source          = "wandb/wandb/aws"
  other_wandb_env = { GORILLA_OIDC_SECRET = "leak-five-s3cr3t", OIDC_ISSUER = "http://idp.example.com", OIDC_CLIENT_ID = "c" }
}
