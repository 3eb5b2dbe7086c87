//! Help lines in the file's own terms. The rules speak in variables (`set
//! OIDC_AUTH_METHOD=pkce`); in a values file the fix is a key (`global.auth.oidc.authMethod:
//! pkce`), in a custom resource a CR path (`spec.values.global.auth.oidc.authMethod: pkce`).
//!
//! Every `NAME=VALUE` and every bare `NAME` of a known variable in a help line is rewritten to
//! the key that sets it in this file: the key of the entry that set it (or set one of its
//! spellings), else the key the chart reads for it, else the env channel. The value is kept
//! exactly, and quoted when YAML 1.1 would read it as something else (`"true"`, `"24"`), so a
//! rewritten help never changes what it means. Words that are not variable names are left alone.

use crate::input::environment::Entry;
use crate::lint::yaml11::{self, Yaml11};
use crate::model::declaration as model;
use crate::model::spec::Spelling;

/// How a file names the place of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Terms {
    /// Operator-chart values; the prefix is `spec.values.` inside a v1 custom resource.
    ChartValues { prefix: String },
    /// Legacy `wandb` chart values.
    LegacyValues,
    /// A v2 custom resource.
    CrV2,
}

/// The canonical name of a variable's setting, for spellings the server reads (an unread
/// spelling such as `OIDC_CLIENT_SECRET` is a different place, never the same key).
fn canonical(name: &str) -> Option<&'static str> {
    model::lookup(name)
        .filter(|(_, spelling)| *spelling != Spelling::Unread)
        .map(|(spec, _)| spec.env)
}

/// Where a variable is written in a file.
enum Place {
    /// A key (`global.auth.oidc.authMethod`).
    Key(String),
    /// An item of the legacy chart's `extraEnv` list.
    LegacyExtraEnv(String),
    /// The Secret key a v2 `SecretKeySelector` field references.
    V2Secret(&'static str),
}

impl Place {
    fn with_value(&self, value: &str) -> String {
        match self {
            // The chart key counts hours and appends `h` itself.
            Place::Key(k) if k.ends_with("global.auth.sessionLengthHours") => {
                match value.strip_suffix('h').filter(|n| n.parse::<u64>().is_ok()) {
                    Some(hours) => format!("`{k}: {hours}`"),
                    None => {
                        let channel =
                            k.replace("global.auth.sessionLengthHours", "global.extraEnv");
                        format!("`{channel}.GORILLA_SESSION_LENGTH: {}`", yaml_scalar(value))
                    }
                }
            }
            Place::Key(k) => format!("`{k}: {}`", yaml_scalar(value)),
            Place::LegacyExtraEnv(n) => {
                format!("`extraEnv: [{{name: {n}, value: {}}}]`", yaml_scalar(value))
            }
            Place::V2Secret(field) => {
                format!("`{value}` in the Secret key that `{field}` references")
            }
        }
    }

