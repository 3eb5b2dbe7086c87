//! Help lines in Terraform terms: the shared rules say `set OIDC_AUTH_METHOD=pkce`; for a
//! finding on a call of W&B's modules that becomes `set oidc_auth_method = "pkce"` (the input the
//! module reads) or `set other_wandb_env = { GORILLA_SESSION_LENGTH = "24h" }` (a variable that
//! has no input of its own).

use std::collections::HashMap;

/// How one variable is written in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Term {
    /// A module input (`oidc_auth_method`); `true` when the input is a bool (written unquoted).
    Input(String, bool),
    /// A key of a map input (`other_wandb_env`).
    Env(String),
    /// A root-module variable the value comes through (set in `.tfvars` or `TF_VAR_name`).
    Var(String, bool),
}

/// How each variable of a call is written.
#[derive(Debug, Clone)]
pub(super) struct Terms {
    /// `module.wandb.` or empty.
    prefix: String,
    /// The input that set each variable in this call (the last one wins).
    set: HashMap<String, Term>,
    /// The input to use for a variable the call does not set.
    defaults: HashMap<String, Term>,
    /// The map input for variables with no input of their own.
    map: String,
}

impl Terms {
    pub(super) fn new(prefix: &str) -> Terms {
        Terms {
            prefix: prefix.to_owned(),
            set: HashMap::new(),
            defaults: HashMap::new(),
            map: "other_wandb_env".to_owned(),
        }
    }

    /// Variables with no input of their own go in `map` (`spec.values.global.extraEnv`).
    pub(super) fn set_map(&mut self, map: &str) {
        map.clone_into(&mut self.map);
    }

    /// `var` is set by `term` in this call.
    pub(super) fn set(&mut self, var: &str, term: Term) {
        self.set.insert(var.to_owned(), term);
    }

    /// `var` would be set by `term` (unless the call sets it some other way).
    pub(super) fn set_default(&mut self, var: &str, term: Term) {
        self.defaults.insert(var.to_owned(), term);
    }

    /// How `var` is written: its own input, else `other_wandb_env`.
    fn term(&self, var: &str) -> Term {
        if let Some(t) = self.set.get(var).or_else(|| self.defaults.get(var)) {
            return t.clone();
        }
        // No input of its own (or a `GORILLA_` twin of one): the map.
        Term::Env(self.map.clone())
    }

