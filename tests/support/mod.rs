//! Test support: a real OpenID provider (the npm package `oidc-provider`, pinned in
//! tests/oidc-provider/package.json, installed by `npm ci --prefix tests/oidc-provider`, which
//! .ci/run does), started on 127.0.0.1 with a free port as a child process and stopped when
//! dropped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PROVIDER_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc-provider");

/// A running oidc-provider; killed when dropped.
pub(crate) struct Provider {
    child: Child,
    /// The issuer, `http(s)://127.0.0.1:PORT`.
    pub(crate) issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `node server.mjs ARGS` and waits for its `READY <issuer>` line.
pub(crate) fn start_provider(args: &[&str]) -> Provider {
    let node_ok = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        node_ok,
        "Node.js (`node`) is not installed or not on PATH: the discovery integration tests run a \
         real OpenID provider (oidc-provider) on Node.js 20 or later; install Node.js, then run \
         `npm ci --prefix tests/oidc-provider`"
    );
    let module = Path::new(PROVIDER_DIR).join("node_modules/oidc-provider/package.json");
    assert!(
        module.is_file(),
        "{} is missing: run `npm ci --prefix tests/oidc-provider` (from the repository root) \
         to install the pinned oidc-provider the discovery tests need",
        module.display()
    );
    let mut child = Command::new("node")
        .arg("server.mjs")
        .args(args)
        .current_dir(PROVIDER_DIR)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start node");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining: oidc-provider prints notices later (on the first login), and a closed
        // pipe would kill it.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    // Drain stderr (oidc-provider's development warnings) so that the child never blocks on it;
    // keep it for the failure message.
    let (etx, erx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = etx.send(text);
    });
    let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
    let Some(issuer) = line.trim().strip_prefix("READY ") else {
        let _ = child.kill();
        let _ = child.wait();
        let err = erx.recv_timeout(Duration::from_secs(5)).unwrap_or_default();
        panic!("oidc-provider did not start (stdout {line:?}); stderr:\n{err}");
    };
    Provider {
        issuer: issuer.to_owned(),
        child,
    }
}
