//! Terraform expressions evaluated as far as a linter can: literals, constant string templates,
//! `var.x` (from the `.tfvars` of the run, else the variable's default), `local.x` (from the
//! `locals` of the same module), `merge(...)` of objects, `==`/`!=` and conditionals on known
//! values. Anything else (other functions, interpolation of unknown values, resources, data
//! sources, module outputs) is "present, value unknown", so it never yields a false finding.

use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Element, Template};

use crate::lint::terraform::files::{Place, TfFile};

/// How deep `local` and `var` references are followed (cycles end here).
const MAX_DEPTH: usize = 24;

/// A value as far as it is known.
#[derive(Debug, Clone)]
pub(super) enum Val {
    Null,
    Str(String),
    Bool(bool),
    /// A number, as written.
    Num(String),
    List(Vec<Item>),
    /// An object; `partial` when entries of unknown names may be in it too.
    Map {
        entries: Vec<(String, Item)>,
        partial: bool,
    },
    Unknown,
}

/// A value with the place it is written and how it got there.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) val: Val,
    pub(super) at: Place,
    pub(super) origin: Origin,
}

/// How a value reached the expression that uses it.
#[derive(Debug, Clone, Default)]
pub(super) struct Origin {
    /// Written as a literal (a constant) at `at`.
    pub(super) literal: bool,
    /// The variable it came through (`oidc_secret` for `var.oidc_secret`).
    pub(super) var: Option<String>,
    /// That variable is marked `sensitive = true`.
    pub(super) sensitive: bool,
    /// The value is that variable's `default`, not a value the run sets.
    pub(super) default: bool,
    /// The value is written in a `.tfvars` file.
    pub(super) tfvars: bool,
}

impl Item {
    /// A value with no origin beyond its place.
    pub(super) fn new(val: Val, at: Place, literal: bool) -> Item {
        Item {
            val,
            at,
            origin: Origin {
                literal,
                ..Origin::default()
            },
        }
    }

