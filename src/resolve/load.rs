//! The loader: sources in precedence order, then parse, validate and build.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::input::environment::{Entry, Environment, RawValue};
use crate::input::source::{Source, SourceKind};
use crate::model::config::{Config, SettingView, views};
use crate::model::declaration::VarId;
use crate::model::provider::{self, IdentityProvider};
use crate::report::diagnostic::{Diagnostic, Report};
use crate::resolve::{self, Resolved, evaluate};
use crate::rules::names::PARSE_ERROR;

#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    EnvFile(PathBuf),
    /// An env file's bytes given directly (standard input), with the name findings show.
    EnvFileContents(PathBuf, Contents),
    Env(Vec<(OsString, OsString)>),
    ProcessEnv,
    /// Entries read from elsewhere (a figment, a typed configuration), with the findings of
    /// reading them; config-file precedence.
    Entries(Vec<Entry>, Vec<Diagnostic>),
}

/// The bytes of an env file given directly; `Debug` shows their length only (they may hold
/// secrets).
#[derive(Clone)]
struct Contents(Vec<u8>);

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

impl Input {
    /// Precedence class: config files < env files < environment.
    fn rank(&self) -> u8 {
        match self {
            Input::File(_) | Input::Entries(..) => 0,
            Input::EnvFile(_) | Input::EnvFileContents(..) => 1,
            Input::Env(_) | Input::ProcessEnv => 2,
        }
    }
}

/// Builds a [`Config`] from layered sources. Precedence, lowest first: defaults, config files
/// (in the order given), env files (in order), the environment, whatever order the calls are in.
///
/// ```
/// use iamconf::{Config, SourceKind, Var};
///
/// let dir = tempfile::tempdir().unwrap();
/// let env_file = dir.path().join("prod.env");
/// std::fs::write(&env_file, "SESSION_LENGTH=12\nHOST=https://from-file.example.com\n").unwrap();
/// let config = Config::builder()
///     .env_file(&env_file)
///     .env_vars([("SESSION_LENGTH", "24")]) // the environment wins over env files
///     .load()
///     .expect("valid");
/// assert_eq!(config.iam.session_length.as_secs(), 24 * 3600);
/// assert_eq!(config.source(Var::SessionLength).kind(), SourceKind::Env);
/// assert_eq!(config.source(Var::Host).line(), Some(2));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ConfigBuilder {
    inputs: Vec<Input>,
}

/// Everything one load found, whatever the severities: every setting with its effective value
/// and source, and every finding. [`ConfigBuilder::evaluate`] returns it even when
/// [`ConfigBuilder::load`] would fail, which is what `iamconf show` and an admin page need.
///
/// ```
/// let eval = iamconf::Config::builder()
///     .env_vars([("OIDC_ISSUER", "https://accounts.google.com"), ("LOCAL_RESTORE", "on")])
///     .evaluate();
/// assert!(eval.report().contains("invalid-bool"));
/// let issuer = eval.settings().find(|s| s.variable == "OIDC_ISSUER").expect("declared");
/// assert_eq!(issuer.spelled, "OIDC_ISSUER");
/// assert_eq!(eval.identity_provider(), Some(iamconf::IdentityProvider::Google));
/// ```
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub(crate) resolved: Resolved,
    pub(crate) report: Report,
}

impl Evaluation {
    /// Every finding of the load.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Every declared setting in declaration order, with its effective value and source.
    pub fn settings(&self) -> impl Iterator<Item = SettingView<'_>> {
        views(&self.resolved.settings)
    }

    /// The identity provider of the issuer, when the issuer is set to a valid value.
    pub fn identity_provider(&self) -> Option<IdentityProvider> {
        let s = self.resolved.get(VarId::OidcIssuer);
        if s.presence != resolve::Presence::Set {
            return None;
        }
        s.value.as_ref()?.as_url().map(provider::detect)
    }
}

impl Config {
    /// Loads from the defaults and the process environment.
    pub fn load() -> Result<Config, Report> {
        Config::builder().env().load()
    }

    /// A builder to add config files, env files and environments.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }
}