    fn bare(&self) -> String {
        match self {
            Place::Key(k) => format!("`{k}`"),
            Place::LegacyExtraEnv(n) => format!("the `extraEnv` item `{n}`"),
            Place::V2Secret(field) => format!("the Secret key that `{field}` references"),
        }
    }
}

impl Terms {
    /// The key that sets `var` in this file, given the unit's entries.
    fn key_for(&self, var: &str, entries: &[Entry]) -> Option<Place> {
        let own = entries.iter().rev().find(|e| e.name == var).or_else(|| {
            let c = canonical(var)?;
            entries.iter().rev().find(|e| canonical(&e.name) == Some(c))
        });
        if let Some(key) = own.and_then(|e| e.source.name()) {
            if *self == Terms::LegacyValues && key.starts_with("extraEnv.") {
                return own.map(|e| Place::LegacyExtraEnv(e.name.clone()));
            }
            // A Secret reference names the Secret, not the value.
            if !key.ends_with("oidcSecret.name") {
                return Some(Place::Key(key.to_owned()));
            }
        }
        match self {
            Terms::ChartValues { prefix } => {
                let c = canonical(var).unwrap_or(var);
                let chart = crate::schema::helm::chart_keys()
                    .into_iter()
                    .find(|k| k.emits.iter().any(|e| *e == var || canonical(e) == Some(c)));
                Some(Place::Key(match chart {
                    Some(k) => format!("{prefix}{}", k.key),
                    None => format!("{prefix}global.extraEnv.{var}"),
                }))
            }
            Terms::LegacyValues => {
                let c = canonical(var).unwrap_or(var);
                Some(
                    LEGACY
                        .iter()
                        .find(|(v, _)| *v == var || canonical(v) == Some(c))
                        .map_or_else(
                            || Place::LegacyExtraEnv(var.to_owned()),
                            |(_, k)| Place::Key((*k).to_owned()),
                        ),
                )
            }
            Terms::CrV2 => {
                let c = canonical(var).unwrap_or(var);
                V2.iter()
                    .find(|(v, _)| *v == var || canonical(v) == Some(c))
                    .map(|(_, k)| match k.strip_suffix(" (in its Secret)") {
                        Some(field) => Place::V2Secret(field),
                        None => Place::Key((*k).to_owned()),
                    })
            }
        }
    }

    /// `help` with variables written as this file's keys.
    pub(crate) fn translate(&self, help: &str, entries: &[Entry]) -> String {
        // The legacy chart emits the client secret only under an unread name: the fix is an
        // `extraEnv` item that reads the chart's own Secret under the read name.
        if *self == Terms::LegacyValues
            && help.starts_with("rename OIDC_CLIENT_SECRET to GORILLA_OIDC_SECRET")
        {
            return "the chart passes `sso.clientSecret` only as OIDC_CLIENT_SECRET, which the server does not read: add an `extraEnv` item `{name: GORILLA_OIDC_SECRET, valueFrom: {secretKeyRef: {name: <the chart's Secret>, key: CLIENT_SECRET}}}`".to_owned();
        }
        let mut out = String::with_capacity(help.len() + 32);
        let bytes = help.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let is_name = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
            let at_word = i == 0 || !(is_name(bytes[i - 1]) || bytes[i - 1].is_ascii_lowercase());
            if at_word && bytes[i].is_ascii_uppercase() {
                let mut j = i;
                while j < bytes.len() && is_name(bytes[j]) {
                    j += 1;
                }
                let word = &help[i..j];
                let ends_word = j == bytes.len() || !bytes[j].is_ascii_lowercase();
                if ends_word && word.len() > 3 && model::lookup(word).is_some() {
                    if let Some(key) = self.key_for(word, entries) {
                        if bytes.get(j) == Some(&b'=') {
                            let rest = &help[j + 1..];
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            let mut value = &rest[..end];
                            let mut tail = "";
                            if let Some(v) = value.strip_suffix([',', ';', '.']) {
                                tail = &value[v.len()..];
                                value = v;
                            }
                            out.push_str(&key.with_value(value));
                            out.push_str(tail);
                            i = j + 1 + end;
                            continue;
                        }
                        out.push_str(&key.bare());
                        i = j;
                        continue;
                    }
                }
                out.push_str(word);
                i = j;
                continue;
            }
            let ch = help[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
        out
    }
}

/// A value as a YAML scalar that Helm reads back as the same string.
fn yaml_scalar(value: &str) -> String {
    let special = value.is_empty()
        || yaml11::resolve(value, false) != Yaml11::Str
        || matches!(value, "~" | "null" | "Null" | "NULL")
        || value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', ' ',
        ])
        || value.ends_with(' ')
        || value.contains(": ")
        || value.contains(" #");
    if special {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        value.to_owned()
    }
}

