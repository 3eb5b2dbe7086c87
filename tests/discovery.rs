//! `iamconf check --discover` against a real OpenID provider: the npm package `oidc-provider`
//! (pinned in tests/oidc-provider/package.json, installed by `npm ci --prefix tests/oidc-provider`,
//! which .ci/run does), started on 127.0.0.1 with a free port as a child process and stopped at
//! the end of each test. Also a server that never answers, for the timeout.
#![cfg(feature = "discovery")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value as Json;

mod support;
use support::start_provider;

/// The result of one `iamconf check --discover --format json` run.
struct Run {
    code: i32,
    json: Json,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn diagnostics(&self) -> &[Json] {
        self.json["diagnostics"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    /// The `discovery-*` and `jwks-*` codes (the offline rules add their own findings, such as the
    /// `issuer-insecure-loopback` warning for these `http://127.0.0.1` issuers).
    fn codes(&self) -> Vec<&str> {
        self.diagnostics()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .filter(|c| c.starts_with("discovery-") || c.starts_with("jwks-"))
            .collect()
    }

    fn find(&self, code: &str) -> &Json {
        self.diagnostics()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {:#}", self.json))
    }

    /// Exit 0 and no `discovery-*` finding at all.
    fn assert_passes(&self) {
        assert_eq!(self.code, 0, "{:#}\n{}", self.json, self.stderr);
        assert!(self.codes().is_empty(), "{:#}", self.json);
    }
}

/// Runs `iamconf check --no-env --env-file F --discover --format json EXTRA` with these settings.
fn check(vars: &[(&str, &str)], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("wandb.env");
    let mut text = String::from("OIDC_CLIENT_ID=wandb\nHOST=https://wandb.example.com\n");
    for (k, v) in vars {
        text.push_str(&format!("{k}={v}\n"));
    }
    std::fs::write(&env_file, text).unwrap();
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .env_clear()
        .args(["check", "--no-env", "--env-file"])
        .arg(&env_file)
        .args(["--discover", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        stderr,
        elapsed,
    }
}

#[test]
fn implicit_with_form_post_passes() {
    let p = start_provider(&[]);
    check(&[("OIDC_ISSUER", &p.issuer)], &[]).assert_passes();
    check(
        &[("OIDC_ISSUER", &p.issuer), ("OIDC_AUTH_METHOD", "implicit")],
        &[],
    )
    .assert_passes();
    check(
        &[("OIDC_ISSUER", &p.issuer), ("OIDC_AUTH_METHOD", "pkce")],
        &[],
    )
    .assert_passes();
}

#[test]
fn trailing_slash_the_provider_does_not_have_is_a_mismatch() {
    let p = start_provider(&[]);
    let configured = format!("{}/", p.issuer);
    let run = check(&[("OIDC_ISSUER", &configured)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["discovery-issuer-mismatch"], "{:#}", run.json);
    let d = run.find("discovery-issuer-mismatch");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["variables"], serde_json::json!(["OIDC_ISSUER"]));
    assert_eq!(d["source"]["kind"], "discovery");
    // One trailing `/` is stripped before appending the well-known path.
    assert_eq!(
        d["source"]["url"],
        format!("{}/.well-known/openid-configuration", p.issuer)
    );
    let help = d["help"].as_str().unwrap();
    assert!(
        help.contains(&format!(
            "configured: \"{configured}\"  document: \"{}\"",
            p.issuer
        )),
        "{help}"
    );
    assert!(help.contains("trailing \"/\""), "{help}");
}

#[test]
fn without_form_post_implicit_fails_and_pkce_passes() {
    let p = start_provider(&["--no-form-post"]);
    let run = check(&[("OIDC_ISSUER", &p.issuer)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["discovery-no-form-post"], "{:#}", run.json);
    let d = run.find("discovery-no-form-post");
    assert!(
        d["message"].as_str().unwrap().contains("form_post"),
        "{d:#}"
    );
    assert!(d["help"].as_str().unwrap().contains("pkce"), "{d:#}");
    check(
        &[("OIDC_ISSUER", &p.issuer), ("OIDC_AUTH_METHOD", "pkce")],
        &[],
    )
    .assert_passes();
}

/// Writes a self-signed certificate for 127.0.0.1 and its key; returns (cert, key) paths.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    (cert, key)
}

#[test]
fn https_with_a_self_signed_certificate_needs_ca_cert() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path());
    let p = start_provider(&[
        "--cert",
        cert.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert!(p.issuer.starts_with("https://127.0.0.1:"), "{}", p.issuer);

    let run = check(&[("OIDC_ISSUER", &p.issuer)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["discovery-unreachable"], "{:#}", run.json);
    let message = run.find("discovery-unreachable")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("TLS error"), "{message}");
    assert!(message.contains("UnknownIssuer"), "{message}");

    let run = check(
        &[("OIDC_ISSUER", &p.issuer), ("OIDC_AUTH_METHOD", "pkce")],
        &["--ca-cert", cert.to_str().unwrap()],
    );
    run.assert_passes();
    check(
        &[("OIDC_ISSUER", &p.issuer)],
        &["--ca-cert", cert.to_str().unwrap()],
    )
    .assert_passes();
}

#[test]
fn a_server_that_never_answers_is_unreachable_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accept connections and hold them open without a byte of answer.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let issuer = format!("http://{addr}");
    let run = check(&[("OIDC_ISSUER", &issuer)], &["--timeout", "2"]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["discovery-unreachable"], "{:#}", run.json);
    let message = run.find("discovery-unreachable")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("timed out"), "{message}");
    assert!(
        run.elapsed >= Duration::from_millis(1900),
        "returned before the timeout: {:?}",
        run.elapsed
    );
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?} with --timeout 2",
        run.elapsed
    );
}

