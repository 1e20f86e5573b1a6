//! [`vigil_store::Store::summarize`] on SQLite: two paths with the same answer.
//!
//! - **Fast path** — when every filter of the scoped query is exactly its SQL prefilter
//!   ([`read::where_clause_lowered`] says `exact`: case-insensitive comparisons on the
//!   lower-cased columns are exact) and the dimension's key is a column (or derived
//!   from one: the outcome from `error_code` / `result` / `status`, the event type from
//!   `etype`): one `GROUP BY` over bucket and key with the outcome counted by `CASE`
//!   expressions, reading columns only (no body is decoded). Columns hold lower-cased values
//!   where the dimension groups case-insensitively, so the display label is read from a
//!   stored record: per key, the newest matching row (`ts` = the key's latest, highest `id`),
//!   one indexed lookup and one decode per key.
//! - **Exact path** — otherwise: walk the candidates the SQL prefilter admits, decode each,
//!   evaluate every filter exactly (`CheckedFilter::matches`) and fold the record into
//!   [`Aggregator`], the reference computation.
//!
//! The outcome classification in SQL is built from `vigil_model::outcome`'s constants, so
//! the rules stay in one place. Only static fragments, column names from [`schema`] and
//! those integer/enum constants reach the SQL text; every user value is bound.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use vigil_model::LogKind;
use vigil_model::outcome::{INTERRUPTED_PROVISIONING_STATUSES, INTERRUPTED_SIGN_IN_ERROR_CODES};
use vigil_store::summary::{Aggregator, Dimension, SummaryRequest, SummaryRow, empty_row, finish};

use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::read::{self, blob, decode, matches_all};
use crate::schema::{self, ColumnType};

/// How the fast path gets a row's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeySql {
    /// No dimension: one key for everything.
    Nothing,
    /// A column holding the key as the dimension normalises it; labels come from a record.
    Column(&'static str),
    /// An expression whose value is the label too (outcome, event type).
    Derived(String),
}

impl KeySql {
    fn expr(&self) -> &str {
        match self {
            KeySql::Nothing => "NULL",
            KeySql::Column(name) => name,
            KeySql::Derived(sql) => sql,
        }
    }
}

/// The fast path's key for `dimension` in `kind`'s table, if it has one.
pub(crate) fn key_sql(kind: LogKind, dimension: Option<Dimension>) -> Option<KeySql> {
    let Some(dimension) = dimension else {
        return Some(KeySql::Nothing);
    };
    match dimension {
        Dimension::Status => Some(KeySql::Derived(format!(
            "CASE {} WHEN 0 THEN 'success' WHEN 2 THEN 'interrupted' ELSE 'failure' END",
            outcome_sql(kind)
        ))),
        Dimension::SignInEventType if kind == LogKind::SignIn => {
            let mut sql = String::from("CASE etype");
            for (name, code) in schema::EVENT_TYPES {
                sql.push_str(&format!(" WHEN {code} THEN '{name}'"));
            }
            sql.push_str(" ELSE 'unknownFutureValue' END");
            Some(KeySql::Derived(sql))
        }
        _ => {
            let column = schema::column_for(kind, dimension.path()?)?;
            let wanted = if dimension.lower_cases() {
                ColumnType::LowerText
            } else {
                ColumnType::Text
            };
            (column.ty == wanted).then_some(KeySql::Column(column.name))
        }
    }
}

/// A SQL expression classifying a row of `kind`: 0 success, 1 failure, 2 interrupted
/// (`vigil_model::outcome`'s rules over the lower-cased columns).
pub(crate) fn outcome_sql(kind: LogKind) -> String {
    match kind {
        LogKind::SignIn => {
            let codes: Vec<String> = INTERRUPTED_SIGN_IN_ERROR_CODES
                .iter()
                .map(i64::to_string)
                .collect();
            format!(
                "(CASE WHEN error_code = 0 THEN 0 WHEN error_code IN ({}) THEN 2 ELSE 1 END)",
                codes.join(", ")
            )
        }
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            "(CASE WHEN result = 'success' THEN 0 ELSE 1 END)".to_owned()
        }
        LogKind::Provisioning => {
            let statuses: Vec<String> = INTERRUPTED_PROVISIONING_STATUSES
                .iter()
                .map(|s| format!("'{s}'"))
                .collect();
            format!(
                "(CASE WHEN status = 'success' THEN 0 WHEN status IN ({}) THEN 2 ELSE 1 END)",
                statuses.join(", ")
            )
        }
    }
}

