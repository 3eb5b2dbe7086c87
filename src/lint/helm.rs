//! Operator chart values (`operator-wandb`, `global:`), mapped to variables exactly as the chart
//! renders them (REFERENCE.md 2.1), quirks included: no OIDC variables while `clientId` is empty,
//! `authMethod: ""` meaning the default, `sessionLengthHours` becoming `GORILLA_SESSION_LENGTH=<n>h`,
//! `global.extraEnv` entries as variables. Empty strings (the chart's defaults) count as not set.

use crate::input::environment::{Entry, RawValue};
use crate::input::yaml::{Node, NodeKind};
use crate::lint::{Output, Unit, YamlFile, raw_text, scalar};
use crate::model::suggest::{edit_distance, nearest_by};
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::{
    HELM_EXTRA_ENV_NOT_MAP, HELM_OIDC_DISABLED, HELM_UNKNOWN_KEY, SECRET_IN_PLAIN_VALUE,
};
use crate::rules::values::INVALID_NUMBER;

/// The variables the chart emits from a key (from the chart table of the schema and docs).
fn emits(key: &str) -> Vec<&'static str> {
    crate::schema::helm::emits(key)
}

/// The primary variable the chart emits from a key (the one findings name).
fn primary(key: &str) -> &'static str {
    // Every key `read` maps is in the table; a test holds each of them to a variable.
    emits(key).first().copied().unwrap_or_default()
}

/// Keys the operator chart reads under `global.auth` (from the chart table of the schema).
fn auth_keys() -> Vec<&'static str> {
    crate::schema::helm::children_of("global.auth")
}

/// Keys the operator chart reads under `global.auth.oidc`.
fn oidc_keys() -> Vec<&'static str> {
    crate::schema::helm::children_of("global.auth.oidc")
}

/// Collects the variables of a values file with their sources.
pub(super) struct Values<'a, 'f> {
    pub(super) file: &'a YamlFile<'f>,
    pub(super) entries: Vec<Entry>,
    pub(super) findings: Vec<Diagnostic>,
}

