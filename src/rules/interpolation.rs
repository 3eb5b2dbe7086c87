//! `unresolved-interpolation`: a `${NAME}` or `$NAME` reference kept literally because the file
//! it is written in is not interpolated by anything (a `.env` given to `check`, a config file,
//! Helm values, an operator CR). The detection is shared with the deployment-file readers, which
//! call [`find_reference`] on the values they do not resolve themselves.

use crate::input::source::SourceKind;
use crate::model::declaration::VARIABLES;
use crate::model::value::Value;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Resolved};
use crate::rules::rule;

rule! {
    UNRESOLVED_INTERPOLATION = "unresolved-interpolation", Warning,
    summary: "A value holds ${NAME} or $NAME in a file nothing interpolates.",
    what: "A value contains a shell-style reference (`${OKTA_DOMAIN}`, `${VAR:-default}`, `$VAR`) in a file that no tool expands: a `.env` file given to `iamconf check` (or to `docker run --env-file`), an iamconf config file, Helm values (only `{{ }}` templates are expanded there), an operator custom resource. Docker Compose files and Kubernetes `$(NAME)` references are expanded by those tools and are resolved as they do; an unresolvable one makes the value unknown, not wrong. In `$VAR` form only upper-case names count, and never inside a URL's `user:password@`, so that passwords with a `$` are not mistaken for references.",
    why: "The server receives the text literally: `OIDC_ISSUER=https://${OKTA_DOMAIN}` makes it fetch discovery from a host named `${okta_domain}`, and sign-in fails.",
    example: "OIDC_ISSUER=https://${OKTA_DOMAIN}/oauth2/default",
    fix: "Write the value itself (`OIDC_ISSUER=https://acme.okta.com/oauth2/default`), or generate the file with a tool that expands it (`envsubst`, Compose, Helm `tpl`).",
}

/// The first `${...}` or `$NAME` reference in `text`, or `None`. With `strict`, only the braced
/// form counts (for secret values, where a `$` is often just a character of the secret).
/// `$NAME` needs an upper-case name of two characters or more; the user-info part of a URL is
/// skipped.
pub(crate) fn find_reference(text: &str, strict: bool) -> Option<&str> {
    // Skip `user:password@` of a URL.
    let start = text
        .find("://")
        .map(|i| i + 3)
        .and_then(|a| {
            let rest = &text[a..];
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            rest[..end].rfind('@').map(|at| a + at + 1)
        })
        .unwrap_or(0);
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(off) = text[i..].find('$') {
        let at = i + off;
        // `$$` is an escaped dollar in Compose and Kubernetes: never a reference.
        if bytes.get(at + 1) == Some(&b'$') {
            i = at + 2;
            continue;
        }
        if bytes.get(at + 1) == Some(&b'{') {
            if let Some(close) = text[at..].find('}') {
                let inner = &text[at + 2..at + close];
                let name_end = inner
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(inner.len());
                let name = &inner[..name_end];
                if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
                    return Some(&text[at..=at + close]);
                }
            }
        } else if !strict {
            let rest = &text[at + 1..];
            let len = rest
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..len];
            if len >= 2 && name.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Some(&text[at..=at + len]);
            }
        }
        i = at + 1;
    }
    None
}

/// Where a `${NAME}` is never expanded, so that it reaches the server literally. Compose files
/// are expanded by Compose (the Compose reader resolves them), and defaults are ours.
fn not_interpolated(kind: SourceKind) -> bool {
    !matches!(
        kind,
        SourceKind::Compose | SourceKind::Default | SourceKind::Discovery
    )
}

/// The finding for a reference in the value of `name`. The reference is quoted only for a value
/// that may be shown.
pub(crate) fn diagnostic(
    source: &crate::input::source::Source,
    name: &str,
    reference: &str,
    secret: bool,
) -> Diagnostic {
    let (message, help) = if secret {
        (
            format!(
                "{name} holds a `${{...}}` reference that nothing expands, so the server gets it literally"
            ),
            format!("write the secret itself into {name} (or generate the file with envsubst)"),
        )
    } else {
        let var = reference
            .trim_start_matches('$')
            .trim_start_matches('{')
            .trim_end_matches('}');
        let var = var.split([':', '-', '?', '=', '+']).next().unwrap_or(var);
        (
            format!(
                "{name} holds `{reference}`, which nothing expands here, so the server gets it literally"
            ),
            format!("replace `{reference}` in {name} with the value of {var}"),
        )
    };
    UNRESOLVED_INTERPOLATION.diag(source, &[name], message, help)
}

/// `unresolved-interpolation` over every resolved setting.
pub(crate) fn check(r: &Resolved, out: &mut Vec<Diagnostic>) {
    for (s, spec) in r.settings.iter().zip(VARIABLES) {
        if s.presence != Presence::Set || !not_interpolated(s.source.kind) {
            continue;
        }
        let text = match s.value.as_ref() {
            Some(Value::Text(t)) => t.as_str(),
            Some(Value::Url(u)) => u.expose_secret(),
            Some(Value::Secret(x)) => x.expose_secret(),
            Some(Value::List(l)) => match l.iter().find(|x| x.contains('$')) {
                Some(x) => x.as_str(),
                None => continue,
            },
            _ => continue,
        };
        if let Some(reference) = find_reference(text, spec.secret) {
            out.push(diagnostic(&s.source, &s.spelled, reference, spec.secret));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(
            find_reference("https://${OKTA_DOMAIN}", false),
            Some("${OKTA_DOMAIN}")
        );
        assert_eq!(find_reference("${A:-x}/y", true), Some("${A:-x}"));
        assert_eq!(
            find_reference("https://$OKTA_DOMAIN/x", false),
            Some("$OKTA_DOMAIN")
        );
        assert_eq!(find_reference("https://$OKTA_DOMAIN/x", true), None);
        assert_eq!(find_reference("mysql://u:pa$SWORD@db/w", false), None);
        assert_eq!(find_reference("cost $5 or $a", false), None);
        assert_eq!(find_reference("a$$B", false), None);
        assert_eq!(find_reference("$(KUBE_VAR)", false), None);
        assert_eq!(find_reference("${}", false), None);
        assert_eq!(find_reference("${", false), None);
        assert_eq!(find_reference("é$ÉT${X}", false), Some("${X}"));
        assert_eq!(find_reference("https://accounts.google.com", false), None);
    }
}
