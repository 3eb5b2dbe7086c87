//! Report: findings ([`diagnostic::Diagnostic`], [`diagnostic::Report`]) and their renderings.

pub(crate) mod diagnostic;
pub(crate) mod render;