    /// The text of a scalar (`true`, `3`, `"x"`); `None` for null, collections and unknowns.
    pub(super) fn text(&self) -> Option<String> {
        match &self.val {
            Val::Str(s) | Val::Num(s) => Some(s.clone()),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Whether the value is null, or the empty string (the modules' "not set").
    pub(super) fn is_unset(&self) -> bool {
        matches!(&self.val, Val::Null) || matches!(&self.val, Val::Str(s) if s.is_empty())
    }

    /// Whether the value is known to be true (`true` or `"true"`).
    pub(super) fn is_true(&self) -> bool {
        match &self.val {
            Val::Bool(b) => *b,
            Val::Str(s) => s == "true",
            _ => false,
        }
    }
}

/// A `variable` block.
pub(super) struct VarDecl<'a> {
    pub(super) file: &'a TfFile,
    pub(super) default: Option<&'a Expression>,
    pub(super) sensitive: bool,
}

/// The declarations of one module (the `.tf` files of a directory).
#[derive(Default)]
pub(super) struct Module<'a> {
    pub(super) vars: HashMap<String, VarDecl<'a>>,
    pub(super) locals: HashMap<String, (&'a TfFile, &'a Expression)>,
}

impl<'a> Module<'a> {
    /// Collects the `variable` and `locals` blocks of `files`.
    pub(super) fn collect(files: &[&'a TfFile]) -> Module<'a> {
        let mut m = Module::default();
        for file in files {
            let Some(body) = &file.body else { continue };
            for block in body.blocks() {
                match block.ident.as_str() {
                    "variable" => {
                        let Some(label) = block.labels.first() else {
                            continue;
                        };
                        let sensitive = block
                            .body
                            .get_attribute("sensitive")
                            .is_some_and(|a| a.value.as_bool() == Some(true));
                        m.vars.insert(
                            label.as_str().to_owned(),
                            VarDecl {
                                file,
                                default: block.body.get_attribute("default").map(|a| &a.value),
                                sensitive,
                            },
                        );
                    }
                    "locals" => {
                        for attr in block.body.attributes() {
                            m.locals
                                .insert(attr.key.as_str().to_owned(), (file, &attr.value));
                        }
                    }
                    _ => {}
                }
            }
        }
        m
    }
}

/// An evaluator for one run: a module and the variable values of one set of `.tfvars` files.
pub(super) struct Eval<'m, 'a> {
    pub(super) module: &'m Module<'a>,
    /// Variable values the run sets (from `.tfvars`), later files already applied.
    pub(super) values: &'m HashMap<String, Item>,
}

impl Eval<'_, '_> {
    /// Evaluates `expr`, written in `file`.
    pub(super) fn eval(&self, file: &TfFile, expr: &Expression) -> Item {
        self.expr(file, expr, 0)
    }

    fn expr(&self, file: &TfFile, expr: &Expression, depth: usize) -> Item {
        let at = file.place(expr.span().unwrap_or(0..0));
        let unknown = |at: Place| Item::new(Val::Unknown, at, false);
        if depth > MAX_DEPTH {
            return unknown(at);
        }
        match expr {
            Expression::Null(_) => Item::new(Val::Null, at, true),
            Expression::Bool(b) => Item::new(Val::Bool(*b.value()), at, true),
            Expression::Number(n) => Item::new(Val::Num(n.value().to_string()), at, true),
            Expression::String(s) => Item::new(Val::Str(s.value().clone()), at, true),
            Expression::StringTemplate(t) => match self.template(file, t, depth) {
                Some(s) => Item::new(Val::Str(s), at, true),
                None => unknown(at),
            },
            Expression::HeredocTemplate(h) => match self.template(file, &h.template, depth) {
                Some(s) => Item::new(Val::Str(s), at, true),
                None => unknown(at),
            },
            Expression::Parenthesis(p) => self.expr(file, p.inner(), depth + 1),
            Expression::Array(a) => {
                let items = a.iter().map(|e| self.expr(file, e, depth + 1)).collect();
                Item::new(Val::List(items), at, true)
            }
            Expression::Object(o) => {
                let mut entries: Vec<(String, Item)> = Vec::new();
                let mut partial = false;
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => Some(i.as_str().to_owned()),
                        ObjectKey::Expression(e) => self.expr(file, e, depth + 1).text(),
                    };
                    let value = self.expr(file, v.expr(), depth + 1);
                    match key {
                        Some(key) => insert(&mut entries, key, value),
                        None => partial = true,
                    }
                }
                Item::new(Val::Map { entries, partial }, at, true)
            }
            Expression::Traversal(t) => {
                let (root, rest) = match (&t.expr, t.operators.first().map(|o| o.value())) {
                    (Expression::Variable(v), Some(TraversalOperator::GetAttr(name))) => {
                        let item = match v.as_str() {
                            "var" => self.var(name.as_str(), &at, depth),
                            "local" => match self.module.locals.get(name.as_str()) {
                                Some((f, e)) => self.expr(f, e, depth + 1),
                                None => unknown(at.clone()),
                            },
                            _ => unknown(at.clone()),
                        };
                        (item, &t.operators[1..])
                    }
                    _ => (unknown(at.clone()), &[][..]),
                };
                let mut item = root;
                for op in rest {
                    let key = match op.value() {
                        TraversalOperator::GetAttr(k) => Some(k.as_str().to_owned()),
                        TraversalOperator::Index(e) => self.expr(file, e, depth + 1).text(),
                        _ => None,
                    };
                    item = match (&item.val, key) {
                        (Val::Map { entries, .. }, Some(k)) => {
                            match entries.iter().rfind(|(n, _)| *n == k) {
                                Some((_, v)) => v.clone(),
                                None => unknown(at.clone()),
                            }
                        }
                        _ => unknown(at.clone()),
                    };
                }
                item
            }
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let args: Vec<&Expression> = call.args.iter().collect();
                match (call.name.namespace.is_empty(), name) {
                    (true, "merge") if !call.args.expand_final() => {
                        self.merge(file, &args, at, depth)
                    }
                    (true, "tostring") if args.len() == 1 => {
                        let item = self.expr(file, args[0], depth + 1);
                        match item.text() {
                            Some(s) => Item {
                                val: Val::Str(s),
                                ..item
                            },
                            None => item,
                        }
                    }
                    _ => unknown(at),
                }
            }
            Expression::BinaryOp(op) => {
                let eq = match op.operator.value() {
                    BinaryOperator::Eq => true,
                    BinaryOperator::NotEq => false,
                    _ => return unknown(at),
                };
                let l = self.expr(file, &op.lhs_expr, depth + 1);
                let r = self.expr(file, &op.rhs_expr, depth + 1);
                match (scalar_key(&l.val), scalar_key(&r.val)) {
                    (Some(a), Some(b)) => Item::new(Val::Bool((a == b) == eq), at, false),
                    _ => unknown(at),
                }
            }
            Expression::Conditional(c) => match self.expr(file, &c.cond_expr, depth + 1).val {
                Val::Bool(true) => self.expr(file, &c.true_expr, depth + 1),
                Val::Bool(false) => self.expr(file, &c.false_expr, depth + 1),
                _ => unknown(at),
            },
            _ => unknown(at),
        }
    }

