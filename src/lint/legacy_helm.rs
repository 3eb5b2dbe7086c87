//! Legacy `wandb` chart values (`sso:`, `ldap:`, `host:`; REFERENCE.md 2.2), mapped to the
//! variables its deployment template renders.

use crate::input::environment::{Entry, RawValue};
use crate::input::tree::{Node, NodeKind};
use crate::lint::values::Values;
use crate::lint::yaml11::{self, Yaml11};
use crate::lint::{Output, YamlFile, raw_text, scalar};
use crate::rules::deployment::{HELM_EXTRA_ENV_NOT_MAP, HELM_OIDC_DISABLED};

/// Keys the legacy chart reads under `sso`.
const SSO_KEYS: &[&str] = &[
    "enabled",
    "autoProvision",
    "issuer",
    "method",
    "clientId",
    "clientSecret",
];

/// Go template truthiness of a values node as Helm reads it (YAML 1.1): null, empty, `false`
/// (also `no`, `off`, `n`) and `0` are false.
fn truthy(node: Option<&Node>) -> bool {
    match node.map(|n| &n.kind) {
        None | Some(NodeKind::Null) => false,
        Some(NodeKind::Scalar { text, quoted }) => match yaml11::resolve(text, *quoted) {
            Yaml11::Bool(b) => b,
            Yaml11::Int(i) => i != 0,
            Yaml11::Float(f) => f != 0.0,
            Yaml11::Str | Yaml11::NotJson => !text.is_empty(),
        },
        Some(NodeKind::Map(m)) => !m.is_empty(),
        Some(NodeKind::Seq(s)) => !s.is_empty(),
    }
}

/// Reads legacy chart values.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>) -> Output {
    let mut v = Values::new(file);
    v.terms = Some(crate::lint::terms::Terms::LegacyValues);
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
        } else {
            sso_disabled(&mut v, sso);
        }
    }

    // `enableAdminApi`: an admin API key Secret and API-key admin access.
    if let Some(node) = root.get("enableAdminApi").filter(|n| truthy(Some(n))) {
        v.emit(
            "GORILLA_INSECURE_ALLOW_API_KEY_ADMIN_ACCESS",
            "true",
            "enableAdminApi",
            node,
        );
        v.unknown(&["GLOBAL_ADMIN_API_KEY"], "enableAdminApi", node);
    }

    if let Some(ldap) = root.get("ldap") {
        if let Some(enabled) = ldap.get("enabled").filter(|n| truthy(Some(n))) {
            // `ldap.enabled` renders `LOCAL_LDAP_LOGIN: "true"`.
            v.emit("LOCAL_LDAP_LOGIN", "true", "ldap.enabled", enabled);
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
            // `bindPW` is the password itself (the values.yaml comment "Secret name and key"
            // is wrong: `templates/secrets.yaml` base64-encodes it, and with
            // `createSecrets: false` the Deployment gets it as a plain `value:`).
            if v.text(&["LOCAL_LDAP_BIND_PW"], "ldap.bindPW", ldap.get("bindPW")) {
                if let Some(node) = ldap.get("bindPW") {
                    v.plain_secret(
                        "LOCAL_LDAP_BIND_PW",
                        "ldap.bindPW",
                        node,
                        "`ldap.bindPW` is the password itself, not a Secret name: set `createSecrets: false`, provide the chart's Secret yourself, and remove `ldap.bindPW` from the values",
                    );
                }
            }
        }
    }

    if let Some((key, node)) = root.entry("extraEnv") {
        extra_env(&mut v, key, node);
    }
    v.finish(None)
}

/// `helm-oidc-disabled` when `sso.*` is filled in but `sso.enabled` is false or missing: the
/// chart renders no OIDC variable at all.
fn sso_disabled(v: &mut Values<'_, '_>, sso: &Node) {
    let filled = ["issuer", "clientId", "clientSecret"]
        .into_iter()
        .find_map(|k| {
            sso.entry(k)
                .filter(|(_, n)| truthy(Some(n)))
                .map(|e| (k, e))
        });
    let Some((key, (_, node))) = filled else {
        return;
    };
    let full = format!("sso.{key}");
    let var = match key {
        "issuer" => "OIDC_ISSUER",
        "clientId" => "OIDC_CLIENT_ID",
        _ => "OIDC_CLIENT_SECRET",
    };
    let state = match sso.get("enabled") {
        None => "missing",
        Some(_) => "false",
    };
    v.findings.push(HELM_OIDC_DISABLED.diag(
        &v.file.source(var, node).with_name(full.clone()),
        &[var],
        format!(
            "`{full}` is set but `sso.enabled` is {state}, so the chart renders no OIDC variable and SSO is off"
        ),
        "set `sso.enabled: true`",
    ));
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
                    // The chart copies the list with `toYaml`: an unquoted `yes` or `24` stays
                    // a YAML boolean or number in the Deployment, which the API server refuses.
                    Some(val) => match crate::lint::manifest::rejected(
                        name,
                        val,
                        v.file,
                        "legacy chart `extraEnv` (copied into the Deployment with toYaml)",
                    ) {
                        Some(d) => v.findings.push(d),
                        None => v.entries.push(Entry {
                            name: name.to_owned(),
                            value: scalar(val).map_or(RawValue::Text(String::new()), raw_text),
                            source: v.file.source(name, val).with_name(full),
                        }),
                    },
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
