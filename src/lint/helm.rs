//! Operator chart values (`operator-wandb`, `global:`), mapped to variables exactly as the chart
//! renders them (REFERENCE.md 2.1), quirks included: no OIDC variables while `clientId` is empty,
//! `authMethod: ""` meaning the default, `sessionLengthHours` becoming `GORILLA_SESSION_LENGTH=<n>h`,
//! `oidcSecret.name` making `secret` ignored, every env channel merged as wandb-base merges them
//! (`channels.rs`). Scalars are read as Helm reads them, YAML 1.1 (`yaml11.rs`): the rules judge
//! the rendered value and `helm-value-coerced` says when it differs from the written one. Empty
//! strings (the chart's defaults) count as not set.
//!
//! The same reader judges a v1 `WeightsAndBiases` custom resource's `spec.values` (the operator
//! renders them with this chart): [`Values::prefix`] puts `spec.values.` in front of every key
//! in messages and help.

use crate::input::environment::{Entry, RawValue};
use crate::input::tree::{Node, NodeKind};
use crate::lint::chart_version::{self, Bug, ChartVersion, OidcFacts};
use crate::lint::values::Values;
use crate::lint::yaml11::{self, Yaml11};
use crate::lint::{Output, YamlFile, scalar};
use crate::rules::deployment::{CHART_VERSION_BUG, HELM_CLIENT_ID_NOT_STRING, HELM_OIDC_DISABLED};
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

/// Whether a node is a non-empty scalar.
fn is_set(node: Option<&Node>) -> bool {
    node.and_then(scalar).is_some_and(|t| !t.is_empty())
}

/// Reads operator chart values.
pub(super) fn read(docs: &[Node], file: &YamlFile<'_>, chart: Option<&ChartVersion>) -> Output {
    let mut v = Values::new(file);
    if let Some(root) = docs.iter().find(|d| !d.is_null()) {
        read_values(&mut v, root, chart);
    }
    v.finish(None)
}

/// Reads the chart values at `root` into `v` (a values file, or a v1 CR's `spec.values`).
pub(super) fn read_values(v: &mut Values<'_, '_>, root: &Node, chart: Option<&ChartVersion>) {
    let mut facts = OidcFacts::default();
    let mut method_node: Option<&Node> = None;
    let mut secret_node: Option<(&Node, &'static str)> = None;
    if let Some(global) = root.get("global") {
        v.text(&emits("global.host"), "global.host", global.get("host"));
        if v.text(
            &emits("global.license"),
            "global.license",
            global.get("license"),
        ) {
            if let Some(node) = global.get("license") {
                let fix = format!(
                    "keep the license in a Secret and set `{}` and `{}`",
                    v.key("global.licenseSecret.name"),
                    v.key("global.licenseSecret.key")
                );
                v.plain_secret(primary("global.license"), "global.license", node, &fix);
            }
        }

        if let Some(auth) = global.get("auth") {
            v.unknown_keys(auth, "global.auth", &auth_keys());
            session_length(v, auth);
            if let Some(oidc) = auth.get("oidc") {
                read_oidc(v, oidc, &mut facts);
                method_node = oidc.get("authMethod");
                secret_node = oidc
                    .get("oidcSecret")
                    .and_then(|s| s.get("name"))
                    .filter(|n| is_set(Some(n)))
                    .map(|n| (n, "global.auth.oidc.oidcSecret.name"))
                    .or_else(|| {
                        oidc.get("secret")
                            .filter(|n| is_set(Some(n)))
                            .map(|n| (n, "global.auth.oidc.secret"))
                    });
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
                    let fix = format!(
                        "keep the Slack secret in a Kubernetes Secret and pass it with `{}` and a `valueFrom`",
                        v.key("global.extraEnv")
                    );
                    v.plain_secret(
                        primary("global.slack.secret"),
                        "global.slack.secret",
                        node,
                        &fix,
                    );
                }
            }
        }
        v.text(
            &emits("global.bucket.kmsKey"),
            "global.bucket.kmsKey",
            global.path("bucket.kmsKey"),
        );

        if let Some((k, ldap)) = global.entry("ldap") {
            if !ldap.is_null() && ldap.as_map().is_none_or(|m| !m.is_empty()) {
                let help = format!(
                    "set LDAP with `LOCAL_LDAP_*` variables in `{}` (LOCAL_LDAP_ADDRESS, LOCAL_LDAP_BASE_DN, LOCAL_LDAP_ATTRIBUTES, LOCAL_LDAP_LOGIN, ...)",
                    v.key("global.extraEnv")
                );
                v.ignored(
                    k,
                    "global.ldap",
                    &[],
                    "no operator-wandb template reads `global.ldap`, so LDAP is not configured by it",
                    help,
                );
            }
        }
    }

    let channels = super::channels::read(v, root);
    facts.gorilla_method_override = channels.sets("GORILLA_AUTH_METHOD");
    facts.secret_override = channels.sets("GORILLA_OIDC_SECRET") || channels.sets("OIDC_SECRET");
    if let Some(chart) = chart {
        chart_bugs(v, chart, facts, method_node, secret_node);
    }
}

