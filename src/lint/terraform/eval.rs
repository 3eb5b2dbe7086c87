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
