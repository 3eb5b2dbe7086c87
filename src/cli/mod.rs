//! The `iamconf` command line. It lives in the library (behind the `cli` feature) so that it can
//! use the crate-private renderers; it writes only to the writers `main` hands it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::ConfigBuilder;
use crate::render::{self, Style};

/// Load, validate and document the SSO and IAM configuration of a self-hosted W&B Server.
#[derive(Debug, Parser)]
#[command(name = "iamconf", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the configuration exactly as the server would, and validate it.
    Check(CheckArgs),
    /// Judge deployment files (.env, Helm values, manifests, Compose, config files).
    Lint(LintArgs),
    /// Print every setting with its effective value and where it came from.
    Show(ShowArgs),
    /// Print the JSON schema of the config file (or, with --helm, of the chart values).
    Schema(GenArgs),
    /// Print the variables reference (or, with --helm, the chart values reference).
    Docs(GenArgs),
    /// Print the documentation of a rule (without a code: list every rule).
    Explain {
        /// The rule's code, such as `cognito-requires-pkce`.
        code: Option<String>,
    },
}

/// Output formats of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Text with source lines and carets.
    Human,
    /// Stable JSON (`"version": 1`).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub workflow commands.
    Github,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Suppress findings with this code (repeatable).
    #[arg(long = "allow", value_name = "CODE")]
    pub(crate) allow: Vec<String>,
    /// Show infos in human output.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    /// Read files up to this size (default 8MiB; 64KiB for NAME_FILE secrets).
    #[arg(long, value_name = "SIZE", value_parser = crate::bounded::parse_size)]
    pub(crate) max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
struct Sources {
    /// A KEY=value env file (repeatable; later files win).
    #[arg(long = "env-file", value_name = "F")]
    env_files: Vec<PathBuf>,
    /// A config file in the nested form, TOML, YAML or JSON (repeatable).
    #[arg(long = "config", value_name = "F")]
    configs: Vec<PathBuf>,
    /// Do not read the process environment.
    #[arg(long)]
    no_env: bool,
}

impl Sources {
    fn builder(&self) -> ConfigBuilder {
        let mut b = ConfigBuilder::default();
        for f in &self.configs {
            b = b.file(f);
        }
        for f in &self.env_files {
            b = b.env_file(f);
        }
        if !self.no_env {
            b = b.env();
        }
        b
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    sources: Sources,
    /// Fetch the issuer's discovery document and check it against the configuration.
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

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Files or directories to lint.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// What the files are.
    #[arg(long, value_enum, default_value_t = crate::lint::Kind::Auto)]
    pub(crate) kind: crate::lint::Kind,
    /// Read Compose env_files outside the paths given.
    #[arg(long)]
    pub(crate) follow_outside: bool,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Debug, Args)]
struct ShowArgs {
    #[command(flatten)]
    sources: Sources,
    /// Read files up to this size (default 8MiB; 64KiB for NAME_FILE secrets).
    #[arg(long, value_name = "SIZE", value_parser = crate::bounded::parse_size)]
    max_file_size: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
    format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
struct GenArgs {
    /// The Helm chart variant.
    #[arg(long)]
    helm: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "F")]
    output: Option<PathBuf>,
}

/// Exit codes.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
const USAGE: u8 = 2;

/// Runs the command line with `args` (program name first). `color` allows ANSI colours in human
/// output (the caller decides: a terminal and no `NO_COLOR`).
pub fn run<I, T>(args: I, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return ExitCode::from(code);
        }
    };
    let raised = match &cli.command {
        Command::Check(a) => a.common.max_file_size,
        Command::Lint(a) => a.common.max_file_size,
        Command::Show(a) => a.max_file_size,
        _ => None,
    };
    if let Some(bytes) = raised {
        crate::bounded::raise_limit(bytes);
    }
    let code = match cli.command {
        Command::Check(args) => check(args, color, out, err),
        Command::Show(args) => show(args, out, err),
        Command::Explain { code: Some(code) } => explain(&code, out, err),
        Command::Explain { code: None } => {
            for r in crate::rules::RULES {
                let _ = writeln!(
                    out,
                    "{:<30} {:<8} {}",
                    r.code,
                    r.severity.as_str(),
                    r.summary
                );
            }
            OK
        }
        Command::Lint(args) => lint(args, color, out, err),
        Command::Schema(args) => generate(args, true, out, err),
        Command::Docs(args) => generate(args, false, out, err),
    };
    ExitCode::from(code)
}

/// Renders findings in a format and returns the exit code.
pub(crate) fn report(
    mut diags: Vec<Diagnostic>,
    unreadable: bool,
    common: &Common,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    for code in &common.allow {
        if crate::rules::find(code).is_none() {
            let _ = writeln!(
                err,
                "error: --allow {code}: no rule has this code (see `iamconf explain`)"
            );
            return USAGE;
        }
    }
    diags.retain(|d| !common.allow.iter().any(|a| a == d.code));
    let style = Style {
        color,
        verbose: common.verbose,
    };
    let text = match common.format {
        Format::Human => render::human::render(&diags, style),
        Format::Json => render::json::render(&diags),
        Format::Sarif => render::sarif::render(&diags, common.verbose),
        Format::Github => render::github::render(&diags, common.verbose),
    };
    let _ = out.write_all(text.as_bytes());
    if unreadable {
        return USAGE;
    }
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    let warnings = diags.iter().any(|d| d.severity == Severity::Warning);
    if errors || (common.deny_warnings && warnings) {
        FINDINGS
    } else {
        OK
    }
}

