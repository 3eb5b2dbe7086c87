//! Input: where values come from. The process environment, env files, config files (TOML,
//! YAML, JSON) and the positioned YAML tree, plus the [`source::Source`] every value carries.

pub(crate) mod bounded;
pub(crate) mod config_file;
pub(crate) mod env_file;
pub(crate) mod environment;
pub(crate) mod json;
pub(crate) mod lines;
pub(crate) mod scalar_text;
pub(crate) mod source;
pub(crate) mod tree;
pub(crate) mod yaml;