/// Legacy chart keys (REFERENCE.md 2.2).
const LEGACY: &[(&str, &str)] = &[
    ("HOST", "host"),
    ("LICENSE", "license"),
    ("OIDC_ISSUER", "sso.issuer"),
    ("OIDC_CLIENT_ID", "sso.clientId"),
    ("OIDC_AUTH_METHOD", "sso.method"),
    ("OIDC_CLIENT_SECRET", "sso.clientSecret"),
    ("GORILLA_DISABLE_SSO_PROVISIONING", "sso.autoProvision"),
    ("LOCAL_LDAP_ADDRESS", "ldap.host"),
    ("LOCAL_LDAP_BASE_DN", "ldap.baseDN"),
    ("LOCAL_LDAP_BIND_DN", "ldap.bindDN"),
    ("LOCAL_LDAP_ATTRIBUTES", "ldap.attributes"),
    ("LOCAL_LDAP_GROUP_ALLOW_LIST", "ldap.groupAllowList"),
    ("LOCAL_LDAP_TLS_ENABLE", "ldap.tls"),
    ("LOCAL_LDAP_BIND_PW", "ldap.bindPW"),
];

/// v2 custom resource fields (REFERENCE.md 6.2); selectors name the Secret reference.
const V2: &[(&str, &str)] = &[
    (
        "GORILLA_OIDC_ISSUER",
        "spec.wandb.oidc.issuerUrl (in its Secret)",
    ),
    (
        "GORILLA_OIDC_CLIENT_ID",
        "spec.wandb.oidc.clientId (in its Secret)",
    ),
    (
        "GORILLA_AUTH_METHOD",
        "spec.wandb.oidc.authMethod (in its Secret)",
    ),
    (
        "GORILLA_OIDC_SECRET",
        "spec.wandb.oidc.clientSecret (in its Secret)",
    ),
    ("GORILLA_SESSION_LENGTH", "spec.wandb.oidc.sessionLength"),
    ("HOST", "spec.wandb.hostname"),
    ("GORILLA_FILE_HOST", "spec.wandb.hostname"),
    ("LICENSE", "spec.wandb.license"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::{Source, SourceKind};
    use std::path::Path;

    fn at(name: &str, key: &str) -> Entry {
        Entry::text(
            name,
            "x",
            Source::file(SourceKind::HelmValues, Path::new("v.yaml"), 1, 1).with_name(key),
        )
    }

    #[test]
    fn values_get_keys() {
        let t = Terms::ChartValues {
            prefix: String::new(),
        };
        assert_eq!(
            t.translate("set OIDC_AUTH_METHOD=pkce", &[]),
            "set `global.auth.oidc.authMethod: pkce`"
        );
        // The entry that set the setting names the key, whatever spelling the rule used.
        let set = [at(
            "GORILLA_AUTH_METHOD",
            "global.extraEnv.GORILLA_AUTH_METHOD",
        )];
        assert_eq!(
            t.translate("set OIDC_AUTH_METHOD=pkce", &set),
            "set `global.extraEnv.GORILLA_AUTH_METHOD: pkce`"
        );
        assert_eq!(
            t.translate("remove LOCAL_RESTORE once access is restored", &[]),
            "remove `global.extraEnv.LOCAL_RESTORE` once access is restored"
        );
        let cr = Terms::ChartValues {
            prefix: "spec.values.".to_owned(),
        };
        assert_eq!(
            cr.translate("set OIDC_AUTH_METHOD=pkce, then redeploy", &[]),
            "set `spec.values.global.auth.oidc.authMethod: pkce`, then redeploy"
        );
    }

    #[test]
    fn values_keep_their_meaning() {
        let t = Terms::ChartValues {
            prefix: String::new(),
        };
        assert_eq!(
            t.translate("set LOCAL_RESTORE=true only to sign in", &[]),
            "set `global.extraEnv.LOCAL_RESTORE: \"true\"` only to sign in"
        );
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("24"), "\"24\"");
        assert_eq!(
            yaml_scalar("https://acme.okta.com"),
            "https://acme.okta.com"
        );
        assert_eq!(yaml_scalar("ldap://ldap.corp:389"), "ldap://ldap.corp:389");
        // Not variables: left alone.
        assert_eq!(t.translate("use HTTPS and PKCE", &[]), "use HTTPS and PKCE");
    }
}
