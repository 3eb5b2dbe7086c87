variable "other_wandb_env" {
  type    = map(any)
  default = {}
}

module "wandb" {
  source          = "wandb/wandb/azurerm"
  version         = "7.9.2"
  namespace       = "wandb"
  other_wandb_env = var.other_wandb_env
}
