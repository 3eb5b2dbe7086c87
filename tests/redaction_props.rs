//! Property: for random values (hostile characters included) placed in every secret position of
//! every input format (env file, TOML, YAML and JSON config, Helm values in block and flow style,
//! Kubernetes manifests, Compose, the process environment, URL passwords), no rendered output of
//! `check`, `lint` or `show`, in any format, with or without `--verbose`, contains them.
#![cfg(all(feature = "lint", feature = "render"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use iamconf::render::{self, Style};
use proptest::prelude::*;

/// A secret: hostile characters around a random core that must never be printed.
fn secret() -> impl Strategy<Value = (String, String)> {
    let hostile = prop::collection::vec(
        prop::sample::select(vec![
            "#", "?", "@", "/", ":", ";", "=", "'", " ", "{", "}", "[", "]", ",", "\\", "$", "%",
            "é", "-", "_", ".", "*", "&", "!", "|", ">", "<", "\t",
        ]),
        0..6,
    )
    .prop_map(|v| v.concat());
    ("[A-Za-z0-9]{10}", hostile.clone(), hostile).prop_map(|(core, pre, post)| {
        let core = format!("Q9{core}");
        (format!("{pre}{core}{post}"), core)
    })
}

/// A URL password: the same, with `#`, `?`, `/` and `@` likely.
fn password() -> impl Strategy<Value = (String, String)> {
    (
        "[A-Za-z0-9]{10}",
        prop::sample::select(vec!["#", "?", "/", "@", "#@", "?x#", ""]),
    )
        .prop_map(|(core, sep)| {
            let core = format!("P7{core}");
            (format!("p{sep}{core}{sep}"), core)
        })
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn toml_str(s: &str) -> String {
    // A TOML basic string escapes like JSON for these characters.
    json_str(s)
}

/// Every secret spelling the crate declares.
fn secret_names() -> Vec<&'static str> {
    let mut names = Vec::new();
    for v in iamconf::variables().filter(|v| v.is_secret()) {
        names.push(v.name());
        names.extend(v.aliases());
        names.extend(v.deprecated());
        names.extend(v.unread());
    }
    names
}

