//! Terraform that calls W&B's modules (`wandb/wandb/aws`, `google`, `azurerm`, `kubernetes`):
//! each `module` block is judged as the configuration its inputs produce, with the rules every
//! other input kind uses. A directory is read as Terraform reads a module: every `.tf` file in
//! it, the `.tfvars` files Terraform loads by itself, and each other `.tfvars` file named on the
//! command line (or found in a walked directory) as one more run (`-var-file`). A `.tfvars` file
//! with no module call beside it is judged as the inputs of the module its names fit best, and a
//! note says which one was assumed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Block;

use crate::input::tree::{Node, NodeKind};
use crate::lint::Unit;
use crate::report::diagnostic::Diagnostic;
use crate::rules::terraform::TERRAFORM_INPUT_UNKNOWN;

mod eval;
mod files;
mod help;
mod modules;

use eval::{Eval, Item, Module, Val};
use files::{Role, TfFile, auto_loaded, role_of};
use modules::{Call, Family, family_of, guess_family, has_sso_input};

/// The largest Terraform file read from beside a named one (a module's `.tf` files are small).
const MAX_SIBLING_BYTES: u64 = 1024 * 1024;

/// Whether a file name (lower-case) is one the Terraform reader takes.
pub(crate) fn is_terraform_name(name: &str) -> bool {
    role_of(name).is_some()
}

/// What the Terraform reader found.
#[derive(Debug, Default)]
pub(super) struct TfLint {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) notes: Vec<String>,
    /// `# iamconf: allow(...)` comments of files read from beside the named ones.
    pub(super) allows: Vec<(PathBuf, usize, Vec<String>)>,
}

/// A Terraform file named on the command line (or found in a walked directory), already read.
pub(super) struct Named<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
}

