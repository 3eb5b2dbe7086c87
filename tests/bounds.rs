//! No input hangs the tool or takes its memory: FIFOs and devices are refused without blocking,
//! large files are refused by size (or, in a walk, looked at only by their start), `lint` reports
//! what it could not read, and a forced kind on the wrong shape is a parse error. Each command
//! runs as a child with a generous timeout; the assertions are about the findings, not the time.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary; kills it and fails after 60 s (a hang), which no case comes near.
fn run(args: &[&str], cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("iamconf {args:?} did not finish: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn codes(o: &Output) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
#[cfg(unix)]
fn devices_and_fifos_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f");
    mkfifo(&fifo);
    for file in ["/dev/zero", fifo.to_str().unwrap()] {
        let o = run(&["check", "--no-env", "--env-file", file], dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stdout(&o).contains("not a regular file"), "{}", stdout(&o));
    }
    let o = run(
        &[
            "check",
            "--no-env",
            "--config",
            "/dev/zero",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(codes(&o), ["parse-error"]);
    // NAME_FILE: a finding naming the variable, never a read.
    let o = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(["check", "--format", "json"])
        .env_clear()
        .env("GORILLA_OIDC_SECRET_FILE", "/dev/zero")
        .output()
        .unwrap();
    let text = stdout(&o);
    assert!(
        text.contains("GORILLA_OIDC_SECRET_FILE") && text.contains("character device"),
        "{text}"
    );
    // A FIFO in a linted tree, and one named by a Compose env_file.
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    mkfifo(&tree.join("prod.env"));
    mkfifo(&tree.join("pipe"));
    std::fs::write(
        tree.join("docker-compose.yml"),
        "services:\n  w:\n    env_file: ./pipe\n",
    )
    .unwrap();
    let o = run(&["lint", "--format", "json", "tree"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let mut c = codes(&o);
    c.sort();
    assert_eq!(c, ["parse-error", "unreadable-path"], "{text}");
    assert!(
        text.contains("tree/prod.env") && text.contains("a FIFO (named pipe), not a regular file"),
        "{text}"
    );
    assert!(
        text.contains("the env_file tree/pipe cannot be read"),
        "{text}"
    );
}

#[test]
fn files_over_the_limit_are_refused_unless_the_limit_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.env");
    let f = std::fs::File::create(&big).unwrap();
    // Sparse: no disk space, no time.
    f.set_len(1 << 30).unwrap();
    let o = run(&["check", "--no-env", "--env-file", "big.env"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("larger than the limit of 8 MiB"),
        "{}",
        stdout(&o)
    );
    // Just over the limit, then the limit raised: read.
    let over = dir.path().join("over.env");
    let mut text = "LOCAL_RESTORE=maybe\n".to_owned();
    text.push_str(&"# padding\n".repeat(900_000));
    std::fs::write(&over, text).unwrap();
    let o = run(&["check", "--no-env", "--env-file", "over.env"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        &[
            "check",
            "--no-env",
            "--max-file-size",
            "16MiB",
            "--format",
            "json",
            "--env-file",
            "over.env",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(codes(&o).contains(&"invalid-bool".to_owned()));
    let o = run(&["check", "--max-file-size", "8 parsecs"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_large_data_file_in_a_tree_is_a_warning_and_a_large_config_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("repo");
    std::fs::create_dir(&tree).unwrap();
    let data = std::fs::File::create(tree.join("data.json")).unwrap();
    data.set_len(200 << 20).unwrap();
    let mut values = "global:\n  extraEnv:\n".to_owned();
    while values.len() < 9 << 20 {
        values.push_str("    PADDING_VARIABLE_NAME: padding-value-padding-value\n");
    }
    std::fs::write(tree.join("values.yaml"), values).unwrap();
    std::fs::write(tree.join("ok.env"), "LOCAL_RESTORE=maybe\n").unwrap();
    let o = run(&["lint", "--format", "json", "repo"], dir.path());
    let text = stdout(&o);
    let c = codes(&o);
    assert!(c.contains(&"file-not-read".to_owned()), "{text}");
    assert!(text.contains("data.json was not read"), "{text}");
    assert!(
        text.contains("repo/values.yaml")
            && text.contains("larger than the limit")
            && c.contains(&"unreadable-path".to_owned()),
        "{text}"
    );
    // The rest of the tree is still judged.
    assert!(c.contains(&"invalid-bool".to_owned()), "{text}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
#[cfg(unix)]
fn lint_reports_what_it_could_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("repo");
    let mut deep = tree.join("deep");
    for i in 0..40 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("x.env"), "LOCAL_RESTORE=yes\n").unwrap();
    std::os::unix::fs::symlink("nowhere.env", tree.join("broken.env")).unwrap();
    std::fs::write(tree.join("ok.env"), "LOCAL_RESTORE=false\n").unwrap();
    let o = run(&["lint", "--format", "json", "repo"], dir.path());
    let text = stdout(&o);
    assert!(text.contains("more than 32 directories deep"), "{text}");
    assert!(
        text.contains("repo/broken.env") && text.contains("broken symbolic link"),
        "{text}"
    );
    assert_eq!(o.status.code(), Some(1));
    // A missing file named directly: exit 2 with the reason.
    let o = run(&["lint", "nope.env"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("No such file"), "{}", stdout(&o));
}

#[test]
fn config_files_are_judged_not_skipped_and_forced_kinds_check_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("iamconf.toml"),
        "[oidc]\nissuer = \"https://x.okta.com\nauth_method = \"PKCE\"\n",
    )
    .unwrap();
    let o = run(&["lint", "--format", "json", "iamconf.toml"], p);
    assert_eq!(codes(&o), ["parse-error"]);
    std::fs::write(p.join("iamconf.toml"), "[oidc]\nissuer = \"https://x.okta.com\"\nauth_method = \"PKCE\"\n[serverr]\nhost = \"x\"\n").unwrap();
    let o = run(&["lint", "--format", "json", "iamconf.toml"], p);
    let c = codes(&o);
    assert!(
        c.contains(&"invalid-auth-method".to_owned()) && c.contains(&"unknown-variable".to_owned()),
        "{c:?}"
    );
    std::fs::write(
        p.join("iamconf.yaml"),
        "odic:\n  issuer: https://x.okta.com\n",
    )
    .unwrap();
    let o = run(&["lint", "--format", "json", "iamconf.yaml"], p);
    assert_eq!(codes(&o), ["unknown-variable"]);
    std::fs::write(p.join("noise.bin"), [0xffu8, 0x00, 0x17, b'a', b'\n']).unwrap();
    std::fs::write(p.join("list.yaml"), "- a\n- b\n").unwrap();
    for kind in ["helm", "manifest", "compose", "legacy-helm"] {
        let o = run(
            &["lint", "--format", "json", "--kind", kind, "list.yaml"],
            p,
        );
        assert_eq!(codes(&o), ["parse-error"], "{kind}: {}", stdout(&o));
        assert_eq!(o.status.code(), Some(1));
        let o = run(
            &["lint", "--format", "json", "--kind", kind, "noise.bin"],
            p,
        );
        assert_eq!(o.status.code(), Some(1), "{kind}: {}", stdout(&o));
    }
    // A BOM in YAML and JSON, CRLF line ends, and a merge key in extraEnv.
    std::fs::write(
        p.join("values.yaml"),
        "\u{feff}global:\r\n  extraEnv:\r\n    <<: {LOCAL_RESTORE: maybe}\r\n",
    )
    .unwrap();
    let o = run(&["lint", "--format", "json", "values.yaml"], p);
    assert_eq!(codes(&o), ["invalid-bool"]);
    std::fs::write(
        p.join("c.json"),
        "\u{feff}{\"oidc\": {\"auth_method\": \"PKCE\"}}",
    )
    .unwrap();
    let o = run(
        &[
            "check", "--no-env", "--format", "json", "--config", "c.json",
        ],
        p,
    );
    assert!(
        codes(&o).contains(&"invalid-auth-method".to_owned()),
        "{}",
        stdout(&o)
    );
    // NUL bytes in a value.
    std::fs::write(p.join("n.env"), "OIDC_CLIENT_ID=a\0b\n").unwrap();
    let o = run(
        &[
            "check",
            "--no-env",
            "--format",
            "json",
            "--env-file",
            "n.env",
        ],
        p,
    );
    assert!(stdout(&o).contains("NUL byte"), "{}", stdout(&o));
    // A value megabytes long is cut in messages and snippets: the output stays small.
    std::fs::write(
        p.join("long.env"),
        format!("LOCAL_RESTORE={}\n", "y".repeat(1 << 20)),
    )
    .unwrap();
    let o = run(&["check", "--no-env", "--env-file", "long.env"], p);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("invalid-bool") && stdout(&o).contains('…'),
        "{}",
        stdout(&o).len()
    );
    assert!(o.stdout.len() < 4096, "{} bytes of output", o.stdout.len());
    // --ca-cert is checked even without --discover.
    let o = run(&["check", "--no-env", "--ca-cert", "missing.pem"], p);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[cfg(unix)]
fn a_file_whose_name_is_not_utf8_is_still_judged() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("repo");
    std::fs::create_dir(&tree).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xffprod.env");
    std::fs::write(tree.join(name), "LOCAL_RESTORE=maybe\n").unwrap();
    let o = run(&["lint", "--format", "json", "repo"], dir.path());
    assert_eq!(codes(&o), ["invalid-bool"], "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(1));
}

/// A minified values file holds every value on one line. Each finding's snippet used to copy and
/// tokenize that line once per value: 7 MiB took minutes and tens of gigabytes. Such a line is
/// now shown elided, with only the finding's own token, and nothing secret.
#[test]
fn one_line_documents_with_many_values_are_judged_and_their_snippets_elided() {
    let dir = tempfile::tempdir().unwrap();
    let mut items: Vec<String> = (0..60_000)
        .map(|i| format!("\"APP_SETTING_{i}\": \"value-{i}\""))
        .collect();
    items.insert(
        30_000,
        "\"OIDC_SECRET\": \"CANARY-one-line-s3cr3t\"".to_owned(),
    );
    items.insert(40_000, "\"OIDC_AUTH_METHOD\": \"PKCE\"".to_owned());
    let json = format!("{{\"global\": {{\"extraEnv\": {{{}}}}}}}", items.join(", "));
    assert!(json.len() > 1 << 20);
    std::fs::write(dir.path().join("values.json"), &json).unwrap();
    // The same in YAML flow style inside block style (a flow document over 1 MiB is refused).
    let flow = format!("global:\n  extraEnv: {{{}}}\n", items.join(", "));
    std::fs::write(dir.path().join("values.yaml"), &flow).unwrap();
    for file in ["values.json", "values.yaml"] {
        let o = run(&["lint", file], dir.path());
        let text = stdout(&o);
        assert!(!text.contains("CANARY"), "{text}");
        assert!(
            text.contains("error[invalid-auth-method]") && text.contains("\u{2026} PKCE \u{2026}"),
            "{text}"
        );
        assert!(
            text.contains("warning[secret-in-plain-value]")
                && text.contains("\u{2026} *** \u{2026}"),
            "{text}"
        );
        assert!(!text.contains("APP_SETTING_1\""), "{text}");
        assert_eq!(o.status.code(), Some(1));
    }
}
