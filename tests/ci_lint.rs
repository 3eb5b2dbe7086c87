//! `iamconf lint` where CI and pre-commit run it: the gitignore-aware walk, walk problems as
//! findings, the summary line and empty runs, standard input, and SARIF paths. Each test builds
//! its tree in a temporary directory and runs the real binary as a child process.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn iamconf() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iamconf"));
    c.env_remove("NO_COLOR");
    c
}

/// Runs `iamconf ARGS` in `dir` with `stdin` as standard input.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut cmd = iamconf();
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // A run that stops before reading its input (a usage error) closes the pipe first.
        if let Err(e) = pipe.write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "stdin: {e}");
        }
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("the binary ends");
    (
        status.code().expect("an exit code"),
        String::from_utf8(stdout).expect("UTF-8 stdout"),
        String::from_utf8(stderr).expect("UTF-8 stderr"),
    )
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

const GOOD_ENV: &str = "OIDC_ISSUER=https://example.okta.com\nOIDC_CLIENT_ID=0oa1example\nOIDC_AUTH_METHOD=pkce\nHOST=https://wandb.example.com\n";
const BROKEN_ENV: &str = "OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123\nOIDC_CLIENT_ID=abc\nOIDC_AUTH_METHOD=Pkce\nHOST=https://wandb.example.com\n";

fn repo_fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The codes and paths of a JSON report.
fn findings(json: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(json).expect("JSON output");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["source"]["path"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

// ---- The walk --------------------------------------------------------------------------------

#[test]
fn a_gitignored_node_modules_with_broken_env_files_reports_nothing() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    write(root, ".gitignore", "node_modules/\n/build\n");
    write(root, "node_modules/pkg/.env", BROKEN_ENV);
    write(root, "node_modules/other/prod.env", "NOT A LINE\n");
    write(root, "build/.env", BROKEN_ENV);
    write(root, "deploy/.env", GOOD_ENV);

    let (code, out, err) = run_in(root, &["lint", "."], None);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "checked 1 file: no problems found\n", "{err}");
    assert_eq!(err, "");

    // The same tree with --no-ignore: the ignored files are judged and their errors reported.
    let (code, out, _) = run_in(
        root,
        &["lint", "--no-ignore", "--format", "json", "."],
        None,
    );
    assert_eq!(code, 1);
    let f = findings(&out);
    assert!(
        f.iter()
            .any(|(c, p)| c == "invalid-auth-method" && p.contains("node_modules/pkg/.env")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(c, p)| c == "parse-error" && p.contains("node_modules/other/prod.env")),
        "{f:?}"
    );
    assert!(f.iter().any(|(_, p)| p.contains("build/.env")), "{f:?}");
}

#[test]
fn ignore_files_apply_and_a_file_named_explicitly_is_judged_anyway() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    write(root, ".ignore", "vendor/\n");
    write(root, "vendor/chart/.env", BROKEN_ENV);
    let (code, _, err) = run_in(root, &["lint", "."], None);
    assert_eq!(code, 2, "nothing left to judge: {err}");
    assert!(err.contains("checked 0 files"), "{err}");
    // Named on the command line, an ignored file is read (as ripgrep does).
    let (code, out, _) = run_in(root, &["lint", "vendor/chart/.env"], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[invalid-auth-method]"), "{out}");
}

#[test]
fn hidden_env_files_are_judged_and_hidden_directories_only_with_hidden() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    write(root, ".env", GOOD_ENV);
    write(root, ".env.production", GOOD_ENV);
    write(root, ".cache/old/.env", BROKEN_ENV);
    let (code, out, _) = run_in(root, &["lint", "."], None);
    assert_eq!(code, 0);
    assert_eq!(out, "checked 2 files: no problems found\n");
    let (code, out, _) = run_in(root, &["lint", "--hidden", "."], None);
    assert_eq!(code, 1);
    assert!(out.contains(".cache/old/.env"), "{out}");
    assert!(out.contains("checked 3 files: "), "{out}");
}

