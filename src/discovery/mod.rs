//! Online check of the identity provider's discovery document (implemented by the discovery
//! issue).

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::resolve::Resolved;

/// How to fetch.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) timeout: std::time::Duration,
}

impl Options {
    /// From the CLI flags.
    pub(crate) fn from_cli(timeout_secs: f64, ca_cert: Option<&Path>) -> Result<Options, String> {
        let _ = ca_cert;
        Ok(Options {
            timeout: std::time::Duration::from_secs_f64(timeout_secs),
        })
    }
}

/// Fetches the discovery document and checks it against the configuration.
pub(crate) fn check(resolved: &Resolved, options: &Options) -> Vec<Diagnostic> {
    let _ = (resolved, options);
    Vec::new()
}
