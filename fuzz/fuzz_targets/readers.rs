//! The YAML, JSON and TOML readers and `lint`'s detection: arbitrary bytes after a first part
//! that puts the canary in a secret position, in a file whose name the first byte picks; every
//! rendering of the findings, with and without --verbose.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use common::{CANARY, assert_hidden, holds_canary};

const FILES: &[(&str, &str)] = &[
    (
        "values.yaml",
        "global:\n  license: \"Zq#9 c@n4ry\"\n  auth:\n    oidc: {secret: \"Zq#9 c@n4ry\", clientId: x}\n",
    ),
    (
        "deploy.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {LICENSE: \"Zq#9 c@n4ry\"}\n---\n",
    ),
    (
        "docker-compose.yml",
        "services:\n  w:\n    environment: [\"GORILLA_OIDC_SECRET=Zq#9 c@n4ry\"]\n",
    ),
    (
        "iamconf.toml",
        "[oidc]\nclient_secret = \"Zq#9 c@n4ry\"\n",
    ),
    (
        "iamconf.json",
        "{\"oidc\": {\"client_secret\": \"Zq#9 c@n4ry\"},\n",
    ),
    ("iamconf.yaml", "oidc:\n  client_secret: \"Zq#9 c@n4ry\"\n"),
    (
        "values.json",
        "{\"global\": {\"license\": \"Zq#9 c@n4ry\", \"extraEnv\": {\"OIDC_SECRET\": \"Zq#9 c@n4ry\", ",
    ),
    ("prod.env", "GORILLA_OIDC_SECRET=\"Zq#9 c@n4ry\"\n"),
    (
        "legacy-values.yaml",
        "sso:\n  secret: \"Zq#9 c@n4ry\"\n  clientSecrt: \"Zq#9 c@n4ry\"\n",
    ),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    if holds_canary(rest) {
        return;
    }
    debug_assert!(FILES.iter().all(|(_, t)| t.contains(CANARY)));
    let (name, head) = FILES[pick as usize % FILES.len()];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(rest);
    std::fs::write(&path, &bytes).expect("write");
    let report = iamconf::lint::lint(&[path], iamconf::lint::Kind::Auto);
    let d = report.diagnostics();
    let mut out = vec![
        iamconf::render::json::render(d),
        iamconf::render::sarif::render(
            d,
            &iamconf::render::sarif::SarifOptions {
                verbose: true,
                ..Default::default()
            },
        ),
        iamconf::render::github::render(d, true),
    ];
    for verbose in [false, true] {
        let mut style = iamconf::render::Style::default();
        style.verbose = verbose;
        out.push(iamconf::render::human::render(d, style));
    }
    assert_hidden(&out, name);
});