#[cfg(unix)]
#[test]
fn walk_problems_are_findings_and_links_out_of_the_roots_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = write(outside.path(), "prod.env", BROKEN_ENV);
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    write(root, "deploy/.env", GOOD_ENV);
    symlink("does-not-exist.env", root.join("deploy/broken.env")).expect("symlink");
    std::fs::create_dir_all(root.join("deploy/sub")).expect("mkdir");
    symlink("..", root.join("deploy/sub/loop")).expect("symlink");
    symlink(&secret, root.join("deploy/linked.env")).expect("symlink");
    symlink(root.join("deploy/.env"), root.join("deploy/inside.env")).expect("symlink");

    let (code, out, err) = run_in(root, &["lint", "--format", "json", "deploy"], None);
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    assert!(
        f.contains(&("unreadable-path".into(), "deploy/broken.env".into())),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(c, p)| c == "unreadable-path" && p.ends_with("loop")),
        "{f:?}"
    );
    assert!(
        f.contains(&("symlink-outside-root".into(), "deploy/linked.env".into())),
        "{f:?}"
    );
    // The link inside the tree is the same file as deploy/.env: judged once, no finding.
    assert!(!f.iter().any(|(c, _)| c == "invalid-auth-method"), "{f:?}");
    assert!(err.contains("checked 1 file: "), "{err}");

    // --follow-outside reads the target (and reports its problems under the link's path).
    let (_, out, _) = run_in(
        root,
        &["lint", "--follow-outside", "--format", "json", "deploy"],
        None,
    );
    let f = findings(&out);
    assert!(
        f.contains(&("invalid-auth-method".into(), "deploy/linked.env".into())),
        "{f:?}"
    );
    assert!(!f.iter().any(|(c, _)| c == "symlink-outside-root"), "{f:?}");
}

#[test]
fn findings_are_in_the_same_order_on_every_run() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    for i in 0..120 {
        let text = if i % 3 == 0 { BROKEN_ENV } else { GOOD_ENV };
        write(root, &format!("svc-{:02}/app-{i}.env", i % 7), text);
    }
    let (code, first, _) = run_in(root, &["lint", "."], None);
    assert_eq!(code, 1);
    let errors = first.lines().filter(|l| l.contains(": error[")).count();
    assert!(errors >= 40, "one or more per broken file: {first}");
    assert!(
        first.ends_with(&format!("checked 120 files: {errors} errors, 0 warnings\n")),
        "{first}"
    );
    let paths: Vec<&str> = first
        .lines()
        .filter(|l| l.contains(": error["))
        .map(|l| l.split(':').next().unwrap_or_default())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "sorted by path");
    for _ in 0..3 {
        let (_, again, _) = run_in(root, &["lint", "."], None);
        assert_eq!(again, first);
    }
}

// ---- Summary line, empty runs, pre-commit --------------------------------------------------

#[test]
fn a_pre_commit_run_over_300_unrelated_yaml_files_prints_one_line() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    // The arguments of the shipped hook (`entry:` of .pre-commit-hooks.yaml), then the files.
    let hooks = std::fs::read_to_string(repo_fixture(".pre-commit-hooks.yaml")).expect("hooks");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    assert_eq!(entry, "iamconf lint --allow-empty");
    let mut args: Vec<String> = entry.split(' ').skip(1).map(str::to_owned).collect();
    for i in 0..300 {
        let rel = format!(".github/workflows/job-{i}.yaml");
        write(
            root,
            &rel,
            &format!("name: job {i}\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"),
        );
        args.push(rel);
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run_in(root, &argv, None);
    assert_eq!(code, 0);
    let all = format!("{out}{err}");
    assert_eq!(
        all,
        "skipped 300 files that are not W&B configuration; --verbose lists them\n"
    );

    // Without --allow-empty the same run is an error: nothing was judged.
    let (code, out, err) = run_in(
        root,
        &argv[..1]
            .iter()
            .chain(&argv[2..])
            .copied()
            .collect::<Vec<_>>(),
        None,
    );
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.contains("error: checked 0 files: none of the files given is W&B configuration"),
        "{err}"
    );

    // --verbose lists each file, in order.
    let mut verbose = argv.clone();
    verbose.insert(1, "--verbose");
    let (_, _, err) = run_in(root, &verbose, None);
    let notes: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("note: skipped"))
        .collect();
    assert_eq!(notes.len(), 300);
    assert!(notes[0].contains("job-0.yaml"), "{}", notes[0]);
}

#[test]
fn a_pre_commit_run_with_one_w_and_b_file_checks_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let root = t.path();
    write(root, "ci.yaml", "on: push\n");
    write(root, "prod.env", BROKEN_ENV);
    let (code, out, err) = run_in(
        root,
        &["lint", "--allow-empty", "ci.yaml", "prod.env"],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        out.ends_with("checked 1 file: 1 error, 0 warnings\n") || out.contains("checked 1 file: "),
        "{out}"
    );
    assert_eq!(
        err,
        "skipped 1 file that is not W&B configuration; --verbose lists them\n"
    );
}

