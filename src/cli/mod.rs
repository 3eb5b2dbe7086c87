//! The `iamconf` command line: a client of the public library (bin-only). It writes only to the
//! writers `main` hands it.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use iamconf::render::{self, Style};
use iamconf::{ConfigBuilder, Diagnostic, Report, Severity};

mod help;
mod lint;
mod manual;

mod token;

/// Load, validate and document the SSO and IAM configuration of a self-hosted W&B Server.
#[derive(Debug, Parser)]
#[command(name = "iamconf", version, about, long_about = None, after_help = help::MAIN)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the configuration exactly as the server would, and validate it.
    #[command(after_help = help::CHECK)]
    Check(CheckArgs),
    /// Judge deployment files (.env, Helm values, manifests, Compose, config files).
    #[command(after_help = help::LINT)]
    Lint(LintArgs),
    /// Judge an ID token (pasted from a browser or a log) against the configuration.
    #[command(after_help = help::TOKEN)]
    Token(token::TokenArgs),
    /// Print every setting with its effective value and where it came from.
    #[command(after_help = help::SHOW)]
    Show(ShowArgs),
    /// Print the JSON schema of the config file (or, with --helm, of the chart values).
    #[command(after_help = help::SCHEMA)]
    Schema(GenArgs),
    /// Print the variables reference (or, with --helm, the chart values reference).
    #[command(after_help = help::DOCS)]
    Docs(GenArgs),
    /// Print a shell completion script.
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of iamconf, or of one subcommand.
    #[command(after_help = help::MAN)]
    Man {
        /// A subcommand, such as `lint`: print `iamconf-lint(1)` instead.
        subcommand: Option<String>,
    },
    /// Print the documentation of a rule (without a code: list every rule).
    #[command(after_help = help::EXPLAIN)]
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
    /// Show infos in human output (lint: also list each skipped file).
    #[arg(long, short)]
    verbose: bool,
    /// SARIF: file URIs are relative to this directory (`%SRCROOT%`) [default: the current
    /// directory].
    #[arg(long, value_name = "DIR")]
    sarif_root: Option<PathBuf>,
    /// SARIF: the rule reference each rule's `helpUri` points into (`#CODE` is appended)
    /// [default: schema/RULES.md of this version].
    #[arg(long, value_name = "URL")]
    rule_docs_url: Option<String>,
    /// Read files up to this size (default 8MiB; 64KiB for NAME_FILE secrets).
    #[arg(long, value_name = "SIZE", value_parser = iamconf::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct Sources {
    /// A KEY=value env file (repeatable; later files win); `-` reads standard input.
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
    /// The builder of these sources; `--env-file -` reads standard input (once).
    pub(crate) fn builder(&self) -> Result<ConfigBuilder, String> {
        let mut b = ConfigBuilder::default();
        for f in &self.configs {
            b = b.file(f);
        }
        let mut stdin_read = false;
        for f in &self.env_files {
            if f.as_os_str() == "-" {
                if stdin_read {
                    return Err("--env-file -: standard input can be read only once".to_owned());
                }
                stdin_read = true;
                let bytes = iamconf::lint::read_limited(&mut std::io::stdin().lock())
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                b = b.env_file_contents(iamconf::lint::STDIN_PATH, bytes);
            } else {
                b = b.env_file(f);
            }
        }
        if !self.no_env {
            b = b.env();
        }
        Ok(b)
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
    /// Files or directories to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// What the files are.
    #[arg(long, value_enum, default_value_t = iamconf::lint::Kind::Auto)]
    kind: iamconf::lint::Kind,
    /// Walk files that .gitignore, .ignore and git exclude files leave out.
    #[arg(long)]
    no_ignore: bool,
    /// Walk hidden files and directories too (.env files are walked anyway).
    #[arg(long)]
    hidden: bool,
    /// Read Compose env_files and follow symbolic links that lead out of the given paths.
    #[arg(long)]
    follow_outside: bool,
    /// Exit 0 when no file was checked (for hooks given files that may not be W&B configuration).
    #[arg(long)]
    allow_empty: bool,
    /// The operator-wandb chart version the values are deployed with (such as 0.35.2): its
    /// known SSO bugs are reported as chart-version-bug.
    #[arg(long, value_name = "V", value_parser = parse_chart_version)]
    chart_version: Option<String>,
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

/// Checks the `--allow` codes (exit 2 for an unknown one) and drops the findings they allow.
fn drop_allowed(report: &mut Report, common: &Common, err: &mut dyn Write) -> Result<(), u8> {
    for code in &common.allow {
        if iamconf::rules::find(code).is_none() {
            let _ = writeln!(
                err,
                "error: --allow {code}: no rule has this code (see `iamconf explain`)"
            );
            return Err(USAGE);
        }
    }
    report.allow(&common.allow);
    Ok(())
}

/// Renders findings in the `--format` (human: without the summary line).
fn render_findings(diags: &[Diagnostic], common: &Common, color: bool) -> String {
    match common.format {
        Format::Human => render::human::render_findings(
            diags,
            Style {
                color,
                verbose: common.verbose,
            },
        ),
        Format::Json => render::json::render(diags),
        Format::Sarif => {
            let mut options = render::sarif::SarifOptions {
                verbose: common.verbose,
                ..render::sarif::SarifOptions::default()
            };
            if let Some(root) = &common.sarif_root {
                options.root = root.clone();
            }
            if let Some(url) = &common.rule_docs_url {
                options.rule_docs = url.clone();
            }
            render::sarif::render(diags, &options)
        }
        Format::Github => render::github::render(diags, common.verbose),
    }
}

/// 1 on an error (or a warning, with `--deny-warnings`), else 0.
fn exit_code(report: &Report, common: &Common) -> u8 {
    let errors = report.has_errors();
    let warnings = report.with_severity(Severity::Warning).next().is_some();
    if errors || (common.deny_warnings && warnings) {
        FINDINGS
    } else {
        OK
    }
}

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
        Command::Lint(args) => lint::run(args, color, out, err),
        Command::Completions { shell } => manual::completions(shell, out, err),
        Command::Man { subcommand } => manual::man(subcommand.as_deref(), out, err),
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
    if let Err(code) = drop_allowed(&mut report, common, err) {
        return code;
    }
    let diags = report.diagnostics();
    let text = match common.format {
        Format::Human => render::human::render(
            diags,
            Style {
                color,
                verbose: common.verbose,
            },
        ),
        _ => render_findings(diags, common, color),
    };
    let _ = out.write_all(text.as_bytes());
    if !report.unreadable_inputs().is_empty() {
        return USAGE;
    }
    exit_code(&report, common)
}

fn check(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = match args.sources.builder() {
        Ok(b) => b.evaluate(),
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
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
    let eval = match args.sources.builder() {
        Ok(b) => b.evaluate(),
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
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