/// Lints the Terraform files of a run, a directory at a time.
pub(super) fn lint(inputs: &[Named<'_>]) -> TfLint {
    let mut out = TfLint::default();
    let mut dirs: BTreeMap<PathBuf, Vec<&Named<'_>>> = BTreeMap::new();
    for input in inputs {
        // Modules Terraform downloaded (W&B's own code among them) are not the user's.
        if input
            .path
            .components()
            .any(|c| c.as_os_str() == ".terraform")
        {
            continue;
        }
        let dir = input
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        dirs.entry(dir).or_default().push(input);
    }
    for (dir, given) in dirs {
        lint_dir(&dir, &given, &mut out);
    }
    out
}

/// Reads a file from beside the named ones, if it is small enough.
fn read_sibling(path: &Path) -> Option<String> {
    // The one bounded read: regular files only, never blocking on a FIFO.
    let (bytes, whole) = crate::input::bounded::read_prefix(
        path,
        crate::input::bounded::Purpose::Deployment,
        Some(MAX_SIBLING_BYTES),
    )
    .ok()?;
    whole.then(|| String::from_utf8_lossy(&bytes).into_owned())
}

/// The files of one directory: the named ones, its other `.tf` files and the `.tfvars` files
/// Terraform loads by itself.
fn dir_files(dir: &Path, given: &[&Named<'_>]) -> Vec<TfFile> {
    let mut files: Vec<TfFile> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for input in given {
        let name = file_name(input.path);
        // `--kind terraform` on a file with another name: read it as configuration.
        let role = role_of(&name).unwrap_or(Role::Config);
        seen.insert(std::fs::canonicalize(input.path).unwrap_or_else(|_| input.path.to_path_buf()));
        files.push(TfFile::parse(input.path, input.text.to_owned(), role, true));
    }
    // Text that is not a file on disk (standard input) has no directory to read beside it.
    if !given.iter().any(|g| g.path.is_file()) {
        return files;
    }
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut siblings: Vec<PathBuf> = std::fs::read_dir(listing)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    siblings.sort();
    for path in siblings {
        let name = file_name(&path);
        let Some(role) = role_of(&name) else { continue };
        if role != Role::Config && !auto_loaded(&name) {
            continue;
        }
        if !path.is_file()
            || !seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()))
        {
            continue;
        }
        let Some(text) = read_sibling(&path) else {
            continue;
        };
        // Keep the path as the user would write it (relative when the named files are).
        let path = if dir.as_os_str().is_empty() {
            PathBuf::from(path.file_name().unwrap_or_default())
        } else {
            path
        };
        files.push(TfFile::parse(&path, text, role, false));
    }
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Terraform's order for the variables files it loads by itself: `terraform.tfvars`,
/// `terraform.tfvars.json`, then `*.auto.tfvars[.json]` by name.
fn auto_order(f: &TfFile) -> (u8, String) {
    match f.name.as_str() {
        "terraform.tfvars" => (0, String::new()),
        "terraform.tfvars.json" => (1, String::new()),
        n => (2, n.to_owned()),
    }
}

fn lint_dir(dir: &Path, given: &[&Named<'_>], out: &mut TfLint) {
    judge_files(&dir_files(dir, given), out);
}

/// Judges the files of one directory (one Terraform module and its variables files).
fn judge_files(files: &[TfFile], out: &mut TfLint) {
    for f in files {
        if let Some(e) = &f.error {
            out.diagnostics.push(e.clone());
        }
        if !f.given {
            for (line, codes) in crate::input::yaml::allow_comments(&f.text) {
                out.allows.push((f.path.to_path_buf(), line, codes));
            }
        }
    }
    let configs: Vec<&TfFile> = files.iter().filter(|f| f.role == Role::Config).collect();
    let module = Module::collect(&configs);
    let calls: Vec<(&TfFile, &Block, Family, bool)> = configs
        .iter()
        .filter_map(|f| f.body.as_ref().map(|b| (*f, b)))
        .flat_map(|(f, body)| body.get_blocks("module").map(move |b| (f, b)))
        .filter_map(|(f, b)| {
            let source = b.body.get_attribute("source")?.value.as_str()?;
            let (family, root) = family_of(source)?;
            Some((f, b, family, root))
        })
        .collect();

    let mut auto: Vec<&TfFile> = files
        .iter()
        .filter(|f| f.role != Role::Config && auto_loaded(&f.name))
        .collect();
    auto.sort_by_key(|f| auto_order(f));
    let extra: Vec<&TfFile> = files
        .iter()
        .filter(|f| f.role != Role::Config && !auto_loaded(&f.name) && f.given)
        .collect();

    if calls.is_empty() {
        // No call of W&B's modules here: a `.tfvars` file is judged as a module's inputs.
        for f in files.iter().filter(|f| f.role != Role::Config && f.given) {
            judge_tfvars_alone(f, out);
        }
        return;
    }
    let runs: Vec<Vec<&TfFile>> = if extra.is_empty() {
        vec![auto.clone()]
    } else {
        extra
            .iter()
            .map(|e| auto.iter().copied().chain([*e]).collect())
            .collect()
    };
    undeclared_values(&module, files, out);
    for run in runs {
        let values = tfvars_values(&run);
        let eval = Eval {
            module: &module,
            values: &values,
        };
        for (file, block, family, root) in &calls {
            if disabled(&eval, file, block) {
                continue;
            }
            let call = module_call(&eval, file, block, *family, *root);
            let label = block
                .labels
                .first()
                .map(|l| format!("module.{}", l.as_str()));
            judge_call(&call, label, out);
        }
    }
}

/// `terraform-input-unknown` for a `.tfvars` value whose name is a near miss of a variable of
/// the module beside it: Terraform only warns ("Value for undeclared variable") and the variable
/// keeps its default (`oidc_auth_methd = "pkce"` leaves `implicit`).
fn undeclared_values(module: &Module<'_>, files: &[TfFile], out: &mut TfLint) {
    if module.vars.is_empty() {
        return;
    }
    let declared: Vec<&str> = module.vars.keys().map(String::as_str).collect();
    for f in files.iter().filter(|f| f.role != Role::Config) {
        let mut values: Vec<(String, Item)> = tfvars_values(&[f]).into_iter().collect();
        values.sort_by_key(|(_, item)| (item.at.line, item.at.column));
        for (name, item) in values {
            if module.vars.contains_key(&name) {
                continue;
            }
            let Some(near) = crate::model::suggest::nearest(&name, declared.iter().copied(), 2)
                .filter(|_| name.len() >= 6)
            else {
                continue;
            };
            out.diagnostics.push(TERRAFORM_INPUT_UNKNOWN.diag(
                &item.at.source(modules::mask_for(&name, &item), &name),
                &[],
                format!(
                    "`{name}` is not a variable of this module: Terraform only warns \"Value for undeclared variable\", and `{near}` keeps its default"
                ),
                format!("did you mean `{near}`?"),
            ));
        }
    }
}

/// Whether a `module` block creates no instance in this run (`count = 0`, `for_each = {}`).
fn disabled(eval: &Eval<'_, '_>, file: &TfFile, block: &Block) -> bool {
    let value = |key: &str| {
        block
            .body
            .get_attribute(key)
            .map(|a| eval.eval(file, &a.value).val)
    };
    let zero = matches!(value("count"), Some(Val::Num(n)) if n.trim() == "0");
    let empty = match value("for_each") {
        Some(Val::Map { entries, partial }) => entries.is_empty() && !partial,
        Some(Val::List(items)) => items.is_empty(),
        _ => false,
    };
    zero || empty
}

/// A `module` block as a call: its inputs evaluated for this run.
fn module_call(
    eval: &Eval<'_, '_>,
    file: &TfFile,
    block: &Block,
    family: Family,
    root: bool,
) -> Call {
    let name = block.labels.first().map_or("wandb", |l| l.as_str());
    let mut inputs = Vec::new();
    let mut at = file.place(block.span().unwrap_or(0..0));
    for attr in block.body.attributes() {
        let key = attr.key.as_str();
        if key == "source" {
            at = file.place(attr.value.span().unwrap_or(0..0));
        }
        if matches!(
            key,
            "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
        ) {
            continue;
        }
        inputs.push(modules::Input {
            name: key.to_owned(),
            key: file.place(attr.span().unwrap_or(0..0)),
            item: eval.eval(file, &attr.value),
        });
    }
    let version = block
        .body
        .get_attribute("version")
        .and_then(|a| a.value.as_str())
        .map(str::to_owned);
    Call {
        family,
        root,
        prefix: format!("module.{name}."),
        inputs,
        at,
        version,
    }
}

/// A `.tfvars` file with no call beside it, judged as the inputs of the module it fits.
fn judge_tfvars_alone(f: &TfFile, out: &mut TfLint) {
    let values = tfvars_values(&[f]);
    let mut names: Vec<&str> = values.keys().map(String::as_str).collect();
    names.sort_unstable();
    if !has_sso_input(names.iter().copied()) {
        return;
    }
    let family = guess_family(names.iter().copied());
    let address = family.address();
    out.notes.push(format!(
        "{}: no module call beside it passes these values to one of W&B's modules; judged as the inputs of {address} (the module its input names fit)",
        f.path.display()
    ));
    let mut inputs: Vec<modules::Input> = values
        .into_iter()
        .map(|(name, item)| modules::Input {
            name,
            key: item.at.clone(),
            item,
        })
        .collect();
    inputs.sort_by_key(|i| (i.key.line, i.key.column));
    let call = Call {
        family,
        root: true,
        prefix: String::new(),
        inputs,
        at: f.start(),
        version: None,
    };
    judge_call(
        &call,
        Some(format!("as inputs of {address} (assumed)")),
        out,
    );
}

/// Judges what a call sets with the shared rules, help lines in the call's own terms.
fn judge_call(call: &Call, label: Option<String>, out: &mut TfLint) {
    let mapped = call.map();
    out.diagnostics.extend(mapped.findings);
    let unit = Unit {
        label,
        entries: mapped.entries,
        hidden: Vec::new(),
        ..Unit::default()
    };
    for mut d in super::judge(unit) {
        d.help = d.help.as_deref().map(|h| mapped.terms.rewrite(h));
        out.diagnostics.push(d);
    }
}

/// The variable values a set of `.tfvars` files gives (later files win).
fn tfvars_values(files: &[&TfFile]) -> HashMap<String, Item> {
    let empty_module = Module::default();
    let no_values = HashMap::new();
    let eval = Eval {
        module: &empty_module,
        values: &no_values,
    };
    let mut values = HashMap::new();
    for f in files {
        if let Some(body) = &f.body {
            for attr in body.attributes() {
                let mut item = eval.eval(f, &attr.value);
                // References are not allowed in `.tfvars`: only constants are judged.
                if matches!(
                    attr.value,
                    Expression::Traversal(_) | Expression::Variable(_)
                ) {
                    item.val = Val::Unknown;
                }
                mark_tfvars(&mut item);
                values.insert(attr.key.as_str().to_owned(), item);
            }
        }
        if let Some(root) = &f.json {
            for (k, v) in root.as_map().into_iter().flatten() {
                let Some(name) = k.as_str() else { continue };
                let mut item = json_item(f, v);
                mark_tfvars(&mut item);
                values.insert(name.to_owned(), item);
            }
        }
    }
    values
}

/// Marks a value (and everything in it) as written in a `.tfvars` file.
fn mark_tfvars(item: &mut Item) {
    item.origin.tfvars = true;
    match &mut item.val {
        Val::Map { entries, .. } => entries.iter_mut().for_each(|(_, v)| mark_tfvars(v)),
        Val::List(items) => items.iter_mut().for_each(mark_tfvars),
        _ => {}
    }
}

/// A JSON value of a `.tfvars.json` file.
fn json_item(f: &TfFile, node: &Node) -> Item {
    let at = f.place_at(node.line().max(1), node.column().max(1));
    let val = match &node.kind {
        NodeKind::Null => Val::Null,
        NodeKind::Scalar { text, quoted: true } => Val::Str(text.to_string()),
        NodeKind::Scalar { text, .. } => match &**text {
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            "null" => Val::Null,
            _ => Val::Num(text.to_string()),
        },
        NodeKind::Seq(items) => Val::List(items.iter().map(|n| json_item(f, n)).collect()),
        NodeKind::Map(entries) => Val::Map {
            entries: entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), json_item(f, v))))
                .collect(),
            partial: false,
        },
    };
    Item::new(val, at, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(files: &[(&str, &str)]) -> TfLint {
        let parsed: Vec<TfFile> = files
            .iter()
            .map(|(name, text)| {
                let role = role_of(name).unwrap_or(Role::Config);
                TfFile::parse(Path::new(name), (*text).to_owned(), role, true)
            })
            .collect();
        let mut out = TfLint::default();
        judge_files(&parsed, &mut out);
        out
    }

    /// Odd input never panics and never loses a parse error's position.
    #[test]
    fn odd_input_gives_findings_not_panics() {
        let call = "module \"w\" {\n  source = \"wandb/wandb/google\"\n";
        let cases = [
            String::new(),
            "\u{feff}".to_owned(),
            "module {".to_owned(),
            format!("{call}  oidc_issuer = \"\u{e9}\u{1F600}\"\r\n}}\r\n"),
            format!("{call}  oidc_issuer = <<EOT\nhttps://x\nEOT\n}}\n"),
            format!("{call}  oidc_issuer = \"${{\"https://\"}}x\"\n  oidc_client_id = 12\n}}\n"),
            format!("{call}  other_wandb_env = {{ (\"A\") = 1, \"\" = null }}\n}}\n"),
            format!("{call}  oidc_issuer = local.a\n}}\nlocals {{\n  a = local.a\n}}\n"),
            format!("{call}  spec = {{ values = {{ global = 1 }} }}\n}}\n"),
            "module \"h\" {\n  source = \"wandb/wandb/helm\"\n  spec = { values = { global = { extraEnv = [1] } } }\n}\n".to_owned(),
            "x".repeat(10_000),
        ];
        for text in &cases {
            let out = judge(&[("main.tf", text)]);
            for d in &out.diagnostics {
                if d.code == "parse-error" {
                    assert!(
                        d.source.line().is_some() && d.source.column().is_some(),
                        "{text:?}"
                    );
                }
            }
            let out = judge(&[("a.tfvars", text), ("b.tfvars.json", text)]);
            assert!(out.diagnostics.len() <= 2 + text.len(), "{text:?}");
        }
    }

    #[test]
    fn a_call_with_no_instance_is_not_judged() {
        let call = |meta: &str| {
            format!(
                "variable \"on\" {{\n  default = false\n}}\nmodule \"w\" {{\n  source = \"wandb/wandb/kubernetes\"\n  {meta}\n  host = \"https://w.example.com\"\n  oidc_issuer = \"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A\"\n  oidc_client_id = \"c\"\n}}\n"
            )
        };
        let codes = |meta: &str| {
            judge(&[("main.tf", &call(meta))])
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("count = 1"), ["cognito-requires-pkce"]);
        assert_eq!(codes("count = var.on ? 1 : 0"), Vec::<&str>::new());
        assert_eq!(codes("for_each = {}"), Vec::<&str>::new());
        assert_eq!(
            codes("for_each = toset(var.regions)"),
            ["cognito-requires-pkce"]
        );
    }

    #[test]
    fn a_directory_with_calls_judges_each_extra_tfvars_as_its_own_run() {
        let main = "variable \"m\" {\n  default = \"pkce\"\n}\nmodule \"w\" {\n  source = \"wandb/wandb/kubernetes\"\n  host = \"https://w.example.com\"\n  oidc_issuer = \"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A\"\n  oidc_client_id = \"c\"\n  oidc_auth_method = var.m\n}\n";
        let codes = |out: &TfLint| {
            out.diagnostics
                .iter()
                .map(|d| (d.code, d.source.path().map(|p| p.display().to_string())))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&judge(&[("main.tf", main)])), []);
        let out = judge(&[
            ("main.tf", main),
            ("a.tfvars", "m = \"implicit\"\n"),
            ("b.tfvars", "m = \"pkce\"\n"),
        ]);
        assert_eq!(
            codes(&out),
            [("cognito-requires-pkce", Some("a.tfvars".to_owned()))]
        );
        // terraform.tfvars is loaded in every run, before the -var-file.
        let out = judge(&[
            ("main.tf", main),
            ("terraform.tfvars", "m = \"implicit\"\n"),
            ("b.tfvars", "m = \"pkce\"\n"),
        ]);
        assert_eq!(codes(&out), []);
    }
}