/// `chart-version-bug` for each known bug of `chart` that applies.
fn chart_bugs(
    v: &mut Values<'_, '_>,
    chart: &ChartVersion,
    facts: OidcFacts,
    method: Option<&Node>,
    secret: Option<(&Node, &'static str)>,
) {
    let method_text = method.and_then(scalar).unwrap_or("pkce").to_owned();
    for bug in chart_version::bugs(chart, facts) {
        let fixed = bug.fixed_in();
        let secret_key = secret.map_or("global.auth.oidc.secret", |(_, k)| k);
        let secret = secret.map(|(n, _)| n);
        let (node, key, var, message, workaround) = match bug {
            Bug::MethodKeyIgnored => (
                method,
                "global.auth.oidc.authMethod",
                "OIDC_AUTH_METHOD",
                "reads `global.auth.oidc.method`, not `authMethod`: the auth method set here is ignored and `implicit` is used".to_owned(),
                format!(
                    "; with this version also set `{}: {method_text}`",
                    v.key("global.auth.oidc.method")
                ),
            ),
            Bug::NoSecret => (
                secret,
                secret_key,
                "GORILLA_OIDC_SECRET",
                "passes no OIDC client secret to the server".to_owned(),
                String::new(),
            ),
            Bug::SecretUnreadNames => (
                secret,
                secret_key,
                "GORILLA_OIDC_SECRET",
                format!(
                    "passes the client secret only as {}, names the server does not read",
                    if chart.version >= (0, 28, 3) {
                        "OIDC_CLIENT_SECRET and GORILLA_OIDC_CLIENT_SECRET"
                    } else {
                        "OIDC_CLIENT_SECRET"
                    }
                ),
                format!(
                    ", or set `{}` with a `valueFrom.secretKeyRef` to the same Secret",
                    v.key("global.extraEnv.GORILLA_OIDC_SECRET")
                ),
            ),
            Bug::GorillaMethodName => (
                method,
                "global.auth.oidc.authMethod",
                "GORILLA_AUTH_METHOD",
                "emits GORILLA_OIDC_AUTH_METHOD instead of GORILLA_AUTH_METHOD, so the api pods do not get this auth method".to_owned(),
                format!(
                    ", or set `{}: {method_text}`",
                    v.key("global.extraEnv.GORILLA_AUTH_METHOD")
                ),
            ),
            Bug::ApiImplicit => (
                method,
                "global.auth.oidc.authMethod",
                "GORILLA_AUTH_METHOD",
                "hard-codes `GORILLA_AUTH_METHOD: implicit` in the api ConfigMap, so the api pods use implicit whatever `authMethod` says".to_owned(),
                format!(
                    ", or set `{}: {method_text}`",
                    v.key("global.extraEnv.GORILLA_AUTH_METHOD")
                ),
            ),
        };
        let Some(node) = node else { continue };
        let full = v.key(key);
        // A Secret's name is not a secret: show it.
        let shown_as = if key.ends_with("oidcSecret.name") {
            ""
        } else {
            var
        };
        v.findings.push(CHART_VERSION_BUG.diag(
            &v.file.source(shown_as, node).with_name(full),
            &[var],
            format!("operator-wandb {chart} (from {}) {message}", chart.from),
            format!(
                "upgrade operator-wandb to {fixed} or later (the first fixed version){workaround}"
            ),
        ));
    }
}

/// `global.auth.sessionLengthHours` n -> `GORILLA_SESSION_LENGTH=<n>h`, n printed as Helm
/// prints a float64.
fn session_length(v: &mut Values<'_, '_>, auth: &Node) {
    let key = "global.auth.sessionLengthHours";
    let full = v.key(key);
    let var = primary(key);
    let Some(node) = auth.get("sessionLengthHours") else {
        return;
    };
    let NodeKind::Scalar { text, quoted } = &node.kind else {
        return;
    };
    if text.is_empty() {
        return;
    }
    if text.contains("{{") {
        v.unknown(&[var], key, node);
        return;
    }
    let rendered = match yaml11::resolve(text, *quoted) {
        Yaml11::Int(_) | Yaml11::Float(_) => {
            let r = yaml11::helm_render(text, *quoted);
            if *r != **text {
                v.coerced(var, &full, node, text, &r, &format!("{r}h"));
            }
            r
        }
        _ if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.to_string(),
        _ => {
            v.findings.push(INVALID_NUMBER.diag(
                &v.file.source(var, node).with_name(full.clone()),
                &[var],
                format!(
                    "`{full}` must be a whole number of hours, not `{text}`: the chart appends `h`, so the server would get {var}={text}h"
                ),
                format!(
                    "write the number alone: `{full}: {}`",
                    text.trim_end_matches(['h', 'H']).trim()
                ),
            ));
            return;
        }
    };
    v.entries.push(Entry {
        name: var.to_owned(),
        value: RawValue::Text(format!("{rendered}h")),
        source: v.file.source(var, node).with_name(full),
    });
}

/// `global.auth.oidc.*`.
fn read_oidc(v: &mut Values<'_, '_>, oidc: &Node, facts: &mut OidcFacts) {
    v.unknown_keys(oidc, "global.auth.oidc", &oidc_keys());
    let client_id = oidc.get("clientId");
    let numeric = client_id.and_then(|n| match &n.kind {
        NodeKind::Scalar { text, quoted } => {
            (yaml11::resolve(text, *quoted) != Yaml11::Str).then_some((n, text.clone()))
        }
        _ => None,
    });
    if let Some((node, text)) = numeric {
        let full = v.key("global.auth.oidc.clientId");
        let var = primary("global.auth.oidc.clientId");
        v.findings.push(HELM_CLIENT_ID_NOT_STRING.diag(
            &v.file.source(var, node).with_name(full.clone()),
            &[var],
            format!(
                "`{full}` is not a string to Helm (YAML 1.1 reads `{text}` as a number or boolean): `helm template` fails with \"error calling ne: incompatible types for comparison\" and nothing is deployed"
            ),
            format!("quote it: `{full}: \"{text}\"`"),
        ));
        return;
    }
    let method = oidc.get("authMethod").and_then(scalar).unwrap_or("");
    facts.auth_method = !method.is_empty() && method != "implicit";
    facts.pkce = method == "pkce";
    facts.method_key = is_set(oidc.get("method"));
    if is_set(client_id) {
        facts.client_id = true;
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
            let full = v.key(&format!("global.auth.oidc.{key}"));
            let var = primary(&format!("global.auth.oidc.{key}"));
            let at = v.file.source(var, node).with_name(full.clone());
            let client = v.key("global.auth.oidc.clientId");
            v.findings.push(HELM_OIDC_DISABLED.diag(
                &at,
                &[var, primary("global.auth.oidc.clientId")],
                format!(
                    "`{full}` is set but `{client}` is empty, so the chart emits no OIDC variables and SSO is off"
                ),
                format!(
                    "set `{client}` to the client id of the W&B application at your identity provider"
                ),
            ));
        }
    }
    // The chart emits the secret whenever one is given, whatever clientId holds; with
    // `oidcSecret.name` set it reads that Secret and ignores `secret`.
    let names = emits("global.auth.oidc.secret");
    let secret_ref = oidc.path("oidcSecret.name").filter(|n| is_set(Some(n)));
    facts.secret = secret_ref.is_some() || is_set(oidc.get("secret"));
    if let Some((k, node)) = oidc.entry("secret").filter(|(_, n)| is_set(Some(n))) {
        let fix = format!(
            "keep the client secret in a Kubernetes Secret and set `{}` (and `secretKey`) instead",
            v.key("global.auth.oidc.oidcSecret.name")
        );
        v.plain_secret(
            primary("global.auth.oidc.secret"),
            "global.auth.oidc.secret",
            node,
            &fix,
        );
        if secret_ref.is_some() {
            let name_key = v.key("global.auth.oidc.oidcSecret.name");
            let help = format!(
                "remove `{}`; the client secret is read from the Secret `{name_key}` names",
                v.key("global.auth.oidc.secret")
            );
            v.ignored(
                k,
                "global.auth.oidc.secret",
                &[primary("global.auth.oidc.secret")],
                &format!(
                    "`{name_key}` is set, so the chart reads the client secret from that Secret and never uses this value"
                ),
                help,
            );
        } else {
            v.text(&names, "global.auth.oidc.secret", Some(node));
        }
    }
    if let Some(name) = secret_ref {
        v.unknown(&names, "global.auth.oidc.oidcSecret.name", name);
    }
}

#[cfg(test)]
mod tests {
    use super::{auth_keys, oidc_keys};
    use crate::lint::values::nearest;

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
            ("global.license", &["LICENSE", "GORILLA_LICENSE"]),
            (
                "global.auth.sessionLengthHours",
                &["GORILLA_SESSION_LENGTH", "GORILLA_GLUE_SESSION_LENGTH"],
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
