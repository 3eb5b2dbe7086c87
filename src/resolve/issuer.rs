//! What the issuer rules compute once per load from the issuer text, kept with the resolved
//! settings so that every rule that asks for the issuer shares one parse and one detection.

use crate::model::provider::IdentityProvider;

/// The issuer's parse (when the setting does not keep one) and its identity provider.
#[derive(Debug, Clone)]
pub(crate) struct IssuerParts {
    /// The parse, when the setting does not keep one.
    pub(crate) url: Option<url::Url>,
    /// Whether the text has a scheme.
    pub(crate) has_scheme: bool,
    /// The detected identity provider.
    pub(crate) provider: IdentityProvider,
}
