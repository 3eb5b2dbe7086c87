//! Model: the one declaration of every variable and the types its values take (values,
//! secrets, identity providers) and the typed configuration built from them.

pub(crate) mod config;
pub(crate) mod declaration;
pub(crate) mod declare;
pub(crate) mod provider;
pub(crate) mod secret;
pub(crate) mod spec;
pub(crate) mod suggest;
pub(crate) mod typed;
pub(crate) mod url_text;
pub(crate) mod value;
pub(crate) mod variable;
