//! The checker: a syntax tree ([`Expr`]) → [`CheckedFilter`] for one log kind and version.
//!
//! Rules:
//! - Every path is looked up in `vigil_model::catalogue` (names ignore ASCII case); a path
//!   that does not exist on the requested version is refused with Graph's wording,
//!   `Could not find a property named 'x' on type 'microsoft.graph.signIn'`.
//! - Lambda variables resolve innermost first; a string collection's variable is the string
//!   itself (`t eq 'x'`), a complex collection's variable names element properties (`t/id`).
//! - Literals must fit the property: date-times unquoted (a quoted date-time is refused, as
//!   Graph does), integers for `Int`, numbers for `Double`, `true`/`false` for `Bool`, a
//!   member (plain string or `microsoft.graph.x'member'`) for enums, strings (or bare GUIDs)
//!   for strings. `null` only with `eq`/`ne`. All six comparison operators are allowed on every
//!   scalar: Vigil accepts a superset of Graph's per-property operator lists.
//! - String functions apply to string properties only.
//! - Collections are used through `any`/`all`; a bare `coll eq 'v'`, `coll in (...)` or
//!   `startswith(coll, 'v')` on a string collection means "some element matches" (Graph's
//!   v1.0 docs list `riskEventTypes eq`).

use vigil_model::catalogue::{self, Field, FieldType};
use vigil_model::datetime::parse_nanos;
use vigil_model::{ApiVersion, LogKind};

use crate::ast::{CompareOp, Expr, LambdaBody, Lit, LitValue, Operand, Path, Quantifier};
use crate::error::FilterError;
use crate::filter::{CheckedFilter, Location, Node, Scalar, Scope, Target, Value};

/// Checks a parsed filter against `kind`'s catalogue on `version`.
pub fn check(
    expr: &Expr,
    kind: LogKind,
    version: ApiVersion,
) -> Result<CheckedFilter, FilterError> {
    let mut checker = Checker {
        kind,
        version,
        ci: kind.case_insensitive_strings(),
        scopes: Vec::new(),
    };
    let root = checker.expr(expr)?;
    Ok(CheckedFilter {
        kind,
        version,
        root,
    })
}

struct Checker {
    kind: LogKind,
    version: ApiVersion,
    ci: bool,
    scopes: Vec<RangeVar>,
}

/// A lambda variable in scope.
struct RangeVar {
    name: String,
    element: Element,
    /// Full path of the collection it ranges over.
    path: String,
}

#[derive(Clone, Copy)]
enum Element {
    Strings,
    Complex(&'static [Field]),
}

/// What a path denotes.
enum Resolved {
    Scalar(Target),
    Collection(Location, Element),
}

impl Checker {
    fn expr(&mut self, expr: &Expr) -> Result<Node, FilterError> {
        match expr {
            Expr::Or(a, b) => {
                let mut children = Vec::new();
                self.flatten(a, b, true, &mut children)?;
                Ok(Node::Or(children))
            }
            Expr::And(a, b) => {
                let mut children = Vec::new();
                self.flatten(a, b, false, &mut children)?;
                Ok(Node::And(children))
            }
            Expr::Not(inner) => Ok(Node::Not(Box::new(self.expr(inner)?))),
            Expr::Path(path) => self.bare_boolean(path),
            Expr::Compare { left, op, right } => self.compare(left, *op, right),
            Expr::In { path, values } => self.in_list(path, values),
            Expr::Call { func, args, pos } => {
                let [first, second] = args;
                let Operand::Path(path) = first else {
                    return Err(FilterError::type_error(
                        pos.0,
                        format!("the first argument of {} must be a property", func.name()),
                    ));
                };
                let arg = match second {
                    Operand::Lit(Lit {
                        value: LitValue::String(s),
                        ..
                    }) => s,
                    _ => {
                        return Err(FilterError::type_error(
                            pos.0,
                            format!(
                                "the second argument of {} must be a quoted string",
                                func.name()
                            ),
                        ));
                    }
                };
                let text = |target: Target| {
                    let arg = if target.ty.case_insensitive() {
                        arg.to_lowercase()
                    } else {
                        arg.clone()
                    };
                    Node::Text {
                        func: *func,
                        target,
                        arg,
                    }
                };
                match self.resolve(path)? {
                    Resolved::Scalar(target) if matches!(target.ty, Scalar::Str { .. }) => {
                        Ok(text(target))
                    }
                    Resolved::Collection(loc, Element::Strings) => {
                        let element = self.element_target(&loc);
                        Ok(self.any_of(loc, text(element)))
                    }
                    _ => Err(FilterError::type_error(
                        path.pos.0,
                        format!(
                            "{} applies to string properties; '{path}' is not a string",
                            func.name()
                        ),
                    )),
                }
            }
            Expr::Lambda {
                collection,
                quantifier,
                body,
            } => self.lambda(collection, *quantifier, body.as_ref()),
        }
    }

