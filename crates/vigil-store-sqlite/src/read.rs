//! The read paths: one page of a scoped query, counts, and lookups by id.
//!
//! A page is read by walking the table in (ts, id) order from the cursor, with the SQL
//! prefilter narrowing rows through an index; each candidate's body is decoded and every
//! filter of the scoped query is evaluated exactly, so the prefilter only has to be sound.
//! A walk scans at most `scan_budget` rows per request and then hands back a cursor at the
//! last scanned row, which keeps sparse, unindexed filters from holding a connection.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use vigil_model::LogKind;
use vigil_store::{
    ChangePage, ChangeRequest, Cursor, Page, PageRequest, ScopedQuery, SortOrder, StoredJson,
    StoredRecord,
};

use crate::codec;
use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::schema;
use crate::sql::{self, Fragment};

/// The scoped query's retention floor and filters as one SQL fragment, and whether it is exact.
pub(crate) fn where_clause(query: &ScopedQuery) -> (String, Vec<SqlValue>, bool) {
    where_clause_with(query, false)
}

/// [`where_clause`] with the filters planned for lower-cased columns
/// (`CheckedFilter::prefilter_plan_for_lowered_columns`): case-insensitive leaves on
/// `LowerText` columns count as exact, since [`sql::render`] compares them exactly as the
/// evaluator does (and refuses them on other columns). Used by summaries, which count in SQL
/// only when the whole clause is exact.
pub(crate) fn where_clause_lowered(query: &ScopedQuery) -> (String, Vec<SqlValue>, bool) {
    where_clause_with(query, true)
}

fn where_clause_with(query: &ScopedQuery, lowered: bool) -> (String, Vec<SqlValue>, bool) {
    let mut sql = String::new();
    let mut binds = Vec::new();
    let mut exact = true;
    if let Some(floor) = query.not_before {
        sql.push_str(" AND ts >= ?");
        binds.push(SqlValue::Integer(floor));
    }
    for filter in &query.filters {
        let indexed = |path: &str| sql::is_indexed(query.kind, path);
        let plan = if lowered {
            filter.prefilter_plan_for_lowered_columns(&indexed)
        } else {
            filter.prefilter_plan(&indexed)
        };
        match sql::render(query.kind, &plan.prefilter) {
            Some(Fragment {
                sql: frag,
                binds: b,
                exact: e,
            }) => {
                sql.push_str(" AND (");
                sql.push_str(&frag);
                sql.push(')');
                binds.extend(b);
                exact &= e && plan.exact;
            }
            None => exact = false,
        }
    }
    (sql, binds, exact)
}

pub(crate) fn matches_all(query: &ScopedQuery, body: &serde_json::Value) -> bool {
    query.filters.iter().all(|f| f.matches(body))
}

/// The SQL of a page walk, its bound values, and whether the filters are exact in SQL.
pub(crate) fn page_sql(tenant: i64, request: &PageRequest) -> (String, Vec<SqlValue>, bool) {
    let query = &request.query;
    let table = schema::spec(query.kind).table;
    let (filter_sql, filter_binds, exact) = where_clause(query);
    let (cmp, order) = match query.order {
        SortOrder::Desc => ("<", "DESC"),
        SortOrder::Asc => (">", "ASC"),
    };
    let mut binds: Vec<SqlValue> = vec![
        SqlValue::Integer(tenant),
        SqlValue::Integer(to_i64(request.snapshot)),
    ];
    // `+seq` keeps the snapshot bound from steering the planner onto a rowid range scan:
    // walks must follow a (ts, id) index.
    let mut sql = format!("SELECT seq, ts, id, body FROM {table} WHERE tenant = ? AND +seq <= ?");
    if let Some(after) = &request.after {
        // The time-ordered indexes end in `ts` (then the rowid), not `id`: the plain bound on
        // `ts` is what narrows the index range, the row value then drops the records of that
        // same time already returned.
        sql.push_str(&format!(" AND ts {cmp}= ? AND (ts, id) {cmp} (?, ?)"));
        binds.push(SqlValue::Integer(after.time_nanos));
        binds.push(SqlValue::Integer(after.time_nanos));
        binds.push(SqlValue::Text(after.id.clone()));
    }
    sql.push_str(&filter_sql);
    binds.extend(filter_binds);
    sql.push_str(&format!(" ORDER BY ts {order}, id {order}"));
    (sql, binds, exact)
}

