//! Rendering a query's index prefilter as a SQLite `WHERE` fragment with bound values.
//!
//! What can be expressed, and how exactly, is decided once by [`SlotFilter::compile`]
//! (`slot_filter.rs`): it is sound by construction (`And` drops what it cannot express, `Or`
//! and `Not` give up when a child is unknown or inexact). This module writes the compiled
//! filter out as SQL; `SlotFilter::holds` evaluates the same filter in Rust, and a test holds
//! the two to the same rows. SQL text is assembled only from static fragments and column
//! names from [`crate::schema`]; every value is a bound parameter.

use rusqlite::types::Value as SqlValue;
use vigil_model::LogKind;
use vigil_query::{CompareOp, Prefilter};

use crate::id_index;
use crate::schema;
use crate::slot_filter::{Bound, Node, SlotFilter, Target};

/// A rendered fragment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fragment {
    pub sql: String,
    pub binds: Vec<SqlValue>,
    /// The fragment is equivalent to the prefilter (not just implied by it).
    pub exact: bool,
}

/// Whether `path` can be answered from a column of `kind`'s table.
pub(crate) fn is_indexed(kind: LogKind, path: &str) -> bool {
    path.eq_ignore_ascii_case(kind.time_property())
        || path.eq_ignore_ascii_case("id")
        || (kind == LogKind::SignIn && path.eq_ignore_ascii_case("signInEventTypes"))
        || schema::column_for(kind, path).is_some()
}

/// Renders a prefilter; `None` means "no restriction can be derived". The prefilter is
/// compiled once ([`SlotFilter::compile`], which holds the soundness rules and exactness),
/// then written out as SQL.
pub(crate) fn render(kind: LogKind, prefilter: &Prefilter) -> Option<Fragment> {
    let compiled = SlotFilter::compile(kind, prefilter)?;
    let mut fragment = Fragment {
        sql: String::new(),
        binds: Vec::new(),
        exact: compiled.exact,
    };
    write(kind, compiled.node(), &mut fragment);
    Some(fragment)
}

fn write(kind: LogKind, node: &Node, out: &mut Fragment) {
    match node {
        Node::And(children) | Node::Or(children) => {
            let separator = if matches!(node, Node::And(_)) {
                " AND "
            } else {
                " OR "
            };
            for (i, child) in children.iter().enumerate() {
                if i > 0 {
                    out.sql.push_str(separator);
                }
                out.sql.push('(');
                write(kind, child, out);
                out.sql.push(')');
            }
        }
        Node::Not(inner) => {
            // SQL's NULL would make NOT(NULL) unknown where the filter says true.
            out.sql.push_str("NOT IFNULL((");
            write(kind, inner, out);
            out.sql.push_str("), 0)");
        }
        Node::Compare { target, op, value } => {
            let name = column_name(kind, target);
            out.sql.push_str(&format!("{name} {} ?", op_sql(*op)));
            out.binds.push(bound(value));
        }
        Node::IsNull { target, negated } => {
            let name = column_name(kind, target);
            let not = if *negated { "NOT " } else { "" };
            out.sql.push_str(&format!("{name} IS {not}NULL"));
        }
        Node::In { target, values } => {
            let name = column_name(kind, target);
            let placeholders = vec!["?"; values.len()].join(", ");
            out.sql.push_str(&format!("{name} IN ({placeholders})"));
            out.binds.extend(values.iter().map(bound));
        }
        Node::Range {
            target,
            lower,
            upper,
        } => {
            // A range on the column keeps the index usable (LIKE/GLOB would need special
            // collations).
            let name = column_name(kind, target);
            out.sql.push_str(&format!("{name} >= ?"));
            out.binds.push(bound(lower));
            if let Some(upper) = upper {
                out.sql.push_str(&format!(" AND {name} < ?"));
                out.binds.push(bound(upper));
            }
        }
        Node::IdHashIn(hashes) => {
            // The hash narrows; whether the id itself matches is left to the evaluator.
            out.sql
                .push_str(&id_index::statements(kind).id_match(hashes.len()));
            let hashes: Vec<SqlValue> = hashes.iter().map(|h| SqlValue::Integer(*h)).collect();
            out.binds.extend(hashes.iter().cloned());
            out.binds.extend(hashes);
        }
        Node::IdIs { hash, id } => {
            out.sql.push_str(&id_index::statements(kind).id_match(1));
            out.sql.push_str(" AND id = ?");
            out.binds.push(SqlValue::Integer(*hash));
            out.binds.push(SqlValue::Integer(*hash));
            out.binds.push(SqlValue::Text(id.clone()));
        }
        Node::EventType(code) => {
            // Every sign-in has exactly one event type (enforced on ingest), so membership
            // is equality on the indexed `etype` column.
            out.sql.push_str("etype = ?");
            out.binds.push(SqlValue::Integer(*code));
        }
    }
}

fn column_name(kind: LogKind, target: &Target) -> &'static str {
    match target {
        Target::Ts => "ts",
        Target::Column(index) => schema::spec(kind)
            .columns
            .get(*index)
            .map_or("NULL", |c| c.name),
    }
}

fn bound(value: &Bound) -> SqlValue {
    match value {
        Bound::Int(i) => SqlValue::Integer(*i),
        Bound::Text(t) => SqlValue::Text(t.clone()),
    }
}

fn op_sql(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "=",
        CompareOp::Ne => "<>",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
    }
}
