//! Pages, counts and change walks over blocks.
//!
//! Every read runs in one read transaction, so the blocks it reads are one snapshot. A page
//! walks the blocks of the tenant through a time index, newest bound first for a descending
//! walk (oldest for an ascending one), skips blocks whose summary rules the query out,
//! keeps the records of a block that pass the compiled filters and merges blocks into
//! (time, id) order ([`merge_page`]). Only the records the page returns, or whose filters the
//! columns cannot decide, have their body decompressed.

use std::cell::{OnceCell, RefCell};

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Rows, params_from_iter};
use serde_json::Value;
use vigil_model::LogKind;
use vigil_store::{
    ChangePage, ChangeRequest, Cursor, Page, PageRequest, ScopedQuery, SortOrder, StoredRecord,
};

use super::{
    BLOCK_RECORDS, Plan, Sections, damaged, decode_columns, decode_slots, parse_bodies, statements,
};
use crate::block_columns::SlotRecord;
use crate::block_walk::{BlockRows, Keyed, Merged, merge_page};
use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::read::{Finish, Framed, blob, decode, matches_all};

/// A record a page walk may return.
struct Candidate {
    /// Index of its block in the walk's loaded body sections.
    block: usize,
    slot: usize,
    seq: i64,
    ts: i64,
    id: String,
    /// The decoded body, once a filter needed it.
    body: OnceCell<Value>,
}

impl Keyed for Candidate {
    fn ts(&self) -> i64 {
        self.ts
    }
    fn id(&self) -> &str {
        &self.id
    }
}

/// A block whose records may be returned.
struct Loaded {
    first_seq: i64,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The candidate blocks of a page walk, in walk order, with their bounds.
fn walk_sql(
    kind: LogKind,
    tenant: i64,
    request: &PageRequest,
    plan: &Plan,
) -> (String, Vec<SqlValue>) {
    let table = &statements(kind).table;
    let query = &request.query;
    let mut binds = vec![
        SqlValue::Integer(tenant),
        SqlValue::Integer(to_i64(request.snapshot)),
    ];
    let (bound, order) = match query.order {
        SortOrder::Desc => ("max_ts", "max_ts DESC"),
        SortOrder::Asc => ("min_ts", "min_ts ASC"),
    };
    let mut sql =
        format!("SELECT first_seq, {bound} FROM {table} WHERE tenant = ? AND first_seq <= ?");
    if let Some(floor) = query.not_before {
        sql.push_str(" AND max_ts >= ?");
        binds.push(SqlValue::Integer(floor));
    }
    if let Some(after) = &request.after {
        // Blocks wholly on the far side of the cursor hold nothing of this walk.
        sql.push_str(match query.order {
            SortOrder::Desc => " AND min_ts <= ?",
            SortOrder::Asc => " AND max_ts >= ?",
        });
        binds.push(SqlValue::Integer(after.time_nanos));
    }
    sql.push_str(&plan.etypes_condition());
    sql.push_str(&format!(" ORDER BY {order}"));
    (sql, binds)
}

/// The walk's next block with a candidate record, loaded.
fn next_block(
    rows: &mut Rows<'_>,
    sections: &Sections<'_>,
    plan: &Plan,
    snapshot: i64,
    loaded: &RefCell<Vec<Loaded>>,
) -> Result<Option<BlockRows<Candidate>>, SqliteError> {
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        let bound: i64 = row.get(1)?;
        let index = loaded.borrow().len();
        let candidates = sections.with_columns(first_seq, plan, |bytes| {
            let columns = decode_columns(first_seq, bytes)?;
            Ok((columns.iter().enumerate())
                .filter(|(_, slot)| plan.holds(slot, snapshot))
                .map(|(slot, record)| Candidate {
                    block: index,
                    slot,
                    seq: record.seq,
                    ts: record.ts,
                    id: record.id.to_owned(),
                    body: OnceCell::new(),
                })
                .collect::<Vec<_>>())
        })?;
        let Some(candidates) = candidates.filter(|c| !c.is_empty()) else {
            continue;
        };
        loaded.borrow_mut().push(Loaded { first_seq });
        return Ok(Some(BlockRows {
            bound,
            rows: candidates,
        }));
    }
    Ok(None)
}

