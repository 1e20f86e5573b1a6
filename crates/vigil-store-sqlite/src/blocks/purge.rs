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
use super::{WholeBlock, delete_block, statements};
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
        let block = WholeBlock::read(&tx, kind, first_seq)?;
        let records = block.records()?;
        let mut expired: Vec<usize> = (0..records.len())
            .filter(|&i| records[i].0.ts < request.before_nanos && records[i].0.seq <= max_seq)
            .collect();
        expired.sort_by_key(|&i| records[i].0.ts);
        expired.truncate(remaining);
        if expired.is_empty() {
            continue;
        }
        let mut dropped = vec![false; records.len()];
        {
            let mut entry = tx.prepare_cached(&id_index::statements(kind).delete_entry)?;
            for &i in &expired {
                let (record, _, hash) = &records[i];
                entry.execute(rusqlite::params![hash, tenant, record.seq])?;
                dropped[i] = true;
            }
        }
        let (slots, frames): (Vec<_>, Vec<_>) = (records.into_iter().zip(dropped))
            .filter(|(_, dropped)| !dropped)
            .map(|((slot, frame, hash), _)| (slot, (frame, hash)))
            .unzip();
        if slots.is_empty() && first_seq != newest {
            delete_block(&tx, kind, first_seq)?;
        } else {
            let range = (first_seq, block.last_seq);
            EncodedBlock::new(tenant, range, &slots, frames.iter().copied(), columns)
                .rewrite(&tx, kind)?;
        }
        remaining -= expired.len();
    }
    tx.commit()?;
    Ok(request.limit - remaining)
}
