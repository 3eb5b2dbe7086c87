//! A read-only view of the variable declarations, for tools built on the crate.

use crate::model::spec::VarSpec;

/// One setting the server reads, with every spelling of it.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    spec: &'static VarSpec,
}

impl Variable {
    /// The canonical variable name.
    pub fn name(&self) -> &'static str {
        self.spec.env
    }

    /// Other spellings the server reads.
    pub fn aliases(&self) -> &'static [&'static str] {
        self.spec.aliases
    }

    /// Deprecated spellings (read, warned about).
    pub fn deprecated(&self) -> &'static [&'static str] {
        self.spec.deprecated
    }

    /// Spellings the server does not read.
    pub fn unread(&self) -> &'static [&'static str] {
        self.spec.unread
    }

    /// Whether the value is a secret (also given as `NAME_FILE`).
    pub fn is_secret(&self) -> bool {
        self.spec.secret
    }

    /// The default, as variable text.
    pub fn default_value(&self) -> Option<&'static str> {
        self.spec.default
    }

    /// The `section.field` key of the config-file form.
    pub fn key(&self) -> String {
        self.spec.key()
    }

    /// The documentation.
    pub fn doc(&self) -> &'static str {
        self.spec.doc
    }
}

/// Every declared setting, in declaration order.
pub fn variables() -> impl Iterator<Item = Variable> {
    crate::model::declaration::VARIABLES
        .iter()
        .map(|spec| Variable { spec })
}
