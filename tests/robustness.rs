//! Nothing panics on any input: env files, config files in every syntax and environments made of
//! random and mutated bytes all end in a config or a report whose findings are well formed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use iamconf::{Config, Report};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    "OIDC_ISSUER=https://example.okta.com\nexport OIDC_CLIENT_ID='abc'\nOIDC_AUTH_METHOD=\"pkce\" # c\n",
    "[oidc]\nissuer = \"https://x\"\nauth_method = \"pkce\"\n[iam]\nsession_length = 24\ncustom = [1, {a = 2}]\n",
    "oidc:\n  issuer: https://x\n  client_id: &a abc\n  custom_scopes: [a, b]\niam:\n  session_length: *a\n---\n- x\n",
    "{\"oidc\": {\"issuer\": \"https://x\", \"client_id\": 5}, \"server\": {\"host\": null}}",
];

const ALPHABET: &[u8] = b"=\"'#\n\r\t :[]{},-&*!|>\\/._aZ09\xff\xc3";

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let pos = if bytes.is_empty() {
            0
        } else {
            rng.below(bytes.len() + 1)
        };
        match rng.below(3) {
            0 if !bytes.is_empty() && pos < bytes.len() => {
                bytes.remove(pos);
            }
            1 if pos < bytes.len() => bytes[pos] = ALPHABET[rng.below(ALPHABET.len())],
            _ => bytes.insert(pos, ALPHABET[rng.below(ALPHABET.len())]),
        }
    }
    bytes
}

fn well_formed(report: &Report, max_line: usize) {
    for d in report.diagnostics() {
        assert!(!d.code().is_empty() && !d.message().is_empty(), "{d}");
        if let Some(line) = d.source().line() {
            assert!(
                line >= 1 && line <= max_line + 1,
                "line {line} outside the file ({max_line} lines): {d}"
            );
        }
    }
}

#[test]
fn mutated_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut reports = 0;
    for round in 0..200 {
        let seed = SEEDS[round % SEEDS.len()].as_bytes();
        let bytes = mutate(&mut rng, seed);
        let lines = bytes.split(|b| *b == b'\n').count();
        for name in ["x.env", "x.toml", "x.yaml", "x.json"] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let builder = if name.ends_with(".env") {
                Config::builder().env_file(&path)
            } else {
                Config::builder().file(&path)
            };
            if let Err(report) = builder.load() {
                well_formed(&report, lines);
                reports += 1;
            }
        }
    }
    assert!(
        reports > 50,
        "the mutations should break many files, broke {reports}"
    );
}

#[test]
fn random_environments_never_panic() {
    let mut rng = Rng(42);
    let names: Vec<&str> = iamconf::variables()
        .flat_map(|v| std::iter::once(v.name()).chain(v.aliases().iter().copied()))
        .collect();
    for _ in 0..300 {
        let mut vars: Vec<(OsString, OsString)> = Vec::new();
        for _ in 0..rng.below(12) {
            let name = names[rng.below(names.len())];
            let len = rng.below(24);
            let value: Vec<u8> = (0..len)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                .collect();
            vars.push((name.into(), OsString::from_vec(value)));
        }
        if let Err(report) = Config::builder().env_vars(vars).load() {
            well_formed(&report, 0);
            assert!(report.has_errors());
        }
    }
}

#[test]
fn a_config_file_that_is_not_utf8_is_a_positioned_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, b"[oidc]\nissuer = \"https://x\xff\"\n").unwrap();
    let report = Config::builder().file(&path).load().expect_err("not UTF-8");
    let d = &report.diagnostics()[0];
    assert_eq!(
        (d.code(), d.source().line(), d.source().column()),
        ("parse-error", Some(2), Some(20))
    );
}
