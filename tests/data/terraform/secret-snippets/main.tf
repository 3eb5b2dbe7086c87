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
