//! `iamconf completions SHELL` and `iamconf man [SUBCOMMAND]`: generated from the real command
//! definition, so every subcommand and option appears, and the examples and exit codes of each
//! `--help` are in the manual page.
#![cfg(feature = "cli")]

use std::process::Command;

fn iamconf(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

const SUBCOMMANDS: &[&str] = &[
    "check",
    "lint",
    "token",
    "show",
    "schema",
    "docs",
    "completions",
    "man",
    "explain",
];

#[test]
fn completions_name_every_subcommand_and_the_lint_options() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, script, err) = iamconf(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: {sub} missing");
        }
        for option in [
            "no-ignore",
            "hidden",
            "allow-empty",
            "sarif-root",
            "rule-docs-url",
        ] {
            assert!(script.contains(option), "{shell}: --{option} missing");
        }
    }
    let (_, bash, _) = iamconf(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F _iamconf"),
        "a bash completion function"
    );
    let (_, zsh, _) = iamconf(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef iamconf"), "a zsh completion file");
}

#[test]
fn completions_of_an_unknown_shell_are_a_usage_error() {
    let (code, out, err) = iamconf(&["completions", "tcsh"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn the_man_page_documents_every_subcommand_with_examples_and_exit_codes() {
    let (code, page, _) = iamconf(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH iamconf 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("iamconf\\-{sub}(1)")) || page.contains(sub),
            "{sub}"
        );
    }
    assert!(
        page.contains("Exit codes:"),
        "the main page has the exit codes"
    );
    for sub in SUBCOMMANDS {
        let (code, page, err) = iamconf(&["man", sub]);
        assert_eq!(code, 0, "{sub}: {err}");
        assert!(
            page.contains(&format!(".TH iamconf-{sub} 1")),
            "{sub}: {page}"
        );
        assert!(page.contains("Examples:"), "{sub}: no examples");
        assert!(page.contains("Exit codes:"), "{sub}: no exit codes");
    }
    let (_, lint, _) = iamconf(&["man", "lint"]);
    for option in [
        "no\\-ignore",
        "allow\\-empty",
        "sarif\\-root",
        "rule\\-docs\\-url",
    ] {
        assert!(lint.contains(option), "iamconf-lint(1) lacks --{option}");
    }
}

#[test]
fn every_help_has_examples_and_exit_codes() {
    for sub in SUBCOMMANDS {
        for flag in ["-h", "--help"] {
            let (code, help, _) = iamconf(&[sub, flag]);
            assert_eq!(code, 0);
            assert!(help.contains("Examples:\n  iamconf "), "{sub} {flag}");
            assert!(help.contains("Exit codes:\n  0  "), "{sub} {flag}");
        }
    }
}

#[test]
fn the_man_page_of_an_unknown_subcommand_is_a_usage_error() {
    let (code, out, err) = iamconf(&["man", "lnt"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: `lnt` is not a subcommand of iamconf (see `iamconf --help`)\n"
    );
}
