//! `iamconf lint` on W&B deployments as they are really deployed: operator custom resources,
//! every chart env channel, Helm's YAML 1.1, rendered releases (alone and 60 at a time), chart
//! versions, the legacy chart, and the same settings in three forms (values, the CR that wraps
//! them, the release Helm renders from them). Inputs are the shared fixtures in tests/fixtures
//! and the files in tests/data/deploy; the binary runs as a child process.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deploy");

fn fixture(rel: &str) -> String {
    format!("{FIXTURES}/{rel}")
}

fn data(rel: &str) -> String {
    format!("{DATA}/{rel}")
}

/// Runs `iamconf lint ARGS`: exit code, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .arg("lint")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// One finding of the JSON output.
#[derive(Debug, Clone)]
struct Finding {
    code: String,
    severity: String,
    variables: Vec<String>,
    path: String,
    line: Option<u64>,
    message: String,
    help: String,
    kind: String,
}

/// `iamconf lint --format json ARGS`: exit code and findings (infos included).
fn lint(args: &[&str]) -> (i32, Vec<Finding>) {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let (code, out, err) = run(&a);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let findings = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Finding {
            code: d["code"].as_str().unwrap().to_owned(),
            severity: d["severity"].as_str().unwrap().to_owned(),
            variables: d["variables"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default(),
            path: d["source"]["path"].as_str().unwrap_or("").to_owned(),
            line: d["source"]["line"].as_u64(),
            message: d["message"].as_str().unwrap().to_owned(),
            help: d["help"].as_str().unwrap_or("").to_owned(),
            kind: d["source"]["kind"].as_str().unwrap().to_owned(),
        })
        .collect();
    (code, findings)
}

fn codes(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.code.as_str()).collect()
}

fn find<'a>(f: &'a [Finding], code: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.code == code)
        .unwrap_or_else(|| panic!("no {code} in {f:#?}"))
}

fn count(f: &[Finding], code: &str) -> usize {
    f.iter().filter(|x| x.code == code).count()
}

