//! The `iamconf` command line: a client of the public library (bin-only). It writes only to the
//! writers `main` hands it.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use iamconf::render::{self, Style};
use iamconf::{ConfigBuilder, Report, Severity};

mod token;

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
    /// Judge an ID token (pasted from a browser or a log) against the configuration.
    Token(token::TokenArgs),
    /// Print every setting with its effective value and where it came from.
    Show(ShowArgs),
    /// Print the JSON schema of the config file (or, with --helm, of the chart values).
    Schema(GenArgs),
    /// Print the variables reference (or, with --helm, the chart values reference).
    Docs(GenArgs),
    /// Print the documentation of a rule (without a code: list every rule).
    Explain {
        /// The rule's code, such as `cognito-requires-pkce`, or `redaction` (how findings show
        /// values).
        code: Option<String>,
    },
}

/// Output formats of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
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
struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Suppress findings with this code (repeatable).
    #[arg(long = "allow", value_name = "CODE")]
    allow: Vec<String>,
    /// Show infos in human output.
    #[arg(long, short)]
    verbose: bool,
    /// Read files up to this size (default 8MiB; 64KiB for NAME_FILE secrets).
    #[arg(long, value_name = "SIZE", value_parser = iamconf::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct Sources {
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
    pub(crate) fn builder(&self) -> ConfigBuilder {
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
    /// Fetch the issuer's discovery document and JWK Set and check them against the configuration.
    #[arg(long)]
    discover: bool,
    /// Also ask the identity provider about this client (implies --discover): sends two or three
    /// requests to its authorization and token endpoints; never signs anyone in.
    #[arg(long)]
    probe: bool,
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
struct LintArgs {
    /// Files or directories to lint.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// What the files are.
    #[arg(long, value_enum, default_value_t = iamconf::lint::Kind::Auto)]
    kind: iamconf::lint::Kind,
    /// The operator-wandb chart version the values are deployed with (such as 0.35.2): its
    /// known SSO bugs are reported as chart-version-bug.
    #[arg(long, value_name = "V", value_parser = parse_chart_version)]
    chart_version: Option<String>,
    /// Read Compose env_files and follow symbolic links outside the paths given.
    #[arg(long)]
    follow_outside: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
struct ShowArgs {
    #[command(flatten)]
    sources: Sources,
    /// Read files up to this size (default 8MiB; 64KiB for NAME_FILE secrets).
    #[arg(long, value_name = "SIZE", value_parser = iamconf::parse_size)]
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
    /// The rule reference (`docs --rules`, Markdown).
    #[arg(long, conflicts_with = "helm")]
    rules: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "F")]
    output: Option<PathBuf>,
}

/// Exit codes.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
pub(crate) const USAGE: u8 = 2;

