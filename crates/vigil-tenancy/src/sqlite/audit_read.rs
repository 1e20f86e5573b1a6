//! Listing the read audit: newest first, keyset-paged on `(time_ns, seq)`.
//!
//! The SQL is assembled from fixed fragments with every value bound, and walks
//! `read_audit_by_time` (or `read_audit_by_caller` when a caller is named, both forced with
//! `INDEXED BY`) backwards, so a page costs its own size whatever the table holds.

use rusqlite::Connection;
use rusqlite::types::Value;
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::error::ControlError;
use crate::read_audit::{
    ReadAuditCursor, ReadAuditEntry, ReadAuditPage, ReadAuditQuery, check_limit, from_unix_nanos,
    unix_nanos,
};

/// Builds the statement and its binds (also used by the query-plan test).
fn statement(
    tenant: &TenantId,
    query: &ReadAuditQuery,
) -> Result<(String, Vec<Value>), ControlError> {
    let limit = check_limit(query.limit)?;
    // The index is named: without statistics SQLite prefers the time index once a query
    // has both a time range and a cursor, even when a caller is named.
    let index = if query.caller_oid.is_some() {
        "read_audit_by_caller"
    } else {
        "read_audit_by_time"
    };
    let mut sql = format!(
        "SELECT seq, time_ns, caller_oid, caller_upn, app_id, method, path_and_query, \
         log_kind, status, result_count, request_id FROM read_audit INDEXED BY {index} \
         WHERE tenant_id = ?"
    );
    let mut binds = vec![Value::Text(tenant.as_str().to_owned())];
    if let Some(from) = query.from {
        sql.push_str(" AND time_ns >= ?");
        binds.push(Value::Integer(unix_nanos("from", from)?));
    }
    if let Some(until) = query.until {
        sql.push_str(" AND time_ns < ?");
        binds.push(Value::Integer(unix_nanos("until", until)?));
    }
    if let Some(caller) = &query.caller_oid {
        sql.push_str(" AND caller_oid = ?");
        binds.push(Value::Text(caller.clone()));
    }
    if let Some(before) = query.before {
        sql.push_str(" AND (time_ns, seq) < (?, ?)");
        binds.push(Value::Integer(before.time_ns));
        binds.push(Value::Integer(before.seq));
    }
    sql.push_str(" ORDER BY time_ns DESC, seq DESC LIMIT ?");
    // One extra row tells whether another page follows.
    binds.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX) + 1));
    Ok((sql, binds))
}

struct Row {
    seq: i64,
    time_ns: i64,
    caller_oid: String,
    caller_upn: Option<String>,
    app_id: Option<String>,
    method: String,
    path_and_query: String,
    kind: Option<i64>,
    status: i64,
    result_count: i64,
    request_id: String,
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        seq: row.get(0)?,
        time_ns: row.get(1)?,
        caller_oid: row.get(2)?,
        caller_upn: row.get(3)?,
        app_id: row.get(4)?,
        method: row.get(5)?,
        path_and_query: row.get(6)?,
        kind: row.get(7)?,
        status: row.get(8)?,
        result_count: row.get(9)?,
        request_id: row.get(10)?,
    })
}

fn to_entry(tenant: &TenantId, row: Row) -> Result<ReadAuditEntry, ControlError> {
    let kind = row
        .kind
        .map(|code| {
            LogKind::from_code(code)
                .ok_or_else(|| ControlError::Corrupt(format!("log kind code {code}")))
        })
        .transpose()?;
    Ok(ReadAuditEntry {
        tenant: tenant.clone(),
        time: from_unix_nanos(row.time_ns)?,
        caller_oid: row.caller_oid,
        caller_upn: row.caller_upn,
        app_id: row.app_id,
        method: row.method,
        path_and_query: row.path_and_query,
        kind,
        status: u16::try_from(row.status)
            .map_err(|_| ControlError::Corrupt(format!("status {}", row.status)))?,
        result_count: u64::try_from(row.result_count).unwrap_or(0),
        request_id: row.request_id,
    })
}

pub(crate) fn list(
    conn: &Connection,
    tenant: &TenantId,
    query: &ReadAuditQuery,
) -> Result<ReadAuditPage, ControlError> {
    let (sql, binds) = statement(tenant, query)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt
        .query_map(rusqlite::params_from_iter(binds), read_row)?
        .collect::<Result<Vec<Row>, _>>()?;
    let more = rows.len() > query.limit;
    rows.truncate(query.limit);
    let next = match rows.last() {
        Some(last) if more => Some(ReadAuditCursor {
            time_ns: last.time_ns,
            seq: last.seq,
        }),
        _ => None,
    };
    let entries = rows
        .into_iter()
        .map(|row| to_entry(tenant, row))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReadAuditPage { entries, next })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use time::macros::datetime;
    use vigil_store::TenantId;

    use super::statement;
    use crate::read_audit::{ReadAuditCursor, ReadAuditQuery};

    fn plan(query: &ReadAuditQuery) -> String {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::connection::open(&dir.path().join("c.db")).unwrap();
        let tenant = TenantId::parse("00000000-0000-4000-8000-000000000001").unwrap();
        let (sql, binds) = statement(&tenant, query).unwrap();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(binds), |row| {
                row.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn pages_walk_an_index_without_sorting() {
        let full = ReadAuditQuery {
            from: Some(datetime!(2026-01-01 0:00 UTC)),
            until: Some(datetime!(2026-02-01 0:00 UTC)),
            before: Some(ReadAuditCursor {
                time_ns: 1_700_000_000_000_000_000,
                seq: 9,
            }),
            ..ReadAuditQuery::default()
        };
        let by_time = plan(&full);
        assert!(by_time.contains("read_audit_by_time"), "{by_time}");
        assert!(!by_time.contains("TEMP B-TREE"), "{by_time}");
        let by_caller = plan(&ReadAuditQuery {
            caller_oid: Some("oid".to_owned()),
            ..full
        });
        assert!(by_caller.contains("read_audit_by_caller"), "{by_caller}");
        assert!(!by_caller.contains("TEMP B-TREE"), "{by_caller}");
    }
}
