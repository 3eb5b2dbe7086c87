//! Snapshot tests of the `iamconf lint` command line: output and exit codes
//! (tests/cmd/lint/*.toml; `TRYCMD=overwrite cargo test --test lint_cli` rewrites the snapshots).
#![cfg(feature = "cli")]

#[test]
fn lint_cli() {
    trycmd::TestCases::new().case("tests/cmd/lint/*.toml");
}
