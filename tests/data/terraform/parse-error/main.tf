module "wandb" {
  source  = "wandb/wandb/aws"
  license =
}