impl<'a, 'f> Values<'a, 'f> {
    pub(super) fn new(file: &'a YamlFile<'f>) -> Self {
        Values {
            file,
            entries: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Emits `names` with the scalar text of `node` when it is a non-empty scalar.
    pub(super) fn text(&mut self, names: &[&str], key: &str, node: Option<&Node>) -> bool {
        let Some(node) = node else { return false };
        let Some(text) = scalar(node).filter(|t| !t.is_empty()) else {
            return false;
        };
        for name in names {
            self.entries.push(Entry {
                name: (*name).to_owned(),
                value: raw_text(text),
                source: self.file.source(name, node).with_name(key),
            });
        }
        true
    }

    /// Emits `names` with a value known only at deploy time (a Secret reference).
    pub(super) fn unknown(&mut self, names: &[&str], key: &str, node: &Node) {
        for name in names {
            self.entries.push(Entry {
                name: (*name).to_owned(),
                value: RawValue::Unknown,
                source: self.file.source(name, node).with_name(key),
            });
        }
    }

    /// `secret-in-plain-value` for a secret written as a plain value at `key`.
    pub(super) fn plain_secret(&mut self, name: &str, key: &str, node: &Node, fix: &str) {
        self.findings.push(SECRET_IN_PLAIN_VALUE.diag(
            &self.file.source(name, node).with_name(key),
            &[name],
            format!("`{key}` holds the secret {name} as a plain value"),
            fix,
        ));
    }

    /// `helm-unknown-key` for every key of `map` that is not in `known`.
    pub(super) fn unknown_keys(&mut self, map: &Node, prefix: &str, known: &[&str]) {
        let Some(entries) = map.as_map() else { return };
        for (k, _) in entries {
            let Some(key) = k.as_str() else { continue };
            // `<<` is a YAML merge key, not a chart key.
            if known.contains(&key) || key == "<<" {
                continue;
            }
            let full = format!("{prefix}.{key}");
            let help = match nearest(key, known) {
                Some(n) => format!("did you mean `{prefix}.{n}`?"),
                None => format!(
                    "the chart reads only {} under `{prefix}`",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.findings.push(HELM_UNKNOWN_KEY.diag(
                &self.file.source("", k).with_name(full.clone()),
                &[],
                format!("`{full}` is not a key the chart reads, so it is ignored"),
                help,
            ));
        }
    }

    pub(super) fn finish(self, label: Option<String>) -> Output {
        Output {
            units: vec![Unit {
                label,
                entries: self.entries,
                hidden: Vec::new(),
            }],
            findings: self.findings,
            allows: Vec::new(),
        }
    }
}

/// The known key nearest to `key`: same letters ignoring case, within a few edits, or a prefix.
pub(super) fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase();
    let distance = |k: &str| {
        let kl = k.to_ascii_lowercase();
        if kl == lower {
            0
        } else if kl.starts_with(&lower)
            || lower.starts_with(&kl)
            || kl.ends_with(&lower)
            || lower.ends_with(&kl)
        {
            1
        } else {
            edit_distance(&lower, &kl)
        }
    };
    nearest_by(known.iter().copied(), distance, |k| (k.len() / 3).max(2))
}

/// Whether a node is a non-empty scalar.
fn is_set(node: Option<&Node>) -> bool {
    node.and_then(scalar).is_some_and(|t| !t.is_empty())
}

/// Reads operator chart values.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>) -> Output {
    let mut v = Values::new(file);
    let Some(root) = docs.iter().find(|d| !d.is_null()) else {
        return v.finish(None);
    };
    let Some(global) = root.get("global") else {
        return v.finish(None);
    };

    v.text(&emits("global.host"), "global.host", global.get("host"));
    if v.text(
        &emits("global.license"),
        "global.license",
        global.get("license"),
    ) {
        if let Some(node) = global.get("license") {
            v.plain_secret(
                primary("global.license"),
                "global.license",
                node,
                "keep the license in a Secret and set `global.licenseSecret.name` and `global.licenseSecret.key`",
            );
        }
    }

    if let Some(auth) = global.get("auth") {
        v.unknown_keys(auth, "global.auth", &auth_keys());
        session_length(&mut v, auth);
        if let Some(oidc) = auth.get("oidc") {
            read_oidc(&mut v, oidc);
        }
    }

    if let Some(slack) = global.get("slack") {
        v.text(
            &emits("global.slack.clientId"),
            "global.slack.clientId",
            slack.get("clientId"),
        );
        if v.text(
            &emits("global.slack.secret"),
            "global.slack.secret",
            slack.get("secret"),
        ) {
            if let Some(node) = slack.get("secret") {
                v.plain_secret(
                    primary("global.slack.secret"),
                    "global.slack.secret",
                    node,
                    "keep the Slack secret in a Kubernetes Secret and pass it with `global.extraEnv` and a `valueFrom`",
                );
            }
        }
    }
    v.text(
        &emits("global.bucket.kmsKey"),
        "global.bucket.kmsKey",
        global.path("bucket.kmsKey"),
    );

    if let Some((key, node)) = global.entry("extraEnv") {
        extra_env(&mut v, key, node, "global.extraEnv");
    }
    v.finish(None)
}

/// `global.auth.sessionLengthHours` n -> `GORILLA_SESSION_LENGTH=<n>h`.
fn session_length(v: &mut Values<'_, '_>, auth: &Node) {
    let key = "global.auth.sessionLengthHours";
    let var = primary(key);
    let Some(node) = auth.get("sessionLengthHours") else {
        return;
    };
    let Some(text) = scalar(node).filter(|t| !t.is_empty()) else {
        return;
    };
    if text.contains("{{") {
        v.unknown(&[var], key, node);
        return;
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        v.findings.push(INVALID_NUMBER.diag(
            &v.file.source(var, node).with_name(key),
            &[var],
            format!(
                "`{key}` must be a whole number of hours, not `{text}`: the chart appends `h`, so the server would get {var}={text}h"
            ),
            format!(
                "write the number alone: `sessionLengthHours: {}`",
                text.trim_end_matches(['h', 'H']).trim()
            ),
        ));
        return;
    }
    v.entries.push(Entry {
        name: var.to_owned(),
        value: RawValue::Text(format!("{text}h")),
        source: v.file.source(var, node).with_name(key),
    });
}

/// `global.auth.oidc.*`.
fn read_oidc(v: &mut Values<'_, '_>, oidc: &Node) {
    v.unknown_keys(oidc, "global.auth.oidc", &oidc_keys());
    let client_id = oidc.get("clientId");
    if is_set(client_id) {
        v.text(
            &emits("global.auth.oidc.clientId"),
            "global.auth.oidc.clientId",
            client_id,
        );
        v.text(
            &emits("global.auth.oidc.issuer"),
            "global.auth.oidc.issuer",
            oidc.get("issuer"),
        );
        v.text(
            &emits("global.auth.oidc.authMethod"),
            "global.auth.oidc.authMethod",
            oidc.get("authMethod"),
        );
    } else {
        let set = ["issuer", "authMethod", "secret"]
            .into_iter()
            .find_map(|k| {
                oidc.entry(k)
                    .filter(|(_, n)| is_set(Some(n)))
                    .map(|e| (k, e))
            });
        if let Some((key, (_, node))) = set {
            let full = format!("global.auth.oidc.{key}");
            let var = primary(&full);
            let at = v.file.source(var, node).with_name(full.clone());
            v.findings.push(HELM_OIDC_DISABLED.diag(
                &at,
                &[var, primary("global.auth.oidc.clientId")],
                format!(
                    "`{full}` is set but `global.auth.oidc.clientId` is empty, so the chart emits no OIDC variables and SSO is off"
                ),
                "set `global.auth.oidc.clientId` to the client id of the W&B application at your identity provider",
            ));
        }
    }
    // The chart emits the secret whenever one is given, whatever clientId holds.
    let names = emits("global.auth.oidc.secret");
    if v.text(&names, "global.auth.oidc.secret", oidc.get("secret")) {
        if let Some(node) = oidc.get("secret") {
            v.plain_secret(
                primary("global.auth.oidc.secret"),
                "global.auth.oidc.secret",
                node,
                "keep the client secret in a Kubernetes Secret and set `global.auth.oidc.oidcSecret.name` (and `secretKey`) instead",
            );
        }
    }
    if let Some(name) = oidc.path("oidcSecret.name").filter(|n| is_set(Some(n))) {
        v.unknown(&names, "global.auth.oidc.oidcSecret.name", name);
    }
}

/// `global.extraEnv`: a mapping `NAME: value` whose entries become variables.
fn extra_env(v: &mut Values<'_, '_>, key_node: &Node, node: &Node, key: &str) {
    match &node.kind {
        NodeKind::Null => {}
        NodeKind::Map(entries) => {
            for (k, val) in entries {
                let Some(name) = k.as_str() else { continue };
                let full = format!("{key}.{name}");
                match &val.kind {
                    NodeKind::Scalar { text, .. } => v.entries.push(Entry {
                        name: name.to_owned(),
                        value: raw_text(text),
                        source: v.file.source(name, val).with_name(full),
                    }),
                    NodeKind::Null => v.entries.push(Entry {
                        name: name.to_owned(),
                        value: RawValue::Text(String::new()),
                        source: v.file.source(name, k).with_name(full),
                    }),
                    NodeKind::Map(_) => match val.get("value").and_then(scalar) {
                        Some(text) => {
                            let at = val.get("value").unwrap_or(val);
                            v.entries.push(Entry {
                                name: name.to_owned(),
                                value: raw_text(text),
                                source: v.file.source(name, at).with_name(full),
                            });
                        }
                        None => v.unknown(&[name], &full, k),
                    },
                    NodeKind::Seq(_) => v.unknown(&[name], &full, k),
                }
            }
        }
        NodeKind::Scalar { .. } | NodeKind::Seq(_) => {
            let what = if node.as_seq().is_some() {
                "a list"
            } else {
                "a string"
            };
            v.findings.push(HELM_EXTRA_ENV_NOT_MAP.diag(
                &v.file.source("", key_node).with_name(key),
                &[],
                format!(
                    "`{key}` is {what}, not a mapping of `NAME: value`, so the chart sets none of these variables"
                ),
                format!("write `{key}` as a mapping, one `NAME: value` per line"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{auth_keys, nearest, oidc_keys};

    #[test]
    fn nearest_known_key() {
        assert_eq!(nearest("clientID", &oidc_keys()), Some("clientId"));
        assert_eq!(nearest("client_id", &oidc_keys()), Some("clientId"));
        assert_eq!(nearest("method", &oidc_keys()), Some("authMethod"));
        assert_eq!(nearest("issuerUrl", &oidc_keys()), Some("issuer"));
        assert_eq!(nearest("clientSecret", &oidc_keys()), Some("secret"));
        assert_eq!(
            nearest("sessionLength", &auth_keys()),
            Some("sessionLengthHours")
        );
        assert_eq!(nearest("banana", &oidc_keys()), None);
    }
}

#[cfg(test)]
mod chart_keys {
    use super::{auth_keys, oidc_keys};

    /// `lint` knows exactly the keys of the chart table that the schema and docs are built from,
    /// including every key of the real chart's `global.auth` and `global.auth.oidc`.
    #[test]
    fn known_keys_come_from_the_chart_table() {
        let mut auth = auth_keys();
        auth.sort_unstable();
        assert_eq!(auth, ["jwkUrl", "oidc", "sessionLengthHours"]);
        let mut oidc = oidc_keys();
        oidc.sort_unstable();
        assert_eq!(
            oidc,
            ["authMethod", "clientId", "issuer", "oidcSecret", "secret"]
        );
    }

    /// Each key `read` maps emits the variables REFERENCE.md 2.1 says, primary spelling first.
    #[test]
    fn mapped_keys_emit_their_variables() {
        use super::{emits, primary};
        for (key, want) in [
            ("global.host", &["HOST"][..]),
            ("global.license", &["LICENSE"]),
            (
                "global.auth.sessionLengthHours",
                &["GORILLA_SESSION_LENGTH"],
            ),
            (
                "global.auth.oidc.clientId",
                &["OIDC_CLIENT_ID", "GORILLA_OIDC_CLIENT_ID"],
            ),
            (
                "global.auth.oidc.issuer",
                &["OIDC_ISSUER", "GORILLA_OIDC_ISSUER"],
            ),
            (
                "global.auth.oidc.authMethod",
                &["OIDC_AUTH_METHOD", "GORILLA_AUTH_METHOD"],
            ),
            (
                "global.auth.oidc.secret",
                &["GORILLA_OIDC_SECRET", "OIDC_SECRET"],
            ),
            (
                "global.slack.clientId",
                &["SLACK_CLIENT_ID", "GORILLA_SLACK_CLIENT_ID"],
            ),
            (
                "global.slack.secret",
                &["SLACK_SECRET", "GORILLA_SLACK_SECRET"],
            ),
            ("global.bucket.kmsKey", &["AWS_S3_KMS_ID"]),
        ] {
            assert_eq!(emits(key), want, "{key}");
            assert_eq!(primary(key), want[0], "{key}");
        }
    }
}
