//! `check` and `show` on arbitrary environments: the fuzzer's `NAME=value` lines, then the
//! canary in every secret and URL-password position (later entries win, so the canary is what
//! the secrets hold); every rendering of the findings and both `show` formats.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use common::{CANARY, assert_hidden, holds_canary};

fuzz_target!(|data: &[u8]| {
    if holds_canary(data) {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let mut vars: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    for v in iamconf::variables().filter(|v| v.is_secret()) {
        vars.push((v.name().to_owned(), CANARY.to_owned()));
    }
    for (name, url) in [
        ("MYSQL", "mysql://u:Zq#9 c@n4ry@db/w"),
        ("REDIS", "redis://:Zq#9 c@n4ry@r:6379"),
        ("NOTIFICATIONS_QUEUE", "redis://:Zq#9 c@n4ry@q"),
        ("OIDC_ISSUER", "https://u:Zq#9 c@n4ry@idp.example.com"),
        ("HOST", "u:Zq#9 c@n4ry@wandb.example.com"),
        ("OIDC_CLIENT_KEY", CANARY),
        ("LOCAL_LDAP_PASS", CANARY),
    ] {
        vars.push((name.to_owned(), url.to_owned()));
    }
    let eval = iamconf::Config::builder().env_vars(vars).evaluate();
    let d = eval.report().diagnostics();
    let mut style = iamconf::render::Style::default();
    style.verbose = true;
    let out = vec![
        iamconf::render::human::render(d, style),
        iamconf::render::json::render(d),
        iamconf::render::sarif::render(
            d,
            &iamconf::render::sarif::SarifOptions {
                verbose: true,
                ..Default::default()
            },
        ),
        iamconf::render::github::render(d, true),
        iamconf::render::show::human(&eval),
        iamconf::render::show::json(&eval),
    ];
    assert_hidden(&out, "check/show");
});
