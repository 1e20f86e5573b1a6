//! Index prefilters: a sound over-approximation of a [`CheckedFilter`] that uses only the
//! property paths a store says it can answer from an index.
//!
//! **Soundness:** every record that matches the filter satisfies its prefilter. Leaves of a
//! [`Prefilter`] have the filter's semantics (see [`crate::eval`]): a missing or `null`
//! value fails every leaf except `eq null` / `ne null`; `Not` is plain negation.
//!
//! Derivation: `and` keeps the children that give a restriction; `or` needs every child to
//! give one (else [`Prefilter::True`]); `not x` needs `x`'s prefilter to be exact; a leaf on a
//! path the store does not index gives `True`; a lambda gives a leaf only in the form
//! `coll/any(t: t eq 'v')` (and `or`/`in` of those) on a string collection. Enum order
//! comparisons (`riskLevel gt 'low'`, schema order), `endswith`, `contains` and `all` give
//! `True`.
//!
//! **Exactness:** a plan is exact when the prefilter is equivalent to the filter, so a store
//! that renders it exactly may skip re-evaluation and count in SQL. Case-insensitive string
//! leaves (including enums, GUIDs and [`Prefilter::CollectionContains`] on a kind whose
//! strings are case-insensitive) are never exact: their values are lower-cased and the store
//! decides whether its column is too.

use std::fmt;

use vigil_model::datetime::format_nanos;

use crate::ast::{CompareOp, Func, Quantifier};
use crate::filter::{CheckedFilter, Location, Node, Scalar, Scope, Target, Value};

/// A restriction a store can answer from indexed columns.
#[derive(Clone, Debug, PartialEq)]
pub enum Prefilter {
    /// No restriction.
    True,
    /// Every child holds (at least two children).
    And(Vec<Prefilter>),
    /// Some child holds (at least two children).
    Or(Vec<Prefilter>),
    /// The child does not hold (only built over exact children).
    Not(Box<Prefilter>),
    /// `path op value`. With `case_insensitive`, `value` is a lower-cased [`Literal::Str`] to
    /// be compared with the lower-cased property value. [`Literal::Null`] comes only with
    /// `Eq` (missing or null) and `Ne` (present and not null).
    Compare {
        /// Catalogue path (`status/errorCode`), in the catalogue's spelling.
        path: String,
        /// The operator.
        op: CompareOp,
        /// The typed value.
        value: Literal,
        /// Compare lower-cased strings.
        case_insensitive: bool,
    },
    /// The string property starts with `prefix` (lower-cased when `case_insensitive`).
    StartsWith {
        /// Catalogue path.
        path: String,
        /// The prefix.
        prefix: String,
        /// Compare lower-cased strings.
        case_insensitive: bool,
    },
    /// The property equals one of `values` (never `Null`; lower-cased strings when
    /// `case_insensitive`).
    In {
        /// Catalogue path.
        path: String,
        /// Candidate values (at least one).
        values: Vec<Literal>,
        /// Compare lower-cased strings.
        case_insensitive: bool,
    },
    /// The string collection at `path` (`signInEventTypes`) has an element equal to `value`
    /// (a [`Literal::Str`]). The value is lower-cased, and elements must be compared
    /// lower-cased, exactly when the kind's strings are case-insensitive
    /// (`LogKind::case_insensitive_strings`: every kind but provisioning).
    CollectionContains {
        /// Catalogue path of the collection.
        path: String,
        /// The element value.
        value: Literal,
    },
}

/// A typed literal in a prefilter.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A string (lower-cased when the leaf is case-insensitive).
    Str(String),
    /// An integer.
    Int(i64),
    /// A double.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An instant, in nanoseconds since the Unix epoch.
    DateTime(i64),
    /// `null`.
    Null,
}

/// A prefilter and whether it is equivalent to its filter.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefilterPlan {
    /// The restriction; [`Prefilter::True`] when nothing indexed helps.
    pub prefilter: Prefilter,
    /// Whether every record satisfying `prefilter` also matches the filter.
    pub exact: bool,
}

impl CheckedFilter {
    /// The sound prefilter over the paths for which `indexed(path)` is true (see the module
    /// doc). `indexed` is asked with catalogue paths, and with the collection path
    /// (`signInEventTypes`) for [`Prefilter::CollectionContains`].
    pub fn prefilter(&self, indexed: &dyn Fn(&str) -> bool) -> Prefilter {
        self.prefilter_plan(indexed).prefilter
    }

