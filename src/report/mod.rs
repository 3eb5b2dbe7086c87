//! Report: findings ([`diagnostic::Diagnostic`], [`diagnostic::Report`]) and their renderings.

pub(crate) mod diagnostic;
#[cfg(feature = "render")]
pub mod render;