    /// `var.name`: the run's value, else the default, else unknown (a required variable whose
    /// value comes from the command line or `TF_VAR_name`).
    fn var(&self, name: &str, at: &Place, depth: usize) -> Item {
        let Some(decl) = self.module.vars.get(name) else {
            // Not declared here: Terraform refuses the reference; nothing to judge.
            let mut item = Item::new(Val::Unknown, at.clone(), false);
            item.origin.var = Some(name.to_owned());
            return item;
        };
        let (mut item, default) = match (self.values.get(name), decl.default) {
            (Some(v), _) => (v.clone(), false),
            (None, Some(e)) => (self.expr(decl.file, e, depth + 1), true),
            (None, None) => (Item::new(Val::Unknown, at.clone(), false), false),
        };
        if item.origin.var.is_none() {
            item.origin.var = Some(name.to_owned());
            item.origin.sensitive = decl.sensitive;
            item.origin.default = default;
        }
        item
    }

    /// A template is constant when every part is literal text or an interpolation of a constant.
    fn template(&self, file: &TfFile, t: &Template, depth: usize) -> Option<String> {
        let mut out = String::new();
        for element in t.iter() {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => {
                    let item = self.expr(file, &i.expr, depth + 1);
                    if !item.origin.literal || item.origin.var.is_some() {
                        return None;
                    }
                    out.push_str(&item.text()?);
                }
                Element::Directive(_) => return None,
            }
        }
        Some(out)
    }

    /// `merge(a, b, ...)`: later objects win. Keys of an object that comes before an unknown
    /// argument may be replaced by it, so their values become unknown (still present).
    fn merge(&self, file: &TfFile, args: &[&Expression], at: Place, depth: usize) -> Item {
        let mut entries: Vec<(String, Item)> = Vec::new();
        let mut partial = false;
        for arg in args {
            let item = self.expr(file, arg, depth + 1);
            match item.val {
                Val::Map {
                    entries: more,
                    partial: p,
                } => {
                    partial |= p;
                    for (k, v) in more {
                        insert(&mut entries, k, v);
                    }
                }
                Val::Null => {}
                _ => {
                    partial = true;
                    for (_, v) in &mut entries {
                        v.val = Val::Unknown;
                        v.origin.literal = false;
                    }
                }
            }
        }
        Item::new(Val::Map { entries, partial }, at, false)
    }
}

/// Sets `key` in an object's entries (a later value replaces an earlier one).
fn insert(entries: &mut Vec<(String, Item)>, key: String, value: Item) {
    entries.retain(|(k, _)| *k != key);
    entries.push((key, value));
}

