//! Retention over blocks.
//!
//! A purge reads the tenant's blocks oldest first through the time index and drops their
//! expired records (event time before the cutoff, sequence at most the request's bound),
//! oldest first, up to the limit. A block left empty is deleted; one with records left is
//! written back in place without the dropped ones, keeping its sequence range. The block
//! holding the highest sequence number is never deleted, even when emptied: the next
//! sequence number is found from it after a restart, so numbers are never reused.

use rusqlite::Connection;
use vigil_store::PurgeRequest;

use super::write::EncodedBlock;
use super::{decode_columns, decode_slots, parse_bodies, statements};
use crate::block_columns::SlotRecord;
use crate::error::SqliteError;
use crate::{id_index, schema};

/// Deletes up to `request.limit` expired records; returns how many it deleted.
pub(crate) fn purge(conn: &mut Connection, request: &PurgeRequest) -> Result<usize, SqliteError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(tenant) = crate::read::tenant_key(&tx, request.tenant.as_str())? else {
        return Ok(0);
    };
    let kind = request.kind;
    let stmts = statements(kind);
    let table = &stmts.table;
    let max_seq = i64::try_from(request.max_seq).unwrap_or(i64::MAX);
    let newest: i64 = tx.query_row(
        &format!("SELECT IFNULL(MAX(first_seq), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?;
    let candidates: Vec<i64> = tx
        .prepare_cached(&format!(
            "SELECT first_seq FROM {table} WHERE tenant = ?1 AND min_ts < ?2 AND first_seq <= ?3 \
             ORDER BY min_ts"
        ))?
        .query_map(
            rusqlite::params![tenant, request.before_nanos, max_seq],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let columns = schema::spec(kind).columns.len();
    let mut remaining = request.limit;
    for first_seq in candidates {
        if remaining == 0 {
            break;
        }
        let (last_seq, slots_bytes, column_bytes, body_bytes): (i64, Vec<u8>, Vec<u8>, Vec<u8>) =
            tx.query_row(
                &format!(
                    "SELECT last_seq, slots, columns, bodies FROM {table} WHERE first_seq = ?1"
                ),
                [first_seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let records = decode_columns(first_seq, &column_bytes)?;
        let hashes = decode_slots(first_seq, &slots_bytes)?;
        let bodies = parse_bodies(first_seq, &body_bytes)?;
        if hashes.len() != records.len() || bodies.len() != records.len() {
            return Err(super::damaged(
                first_seq,
                "sections disagree on the record count",
            ));
        }
        let mut expired: Vec<usize> = (0..records.len())
            .filter(|&i| records[i].ts < request.before_nanos && records[i].seq <= max_seq)
            .collect();
        expired.sort_by_key(|&i| records[i].ts);
        expired.truncate(remaining);
        if expired.is_empty() {
            continue;
        }
        {
            let mut entry = tx.prepare_cached(&id_index::statements(kind).delete_entry)?;
            for &i in &expired {
                let (seq, hash) = hashes[i];
                entry.execute(rusqlite::params![hash, tenant, seq])?;
            }
        }
        tx.execute(
            &format!("DELETE FROM {table} WHERE first_seq = ?1"),
            [first_seq],
        )?;
        let mut dropped = vec![false; records.len()];
        for &i in &expired {
            dropped[i] = true;
        }
        let keep: Vec<usize> = (0..records.len()).filter(|&i| !dropped[i]).collect();
        if !keep.is_empty() || first_seq == newest {
            let slots: Vec<SlotRecord<'_>> = keep.iter().map(|&i| records[i].clone()).collect();
            let frames = keep
                .iter()
                .map(|&i| Ok((bodies.get(i)?, hashes[i].1)))
                .collect::<Result<Vec<_>, crate::block_bodies::BlockBodiesError>>()
                .map_err(|e| super::damaged(first_seq, e))?;
            EncodedBlock::new(
                tenant,
                (first_seq, last_seq),
                &slots,
                frames.iter().copied(),
                columns,
            )
            .insert(&tx, kind)?;
        }
        remaining -= expired.len();
    }
    tx.commit()?;
    Ok(request.limit - remaining)
}