/// Decodes a candidate's body, reading just its frame from its block's body section.
fn decode_candidate(
    candidate: &Candidate,
    loaded: &RefCell<Vec<Loaded>>,
    sections: &Sections<'_>,
    dictionaries: &Dictionaries,
) -> Result<Value, SqliteError> {
    let first_seq = loaded
        .borrow()
        .get(candidate.block)
        .map(|block| block.first_seq)
        .ok_or_else(|| damaged(0, "a candidate outlived its block"))?;
    let frame = sections.body(first_seq, candidate.slot)?;
    decode(&frame, &candidate.id, dictionaries, sections.conn())
}

/// Reads one page.
pub(crate) fn page(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &PageRequest,
    budget: usize,
) -> Result<Page, SqliteError> {
    let tx = conn.unchecked_transaction()?;
    let query = &request.query;
    let plan = Plan::new(query);
    let snapshot = to_i64(request.snapshot);
    let (sql, binds) = walk_sql(query.kind, tenant, request, &plan);
    let mut walk = tx.prepare_cached(&sql)?;
    let sections = Sections::new(&tx, query.kind);
    let mut rows = walk.query(params_from_iter(binds))?;
    let loaded = RefCell::new(Vec::new());
    let blocks = std::iter::from_fn(|| {
        next_block(&mut rows, &sections, &plan, snapshot, &loaded).transpose()
    });
    let keep = |candidate: &Candidate| -> Result<bool, SqliteError> {
        if plan.exact {
            return Ok(true);
        }
        let body = decode_candidate(candidate, &loaded, &sections, dictionaries)?;
        let kept = matches_all(query, &body);
        let _ = candidate.body.set(body);
        Ok(kept)
    };
    // One record more than the page decides whether a next page exists.
    let size = request.size;
    let Merged {
        mut page,
        stopped,
        read,
    } = merge_page(
        query.order,
        blocks,
        request.after.as_ref(),
        (size.saturating_add(1), budget.max(1)),
        keep,
    )?;
    tracing::trace!(blocks = read, "page merged");
    let next = if page.len() > size {
        page.truncate(size);
        page.last().map(|c| Cursor {
            time_nanos: c.ts,
            id: c.id.clone(),
        })
    } else {
        stopped
    };
    let records = page
        .into_iter()
        .map(|candidate| {
            let body = match candidate.body.get() {
                Some(body) => body.clone(),
                None => decode_candidate(&candidate, &loaded, &sections, dictionaries)?,
            };
            Ok(StoredRecord {
                seq: to_u64(candidate.seq),
                time_nanos: candidate.ts,
                id: candidate.id,
                body,
            })
        })
        .collect::<Result<Vec<_>, SqliteError>>()?;
    Ok(Page { records, next })
}

/// Counts the query's records at or below `snapshot`.
pub(crate) fn count(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    query: &ScopedQuery,
    snapshot: u64,
) -> Result<u64, SqliteError> {
    let tx = conn.unchecked_transaction()?;
    let plan = Plan::new(query);
    let snapshot = to_i64(snapshot);
    let stmts = statements(query.kind);
    let sql = format!(
        "SELECT first_seq, last_seq, min_ts, records FROM {} \
         WHERE tenant = ?1 AND first_seq <= ?2 AND max_ts >= ?3{}",
        stmts.table,
        plan.etypes_condition()
    );
    let mut blocks = tx.prepare_cached(&sql)?;
    let sections = Sections::new(&tx, query.kind);
    let floor = query.not_before.unwrap_or(i64::MIN);
    let mut rows = blocks.query(rusqlite::params![tenant, snapshot, floor])?;
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        let whole = row.get::<_, i64>(1)? <= snapshot && row.get::<_, i64>(2)? >= floor;
        if whole && plan.keeps_everything() {
            n += to_u64(row.get(3)?);
            continue;
        }
        let kept = sections.with_columns(first_seq, &plan, |bytes| {
            let columns = decode_columns(first_seq, bytes)?;
            let holds = |slot: &SlotRecord<'_>| plan.holds(slot, snapshot);
            if plan.exact {
                return Ok(columns.iter().filter(|slot| holds(slot)).count() as u64);
            }
            let mut kept = 0u64;
            sections.each_kept_body(dictionaries, first_seq, &columns, holds, |_, body| {
                kept += u64::from(matches_all(query, &body));
            })?;
            Ok(kept)
        })?;
        n += kept.unwrap_or(0);
    }
    Ok(n)
}