#[test]
fn connection_refused_and_http_404_are_unreachable() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = check(&[("OIDC_ISSUER", &format!("http://127.0.0.1:{port}"))], &[]);
    assert_eq!(run.codes(), ["discovery-unreachable"], "{:#}", run.json);
    let message = run.find("discovery-unreachable")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("connection refused"), "{message}");

    // A path of the provider that is not an issuer: no discovery document there.
    let p = start_provider(&[]);
    let run = check(&[("OIDC_ISSUER", &format!("{}/nowhere", p.issuer))], &[]);
    assert_eq!(run.codes(), ["discovery-unreachable"], "{:#}", run.json);
    let message = run.find("discovery-unreachable")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("HTTP status 404"), "{message}");
}

#[test]
fn no_issuer_adds_nothing_and_a_bad_ca_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("empty.env");
    std::fs::write(&env_file, "HOST=https://wandb.example.com\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .env_clear()
        .args(["check", "--no-env", "--env-file"])
        .arg(&env_file)
        .args(["--discover", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));

    let run = check(
        &[("OIDC_ISSUER", "https://idp.example.com")],
        &["--ca-cert", "/nonexistent/ca.pem"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--ca-cert"), "{}", run.stderr);
}

#[test]
fn the_jwk_set_is_fetched_and_must_hold_a_signing_key() {
    // A jwks_uri that answers 404.
    let p = start_provider(&["--jwks-path", "/no-keys-here"]);
    let run = check(&[("OIDC_ISSUER", &p.issuer)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["jwks-unreachable"], "{:#}", run.json);
    let d = run.find("jwks-unreachable");
    assert!(
        d["message"].as_str().unwrap().contains("HTTP status 404"),
        "{d:#}"
    );
    assert_eq!(d["source"]["kind"], "discovery");
    assert_eq!(d["source"]["url"], format!("{}/no-keys-here", p.issuer));
    // A JWK Set whose keys are all for encryption.
    let p = start_provider(&["--jwks-enc-only"]);
    let run = check(&[("OIDC_ISSUER", &p.issuer)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(run.codes(), ["jwks-no-signing-key"], "{:#}", run.json);
    assert_eq!(
        run.find("jwks-no-signing-key")["source"]["url"],
        format!("{}/jwks", p.issuer)
    );
}

#[test]
fn signing_algorithms_and_client_authentication_methods() {
    let p = start_provider(&[
        "--doc",
        r#"{"id_token_signing_alg_values_supported": ["PS256", "EdDSA"]}"#,
    ]);
    let run = check(&[("OIDC_ISSUER", &p.issuer)], &[]);
    assert_eq!(run.code, 1, "{:#}", run.json);
    assert_eq!(
        run.codes(),
        ["discovery-no-supported-alg"],
        "{:#}",
        run.json
    );

    // Secrets only: a public pkce client is warned, one with a secret is not.
    let p = start_provider(&[
        "--doc",
        r#"{"token_endpoint_auth_methods_supported": ["client_secret_basic"]}"#,
    ]);
    let pkce = [
        ("OIDC_ISSUER", p.issuer.as_str()),
        ("OIDC_AUTH_METHOD", "pkce"),
    ];
    let run = check(&pkce, &[]);
    assert_eq!(run.code, 0, "a warning: {:#}", run.json);
    assert_eq!(
        run.codes(),
        ["discovery-public-client-unsupported"],
        "{:#}",
        run.json
    );
    assert_eq!(check(&pkce, &["--deny-warnings"]).code, 1);
    let mut with_secret = pkce.to_vec();
    with_secret.push(("GORILLA_OIDC_SECRET", "s3cr3t-value"));
    check(&with_secret, &[]).assert_passes();
    // The implicit flow never calls the token endpoint.
    check(&[("OIDC_ISSUER", &p.issuer)], &[]).assert_passes();

    // No secret methods: a configured secret is warned, a public client is not.
    let p = start_provider(&[
        "--doc",
        r#"{"token_endpoint_auth_methods_supported": ["private_key_jwt", "none"]}"#,
    ]);
    let pkce = [
        ("OIDC_ISSUER", p.issuer.as_str()),
        ("OIDC_AUTH_METHOD", "pkce"),
    ];
    check(&pkce, &[]).assert_passes();
    let mut with_secret = pkce.to_vec();
    with_secret.push(("GORILLA_OIDC_SECRET", "s3cr3t-value"));
    let run = check(&with_secret, &[]);
    assert_eq!(
        run.codes(),
        ["discovery-secret-method-unsupported"],
        "{:#}",
        run.json
    );
    let d = run.find("discovery-secret-method-unsupported");
    assert_eq!(
        d["variables"],
        serde_json::json!(["OIDC_ISSUER", "GORILLA_OIDC_SECRET"])
    );
    assert!(!run.json.to_string().contains("s3cr3t-value"));
}
