//! What the rule tests share: load an environment given as a map (the process environment is
//! never touched) and pick findings out of the result by code. Each test crate uses a part.
#![allow(dead_code)]

use iamconf::{Config, Diagnostic};

/// The HOST every OIDC configuration of these tests uses.
pub(crate) const HOST: &str = "https://wandb.example.com";

/// Every finding of a load, whatever the outcome.
pub(crate) fn findings(vars: &[(&str, &str)]) -> Vec<Diagnostic> {
    match Config::builder()
        .env_vars(vars.iter().map(|(k, v)| (*k, *v)))
        .load()
    {
        Ok(config) => config.warnings().to_vec(),
        Err(report) => report.diagnostics().to_vec(),
    }
}

/// The findings of an OIDC configuration with a client id and HOST, plus `extra`.
pub(crate) fn oidc(issuer: &str, extra: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut vars = vec![
        ("OIDC_ISSUER", issuer),
        ("OIDC_CLIENT_ID", "wandb-client"),
        ("HOST", HOST),
    ];
    vars.extend_from_slice(extra);
    findings(&vars)
}

/// The findings with this code.
pub(crate) fn with_code<'a>(diags: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diags.iter().filter(|d| d.code() == code).collect()
}

/// The one finding with this code; fails unless there is exactly one.
#[track_caller]
pub(crate) fn one<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found = with_code(diags, code);
    assert_eq!(found.len(), 1, "expected one {code} in {diags:#?}");
    found[0]
}

/// Fails if a finding has this code.
#[track_caller]
pub(crate) fn quiet(diags: &[Diagnostic], code: &str) {
    assert!(
        with_code(diags, code).is_empty(),
        "unexpected {code} in {diags:#?}"
    );
}