impl ConfigBuilder {
    /// Adds a config file in the nested form (TOML, YAML or JSON by extension).
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(Input::File(path.as_ref().to_path_buf()));
        self
    }

    /// Adds a `KEY=value` env file.
    pub fn env_file(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs
            .push(Input::EnvFile(path.as_ref().to_path_buf()));
        self
    }

    /// Adds a `KEY=value` env file whose content is already read (standard input, a secret
    /// store); `name` is the path its findings and provenance show.
    pub fn env_file_contents(mut self, name: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) -> Self {
        self.inputs.push(Input::EnvFileContents(
            name.as_ref().to_path_buf(),
            Contents(bytes.into()),
        ));
        self
    }

    /// Adds entries read by an integration (figment, validator) in the config-file slot.
    #[cfg_attr(
        not(any(feature = "figment", feature = "validator")),
        allow(dead_code, reason = "the integrations' input")
    )]
    pub(crate) fn entries(mut self, entries: Vec<Entry>, problems: Vec<Diagnostic>) -> Self {
        self.inputs.push(Input::Entries(entries, problems));
        self
    }

    /// Adds the process environment.
    pub fn env(mut self) -> Self {
        self.inputs.push(Input::ProcessEnv);
        self
    }

    /// Adds an environment given as name/value pairs, in place of the process environment
    /// (tests and embedding servers use this; values may be non-UTF-8).
    pub fn env_vars<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        self.inputs.push(Input::Env(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        ));
        self
    }

    /// Loads, validates and builds: the typed config, or a report of every problem.
    pub fn load(self) -> Result<Config, Report> {
        let Evaluation { resolved, report } = self.evaluate();
        if report.has_errors() {
            return Err(report);
        }
        match Config::from_settings(resolved.settings, report.diagnostics) {
            Some(config) => Ok(config),
            // Unreachable while every declared type matches its parser (a test checks it).
            None => Err(Report {
                diagnostics: vec![PARSE_ERROR.diag(
                    &Source::bare(SourceKind::Default),
                    &[],
                    "internal error: a setting does not have its declared type",
                    "report this as a bug of iamconf",
                )],
                ..Report::default()
            }),
        }
    }

    /// Like [`ConfigBuilder::load`], with the crate's [`Error`](crate::Error): an input that
    /// cannot be read is [`Error::Unreadable`](crate::Error::Unreadable) (path and cause), a
    /// configuration with errors [`Error::Invalid`](crate::Error::Invalid).
    pub fn try_load(self) -> Result<Config, crate::Error> {
        self.load().map_err(crate::Error::from)
    }

    /// Loads and validates, returning every setting and every finding whatever their severity.
    pub fn evaluate(self) -> Evaluation {
        let mut env = Environment::default();
        let mut report = Report::default();
        let mut inputs = self.inputs;
        // Stable: files keep their order within a class.
        inputs.sort_by_key(Input::rank);
        for input in &inputs {
            match input {
                Input::File(path) => match read(path) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => {
                            let parsed = crate::input::config_file::parse(&text, path);
                            report.extend(parsed.problems);
                            parsed.entries.into_iter().for_each(|e| env.insert(e));
                        }
                        Err(e) => {
                            report.push(not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to()))
                        }
                    },
                    Err(d) => report.unreadable(d),
                },
                Input::EnvFile(path) => match read(path) {
                    Ok(bytes) => {
                        let parsed =
                            crate::input::env_file::parse(&bytes, path, SourceKind::EnvFile);
                        report.extend(parsed.problems);
                        parsed.entries.into_iter().for_each(|e| env.insert(e));
                    }
                    Err(d) => report.unreadable(d),
                },
                Input::EnvFileContents(path, bytes) => {
                    let parsed = crate::input::env_file::parse(&bytes.0, path, SourceKind::EnvFile);
                    report.extend(parsed.problems);
                    parsed.entries.into_iter().for_each(|e| env.insert(e));
                }
                Input::Entries(entries, problems) => {
                    report.extend(problems.iter().cloned());
                    entries.iter().cloned().for_each(|e| env.insert(e));
                }
                // Environments rank last: read below, by value.
                Input::Env(_) | Input::ProcessEnv => {}
            }
        }
        for input in inputs {
            match input {
                Input::Env(vars) => add_env(&mut env, vars.into_iter()),
                Input::ProcessEnv => add_env(&mut env, std::env::vars_os()),
                Input::File(_)
                | Input::EnvFile(_)
                | Input::EnvFileContents(..)
                | Input::Entries(..) => {}
            }
        }
        let (resolved, diagnostics) = evaluate::evaluate(
            &env,
            resolve::Options {
                read_secret_files: true,
                deployment: false,
            },
        );
        report.extend(diagnostics);
        evaluate::sort(&mut report.diagnostics);
        Evaluation { resolved, report }
    }
}

fn add_env(env: &mut Environment, vars: impl Iterator<Item = (OsString, OsString)>) {
    env.reserve(vars.size_hint().0);
    for (k, v) in vars {
        // A name that is not UTF-8 cannot be one of ours.
        let Ok(name) = k.into_string() else {
            continue;
        };
        let value = match v.into_string() {
            Ok(s) => RawValue::Text(s),
            Err(_) => RawValue::NonUtf8,
        };
        // One lookup serves both the source (a known name is shared, not copied) and the
        // resolver (which gets the slot with the entry).
        let (slot, shared) = match crate::resolve::index::lookup(&name) {
            Some((slot, shared)) => (Some(slot), shared),
            None => (None, name.as_str().into()),
        };
        let entry = Entry {
            source: Source::env_named(shared),
            name,
            value,
        };
        env.push_looked_up(entry, slot);
    }
}

/// A config file that is not UTF-8: a `parse-error` at the first bad byte.
fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    PARSE_ERROR.diag(
        &Source::file(SourceKind::ConfigFile, path, line, column),
        &[],
        format!("{} is not valid UTF-8", path.display()),
        "save the file as UTF-8",
    )
}

#[allow(
    clippy::result_large_err,
    reason = "called once per file; the finding is the result"
)]
fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::input::bounded::read(path, crate::input::bounded::Purpose::Deployment).map_err(|e| {
        PARSE_ERROR.diag(
            &Source::whole_file(SourceKind::EnvFile, path),
            &[],
            format!("cannot read {}: {e}", path.display()),
            e.help(),
        )
    })
}