/// Reads one page.
pub(crate) fn page(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &PageRequest,
    budget: usize,
) -> Result<Page, SqliteError> {
    let query = &request.query;
    let (sql, binds, exact) = page_sql(tenant, request);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(binds))?;
    let mut records = Vec::with_capacity(request.size.min(1024));
    let mut scanned = 0usize;
    while let Some(row) = rows.next()? {
        scanned += 1;
        let ts: i64 = row.get(1)?;
        let id: String = row.get(2)?;
        if records.len() == request.size {
            // One more candidate decides whether a next page exists.
            let more =
                exact || matches_all(query, &decode(blob(row, 3)?, &id, dictionaries, conn)?);
            if more {
                return Ok(Page {
                    next: records.last().map(cursor_of),
                    records,
                });
            }
        } else {
            let body = decode(blob(row, 3)?, &id, dictionaries, conn)?;
            if exact || matches_all(query, &body) {
                let seq: i64 = row.get(0)?;
                records.push(StoredRecord {
                    seq: to_u64(seq),
                    time_nanos: ts,
                    id: id.clone(),
                    body,
                });
            }
        }
        if scanned >= budget {
            // Out of budget: continue after the last row looked at (which may be past the
            // last record returned when the page is short).
            let next = if records.len() == request.size {
                records.last().map(cursor_of)
            } else {
                Some(Cursor { time_nanos: ts, id })
            };
            return Ok(Page { records, next });
        }
    }
    Ok(Page {
        records,
        next: None,
    })
}

/// The SQL of a walk in ingest order. `NOT INDEXED` keeps the planner on the rowid (`seq`)
/// range: a tenant or filter index would have to be sorted by `seq` afterwards.
pub(crate) fn changes_sql(tenant: i64, request: &ChangeRequest) -> (String, Vec<SqlValue>, bool) {
    let table = schema::spec(request.query.kind).table;
    let (filter_sql, filter_binds, exact) = where_clause(&request.query);
    let mut binds = vec![
        SqlValue::Integer(to_i64(request.after_seq)),
        SqlValue::Integer(tenant),
    ];
    binds.extend(filter_binds);
    let sql = format!(
        "SELECT seq, ts, id, CASE WHEN tenant = ?2{filter_sql} THEN body END \
         FROM {table} NOT INDEXED WHERE seq > ?1 ORDER BY seq"
    );
    (sql, binds, exact)
}

/// A stored record with its still-compressed body, found by a change walk (either layout)
/// or by an id lookup. [`record_if_kept`] and [`json_if_kept`] turn it into what the read
/// returns.
pub(crate) struct Framed<'r> {
    pub seq: u64,
    pub time_nanos: i64,
    pub id: String,
    pub frame: &'r [u8],
}

/// How a change walk turns a candidate into what it returns ([`record_if_kept`] or
/// [`json_if_kept`]); the flag says whether the prefilter was exact.
pub(crate) type Finish<R> = fn(
    Framed<'_>,
    bool,
    &ScopedQuery,
    &Dictionaries,
    &Connection,
) -> Result<Option<R>, SqliteError>;

/// The candidate as a record; `None` when the prefilter was not `exact` and a filter rejects
/// the decoded body.
pub(crate) fn record_if_kept(
    candidate: Framed<'_>,
    exact: bool,
    query: &ScopedQuery,
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<Option<StoredRecord>, SqliteError> {
    let body = decode(candidate.frame, &candidate.id, dictionaries, conn)?;
    Ok((exact || matches_all(query, &body)).then(|| StoredRecord {
        seq: candidate.seq,
        time_nanos: candidate.time_nanos,
        id: candidate.id,
        body,
    }))
}

/// The candidate as its canonical JSON bytes: no tree is built unless a filter has to be
/// decided on one.
pub(crate) fn json_if_kept(
    candidate: Framed<'_>,
    exact: bool,
    query: &ScopedQuery,
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<Option<StoredJson>, SqliteError> {
    let failed = |reason: String| SqliteError::Encode {
        id: candidate.id.clone(),
        reason,
    };
    let json = codec::decompress(candidate.frame, dictionaries, conn).map_err(failed)?;
    if !exact {
        let body: serde_json::Value =
            serde_json::from_slice(&json).map_err(|e| failed(e.to_string()))?;
        if !matches_all(query, &body) {
            return Ok(None);
        }
    }
    Ok(Some(StoredJson {
        seq: candidate.seq,
        time_nanos: candidate.time_nanos,
        id: candidate.id,
        json,
    }))
}

/// A record found by id, as `get` returns it: `None` before the query's retention floor or
/// when a filter rejects it.
pub(crate) fn scoped_record(
    found: Framed<'_>,
    query: &ScopedQuery,
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<Option<StoredRecord>, SqliteError> {
    if query
        .not_before
        .is_some_and(|floor| found.time_nanos < floor)
    {
        return Ok(None);
    }
    record_if_kept(found, false, query, dictionaries, conn)
}

/// Reads records in ingest order after a sequence number. Rows of other tenants, and rows
/// the filters reject, are scanned past (up to `budget` rows) so the caller's position
/// still advances over them. `finish` turns a row of the tenant that passed the SQL
/// prefilter into what the walk returns, or rejects it.
pub(crate) fn scan_changes<R>(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &ChangeRequest,
    budget: usize,
    finish: Finish<R>,
) -> Result<ChangePage<R>, SqliteError> {
    let (sql, binds, exact) = changes_sql(tenant, request);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(binds))?;
    let mut records = Vec::with_capacity(request.size.min(1024));
    let mut scanned_to = request.after_seq;
    let mut scanned = 0usize;
    while records.len() < request.size && scanned < budget {
        let Some(row) = rows.next()? else { break };
        scanned += 1;
        let seq = to_u64(row.get(0)?);
        // The body is only read for rows of the tenant that pass the SQL prefilter.
        if let Some(blob) = row.get_ref(3)?.as_blob_or_null().map_err(|e| {
            SqliteError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Blob,
                Box::new(e),
            ))
        })? {
            let change = Framed {
                seq,
                time_nanos: row.get(1)?,
                id: row.get(2)?,
                frame: blob,
            };
            if let Some(record) = finish(change, exact, &request.query, dictionaries, conn)? {
                records.push(record);
            }
        }
        scanned_to = seq;
    }
    Ok(ChangePage {
        records,
        scanned_to,
    })
}

