//! Rendering a query's index prefilter as a SQLite `WHERE` fragment with bound values.
//!
//! The renderer is sound by construction: it returns `None` for anything it cannot express
//! exactly on this table's columns, and combines children so that the fragment holds for
//! every record the prefilter admits (`And` drops unknown children, `Or` and `Not` give up
//! when a child is unknown or inexact). SQL text is assembled only from static fragments and
//! column names from [`crate::schema`]; every value is a bound parameter.

use rusqlite::types::Value as SqlValue;
use vigil_model::LogKind;
use vigil_query::{CompareOp, Literal, Prefilter};

use crate::id_index;
use crate::schema::{self, ColumnType};

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

/// Renders a prefilter; `None` means "no restriction can be derived".
pub(crate) fn render(kind: LogKind, prefilter: &Prefilter) -> Option<Fragment> {
    match prefilter {
        Prefilter::True => None,
        Prefilter::And(children) => {
            let parts: Vec<Option<Fragment>> = children.iter().map(|c| render(kind, c)).collect();
            let exact = parts.iter().all(|p| p.as_ref().is_some_and(|f| f.exact));
            let known: Vec<Fragment> = parts.into_iter().flatten().collect();
            join(known, " AND ", exact)
        }
        Prefilter::Or(children) => {
            let mut known = Vec::with_capacity(children.len());
            for child in children {
                known.push(render(kind, child)?);
            }
            let exact = known.iter().all(|f| f.exact);
            join(known, " OR ", exact)
        }
        Prefilter::Not(child) => {
            let inner = render(kind, child)?;
            if !inner.exact {
                return None;
            }
            // SQL's NULL would make NOT(NULL) unknown where the filter says true.
            Some(Fragment {
                sql: format!("NOT IFNULL(({}), 0)", inner.sql),
                binds: inner.binds,
                exact: true,
            })
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
            let placeholders = vec!["?"; values.len()].join(", ");
            if path.eq_ignore_ascii_case("id") {
                // The hash narrows; whether the id itself matches is left to the evaluator.
                let hashes = values
                    .iter()
                    .map(|v| match v {
                        Literal::Str(id) => Some(SqlValue::Integer(schema::id_hash(id))),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                return Some(Fragment {
                    sql: id_index::statements(kind).id_match(hashes.len()),
                    binds: [hashes.clone(), hashes].concat(),
                    exact: false,
                });
            }
            let (name, ty) = target(kind, path)?;
            let binds = values
                .iter()
                .map(|v| bind(name, ty, v, *case_insensitive))
                .collect::<Option<Vec<_>>>()?;
            Some(Fragment {
                sql: format!("{name} IN ({placeholders})"),
                binds,
                exact: true,
            })
        }
        Prefilter::CollectionContains { path, value } => {
            if kind != LogKind::SignIn || !path.eq_ignore_ascii_case("signInEventTypes") {
                return None;
            }
            let Literal::Str(name) = value else {
                return None;
            };
            // Every sign-in has exactly one event type (enforced on ingest), so membership is
            // equality on the indexed `etype` column.
            let code = schema::event_type_code(name)?;
            Some(Fragment {
                sql: "etype = ?".into(),
                binds: vec![SqlValue::Integer(code)],
                exact: true,
            })
        }
    }
}

fn join(parts: Vec<Fragment>, separator: &str, exact: bool) -> Option<Fragment> {
    if parts.is_empty() {
        return None;
    }
    if parts.len() == 1 {
        return parts.into_iter().next().map(|f| Fragment { exact, ..f });
    }
    let mut sql = String::new();
    let mut binds = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            sql.push_str(separator);
        }
        sql.push('(');
        sql.push_str(&part.sql);
        sql.push(')');
        binds.extend(part.binds);
    }
    Some(Fragment { sql, binds, exact })
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

/// The column, its SQL name and type for a path.
fn target(kind: LogKind, path: &str) -> Option<(&'static str, ColumnType)> {
    if path.eq_ignore_ascii_case(kind.time_property()) {
        return Some(("ts", ColumnType::Int));
    }
    schema::column_for(kind, path).map(|c| (c.name, c.ty))
}

fn compare(
    kind: LogKind,
    path: &str,
    op: CompareOp,
    value: &Literal,
    case_insensitive: bool,
) -> Option<Fragment> {
    if path.eq_ignore_ascii_case("id") {
        return compare_id(kind, op, value, case_insensitive);
    }
    let (name, ty) = target(kind, path)?;
    if matches!(value, Literal::Null) {
        let sql = match op {
            CompareOp::Eq => format!("{name} IS NULL"),
            CompareOp::Ne => format!("{name} IS NOT NULL"),
            _ => return None,
        };
        return Some(Fragment {
            sql,
            binds: Vec::new(),
            exact: true,
        });
    }
    let bind = bind(name, ty, value, case_insensitive)?;
    Some(Fragment {
        sql: format!("{name} {} ?", op_sql(op)),
        binds: vec![bind],
        exact: true,
    })
}

/// The bound value comparing column `name` of type `ty` with `value`, if their types agree.
fn bind(name: &str, ty: ColumnType, value: &Literal, case_insensitive: bool) -> Option<SqlValue> {
    match (ty, value) {
        (ColumnType::Int, Literal::Int(i)) => Some(SqlValue::Integer(*i)),
        (ColumnType::Int, Literal::DateTime(n)) if name == "ts" => Some(SqlValue::Integer(*n)),
        (ColumnType::Bool, Literal::Bool(b)) => Some(SqlValue::Integer(i64::from(*b))),
        (ColumnType::Text, Literal::Str(s)) if !case_insensitive => Some(SqlValue::Text(s.clone())),
        (ColumnType::LowerText, Literal::Str(s)) if case_insensitive => {
            Some(SqlValue::Text(s.to_lowercase()))
        }
        _ => None,
    }
}

fn compare_id(
    kind: LogKind,
    op: CompareOp,
    value: &Literal,
    case_insensitive: bool,
) -> Option<Fragment> {
    let Literal::Str(id) = value else { return None };
    if op != CompareOp::Eq {
        return None;
    }
    // The hash is over the lower-cased id, so it narrows case-insensitive and exact matches alike.
    let hash = SqlValue::Integer(schema::id_hash(id));
    let by_hash = id_index::statements(kind).id_match(1);
    if case_insensitive {
        Some(Fragment {
            sql: by_hash,
            binds: vec![hash.clone(), hash],
            exact: false,
        })
    } else {
        Some(Fragment {
            sql: format!("{by_hash} AND id = ?"),
            binds: vec![hash.clone(), hash, SqlValue::Text(id.clone())],
            exact: true,
        })
    }
}

fn starts_with(
    kind: LogKind,
    path: &str,
    prefix: &str,
    case_insensitive: bool,
) -> Option<Fragment> {
    let (name, ty) = target(kind, path)?;
    let prefix = match ty {
        ColumnType::LowerText if case_insensitive => prefix.to_lowercase(),
        ColumnType::Text if !case_insensitive => prefix.to_owned(),
        _ => return None,
    };
    if prefix.is_empty() {
        return Some(Fragment {
            sql: format!("{name} IS NOT NULL"),
            binds: Vec::new(),
            exact: true,
        });
    }
    // A range on the column keeps the index usable (LIKE/GLOB would need special collations).
    match successor(&prefix) {
        Some(upper) => Some(Fragment {
            sql: format!("{name} >= ? AND {name} < ?"),
            binds: vec![SqlValue::Text(prefix), SqlValue::Text(upper)],
            exact: true,
        }),
        None => Some(Fragment {
            sql: format!("{name} >= ?"),
            binds: vec![SqlValue::Text(prefix)],
            exact: false,
        }),
    }
}

/// The smallest string greater than every string starting with `prefix`, if one exists.
pub(crate) fn successor(prefix: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::successor;

    #[test]
    fn successor_increments_last_char() {
        assert_eq!(successor("abc").as_deref(), Some("abd"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{10FFFF}"), None);
    }
}