    /// Rewrites `NAME=value` and bare `NAME`s of known variables in a help line.
    pub(super) fn rewrite(&self, help: &str) -> String {
        let mut out = String::with_capacity(help.len() + 32);
        let bytes = help.as_bytes();
        let mut i = 0;
        while i < help.len() {
            let word_start = i == 0 || !is_name_byte(bytes[i - 1]);
            if word_start && bytes[i].is_ascii_uppercase() {
                let end = i + help[i..].bytes().take_while(|b| is_name_byte(*b)).count();
                let name = &help[i..end];
                if is_variable(name) {
                    let term = self.term(name);
                    if help[end..].starts_with('=') {
                        let vstart = end + 1;
                        let vend = value_end(help, vstart);
                        let value = &help[vstart..vend];
                        out.push_str(&self.assignment(name, &term, value));
                        i = vend;
                        continue;
                    }
                    out.push_str(&self.reference(name, &term));
                    i = end;
                    continue;
                }
                out.push_str(name);
                i = end;
                continue;
            }
            let c = help[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    fn assignment(&self, name: &str, term: &Term, value: &str) -> String {
        match term {
            Term::Input(input, true) if matches!(value, "true" | "false") => {
                format!("{input} = {value}")
            }
            Term::Input(input, _) => format!("{input} = {}", quote(value)),
            Term::Var(var, true) if matches!(value, "true" | "false") => {
                format!("{var} = {value}")
            }
            Term::Var(var, _) => format!("{var} = {}", quote(value)),
            Term::Env(map) => format!("{map} = {{ {name} = {} }}", quote(value)),
        }
    }

    fn reference(&self, name: &str, term: &Term) -> String {
        match term {
            Term::Input(input, _) => format!("`{}{input}`", self.prefix),
            Term::Env(map) => format!("`{}{map}.{name}`", self.prefix),
            Term::Var(var, _) => format!("`var.{var}`"),
        }
    }
}

/// Whether `name` is a variable the crate knows (not just any capitalised word).
fn is_variable(name: &str) -> bool {
    name.len() > 2 && (crate::model::declaration::lookup(name).is_some() || name.contains('_'))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'
}

/// Where the value of `NAME=value` in a help line ends: at `, `, ` or `, ` (`, `)`, `; ` or the end.
fn value_end(help: &str, start: usize) -> usize {
    let rest = &help[start..];
    let mut end = rest.len();
    for stop in [", ", " or ", " (", ")", "; ", " and "] {
        if let Some(p) = rest.find(stop) {
            end = end.min(p);
        }
    }
    // A sentence's closing full stop is not part of the value.
    let mut v = &rest[..end];
    if end == rest.len() {
        v = v.strip_suffix('.').unwrap_or(v);
    }
    start + v.len()
}

/// A value as a Terraform string literal.
fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn google() -> Terms {
        let mut t = Terms::new("module.wandb.");
        t.set("OIDC_ISSUER", Term::Input("oidc_issuer".into(), false));
        t.set_default(
            "OIDC_AUTH_METHOD",
            Term::Input("oidc_auth_method".into(), false),
        );
        t.set_default("LOCAL_RESTORE", Term::Input("local_restore".into(), true));
        t
    }

    #[test]
    fn assignments_become_inputs_or_map_entries() {
        let t = google();
        assert_eq!(
            t.rewrite("set OIDC_AUTH_METHOD=pkce"),
            "set oidc_auth_method = \"pkce\""
        );
        assert_eq!(
            t.rewrite("set OIDC_AUTH_METHOD=pkce or OIDC_AUTH_METHOD=implicit"),
            "set oidc_auth_method = \"pkce\" or oidc_auth_method = \"implicit\""
        );
        assert_eq!(
            t.rewrite("set LOCAL_RESTORE=false"),
            "set local_restore = false"
        );
        assert_eq!(
            t.rewrite("set GORILLA_SESSION_LENGTH=24h (or SESSION_LENGTH=24)"),
            "set other_wandb_env = { GORILLA_SESSION_LENGTH = \"24h\" } (or other_wandb_env = { SESSION_LENGTH = \"24\" })"
        );
        assert_eq!(
            t.rewrite("set OIDC_ISSUER=https://x.okta.com, the issuer"),
            "set oidc_issuer = \"https://x.okta.com\", the issuer"
        );
    }

    #[test]
    fn values_that_come_through_a_variable_are_fixed_there() {
        let mut t = google();
        t.set("OIDC_AUTH_METHOD", Term::Var("auth_method".into(), false));
        assert_eq!(
            t.rewrite("set OIDC_AUTH_METHOD=pkce"),
            "set auth_method = \"pkce\""
        );
        assert_eq!(
            t.rewrite("remove OIDC_AUTH_METHOD"),
            "remove `var.auth_method`"
        );
    }

    #[test]
    fn the_helm_module_puts_variables_in_its_spec() {
        let mut t = Terms::new("module.wandb.");
        t.set_map("spec.values.global.extraEnv");
        assert_eq!(
            t.rewrite("set OIDC_AUTH_METHOD=pkce"),
            "set spec.values.global.extraEnv = { OIDC_AUTH_METHOD = \"pkce\" }"
        );
    }

    #[test]
    fn bare_names_become_input_paths_and_other_words_stay() {
        let t = google();
        assert_eq!(
            t.rewrite("remove LOCAL_RESTORE once access is restored"),
            "remove `module.wandb.local_restore` once access is restored"
        );
        assert_eq!(
            t.rewrite("set HOST to the URL, as in RFC 8414"),
            "set `module.wandb.other_wandb_env.HOST` to the URL, as in RFC 8414"
        );
        assert_eq!(t.rewrite("use `pkce`"), "use `pkce`");
    }
}
