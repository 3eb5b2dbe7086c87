//! `iamconf lint` on Terraform: calls of W&B's modules (`wandb/wandb/aws`, `google`, `azurerm`,
//! `kubernetes`) and their `.tfvars`, run as a child process on the files under
//! tests/fixtures/terraform (W&B's own examples, the shared fixtures, calls written for this
//! crate) and tests/data/terraform (broken on purpose).
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One finding of the JSON output.
#[derive(Debug, Clone)]
struct Finding {
    code: String,
    severity: String,
    path: String,
    line: u64,
    column: u64,
    message: String,
    help: String,
    key: String,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn iamconf(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `iamconf lint --format json --verbose ARGS`: exit code, findings, stderr.
fn lint(args: &[&str]) -> (i32, Vec<Finding>, String) {
    let mut a = vec!["lint", "--format", "json", "--verbose"];
    a.extend_from_slice(args);
    let run = iamconf(&a);
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    let s = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_owned();
    let findings = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Finding {
            code: s(d, "code"),
            severity: s(d, "severity"),
            path: s(&d["source"], "path"),
            line: d["source"]["line"].as_u64().unwrap_or(0),
            column: d["source"]["column"].as_u64().unwrap_or(0),
            message: s(d, "message"),
            help: s(d, "help"),
            key: s(&d["source"], "key"),
        })
        .collect::<Vec<_>>();
    for d in v["diagnostics"].as_array().unwrap() {
        assert_eq!(d["source"]["kind"], "terraform", "{d}");
    }
    (run.code, findings, run.stderr)
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn cognito_issuer_without_auth_method_in_an_aws_call_fails_at_the_issuer_line() {
    let (code, f, _) = lint(&["tests/data/terraform/aws-cognito"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&f), ["cognito-requires-pkce"], "{f:#?}");
    assert_eq!(f[0].path, "tests/data/terraform/aws-cognito/main.tf");
    assert_eq!((f[0].line, f[0].column), (11, 22));
    assert_eq!(f[0].key, "module.wandb.other_wandb_env.OIDC_ISSUER");
    // The aws module has no oidc_auth_method input: the fix goes in other_wandb_env.
    assert_eq!(
        f[0].help,
        "set other_wandb_env = { OIDC_AUTH_METHOD = \"pkce\" }"
    );
}

#[test]
fn oidc_inputs_the_aws_module_lacks_are_refused_and_still_judged() {
    let (code, f, _) = lint(&["tests/data/terraform/aws-oidc-inputs"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        got,
        [
            ("terraform-input-unknown", 8),
            ("cognito-requires-pkce", 8),
            ("terraform-input-unknown", 9),
        ]
    );
    assert!(
        f[0].message
            .contains("wandb/wandb/aws declares no input `oidc_issuer`")
    );
    assert!(
        f[0].help
            .contains("other_wandb_env = { OIDC_ISSUER = \"https://cognito-idp.")
    );
}

#[test]
fn uppercase_pkce_in_tfvars_alone_is_invalid_with_terraform_help_and_the_assumed_module() {
    let (code, f, stderr) = lint(&["tests/data/terraform/tfvars-alone/prod.tfvars"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&f), ["invalid-auth-method"], "{f:#?}");
    assert_eq!((f[0].line, f[0].column), (5, 20));
    assert_eq!(f[0].help, "set oidc_auth_method = \"pkce\"");
    assert!(
        f[0].message.contains("wandb/wandb/google (assumed)"),
        "{}",
        f[0].message
    );
    assert!(
        stderr.contains("judged as the inputs of wandb/wandb/google"),
        "{stderr}"
    );
}

#[test]
fn a_literal_client_secret_is_reported_and_never_printed() {
    let secret = "GOCSPX-literal-s3cr3t-value";
    let (code, f, _) = lint(&["tests/data/terraform/literal-secret"]);
    assert_eq!(code, 0, "a warning only");
    assert_eq!(codes(&f), ["secret-in-plain-value"]);
    assert_eq!((f[0].line, f[0].column), (12, 22));
    assert_eq!(f[0].severity, "warning");
    for format in ["human", "json", "sarif", "github"] {
        let run = iamconf(&[
            "lint",
            "--format",
            format,
            "--verbose",
            "tests/data/terraform/literal-secret",
        ]);
        assert!(!run.stdout.contains(secret), "{format}: {}", run.stdout);
        assert!(!run.stderr.contains(secret), "{format}: {}", run.stderr);
    }
    let human = iamconf(&["lint", "tests/data/terraform/literal-secret"]).stdout;
    assert!(human.contains("oidc_secret      = \"***\""), "{human}");
}

#[test]
fn secrets_in_tfvars_json_and_map_inputs_are_masked_and_help_is_in_map_terms() {
    let (code, f, _) = lint(&["tests/data/terraform/json-tfvars"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&f),
        ["issuer-is-discovery-url", "secret-in-plain-value"]
    );
    assert_eq!((f[0].line, f[0].column), (3, 20));
    assert_eq!(
        f[0].help,
        "set other_wandb_env = { OIDC_ISSUER = \"https://acme.okta.com\" }"
    );
    assert_eq!(f[1].line, 6);
    let run = iamconf(&["lint", "tests/data/terraform/json-tfvars"]);
    assert!(
        !run.stdout.contains("json-literal-s3cr3t"),
        "{}",
        run.stdout
    );
}

#[test]
fn azurerm_oidc_inputs_are_ignored_inputs() {
    let (code, f, _) = lint(&["tests/fixtures/terraform/calls/azurerm-oidc-inputs"]);
    assert_eq!(code, 0);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        got,
        [
            ("terraform-input-ignored", 13),
            ("terraform-input-ignored", 14),
            ("terraform-input-ignored", 15),
        ]
    );
    assert_eq!(
        f[2].help,
        "pass it in other_wandb_env = { OIDC_AUTH_METHOD = \"pkce\" }"
    );
    // Denied warnings fail the run.
    let run = iamconf(&[
        "lint",
        "--deny-warnings",
        "tests/fixtures/terraform/calls/azurerm-oidc-inputs",
    ]);
    assert_eq!(run.code, 1);
}

#[test]
fn google_oidc_inputs_replace_other_wandb_env_and_local_restore_does_not_reach_the_server() {
    let (code, f, _) = lint(&["tests/data/terraform/google-override"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, u64)> = f
        .iter()
        .map(|f| (f.code.as_str(), f.path.rsplit('/').next().unwrap(), f.line))
        .collect();
    assert_eq!(
        got,
        [
            ("terraform-input-ignored", "main.tf", 12),
            ("terraform-input-ignored", "main.tf", 17),
            ("cognito-requires-pkce", "terraform.tfvars", 1),
        ]
    );
    assert!(
        f[1].message
            .contains("replaced by the module's `oidc_auth_method`")
    );
    assert_eq!(f[2].help, "set oidc_auth_method = \"pkce\"");
}

#[test]
fn tfvars_are_judged_through_the_module_call_beside_them() {
    // Every run: terraform.tfvars alone is fine (default pkce), staging.tfvars is not.
    let (code, f, _) = lint(&["tests/data/terraform/wired"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&f),
        ["cognito-requires-pkce", "secret-in-plain-value"]
    );
    assert_eq!(f[0].path, "tests/data/terraform/wired/staging.tfvars");
    assert_eq!(f[0].line, 2);
    // A sensitive variable's value written in a .tfvars file is still plain text there.
    assert_eq!(f[1].path, "tests/data/terraform/wired/terraform.tfvars");
    assert_eq!((f[1].line, f[1].column), (4, 11));
    assert!(
        f[1].message
            .contains("variable `license` is marked sensitive"),
        "{}",
        f[1].message
    );
    assert!(f[1].help.contains("TF_VAR_license"), "{}", f[1].help);
    // Named alone, a .tfvars file is still read with the main.tf beside it, and terraform.tfvars
    // (loaded by Terraform in every run) with it.
    let (code, f, _) = lint(&["tests/data/terraform/wired/staging.tfvars"]);
    assert_eq!(
        (code, codes(&f)),
        (1, vec!["cognito-requires-pkce", "secret-in-plain-value"])
    );
    let (code, f, _) = lint(&["tests/data/terraform/wired/terraform.tfvars"]);
    assert_eq!((code, codes(&f)), (0, vec!["secret-in-plain-value"]));
}

#[test]
fn values_known_only_at_plan_time_are_never_wrong() {
    let (code, f, _) = lint(&["tests/data/terraform/unknown-values"]);
    assert_eq!((code, f.len()), (0, 0), "{f:#?}");
}

#[test]
fn files_that_do_not_parse_are_parse_errors_with_positions() {
    let (code, f, _) = lint(&["tests/data/terraform/parse-error"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, u64, u64)> = f
        .iter()
        .map(|f| {
            (
                f.code.as_str(),
                f.path.rsplit('/').next().unwrap(),
                f.line,
                f.column,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("parse-error", "broken.tfvars.json", 4, 1),
            ("parse-error", "main.tf", 3, 12),
        ]
    );
    assert!(f[1].message.starts_with("not valid HCL"));
}

#[test]
fn wandb_own_examples_give_no_finding() {
    let (code, f, _) = lint(&["tests/fixtures/terraform/wandb-examples"]);
    assert_eq!((code, f.len()), (0, 0), "{f:#?}");
}

#[test]
fn correct_calls_written_from_the_readmes_give_no_finding() {
    for dir in ["aws-okta-pkce", "google-entra-pkce"] {
        let (code, f, _) = lint(&[&format!("tests/fixtures/terraform/calls/{dir}")]);
        assert_eq!((code, f.len()), (0, 0), "{dir}: {f:#?}");
    }
}

#[test]
fn kubernetes_module_cognito_default_and_literal_secret() {
    let (code, f, _) = lint(&["tests/fixtures/terraform/calls/kubernetes-cognito"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        got,
        [("cognito-requires-pkce", 14), ("secret-in-plain-value", 16)]
    );
}

#[test]
fn shared_fixtures_google_locks_out_and_aws_has_no_error() {
    let (code, f, _) = lint(&["tests/fixtures/terraform/google"]);
    assert_eq!(code, 1);
    let errors: Vec<&Finding> = f.iter().filter(|f| f.severity == "error").collect();
    assert_eq!(errors.len(), 1, "{f:#?}");
    assert_eq!(errors[0].code, "cognito-requires-pkce");
    assert_eq!(errors[0].help, "set oidc_auth_method = \"pkce\"");
    let (code, f, _) = lint(&["tests/fixtures/terraform/aws"]);
    assert_eq!(code, 0);
    assert!(f.iter().all(|f| f.severity != "error"), "{f:#?}");
}

#[test]
fn kind_terraform_and_auto_detection() {
    // Auto-detection picks the Terraform files of a mixed directory only with --kind terraform.
    // With --kind helm nothing is judged: exit 2 (a run that checked no file), 0 with
    // --allow-empty.
    let run = iamconf(&["lint", "--kind", "helm", "tests/data/terraform/aws-cognito"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let run = iamconf(&[
        "lint",
        "--allow-empty",
        "--kind",
        "helm",
        "tests/data/terraform/aws-cognito",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = iamconf(&[
        "lint",
        "--kind",
        "terraform",
        "tests/data/terraform/aws-cognito",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = iamconf(&[
        "lint",
        "--kind",
        "terraform",
        "tests/data/terraform/aws-cognito/main.tf",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn the_helm_module_spec_is_read_as_chart_values_like_wandb_examples_build_it() {
    let (code, f, _) = lint(&["tests/data/terraform/helm-module"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    // The google examples' `local.oidc_envs` with the default method: the lock-out of
    // REFERENCE 7.2, fixed in the variable; the literal license in the spec.
    assert_eq!(
        got,
        [("cognito-requires-pkce", 18), ("secret-in-plain-value", 42)]
    );
    assert_eq!(f[0].help, "set oidc_auth_method = \"pkce\"");
    assert_eq!(f[1].key, "module.wandb.spec.values.global.license");
}

#[test]
fn shared_rules_judge_other_wandb_env_with_help_in_its_terms_and_allow_comments_work() {
    let (code, f, _) = lint(&["tests/data/terraform/shared-rules"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert_eq!(
        got,
        [
            ("oidc-incomplete", 8),
            ("issuer-not-https", 8),
            ("invalid-bool", 9),
        ],
        "local-restore-enabled on line 10 is allowed by its comment"
    );
    assert_eq!(
        f[2].help,
        "set other_wandb_env = { GORILLA_DISABLE_SSO_PROVISIONING = \"true\" }"
    );
    assert!(
        f[1].help
            .contains("other_wandb_env = { OIDC_ISSUER = \"https://idp.example.com\" }")
    );
    assert!(
        f[0].help
            .contains("`module.wandb.other_wandb_env.OIDC_CLIENT_ID`")
    );
}

#[test]
fn releases_before_the_operator_are_judged_as_they_worked() {
    let (code, f, _) = lint(&["tests/data/terraform/pre-operator"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    // azurerm < 2.0.0 used its oidc_* inputs; google < 3.0.0 used local_restore.
    assert_eq!(
        got,
        [("cognito-requires-pkce", 6), ("local-restore-enabled", 14)]
    );
    assert_eq!(f[0].help, "set oidc_auth_method = \"pkce\"");
    assert_eq!(
        f[1].help,
        "remove `module.google.local_restore` once access is restored"
    );
}

#[test]
fn a_misspelt_tfvars_name_is_reported_and_the_default_it_leaves_is_judged() {
    let (code, f, _) = lint(&["tests/data/terraform/typo-tfvars"]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, u64)> = f
        .iter()
        .map(|f| (f.code.as_str(), f.path.rsplit('/').next().unwrap(), f.line))
        .collect();
    assert_eq!(
        got,
        [
            ("cognito-requires-pkce", "main.tf", 5),
            ("terraform-input-unknown", "terraform.tfvars", 3),
        ]
    );
    assert_eq!(f[1].help, "did you mean `oidc_auth_method`?");
}

#[test]
fn no_finding_shows_a_secret_whatever_the_rule() {
    // Secrets under misspelt and refused input names, in maps, in .tfvars near misses, and
    // beside another finding's value on one line.
    let dir = "tests/data/terraform/secret-snippets";
    let (code, f, _) = lint(&[dir]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&f),
        [
            "terraform-input-unknown",
            "secret-in-plain-value",
            "terraform-input-unknown",
            "terraform-input-ignored",
            "secret-in-plain-value",
            "issuer-not-https",
            "auth-method-defaulted",
            "terraform-input-unknown",
        ]
    );
    for format in ["human", "json", "sarif", "github"] {
        let run = iamconf(&["lint", "--format", format, "--verbose", dir]);
        for secret in [
            "leak-one",
            "leak-two",
            "leak-three",
            "leak-four",
            "leak-five",
        ] {
            assert!(
                !run.stdout.contains(secret),
                "{format}: {secret}: {}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(secret),
                "{format}: {secret}: {}",
                run.stderr
            );
        }
    }
}