struct Inputs {
    _dir: tempfile::TempDir,
    env_file: PathBuf,
    configs: Vec<PathBuf>,
    lint_dir: PathBuf,
    vars: Vec<(String, String)>,
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn inputs(v: &str, p: &str) -> Inputs {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let urls = format!(
        "MYSQL=mysql://wandb:{p}@db:3306/wandb\nREDIS=redis://:{p}@redis:6379\nBUCKET=s3://KEY:{p}@minio/b\nNOTIFICATIONS_QUEUE=redis://:{p}@q:6379\nOIDC_ISSUER=https://admin:{p}@idp.example.com\nLOCAL_LDAP_ADDRESS=ldaps://cn:{p}@ldap:636\nHOST=u:{p}@wandb.example.com\n"
    );
    let mut env = String::from("OIDC_CLIENT_ID=abc\nOIDC_AUTH_METHOD=PKCE\nLOCAL_RESTORE=maybe\n");
    let mut vars = vec![
        ("OIDC_CLIENT_ID".to_owned(), "abc".to_owned()),
        ("OIDC_AUTH_METHOD".to_owned(), "PKCE".to_owned()),
    ];
    for (i, name) in secret_names().into_iter().enumerate() {
        // Unquoted, double-quoted and single-quoted forms in turn.
        let line = match i % 3 {
            0 => format!("{name}={v}\n"),
            1 => format!(
                "{name}=\"{}\"\n",
                v.replace('\\', "\\\\").replace('"', "\\\"")
            ),
            _ => format!("{name}='{}'\n", v.replace('\'', "")),
        };
        env.push_str(&line);
        vars.push((name.to_owned(), v.to_owned()));
    }
    // Secret-looking names the crate does not declare.
    for name in [
        "OIDC_CLIENT_KEY",
        "LOCAL_LDAP_PASS",
        "REDIS_PASSWORD",
        "OIDC_TOKEN",
    ] {
        env.push_str(&format!("{name}={v}\n{name}={v}\n"));
        vars.push((name.to_owned(), v.to_owned()));
    }
    env.push_str(&urls);
    for line in urls.lines() {
        let (k, val) = line.split_once('=').unwrap();
        vars.push((k.to_owned(), val.to_owned()));
    }
    let env_file = write(&root, "prod.env", &env);

    let lint_dir = root.join("deploy");
    std::fs::create_dir(&lint_dir).unwrap();
    std::fs::copy(&env_file, lint_dir.join("prod.env")).unwrap();
    let vj = json_str(v);
    let mysql = json_str(&format!("mysql://wandb:{p}@db/wandb"));
    let toml = format!(
        "[oidc]\nissuer = \"https://example.okta.com\"\nclient_id = \"abc\"\nclient_secret = {}\nauth_method = \"PKCE\"\n[server]\nlicense = {}\nmysql = {}\nslack_secret = {}\n[ldap]\nbind_password = {}\n",
        toml_str(v),
        toml_str(v),
        toml_str(&format!("mysql://wandb:{p}@db/wandb")),
        toml_str(v),
        toml_str(v)
    );
    let toml_inline = format!(
        "oidc = {{issuer = \"https://example.okta.com\", client_secret = {}, auth_method = \"PKCE\"}}\n",
        toml_str(v)
    );
    let yaml = format!(
        "oidc:\n  issuer: https://example.okta.com\n  client_secret: {vj}\n  auth_method: PKCE\nserver: {{license: {vj}, mysql: {mysql}}}\n"
    );
    let json = format!(
        "{{\"oidc\": {{\"issuer\": \"https://example.okta.com\", \"client_secret\": {vj}, \"auth_method\": \"PKCE\"}}, \"server\": {{\"mysql\": {mysql}}}}}"
    );
    let configs = vec![
        write(&root, "iamconf.toml", &toml),
        write(&root, "inline.toml", &toml_inline),
        write(&root, "iamconf.yaml", &yaml),
        write(&root, "iamconf.json", &json),
    ];
    for c in &configs {
        std::fs::copy(c, lint_dir.join(c.file_name().unwrap())).unwrap();
    }
    write(
        &lint_dir,
        "values.yaml",
        &format!(
            "global:\n  license: {vj}\n  auth:\n    oidc: {{clientId: abc, issuer: \"https://example.okta.com\", authMethod: PKCE, secret: {vj}}}\n    clientSecret: {vj}\n  extraEnv:\n    MYSQL: {mysql}\n    OIDC_CLIENT_SECRET: {vj}\n    LOCAL_RESTORE: maybe\n  slack: {{secret: {vj}}}\n"
        ),
    );
    write(
        &lint_dir,
        "values-list.yaml",
        &format!(
            "global:\n  extraEnv: [{}, {vj}]\n",
            json_str(&format!("GORILLA_OIDC_SECRET={v}"))
        ),
    );
    write(
        &lint_dir,
        "legacy-values.yaml",
        &format!(
            "sso:\n  enabled: true\n  issuer: https://example.okta.com\n  clientId: abc\n  clientSecrt: {vj}\n  secret: {vj}\n"
        ),
    );
    write(
        &lint_dir,
        "deploy.yaml",
        &format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData: {{GORILLA_OIDC_SECRET: {vj}, LICENSE: {vj}, OIDC_CLIENT_KEY: {vj}}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{PW: {vj}, LOCAL_RESTORE: maybe}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: w}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        envFrom: [{{secretRef: {{name: s}}}}, {{configMapRef: {{name: c}}, prefix: LOCAL_LDAP_BIND_}}]\n        env:\n        - {{name: OIDC_CLIENT_SECRET, value: {vj}}}\n        - {{name: REDIS, value: {}}}\n        - {{name: LOCAL_RESTORE, value: maybe}}\n",
            json_str(&format!("redis://:{p}@r:6379"))
        ),
    );
    write(
        &lint_dir,
        "docker-compose.yml",
        &format!(
            "services:\n  w:\n    environment: [{}, LOCAL_RESTORE=maybe, {}]\n",
            json_str(&format!("GORILLA_OIDC_SECRET={v}")),
            json_str(&format!("MYSQL=mysql://u:{p}@db/w"))
        ),
    );
    Inputs {
        _dir: dir,
        env_file,
        configs,
        lint_dir,
        vars,
    }
}

