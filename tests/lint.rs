//! `iamconf lint` on the real files in tests/fixtures and on broken variants of them
//! (tests/data/lint): every Deployment-files rule fires and stays quiet, line numbers are right,
//! and the four output formats agree.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

const OPERATOR_VALUES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/helm/operator-wandb-values.yaml"
);
const LEGACY_VALUES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/helm/wandb-legacy-values.yaml"
);
const FIXTURE_ENV_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/env");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lint");

fn data(rel: &str) -> String {
    format!("{DATA}/{rel}")
}

/// Runs `iamconf lint ARGS` as a child process: exit code, stdout, stderr.
fn run(args: &[&str]) -> (ExitCode, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .arg("lint")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let code = u8::try_from(output.status.code().unwrap()).unwrap();
    (
        ExitCode::from(code),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// One finding of the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    code: String,
    severity: String,
    path: String,
    line: Option<u64>,
    column: Option<u64>,
    message: String,
    kind: String,
    help: String,
}

/// Runs lint with `--format json` and returns the exit code and the findings.
fn lint_json(args: &[&str]) -> (ExitCode, Vec<Finding>) {
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
            path: d["source"]["path"].as_str().unwrap_or("").to_owned(),
            line: d["source"]["line"].as_u64(),
            column: d["source"]["column"].as_u64(),
            message: d["message"].as_str().unwrap().to_owned(),
            kind: d["source"]["kind"].as_str().unwrap().to_owned(),
            help: d["help"].as_str().unwrap_or("").to_owned(),
        })
        .collect();
    (code, findings)
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn find<'a>(findings: &'a [Finding], code: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
}

/// The 1-based line of the first line of `text` that equals `line` after trimming.
fn line_of(text: &str, line: &str) -> u64 {
    text.lines().position(|l| l.trim() == line).unwrap() as u64 + 1
}

/// Writes `text` to `name` in a fresh temporary directory.
fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---- Done-when ----------------------------------------------------------------------------

#[test]
fn real_operator_values_have_no_error_and_no_warning() {
    let (code, findings) = lint_json(&[OPERATOR_VALUES]);
    assert_eq!(findings, vec![], "the chart's own defaults are fine");
    assert_eq!(code, ExitCode::from(0));
    // Also with --deny-warnings.
    let (code, _) = lint_json(&["--deny-warnings", OPERATOR_VALUES]);
    assert_eq!(code, ExitCode::from(0));
}

#[test]
fn real_operator_values_with_issuer_but_no_client_id_is_helm_oidc_disabled_at_the_issuer() {
    let text = std::fs::read_to_string(OPERATOR_VALUES).unwrap();
    assert!(text.contains("      issuer: \"\"\n"));
    let broken = text.replacen(
        "      issuer: \"\"\n",
        "      issuer: \"https://example.okta.com\"\n",
        1,
    );
    let issuer_line = line_of(&broken, "issuer: \"https://example.okta.com\"");
    let (_dir, path) = temp_file("values.yaml", &broken);
    let (code, findings) = lint_json(&[s(&path)]);
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(codes(&findings), vec!["helm-oidc-disabled"]);
    let f = &findings[0];
    assert_eq!(f.severity, "error");
    assert_eq!(f.line, Some(issuer_line));
    assert_eq!(f.column, Some(15), "the column of the value");
    assert_eq!(f.kind, "helm-values");
    assert!(
        f.message.contains("global.auth.oidc.clientId"),
        "{}",
        f.message
    );
}

#[test]
fn configmap_auth_method_is_reported_at_the_configmap_line() {
    let path = data("manifests/wandb.yaml");
    let (code, findings) = lint_json(&[&path]);
    assert_eq!(code, ExitCode::from(1));
    let f = find(&findings, "invalid-auth-method");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(f.line, Some(line_of(&text, "OIDC_AUTH_METHOD: PKCE")));
    assert_eq!(f.line, Some(8));
    assert_eq!(f.column, Some(21));
    assert_eq!(f.kind, "manifest");
    assert!(
        f.message.contains("container `app` of Deployment/wandb"),
        "{}",
        f.message
    );
}

