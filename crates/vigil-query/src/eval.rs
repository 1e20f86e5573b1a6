//! The evaluator: does a [`CheckedFilter`] hold for a record's canonical JSON?
//!
//! Semantics (the prefilter and every store rely on these):
//! - A missing, `null` or wrongly typed value makes every comparison false, except
//!   `eq null` (true when missing or `null`) and `ne null` (true when present and not `null`).
//!   `not` is plain negation, so `not (x eq 'a')` holds when `x` is missing.
//! - Strings compare lower-cased (Unicode `to_lowercase`, then by code point) when the kind's
//!   strings are case-insensitive, exactly otherwise; enums always ignore case for equality
//!   and order by schema position for `gt`/`ge`/`lt`/`le` (unknown members never order).
//! - Date-times compare as instants (the record's text parsed with `parse_nanos`); integers
//!   and doubles numerically; booleans `false < true`.
//! - `any` over a missing, `null` or empty collection is false; `all` is true there (it is
//!   `not any(not ...)`). A value that is not an array counts as an empty collection.

use std::cmp::Ordering;

use serde_json::Value as Json;
use vigil_model::datetime::parse_nanos;

use crate::ast::{CompareOp, Func, Quantifier};
use crate::filter::{CheckedFilter, Location, Node, Scalar, Scope, Target, Value};

impl CheckedFilter {
    /// Whether `record` (canonical JSON: an object keyed by Graph property names) satisfies
    /// the filter.
    pub fn matches(&self, record: &Json) -> bool {
        let mut env = Vec::new();
        eval(&self.root, record, &mut env)
    }
}

fn eval<'a>(node: &Node, root: &'a Json, env: &mut Vec<&'a Json>) -> bool {
    match node {
        Node::And(children) => children.iter().all(|c| eval(c, root, env)),
        Node::Or(children) => children.iter().any(|c| eval(c, root, env)),
        Node::Not(inner) => !eval(inner, root, env),
        Node::Compare { target, op, value } => {
            compare(target, *op, value, locate(&target.loc, root, env))
        }
        Node::In { target, values } => {
            let actual = locate(&target.loc, root, env);
            values
                .iter()
                .any(|v| compare(target, CompareOp::Eq, v, actual))
        }
        Node::Text { func, target, arg } => {
            let Some(actual) = locate(&target.loc, root, env).and_then(Json::as_str) else {
                return false;
            };
            let actual = if target.ty.case_insensitive() {
                actual.to_lowercase()
            } else {
                actual.to_owned()
            };
            match func {
                Func::StartsWith => actual.starts_with(arg.as_str()),
                Func::EndsWith => actual.ends_with(arg.as_str()),
                Func::Contains => actual.contains(arg.as_str()),
            }
        }
        Node::Lambda {
            quantifier,
            collection,
            body,
            ..
        } => {
            let elements = locate(collection, root, env)
                .and_then(Json::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let Some(body) = body else {
                // `any()` without a predicate: is the collection non-empty?
                return !elements.is_empty();
            };
            let mut test = |element: &'a Json| {
                env.push(element);
                let result = eval(body, root, env);
                env.pop();
                result
            };
            match quantifier {
                Quantifier::Any => elements.iter().any(&mut test),
                Quantifier::All => elements.iter().all(&mut test),
            }
        }
    }
}

/// The value at `loc`, or `None` when missing or `null`.
fn locate<'a>(loc: &Location, root: &'a Json, env: &[&'a Json]) -> Option<&'a Json> {
    let mut value = match loc.scope {
        Scope::Root => root,
        Scope::Var(level) => env.get(level).copied()?,
    };
    for key in &loc.keys {
        value = value.get(key)?;
    }
    (!value.is_null()).then_some(value)
}

fn compare(target: &Target, op: CompareOp, expected: &Value, actual: Option<&Json>) -> bool {
    if *expected == Value::Null {
        return match op {
            CompareOp::Eq => actual.is_none(),
            CompareOp::Ne => actual.is_some(),
            _ => false,
        };
    }
    let Some(actual) = actual else {
        return false;
    };
    ordering(target.ty, op, actual, expected).is_some_and(|o| op.holds(o))
}

/// `actual` compared with `expected`, or `None` when they cannot be compared.
fn ordering(ty: Scalar, op: CompareOp, actual: &Json, expected: &Value) -> Option<Ordering> {
    match (ty, expected) {
        (Scalar::Str { ci }, Value::Str(e)) => {
            let a = actual.as_str()?;
            Some(if ci {
                cmp_lowercase(a, e)
            } else {
                a.cmp(e.as_str())
            })
        }
        (Scalar::Enum(members), Value::Str(e)) => {
            let a = actual.as_str()?;
            if matches!(op, CompareOp::Eq | CompareOp::Ne) {
                return Some(cmp_lowercase(a, e));
            }
            let index = |s: &str| members.iter().position(|m| m.eq_ignore_ascii_case(s));
            Some(index(a)?.cmp(&index(e)?))
        }
        (Scalar::Int, Value::Int(e)) => match actual.as_i64() {
            Some(a) => Some(a.cmp(e)),
            #[allow(clippy::cast_precision_loss)]
            // reason: a non-integer record value compares as a double
            None => actual.as_f64()?.partial_cmp(&(*e as f64)),
        },
        (Scalar::Double, Value::Float(e)) => actual.as_f64()?.partial_cmp(e),
        (Scalar::Bool, Value::Bool(e)) => Some(actual.as_bool()?.cmp(e)),
        (Scalar::DateTime, Value::DateTime(e)) => {
            let a = parse_nanos(actual.as_str()?).ok()?;
            Some(a.cmp(e))
        }
        _ => None,
    }
}

/// Compares `actual.to_lowercase()` with an already lower-cased `expected`, without
/// allocating when `actual` is ASCII.
pub(crate) fn cmp_lowercase(actual: &str, expected: &str) -> Ordering {
    if actual.is_ascii() {
        actual
            .bytes()
            .map(|b| b.to_ascii_lowercase())
            .cmp(expected.bytes())
    } else {
        actual.to_lowercase().as_str().cmp(expected)
    }
}