    /// The prefilter and whether it is exact.
    pub fn prefilter_plan(&self, indexed: &dyn Fn(&str) -> bool) -> PrefilterPlan {
        let (prefilter, exact) = derive(&self.root, indexed, false);
        PrefilterPlan { prefilter, exact }
    }

    /// The plan for a store that answers case-insensitive leaves exactly — its columns hold
    /// Unicode-lower-cased values (`str::to_lowercase`) compared by code point with the
    /// lower-cased literal, exactly as the evaluator compares — and that renders every leaf
    /// it is given exactly (it must refuse, or mark inexact, any leaf it cannot). Such leaves
    /// then count as exact, so `not` over them keeps a restriction and the plan's exactness
    /// carries through; everything else is as [`CheckedFilter::prefilter_plan`].
    pub fn prefilter_plan_for_lowered_columns(
        &self,
        indexed: &dyn Fn(&str) -> bool,
    ) -> PrefilterPlan {
        let (prefilter, exact) = derive(&self.root, indexed, true);
        PrefilterPlan { prefilter, exact }
    }

    /// Whether `prefilter` (as returned by [`CheckedFilter::prefilter`] for this filter) is
    /// equivalent to the filter. It is exactly when the prefilter derived with every path
    /// indexed is exact and equal to it: a prefilter that left anything out differs from it.
    pub fn prefilter_is_exact(&self, prefilter: &Prefilter) -> bool {
        let full = self.prefilter_plan(&|_| true);
        full.exact && full.prefilter == *prefilter
    }
}

/// The prefilter of `node` and whether it is exact. `True` is never exact. With `ci_exact`,
/// case-insensitive leaves count as exact (see
/// [`CheckedFilter::prefilter_plan_for_lowered_columns`]).
fn derive(node: &Node, indexed: &dyn Fn(&str) -> bool, ci_exact: bool) -> (Prefilter, bool) {
    match node {
        Node::And(children) => {
            let mut parts = Vec::with_capacity(children.len());
            let mut exact = true;
            for child in children {
                let (p, e) = derive(child, indexed, ci_exact);
                exact &= e;
                if p != Prefilter::True {
                    parts.push(p);
                }
            }
            combine(parts, exact, Prefilter::And)
        }
        Node::Or(children) => {
            let mut parts = Vec::with_capacity(children.len());
            let mut exact = true;
            for child in children {
                let (p, e) = derive(child, indexed, ci_exact);
                if p == Prefilter::True {
                    return INEXACT_TRUE;
                }
                exact &= e;
                parts.push(p);
            }
            combine(parts, exact, Prefilter::Or)
        }
        Node::Not(inner) => match derive(inner, indexed, ci_exact) {
            (p, true) if p != Prefilter::True => (Prefilter::Not(Box::new(p)), true),
            _ => INEXACT_TRUE,
        },
        Node::Compare { target, op, value } => {
            let Some(path) = root_path(&target.loc, indexed) else {
                return INEXACT_TRUE;
            };
            let ordered_enum = matches!(target.ty, Scalar::Enum(_))
                && !matches!(op, CompareOp::Eq | CompareOp::Ne);
            if ordered_enum {
                // Enums order by schema position; a store orders their text.
                return INEXACT_TRUE;
            }
            let case_insensitive = target.ty.case_insensitive() && matches!(value, Value::Str(_));
            let leaf = Prefilter::Compare {
                path,
                op: *op,
                value: literal(value),
                case_insensitive,
            };
            (leaf, !case_insensitive || ci_exact)
        }
        Node::In { target, values } => {
            let Some(path) = root_path(&target.loc, indexed) else {
                return INEXACT_TRUE;
            };
            let case_insensitive = target.ty.case_insensitive();
            let leaf = Prefilter::In {
                path,
                values: values.iter().map(literal).collect(),
                case_insensitive,
            };
            (leaf, !case_insensitive || ci_exact)
        }
        Node::Text {
            func: Func::StartsWith,
            target,
            arg,
        } => {
            let Some(path) = root_path(&target.loc, indexed) else {
                return INEXACT_TRUE;
            };
            let case_insensitive = target.ty.case_insensitive();
            let leaf = Prefilter::StartsWith {
                path,
                prefix: arg.clone(),
                case_insensitive,
            };
            (leaf, !case_insensitive || ci_exact)
        }
        Node::Text { .. } => INEXACT_TRUE,
        Node::Lambda {
            quantifier: Quantifier::Any,
            collection,
            level,
            body: Some(body),
        } => {
            let Some(path) = root_path(collection, indexed) else {
                return INEXACT_TRUE;
            };
            contains(body, &path, *level, ci_exact).unwrap_or(INEXACT_TRUE)
        }
        Node::Lambda { .. } => INEXACT_TRUE,
    }
}