/// A comparable form of a known scalar.
fn scalar_key(v: &Val) -> Option<String> {
    match v {
        Val::Null => Some("\0null".to_owned()),
        Val::Str(s) | Val::Num(s) => Some(s.clone()),
        Val::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lint::terraform::files::Role;

    /// Evaluates every attribute of `module "m"` in `main` with `tfvars` as the run's values.
    fn inputs(main: &str, tfvars: &str) -> Vec<(String, Val, usize, Option<String>, bool)> {
        let tf = TfFile::parse(Path::new("main.tf"), main.to_owned(), Role::Config, true);
        let vars = TfFile::parse(Path::new("t.tfvars"), tfvars.to_owned(), Role::Vars, true);
        assert!(tf.error.is_none() && vars.error.is_none());
        let module = Module::collect(&[&tf]);
        let empty = Module::default();
        let none = HashMap::new();
        let plain = Eval {
            module: &empty,
            values: &none,
        };
        let values: HashMap<String, Item> = vars
            .body
            .as_ref()
            .unwrap()
            .attributes()
            .map(|a| (a.key.as_str().to_owned(), plain.eval(&vars, &a.value)))
            .collect();
        let eval = Eval {
            module: &module,
            values: &values,
        };
        let body = tf.body.as_ref().unwrap();
        let block = body.get_blocks("module").next().unwrap();
        block
            .body
            .attributes()
            .map(|a| {
                let item = eval.eval(&tf, &a.value);
                (
                    a.key.as_str().to_owned(),
                    item.val.clone(),
                    item.at.line,
                    item.origin.var.clone(),
                    item.origin.literal,
                )
            })
            .collect()
    }

    fn text(v: &Val) -> String {
        match v {
            Val::Str(s) | Val::Num(s) => s.clone(),
            Val::Bool(b) => b.to_string(),
            Val::Null => "null".into(),
            Val::Unknown => "?".into(),
            Val::List(_) => "[..]".into(),
            Val::Map { entries, partial } => {
                let mut s: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k}={}", text(&v.val)))
                    .collect();
                if *partial {
                    s.push("..".into());
                }
                format!("{{{}}}", s.join(","))
            }
        }
    }

    const MAIN: &str = r#"variable "issuer" {
  default = ""
}
variable "method" {
  default = "implicit"
}
variable "secret" {
  sensitive = true
}
locals {
  client = "abc-${"def"}"
  envs   = var.issuer != "" ? { OIDC_ISSUER = var.issuer } : {}
}
module "m" {
  a = var.issuer
  b = var.method
  c = var.secret
  d = local.client
  e = merge({ X = "1", Y = "2" }, local.envs, { Y = "3" })
  f = merge({ X = "1" }, var.unknown_map)
  g = "${var.issuer}/x"
  h = lower("PKCE")
  i = true
  j = data.x.y.z
  k = { for k, v in local.envs : k => v }
}
"#;

    #[test]
    fn references_resolve_from_tfvars_defaults_and_locals() {
        let got = inputs(MAIN, "issuer = \"https://a.okta.com\"\n");
        let find = |k: &str| got.iter().find(|g| g.0 == k).unwrap();
        // From the tfvars file, at its line there.
        assert_eq!(text(&find("a").1), "https://a.okta.com");
        assert_eq!(find("a").2, 1);
        assert_eq!(find("a").3.as_deref(), Some("issuer"));
        // From the default, at the variable block.
        assert_eq!(text(&find("b").1), "implicit");
        assert_eq!(find("b").2, 5);
        // Required and unset: unknown.
        assert_eq!(text(&find("c").1), "?");
        // A constant template in a local.
        assert_eq!(text(&find("d").1), "abc-def");
        assert!(find("d").4);
        // merge() with a conditional local: later objects win.
        assert_eq!(
            text(&find("e").1),
            "{X=1,OIDC_ISSUER=https://a.okta.com,Y=3}"
        );
        // An unknown argument may replace the earlier keys.
        assert_eq!(text(&find("f").1), "{X=?,..}");
        // Interpolation of a variable, other functions, data sources, for: unknown.
        for k in ["g", "h", "j", "k"] {
            assert_eq!(text(&find(k).1), "?", "{k}");
        }
        assert_eq!(text(&find("i").1), "true");
    }

    #[test]
    fn a_conditional_on_an_empty_default_takes_the_false_branch() {
        let got = inputs(MAIN, "");
        let e = got.iter().find(|g| g.0 == "e").unwrap();
        assert_eq!(text(&e.1), "{X=1,Y=3}");
    }

    #[test]
    fn reference_cycles_end_as_unknown() {
        let main = "locals {\n  a = local.b\n  b = local.a\n}\nmodule \"m\" {\n  x = local.a\n}\n";
        let got = inputs(main, "");
        assert_eq!(text(&got[0].1), "?");
    }
}
