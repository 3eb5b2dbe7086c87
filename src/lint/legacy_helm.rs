//! Legacy `wandb` chart values (`sso:`, `ldap:`, `host:`; REFERENCE.md 2.2), mapped to the
//! variables its deployment template renders.

use crate::input::environment::{Entry, RawValue};
use crate::input::yaml::{Node, NodeKind};
use crate::lint::helm::Values;
use crate::lint::{Output, YamlFile, raw_text, scalar};
use crate::rules::deployment::HELM_EXTRA_ENV_NOT_MAP;

/// Keys the legacy chart reads under `sso`.
const SSO_KEYS: &[&str] = &[
    "enabled",
    "autoProvision",
    "issuer",
    "method",
    "clientId",
    "clientSecret",
];

/// Go template truthiness of a values node: null, empty, `false` and `0` are false.
fn truthy(node: Option<&Node>) -> bool {
    match node.map(|n| &n.kind) {
        None | Some(NodeKind::Null) => false,
        Some(NodeKind::Scalar { text, quoted }) => {
            !(text.is_empty() || (!quoted && matches!(text.as_str(), "false" | "0")))
        }
        Some(NodeKind::Map(m)) => !m.is_empty(),
        Some(NodeKind::Seq(s)) => !s.is_empty(),
    }
}

/// Reads legacy chart values.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>) -> Output {
    let mut v = Values::new(file);
    let Some(root) = docs.iter().find(|d| !d.is_null()) else {
        return v.finish(None);
    };
    v.text(&["HOST"], "host", root.get("host"));
    v.text(&["LICENSE"], "license", root.get("license"));
    if v.text(&["BUCKET"], "bucket", root.get("bucket")) {
        v.text(&["AWS_REGION"], "bucketRegion", root.get("bucketRegion"));
        v.text(
            &["AWS_S3_KMS_ID"],
            "bucketKmsKeyArn",
            root.get("bucketKmsKeyArn"),
        );
    }

    if let Some((sso_key, sso)) = root.entry("sso") {
        v.unknown_keys(sso, "sso", SSO_KEYS);
        if truthy(sso.get("enabled")) {
            read_sso(&mut v, sso_key, sso);
        }
    }

    if let Some(ldap) = root.get("ldap") {
        if truthy(ldap.get("enabled")) {
            for (key, var) in [
                ("host", "LOCAL_LDAP_ADDRESS"),
                ("baseDN", "LOCAL_LDAP_BASE_DN"),
                ("bindDN", "LOCAL_LDAP_BIND_DN"),
                ("attributes", "LOCAL_LDAP_ATTRIBUTES"),
                ("groupAllowList", "LOCAL_LDAP_GROUP_ALLOW_LIST"),
                ("tls", "LOCAL_LDAP_TLS_ENABLE"),
            ] {
                v.text(&[var], &format!("ldap.{key}"), ldap.get(key));
            }
            // `bindPW` names the Secret that holds the password.
            if let Some(node) = ldap.get("bindPW").filter(|n| !n.is_null()) {
                v.unknown(&["LOCAL_LDAP_BIND_PW"], "ldap.bindPW", node);
            }
        }
    }

    if let Some((key, node)) = root.entry("extraEnv") {
        extra_env(&mut v, key, node);
    }
    v.finish(None)
}

/// `sso.*` when `sso.enabled`: the chart always renders issuer, method, client id and the
/// provisioning switch, and the client secret when one is given.
fn read_sso(v: &mut Values<'_, '_>, sso_key: &Node, sso: &Node) {
    for (key, var) in [("issuer", "OIDC_ISSUER"), ("clientId", "OIDC_CLIENT_ID")] {
        let full = format!("sso.{key}");
        if !v.text(&[var], &full, sso.get(key)) {
            // Rendered as an empty value.
            let at = sso.entry(key).map_or(sso_key, |(k, _)| k);
            v.entries.push(Entry {
                name: var.to_owned(),
                value: RawValue::Text(String::new()),
                source: v.file.source(var, at).with_name(full),
            });
        }
    }
    v.text(&["OIDC_AUTH_METHOD"], "sso.method", sso.get("method"));
    if v.text(
        &["OIDC_CLIENT_SECRET"],
        "sso.clientSecret",
        sso.get("clientSecret"),
    ) {
        if let Some(node) = sso.get("clientSecret") {
            v.plain_secret(
                "OIDC_CLIENT_SECRET",
                "sso.clientSecret",
                node,
                "set `createSecrets: false` and provide the chart's Secret yourself (for example with Sealed Secrets)",
            );
        }
    }
    // `not .Values.sso.autoProvision`: a missing autoProvision disables provisioning.
    let auto = sso.get("autoProvision");
    let at = sso
        .entry("autoProvision")
        .map(|(_, n)| n)
        .or_else(|| sso.entry("enabled").map(|(k, _)| k))
        .unwrap_or(sso_key);
    v.entries.push(Entry {
        name: "GORILLA_DISABLE_SSO_PROVISIONING".to_owned(),
        value: RawValue::Text((!truthy(auto)).to_string()),
        source: v
            .file
            .source("GORILLA_DISABLE_SSO_PROVISIONING", at)
            .with_name("sso.autoProvision"),
    });
}

/// `extraEnv`: a list of `{name, value}` (or `valueFrom`) items copied into the container's env.
fn extra_env(v: &mut Values<'_, '_>, key_node: &Node, node: &Node) {
    match &node.kind {
        NodeKind::Null => {}
        NodeKind::Seq(items) => {
            for item in items {
                let Some((name_key, name)) = item
                    .entry("name")
                    .and_then(|(k, n)| scalar(n).map(|s| (k, s)))
                else {
                    continue;
                };
                let full = format!("extraEnv.{name}");
                match item.get("value") {
                    Some(val) => v.entries.push(Entry {
                        name: name.to_owned(),
                        value: scalar(val).map_or(RawValue::Text(String::new()), raw_text),
                        source: v.file.source(name, val).with_name(full),
                    }),
                    None => v.unknown(&[name], &full, name_key),
                }
            }
        }
        NodeKind::Scalar { .. } | NodeKind::Map(_) => {
            v.findings.push(HELM_EXTRA_ENV_NOT_MAP.diag(
                &v.file.source("", key_node).with_name("extraEnv"),
                &[],
                "`extraEnv` of the legacy chart must be a list of `{name, value}` items; this one is not rendered as variables",
                "write `extraEnv` as a list: `- name: NAME` / `  value: VALUE`",
            ));
        }
    }
}
