//! End-to-end CLI cases: output and exit codes, as trycmd snapshots under tests/cmd/.
//! Refresh after an intended change with `TRYCMD=overwrite cargo test --test cli`.
#![cfg(feature = "cli")]

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
