//! A query's index prefilter compiled against a log's columns: written out as SQL by
//! `sql::render`, or evaluated on one record's column values in Rust by [`SlotFilter::holds`].
//!
//! The block layout (`blocks.rs`) keeps a block's columns in an encoded section rather than
//! in SQLite rows, so it must
//! evaluate the prefilter itself. Compiling once decides what can be expressed and how
//! exactly, for both. The evaluation follows what SQLite does with the rendered SQL:
//! - the same columns, and the same agreement between column and literal types;
//! - the same soundness rules (`And` drops what it cannot express, `Or` and `Not` give up);
//! - SQLite's three-valued logic: a comparison with NULL is unknown, a `WHERE` keeps only
//!   true, and `Not` is `NOT IFNULL(…, 0)`;
//! - byte-wise text order, as SQLite's `BINARY` collation;
//! - the same exactness flag.
//!
//! The tests check both against each other: every filter, on every record of a demo store.

use vigil_model::LogKind;
use vigil_query::{CompareOp, Literal, Prefilter};

use crate::schema::{self, ColumnType};

/// One column value of a record, as the row store keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnValue<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

/// The values a [`SlotFilter`] reads from one record.
pub(crate) trait SlotValues {
    /// Event time, nanoseconds since the epoch.
    fn ts(&self) -> i64;
    /// The record id as stored.
    fn id(&self) -> &str;
    /// Sign-ins: the event type code (`schema::event_type_code`).
    fn etype(&self) -> Option<i64>;
    /// The value of column `index` of the kind's `schema::TableSpec::columns`.
    fn column(&self, index: usize) -> ColumnValue<'_>;
}