/// The 1-based line of the first line of the file that contains `needle`.
fn line_of(path: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

// ---- custom resources ----------------------------------------------------------------------

#[test]
fn v1_cr_from_terraform_is_judged_as_chart_values_in_the_cr_file() {
    let path = fixture("operator/cr-v1-tf-google-cognito-implicit.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 1, "{f:#?}");
    let c = find(&f, "cognito-requires-pkce");
    assert_eq!(c.severity, "error");
    assert_eq!(c.kind, "custom-resource");
    assert_eq!(
        c.line,
        Some(line_of(&path, "\"OIDC_AUTH_METHOD\": \"implicit\""))
    );
    assert!(
        c.help
            .contains("`spec.values.global.extraEnv.OIDC_AUTH_METHOD: pkce`"),
        "{}",
        c.help
    );
    // The same block given as plain values gives the same error.
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("values.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let spec = text.split("\"values\":\n").nth(1).unwrap();
    let unindented: String = spec
        .lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&values, unindented).unwrap();
    let (_, plain) = lint(&[values.to_str().unwrap()]);
    assert!(
        codes(&plain).contains(&"cognito-requires-pkce"),
        "{plain:#?}"
    );
    assert!(
        find(&plain, "cognito-requires-pkce")
            .help
            .contains("`global.extraEnv.OIDC_AUTH_METHOD: pkce`")
    );
}

#[test]
fn v1_cr_okta_pkce_has_only_the_conversion_note() {
    let path = fixture("operator/cr-v1-okta-pkce.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 0, "{f:#?}");
    assert_eq!(codes(&f), ["cr-field-not-converted"], "{f:#?}");
    let c = &f[0];
    assert_eq!(c.line, Some(line_of(&path, "sessionLengthHours: 24")));
    assert_eq!(c.variables, ["GORILLA_SESSION_LENGTH"]);
}

#[test]
fn cr_field_not_converted_is_quiet_without_dropped_fields() {
    let (code, f) = lint(&[
        &data("cr-v1-chart-0.35.2.yaml"),
        "--chart-version",
        "0.43.8",
    ]);
    assert!(!codes(&f).contains(&"cr-field-not-converted"), "{f:#?}");
    // spec.chart.version (0.35.2) wins over --chart-version.
    assert_eq!(code, 1);
    assert!(codes(&f).contains(&"chart-version-bug"));
}

#[test]
fn v2_cr_with_its_secret_is_clean_and_without_it_still_accepted() {
    let path = fixture("operator/cr-v2-entra-secretrefs.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(f.is_empty(), "{f:#?}");
    // The CR alone: the selectors mean "present, value not known here".
    let dir = tempfile::tempdir().unwrap();
    let cr_only = dir.path().join("wandb.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&cr_only, text.split("\n---\n").next().unwrap()).unwrap();
    let (code, f) = lint(&[cr_only.to_str().unwrap()]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(f.iter().all(|x| x.severity != "error"), "{f:#?}");
}

#[test]
fn v2_cr_reads_the_referenced_secret_and_never_prints_secret_values() {
    let path = data("cr-v2-cognito.yaml");
    let (code, out, _) = run(&[&path]);
    assert_eq!(code, 1);
    assert!(out.contains("error[cognito-requires-pkce]"), "{out}");
    assert!(
        out.contains("the Secret key that `spec.wandb.oidc.authMethod` references"),
        "{out}"
    );
    assert!(
        !out.contains("4kdq0examplec1ient1d"),
        "client id of a Secret shown: {out}"
    );
    // The finding points at the value in the Secret, masked.
    let (_, f) = lint(&[&path]);
    let c = find(&f, "cognito-requires-pkce");
    assert_eq!(c.path, path);
    assert!(c.line >= Some(line_of(&path, "stringData:")), "{c:?}");
}

#[test]
fn cr_detected_inside_a_multi_document_stream_and_with_kind_cr() {
    let path = data("cr-v1-chart-0.35.2.yaml");
    let (_, auto) = lint(&[&path]);
    assert!(codes(&auto).contains(&"chart-version-bug"), "{auto:#?}");
    // A file whose name says nothing, read with --kind cr.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("wandb-cr.txt");
    std::fs::copy(
        fixture("operator/cr-v1-tf-google-cognito-implicit.yaml"),
        &odd,
    )
    .unwrap();
    let (code, f) = lint(&[odd.to_str().unwrap(), "--kind", "cr"]);
    assert_eq!(code, 1);
    assert!(codes(&f).contains(&"cognito-requires-pkce"), "{f:#?}");
}

// ---- chart versions ------------------------------------------------------------------------

#[test]
fn chart_version_bugs_fire_with_the_first_fixed_version() {
    let values = fixture("helm/rendered/okta-pkce.values.yaml");
    let (code, f) = lint(&[&values, "--chart-version", "0.35.2"]);
    assert_eq!(code, 1, "{f:#?}");
    let bugs: Vec<&Finding> = f.iter().filter(|x| x.code == "chart-version-bug").collect();
    assert!(
        bugs.iter()
            .any(|b| b.help.contains("0.41.2") && b.message.contains("implicit")),
        "{bugs:#?}"
    );
    assert!(bugs.iter().any(|b| b.help.contains("0.35.10")), "{bugs:#?}");
    // The version the fixtures were rendered with has none of them.
    let (code, f) = lint(&[&values, "--chart-version", "0.43.8"]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(!codes(&f).contains(&"chart-version-bug"));
    // Without a version, nothing is assumed.
    let (_, f) = lint(&[&values]);
    assert!(!codes(&f).contains(&"chart-version-bug"));
}

#[test]
fn chart_version_from_a_chart_lock_beside_the_values() {
    let (code, f) = lint(&[&data("umbrella")]);
    assert_eq!(code, 1);
    let bug = find(&f, "chart-version-bug");
    assert!(
        bug.message.contains("0.33.4") && bug.message.contains("Chart.lock"),
        "{bug:?}"
    );
}

#[test]
fn a_chart_version_range_is_a_usage_error() {
    let (code, _, err) = run(&[&data("channels-values.yaml"), "--chart-version", "~0.35.0"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a chart version"), "{err}");
}

// ---- env channels --------------------------------------------------------------------------

#[test]
fn every_env_channel_is_read_and_shadowing_reported() {
    let path = data("channels-values.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 1, "{f:#?}");
    // global.env reaches every pod.
    let restore = find(&f, "local-restore-enabled");
    assert_eq!(
        restore.line,
        Some(line_of(&path, "LOCAL_RESTORE: \"true\""))
    );
    assert!(restore.help.contains("`global.env.LOCAL_RESTORE`"));
    // Shadowed values that differ: reported on the shadowed channel, naming the winner.
    let shadow: Vec<&Finding> = f
        .iter()
        .filter(|x| x.code == "conflicting-aliases")
        .collect();
    assert_eq!(shadow.len(), 2, "{shadow:#?}");
    assert!(shadow.iter().any(|s| s.line
        == Some(line_of(
            &path,
            "GORILLA_DISABLE_SSO_PROVISIONING: \"false\""
        ))
        && s.message.contains("shadowed by `global.env.")));
    assert!(shadow.iter().any(|s| s.line
        == Some(line_of(&path, "GORILLA_SESSION_LENGTH: \"12h\""))
        && s.message.contains("`api.env.GORILLA_SESSION_LENGTH`")));
    let (code, f) = lint(&[&data("channels-quiet-values.yaml")]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn keys_the_chart_ignores_are_reported() {
    let path = data("ignored-values.yaml");
    let (_, f) = lint(&[&path]);
    assert_eq!(count(&f, "helm-value-ignored"), 4, "{f:#?}");
    for needle in ["ldap:", "GORILLA_OIDC_SECRET:", "extraEnv:", "extraEnvs:"] {
        assert!(
            f.iter()
                .any(|x| x.code == "helm-value-ignored" && x.line == Some(line_of(&path, needle))),
            "{needle}: {f:#?}"
        );
    }
    // Top-level extraEnv is not read: its LOCAL_RESTORE has no effect and no finding.
    assert!(!codes(&f).contains(&"local-restore-enabled"));
    // secret together with oidcSecret.name.
    let broken = fixture("helm/rendered/broken.values.yaml");
    let (_, f) = lint(&[&broken]);
    let ignored = find(&f, "helm-value-ignored");
    assert_eq!(ignored.line, Some(line_of(&broken, "secret: \"cognito")));
    assert!(codes(&f).contains(&"secret-in-plain-value"));
    let (_, quiet) = lint(&[&fixture("helm/rendered/okta-pkce.values.yaml")]);
    assert!(!codes(&quiet).contains(&"helm-value-ignored"), "{quiet:#?}");
}

// ---- YAML 1.1 -----------------------------------------------------------------------------

#[test]
fn helm_reads_values_as_yaml_1_1() {
    let broken = fixture("helm/rendered/broken.values.yaml");
    let (_, f) = lint(&[&broken]);
    let c = find(&f, "helm-value-coerced");
    assert_eq!(c.line, Some(line_of(&broken, "    LOCAL_RESTORE: yes")));
    assert!(c.message.contains("\"true\""), "{c:?}");
    // The rules judge the rendered value: LOCAL_RESTORE is on, and it is not invalid-bool.
    assert!(codes(&f).contains(&"local-restore-enabled"));
    assert!(!codes(&f).contains(&"invalid-bool"));
    // The help keeps the choice with the user.
    assert!(
        c.help.contains("\"true\"") && c.help.contains("\"yes\""),
        "{}",
        c.help
    );

    let path = data("yaml11-values.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 1);
    let session = f
        .iter()
        .find(|x| x.code == "helm-value-coerced" && x.message.contains("sessionLengthHours"))
        .unwrap();
    assert!(session.message.contains("1e+06h"), "{session:?}");
    assert_eq!(
        session.line,
        Some(line_of(&path, "sessionLengthHours: 1000000"))
    );
    let id = find(&f, "helm-client-id-not-string");
    assert_eq!(id.severity, "error");
    assert_eq!(
        id.line,
        Some(line_of(&path, "clientId: 271828182845904523"))
    );
    assert!(id.help.contains("\"271828182845904523\""));

    let (code, f) = lint(&[&data("yaml11-quiet-values.yaml")]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(!codes(&f).contains(&"helm-value-coerced"));
    assert!(!codes(&f).contains(&"helm-client-id-not-string"));
}

#[test]
fn kubectl_refuses_an_unquoted_boolean_env_value() {
    let path = data("manifest-yes.yaml");
    let (_, f) = lint(&[&path]);
    let refused = f
        .iter()
        .find(|x| x.code == "invalid-value" && x.variables == ["GORILLA_DISABLE_SSO_PROVISIONING"])
        .unwrap_or_else(|| panic!("{f:#?}"));
    assert_eq!(refused.line, Some(line_of(&path, "value: yes")));
    assert!(refused.message.contains("kubectl"));
    // `$(IDP_REGION)` expands from the earlier variable: the Cognito issuer is judged.
    assert!(codes(&f).contains(&"cognito-requires-pkce"), "{f:#?}");
}

#[test]
fn a_null_value_snippet_shows_its_key() {
    let (_, out, _) = run(&[&data("manifest-yes.yaml")]);
    let block = out
        .split("\n\n")
        .find(|b| b.contains("SLACK_SECRET is empty"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(block.contains("value:"), "{block}");
    assert!(!block.contains("***"), "{block}");

    // A null key of a Secret that a container reads with `envFrom`.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wandb.yaml");
    std::fs::write(
        &path,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: wandb-slack\ndata:\n  SLACK_SECRET:\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: wandb\nspec:\n  containers:\n    - name: wandb\n      envFrom:\n        - secretRef:\n            name: wandb-slack\n",
    )
    .unwrap();
    let (_, out, _) = run(&[path.to_str().unwrap()]);
    assert!(out.contains("6 |   SLACK_SECRET:\n"), "{out}");
}

// ---- rendered releases ---------------------------------------------------------------------

#[test]
fn a_correct_render_of_okta_pkce_has_no_finding_at_all() {
    let (code, f) = lint(&[&fixture("helm/rendered/okta-pkce.rendered.yaml")]);
    assert_eq!(code, 0);
    assert!(f.is_empty(), "{f:#?}");
    let (code, _, _) = run(&[
        &fixture("helm/rendered/okta-pkce.rendered.yaml"),
        "--deny-warnings",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn a_broken_render_reports_once_per_workload_and_not_on_init_containers() {
    let (code, f) = lint(&[&fixture("helm/rendered/broken.rendered.yaml")]);
    assert_eq!(code, 1);
    assert!(codes(&f).contains(&"cognito-requires-pkce"), "{f:#?}");
    let restore: Vec<&Finding> = f
        .iter()
        .filter(|x| x.code == "local-restore-enabled")
        .collect();
    assert!(!restore.is_empty());
    let mut workloads = BTreeSet::new();
    for r in &restore {
        assert!(!r.message.starts_with("init container"), "{r:?}");
        let workload = r
            .message
            .split(" of ")
            .nth(1)
            .unwrap()
            .split(':')
            .next()
            .unwrap();
        assert!(
            workloads.insert(workload.to_owned()),
            "twice for {workload}"
        );
    }
    // No chart-emitted empties.
    assert!(!codes(&f).contains(&"empty-value"), "{f:#?}");
}

/// 60 renders of the same release name (57 correct, 3 broken), in a temp directory.
fn sixty_releases(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let good = std::fs::read_to_string(fixture("helm/rendered/okta-pkce.rendered.yaml")).unwrap();
    let bad = std::fs::read_to_string(fixture("helm/rendered/broken.rendered.yaml")).unwrap();
    let mut all = Vec::new();
    let mut broken = Vec::new();
    for i in 0..60 {
        let path = dir.join(format!("release-{i:02}.yaml"));
        if matches!(i, 7 | 31 | 58) {
            std::fs::write(&path, &bad).unwrap();
            broken.push(path.clone());
        } else {
            std::fs::write(&path, &good).unwrap();
        }
        all.push(path);
    }
    (all, broken)
}

#[test]
fn sixty_releases_report_every_broken_release_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut all, broken) = sixty_releases(dir.path());
    let check = |args: &[PathBuf]| {
        let a: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
        let (code, f) = lint(&a);
        assert_eq!(code, 1);
        for b in &broken {
            let b = b.to_str().unwrap();
            assert!(
                f.iter()
                    .any(|x| x.path == b && x.code == "cognito-requires-pkce"),
                "{b} lost its error"
            );
            assert!(
                f.iter()
                    .any(|x| x.path == b && x.code == "local-restore-enabled")
            );
        }
        // The correct releases stay clean.
        assert!(
            f.iter()
                .all(|x| broken.iter().any(|b| b.to_str() == Some(&x.path))),
            "a correct release got a finding"
        );
        f.iter()
            .map(|x| (x.path.clone(), x.code.clone(), x.line))
            .collect::<BTreeSet<_>>()
    };
    let forward = check(&all);
    all.reverse();
    let backward = check(&all);
    assert_eq!(forward, backward);
}

// ---- legacy chart --------------------------------------------------------------------------

#[test]
fn legacy_chart_sso_gating_and_ldap_password() {
    let path = data("legacy-sso-off-values.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 1);
    let off = find(&f, "helm-oidc-disabled");
    assert_eq!(
        off.line,
        Some(line_of(&path, "issuer: https://acme.okta.com"))
    );
    assert!(off.help.contains("sso.enabled: true"));
    let pw = find(&f, "secret-in-plain-value");
    assert_eq!(pw.line, Some(line_of(&path, "bindPW:")));
    let (_, out, _) = run(&[&path]);
    assert!(!out.contains("correct-horse-battery"), "{out}");
    let (code, f) = lint(&[&data("legacy-sso-on-values.yaml")]);
    assert_eq!(code, 0, "{f:#?}");
    assert!(f.is_empty(), "{f:#?}");
}

// ---- the same settings in three forms ------------------------------------------------------

/// Codes only a values file or CR can have (about keys, not about what the server gets).
const CHART_ONLY: &[&str] = &[
    "helm-value-ignored",
    "helm-value-coerced",
    "helm-client-id-not-string",
    "helm-oidc-disabled",
    "helm-unknown-key",
    "helm-extra-env-not-map",
    "secret-in-plain-value",
    "chart-version-bug",
    "cr-field-not-converted",
];

/// (code, setting) pairs, settings by their canonical name so that `OIDC_ISSUER` in the app
/// pod and `GORILLA_OIDC_ISSUER` in the api pod are one setting.
fn settings(f: &[Finding]) -> BTreeSet<(String, String)> {
    let canonical = |v: &str| {
        match v {
            "GORILLA_OIDC_ISSUER" => "OIDC_ISSUER",
            "GORILLA_OIDC_CLIENT_ID" => "OIDC_CLIENT_ID",
            "GORILLA_AUTH_METHOD" => "OIDC_AUTH_METHOD",
            "OIDC_SECRET" => "GORILLA_OIDC_SECRET",
            other => other,
        }
        .to_owned()
    };
    f.iter()
        .filter(|x| !CHART_ONLY.contains(&x.code.as_str()))
        .flat_map(|x| {
            let vars: Vec<String> = if x.variables.is_empty() {
                vec![String::new()]
            } else {
                x.variables.iter().map(|v| canonical(v)).collect()
            };
            vars.into_iter().map(|v| (x.code.clone(), v))
        })
        .collect()
}

/// Wraps a values file into a v1 CR in `dir`.
fn wrap_in_cr(values: &str, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(values).unwrap();
    let mut cr = String::from(
        "apiVersion: apps.wandb.com/v1\nkind: WeightsAndBiases\nmetadata:\n  name: wandb\nspec:\n  values:\n",
    );
    for line in text.lines() {
        cr.push_str("    ");
        cr.push_str(line);
        cr.push('\n');
    }
    let path = dir.join("wandb-cr.yaml");
    std::fs::write(&path, cr).unwrap();
    path
}

#[test]
fn values_cr_and_render_agree() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["okta-pkce", "broken"] {
        let values = fixture(&format!("helm/rendered/{name}.values.yaml"));
        let rendered = fixture(&format!("helm/rendered/{name}.rendered.yaml"));
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let cr = wrap_in_cr(&values, &sub);
        let (_, fv) = lint(&[&values]);
        let (_, fr) = lint(&[&rendered]);
        let (_, fc) = lint(&[cr.to_str().unwrap()]);
        assert_eq!(settings(&fv), settings(&fr), "{name}: values vs render");
        assert_eq!(settings(&fv), settings(&fc), "{name}: values vs CR");
        if name == "broken" {
            assert!(
                settings(&fv).contains(&(
                    "cognito-requires-pkce".to_owned(),
                    "OIDC_AUTH_METHOD".to_owned()
                )) || settings(&fv)
                    .iter()
                    .any(|(c, _)| c == "cognito-requires-pkce")
            );
            assert!(
                settings(&fv)
                    .iter()
                    .any(|(c, _)| c == "local-restore-enabled")
            );
        } else {
            assert!(settings(&fv).is_empty(), "{fv:#?}");
        }
    }
}

// ---- help lines ----------------------------------------------------------------------------

#[test]
fn help_lines_never_change_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("prod.env");
    std::fs::write(
        &env,
        "LOCAL_RESTORE=yes\nLOCAL_LDAP_ADDRESS=ldap.corp.example.com:389\nLOCAL_LDAP_BASE_DN=dc=corp\nLOCAL_LDAP_ATTRIBUTES=email=mail\n",
    )
    .unwrap();
    let (_, f) = lint(&[env.to_str().unwrap()]);
    let bool_help = &find(&f, "invalid-bool").help;
    assert!(
        !bool_help.starts_with("set LOCAL_RESTORE=true"),
        "{bool_help}"
    );
    assert!(bool_help.contains("SSO off"), "{bool_help}");
    let url = find(&f, "invalid-url");
    assert!(
        !url.help.contains("LOCAL_LDAP_ADDRESS=ldaps://"),
        "the help rewrites the address: {}",
        url.help
    );
}

#[test]
fn legacy_enable_admin_api_reaches_the_admin_access_rule() {
    let path = data("legacy-admin-api-values.yaml");
    let (code, f) = lint(&[&path]);
    // `insecure-admin-access` belongs to the rule set that declares
    // GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS; once it is registered it must fire on the
    // `enableAdminApi` line, and until then the key must not cause any other finding.
    let registered = std::process::Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(["explain", "insecure-admin-access"])
        .output()
        .unwrap()
        .status
        .success();
    if registered {
        let a = find(&f, "insecure-admin-access");
        assert_eq!(a.line, Some(line_of(&path, "enableAdminApi: true")));
    } else {
        assert_eq!(code, 0, "{f:#?}");
        assert!(f.is_empty(), "{f:#?}");
    }
}

#[test]
fn objects_resolve_within_one_stream_never_across_files() {
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wandb-env\ndata:\n  LOCAL_RESTORE: \"true\"\n";
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wandb\nspec:\n  template:\n    spec:\n      containers:\n        - name: wandb\n          envFrom:\n            - configMapRef:\n                name: wandb-env\n";
    let dir = tempfile::tempdir().unwrap();
    let cm = dir.path().join("configmap.yaml");
    let dep = dir.path().join("deployment.yaml");
    std::fs::write(&cm, config_map).unwrap();
    std::fs::write(&dep, deployment).unwrap();
    let (_, apart) = lint(&[dep.to_str().unwrap(), cm.to_str().unwrap()]);
    assert!(
        !codes(&apart).contains(&"local-restore-enabled"),
        "{apart:#?}"
    );
    let stream = dir.path().join("stream.yaml");
    std::fs::write(&stream, format!("{config_map}---\n{deployment}")).unwrap();
    let (_, together) = lint(&[stream.to_str().unwrap()]);
    assert!(
        codes(&together).contains(&"local-restore-enabled"),
        "{together:#?}"
    );
}

#[test]
fn legacy_extra_env_keeps_yaml_types() {
    let path = data("legacy-extraenv-values.yaml");
    let (code, f) = lint(&[&path]);
    assert_eq!(code, 1);
    let refused = find(&f, "invalid-value");
    assert_eq!(refused.line, Some(line_of(&path, "value: yes")));
    assert_eq!(refused.variables, ["GORILLA_DISABLE_SSO_PROVISIONING"]);
    assert_eq!(f.len(), 1, "{f:#?}");
}

#[test]
fn an_env_channel_overriding_a_chart_key_is_reported_in_values_and_render() {
    let values = data("override-values.yaml");
    let (_, f) = lint(&[&values]);
    let c = find(&f, "conflicting-aliases");
    assert_eq!(c.line, Some(line_of(&values, "authMethod: \"pkce\"")));
    assert!(
        c.message.contains("`global.extraEnv.OIDC_AUTH_METHOD`"),
        "{c:?}"
    );
    let render = data("override-manifest.yaml");
    let (_, r) = lint(&[&render]);
    let c = find(&r, "conflicting-aliases");
    assert_eq!(c.line, Some(line_of(&render, "OIDC_AUTH_METHOD: pkce")));
    assert_eq!(settings(&f), settings(&r));
    // Equal values are not a conflict.
    let (_, quiet) = lint(&[&fixture("operator/cr-v1-okta-pkce.yaml")]);
    assert!(!codes(&quiet).contains(&"conflicting-aliases"));
}
