//! `session-length-short`: a session length under one hour.

use crate::model::declaration::VarId;
use crate::model::value::Value;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Resolved};
use crate::rules::rule;

rule! {
    SESSION_LENGTH_SHORT = "session-length-short", Warning,
    summary: "The effective session length is under one hour.",
    what: "`SESSION_LENGTH`, `GORILLA_SESSION_LENGTH` or `GORILLA_GLUE_SESSION_LENGTH` is a valid duration below one hour (`GORILLA_SESSION_LENGTH=30m`, `90s`). Durations of an hour or more (`1h`, `90m`, `1.5h`, `720h`) are quiet.",
    why: "Every user is signed out when the session ends and must pass through the identity provider again; below an hour that interrupts work many times a day, and long-running UI sessions and SDK logins break. A unit typo (`720s` for `720h`) is the usual cause.",
    example: "GORILLA_SESSION_LENGTH=720s",
    fix: "Use hours: `GORILLA_SESSION_LENGTH=720h` (30 days, the default) or `SESSION_LENGTH=24`. If a short session is deliberate, suppress the finding with `--allow session-length-short`.",
}

/// `session-length-short` for the session lengths the server and its glue service read.
pub(crate) fn check_short(r: &Resolved, out: &mut Vec<Diagnostic>) {
    for id in [VarId::SessionLength, VarId::GlueSessionLength] {
        let s = r.get(id);
        if s.presence != Presence::Set {
            continue;
        }
        let Some(Value::Duration(d)) = s.value.as_ref() else {
            continue; // Whole hours, at least one.
        };
        if d.as_secs() >= 3600 {
            continue;
        }
        let name = s.spelled.as_ref();
        let shown = s
            .value
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let help = if name.starts_with("GORILLA_") {
            let secs = d.as_secs();
            if secs > 0 && secs < 3600 {
                format!("set {name}={secs}h if you meant hours, else at least {name}=1h")
            } else {
                format!("set {name}=1h or more")
            }
        } else {
            format!("set {name}=1 or more")
        };
        out.push(SESSION_LENGTH_SHORT.diag(
            &s.source,
            &[name],
            format!("{name} is {shown}: every user is signed out after less than an hour"),
            help,
        ));
    }
}