    /// Collects the operands of a chain of `or`s (or `and`s) into one list.
    fn flatten(
        &mut self,
        a: &Expr,
        b: &Expr,
        or: bool,
        out: &mut Vec<Node>,
    ) -> Result<(), FilterError> {
        for side in [a, b] {
            match (side, or) {
                (Expr::Or(x, y), true) | (Expr::And(x, y), false) => self.flatten(x, y, or, out)?,
                _ => out.push(self.expr(side)?),
            }
        }
        Ok(())
    }

    fn bare_boolean(&mut self, path: &Path) -> Result<Node, FilterError> {
        match self.resolve(path)? {
            Resolved::Scalar(target) if target.ty == Scalar::Bool => Ok(Node::Compare {
                target,
                op: CompareOp::Eq,
                value: Value::Bool(true),
            }),
            _ => Err(FilterError::type_error(
                path.pos.0,
                format!(
                    "'{path}' is not a boolean property; compare it with an operator such as eq"
                ),
            )),
        }
    }

    fn compare(
        &mut self,
        left: &Operand,
        op: CompareOp,
        right: &Operand,
    ) -> Result<Node, FilterError> {
        let (path, op, lit) = match (left, right) {
            (Operand::Path(p), Operand::Lit(l)) => (p, op, l),
            (Operand::Lit(l), Operand::Path(p)) => (p, op.flipped(), l),
            (Operand::Path(_), Operand::Path(p)) => {
                return Err(FilterError::type_error(
                    p.pos.0,
                    format!(
                        "comparing two properties is not supported; compare with a literal instead of '{p}'"
                    ),
                ));
            }
            (Operand::Lit(l), Operand::Lit(_)) => {
                return Err(FilterError::type_error(
                    l.pos.0,
                    format!("a comparison needs a property; found only literals ({l})"),
                ));
            }
        };
        match self.resolve(path)? {
            Resolved::Scalar(target) => {
                let value = self.value(&target, op, lit)?;
                Ok(Node::Compare { target, op, value })
            }
            Resolved::Collection(loc, Element::Strings)
                if op == CompareOp::Eq && lit.value != LitValue::Null =>
            {
                let element = self.element_target(&loc);
                let value = self.value(&element, op, lit)?;
                Ok(self.any_of(
                    loc,
                    Node::Compare {
                        target: element,
                        op,
                        value,
                    },
                ))
            }
            Resolved::Collection(..) => Err(collection_misuse(path)),
        }
    }

    fn in_list(&mut self, path: &Path, values: &[Lit]) -> Result<Node, FilterError> {
        let resolved = self.resolve(path)?;
        let (target, collection) = match resolved {
            Resolved::Scalar(target) => (target, None),
            Resolved::Collection(loc, Element::Strings) => (self.element_target(&loc), Some(loc)),
            Resolved::Collection(..) => return Err(collection_misuse(path)),
        };
        let mut checked = Vec::with_capacity(values.len());
        for lit in values {
            if lit.value == LitValue::Null {
                return Err(FilterError::type_error(
                    lit.pos.0,
                    "null is not allowed in an 'in' list; use 'eq null'",
                ));
            }
            checked.push(self.value(&target, CompareOp::Eq, lit)?);
        }
        let node = Node::In {
            target,
            values: checked,
        };
        Ok(match collection {
            Some(loc) => self.any_of(loc, node),
            None => node,
        })
    }

    fn lambda(
        &mut self,
        collection: &Path,
        quantifier: Quantifier,
        body: Option<&LambdaBody>,
    ) -> Result<Node, FilterError> {
        let (loc, element) = match self.resolve(collection)? {
            Resolved::Collection(loc, element) => (loc, element),
            Resolved::Scalar(_) => {
                return Err(FilterError::type_error(
                    collection.pos.0,
                    format!(
                        "'{collection}' is not a collection; {}() needs one",
                        quantifier.keyword()
                    ),
                ));
            }
        };
        let level = self.scopes.len();
        let Some(LambdaBody { var, body }) = body else {
            return Ok(Node::Lambda {
                quantifier,
                collection: loc,
                level,
                body: None,
            });
        };
        self.scopes.push(RangeVar {
            name: var.clone(),
            element,
            path: loc.path.clone(),
        });
        let checked = self.expr(body);
        self.scopes.pop();
        Ok(Node::Lambda {
            quantifier,
            collection: loc,
            level,
            body: Some(Box::new(checked?)),
        })
    }