fn check(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = args.sources.builder().evaluate();
    #[allow(unused_mut)]
    let mut diags = eval.report.diagnostics.clone();
    // A bad --ca-cert is an error whether or not --discover uses it.
    #[cfg(feature = "discovery")]
    if let Some(ca) = args.ca_cert.as_deref().filter(|_| !args.discover) {
        if let Err(e) = crate::discovery::fetch::read_ca_file(ca) {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    }
    if args.discover {
        #[cfg(feature = "discovery")]
        {
            let opts = crate::discovery::Options::from_cli(args.timeout, args.ca_cert.as_deref());
            match opts {
                Ok(opts) => diags.extend(crate::discovery::check(&eval.resolved, &opts)),
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return USAGE;
                }
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
    for path in &eval.report.unreadable {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    report(diags, unreadable, &args.common, color, out, err)
}

fn show(args: ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = args.sources.builder().evaluate();
    for path in &eval.report.unreadable {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    let views: Vec<crate::config::SettingView<'_>> =
        crate::config::views(&eval.resolved.settings).collect();
    let diags = &eval.report.diagnostics;
    let provider = crate::provider::of_resolved(&eval.resolved);
    match args.format {
        ShowFormat::Json => {
            let (e, w, i) = render::counts(diags);
            let v = serde_json::json!({
                "version": 1,
                "provider": provider,
                "settings": views,
                "diagnostics": diags,
                "summary": { "errors": e, "warnings": w, "infos": i },
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        ShowFormat::Human => {
            let width = views.iter().map(|v| v.variable.len()).max().unwrap_or(0);
            let mut section = "";
            for v in &views {
                if v.section != section {
                    section = v.section;
                    let _ = writeln!(out, "[{section}]");
                }
                let value = match v.value {
                    Some(value) => value.to_string(),
                    None if v.source.kind == crate::SourceKind::Default => "(unset)".to_owned(),
                    None => "(invalid)".to_owned(),
                };
                let from = if v.spelled != v.variable && v.source.kind != crate::SourceKind::Default
                {
                    format!("{} via {}", v.source, v.spelled)
                } else {
                    v.source.to_string()
                };
                let value = crate::redact::escape_controls(&value.to_string()).into_owned();
                let from = crate::redact::escape_controls(&from).into_owned();
                let _ = writeln!(out, "  {:<width$} = {value}  ({from})", v.variable);
                if let Some(p) = provider.as_ref().filter(|_| v.variable == "OIDC_ISSUER") {
                    let _ = writeln!(out, "  {:<width$} = {p}  (from {})", "provider", v.spelled);
                }
            }
            let (e, w, i) = render::counts(diags);
            if e + w > 0 {
                let _ = writeln!(
                    out,
                    "\n{e} error(s), {w} warning(s), {i} info(s): run `iamconf check` for details"
                );
            }
        }
    }
    if !eval.report.unreadable.is_empty() {
        USAGE
    } else if eval.report.has_errors() {
        FINDINGS
    } else {
        OK
    }
}

fn explain(code: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match crate::rules::find(code) {
        Some(rule) => {
            let _ = write!(out, "{}", rule.docs());
            OK
        }
        None => {
            let known: Vec<&str> = crate::rules::RULES.iter().map(|r| r.code).collect();
            let near = known
                .iter()
                .min_by_key(|k| crate::resolve::edit_distance(code, k))
                .filter(|k| crate::resolve::edit_distance(code, k) <= 3);
            let _ = writeln!(err, "error: no rule has the code `{code}`");
            if let Some(n) = near {
                let _ = writeln!(err, "  = help: did you mean `{n}`?");
            }
            USAGE
        }
    }
}

fn lint(args: LintArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = crate::lint::lint(&args.paths, args.kind, args.follow_outside);
    for path in &result.unreadable {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    for path in &result.skipped {
        let _ = writeln!(
            err,
            "note: skipped {}: not a .env file, Helm values, manifest, Compose or config file (see --kind)",
            path.display()
        );
    }
    report(
        result.diagnostics,
        !result.unreadable.is_empty(),
        &args.common,
        color,
        out,
        err,
    )
}

fn generate(args: GenArgs, schema: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match (schema, args.helm) {
        (true, false) => crate::schema::config_schema(),
        (true, true) => crate::schema::helm_schema(),
        (false, false) => crate::docs::environment_md(),
        (false, true) => crate::docs::helm_values_md(),
    };
    match args.output {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => OK,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
                USAGE
            }
        },
        None => {
            let _ = out.write_all(text.as_bytes());
            OK
        }
    }
}
