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
//! let oidc = config.oidc.as_ref().expect("OIDC is configured");
//! assert_eq!(oidc.auth_method, AuthMethod::Pkce);
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
//!
//! # Features
//!
//! The library alone (`default-features = false`) is the loader: it depends on serde, url,
//! toml, yaml-rust2 and serde_json only. Everything else is opt-in:
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `cli` | yes | the `iamconf` binary (clap); turns on `lint`, `render`, `schema`, `token` and `discovery` |
//! | `lint` | via `cli` | [`lint`]: judge deployment files (.env, Helm values, manifests, Compose) |
//! | `render` | via `cli` | [`render`]: findings as human text, JSON, SARIF, GitHub commands |
//! | `schema` | via `cli` | [`schema`]: JSON schemas and Markdown references (schemars) |
//! | `token` | via `cli` | [`token`]: judge an ID token offline (base64) |
//! | `discovery` | via `cli` | [`discovery`]: online checks of the identity provider: discovery document, JWK Set, `--probe`, ID-token signatures (ureq, rustls, jsonwebtoken); turns on `token` |
//! | `figment` | no | `Config::from_figment`, `ConfigBuilder::figment`, `Config::to_figment`, `From<Report> for figment::Error` |
//! | `validator` | no | `impl validator::Validate` for [`Config`], [`Sections`] and each section |
//!
//! A server depends on it with
//! `iamconf = { version = "0.1", default-features = false }`.

#[cfg(feature = "discovery")]
pub mod discovery;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod input;
mod interop;
#[cfg(feature = "lint")]
pub mod lint;
mod model;
mod report;
mod resolve;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
#[cfg(all(feature = "lint", not(feature = "schema")))]
mod schema;
#[cfg(feature = "token")]
pub mod token;

pub use error::Error;
pub use input::bounded::{parse_size, raise_read_limit};
pub use input::source::{Source, SourceKind};
pub use model::config::{Config, SettingView, SsoMode};
pub use model::declaration::{
    BreakGlassConfig, IamConfig, LdapConfig, OidcConfig, Sections, ServerConfig, VarId as Var,
};
pub use model::provider::{EntraVersion, IdentityProvider};
pub use model::secret::{Secret, SecretUrl};
pub use model::typed::Issuer;
pub use model::value::{AuthMethod, Value};
pub use model::variable::{Variable, variables};
pub use report::diagnostic::{Counts, Diagnostic, Report, Severity};
pub use report::redact::POLICY as REDACTION_POLICY;
#[cfg(feature = "render")]
pub use report::render;
pub use resolve::load::{ConfigBuilder, Evaluation};

/// The README's examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