    /// `any` over a string collection with `body` about its element (for the bare forms).
    fn any_of(&self, collection: Location, body: Node) -> Node {
        Node::Lambda {
            quantifier: Quantifier::Any,
            collection,
            level: self.scopes.len(),
            body: Some(Box::new(body)),
        }
    }

    /// The element of a string collection, as the implicit lambda variable of `any_of`.
    fn element_target(&self, collection: &Location) -> Target {
        Target {
            loc: Location {
                scope: Scope::Var(self.scopes.len()),
                keys: Vec::new(),
                path: collection.path.clone(),
            },
            ty: Scalar::Str { ci: self.ci },
        }
    }

    fn resolve(&self, path: &Path) -> Result<Resolved, FilterError> {
        let pos = path.pos.0;
        let Some((first, rest)) = path.segments.split_first() else {
            return Err(FilterError::type_error(pos, "empty property path"));
        };
        if let Some(level) = self.scopes.iter().rposition(|v| &v.name == first) {
            return self.resolve_in_lambda(path, level, rest);
        }
        let joined = path.segments.join("/");
        if let Some(field) = catalogue::lookup(self.kind, self.version, &joined) {
            let keys: Vec<&'static str> = field.path.split('/').collect();
            return Ok(self.resolved(field, Scope::Root, keys, field.path.to_owned()));
        }
        // `targetResources/id eq 'x'`: say how to reach into a collection.
        for n in 1..path.segments.len() {
            let prefix = path.segments.get(..n).unwrap_or_default().join("/");
            if let Some(field) = catalogue::lookup(self.kind, self.version, &prefix)
                && matches!(
                    field.ty,
                    FieldType::StringCollection | FieldType::ComplexCollection(_)
                )
            {
                return Err(FilterError::type_error(
                    pos,
                    format!(
                        "'{}' is a collection; use a lambda such as {}/any(x: x/{} eq ...)",
                        field.path,
                        field.path,
                        path.segments.get(n..).unwrap_or_default().join("/")
                    ),
                ));
            }
        }
        Err(FilterError::UnknownProperty {
            pos,
            path: joined,
            entity: self.kind.entity_type().to_owned(),
        })
    }

    fn resolve_in_lambda(
        &self,
        path: &Path,
        level: usize,
        rest: &[String],
    ) -> Result<Resolved, FilterError> {
        let pos = path.pos.0;
        let Some(var) = self.scopes.get(level) else {
            return Err(FilterError::type_error(pos, "unknown lambda variable"));
        };
        match var.element {
            Element::Strings if rest.is_empty() => Ok(Resolved::Scalar(Target {
                loc: Location {
                    scope: Scope::Var(level),
                    keys: Vec::new(),
                    path: var.path.clone(),
                },
                ty: Scalar::Str { ci: self.ci },
            })),
            Element::Strings => Err(FilterError::type_error(
                pos,
                format!(
                    "'{}' stands for a string of '{}' and has no property '{}'",
                    var.name,
                    var.path,
                    rest.join("/")
                ),
            )),
            Element::Complex(_) if rest.is_empty() => Err(FilterError::type_error(
                pos,
                format!(
                    "'{}' stands for an element of '{}'; compare one of its properties, e.g. {}/id",
                    var.name, var.path, var.name
                ),
            )),
            Element::Complex(fields) => {
                let relative = rest.join("/");
                match catalogue::lookup_in(fields, &relative)
                    .filter(|f| f.available_in(self.version))
                {
                    Some(field) => {
                        let keys: Vec<&'static str> = field.path.split('/').collect();
                        let full = format!("{}/{}", var.path, field.path);
                        Ok(self.resolved(field, Scope::Var(level), keys, full))
                    }
                    None => Err(FilterError::UnknownProperty {
                        pos,
                        path: format!("{}/{relative}", var.path),
                        entity: self.kind.entity_type().to_owned(),
                    }),
                }
            }
        }
    }