/// A compiled prefilter; `exact` when it is equivalent to the prefilter, not just implied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlotFilter {
    node: Node,
    pub exact: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    Ts,
    Column(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bound {
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    /// `NOT IFNULL(inner, 0)`.
    Not(Box<Node>),
    Compare {
        target: Target,
        op: CompareOp,
        value: Bound,
    },
    IsNull {
        target: Target,
        negated: bool,
    },
    In {
        target: Target,
        values: Vec<Bound>,
    },
    /// `target >= lower [AND target < upper]`, both text.
    Range {
        target: Target,
        lower: Bound,
        upper: Option<Bound>,
    },
    /// The id hash is one of these (the id itself is left to the evaluator).
    IdHashIn(Vec<i64>),
    /// The id hash matches and the id is exactly this.
    IdIs {
        hash: i64,
        id: String,
    },
    EventType(i64),
}

impl SlotFilter {
    /// The compiled tree, for `sql::render`.
    pub(crate) fn node(&self) -> &Node {
        &self.node
    }

    /// Compiles `prefilter` for `kind`; `None` where no restriction can be derived.
    pub(crate) fn compile(kind: LogKind, prefilter: &Prefilter) -> Option<SlotFilter> {
        compile(kind, prefilter).map(|(node, exact)| SlotFilter { node, exact })
    }

    /// Whether the record passes, as a SQLite `WHERE` holding this fragment would keep it.
    pub(crate) fn holds(&self, slot: &impl SlotValues) -> bool {
        eval(&self.node, slot) == Some(true)
    }
}

fn compile(kind: LogKind, prefilter: &Prefilter) -> Option<(Node, bool)> {
    match prefilter {
        Prefilter::True => None,
        Prefilter::And(children) => {
            let parts: Vec<Option<(Node, bool)>> =
                children.iter().map(|c| compile(kind, c)).collect();
            let exact = parts.iter().all(|p| p.as_ref().is_some_and(|(_, e)| *e));
            let known: Vec<Node> = parts.into_iter().flatten().map(|(n, _)| n).collect();
            join(known, Node::And, exact)
        }
        Prefilter::Or(children) => {
            let mut known = Vec::with_capacity(children.len());
            let mut exact = true;
            for child in children {
                let (node, e) = compile(kind, child)?;
                exact &= e;
                known.push(node);
            }
            join(known, Node::Or, exact)
        }
        Prefilter::Not(child) => {
            let (inner, exact) = compile(kind, child)?;
            exact.then(|| (Node::Not(Box::new(inner)), true))
        }
        Prefilter::Compare {
            path,
            op,
            value,
            case_insensitive,
        } => compare(kind, path, *op, value, *case_insensitive),
        Prefilter::StartsWith {
            path,
            prefix,
            case_insensitive,
        } => starts_with(kind, path, prefix, *case_insensitive),
        Prefilter::In {
            path,
            values,
            case_insensitive,
        } => {
            if values.is_empty() {
                return None;
            }
            if path.eq_ignore_ascii_case("id") {
                let hashes = values
                    .iter()
                    .map(|v| match v {
                        Literal::Str(id) => Some(schema::id_hash(id)),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                return Some((Node::IdHashIn(hashes), false));
            }
            let (target, ty) = target(kind, path)?;
            let values = values
                .iter()
                .map(|v| bind(&target, ty, v, *case_insensitive))
                .collect::<Option<Vec<_>>>()?;
            Some((Node::In { target, values }, true))
        }
        Prefilter::CollectionContains { path, value } => {
            if kind != LogKind::SignIn || !path.eq_ignore_ascii_case("signInEventTypes") {
                return None;
            }
            let Literal::Str(name) = value else {
                return None;
            };
            Some((Node::EventType(schema::event_type_code(name)?), true))
        }
    }
}

fn join(mut parts: Vec<Node>, combine: fn(Vec<Node>) -> Node, exact: bool) -> Option<(Node, bool)> {
    match parts.len() {
        0 => None,
        1 => parts.pop().map(|node| (node, exact)),
        _ => Some((combine(parts), exact)),
    }
}

fn target(kind: LogKind, path: &str) -> Option<(Target, ColumnType)> {
    if path.eq_ignore_ascii_case(kind.time_property()) {
        return Some((Target::Ts, ColumnType::Int));
    }
    schema::column_at(kind, path).map(|(index, column)| (Target::Column(index), column.ty))
}

/// The value compared with a column of type `ty`, if the literal's type agrees with it.
fn bind(target: &Target, ty: ColumnType, value: &Literal, case_insensitive: bool) -> Option<Bound> {
    match (ty, value) {
        (ColumnType::Int, Literal::Int(i)) => Some(Bound::Int(*i)),
        (ColumnType::Int, Literal::DateTime(n)) if *target == Target::Ts => Some(Bound::Int(*n)),
        (ColumnType::Bool, Literal::Bool(b)) => Some(Bound::Int(i64::from(*b))),
        (ColumnType::Text, Literal::Str(s)) if !case_insensitive => Some(Bound::Text(s.clone())),
        (ColumnType::LowerText, Literal::Str(s)) if case_insensitive => {
            Some(Bound::Text(s.to_lowercase()))
        }
        _ => None,
    }
}

fn compare(
    kind: LogKind,
    path: &str,
    op: CompareOp,
    value: &Literal,
    case_insensitive: bool,
) -> Option<(Node, bool)> {
    if path.eq_ignore_ascii_case("id") {
        let Literal::Str(id) = value else { return None };
        if op != CompareOp::Eq {
            return None;
        }
        let hash = schema::id_hash(id);
        return Some(if case_insensitive {
            (Node::IdHashIn(vec![hash]), false)
        } else {
            (
                Node::IdIs {
                    hash,
                    id: id.clone(),
                },
                true,
            )
        });
    }
    let (target, ty) = target(kind, path)?;
    if matches!(value, Literal::Null) {
        let negated = match op {
            CompareOp::Eq => false,
            CompareOp::Ne => true,
            _ => return None,
        };
        return Some((Node::IsNull { target, negated }, true));
    }
    let value = bind(&target, ty, value, case_insensitive)?;
    Some((Node::Compare { target, op, value }, true))
}

fn starts_with(
    kind: LogKind,
    path: &str,
    prefix: &str,
    case_insensitive: bool,
) -> Option<(Node, bool)> {
    let (target, ty) = target(kind, path)?;
    let prefix = match ty {
        ColumnType::LowerText if case_insensitive => prefix.to_lowercase(),
        ColumnType::Text if !case_insensitive => prefix.to_owned(),
        _ => return None,
    };
    if prefix.is_empty() {
        return Some((
            Node::IsNull {
                target,
                negated: true,
            },
            true,
        ));
    }
    let upper = successor(&prefix);
    let exact = upper.is_some();
    Some((
        Node::Range {
            target,
            lower: Bound::Text(prefix),
            upper: upper.map(Bound::Text),
        },
        exact,
    ))
}

/// The smallest string greater than every string starting with `prefix`, if one exists.
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = u32::from(last) + 1;
        if next == 0xD800 {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn value_of<'a>(target: &Target, slot: &'a impl SlotValues) -> ColumnValue<'a> {
    match target {
        Target::Ts => ColumnValue::Int(slot.ts()),
        Target::Column(index) => slot.column(*index),
    }
}

/// SQLite's comparison of a stored value with a bound one; `None` is NULL (unknown).
/// Column and bound types agree by construction ([`bind`]); a disagreement (a corrupt row)
/// orders as SQLite does, integers before text.
fn order(value: ColumnValue<'_>, bound: &Bound) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    match (value, bound) {
        (ColumnValue::Null, _) => None,
        (ColumnValue::Int(a), Bound::Int(b)) => Some(a.cmp(b)),
        (ColumnValue::Text(a), Bound::Text(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (ColumnValue::Int(_), Bound::Text(_)) => Some(Ordering::Less),
        (ColumnValue::Text(_), Bound::Int(_)) => Some(Ordering::Greater),
    }
}

/// SQL's `AND` (`decisive` false) or `OR` (`decisive` true) of the children: the decisive
/// value wins, else any unknown child makes the whole unknown.
fn combine(children: &[Node], slot: &impl SlotValues, decisive: bool) -> Option<bool> {
    let mut result = Some(!decisive);
    for child in children {
        match eval(child, slot) {
            Some(value) if value == decisive => return Some(decisive),
            None => result = None,
            Some(_) => {}
        }
    }
    result
}

fn eval(node: &Node, slot: &impl SlotValues) -> Option<bool> {
    use std::cmp::Ordering;
    match node {
        Node::And(children) => combine(children, slot, false),
        Node::Or(children) => combine(children, slot, true),
        Node::Not(inner) => Some(eval(inner, slot) != Some(true)),
        Node::Compare { target, op, value } => {
            let ordering = order(value_of(target, slot), value)?;
            Some(match op {
                CompareOp::Eq => ordering == Ordering::Equal,
                CompareOp::Ne => ordering != Ordering::Equal,
                CompareOp::Gt => ordering == Ordering::Greater,
                CompareOp::Ge => ordering != Ordering::Less,
                CompareOp::Lt => ordering == Ordering::Less,
                CompareOp::Le => ordering != Ordering::Greater,
            })
        }
        Node::IsNull { target, negated } => {
            let is_null = value_of(target, slot) == ColumnValue::Null;
            Some(is_null != *negated)
        }
        Node::In { target, values } => {
            let value = value_of(target, slot);
            if value == ColumnValue::Null {
                return None;
            }
            Some(
                values
                    .iter()
                    .any(|v| order(value, v) == Some(Ordering::Equal)),
            )
        }
        Node::Range {
            target,
            lower,
            upper,
        } => {
            let value = value_of(target, slot);
            let above = order(value, lower)? != Ordering::Less;
            let below = match upper {
                Some(upper) => order(value, upper)? == Ordering::Less,
                None => true,
            };
            Some(above && below)
        }
        Node::IdHashIn(hashes) => Some(hashes.contains(&schema::id_hash(slot.id()))),
        Node::IdIs { hash, id } => Some(schema::id_hash(slot.id()) == *hash && slot.id() == id),
        Node::EventType(code) => slot.etype().map(|e| e == *code),
    }
}

pub(crate) mod event_types;
pub(crate) mod summary;
#[cfg(test)]
mod tests;
