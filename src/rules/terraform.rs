//! Rules about W&B's Terraform modules (`iamconf lint` only): inputs a module declares but does
//! not use, and inputs it does not declare. The checks are in `src/lint/terraform/`, which reads
//! the module calls.

use crate::rules::rule;

rule! {
    TERRAFORM_INPUT_IGNORED = "terraform-input-ignored", Warning,
    summary: "A W&B Terraform module input that the module declares but does not use (here).",
    what: "An input of one of W&B's Terraform modules that reaches no W&B Server variable: the `oidc_*` inputs of `wandb/wandb/azurerm` (declared, unused since v2.0.0), `local_restore` and `app_wandb_env`/`weave_wandb_env`/`parquet_wandb_env` of `wandb/wandb/google` (the operator deployment never sees them), `oidc_client_id`/`oidc_auth_method`/`oidc_secret` of `wandb/wandb/google` while `oidc_issuer` is empty (the module sets the OIDC variables only when the issuer is set), and an `other_wandb_env` entry that a dedicated input overrides.",
    why: "`terraform plan` accepts the input and shows it, so the setting looks applied, but the server never gets it: SSO stays off, or the value you meant is replaced by the module's default (an `OIDC_AUTH_METHOD` of `pkce` in `other_wandb_env` replaced by the `oidc_auth_method` default `implicit` locks Cognito users out).",
    example: "module \"wandb\" {\n  source      = \"wandb/wandb/azurerm\"\n  oidc_issuer = \"https://login.microsoftonline.com/<tenant-id>/v2.0\"\n}",
    fix: "Pass the setting where the module reads it, as the help says: for `wandb/wandb/azurerm` and `wandb/wandb/aws`, `other_wandb_env = { OIDC_ISSUER = \"...\", OIDC_CLIENT_ID = \"...\", OIDC_AUTH_METHOD = \"pkce\" }`; for `wandb/wandb/google`, set `oidc_issuer` too, or remove the duplicate `other_wandb_env` entry.",
}

rule! {
    TERRAFORM_INPUT_UNKNOWN = "terraform-input-unknown", Error,
    summary: "A W&B Terraform module is given an SSO input it does not declare.",
    what: "A `module` block that calls one of W&B's modules sets an SSO-looking input the module does not declare: `oidc_issuer` on `wandb/wandb/aws` (which has no `oidc_*` input in any version), or a misspelt input such as `oidc_auth_methd`; also a `.tfvars` value whose name is a near miss of a variable the module beside it declares. The configuration is still judged as you meant it.",
    why: "`terraform plan` stops with \"Unsupported argument\", and the common reaction, deleting the line, deploys without the setting. A misspelt `.tfvars` name is worse: Terraform only warns \"Value for undeclared variable\" and the variable keeps its default, such as `oidc_auth_method = \"implicit\"`.",
    example: "module \"wandb\" {\n  source      = \"wandb/wandb/aws\"\n  oidc_issuer = \"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123\"\n}",
    fix: "Use the input the module declares (the help names it), or for `wandb/wandb/aws` pass the variables in `other_wandb_env = { OIDC_ISSUER = \"...\" }`.",
}
