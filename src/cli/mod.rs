//! The `iamconf` command line. It lives in the library (behind the `cli` feature) so that it can
//! use the crate-private renderers; it writes only to the writers `main` hands it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::diagnostic::{Diagnostic, Severity};
use crate::report::render::{self, Style};
use crate::resolve::load::ConfigBuilder;

mod help;
mod lint;
mod manual;

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
    /// Show infos in human output (lint: also list each skipped file).
    #[arg(long, short)]
    pub(crate) verbose: bool,
    /// SARIF: file URIs are relative to this directory (`%SRCROOT%`) [default: the current
    /// directory].
    #[arg(long, value_name = "DIR")]
    pub(crate) sarif_root: Option<PathBuf>,
    /// SARIF: the rule reference each rule's `helpUri` points into (an anchor per code is
    /// appended) [default: schema/RULES.md of this version].
    #[arg(long, value_name = "URL")]
    pub(crate) rule_docs_url: Option<String>,
}

#[derive(Debug, Args)]
struct Sources {
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
    fn builder(&self) -> Result<ConfigBuilder, String> {
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
                let bytes = crate::lint::read_stdin(&mut std::io::stdin().lock())
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                b = b.env_file_contents(crate::lint::STDIN_PATH, bytes);
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
    /// Files or directories to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// What the files are.
    #[arg(long, value_enum, default_value_t = crate::lint::Kind::Auto)]
    pub(crate) kind: crate::lint::Kind,
    /// Walk files that .gitignore, .ignore and git exclude files leave out.
    #[arg(long)]
    pub(crate) no_ignore: bool,
    /// Walk hidden files and directories too.
    #[arg(long)]
    pub(crate) hidden: bool,
    /// Follow symbolic links that lead out of the given paths.
    #[arg(long)]
    pub(crate) follow_outside: bool,
    /// Exit 0 when no file was checked (for hooks given files that may not be W&B configuration).
    #[arg(long)]
    pub(crate) allow_empty: bool,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Debug, Args)]
struct ShowArgs {
    #[command(flatten)]
    sources: Sources,
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
pub(crate) const OK: u8 = 0;
pub(crate) const FINDINGS: u8 = 1;
pub(crate) const USAGE: u8 = 2;

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
        Command::Lint(args) => lint::run(args, color, out, err),
        Command::Completions { shell } => manual::completions(shell, out),
        Command::Man { subcommand } => manual::man(subcommand.as_deref(), out, err),
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
    if let Err(code) = drop_allowed(&mut diags, common, err) {
        return code;
    }
    let text = match common.format {
        Format::Human => render::human::render(
            &diags,
            Style {
                color,
                verbose: common.verbose,
            },
        ),
        _ => render_machine(&diags, common),
    };
    let _ = out.write_all(text.as_bytes());
    if unreadable {
        return USAGE;
    }
    exit_code(&diags, common)
}

/// Checks the `--allow` codes and drops the findings they allow.
pub(crate) fn drop_allowed(
    diags: &mut Vec<Diagnostic>,
    common: &Common,
    err: &mut dyn Write,
) -> Result<(), u8> {
    for code in &common.allow {
        if crate::rules::find(code).is_none() {
            let _ = writeln!(
                err,
                "error: --allow {code}: no rule has this code (see `iamconf explain`)"
            );
            return Err(USAGE);
        }
    }
    diags.retain(|d| !common.allow.iter().any(|a| a == d.code));
    Ok(())
}

/// Renders findings in a format other than human.
pub(crate) fn render_machine(diags: &[Diagnostic], common: &Common) -> String {
    match common.format {
        Format::Human => render::human::render_findings(
            diags,
            Style {
                color: false,
                verbose: common.verbose,
            },
        ),
        Format::Json => render::json::render(diags),
        Format::Sarif => render::sarif::render(
            diags,
            &render::sarif::SarifOptions {
                verbose: common.verbose,
                root: common
                    .sarif_root
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(".")),
                rule_docs: common
                    .rule_docs_url
                    .clone()
                    .unwrap_or_else(render::sarif::default_rule_docs_url),
            },
        ),
        Format::Github => render::github::render(diags, common.verbose),
    }
}

/// 1 on an error (or a warning with `--deny-warnings`), else 0.
pub(crate) fn exit_code(diags: &[Diagnostic], common: &Common) -> u8 {
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    let warnings = diags.iter().any(|d| d.severity == Severity::Warning);
    if errors || (common.deny_warnings && warnings) {
        FINDINGS
    } else {
        OK
    }
}

fn check(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let eval = match args.sources.builder() {
        Ok(b) => b.evaluate(),
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
    #[allow(unused_mut)]
    let mut diags = eval.report.diagnostics.clone();
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
    let eval = match args.sources.builder() {
        Ok(b) => b.evaluate(),
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return USAGE;
        }
    };
    for path in &eval.report.unreadable {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    let views: Vec<crate::model::config::SettingView<'_>> =
        crate::model::config::views(&eval.resolved.settings).collect();
    let diags = &eval.report.diagnostics;
    let provider = crate::model::provider::of_resolved(&eval.resolved);
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

fn generate(args: GenArgs, schema: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match (schema, args.helm) {
        (true, false) => crate::schema::config_schema(),
        (true, true) => crate::schema::helm_schema(),
        (false, false) => crate::schema::docs::environment_md(),
        (false, true) => crate::schema::docs::helm_values_md(),
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