/// The blocks a change walk after seq ?1 reads, in sequence order.
fn change_blocks_sql(kind: LogKind) -> String {
    format!(
        "SELECT first_seq, last_seq, tenant, records FROM {} \
         WHERE first_seq > ?1 - {BLOCK_RECORDS} AND last_seq > ?1 ORDER BY first_seq",
        statements(kind).table
    )
}

/// Records in ingest order after a sequence number; other tenants' blocks and records the
/// filters reject are scanned past (up to `budget` records), so the caller still advances.
/// `finish` is as for the row layout's `read::scan_changes`.
pub(crate) fn scan_changes<R>(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &ChangeRequest,
    budget: usize,
    finish: Finish<R>,
) -> Result<ChangePage<R>, SqliteError> {
    let tx = conn.unchecked_transaction()?;
    let kind = request.query.kind;
    let plan = Plan::new(&request.query);
    let after = to_i64(request.after_seq);
    let mut blocks = tx.prepare_cached(&change_blocks_sql(kind))?;
    let sections = Sections::new(&tx, kind);
    let mut rows = blocks.query([after])?;
    let mut records = Vec::with_capacity(request.size.min(1024));
    let mut scanned_to = after;
    let mut scanned = 0usize;
    'blocks: while records.len() < request.size && scanned < budget {
        let Some(row) = rows.next()? else { break };
        let (first_seq, last_seq): (i64, i64) = (row.get(0)?, row.get(1)?);
        let held = usize::try_from(row.get::<_, i64>(3)?).unwrap_or(0);
        // Another tenant's block, or one the summary rules out, is passed without reading it.
        let column_bytes = match row.get::<_, i64>(2)? == tenant {
            true => sections.columns_for(first_seq, &plan)?,
            false => None,
        };
        let sections_read = match column_bytes {
            Some(columns) => sections.bodies(first_seq)?.map(|bodies| (columns, bodies)),
            None => None,
        };
        let Some((column_bytes, body_bytes)) = sections_read else {
            scanned += held.max(1);
            scanned_to = last_seq;
            continue;
        };
        let columns = decode_columns(first_seq, &column_bytes)?;
        let bodies = parse_bodies(first_seq, &body_bytes)?;
        for (index, slot) in columns.iter().enumerate() {
            if slot.seq <= after {
                continue;
            }
            if records.len() >= request.size || scanned >= budget {
                break 'blocks;
            }
            scanned += 1;
            if plan.holds(slot, i64::MAX) {
                let change = Framed {
                    seq: to_u64(slot.seq),
                    time_nanos: slot.ts,
                    id: slot.id.to_owned(),
                    frame: bodies.get(index).map_err(|e| damaged(first_seq, e))?,
                };
                if let Some(record) = finish(change, plan.exact, &request.query, dictionaries, &tx)?
                {
                    records.push(record);
                }
            }
            scanned_to = slot.seq;
        }
        // Sequence numbers of the block's purged records are passed too.
        scanned_to = last_seq;
    }
    Ok(ChangePage {
        records,
        scanned_to: to_u64(scanned_to),
    })
}

/// Counts a tenant's records of a kind after a sequence number.
pub(crate) fn count_after(
    conn: &Connection,
    tenant: i64,
    kind: LogKind,
    after_seq: u64,
) -> Result<u64, SqliteError> {
    let after = to_i64(after_seq);
    let sql = format!(
        "SELECT first_seq, records, CASE WHEN first_seq <= ?1 THEN slots END FROM {} \
         WHERE first_seq > ?1 - {BLOCK_RECORDS} AND last_seq > ?1 AND tenant = ?2",
        statements(kind).table
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![after, tenant])?;
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        if first_seq > after {
            n += to_u64(row.get(1)?);
        } else {
            let slots = decode_slots(first_seq, blob(row, 2)?)?;
            n += slots.iter().filter(|(seq, _)| *seq > after).count() as u64;
        }
    }
    Ok(n)
}
