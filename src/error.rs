//! The crate's error type, for callers that want one `Result` for every way a load or an output
//! can fail. A [`Report`] stays the list of findings; [`Error::Invalid`] wraps it.

use std::path::PathBuf;

use crate::report::diagnostic::Report;

/// Everything that can go wrong in iamconf, as one error type.
///
/// ```
/// let err = iamconf::Config::builder()
///     .env_file("/nonexistent/prod.env")
///     .try_load()
///     .expect_err("the file does not exist");
/// match &err {
///     iamconf::Error::Unreadable { path, .. } => assert!(path.ends_with("prod.env")),
///     other => panic!("{other}"),
/// }
/// assert!(err.to_string().starts_with("cannot read /nonexistent/prod.env"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input (env file, config file, CA file) could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The discovery check could not be set up or its transport failed (not a finding about
    /// the document: those are in the report).
    #[error("{0}")]
    Discovery(String),
    /// An output (a generated file) could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The configuration has error-level findings: every one of them.
    #[error("invalid configuration: {0}")]
    Invalid(Report),
}

impl From<Report> for Error {
    /// An unreadable input becomes [`Error::Unreadable`]; any other report [`Error::Invalid`].
    fn from(report: Report) -> Self {
        let unreadable = report.unreadable.first().map(|path| {
            let cause = report
                .diagnostics
                .iter()
                .find(|d| d.source.path() == Some(path.as_path()))
                .map(|d| {
                    let prefix = format!("cannot read {}: ", path.display());
                    d.message
                        .strip_prefix(&prefix)
                        .unwrap_or(&d.message)
                        .to_owned()
                })
                .unwrap_or_else(|| "unreadable".to_owned());
            (path.clone(), cause)
        });
        match unreadable {
            Some((path, cause)) => Error::Unreadable {
                path,
                source: std::io::Error::other(cause),
            },
            None => Error::Invalid(report),
        }
    }
}
