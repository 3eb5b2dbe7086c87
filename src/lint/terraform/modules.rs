//! W&B's Terraform modules (REFERENCE.md section 7): which `source` addresses they have, which
//! SSO/IAM inputs each declares, and which variables a call's inputs become, quirks included
//! (the google module sets the four OIDC variables only when `oidc_issuer` is not empty and lets
//! them win over `other_wandb_env`; the azurerm module ignores its `oidc_*` inputs).

use crate::input::environment::{Entry, RawValue};
use crate::lint::terraform::eval::{Item, Val};
use crate::lint::terraform::files::Place;
use crate::lint::terraform::help::{Term, Terms};
use crate::model::suggest::edit_distance;
use crate::report::diagnostic::Diagnostic;
use crate::rules::deployment::SECRET_IN_PLAIN_VALUE;
use crate::rules::terraform::{TERRAFORM_INPUT_IGNORED, TERRAFORM_INPUT_UNKNOWN};

/// One of W&B's modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Family {
    /// `wandb/wandb/aws` (terraform-aws-wandb).
    Aws,
    /// `wandb/wandb/google` (terraform-google-wandb).
    Google,
    /// `wandb/wandb/azurerm` (terraform-azurerm-wandb).
    Azurerm,
    /// `wandb/wandb/kubernetes` (terraform-kubernetes-wandb, before the operator).
    Kubernetes,
    /// `wandb/wandb/helm` (terraform-helm-wandb): `spec` is the operator CR's spec, whose
    /// `values` are operator-wandb chart values (REFERENCE.md 6.1).
    Helm,
}

impl Family {
    const ALL: [Family; 5] = [
        Family::Aws,
        Family::Google,
        Family::Azurerm,
        Family::Kubernetes,
        Family::Helm,
    ];

    fn provider(self) -> &'static str {
        match self {
            Family::Aws => "aws",
            Family::Google => "google",
            Family::Azurerm => "azurerm",
            Family::Kubernetes => "kubernetes",
            Family::Helm => "helm",
        }
    }

    /// The registry address.
    pub(super) fn address(self) -> String {
        format!("wandb/wandb/{}", self.provider())
    }

    /// The SSO/IAM inputs the module declares (REFERENCE.md 7.1; `variables.tf` of each repo).
    fn inputs(self) -> &'static [&'static str] {
        match self {
            Family::Aws => &[
                "license",
                "other_wandb_env",
                "weave_wandb_env",
                "parquet_wandb_env",
            ],
            Family::Google => &[
                "license",
                "oidc_issuer",
                "oidc_client_id",
                "oidc_secret",
                "oidc_auth_method",
                "local_restore",
                "other_wandb_env",
                "disable_code_saving",
                "app_wandb_env",
                "weave_wandb_env",
                "parquet_wandb_env",
            ],
            Family::Azurerm => &[
                "license",
                "oidc_issuer",
                "oidc_client_id",
                "oidc_secret",
                "oidc_auth_method",
                "other_wandb_env",
                "app_wandb_env",
                "weave_wandb_env",
                "parquet_wandb_env",
            ],
            Family::Kubernetes => &[
                "license",
                "host",
                "local_restore",
                "oidc_issuer",
                "oidc_client_id",
                "oidc_secret",
                "oidc_auth_method",
                "other_wandb_env",
                "other_wandb_secrets",
                "wandb_replicas",
            ],
            Family::Helm => &["spec"],
        }
    }

    /// Inputs only this module has, to guess the module a `.tfvars` file is written for.
    fn telling_inputs(self) -> &'static [&'static str] {
        match self {
            Family::Aws => &[
                "zone_id",
                "eks_cluster_version",
                "create_vpc",
                "kms_key_arn",
                "bucket_kms_key_arn",
                "allowed_inbound_cidr",
                "public_access",
                "eks_policy_arns",
            ],
            Family::Google => &[
                "project_id",
                "disable_code_saving",
                "gke_machine_type",
                "use_internal_queue",
                "app_wandb_env",
                "local_restore",
            ],
            Family::Azurerm => &[
                "location",
                "resource_group_name",
                "node_pool_vm_size",
                "create_redis",
            ],
            Family::Kubernetes => &[
                "host",
                "bucket",
                "bucket_queue",
                "database_connection_string",
                "redis_connection_string",
                "wandb_image",
                "wandb_version",
                "wandb_replicas",
                "other_wandb_secrets",
            ],
            // Never guessed for a `.tfvars` file: its input is one object.
            Family::Helm => &[],
        }
    }
}

