//! Load, validate and document the SSO and IAM environment configuration of a self-hosted
//! W&B Server: `OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_AUTH_METHOD`, the client secret,
//! `LOCAL_RESTORE`, the IAM options and the server basics.
//!
//! A server calls [`Config::load`] at start-up and gets a typed [`Config`], or one [`Report`]
//! that lists every problem, each naming the variable as spelled and where its value came from.
//! No secret is ever printed: secrets are [`Secret`]s.
//!
//! ```
//! use iamconf::{AuthMethod, Config, SsoMode};
//!
//! let config = Config::builder()
//!     .env_vars([
//!         ("OIDC_ISSUER", "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123"),
//!         ("OIDC_CLIENT_ID", "4kdq0example"),
//!         ("OIDC_AUTH_METHOD", "pkce"),
//!         ("HOST", "https://wandb.example.com"),
//!     ])
//!     .load()
//!     .expect("a valid configuration");
//! let oidc = config.oidc().expect("OIDC is configured");
//! assert_eq!(oidc.auth_method(), AuthMethod::Pkce);
//! assert_eq!(config.sso_mode(), SsoMode::Oidc);
//! assert_eq!(config.callback_url().as_deref(), Some("https://wandb.example.com/oidc/callback"));
//!
//! // Every problem at once, each with its code and source.
//! let report = Config::builder()
//!     .env_vars([("LOCAL_RESTORE", "on"), ("OIDC_AUTH_METHOD", "Pkce")])
//!     .load()
//!     .expect_err("two errors");
//! let codes: Vec<&str> = report.diagnostics().iter().map(|d| d.code()).collect();
//! assert!(codes.contains(&"invalid-bool") && codes.contains(&"invalid-auth-method"));
//! ```
#![forbid(unsafe_code)]

mod bounded;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
mod config;
mod config_file;
mod diagnostic;
#[cfg(feature = "discovery")]
mod discovery;
mod docs;
mod env_file;
mod environment;
mod lint;
mod load;
mod model;
mod provider;
mod redact;
mod render;
mod resolve;
mod rules;
mod schema;
mod secret;
mod source;
mod spec;
mod value;
mod variable;
mod yaml;

pub use config::{Config, Ldap, Oidc, SettingView, SsoMode};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use load::ConfigBuilder;
pub use provider::{EntraVersion, Provider};
pub use secret::{Secret, SecretUrl};
pub use source::{Source, SourceKind};
pub use value::{AuthMethod, Value};
pub use variable::{Variable, variables};

/// The README's examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