/// The fast path's `GROUP BY` statement and its binds, or `None` when the request needs the
/// exact path.
pub(crate) fn fast_sql(tenant: i64, request: &SummaryRequest) -> Option<(String, Vec<SqlValue>)> {
    let query = &request.query;
    let (filter_sql, filter_binds, exact) = read::where_clause_lowered(query);
    let key = key_sql(query.kind, request.dimension)?;
    if !exact {
        return None;
    }
    let table = schema::spec(query.kind).table;
    let bucket = match request.interval {
        None => "NULL".to_owned(),
        Some(interval) => {
            let (n, origin) = (interval.nanos(), interval.origin_nanos());
            format!("(ts - (((ts - {origin}) % {n}) + {n}) % {n})")
        }
    };
    let outcome = outcome_sql(query.kind);
    let sql = format!(
        "SELECT {bucket}, {key}, COUNT(*), SUM({outcome} = 0), SUM({outcome} = 2), MAX(ts) \
         FROM {table} WHERE tenant = ?{filter_sql} GROUP BY 1, 2",
        key = key.expr(),
    );
    let mut binds = vec![SqlValue::Integer(tenant)];
    binds.extend(filter_binds);
    Some((sql, binds))
}

/// Answers a summary request.
pub(crate) fn summarize(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &SummaryRequest,
) -> Result<Vec<SummaryRow>, SqliteError> {
    match fast_sql(tenant, request) {
        Some((sql, binds)) => fast(conn, dictionaries, tenant, request, &sql, binds),
        None => exact(conn, dictionaries, tenant, request),
    }
}

fn fast(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &SummaryRequest,
    sql: &str,
    binds: Vec<SqlValue>,
) -> Result<Vec<SummaryRow>, SqliteError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(binds))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let total: i64 = row.get(2)?;
        let success: i64 = row.get(3)?;
        let interrupted: i64 = row.get(4)?;
        let (total, success, interrupted) = (count(total), count(success), count(interrupted));
        out.push(SummaryRow {
            total,
            success,
            interrupted,
            failure: total.saturating_sub(success).saturating_sub(interrupted),
            latest: row.get(5)?,
            ..empty_row(row.get(0)?, row.get(1)?)
        });
    }
    drop(rows);
    label(conn, dictionaries, tenant, request, &mut out)?;
    Ok(finish(out, request.top))
}

/// Fills in labels: derived keys are their own label; column keys take theirs from the
/// newest matching record of the key.
fn label(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &SummaryRequest,
    rows: &mut [SummaryRow],
) -> Result<(), SqliteError> {
    let Some(dimension) = request.dimension else {
        return Ok(());
    };
    let query = &request.query;
    let column = match key_sql(query.kind, Some(dimension)) {
        Some(KeySql::Column(column)) => column,
        _ => {
            for row in rows.iter_mut() {
                row.label = row.key.clone();
            }
            return Ok(());
        }
    };
    let mut latest: HashMap<String, i64> = HashMap::new();
    for row in rows.iter() {
        if let Some(key) = &row.key {
            let entry = latest.entry(key.clone()).or_insert(row.latest);
            *entry = (*entry).max(row.latest);
        }
    }
    let (filter_sql, filter_binds, _) = read::where_clause_lowered(query);
    let table = schema::spec(query.kind).table;
    let sql = format!(
        "SELECT id, body FROM {table} WHERE tenant = ? AND ts = ? AND {column} = ?{filter_sql} \
         ORDER BY id DESC LIMIT 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut labels = HashMap::with_capacity(latest.len());
    for (key, ts) in latest {
        let mut binds = vec![
            SqlValue::Integer(tenant),
            SqlValue::Integer(ts),
            SqlValue::Text(key.clone()),
        ];
        binds.extend(filter_binds.iter().cloned());
        let found = stmt
            .query_row(params_from_iter(binds), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
            })
            .optional()?;
        if let Some((id, body)) = found {
            let record = decode(&body, &id, dictionaries, conn)?;
            labels.insert(key.clone(), dimension.labels(Some(&key), &record));
        }
    }
    for row in rows.iter_mut() {
        if let Some(found) = row.key.as_ref().and_then(|k| labels.get(k)) {
            (row.label, row.detail) = found.clone();
        }
    }
    Ok(())
}