/// The module a `source` address calls, and whether it is the root module (no `//submodule`).
/// Registry addresses (`wandb/wandb/aws`, `registry.terraform.io/wandb/wandb/aws`) and the
/// GitHub forms of the same repositories (`github.com/wandb/terraform-aws-wandb`,
/// `git::https://github.com/wandb/terraform-aws-wandb.git?ref=v8.0.0`) are recognised.
pub(super) fn family_of(source: &str) -> Option<(Family, bool)> {
    let s = source.trim().to_ascii_lowercase();
    let s = s.strip_prefix("git::").unwrap_or(&s);
    let (s, _query) = s.split_once('?').unwrap_or((s, ""));
    let s = s
        .trim_start_matches("https://")
        .trim_start_matches("ssh://")
        .trim_start_matches("git@");
    // `//` after the scheme separates the package from the submodule.
    let (package, sub) = s.split_once("//").unwrap_or((s, ""));
    let root = sub.trim_matches('/').is_empty();
    let package = package.trim_end_matches('/').trim_end_matches(".git");
    let package = package
        .strip_prefix("registry.terraform.io/")
        .or_else(|| package.strip_prefix("registry.opentofu.org/"))
        .unwrap_or(package);
    for family in Family::ALL {
        let repo = format!("wandb/terraform-{}-wandb", family.provider());
        if package == family.address()
            || package == format!("github.com/{repo}")
            || package == format!("github.com:{repo}")
        {
            return Some((family, root));
        }
    }
    None
}

/// The module whose inputs a `.tfvars` file most looks like (when no call wires it).
pub(super) fn guess_family<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Family {
    let score = |f: Family| {
        names
            .clone()
            .filter(|n| f.telling_inputs().contains(n))
            .count()
    };
    let best = Family::ALL
        .into_iter()
        .max_by_key(|f| (score(*f), *f == Family::Google))
        .unwrap_or(Family::Google);
    if score(best) > 0 {
        return best;
    }
    // No telling input: `oidc_*` inputs work only in the google and kubernetes modules; the
    // google one is the module that deploys the operator.
    if names.clone().any(|n| n.starts_with("oidc_")) {
        Family::Google
    } else {
        Family::Aws
    }
}

/// Whether a `.tfvars` file sets any input this crate judges.
pub(super) fn has_sso_input<'a>(mut names: impl Iterator<Item = &'a str>) -> bool {
    names.any(|n| {
        n.starts_with("oidc_")
            || matches!(
                n,
                "other_wandb_env" | "local_restore" | "other_wandb_secrets" | "disable_code_saving"
            )
    })
}

/// One input of a call: its name, the place of its name, and its value.
pub(super) struct Input {
    pub(super) name: String,
    pub(super) key: Place,
    pub(super) item: Item,
}

/// A call of one of W&B's modules (a `module` block, or a `.tfvars` file judged as one).
pub(super) struct Call {
    pub(super) family: Family,
    pub(super) root: bool,
    /// `module.wandb.` for a block, empty for a `.tfvars` file judged directly.
    pub(super) prefix: String,
    pub(super) inputs: Vec<Input>,
    /// The place of the `source` attribute (or the file start).
    pub(super) at: Place,
    /// The `version` constraint, when the call has one.
    pub(super) version: Option<String>,
}

/// What a call's inputs become.
pub(super) struct Mapped {
    pub(super) entries: Vec<Entry>,
    pub(super) findings: Vec<Diagnostic>,
    pub(super) terms: Terms,
}

impl Call {
    fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().rfind(|i| i.name == name)
    }

    fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// The variables the call sets, the findings about its inputs, and how to write each
    /// variable in this call.
    pub(super) fn map(&self) -> Mapped {
        let mut m = Mapper {
            call: self,
            entries: Vec::new(),
            findings: Vec::new(),
            terms: Terms::new(&self.prefix),
        };
        m.unknown_inputs();
        m.secrets();
        match self.family {
            Family::Google => m.google(),
            Family::Aws => m.aws(),
            Family::Azurerm => m.azurerm(),
            Family::Kubernetes => m.kubernetes(),
            Family::Helm => m.helm(),
        }
        Mapped {
            entries: m.entries,
            findings: m.findings,
            terms: m.terms,
        }
    }
}

struct Mapper<'c> {
    call: &'c Call,
    entries: Vec<Entry>,
    findings: Vec<Diagnostic>,
    terms: Terms,
}

/// The OIDC inputs and the variables the modules that use them set.
const OIDC_INPUTS: [(&str, &str); 4] = [
    ("oidc_issuer", "OIDC_ISSUER"),
    ("oidc_client_id", "OIDC_CLIENT_ID"),
    ("oidc_auth_method", "OIDC_AUTH_METHOD"),
    ("oidc_secret", "OIDC_SECRET"),
];

