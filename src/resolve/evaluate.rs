//! The one evaluation pipeline of `load` and `lint`: resolve an environment, run every check on
//! the result, and order the findings.

use crate::input::environment::Environment;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{self, Options, Resolved};

/// Resolves `env` and runs every check: the settings, and every finding of the resolution and
/// of the checks (not yet sorted; see [`sort`]).
pub(crate) fn evaluate(env: &Environment, options: Options) -> (Resolved, Vec<Diagnostic>) {
    let mut resolved = resolve::resolve(env, options);
    let mut diagnostics = std::mem::take(&mut resolved.diagnostics);
    crate::rules::run_checks(&resolved, &mut diagnostics);
    (resolved, diagnostics)
}

/// The order findings are reported in: by file, line and column; findings without a file (the
/// process environment, defaults) after those with one.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let (a, b) = (&a.source, &b.source);
        (a.path().is_none(), a.path(), a.line(), a.column()).cmp(&(
            b.path().is_none(),
            b.path(),
            b.line(),
            b.column(),
        ))
    });
}