/// Counts a tenant's records of a kind after a sequence (rowid range, no index).
pub(crate) fn count_after(
    conn: &Connection,
    tenant: i64,
    kind: LogKind,
    after_seq: u64,
) -> Result<u64, SqliteError> {
    let table = schema::spec(kind).table;
    let sql = format!("SELECT COUNT(*) FROM {table} NOT INDEXED WHERE seq > ?1 AND tenant = ?2");
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![to_i64(after_seq), tenant], |r| r.get(0))?;
    Ok(to_u64(n))
}

/// Counts matching records.
pub(crate) fn count(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    query: &ScopedQuery,
    snapshot: u64,
) -> Result<u64, SqliteError> {
    let table = schema::spec(query.kind).table;
    let (filter_sql, filter_binds, exact) = where_clause(query);
    let mut binds = vec![
        SqlValue::Integer(tenant),
        SqlValue::Integer(to_i64(snapshot)),
    ];
    binds.extend(filter_binds);
    if exact {
        let sql =
            format!("SELECT COUNT(*) FROM {table} WHERE tenant = ? AND +seq <= ?{filter_sql}");
        let n: i64 = conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(binds), |r| r.get(0))?;
        return Ok(to_u64(n));
    }
    let sql = format!("SELECT id, body FROM {table} WHERE tenant = ? AND +seq <= ?{filter_sql}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(binds))?;
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if matches_all(query, &decode(blob(row, 1)?, &id, dictionaries, conn)?) {
            n += 1;
        }
    }
    Ok(n)
}

/// Looks one record up by exact id.
pub(crate) fn get(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    query: &ScopedQuery,
    id: &str,
) -> Result<Option<StoredRecord>, SqliteError> {
    let sql = &crate::id_index::statements(query.kind).get;
    let mut stmt = conn.prepare_cached(sql)?;
    let found = stmt
        .query_row(rusqlite::params![tenant, schema::id_hash(id), id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Vec<u8>>(3)?,
            ))
        })
        .optional()?;
    let Some((seq, ts, id, blob)) = found else {
        return Ok(None);
    };
    let found = Framed {
        seq: to_u64(seq),
        time_nanos: ts,
        id,
        frame: &blob,
    };
    scoped_record(found, query, dictionaries, conn)
}

/// Highest sequence of a kind's table.
pub(crate) fn high_water_mark(conn: &Connection, kind: LogKind) -> Result<u64, SqliteError> {
    let sql = schema::spec(kind).max_seq_sql;
    let n: i64 = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
    Ok(to_u64(n))
}

/// The key of a tenant, if it has ever stored anything.
pub(crate) fn tenant_key(conn: &Connection, tenant: &str) -> Result<Option<i64>, SqliteError> {
    Ok(conn
        .prepare_cached("SELECT tenant_key FROM tenants WHERE tenant_id = ?1")?
        .query_row([tenant], |r| r.get(0))
        .optional()?)
}

pub(crate) fn decode(
    blob: &[u8],
    id: &str,
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<serde_json::Value, SqliteError> {
    codec::decode(blob, dictionaries, conn).map_err(|reason| SqliteError::Encode {
        id: id.to_owned(),
        reason,
    })
}

pub(crate) fn blob<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<&'r [u8], SqliteError> {
    row.get_ref(index)?.as_blob().map_err(|e| {
        SqliteError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Blob,
            Box::new(e),
        ))
    })
}

fn cursor_of(record: &StoredRecord) -> Cursor {
    Cursor {
        time_nanos: record.time_nanos,
        id: record.id.clone(),
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests;