/// Runs the command line with `args` (program name first). `color` allows ANSI colours in human
/// output (the caller decides: a terminal and no `NO_COLOR`).
pub(crate) fn run<I, T>(args: I, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
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
        iamconf::raise_read_limit(bytes);
    }
    let code = match cli.command {
        Command::Check(args) => check(args, color, out, err),
        Command::Show(args) => show(args, out, err),
        Command::Token(args) => token::run(args, color, out, err),
        Command::Explain { code: Some(code) } => explain(&code, out, err),
        Command::Explain { code: None } => {
            for r in iamconf::rules::all() {
                let _ = writeln!(
                    out,
                    "{:<30} {:<8} {}",
                    r.code(),
                    r.severity().as_str(),
                    r.summary()
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
fn report(
    mut report: Report,
    common: &Common,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    for code in &common.allow {
        if iamconf::rules::find(code).is_none() {
            let _ = writeln!(
                err,
                "error: --allow {code}: no rule has this code (see `iamconf explain`)"
            );
            return USAGE;
        }
    }
    report.allow(&common.allow);
    let diags = report.diagnostics();
    let style = Style {
        color,
        verbose: common.verbose,
    };
    let text = match common.format {
        Format::Human => render::human::render(diags, style),
        Format::Json => render::json::render(diags),
        Format::Sarif => render::sarif::render(diags, common.verbose),
        Format::Github => render::github::render(diags, common.verbose),
    };
    let _ = out.write_all(text.as_bytes());
    if !report.unreadable_inputs().is_empty() {
        return USAGE;
    }
    let errors = report.has_errors();
    let warnings = report.with_severity(Severity::Warning).next().is_some();
    if errors || (common.deny_warnings && warnings) {
        FINDINGS
    } else {
        OK
    }
}

fn check(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = args.sources.builder().evaluate();
    let mut findings = eval.report().clone();
    // A bad --ca-cert is an error whether or not --discover uses it.
    #[cfg(feature = "discovery")]
    if let Some(ca) = args
        .ca_cert
        .as_deref()
        .filter(|_| !args.discover && !args.probe)
    {
        if let Err(e) = iamconf::discovery::Options::from_cli(args.timeout, Some(ca)) {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    }
    if args.discover || args.probe {
        #[cfg(feature = "discovery")]
        {
            let opts = iamconf::discovery::Options::from_cli(args.timeout, args.ca_cert.as_deref());
            match opts {
                Ok(opts) if args.probe => findings.extend(iamconf::discovery::probe(&eval, &opts)),
                Ok(opts) => findings.extend(iamconf::discovery::check(&eval, &opts)),
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
                "error: --discover and --probe need iamconf built with the `discovery` feature"
            );
            return USAGE;
        }
    }
    for path in findings.unreadable_inputs() {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    report(findings, &args.common, color, out, err)
}

fn show(args: ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = args.sources.builder().evaluate();
    for path in eval.report().unreadable_inputs() {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    let text = match args.format {
        ShowFormat::Json => render::show::json(&eval),
        ShowFormat::Human => render::show::human(&eval),
    };
    let _ = out.write_all(text.as_bytes());
    if !eval.report().unreadable_inputs().is_empty() {
        USAGE
    } else if eval.report().has_errors() {
        FINDINGS
    } else {
        OK
    }
}

fn explain(code: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if code == "redaction" {
        let _ = write!(out, "{}", iamconf::REDACTION_POLICY);
        return OK;
    }
    match iamconf::rules::find(code) {
        Some(rule) => {
            let _ = write!(out, "{}", rule.docs());
            OK
        }
        None => {
            let _ = writeln!(err, "error: no rule has the code `{code}`");
            if let Some(n) = iamconf::rules::suggest(code) {
                let _ = writeln!(err, "  = help: did you mean `{n}`?");
            }
            USAGE
        }
    }
}

/// Checks a `--chart-version` argument.
fn parse_chart_version(text: &str) -> Result<String, String> {
    if iamconf::lint::is_chart_version(text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not a chart version such as 0.43.8 (an exact version, not a range)"
        ))
    }
}

fn lint(args: LintArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut options = iamconf::lint::LintOptions::default().follow_outside(args.follow_outside);
    if let Some(v) = &args.chart_version {
        options = options.chart_version(v.clone());
    }
    let result = iamconf::lint::lint_with(&args.paths, args.kind, &options);
    for path in result.unreadable_inputs() {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    for path in result.skipped_inputs() {
        let _ = writeln!(
            err,
            "note: skipped {}: not a .env file, Helm values, manifest, Compose or config file (see --kind)",
            path.display()
        );
    }
    for note in result.notes() {
        let _ = writeln!(err, "note: {note}");
    }
    report(result, &args.common, color, out, err)
}

fn generate(args: GenArgs, schema: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match (schema, args.helm) {
        (false, _) if args.rules => iamconf::schema::rules_md(),
        (true, false) => iamconf::schema::config_schema(),
        (true, true) => iamconf::schema::helm_schema(),
        (false, false) => iamconf::schema::environment_md(),
        (false, true) => iamconf::schema::helm_values_md(),
    };
    match args.output {
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => OK,
            Err(source) => {
                let e = iamconf::Error::Output { path, source };
                let _ = writeln!(err, "error: {e}");
                USAGE
            }
        },
        None => {
            let _ = out.write_all(text.as_bytes());
            OK
        }
    }
}