    fn resolved(
        &self,
        field: &'static Field,
        scope: Scope,
        keys: Vec<&'static str>,
        path: String,
    ) -> Resolved {
        let loc = Location { scope, keys, path };
        let ty = match field.ty {
            FieldType::String => Scalar::Str { ci: self.ci },
            // GUIDs compare ignoring case whatever the log's string rule.
            FieldType::Guid => Scalar::Str { ci: true },
            FieldType::Int => Scalar::Int,
            FieldType::Double => Scalar::Double,
            FieldType::Bool => Scalar::Bool,
            FieldType::DateTime => Scalar::DateTime,
            FieldType::Enum(members) => Scalar::Enum(members),
            FieldType::StringCollection => return Resolved::Collection(loc, Element::Strings),
            FieldType::ComplexCollection(fields) => {
                return Resolved::Collection(loc, Element::Complex(fields));
            }
        };
        Resolved::Scalar(Target { loc, ty })
    }

    /// Types `lit` for comparison with `target` under `op`.
    fn value(&self, target: &Target, op: CompareOp, lit: &Lit) -> Result<Value, FilterError> {
        let pos = lit.pos.0;
        let path = &target.loc.path;
        if lit.value == LitValue::Null {
            if matches!(op, CompareOp::Eq | CompareOp::Ne) {
                return Ok(Value::Null);
            }
            return Err(FilterError::type_error(
                pos,
                format!(
                    "null can only be compared with eq or ne, not {} ('{path}')",
                    op.keyword()
                ),
            ));
        }
        let mismatch = |expected: &str| {
            FilterError::type_error(
                pos,
                format!("'{path}' expects {expected}, not {}", describe(&lit.value)),
            )
        };
        match (target.ty, &lit.value) {
            (
                Scalar::Str { ci },
                LitValue::String(s) | LitValue::Guid(s) | LitValue::Enum { member: s, .. },
            ) => Ok(Value::Str(if ci { s.to_lowercase() } else { s.clone() })),
            (Scalar::Str { .. }, _) => Err(mismatch("a quoted string")),
            (Scalar::Enum(members), LitValue::String(s) | LitValue::Enum { member: s, .. }) => {
                match members.iter().find(|m| m.eq_ignore_ascii_case(s)) {
                    Some(member) => Ok(Value::Str(member.to_lowercase())),
                    None => Err(FilterError::type_error(
                        pos,
                        format!(
                            "'{s}' is not a valid value of '{path}'; expected one of: {}",
                            members.join(", ")
                        ),
                    )),
                }
            }
            (Scalar::Enum(members), _) => Err(mismatch(&format!("one of: {}", members.join(", ")))),
            (Scalar::Int, LitValue::Int(i)) => Ok(Value::Int(*i)),
            (Scalar::Int, _) => Err(mismatch("an integer")),
            #[allow(clippy::cast_precision_loss)]
            // reason: i64 → f64 is how OData promotes Int to Double
            (Scalar::Double, LitValue::Int(i)) => Ok(Value::Float(*i as f64)),
            (Scalar::Double, LitValue::Decimal(text)) => match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::Float(f)),
                _ => Err(mismatch("a finite number")),
            },
            (Scalar::Double, _) => Err(mismatch("a number")),
            (Scalar::Bool, LitValue::Bool(b)) => Ok(Value::Bool(*b)),
            (Scalar::Bool, _) => Err(mismatch("true or false")),
            (Scalar::DateTime, LitValue::DateTime(text)) => {
                parse_nanos(text).map(Value::DateTime).map_err(|e| {
                    FilterError::type_error(
                        pos,
                        format!("invalid date-time literal for '{path}': {e}"),
                    )
                })
            }
            (Scalar::DateTime, LitValue::String(text)) => Err(FilterError::type_error(
                pos,
                format!(
                    "date-time values must not be quoted: write {path} {} {text} instead of '{text}'",
                    op.keyword()
                ),
            )),
            (Scalar::DateTime, _) => Err(mismatch(
                "an unquoted date-time such as 2024-07-01T00:00:00Z",
            )),
        }
    }
}

fn collection_misuse(path: &Path) -> FilterError {
    FilterError::type_error(
        path.pos.0,
        format!("'{path}' is a collection; filter it with a lambda such as {path}/any(x: ...)"),
    )
}

/// A literal as named in type errors: `string 'x'`, `integer 5`, ...
fn describe(lit: &LitValue) -> String {
    match lit {
        LitValue::String(_) => format!("string {lit}"),
        LitValue::Int(_) => format!("integer {lit}"),
        LitValue::Decimal(_) => format!("number {lit}"),
        LitValue::Bool(_) => format!("boolean {lit}"),
        LitValue::Null => "null".to_owned(),
        LitValue::DateTime(_) => format!("date-time {lit}"),
        LitValue::Guid(_) => format!("GUID {lit}"),
        LitValue::Enum { .. } => format!("enum value {lit}"),
    }
}