impl Mapper<'_> {
    /// A variable from an input's value; nothing for null or `""` (the modules' defaults).
    fn push(&mut self, var: &str, input: &str, item: &Item, term: Term) {
        if item.is_unset() {
            return;
        }
        self.push_value(var, &self.call.key(input), item);
        self.terms.set(var, through_var(item).unwrap_or(term));
    }

    fn push_value(&mut self, var: &str, key: &str, item: &Item) {
        let value = match &item.val {
            // `{{ }}` (the chart's `tpl`), `$(VAR)` (Kubernetes): filled in later, unknown here.
            Val::Str(s) => crate::lint::raw_text(s),
            Val::Num(s) => RawValue::Text(s.clone()),
            Val::Bool(b) => RawValue::Text(b.to_string()),
            Val::Null => return,
            Val::List(_) | Val::Map { .. } | Val::Unknown => RawValue::Unknown,
        };
        self.entries.push(Entry {
            name: var.to_owned(),
            value,
            source: item.at.source(var, key),
        });
    }

    /// A variable the module sets to something this crate cannot know (the host it builds).
    fn push_unknown(&mut self, var: &str, what: &str) {
        self.entries.push(Entry {
            name: var.to_owned(),
            value: RawValue::Unknown,
            source: self.call.at.source(var, &self.call.key(what)),
        });
    }

    /// The entries of a map input (`other_wandb_env`): each key a variable.
    fn push_map(&mut self, input: &str) {
        let Some(i) = self.call.input(input) else {
            return;
        };
        let Val::Map { entries, .. } = &i.item.val else {
            return;
        };
        for (name, item) in entries {
            if matches!(item.val, Val::Null) || (item.is_unset() && item.origin.default) {
                continue;
            }
            let key = format!("{}.{name}", self.call.key(input));
            if matches!(&item.val, Val::Str(s) if s.is_empty()) {
                self.entries.push(Entry {
                    name: name.clone(),
                    value: RawValue::Text(String::new()),
                    source: item.at.source(name, &key),
                });
            } else {
                self.push_value(name, &key, item);
            }
            let term = Term::Env(input.to_owned());
            self.terms.set(name, through_var(item).unwrap_or(term));
        }
    }

    /// The entry of `other_wandb_env` for `var`, if the map sets it.
    fn env_entry(&self, var: &str) -> Option<&Item> {
        let i = self.call.input("other_wandb_env")?;
        let Val::Map { entries, .. } = &i.item.val else {
            return None;
        };
        entries
            .iter()
            .rfind(|(n, _)| n == var)
            .map(|(_, item)| item)
    }

    fn ignored(&mut self, var: &str, at: &Place, key: &str, message: String, help: String) {
        self.findings.push(TERRAFORM_INPUT_IGNORED.diag(
            &at.source(var, key),
            &[var],
            message,
            help,
        ));
    }

    /// Whether the user gave this value (not a variable's default, not null or empty).
    fn given(item: &Item) -> bool {
        !item.origin.default && !item.is_unset()
    }

    /// `terraform-input-unknown` for SSO-looking inputs the module does not declare.
    fn unknown_inputs(&mut self) {
        if !self.call.root || self.call.prefix.is_empty() {
            return;
        }
        let family = self.call.family;
        // The input lists are those of the current releases; older ones are not second-guessed.
        let operator_major = match family {
            Family::Aws => 4,
            Family::Google => 3,
            Family::Azurerm => 2,
            Family::Kubernetes | Family::Helm => 0,
        };
        if below_major(self.call.version.as_deref(), operator_major) {
            return;
        }
        let declared = family.inputs();
        let all = ["local_restore", "other_wandb_env", "other_wandb_secrets"];
        for input in &self.call.inputs {
            let name = input.name.as_str();
            if declared.contains(&name) {
                continue;
            }
            let near = declared
                .iter()
                .copied()
                .filter(|d| d.len() >= 8)
                .map(|d| (edit_distance(name, d), d))
                .filter(|(dist, _)| *dist <= 2)
                .min();
            let sso_like = name.starts_with("oidc_") || all.contains(&name);
            if !sso_like && near.is_none() {
                continue;
            }
            let address = family.address();
            let help = match (near, OIDC_INPUTS.iter().find(|(i, _)| *i == name)) {
                (Some((_, d)), _) => format!("did you mean `{d}`?"),
                (None, Some((_, var))) => format!(
                    "{address} reads SSO settings only from `other_wandb_env`: other_wandb_env = {{ {var} = {} }}",
                    shown(var, &input.item)
                ),
                (None, None) if name == "local_restore" => format!(
                    "{address} has no `local_restore`; to break glass use other_wandb_env = {{ LOCAL_RESTORE = \"true\" }}"
                ),
                _ => format!("remove `{name}`: {address} does not read it"),
            };
            self.findings.push(TERRAFORM_INPUT_UNKNOWN.diag(
                &match mask_for(name, &input.item) {
                    // A secret's line is shown from its value, masked.
                    "" => input.key.source("", &self.call.key(name)),
                    mask => input.item.at.source(mask, &self.call.key(name)),
                },
                &[],
                format!(
                    "{address} declares no input `{name}`: `terraform plan` fails with \"Unsupported argument\""
                ),
                help,
            ));
        }
    }

    /// `secret-in-plain-value` for a literal client secret or license.
    fn secrets(&mut self) {
        let mut checks: Vec<(String, String, &Item)> = Vec::new();
        for input in &self.call.inputs {
            match input.name.as_str() {
                "oidc_secret" => checks.push((
                    "OIDC_SECRET".into(),
                    self.call.key("oidc_secret"),
                    &input.item,
                )),
                "license" => checks.push(("LICENSE".into(), self.call.key("license"), &input.item)),
                "other_wandb_env" | "other_wandb_secrets" => {
                    if let Val::Map { entries, .. } = &input.item.val {
                        for (name, item) in entries {
                            let secret = crate::model::declaration::lookup(name)
                                .is_some_and(|(s, _)| s.secret);
                            if secret {
                                checks.push((
                                    name.clone(),
                                    format!("{}.{name}", self.call.key(&input.name)),
                                    item,
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (var, key, item) in checks {
            if let Some(d) = plain_secret(&var, &key, item) {
                self.findings.push(d);
            }
        }
    }

    /// `wandb/wandb/google` (main.tf L311-316, L351-358).
    fn google(&mut self) {
        let call = self.call;
        if below_major(call.version.as_deref(), 3) {
            // Before v3.0.0 the module deployed W&B with wandb/wandb/kubernetes, passing these.
            return self.kubernetes();
        }
        self.push_unknown("HOST", "domain_name");
        if let Some(i) = call.input("disable_code_saving") {
            let item = i.item.clone();
            self.push(
                "GORILLA_DISABLE_CODE_SAVING",
                "disable_code_saving",
                &item,
                Term::Input("disable_code_saving".into(), true),
            );
        }
        self.push_map("other_wandb_env");
        let issuer = call.input("oidc_issuer").map(|i| &i.item);
        let open = issuer.is_some_and(|i| !i.is_unset());
        if open {
            for (input, var) in OIDC_INPUTS {
                let given = call.input(input).map(|i| i.item.clone());
                let env = self.env_entry(var).cloned();
                let default = if input == "oidc_auth_method" {
                    "implicit"
                } else {
                    ""
                };
                if let Some(env) = &env {
                    // The module merges the oidc_* values after other_wandb_env: they win.
                    let now = given
                        .as_ref()
                        .filter(|g| !g.is_unset())
                        .and_then(Item::text)
                        .unwrap_or_else(|| default.to_owned());
                    let now_shown = if crate::input::environment::is_sensitive_name(var) {
                        "***".to_owned()
                    } else {
                        match crate::input::environment::display_value(var, &now) {
                            Some(shown) => format!("\"{shown}\""),
                            None => "\"***\"".to_owned(),
                        }
                    };
                    self.entries.retain(|e| e.name != var);
                    self.ignored(
                        var,
                        &env.at,
                        &format!("{}.{var}", call.key("other_wandb_env")),
                        format!(
                            "`other_wandb_env.{var}` is replaced by the module's `{input}` ({now_shown}): the module merges the oidc_* inputs after other_wandb_env whenever `oidc_issuer` is set"
                        ),
                        format!("set {input} = {} and remove {var} from other_wandb_env", shown(var, env)),
                    );
                    if given.as_ref().is_none_or(Item::is_unset) && !default.is_empty() {
                        // The module's default replaces the map's value: said at the issuer.
                        let mut item = issuer.cloned().unwrap_or_else(|| env.clone());
                        item.val = Val::Str(default.to_owned());
                        item.origin.literal = false;
                        self.push_value(var, &format!("{} (default)", call.key(input)), &item);
                    }
                }
                if let Some(g) = &given {
                    self.push(var, input, g, Term::Input(input.into(), false));
                }
                // Whatever other_wandb_env says, the input decides.
                self.terms.set(var, Term::Input(input.into(), false));
            }
        } else {
            for (input, _) in &OIDC_INPUTS[1..] {
                let Some(i) = call.input(input) else { continue };
                if !Self::given(&i.item) {
                    continue;
                }
                let var = OIDC_INPUTS
                    .iter()
                    .find(|(n, _)| n == input)
                    .map_or("", |(_, v)| v);
                let help = match self.env_entry("OIDC_ISSUER") {
                    Some(iss) => format!(
                        "move the issuer from other_wandb_env to oidc_issuer = {}",
                        shown("OIDC_ISSUER", iss)
                    ),
                    None => {
                        "set oidc_issuer to your identity provider's issuer URL as well".to_owned()
                    }
                };
                let at = i.item.at.clone();
                self.ignored(
                    var,
                    &at,
                    &call.key(input),
                    format!("`{input}` has no effect: the module sets the OIDC variables only when `oidc_issuer` is not empty"),
                    help,
                );
            }
        }
        self.license();
        if let Some(i) = call.input("local_restore") {
            if i.item.is_true() && !i.item.origin.default {
                let at = i.item.at.clone();
                self.ignored(
                    "LOCAL_RESTORE",
                    &at,
                    &call.key("local_restore"),
                    "`local_restore` does not reach the W&B deployment: the module passes it only to its pre-operator `gke_app` call, which runs no replica".to_owned(),
                    "to break glass, set other_wandb_env = { LOCAL_RESTORE = \"true\" } (and remove it once access is restored)".to_owned(),
                );
            }
        }
        for input in ["app_wandb_env", "weave_wandb_env", "parquet_wandb_env"] {
            let Some(i) = call.input(input) else { continue };
            let non_empty = matches!(&i.item.val, Val::Map { entries, .. } if !entries.is_empty());
            if non_empty && !i.item.origin.default {
                let at = i.item.at.clone();
                self.ignored(
                    mask_for(input, &i.item),
                    &at,
                    &call.key(input),
                    format!("`{input}` reaches no container: the module writes it to `extraEnvs`, a key the operator-wandb chart never reads"),
                    "put the variables in other_wandb_env, which the module passes as global.extraEnv".to_owned(),
                );
            }
        }
    }

    /// `wandb/wandb/aws` (main.tf L294-300): only `other_wandb_env` carries SSO settings.
    fn aws(&mut self) {
        self.push_unknown("HOST", "domain_name");
        self.push_map("other_wandb_env");
        // Judged as meant, after `terraform-input-unknown` said the module refuses them.
        for (input, var) in OIDC_INPUTS {
            if let Some(i) = self.call.input(input) {
                let item = i.item.clone();
                self.push(var, input, &item, Term::Env("other_wandb_env".into()));
            }
        }
        self.license();
    }

    /// `wandb/wandb/azurerm` (main.tf L393-398): `oidc_*` declared, never used.
    fn azurerm(&mut self) {
        let call = self.call;
        if below_major(call.version.as_deref(), 2) {
            // Before v2.0.0 (the operator) the module still passed its oidc_* inputs on.
            return self.kubernetes();
        }
        self.push_unknown("HOST", "domain_name");
        self.push_map("other_wandb_env");
        for (input, var) in OIDC_INPUTS {
            let Some(i) = call.input(input) else { continue };
            if !Self::given(&i.item) {
                continue;
            }
            let at = i.item.at.clone();
            let help = format!(
                "pass it in other_wandb_env = {{ {var} = {} }}",
                shown(var, &i.item)
            );
            self.ignored(
                var,
                &at,
                &call.key(input),
                format!("`{input}` is ignored: {} declares it but has not used it since v2.0.0 (the operator), so {var} never reaches the server", call.family.address()),
                help,
            );
        }
        self.license();
    }

    /// `wandb/wandb/kubernetes` (main.tf): the env of the `wandb` Deployment, other_wandb_env last.
    fn kubernetes(&mut self) {
        let call = self.call;
        let replicas = call
            .input("wandb_replicas")
            .and_then(|i| i.item.text())
            .is_some_and(|t| t.trim() == "0");
        if replicas {
            // No pod runs (the google module's `gke_app` call): the inputs have no effect.
            return;
        }
        match call.input("host") {
            Some(i) if !i.item.is_unset() => {
                let item = i.item.clone();
                self.push("HOST", "host", &item, Term::Input("host".into(), false));
            }
            _ => self.push_unknown("HOST", "host"),
        }
        if let Some(i) = call.input("local_restore") {
            let item = i.item.clone();
            self.push(
                "LOCAL_RESTORE",
                "local_restore",
                &item,
                Term::Input("local_restore".into(), true),
            );
        }
        self.terms
            .set_default("LOCAL_RESTORE", Term::Input("local_restore".into(), true));
        self.license();
        for (input, var) in OIDC_INPUTS {
            if let Some(i) = call.input(input) {
                let item = i.item.clone();
                self.push(var, input, &item, Term::Input(input.into(), false));
            }
            self.terms
                .set_default(var, Term::Input(input.into(), false));
        }
        self.push_map("other_wandb_env");
        self.push_map("other_wandb_secrets");
    }

    /// `wandb/wandb/helm`: `spec.values.global` read as operator-wandb values (REFERENCE 2.1):
    /// `host`, `license`, `auth.oidc.*` (emitted only while `clientId` is not empty),
    /// `auth.sessionLengthHours`, and the `env`/`extraEnv` maps.
    fn helm(&mut self) {
        let call = self.call;
        let Some(spec) = call.input("spec") else {
            return;
        };
        let Some(global) = get(&spec.item, "values").and_then(|v| get(v, "global")) else {
            return;
        };
        // Help names the keys inside the call (`spec.values.global...`), findings the full path.
        let rel = "spec.values.global";
        let base = call.key(rel);
        self.terms.set_map(&format!("{rel}.extraEnv"));
        let emits = crate::schema::helm::emits;
        let scalar = |m: &mut Self, chart_key: &str, path: &[&str]| {
            let item = path.iter().try_fold(global, |node, k| get(node, k))?;
            if item.is_unset() {
                return None;
            }
            let path = path.join(".");
            let key = format!("{base}.{path}");
            for var in emits(chart_key) {
                m.push_value(var, &key, item);
                let term = Term::Input(format!("{rel}.{path}"), false);
                m.terms.set(var, through_var(item).unwrap_or(term));
            }
            Some(item.clone())
        };
        scalar(self, "global.host", &["host"]);
        if let Some(license) = scalar(self, "global.license", &["license"]) {
            self.findings.extend(plain_secret(
                "LICENSE",
                &format!("{base}.license"),
                &license,
            ));
        }
        if let Some(hours) = get(global, "auth").and_then(|a| get(a, "sessionLengthHours")) {
            if let Some(text) = hours.text() {
                let mut item = hours.clone();
                item.val = Val::Str(format!("{text}h"));
                self.push_value(
                    "GORILLA_SESSION_LENGTH",
                    &format!("{base}.auth.sessionLengthHours"),
                    &item,
                );
                // A duration in the help is written where durations go: the env map.
                self.terms.set(
                    "GORILLA_SESSION_LENGTH",
                    Term::Env(format!("{rel}.extraEnv")),
                );
            }
        }
        let oidc = get(global, "auth").and_then(|a| get(a, "oidc"));
        let client_id = oidc.and_then(|o| get(o, "clientId"));
        if client_id.is_some_and(|c| !c.is_unset()) {
            for k in ["clientId", "issuer", "authMethod"] {
                scalar(self, &format!("global.auth.oidc.{k}"), &["auth", "oidc", k]);
            }
        }
        if let Some(secret) = scalar(self, "global.auth.oidc.secret", &["auth", "oidc", "secret"]) {
            let key = format!("{base}.auth.oidc.secret");
            self.findings
                .extend(plain_secret("GORILLA_OIDC_SECRET", &key, &secret));
        }
        for map in ["env", "extraEnv"] {
            let Some(item) = get(global, map) else {
                continue;
            };
            let Val::Map { entries, .. } = &item.val else {
                continue;
            };
            for (name, value) in entries {
                // A variable's empty default (`OIDC_SECRET = var.oidc_secret`) is not a value
                // the user wrote: the chart's own empties are not findings either.
                if matches!(value.val, Val::Null) || (value.is_unset() && value.origin.default) {
                    continue;
                }
                self.push_value(name, &format!("{base}.{map}.{name}"), value);
                let term = Term::Env(format!("{rel}.{map}"));
                self.terms.set(name, through_var(value).unwrap_or(term));
            }
        }
    }

    /// `license` -> `LICENSE` (`global.license`, or the kubernetes module's env).
    fn license(&mut self) {
        if let Some(i) = self.call.input("license") {
            let item = i.item.clone();
            self.push(
                "LICENSE",
                "license",
                &item,
                Term::Input("license".into(), false),
            );
        }
    }
}

/// Whether a `version` constraint keeps the module below major version `major` (so a call of
/// an old release is judged as that release worked): `1.2.3`, `= 1.2.3`, `~> 2.1`, `< 3.0.0`,
/// `<= 2.9`. No constraint, `>= 1.0` or `~> 2` (any 2.x and later) do not.
fn below_major(version: Option<&str>, major: u64) -> bool {
    let Some(version) = version else {
        return false;
    };
    version.split(',').any(|c| {
        let c = c.trim();
        let (op, v) = ["~>", "<=", ">=", "!=", "<", ">", "="]
            .iter()
            .find_map(|op| c.strip_prefix(op).map(|rest| (*op, rest.trim())))
            .unwrap_or(("=", c));
        let v = v.trim_start_matches('v');
        let parts: Vec<u64> = v
            .split(['.', '-', '+'])
            .map_while(|p| p.parse().ok())
            .collect();
        let Some(&first) = parts.first() else {
            return false;
        };
        match op {
            "=" | "<=" => first < major,
            "~>" => parts.len() >= 2 && first < major,
            "<" => first < major || (first == major && parts.iter().skip(1).all(|p| *p == 0)),
            _ => false,
        }
    })
}

/// A name under which a value's snippet is masked when the value is (or holds) a secret: a
/// sensitive-looking input name (`oidc_secrt`, `license`), or a map with a secret entry.
pub(super) fn mask_for(name: &str, item: &Item) -> &'static str {
    let secret_map = match &item.val {
        Val::Map { entries, .. } => entries
            .iter()
            .any(|(k, _)| crate::input::environment::is_sensitive_name(k)),
        _ => false,
    };
    if secret_map || crate::input::environment::is_sensitive_name(&name.to_ascii_uppercase()) {
        "SECRET"
    } else {
        ""
    }
}

/// The root-module variable a scalar value comes through, to fix it where it is set.
fn through_var(item: &Item) -> Option<Term> {
    let var = item.origin.var.clone()?;
    match item.val {
        Val::Bool(_) => Some(Term::Var(var, true)),
        Val::Str(_) | Val::Num(_) => Some(Term::Var(var, false)),
        _ => None,
    }
}

/// The value of `key` in an object.
fn get<'i>(item: &'i Item, key: &str) -> Option<&'i Item> {
    match &item.val {
        Val::Map { entries, .. } => entries.iter().rfind(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// `secret-in-plain-value` when the secret `var` (at `key`) is written as a literal: in the
/// call, in `locals`, as a variable's default, or in a `.tfvars` file (even for a variable marked
/// `sensitive`: the file still holds it in plain text). Placeholders (`<license>`) are not secrets.
fn plain_secret(var: &str, key: &str, item: &Item) -> Option<Diagnostic> {
    let text = item.text()?;
    if !item.origin.literal || text.trim().is_empty() || placeholder(&text) {
        return None;
    }
    let what = if var == "LICENSE" {
        "the license"
    } else {
        "a secret"
    };
    let store = "a secret-manager data source (aws_secretsmanager_secret_version, google_secret_manager_secret_version, azurerm_key_vault_secret)";
    let (message, help) = match (&item.origin.var, item.origin.default) {
        (Some(v), true) => (
            format!(
                "`{key}` gets {what} ({var}) from the default of variable `{v}`, written in plain text"
            ),
            format!(
                "remove the default and pass the value at run time (TF_VAR_{v} from a secret store), or read it from {store}"
            ),
        ),
        (Some(v), false) if item.origin.sensitive => (
            format!(
                "`{key}` gets {what} ({var}) from a literal in this file: variable `{v}` is marked sensitive, but its value is written here in plain text"
            ),
            format!(
                "remove it from this file and pass it as TF_VAR_{v} from a secret store, or read it from {store}"
            ),
        ),
        (Some(v), false) => (
            format!(
                "`{key}` gets {what} ({var}) as a plain value through variable `{v}`, which is not marked sensitive"
            ),
            format!(
                "mark variable \"{v}\" `sensitive = true` and pass the value as TF_VAR_{v} from a secret store (not in a file), or read it from {store}"
            ),
        ),
        (None, _) => (
            format!("`{key}` holds {what} ({var}) as a literal"),
            format!(
                "read it from {store}, or pass it through a variable marked `sensitive = true`"
            ),
        ),
    };
    Some(SECRET_IN_PLAIN_VALUE.diag(&item.at.source(var, key), &[var], message, help))
}

/// How a value is shown in help: secrets `"***"`, else the value quoted, or `"..."`.
fn shown(var: &str, item: &Item) -> String {
    if crate::input::environment::is_sensitive_name(var) {
        return "\"***\"".to_owned();
    }
    match &item.val {
        Val::Bool(b) => b.to_string(),
        _ => match item.text() {
            Some(t) => {
                // A password inside a URL (`https://user:pw@host`) is masked too.
                match crate::input::environment::display_value(var, &t) {
                    Some(t) => format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")),
                    None => "\"***\"".to_owned(),
                }
            }
            None => "\"...\"".to_owned(),
        },
    }
}

/// A value that stands for one to fill in (`<your license key>`, `xxxx`, `changeme`).
fn placeholder(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('<') && t.ends_with('>'))
        || t.chars()
            .all(|c| c == 'x' || c == 'X' || c == '*' || c == '.')
        || matches!(
            t.to_ascii_lowercase().as_str(),
            "changeme" | "change-me" | "todo"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_of_wandb_modules_in_every_form() {
        for (source, want) in [
            ("wandb/wandb/aws", Some((Family::Aws, true))),
            ("WandB/wandb/google", Some((Family::Google, true))),
            (
                "registry.terraform.io/wandb/wandb/azurerm",
                Some((Family::Azurerm, true)),
            ),
            ("wandb/wandb/kubernetes", Some((Family::Kubernetes, true))),
            (
                "wandb/wandb/aws//modules/secure_storage_connector",
                Some((Family::Aws, false)),
            ),
            (
                "github.com/wandb/terraform-kubernetes-wandb",
                Some((Family::Kubernetes, true)),
            ),
            (
                "git::https://github.com/wandb/terraform-google-wandb.git?ref=v10.8.2",
                Some((Family::Google, true)),
            ),
            (
                "git@github.com:wandb/terraform-aws-wandb.git//modules/app_eks",
                Some((Family::Aws, false)),
            ),
            ("wandb/wandb/helm", Some((Family::Helm, true))),
            ("../../", None),
            ("terraform-aws-modules/eks/aws", None),
            ("github.com/acme/terraform-aws-wandb", None),
        ] {
            assert_eq!(family_of(source), want, "{source}");
        }
    }

    #[test]
    fn tfvars_are_matched_to_the_module_their_names_fit() {
        let g = |names: &[&str]| guess_family(names.iter().copied());
        assert_eq!(g(&["oidc_issuer", "project_id"]), Family::Google);
        assert_eq!(
            g(&["oidc_issuer", "location", "resource_group_name"]),
            Family::Azurerm
        );
        assert_eq!(g(&["other_wandb_env", "zone_id"]), Family::Aws);
        assert_eq!(g(&["host", "bucket", "oidc_issuer"]), Family::Kubernetes);
        assert_eq!(g(&["oidc_issuer"]), Family::Google);
        assert_eq!(g(&["other_wandb_env"]), Family::Aws);
        assert!(has_sso_input(["namespace", "oidc_client_id"].into_iter()));
        assert!(!has_sso_input(["namespace", "license"].into_iter()));
    }

    #[test]
    fn every_family_declares_license_and_other_wandb_env() {
        for f in &Family::ALL[..4] {
            assert!(f.inputs().contains(&"license"), "{f:?}");
            assert!(f.inputs().contains(&"other_wandb_env"), "{f:?}");
        }
        // REFERENCE 7.1: the aws module has no oidc_* or local_restore input.
        assert!(!Family::Aws.inputs().iter().any(|i| i.starts_with("oidc_")));
        assert!(!Family::Aws.inputs().contains(&"local_restore"));
    }

    #[test]
    fn version_constraints_that_pin_an_old_major() {
        for (v, want) in [
            (None, false),
            (Some("1.14.0"), true),
            (Some("v2.9.1"), true),
            (Some("= 2.0.0"), true),
            (Some("~> 2.4"), true),
            (Some("~> 2"), false),
            (Some(">= 1.0, < 3.0.0"), true),
            (Some("<= 2.99"), true),
            (Some(">= 2.0"), false),
            (Some("3.0.0"), false),
            (Some("~> 10.8"), false),
            (Some("latest"), false),
        ] {
            assert_eq!(below_major(v, 3), want, "{v:?}");
        }
    }

    #[test]
    fn values_in_help_never_show_a_secret() {
        let at = crate::lint::terraform::files::TfFile::parse(
            std::path::Path::new("m.tf"),
            String::new(),
            crate::lint::terraform::files::Role::Config,
            true,
        )
        .start();
        let item = |v: &str| Item::new(Val::Str(v.to_owned()), at.clone(), true);
        assert_eq!(shown("OIDC_SECRET", &item("s3cr3t")), "\"***\"");
        let issuer = shown("OIDC_ISSUER", &item("https://u:pw@idp.example.com"));
        assert!(!issuer.contains("pw"), "{issuer}");
        assert_eq!(shown("OIDC_AUTH_METHOD", &item("pkce")), "\"pkce\"");
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for p in ["<your license key>", "xxxxxxxx", "changeme", "****"] {
            assert!(placeholder(p), "{p}");
        }
        for s in ["literal", "GOCSPX-abc", "eyJhbGciOi.x"] {
            assert!(!placeholder(s), "{s}");
        }
    }
}