/// Walks every candidate, decodes it and folds the matching ones into the reference
/// aggregation.
fn exact(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &SummaryRequest,
) -> Result<Vec<SummaryRow>, SqliteError> {
    let query = &request.query;
    let (filter_sql, filter_binds, exact) = read::where_clause_lowered(query);
    let table = schema::spec(query.kind).table;
    let sql = format!("SELECT ts, id, body FROM {table} WHERE tenant = ?{filter_sql}");
    let mut binds = vec![SqlValue::Integer(tenant)];
    binds.extend(filter_binds);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(binds))?;
    let mut aggregator = Aggregator::new(request);
    while let Some(row) = rows.next()? {
        let ts: i64 = row.get(0)?;
        let id: String = row.get(1)?;
        let body = decode(blob(row, 2)?, &id, dictionaries, conn)?;
        if exact || matches_all(query, &body) {
            aggregator.add(ts, &id, &body);
        }
    }
    Ok(aggregator.finish())
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use vigil_model::ApiVersion;
    use vigil_store::summary::Interval;
    use vigil_store::{ScopedQuery, SortOrder, TenantId};

    use super::*;

    fn request(filter: Option<&str>, dimension: Option<Dimension>) -> SummaryRequest {
        SummaryRequest {
            query: ScopedQuery {
                tenant: TenantId::parse("11111111-1111-4111-8111-111111111111").unwrap(),
                kind: LogKind::SignIn,
                filters: filter
                    .map(|f| vigil_query::parse_and_check(f, LogKind::SignIn, ApiVersion::Beta))
                    .transpose()
                    .unwrap()
                    .into_iter()
                    .collect(),
                order: SortOrder::Desc,
                not_before: Some(5),
            },
            interval: Some(Interval::Week),
            dimension,
            top: None,
        }
    }

    #[test]
    fn indexed_filters_and_columns_take_the_fast_path() {
        let (sql, binds) = fast_sql(
            7,
            &request(Some("status/errorCode ne 0"), Some(Dimension::App)),
        )
        .unwrap();
        assert!(sql.contains("GROUP BY 1, 2"), "{sql}");
        assert!(sql.contains("app_id"), "{sql}");
        assert_eq!(binds.len(), 3, "{sql}");
        assert!(fast_sql(7, &request(None, Some(Dimension::Status))).is_some());
        assert!(fast_sql(7, &request(None, Some(Dimension::SignInEventType))).is_some());
        assert!(fast_sql(7, &request(None, None)).is_some());
    }

    #[test]
    fn unindexed_filters_and_derived_keys_take_the_exact_path() {
        let unindexed = "appliedConditionalAccessPolicies/any(c: c/result eq 'failure')";
        assert!(fast_sql(7, &request(Some(unindexed), None)).is_none());
        assert!(fast_sql(7, &request(None, Some(Dimension::AuthenticationMethod))).is_none());
        // A dimension of another log has no column here.
        assert!(fast_sql(7, &request(None, Some(Dimension::Category))).is_none());
    }

    #[test]
    fn the_fast_path_follows_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::StoreOptions {
            layout: crate::Layout::Rows,
            ..crate::StoreOptions::default()
        };
        let store = crate::SqliteStore::open(dir.path(), options).unwrap();
        let (sql, binds) = fast_sql(
            1,
            &request(
                Some("signInEventTypes/any(t: t eq 'interactiveUser') and createdDateTime ge 2026-01-01T00:00:00Z"),
                Some(Dimension::App),
            ),
        )
        .unwrap();
        let plan: Vec<String> = store
            .with_reader(|conn| {
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let rows = stmt
                    .query_map(params_from_iter(binds), |r| r.get::<_, String>(3))?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|l| l.contains("USING INDEX sign_ins_by_type_time")),
            "{plan:?}"
        );
    }
}
