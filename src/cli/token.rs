//! `iamconf token [FILE|-]`: judges one ID token against the configuration, loaded as `check`
//! loads it; with `--discover`, also its signature against the issuer's JWK Set.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Common, Format, Sources, USAGE, report};
use crate::source::Source;

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
    let text = match crate::token::read(path) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
    let eval = args.sources.builder().evaluate();
    for p in &eval.report.unreadable {
        let _ = writeln!(err, "error: cannot read {}", p.display());
    }
    let source = Source::token(path);
    let mut diags = Vec::new();
    let decoded = match crate::token::decode(&text) {
        Ok(d) => {
            diags.extend(crate::token::check(&eval.resolved, &d, &source));
            Some(d)
        }
        Err(cause) => {
            diags.push(crate::token::malformed(&source, &cause));
            None
        }
    };
    if args.discover {
        #[cfg(feature = "discovery")]
        {
            let opts =
                match crate::discovery::Options::from_cli(args.timeout, args.ca_cert.as_deref()) {
                    Ok(o) => o,
                    Err(e) => {
                        let _ = writeln!(err, "error: {e}");
                        return USAGE;
                    }
                };
            let online =
                crate::discovery::run(&eval.resolved, &opts, crate::discovery::Mode::Discover);
            diags.extend(online.diagnostics);
            let alg_ok = decoded.as_ref().is_some_and(|d| {
                matches!(
                    d.header.get("alg").and_then(serde_json::Value::as_str),
                    Some("RS256" | "ES256")
                )
            });
            if let (true, Some(keys)) = (alg_ok, online.keys)
                && let Err(f) = crate::discovery::verify_signature(&text, &keys)
            {
                diags.push(crate::rules::token::TOKEN_SIGNATURE_INVALID.diag(
                    &source,
                    &[eval.resolved.get(crate::model::VarId::OidcIssuer).spelled.as_ref()],
                    format!("the signature does not verify: {}", f.cause),
                    "paste an unaltered token issued by the configured issuer (a token of another issuer, tenant or realm never verifies)",
                ));
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
    let unreadable = !eval.report.unreadable.is_empty();
    match (args.common.format, &decoded) {
        (Format::Human, Some(d)) => {
            let _ = out.write_all(crate::token::summary_text(d).as_bytes());
            report(diags, unreadable, &args.common, color, out, err)
        }
        (Format::Json, Some(d)) => {
            let mut buf = Vec::new();
            let code = report(diags, unreadable, &args.common, color, &mut buf, err);
            match serde_json::from_slice::<serde_json::Value>(&buf) {
                Ok(serde_json::Value::Object(mut o)) => {
                    o.insert("token".to_owned(), crate::token::summary_json(d));
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
        _ => report(diags, unreadable, &args.common, color, out, err),
    }
}
