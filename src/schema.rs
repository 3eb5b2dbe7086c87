//! Generated JSON schemas (implemented by the schema issue).

/// `schema/iamconf.schema.json`.
pub(crate) fn config_schema() -> String {
    String::new()
}

/// `schema/helm-values.schema.json`.
pub(crate) fn helm_schema() -> String {
    String::new()
}
