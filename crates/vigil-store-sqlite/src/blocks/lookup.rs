//! Records by id in the block layout: `get`, the writer's duplicate check, and the id
//! entries a crash left unflushed.
//!
//! As in the row layout (`id_index`), a record's (id hash, tenant, seq) entry reaches the
//! kind's `*_ids` table in sorted runs, and `id_index_marks` names the highest seq whose entry
//! is there. A lookup reads the side table and the `slots` of the blocks above the mark in
//! one read transaction, so a flush racing it can neither hide a record nor show it twice.
//! A block spans at most [`BLOCK_RECORDS`] sequence numbers, so the blocks above the mark are
//! a short range of `first_seq`.

use std::sync::OnceLock;

use rusqlite::Connection;
use vigil_model::LogKind;
use vigil_store::{ScopedQuery, StoredRecord};

use super::{BLOCK_RECORDS, decode_columns, decode_slots, holding, parse_bodies, statements};
use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::id_index::{self, Pending};
use crate::read::{Framed, scoped_record};
use crate::schema;

/// The id statements of one kind's blocks.
struct IdStatements {
    /// Seqs of (id hash ?1, tenant ?2) in the side table.
    indexed: String,
    /// `first_seq` and `slots` of tenant ?1's blocks above the mark.
    above_mark: String,
    /// `first_seq`, `slots` and `tenant` of every block above the mark ?1.
    all_above: String,
}

fn id_statements(kind: LogKind) -> &'static IdStatements {
    static ALL: OnceLock<[IdStatements; 4]> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        LogKind::ALL.map(|kind| {
            let blocks = &statements(kind).table;
            let ids = format!("{}_ids", schema::spec(kind).table);
            let mark = format!("IFNULL(({}), 0)", id_index::statements(kind).mark);
            let span = BLOCK_RECORDS;
            IdStatements {
                indexed: format!("SELECT seq FROM {ids} WHERE id_hash = ?1 AND tenant = ?2"),
                above_mark: format!(
                    "SELECT first_seq, slots FROM {blocks} WHERE first_seq > {mark} - {span} \
                     AND last_seq > {mark} AND tenant = ?1"
                ),
                all_above: format!(
                    "SELECT first_seq, slots, tenant FROM {blocks} WHERE first_seq > ?1 - {span} \
                     AND last_seq > ?1"
                ),
            }
        })
    });
    &all[kind.index()]
}

/// The seqs of tenant's records of `kind` whose id hash is `hash` (flushed or not).
fn seqs_with_hash(
    conn: &Connection,
    kind: LogKind,
    tenant: i64,
    hash: i64,
) -> Result<Vec<i64>, SqliteError> {
    let stmts = id_statements(kind);
    let mut seqs: Vec<i64> = conn
        .prepare_cached(&stmts.indexed)?
        .query_map(rusqlite::params![hash, tenant], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut above = conn.prepare_cached(&stmts.above_mark)?;
    let mut rows = above.query([tenant])?;
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        let slots = decode_slots(first_seq, crate::read::blob(row, 1)?)?;
        seqs.extend(slots.iter().filter(|(_, h)| *h == hash).map(|(s, _)| *s));
    }
    seqs.sort_unstable();
    seqs.dedup();
    Ok(seqs)
}

/// A record found by sequence number.
struct Found {
    first_seq: i64,
    slot: usize,
    ts: i64,
    bodies: Vec<u8>,
}

/// The record with sequence `seq` if it belongs to `tenant` and has exactly `id`.
fn record_at(
    conn: &Connection,
    kind: LogKind,
    tenant: i64,
    seq: i64,
    id: &str,
) -> Result<Option<Found>, SqliteError> {
    let Some(held) = holding(conn, kind, seq)? else {
        return Ok(None);
    };
    if held.tenant != tenant {
        return Ok(None);
    }
    let slots = decode_columns(held.first_seq, &held.columns)?;
    let found = slots.iter().position(|s| s.seq == seq && s.id == id);
    Ok(found.map(|slot| Found {
        first_seq: held.first_seq,
        slot,
        ts: slots[slot].ts,
        bodies: held.bodies,
    }))
}

/// Whether (tenant, kind, id) is stored; `pending` holds the writer's unflushed entries.
pub(crate) fn stored(
    conn: &Connection,
    kind: LogKind,
    tenant: i64,
    hash: i64,
    id: &str,
    pending: &Pending,
) -> Result<bool, SqliteError> {
    let mut seqs = seqs_with_hash(conn, kind, tenant, hash)?;
    seqs.extend_from_slice(pending.seqs(kind, tenant, hash));
    for seq in seqs {
        if record_at(conn, kind, tenant, seq, id)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One record by exact id, if it is in the query's scope.
pub(crate) fn get(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    query: &ScopedQuery,
    id: &str,
) -> Result<Option<StoredRecord>, SqliteError> {
    let tx = conn.unchecked_transaction()?;
    let kind = query.kind;
    for seq in seqs_with_hash(&tx, kind, tenant, schema::id_hash(id))? {
        let Some(Found {
            first_seq,
            slot,
            ts,
            bodies,
        }) = record_at(&tx, kind, tenant, seq, id)?
        else {
            continue;
        };
        let frame = parse_bodies(first_seq, &bodies)?
            .get(slot)
            .map_err(|e| super::damaged(first_seq, e))?;
        let found = Framed {
            seq: u64::try_from(seq).unwrap_or(0),
            time_nanos: ts,
            id: id.to_owned(),
            frame,
        };
        return scoped_record(found, query, dictionaries, &tx);
    }
    Ok(None)
}

/// Re-creates the side-table entries of records above each kind's mark (left by a crash
/// between flushes) and advances the marks. Runs when the store opens, before the writer.
pub(crate) fn recover(conn: &mut Connection) -> Result<(), SqliteError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for kind in LogKind::ALL {
        let marks = id_index::statements(kind);
        let mark: i64 = tx.query_row(&format!("SELECT IFNULL(({}), 0)", marks.mark), [], |r| {
            r.get(0)
        })?;
        let mut added = 0usize;
        {
            let mut insert = tx.prepare_cached(&marks.insert_entry)?;
            let mut blocks = tx.prepare(&id_statements(kind).all_above)?;
            let mut rows = blocks.query([mark])?;
            while let Some(row) = rows.next()? {
                let first_seq: i64 = row.get(0)?;
                let tenant: i64 = row.get(2)?;
                for (seq, hash) in decode_slots(first_seq, crate::read::blob(row, 1)?)? {
                    if seq > mark {
                        added += insert.execute(rusqlite::params![hash, tenant, seq])?;
                    }
                }
            }
        }
        if added > 0 {
            tracing::info!(?kind, added, "re-indexed record ids after a restart");
        }
        tx.execute(&marks.advance_block_mark, [])?;
    }
    tx.commit()?;
    Ok(())
}
