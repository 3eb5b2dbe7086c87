//! The break-glass switch.

use crate::model::declaration::VarId;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::Resolved;
use crate::rules::rule;

rule! {
    LOCAL_RESTORE_ENABLED = "local-restore-enabled", Warning,
    summary: "LOCAL_RESTORE is true: SSO is disabled and a temporary password is printed to the log.",
    what: "`LOCAL_RESTORE` holds a true value.",
    why: "It is the lock-out recovery switch: it turns SSO off and prints a temporary admin password to the container log. Left in place after the recovery, SSO stays off and the password sits in the logs.",
    example: "LOCAL_RESTORE=true",
    fix: "Remove `LOCAL_RESTORE` once access is restored, and restart the server.",
}

/// `local-restore-enabled`.
pub(crate) fn check_local_restore(r: &Resolved, out: &mut Vec<Diagnostic>) {
    let s = r.get(VarId::LocalRestore);
    if s.is_present() && r.flag(VarId::LocalRestore) {
        out.push(LOCAL_RESTORE_ENABLED.diag(
            &s.source,
            &[&s.spelled],
            format!(
                "{} is true: SSO is disabled and a temporary admin password is printed to the log",
                s.spelled
            ),
            format!("remove {} once access is restored", s.spelled),
        ));
    }
}
