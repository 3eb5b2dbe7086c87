//! The env-file parser: arbitrary bytes after a first line that sets a secret to the canary.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use common::{CANARY, assert_hidden, holds_canary};

fuzz_target!(|data: &[u8]| {
    if holds_canary(data) {
        return;
    }
    let mut file = format!(
        "GORILLA_OIDC_SECRET={CANARY}\nMYSQL=mysql://u:{CANARY}@db/w\nLICENSE=\"{CANARY}\"\n"
    )
    .into_bytes();
    file.extend_from_slice(data);
    assert_hidden(&iamconf::fuzzing::env_file(&file), "env file");
});