/// (code, path, line, column) of every finding, per format.
fn locations_json(out: &str) -> Vec<(String, String, u64, u64)> {
    let v: Value = serde_json::from_str(out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["source"]["path"].as_str().unwrap().to_owned(),
                d["source"]["line"].as_u64().unwrap_or(0),
                d["source"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn locations_sarif(out: &str) -> Vec<(String, String, u64, u64)> {
    let v: Value = serde_json::from_str(out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    // URIs are relative to %SRCROOT% (the current directory): resolve them to absolute paths.
    let root = v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .strip_prefix("file://")
        .unwrap()
        .to_owned();
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let code = r["ruleId"].as_str().unwrap().to_owned();
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], code.as_str());
            assert!(rules[idx]["help"]["text"].as_str().is_some());
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%", "{uri}");
            (
                code,
                format!("{root}{uri}"),
                loc["region"]["startLine"].as_u64().unwrap_or(0),
                loc["region"]["startColumn"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn locations_github(out: &str) -> Vec<(String, String, u64, u64)> {
    out.lines()
        .map(|l| {
            let rest = l.strip_prefix("::").unwrap();
            let (props, _msg) = rest.split_once("::").unwrap();
            let (_cmd, props) = props.split_once(' ').unwrap();
            let mut file = String::new();
            let (mut line, mut col, mut code) = (0, 0, String::new());
            for p in props.split(',') {
                let (k, v) = p.split_once('=').unwrap();
                match k {
                    "file" => {
                        file = v
                            .replace("%3A", ":")
                            .replace("%2C", ",")
                            .replace("%25", "%")
                    }
                    "line" => line = v.parse().unwrap(),
                    "col" => col = v.parse().unwrap(),
                    "title" => code = v.to_owned(),
                    _ => {}
                }
            }
            (code, file, line, col)
        })
        .collect()
}

fn locations_human(out: &str) -> Vec<(String, String, u64, u64)> {
    out.lines()
        .filter(|l| !l.starts_with(' ') && (l.contains(": error[") || l.contains(": warning[")))
        .map(|l| {
            let (loc, rest) = l.split_once(": ").unwrap();
            let code = rest.split_once('[').unwrap().1.split_once(']').unwrap().0;
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().unwrap().parse().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            let file = parts.next().unwrap().to_owned();
            (code.to_owned(), file, line, col)
        })
        .collect()
}

#[test]
fn the_four_formats_report_the_same_findings() {
    let dir = data("");
    let mut per_format = Vec::new();
    for format in ["json", "sarif", "github", "human"] {
        let (code, out, _) = run(&["--format", format, &dir]);
        assert_eq!(code, ExitCode::from(1), "{format}");
        let locs = match format {
            "json" => locations_json(&out),
            "sarif" => locations_sarif(&out),
            "github" => locations_github(&out),
            _ => locations_human(&out),
        };
        per_format.push((format, locs));
    }
    let json = &per_format[0].1;
    assert!(json.len() > 20, "{json:#?}");
    for code in [
        "helm-oidc-disabled",
        "helm-extra-env-not-map",
        "helm-unknown-key",
        "secret-in-plain-value",
        "duplicate-variable",
        "parse-error",
        "invalid-auth-method",
    ] {
        assert!(json.iter().any(|l| l.0 == code), "{code} missing");
    }
    for (format, locs) in &per_format[1..] {
        assert_eq!(locs, json, "{format} differs from json");
    }
}

// ---- Deployment-files rules: fire and stay quiet ---------------------------------------------

#[test]
fn broken_operator_values_fire_each_helm_rule_at_its_line() {
    let path = data("helm/oidc-broken-values.yaml");
    let (code, findings) = lint_json(&[&path]);
    assert_eq!(code, ExitCode::from(1));
    let at = |code: &str| {
        let f = find(&findings, code);
        (f.line.unwrap(), f.column.unwrap())
    };
    assert_eq!(
        at("invalid-number"),
        (5, 25),
        "sessionLengthHours: \"720h\""
    );
    assert_eq!(at("helm-unknown-key"), (8, 7), "clientID");
    assert_eq!(at("helm-oidc-disabled"), (9, 15), "issuer");
    assert_eq!(at("secret-in-plain-value"), (13, 13), "slack.secret");
    assert_eq!(at("helm-extra-env-not-map"), (14, 3), "extraEnv");
    assert!(
        find(&findings, "invalid-number").message.contains("720hh"),
        "the message explains the chart appends h"
    );
    // No OIDC variable is emitted, so the OIDC rules stay quiet.
    assert!(!codes(&findings).contains(&"oidc-incomplete"));
    assert_eq!(findings.len(), 5, "{findings:#?}");
}

#[test]
fn helm_unknown_key_suggests_the_known_key() {
    let (_, out, _) = run(&[&data("helm/oidc-broken-values.yaml")]);
    assert!(
        out.contains("did you mean `global.auth.oidc.clientId`?"),
        "{out}"
    );
    let (_, out, _) = run(&[&data("helm/legacy-values.yaml")]);
    assert!(out.contains("did you mean `sso.clientId`?"), "{out}");
}

#[test]
fn operator_values_map_keys_like_the_chart() {
    let path = data("helm/oidc-values.yaml");
    let (code, findings) = lint_json(&[&path]);
    assert_eq!(code, ExitCode::from(1));
    // authMethod "PKCE" reaches OIDC_AUTH_METHOD (reported once for both spellings).
    let f = find(&findings, "invalid-auth-method");
    assert_eq!((f.line, f.column), (Some(8), Some(19)));
    assert_eq!(
        codes(&findings)
            .iter()
            .filter(|c| **c == "invalid-auth-method")
            .count(),
        1
    );
    // extraEnv entries are variables.
    let f = find(&findings, "invalid-bool");
    assert_eq!(f.line, Some(11));
    assert!(f.message.contains("GORILLA_ENABLE_SSO_GROUPS_CLAIMS"));
    // sessionLengthHours: 24 -> GORILLA_SESSION_LENGTH=24h agrees with extraEnv's 24h.
    assert!(
        !codes(&findings).contains(&"conflicting-aliases"),
        "{findings:#?}"
    );
    assert_eq!(find(&findings, "secret-in-plain-value").line, Some(7));
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

#[test]
fn operator_values_quirks() {
    // authMethod "" is the default, not an empty value; an integer session length is fine.
    let (_d, p) = temp_file(
        "values.yaml",
        "global:\n  host: https://w.example.com\n  auth:\n    sessionLengthHours: 0\n    oidc:\n      clientId: abc\n      issuer: https://example.okta.com\n      authMethod: \"\"\n      oidcSecret:\n        name: wandb-oidc\n  extraEnv: \"GORILLA_X=1\"\n",
    );
    let (_, findings) = lint_json(&[s(&p)]);
    let c = codes(&findings);
    assert!(!c.contains(&"empty-value"), "{findings:#?}");
    assert!(
        c.contains(&"invalid-number"),
        "0h is not a valid session length"
    );
    assert_eq!(find(&findings, "invalid-number").line, Some(4));
    assert_eq!(find(&findings, "helm-extra-env-not-map").line, Some(11));
    assert!(
        find(&findings, "helm-extra-env-not-map")
            .message
            .contains("a string")
    );
    assert!(
        !c.contains(&"secret-in-plain-value"),
        "oidcSecret is a reference"
    );
    assert!(!c.contains(&"helm-oidc-disabled"));

    // A clientId with no issuer: the chart emits OIDC_CLIENT_ID only.
    let (_d, p) = temp_file(
        "values.yaml",
        "global:\n  host: https://w.example.com\n  auth:\n    oidc:\n      clientId: abc\n",
    );
    let (_, findings) = lint_json(&[s(&p)]);
    assert_eq!(codes(&findings), vec!["oidc-incomplete"]);
    assert_eq!(findings[0].line, Some(5));
}

#[test]
fn real_legacy_values_have_no_error() {
    let (code, findings) = lint_json(&[LEGACY_VALUES]);
    assert_eq!(findings, vec![]);
    assert_eq!(code, ExitCode::from(0));
}

#[test]
fn legacy_values_map_sso_and_extra_env() {
    let (code, findings) = lint_json(&[&data("helm/legacy-values.yaml")]);
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(find(&findings, "invalid-auth-method").line, Some(7));
    assert_eq!(find(&findings, "helm-unknown-key").line, Some(8));
    let f = find(&findings, "secret-in-plain-value");
    assert_eq!((f.line, f.column), (Some(10), Some(17)));
    // The legacy chart emits only OIDC_CLIENT_SECRET, which the server does not read: the
    // help is the extraEnv list entry that delivers the chart's own Secret under the read name.
    let f = find(&findings, "unread-name");
    assert_eq!((f.line, f.severity.as_str()), (Some(10), "error"));
    assert!(
        f.help.contains("`extraEnv` item `{name: GORILLA_OIDC_SECRET, valueFrom: {secretKeyRef: {name: <fullname>-secrets, key: CLIENT_SECRET}}}`"),
        "{}",
        f.help
    );
    // extraEnv (a list in this chart) reaches the container.
    assert_eq!(find(&findings, "invalid-bool").line, Some(15));
    assert!(!codes(&findings).contains(&"helm-extra-env-not-map"));

    // sso.enabled: false gates everything.
    let text = std::fs::read_to_string(data("helm/legacy-values.yaml")).unwrap();
    let off = text.replace("enabled: true", "enabled: false");
    let (_d, p) = temp_file("values.yaml", &off);
    let (_, findings) = lint_json(&[s(&p)]);
    assert!(
        !codes(&findings).contains(&"invalid-auth-method"),
        "{findings:#?}"
    );
    assert!(codes(&findings).contains(&"helm-unknown-key"));
}

#[test]
fn manifest_rules_fire_per_container() {
    let (_, findings) = lint_json(&[&data("manifests/wandb.yaml")]);
    let f = find(&findings, "secret-in-plain-value");
    assert_eq!((f.line, f.column), (Some(40), Some(22)));
    let f = find(&findings, "duplicate-variable");
    assert_eq!(f.line, Some(49));
    assert!(f.message.contains("first at line 47"), "{}", f.message);
    // The init container is judged on its own.
    let init = findings
        .iter()
        .find(|f| f.message.starts_with("init container `init`"))
        .unwrap();
    assert_eq!((init.code.as_str(), init.line), ("invalid-bool", Some(30)));
    // envFrom a Secret in the linted files: decoded, judged, and pointed at.
    let job = findings
        .iter()
        .find(|f| f.message.starts_with("container `job` of CronJob/restore"))
        .unwrap();
    assert_eq!((job.code.as_str(), job.line), ("invalid-bool", Some(17)));
    // LICENSE from a Secret that is not among the files: present, value unknown, no finding.
    assert!(
        !findings.iter().any(|f| f.message.contains("LICENSE")),
        "{findings:#?}"
    );
}

#[test]
fn value_from_is_present_but_unknown() {
    let (_d, p) = temp_file(
        "deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      env:\n        - name: OIDC_ISSUER\n          valueFrom:\n            secretKeyRef: {name: s, key: issuer}\n        - name: HOST\n          value: https://w.example.com\n",
    );
    let (_, findings) = lint_json(&[s(&p)]);
    // Presence rules run (the issuer is set, the client id is not) ...
    let f = find(&findings, "oidc-incomplete");
    assert_eq!(f.line, Some(9));
    // ... value rules do not.
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn duplicate_variable_and_allow_comments_in_env_files() {
    let path = data("env/broken.env");
    let (_, findings) = lint_json(&[&path]);
    let f = find(&findings, "duplicate-variable");
    assert_eq!((f.line, f.column), (Some(6), Some(1)));
    assert_eq!(find(&findings, "invalid-auth-method").line, Some(6));
    assert_eq!(find(&findings, "parse-error").line, Some(10));
    // Line 7 (`LOCAL_RESTORE=on # iamconf: allow(invalid-bool)`) and line 9 (allowed by the
    // comment above it) are suppressed ...
    assert!(!codes(&findings).contains(&"invalid-bool"), "{findings:#?}");
    assert!(!codes(&findings).contains(&"empty-value"), "{findings:#?}");
    // ... and fire without the comments.
    let text = std::fs::read_to_string(&path).unwrap();
    let bare: String = text
        .lines()
        .map(|l| l.split(" # iamconf").next().unwrap())
        .filter(|l| !l.starts_with("# iamconf"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_d, p) = temp_file("broken.env", &bare);
    let (_, findings) = lint_json(&[s(&p)]);
    assert_eq!(find(&findings, "invalid-bool").line, Some(7));
    assert_eq!(find(&findings, "empty-value").line, Some(8));
    // A clean file stays quiet.
    let (code, findings) = lint_json(&[&data("mixed/good.env")]);
    assert_eq!((code, findings), (ExitCode::from(0), vec![]));
}

#[test]
fn allow_comments_in_yaml() {
    let text = std::fs::read_to_string(data("helm/oidc-values.yaml")).unwrap();
    let allowed = text.replace(
        "authMethod: \"PKCE\"",
        "authMethod: \"PKCE\" # iamconf: allow(invalid-auth-method)",
    );
    let (_d, p) = temp_file("values.yaml", &allowed);
    let (_, findings) = lint_json(&[s(&p)]);
    assert!(
        !codes(&findings).contains(&"invalid-auth-method"),
        "{findings:#?}"
    );
    assert!(codes(&findings).contains(&"invalid-bool"));
}

#[test]
fn compose_services_and_env_files() {
    // The env_file is `../env/...`, outside the directory given: read only on request.
    let (code, findings) = lint_json(&["--follow-outside", &data("compose/docker-compose.yml")]);
    assert_eq!(code, ExitCode::from(1));
    assert!(!codes(&findings).contains(&"file-outside-root"));
    // A duplicate inside an env_file points into that file.
    let f = find(&findings, "duplicate-variable");
    assert!(f.path.ends_with("broken-compose.env"), "{}", f.path);
    assert_eq!(f.line, Some(3));
    assert_eq!(f.kind, "env-file");
    // `- KEY=value` items point at the item.
    let f = find(&findings, "session-length-unit");
    assert_eq!((f.line, f.column), (Some(11), Some(9)));
    assert_eq!(f.kind, "compose");
    // Each service on its own: the issuer from the env_file and the client id from
    // `environment` make service `wandb` complete; `db` has its own finding.
    assert!(
        !codes(&findings).contains(&"oidc-incomplete"),
        "{findings:#?}"
    );
    let db = find(&findings, "invalid-url");
    assert!(db.message.starts_with("service `db`"), "{}", db.message);
    assert_eq!(db.line, Some(16));
}

#[test]
fn real_compose_fixture() {
    let path = format!("{FIXTURE_ENV_DIR}/mealie-e2e-docker-compose.yml");
    let (code, findings) = lint_json(&[&path]);
    assert_eq!(code, ExitCode::from(1));
    // OIDC_CLIENT_ID: default without an issuer, in service `mealie`, at its line.
    let f = find(&findings, "oidc-incomplete");
    assert_eq!((f.line, f.column), (Some(36), Some(23)));
    assert!(f.message.starts_with("service `mealie`"));
    let f = find(&findings, "unread-name");
    assert_eq!((f.line, f.severity.as_str()), (Some(37), "error"));
    assert_eq!(f.help, "rename OIDC_CLIENT_SECRET to GORILLA_OIDC_SECRET");
    // The mock server's LOG_LEVEL / SERVER_PORT are not ours: nothing for that service.
    assert!(
        !findings
            .iter()
            .any(|f| f.message.contains("oidc-mock-server"))
    );
}

#[test]
fn real_env_fixtures() {
    // planka: every OIDC line is commented out.
    let (code, findings) = lint_json(&[&format!("{FIXTURE_ENV_DIR}/planka-server.env.sample")]);
    assert_eq!((code, findings), (ExitCode::from(0), vec![]));
    // outline: empty OIDC_CLIENT_ID, unknown OIDC_ names, at their lines.
    let path = format!("{FIXTURE_ENV_DIR}/outline.env.sample");
    let (_, findings) = lint_json(&[&path]);
    let text = std::fs::read_to_string(&path).unwrap();
    let f = findings
        .iter()
        .find(|f| f.code == "empty-value" && f.message.starts_with("OIDC_CLIENT_ID"))
        .unwrap();
    assert_eq!(f.line, Some(line_of(&text, "OIDC_CLIENT_ID=")));
    assert!(codes(&findings).contains(&"unknown-variable"));
    assert!(!codes(&findings).contains(&"duplicate-variable"));
}

#[test]
fn config_files_are_linted() {
    let (code, findings) = lint_json(&[&data("config/iamconf.toml")]);
    assert_eq!(code, ExitCode::from(1));
    let f = find(&findings, "invalid-auth-method");
    assert_eq!((f.line, f.kind.as_str()), (Some(4), "config-file"));
}

#[test]
fn parse_errors_are_findings_and_the_other_files_are_still_linted() {
    let (code, findings) = lint_json(&[&data("mixed/broken.yaml"), &data("env/broken.env")]);
    assert_eq!(code, ExitCode::from(1));
    let f = findings
        .iter()
        .find(|f| f.code == "parse-error" && f.path.ends_with("broken.yaml"))
        .unwrap();
    assert_eq!((f.line, f.column), (Some(3), Some(22)));
    assert!(
        codes(&findings).contains(&"invalid-auth-method"),
        "broken.env was linted"
    );
    // Garbage never panics, whatever the kind.
    for kind in [
        "auto",
        "env",
        "helm",
        "legacy-helm",
        "manifest",
        "compose",
        "config",
    ] {
        for text in [
            "{{{",
            "a: [1,\n",
            "\u{0}\u{ff}",
            "- - -\n  : :",
            "global: [1, 2]\nservices: 3\n",
        ] {
            let (_d, p) = temp_file("x.yaml", text);
            let (code, _, err) = run(&["--kind", kind, s(&p)]);
            // A file that is not W&B configuration (a Helm template) is skipped, and a run that
            // checked nothing exits 2, saying so.
            let skipped = code == ExitCode::from(2) && err.contains("checked 0 files");
            assert!(
                code == ExitCode::from(0) || code == ExitCode::from(1) || skipped,
                "{kind} {text:?}: {err}"
            );
        }
    }
}

#[test]
fn directories_are_walked_and_other_files_skipped() {
    let (_, findings) = lint_json(&[&data("mixed")]);
    // broken.yaml (parse error) and good.env (clean) are read; notes.txt is skipped.
    assert_eq!(codes(&findings), vec!["parse-error"]);
    // The whole data tree: every kind is detected.
    let (_, findings) = lint_json(&[&data("")]);
    let kinds: std::collections::BTreeSet<&str> =
        findings.iter().map(|f| f.kind.as_str()).collect();
    for k in [
        "env-file",
        "helm-values",
        "manifest",
        "compose",
        "config-file",
    ] {
        assert!(kinds.contains(k), "{k} missing from {kinds:?}");
    }
}

#[test]
fn unreadable_inputs_exit_2() {
    let (code, _, err) = run(&[&data("does-not-exist.env")]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn secrets_are_never_printed() {
    let manifest_b64 = "bWFuaWZlc3QtY2FuYXJ5LXNlY3JldA";
    for format in ["human", "json", "sarif", "github"] {
        let (_, out, err) = run(&["--format", format, &data(""), FIXTURE_ENV_DIR]);
        for text in [&out, &err] {
            assert!(!text.contains("canary"), "{format}: {text}");
            assert!(!text.contains(manifest_b64), "{format}");
            assert!(
                !text.contains("GoodNewsEveryone"),
                "{format}: LDAP password of mealie"
            );
        }
    }
    // Masking goes by variable, not by file: a Secret's value of the non-secret LOCAL_RESTORE is
    // shown like any other, and its finding's text is not scrubbed.
    let (_, out, _) = run(&["--format", "json", &data("manifests/wandb.yaml")]);
    assert!(
        out.contains("LOCAL_RESTORE=yes is not a boolean Go accepts (true, false, 1, 0, t, f)"),
        "{out}"
    );
}

#[test]
fn deeply_nested_yaml_is_a_parse_error_not_a_crash() {
    let mut block = String::from("x: 1\n");
    for _ in 0..3000 {
        block = format!(
            "k:\n{}",
            block.lines().map(|l| format!(" {l}\n")).collect::<String>()
        );
    }
    let dashes = format!("{}x\n", "- ".repeat(20_000));
    for text in [block, dashes] {
        let (_d, p) = temp_file("values.yaml", &text);
        let (code, findings) = lint_json(&["--kind", "helm", s(&p)]);
        assert_eq!(code, ExitCode::from(1));
        assert_eq!(codes(&findings), vec!["parse-error"]);
        assert!(
            findings[0].message.contains("nested"),
            "{}",
            findings[0].message
        );
    }
}

#[test]
fn list_documents_and_merge_keys() {
    let (_d, p) = temp_file(
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers:\n        - name: c\n          env:\n            - name: LOCAL_RESTORE\n              value: \"yes\"\n",
    );
    let (_, findings) = lint_json(&[s(&p)]);
    assert_eq!(codes(&findings), vec!["invalid-bool"]);
    assert_eq!(findings[0].line, Some(12));

    let (_d, p) = temp_file(
        "values.yaml",
        "defaults: &d\n  clientId: abc\nglobal:\n  host: https://w.example.com\n  auth:\n    oidc:\n      <<: *d\n      issuer: https://example.okta.com\n",
    );
    let (_, findings) = lint_json(&[s(&p)]);
    assert!(
        !codes(&findings).contains(&"helm-unknown-key"),
        "{findings:#?}"
    );
}

#[test]
fn a_file_named_twice_is_read_once() {
    let path = data("env/broken.env");
    let (_, once) = lint_json(&[&path]);
    let (_, twice) = lint_json(&[&path, &data("env")]);
    let in_broken = |f: &[Finding]| f.iter().filter(|f| f.path.ends_with("/broken.env")).count();
    assert_eq!(in_broken(&once), in_broken(&twice));
}

#[test]
fn exponential_aliases_are_a_parse_error_not_an_out_of_memory() {
    let mut text = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("global: {}\n");
    let (_d, p) = temp_file("values.yaml", &text);
    let (code, findings) = lint_json(&[s(&p)]);
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(codes(&findings), vec!["parse-error"]);
    assert!(
        findings[0].message.contains("aliases"),
        "{}",
        findings[0].message
    );
}

#[test]
fn compose_env_files_and_links_outside_the_paths_are_not_read() {
    let (_, findings) = lint_json(&[&data("compose/docker-compose.yml")]);
    let f = find(&findings, "file-outside-root");
    assert_eq!(f.severity, "warning");
    assert_eq!((f.line, f.column), (Some(5), Some(9)));
    assert!(f.message.contains("broken-compose.env"), "{}", f.message);
    // Not read: nothing of it is judged.
    assert!(
        findings
            .iter()
            .all(|f| !f.path.ends_with("broken-compose.env"))
    );

    // A symbolic link in a walked tree to a file outside it: a warning, the target unread.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("token");
    std::fs::write(&target, "LOCAL_RESTORE=maybe\n").unwrap();
    let tree = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&target, tree.path().join("prod.env")).unwrap();
        let (code, findings) = lint_json(&[s(tree.path())]);
        assert_eq!(codes(&findings), ["symlink-outside-root"], "{findings:#?}");
        // Nothing was judged (the one file was not read): a run that checked no file exits 2.
        assert_eq!(code, ExitCode::from(2));
        let (_, findings) = lint_json(&["--follow-outside", s(tree.path())]);
        assert_eq!(codes(&findings), ["invalid-bool"], "{findings:#?}");
    }
}

#[test]
fn compose_env_file_as_a_string_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.env"), "OIDC_AUTH_METHOD=Pkce\n").unwrap();
    let compose = dir.path().join("compose.yaml");
    std::fs::write(
        &compose,
        "services:\n  a:\n    env_file: w.env\n  b:\n    env_file:\n      - gone.env\n",
    )
    .unwrap();
    let (_, findings) = lint_json(&[s(&compose)]);
    let f = find(&findings, "invalid-auth-method");
    assert!(f.path.ends_with("w.env"), "{}", f.path);
    assert_eq!(f.line, Some(1));
    let f = find(&findings, "parse-error");
    assert!(f.path.ends_with("compose.yaml"));
    assert_eq!((f.line, f.column), (Some(6), Some(9)));
    assert!(f.message.contains("gone.env"));
}

#[test]
fn name_file_forms_are_unread_in_deployment_files() {
    let base = "OIDC_ISSUER=https://acme.okta.com\nOIDC_CLIENT_ID=0oa1\nOIDC_AUTH_METHOD=pkce\nHOST=https://wandb.example.com\n";
    let (_d, p) = temp_file(
        "wandb.env",
        &format!("{base}GORILLA_OIDC_SECRET_FILE=/run/secrets/oidc\n"),
    );
    let (code, findings) = lint_json(&["--kind", "env", s(&p)]);
    assert_eq!(code, ExitCode::from(1));
    let f = find(&findings, "unread-name");
    assert_eq!((f.line, f.severity.as_str()), (Some(5), "error"));
    assert!(
        f.message.contains("reads no `_FILE` variables"),
        "{}",
        f.message
    );
    assert_eq!(
        f.help,
        "give GORILLA_OIDC_SECRET itself (from a Secret: valueFrom.secretKeyRef) instead of GORILLA_OIDC_SECRET_FILE"
    );
    // Beside the variable itself: a warning only.
    let (_d, p) = temp_file(
        "wandb.env",
        &format!("{base}GORILLA_OIDC_SECRET=s\nGORILLA_OIDC_SECRET_FILE=/run/secrets/oidc\n"),
    );
    let (code, findings) = lint_json(&["--kind", "env", s(&p)]);
    assert_eq!(code, ExitCode::from(0), "{findings:#?}");
    assert_eq!(find(&findings, "unread-name").severity, "warning");
    // Without it: quiet.
    let (_d, p) = temp_file("wandb.env", &format!("{base}GORILLA_OIDC_SECRET=s\n"));
    let (code, findings) = lint_json(&["--kind", "env", s(&p)]);
    assert_eq!(code, ExitCode::from(0));
    assert!(!codes(&findings).contains(&"unread-name"), "{findings:#?}");
}

#[test]
fn old_secret_name_in_operator_chart_values_gets_the_chart_key_in_its_help() {
    let values = "global:\n  host: https://wandb.example.com\n  auth:\n    oidc:\n      clientId: abc\n      issuer: https://acme.okta.com\n      authMethod: pkce\n  extraEnv:\n    OIDC_CLIENT_SECRET: from-extra-env\n";
    let (_d, p) = temp_file("values.yaml", values);
    let (code, findings) = lint_json(&["--kind", "helm", s(&p)]);
    assert_eq!(code, ExitCode::from(1));
    let f = find(&findings, "unread-name");
    assert_eq!((f.line, f.severity.as_str()), (Some(9), "error"));
    assert_eq!(
        f.help,
        "rename `global.extraEnv.OIDC_CLIENT_SECRET` to `global.auth.oidc.secret`"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.message.contains("from-extra-env"))
    );
    // With the chart's own secret key: quiet.
    let fixed = values.replace("  extraEnv:\n    OIDC_CLIENT_SECRET: from-extra-env\n", "");
    let (_d, p) = temp_file("values.yaml", &fixed);
    let (_, findings) = lint_json(&["--kind", "helm", s(&p)]);
    assert!(!codes(&findings).contains(&"unread-name"), "{findings:#?}");
}

#[test]
fn unresolved_interpolation_in_chart_values_but_not_kubernetes_or_helm_templates() {
    let values = "global:\n  host: https://wandb.example.com\n  auth:\n    oidc:\n      clientId: abc\n      issuer: https://${OKTA_DOMAIN}/oauth2/default\n      authMethod: pkce\n";
    let (_d, p) = temp_file("values.yaml", values);
    let (code, findings) = lint_json(&["--kind", "helm", s(&p)]);
    assert_eq!(code, ExitCode::from(0), "a warning: {findings:#?}");
    let f = find(&findings, "unresolved-interpolation");
    assert_eq!((f.line, f.severity.as_str()), (Some(6), "warning"));
    assert_eq!(
        f.help,
        "replace `${OKTA_DOMAIN}` in `global.auth.oidc.issuer` with the value of OKTA_DOMAIN"
    );
    // Kubernetes expands `$(VAR)` and Helm's tpl `{{ }}`: the value is unknown, not wrong.
    for issuer in [
        "https://$(OKTA_DOMAIN)/oauth2/default",
        "\"{{ .Values.issuer }}\"",
    ] {
        let (_d, p) = temp_file(
            "values.yaml",
            &values.replace("https://${OKTA_DOMAIN}/oauth2/default", issuer),
        );
        let (_, findings) = lint_json(&["--kind", "helm", s(&p)]);
        assert!(
            !codes(&findings).contains(&"unresolved-interpolation"),
            "{issuer}: {findings:#?}"
        );
    }
}
