//! Interop with the configuration crates a server already uses: figment (load from a server's
//! `Figment`, merge the resolved settings into it) and validator (`Validate` for the typed
//! configuration). Each behind its feature.

#[cfg(feature = "figment")]
pub(crate) mod figment;
#[cfg(feature = "validator")]
pub(crate) mod validator;
