//! Report: findings ([`diagnostic::Diagnostic`], [`diagnostic::Report`]) and their renderings.

pub(crate) mod diagnostic;
pub(crate) mod redact;
#[cfg(feature = "render")]
pub mod render;
