//! Generated Markdown docs (implemented by the schema issue).

/// `schema/ENVIRONMENT.md`.
pub(crate) fn environment_md() -> String {
    String::new()
}

/// `schema/helm-values.md`.
pub(crate) fn helm_values_md() -> String {
    String::new()
}
