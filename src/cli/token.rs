//! `iamconf token [FILE|-]`: judges one ID token against the configuration, loaded as `check`
//! loads it; with `--discover`, also its signature against the issuer's JWK Set.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Common, Format, Sources, USAGE, report};
use iamconf::token::IdToken;

/// The arguments of `iamconf token`.
#[derive(Debug, Args)]
pub(crate) struct TokenArgs {
    /// The file holding the ID token (`-` or nothing: standard input). The token is never
    /// printed: only its header and the claims W&B uses, long values truncated.
    #[arg(value_name = "FILE|-")]
    file: Option<PathBuf>,
    #[command(flatten)]
    sources: Sources,
    /// Also fetch the issuer's discovery document and JWK Set, and verify the signature.
    #[arg(long)]
    discover: bool,
    /// Discovery: total timeout in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,
    /// Discovery: a PEM file of extra CA certificates to trust.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(args: TokenArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let path = args.file.as_deref().filter(|p| p.as_os_str() != "-");
    let text = match iamconf::token::read(path) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
    let eval = args.sources.builder().evaluate();
    for p in eval.report().unreadable_inputs() {
        let _ = writeln!(err, "error: cannot read {}", p.display());
    }
    let mut findings = eval.report().clone();
    let token = match IdToken::parse(&text, path) {
        Ok(t) => {
            findings.extend(iamconf::token::check(&eval, &t));
            Some(t)
        }
        Err(malformed) => {
            findings.extend([*malformed]);
            None
        }
    };
    if args.discover {
        #[cfg(feature = "discovery")]
        {
            let opts = match iamconf::discovery::Options::from_cli(
                args.timeout,
                args.ca_cert.as_deref(),
            ) {
                Ok(o) => o,
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return USAGE;
                }
            };
            match &token {
                Some(t) => findings.extend(iamconf::discovery::check_token(&eval, &opts, t)),
                None => findings.extend(iamconf::discovery::check(&eval, &opts)),
            }
        }
        #[cfg(not(feature = "discovery"))]
        {
            let _ = (args.timeout, &args.ca_cert);
            let _ = writeln!(
                err,
                "error: --discover needs iamconf built with the `discovery` feature"
            );
            return USAGE;
        }
    }
    match (args.common.format, &token) {
        (Format::Human, Some(t)) => {
            let _ = out.write_all(t.summary_text().as_bytes());
            report(findings, &args.common, color, out, err)
        }
        (Format::Json, Some(t)) => {
            let mut buf = Vec::new();
            let code = report(findings, &args.common, color, &mut buf, err);
            match serde_json::from_slice::<serde_json::Value>(&buf) {
                Ok(serde_json::Value::Object(mut o)) => {
                    o.insert("token".to_owned(), t.summary_json());
                    let _ = writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&o).unwrap_or_default()
                    );
                }
                _ => {
                    let _ = out.write_all(&buf);
                }
            }
            code
        }
        _ => report(findings, &args.common, color, out, err),
    }
}
