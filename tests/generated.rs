//! The generated files under `schema/` are committed and never out of date: this test
//! regenerates each one with the binary and compares. `IAMCONF_BLESS=1 cargo test --test generated`
//! rewrites them all.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The one command that rewrites every generated file.
const BLESS: &str = "IAMCONF_BLESS=1 cargo test --test generated";

/// (file under schema/, arguments of the command that prints it)
const FILES: &[(&str, &[&str])] = &[
    ("iamconf.schema.json", &["schema"]),
    ("helm-values.schema.json", &["schema", "--helm"]),
    ("ENVIRONMENT.md", &["docs"]),
    ("helm-values.md", &["docs", "--helm"]),
    ("RULES.md", &["docs", "--rules"]),
];

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

fn generate(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(args)
        .env_clear()
        .output()
        .unwrap();
    assert!(out.status.success(), "iamconf {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn committed_files_are_up_to_date() {
    let bless = std::env::var_os("IAMCONF_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut stale = Vec::new();
    for (file, args) in FILES {
        let path = schema_dir().join(file);
        let fresh = generate(args);
        assert!(fresh.len() > 500, "iamconf {args:?} printed almost nothing");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != fresh {
            if bless {
                std::fs::create_dir_all(schema_dir()).unwrap();
                std::fs::write(&path, &fresh).unwrap();
            } else {
                let line = committed
                    .lines()
                    .zip(fresh.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(
                        || committed.lines().count().min(fresh.lines().count()) + 1,
                        |i| i + 1,
                    );
                stale.push(format!(
                    "  schema/{file} (`iamconf {}`) differs from line {line}",
                    args.join(" ")
                ));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are out of date:\n{}\nrewrite them all with:\n  {BLESS}\n",
        stale.join("\n")
    );
}

#[test]
fn output_flag_writes_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    for (file, args) in FILES {
        let target = dir.path().join(file);
        let mut with_output: Vec<&str> = args.to_vec();
        with_output.push("--output");
        with_output.push(target.to_str().unwrap());
        let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
            .args(&with_output)
            .env_clear()
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stdout.is_empty(), "--output still printed to stdout");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), generate(args));
    }
}

#[test]
fn the_shipped_examples_load_cleanly() {
    for ext in ["toml", "yaml", "json"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/iamconf.{ext}"));
        let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
            .args(["check", "--no-env", "--deny-warnings", "--config"])
            .arg(&path)
            .env_clear()
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