const INEXACT_TRUE: (Prefilter, bool) = (Prefilter::True, false);

fn combine(
    mut parts: Vec<Prefilter>,
    exact: bool,
    build: fn(Vec<Prefilter>) -> Prefilter,
) -> (Prefilter, bool) {
    match parts.len() {
        0 => INEXACT_TRUE,
        1 => (parts.pop().unwrap_or(Prefilter::True), exact),
        _ => (build(parts), exact),
    }
}

/// The catalogue path of a root-level location the store indexes.
fn root_path(loc: &Location, indexed: &dyn Fn(&str) -> bool) -> Option<String> {
    (loc.scope == Scope::Root && indexed(&loc.path)).then(|| loc.path.clone())
}

/// The body of `coll/any(t: body)` over a string collection as `CollectionContains` leaves:
/// `t eq 'v'`, `t in (...)` and `or` of those are exact (up to case); `and` keeps the
/// translatable children (sound: an element satisfying all of them satisfies each).
fn contains(body: &Node, path: &str, level: usize, ci_exact: bool) -> Option<(Prefilter, bool)> {
    let is_element = |t: &Target| t.loc.scope == Scope::Var(level) && t.loc.keys.is_empty();
    let leaf = |v: &Value, ci: bool| {
        let leaf = Prefilter::CollectionContains {
            path: path.to_owned(),
            value: literal(v),
        };
        (leaf, !ci || ci_exact)
    };
    match body {
        Node::Compare {
            target,
            op: CompareOp::Eq,
            value: v @ Value::Str(_),
        } if is_element(target) => Some(leaf(v, target.ty.case_insensitive())),
        Node::In { target, values } if is_element(target) => {
            let ci = target.ty.case_insensitive();
            let parts = values.iter().map(|v| leaf(v, ci).0).collect();
            Some(combine(parts, !ci || ci_exact, Prefilter::Or))
        }
        Node::Or(children) => {
            let mut parts = Vec::with_capacity(children.len());
            let mut exact = true;
            for child in children {
                let (p, e) = contains(child, path, level, ci_exact)?;
                exact &= e;
                parts.push(p);
            }
            Some(combine(parts, exact, Prefilter::Or))
        }
        Node::And(children) => {
            let parts: Vec<Prefilter> = children
                .iter()
                .filter_map(|c| contains(c, path, level, ci_exact).map(|(p, _)| p))
                .collect();
            let (p, _) = combine(parts, false, Prefilter::And);
            (p != Prefilter::True).then_some((p, false))
        }
        _ => None,
    }
}

fn literal(value: &Value) -> Literal {
    match value {
        Value::Str(s) => Literal::Str(s.clone()),
        Value::Int(i) => Literal::Int(*i),
        Value::Float(f) => Literal::Float(*f),
        Value::Bool(b) => Literal::Bool(*b),
        Value::DateTime(n) => Literal::DateTime(*n),
        Value::Null => Literal::Null,
    }
}

/// A compact rendering for tests and logs: `lower(path)` marks a case-insensitive leaf,
/// `has` is [`Prefilter::CollectionContains`].
impl fmt::Display for Prefilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let subject = |path: &str, ci: bool| {
            if ci {
                format!("lower({path})")
            } else {
                path.to_owned()
            }
        };
        match self {
            Prefilter::True => f.write_str("true"),
            Prefilter::And(children) => join(f, children, " and "),
            Prefilter::Or(children) => join(f, children, " or "),
            Prefilter::Not(inner) => write!(f, "not ({inner})"),
            Prefilter::Compare {
                path,
                op,
                value,
                case_insensitive,
            } => write!(
                f,
                "{} {} {value}",
                subject(path, *case_insensitive),
                op.keyword()
            ),
            Prefilter::StartsWith {
                path,
                prefix,
                case_insensitive,
            } => write!(
                f,
                "startswith({}, {})",
                subject(path, *case_insensitive),
                Literal::Str(prefix.clone())
            ),
            Prefilter::In {
                path,
                values,
                case_insensitive,
            } => {
                write!(f, "{} in (", subject(path, *case_insensitive))?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")
            }
            Prefilter::CollectionContains { path, value } => write!(f, "{path} has {value}"),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, children: &[Prefilter], separator: &str) -> fmt::Result {
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write!(f, "({child})")?;
    }
    Ok(())
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Str(s) => write!(f, "'{}'", s.replace('\'', "''")),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x:?}"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::DateTime(n) => f.write_str(&format_nanos(*n)),
            Literal::Null => f.write_str("null"),
        }
    }
}