#[test]
fn a_missing_path_is_an_error_and_nothing_claims_a_clean_pass() {
    let t = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run_in(t.path(), &["lint", "/nonexistent"], None);
    assert_eq!(code, 2);
    assert!(
        !out.contains("no problems") && !err.contains("no problems"),
        "{out}{err}"
    );
    assert_eq!(err, "error: cannot read /nonexistent\n");
    assert!(
        out.starts_with("/nonexistent: error[unreadable-path]: cannot be read: "),
        "the finding, for JSON and SARIF consumers too: {out}"
    );
    assert!(!out.contains("checked"), "{out}");

    // With another, good file: its summary says a path could not be read, and the exit is 2.
    write(t.path(), "good.env", GOOD_ENV);
    let (code, out, err) = run_in(t.path(), &["lint", "good.env", "typo-dir/"], None);
    assert_eq!(code, 2);
    assert_eq!(err, "error: cannot read typo-dir/\n");
    assert!(
        out.ends_with("checked 1 file: 1 error, 0 warnings; 1 path could not be read\n"),
        "{out}"
    );
}

#[test]
fn a_directory_without_w_and_b_files_exits_2_unless_allow_empty() {
    let t = tempfile::tempdir().expect("tempdir");
    write(t.path(), "src/main.rs", "fn main() {}\n");
    write(t.path(), "docs/mkdocs.yml", "site_name: docs\n");
    let (code, out, err) = run_in(t.path(), &["lint", "."], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: checked 0 files: no W&B configuration file was found; check the paths, or pass --allow-empty if that is expected\n"
    );
    let (code, out, err) = run_in(t.path(), &["lint", "--allow-empty", "."], None);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        "checked 0 files: no W&B configuration file was found\n"
    );
    // Machine formats still print a complete, empty report.
    let (code, out, _) = run_in(
        t.path(),
        &["lint", "--allow-empty", "--format", "sarif", "."],
        None,
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("SARIF");
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn the_summary_goes_to_stderr_in_machine_formats() {
    let t = tempfile::tempdir().expect("tempdir");
    write(t.path(), "prod.env", BROKEN_ENV);
    for format in ["json", "sarif", "github"] {
        let (code, out, err) = run_in(t.path(), &["lint", "--format", format, "prod.env"], None);
        assert_eq!(code, 1, "{format}");
        assert!(!out.contains("checked"), "{format}: {out}");
        assert_eq!(err, "checked 1 file: 1 error, 0 warnings\n", "{format}");
    }
}

// ---- Standard input ---------------------------------------------------------------------------

#[test]
fn a_helm_template_stream_on_stdin_is_linted_like_the_file() {
    let rendered = std::fs::read(repo_fixture(
        "tests/fixtures/helm/rendered/broken.rendered.yaml",
    ))
    .expect("fixture");
    let dir = repo_fixture("tests/fixtures/helm/rendered");
    let (code, out, err) = run_in(&dir, &["lint", "--format", "json", "-"], Some(&rendered));
    assert_eq!(code, 1, "{err}");
    let from_stdin = findings(&out);
    assert!(
        from_stdin.contains(&("cognito-requires-pkce".into(), "<stdin>".into())),
        "{from_stdin:?}"
    );
    let (_, out, _) = run_in(
        &dir,
        &["lint", "--format", "json", "broken.rendered.yaml"],
        None,
    );
    let from_file: Vec<(String, String)> = findings(&out)
        .into_iter()
        .map(|(c, _)| (c, "<stdin>".to_owned()))
        .collect();
    assert_eq!(from_stdin, from_file);

    // The clean render stays clean through a pipe too.
    let clean = std::fs::read(repo_fixture(
        "tests/fixtures/helm/rendered/okta-pkce.rendered.yaml",
    ))
    .expect("fixture");
    let (code, out, err) = run_in(&dir, &["lint", "-"], Some(&clean));
    assert!(!out.contains("error["), "{out}");
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn stdin_is_read_with_kind_or_by_content() {
    let t = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run_in(
        t.path(),
        &["lint", "--kind", "env", "-"],
        Some(BROKEN_ENV.as_bytes()),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("<stdin>:3:1: error[invalid-auth-method]"),
        "{out}"
    );
    assert!(
        out.ends_with("checked 1 file: 2 errors, 0 warnings\n") || out.contains("checked 1 file: "),
        "{out}"
    );
    // Auto-detection by content.
    let (code, out, _) = run_in(t.path(), &["lint", "-"], Some(BROKEN_ENV.as_bytes()));
    assert_eq!(code, 1);
    assert!(
        out.contains("<stdin>:3:1: error[invalid-auth-method]"),
        "{out}"
    );
    // Something that is not W&B configuration: skipped, and nothing judged.
    let (code, _, err) = run_in(t.path(), &["lint", "-"], Some(b"hello world\n"));
    assert_eq!(code, 2);
    assert!(err.contains("checked 0 files"), "{err}");
}

#[test]
fn env_file_dash_reads_stdin_for_check_and_show() {
    let t = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run_in(
        t.path(),
        &["check", "--no-env", "--env-file", "-"],
        Some(BROKEN_ENV.as_bytes()),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("<stdin>:3:1: error[invalid-auth-method]"),
        "{out}"
    );
    let (code, out, _) = run_in(
        t.path(),
        &["show", "--no-env", "--env-file", "-"],
        Some(GOOD_ENV.as_bytes()),
    );
    assert_eq!(code, 0);
    assert!(out.contains("OIDC_ISSUER"), "{out}");
    assert!(out.contains("(<stdin>:1"), "{out}");
    let (code, _, err) = run_in(
        t.path(),
        &["check", "--no-env", "--env-file", "-", "--env-file", "-"],
        Some(GOOD_ENV.as_bytes()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("only once"), "{err}");

    // token: the configuration from standard input, the token from a file.
    write(t.path(), "id_token.txt", "not-a-jwt\n");
    let (code, out, err) = run_in(
        t.path(),
        &[
            "token",
            "id_token.txt",
            "--no-env",
            "--env-file",
            "-",
            "--format",
            "json",
        ],
        Some(BROKEN_ENV.as_bytes()),
    );
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    assert!(f.iter().any(|(c, _)| c == "token-malformed"), "{f:?}");
    assert!(
        f.contains(&("invalid-auth-method".into(), "<stdin>".into())),
        "the configuration was read from standard input: {f:?}"
    );
    // Both from standard input cannot be.
    let (code, _, err) = run_in(
        t.path(),
        &["token", "--no-env", "--env-file", "-"],
        Some(GOOD_ENV.as_bytes()),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot both come from standard input"),
        "{err}"
    );
}

// ---- SARIF ----------------------------------------------------------------------------------

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let mut argv = vec!["lint", "--format", "sarif"];
    argv.extend_from_slice(args);
    let (code, out, err) = run_in(dir, &argv, None);
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str(&out).expect("SARIF")
}

fn locations(v: &Value) -> Vec<Value> {
    v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"].clone())
        .collect()
}

#[test]
fn sarif_from_an_absolute_path_maps_to_repository_relative_uris() {
    let t = tempfile::tempdir().expect("tempdir");
    let repo = t.path().canonicalize().expect("canonical");
    write(&repo, "deploy/prod.env", BROKEN_ENV);
    write(&repo, "deploy/with space/.env", BROKEN_ENV);
    let abs = repo.join("deploy");
    let v = sarif(&repo, &[abs.to_str().expect("UTF-8")]);
    let run = &v["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("a %SRCROOT% base");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    assert_eq!(
        url_path(base),
        format!("{}/", repo.display()),
        "the base is the current directory"
    );
    let locs = locations(&v);
    assert!(!locs.is_empty());
    for l in &locs {
        assert_eq!(l["uriBaseId"], "%SRCROOT%", "{l}");
    }
    let uris: Vec<&str> = locs.iter().filter_map(|l| l["uri"].as_str()).collect();
    assert!(uris.contains(&"deploy/prod.env"), "{uris:?}");
    assert!(uris.contains(&"deploy/with%20space/.env"), "{uris:?}");

    // --sarif-root from elsewhere gives the same URIs.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let v = sarif(
        elsewhere.path(),
        &[
            "--sarif-root",
            repo.to_str().expect("UTF-8"),
            abs.to_str().expect("UTF-8"),
        ],
    );
    let again: Vec<Value> = locations(&v);
    assert_eq!(again, locs);

    // A file outside the root keeps an absolute file:// URI and no base id.
    let v = sarif(
        &repo,
        &[
            "--sarif-root",
            abs.join("with space").to_str().expect("UTF-8"),
            "deploy/prod.env",
        ],
    );
    let l = &locations(&v)[0];
    assert!(l.get("uriBaseId").is_none(), "{l}");
    assert_eq!(
        l["uri"],
        format!("file://{}/deploy/prod.env", repo.display())
    );
}

/// The path of a `file://` URL, percent-decoded (enough for the test's ASCII paths).
fn url_path(url: &str) -> String {
    url.strip_prefix("file://")
        .unwrap_or(url)
        .replace("%20", " ")
}

#[test]
fn sarif_help_uris_point_into_the_rule_reference() {
    let t = tempfile::tempdir().expect("tempdir");
    write(t.path(), "prod.env", BROKEN_ENV);
    let v = sarif(t.path(), &["prod.env"]);
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for r in rules {
        let id = r["id"].as_str().expect("id");
        let uri = r["helpUri"].as_str().expect("helpUri");
        assert!(uri.ends_with(&format!("RULES.md#{id}")), "{uri}");
        assert!(uri.starts_with("https://"), "{uri}");
    }
    let v = sarif(
        t.path(),
        &[
            "--rule-docs-url",
            "https://docs.example.com/iamconf/rules.html",
            "prod.env",
        ],
    );
    let r = &v["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(
        r["helpUri"],
        format!(
            "https://docs.example.com/iamconf/rules.html#{}",
            r["id"].as_str().expect("id")
        )
    );
}

#[test]
fn sarif_of_stdin_has_a_region_and_no_uri() {
    let t = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run_in(
        t.path(),
        &["lint", "--format", "sarif", "--kind", "env", "-"],
        Some(BROKEN_ENV.as_bytes()),
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("SARIF");
    let r = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(r["artifactLocation"].get("uri").is_none(), "{r}");
    assert_eq!(
        r["artifactLocation"]["description"]["text"],
        "standard input"
    );
    assert!(r["region"]["startLine"].as_u64().is_some(), "{r}");
}

/// The SARIF of a tree with findings, of an absolute path, of standard input and of an empty run
/// validates against the pinned SARIF 2.1.0 schema (tests/ajv/sarif-schema-2.1.0.json) with ajv,
/// a validator that is not ours. `.ci/run` installs ajv (`npm ci` in tests/ajv) before the tests
/// and `tests/ajv/validate.sh` runs the same check; without node or the packages this test says
/// so and checks only that the schema is the pinned one.
#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr, reason = "says why the check was skipped")]
fn sarif_validates_against_the_pinned_sarif_2_1_0_schema() {
    let ajv_dir = repo_fixture("tests/ajv");
    let schema = std::fs::read_to_string(ajv_dir.join("sarif-schema-2.1.0.json")).expect("schema");
    assert!(schema.contains(
        "\"title\": \"Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema\""
    ));
    let cli = ajv_dir.join("node_modules/ajv-cli/dist/index.js");
    let node = Command::new("node").arg("--version").output();
    if !cli.exists() || node.is_err() {
        eprintln!(
            "ajv is not installed (npm ci --prefix tests/ajv): SARIF schema validation skipped"
        );
        return;
    }
    let t = tempfile::tempdir().expect("tempdir");
    let repo = t.path().canonicalize().expect("canonical");
    write(&repo, "deploy/prod.env", BROKEN_ENV);
    write(
        &repo,
        "deploy/values.yaml",
        "global:\n  auth:\n    oidc:\n      clientId: \"\"\n      issuer: https://example.okta.com\n",
    );
    std::os::unix::fs::symlink("missing.env", repo.join("deploy/broken.env")).expect("symlink");
    let abs = repo.join("deploy");
    type Case<'a> = (&'a str, Vec<&'a str>, Option<&'a [u8]>);
    let cases: Vec<Case<'_>> = vec![
        (
            "absolute",
            vec!["lint", "--format", "sarif", abs.to_str().expect("UTF-8")],
            None,
        ),
        (
            "outside",
            vec![
                "lint",
                "--format",
                "sarif",
                "--sarif-root",
                "/nonexistent-root",
                "deploy",
            ],
            None,
        ),
        (
            "stdin",
            vec!["lint", "--format", "sarif", "--kind", "env", "-"],
            Some(BROKEN_ENV.as_bytes()),
        ),
        (
            "unreadable",
            vec![
                "lint",
                "--format",
                "sarif",
                "--allow-empty",
                "--",
                "deploy/values.yaml.missing",
            ],
            None,
        ),
    ];
    for (name, args, stdin) in cases {
        let (_, out, _) = run_in(&repo, &args, stdin);
        let file = repo.join(format!("{name}.sarif.json"));
        std::fs::write(&file, &out).expect("write");
        let result = Command::new("node")
            .arg(&cli)
            .args([
                "validate",
                "--spec=draft7",
                "-c",
                "./sarif-plugins.js",
                "--allow-union-types",
                "--all-errors",
                "-s",
                "sarif-schema-2.1.0.json",
                "-d",
            ])
            .arg(&file)
            .current_dir(&ajv_dir)
            .output()
            .expect("node runs");
        assert!(
            result.status.success(),
            "{name}: {}{}\n{out}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
    }
}