/// Every rendering of these findings.
fn renderings(diags: &[iamconf::Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    for verbose in [false, true] {
        let style = Style {
            verbose,
            ..Style::default()
        };
        out.push(render::human::render(diags, style));
        out.push(render::sarif::render(
            diags,
            &render::sarif::SarifOptions {
                verbose,
                ..render::sarif::SarifOptions::default()
            },
        ));
        out.push(render::github::render(diags, verbose));
    }
    out.push(render::json::render(diags));
    out.extend(diags.iter().map(|d| format!("{d} {d:?}")));
    out
}

fn assert_absent(outputs: &[String], cores: &[&str], what: &str) -> Result<(), TestCaseError> {
    for o in outputs {
        for c in cores {
            prop_assert!(!o.contains(c), "{what}: `{c}` printed in:\n{o}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_secret_value_reaches_any_output((v, core) in secret(), (p, pcore) in password()) {
        let inp = inputs(&v, &p);
        let cores = [core.as_str(), pcore.as_str()];

        // lint: the directory of every deployment format, and each file named directly.
        let report = iamconf::lint::lint(std::slice::from_ref(&inp.lint_dir), iamconf::lint::Kind::Auto);
        prop_assert!(!report.diagnostics().is_empty());
        assert_absent(&renderings(report.diagnostics()), &cores, "lint")?;

        // check and show: the env file, each config file, the process environment.
        let mut builders = vec![iamconf::Config::builder().env_file(&inp.env_file)];
        for c in &inp.configs {
            builders.push(iamconf::Config::builder().file(c));
        }
        builders.push(iamconf::Config::builder().env_vars(inp.vars.clone()));
        for b in builders {
            let eval = b.evaluate();
            let mut outs = renderings(eval.report().diagnostics());
            outs.push(render::show::human(&eval));
            outs.push(render::show::json(&eval));
            assert_absent(&outs, &cores, "check/show")?;
        }
    }
}

#[test]
fn the_property_inputs_really_load_the_secrets() {
    // Guards the property against passing for the wrong reason: the secret positions are read.
    let inp = inputs("x#Q9guardvalue1 ;", "p#P7guardpass12#");
    let eval = iamconf::Config::builder().file(&inp.configs[0]).evaluate();
    let secret = eval
        .settings()
        .find(|s| s.variable == "OIDC_CLIENT_SECRET" || s.variable == "GORILLA_OIDC_SECRET")
        .and_then(|s| s.value)
        .map(|v| match v {
            iamconf::Value::Secret(s) => s.expose_secret().to_owned(),
            other => other.to_string(),
        });
    assert_eq!(secret.as_deref(), Some("x#Q9guardvalue1 ;"));
    let eval = iamconf::Config::builder()
        .env_vars(inp.vars.clone())
        .evaluate();
    let queue = eval
        .settings()
        .find(|s| s.variable == "NOTIFICATIONS_QUEUE")
        .and_then(|s| s.value)
        .and_then(|v| v.as_text().map(str::to_owned));
    assert_eq!(queue.as_deref(), Some("redis://:p#P7guardpass12#@q:6379"));
    let report = iamconf::lint::lint(
        std::slice::from_ref(&inp.lint_dir),
        iamconf::lint::Kind::Auto,
    );
    let codes: Vec<&str> = report.diagnostics().iter().map(|d| d.code()).collect();
    for code in [
        "invalid-auth-method",
        "invalid-bool",
        "helm-unknown-key",
        "helm-extra-env-not-map",
        "secret-in-plain-value",
        "duplicate-variable",
    ] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
}
