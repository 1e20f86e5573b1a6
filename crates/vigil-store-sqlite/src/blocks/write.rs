//! The writer's side of the block layout.
//!
//! A group commit takes its jobs one at a time ([`BlockWriter::gather`]): each record is
//! checked against what is stored and what the group already took, and kept for later.
//! Once every job of the group is gathered, [`BlockWriter::write`] cuts the kept records into
//! blocks of one tenant, kind and event type, at most [`BLOCK_RECORDS`] each, hands out their
//! sequence numbers and inserts one row per block, all inside the group's transaction. So
//! small concurrent batches still share blocks, and a failed transaction leaves nothing. A
//! small remainder that would start a block right after the kind's newest block of the same
//! tenant is appended to that block instead ([`extend_newest`]), so a trickle of tiny
//! batches fills blocks rather than leaving one per commit.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use vigil_model::LogKind;
use vigil_store::AppendReport;

use super::{
    BLOCK_RECORDS, WholeBlock, column_value, delete_block, encode_slots, lookup, statements,
};
use crate::block_bodies;
use crate::block_columns::{self, SlotRecord};
use crate::error::SqliteError;
use crate::id_filter::Membership;
use crate::id_index::Pending;
use crate::prepare::PreparedRow;
use crate::schema;
use crate::slot_filter::summary::BlockSummary;

/// The records a group has taken so far, waiting to be written as blocks.
#[derive(Default)]
pub(crate) struct GroupRows<'g> {
    rows: Vec<(i64, &'g PreparedRow)>,
    seen: HashSet<(usize, i64, &'g str)>,
}

impl<'g> GroupRows<'g> {
    /// How many records are gathered (a mark for [`GroupRows::truncate`]).
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Forgets the records gathered after the first `len` (their job failed).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.rows.truncate(len);
        self.seen = self
            .rows
            .iter()
            .map(|(tenant, row)| (row.kind.index(), *tenant, row.id.as_str()))
            .collect();
    }
}

/// The writer thread's state for the block layout: the next sequence number per kind.
#[derive(Debug, Default)]
pub(crate) struct BlockWriter {
    next_seq: [Option<i64>; 4],
}

impl BlockWriter {
    /// Checks one job's records for duplicates and gathers the new ones. Nothing is written.
    pub(crate) fn gather<'g>(
        &self,
        conn: &Connection,
        tenant: i64,
        rows: &'g [PreparedRow],
        gathered: &mut GroupRows<'g>,
        ids: &Pending,
        membership: &Membership,
    ) -> Result<AppendReport, SqliteError> {
        let mut report = AppendReport::default();
        for row in rows {
            let fresh = gathered
                .seen
                .insert((row.kind.index(), tenant, row.id.as_str()));
            // The filter's "absent" is certain; only a "maybe" is looked up.
            let stored = !fresh
                || (membership.may_contain(row.kind, row.id_hash)
                    && lookup::stored(conn, row.kind, tenant, row.id_hash, &row.id, ids)?);
            if stored {
                report.duplicates += 1;
            } else {
                gathered.rows.push((tenant, row));
                report.stored += 1;
            }
        }
        Ok(report)
    }

    /// Writes the gathered records as blocks and notes their ids.
    pub(crate) fn write(
        &mut self,
        conn: &Connection,
        gathered: GroupRows<'_>,
        ids: &mut Pending,
        membership: &mut Membership,
    ) -> Result<(), SqliteError> {
        // Buckets of one tenant, kind and event type, in the order they first appear.
        let mut buckets: Vec<Vec<&PreparedRow>> = Vec::new();
        let mut bucket_of: HashMap<(i64, usize, Option<i64>), usize> = HashMap::new();
        let mut tenants = Vec::new();
        for (tenant, row) in gathered.rows {
            let key = (tenant, row.kind.index(), row.etype);
            let index = *bucket_of.entry(key).or_insert_with(|| {
                buckets.push(Vec::new());
                tenants.push(tenant);
                buckets.len() - 1
            });
            buckets[index].push(row);
        }
        for (rows, tenant) in buckets.iter().zip(tenants) {
            for chunk in rows.chunks(BLOCK_RECORDS) {
                let Some(kind) = chunk.first().map(|r| r.kind) else {
                    continue;
                };
                let first_seq = self.next(conn, kind)?;
                if !extend_newest(conn, kind, tenant, first_seq, chunk)? {
                    insert_block(conn, kind, tenant, first_seq, chunk)?;
                }
                for (seq, row) in (first_seq..).zip(chunk.iter()) {
                    ids.add(kind, tenant, row.id_hash, seq);
                    membership.add(kind, row.id_hash);
                }
                self.next_seq[kind.index()] = Some(first_seq + to_i64(chunk.len()));
            }
        }
        Ok(())
    }

    /// Forgets the sequence numbers handed out in a transaction that did not commit.
    pub(crate) fn forget(&mut self) {
        self.next_seq = [None; 4];
    }

    fn next(&mut self, conn: &Connection, kind: LogKind) -> Result<i64, SqliteError> {
        if let Some(next) = self.next_seq[kind.index()] {
            return Ok(next);
        }
        let highest = super::high_water_mark(conn, kind)?;
        let next = to_i64(usize::try_from(highest).unwrap_or(usize::MAX)).saturating_add(1);
        self.next_seq[kind.index()] = Some(next);
        Ok(next)
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Encodes `rows` (one tenant, kind and event type) as the block starting at `first_seq`
/// and inserts it.
fn insert_block(
    conn: &Connection,
    kind: LogKind,
    tenant: i64,
    first_seq: i64,
    rows: &[&PreparedRow],
) -> Result<(), SqliteError> {
    let columns = schema::spec(kind).columns.len();
    let slots: Vec<SlotRecord<'_>> = (first_seq..)
        .zip(rows)
        .map(|(seq, row)| slot_of(seq, row))
        .collect();
    let last_seq = first_seq + to_i64(rows.len()) - 1;
    let bodies = rows.iter().map(|r| (r.body.as_slice(), r.id_hash));
    EncodedBlock::new(tenant, (first_seq, last_seq), &slots, bodies, columns).insert(conn, kind)
}

/// Appends `rows` (sequence numbers from `first_seq` on) to the kind's newest block instead
/// of starting a block of their own, when that block belongs to `tenant`, ends just before
/// `first_seq` and has room for them; returns whether it did.
///
/// Without this, ingest at a trickle (a few records per request) would leave a block per
/// commit, and every read would pay for thousands of tiny blocks. The block keeps its first
/// sequence number and grows its range, which stays the newest and at most
/// [`BLOCK_RECORDS`] long, so ranges stay disjoint and ordered. Its records may then be of
/// several event types; its summary's event-type mask says which.
fn extend_newest(
    conn: &Connection,
    kind: LogKind,
    tenant: i64,
    first_seq: i64,
    rows: &[&PreparedRow],
) -> Result<bool, SqliteError> {
    let table = &statements(kind).table;
    let newest = conn
        .prepare_cached(&format!(
            "SELECT first_seq, last_seq, tenant FROM {table} ORDER BY first_seq DESC LIMIT 1"
        ))?
        .query_row([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .optional()?;
    let Some((block_first, block_last, owner)) = newest else {
        return Ok(false);
    };
    let last_seq = first_seq + to_i64(rows.len()) - 1;
    if owner != tenant
        || block_last + 1 != first_seq
        || last_seq - block_first >= to_i64(BLOCK_RECORDS)
    {
        return Ok(false);
    }
    let block = WholeBlock::read(conn, kind, block_first)?;
    let (mut slots, mut frames): (Vec<_>, Vec<_>) = block
        .records()?
        .into_iter()
        .map(|(slot, frame, hash)| (slot, (frame, hash)))
        .unzip();
    for (seq, row) in (first_seq..).zip(rows) {
        slots.push(slot_of(seq, row));
        frames.push((row.body.as_slice(), row.id_hash));
    }
    let columns = schema::spec(kind).columns.len();
    EncodedBlock::new(
        tenant,
        (block_first, last_seq),
        &slots,
        frames.iter().copied(),
        columns,
    )
    .rewrite(conn, kind)?;
    Ok(true)
}

/// A prepared row's entry in a block.
fn slot_of<'r>(seq: i64, row: &'r PreparedRow) -> SlotRecord<'r> {
    SlotRecord {
        seq,
        ts: row.ts,
        etype: row.etype,
        id: &row.id,
        columns: row.columns.iter().map(column_value).collect(),
    }
}

/// A block ready to insert (or to write back after a purge).
pub(crate) struct EncodedBlock {
    first_seq: i64,
    last_seq: i64,
    tenant: i64,
    min_ts: i64,
    max_ts: i64,
    records: i64,
    etypes: i64,
    summary: Vec<u8>,
    slots: Vec<u8>,
    columns: Vec<u8>,
    bodies: Vec<u8>,
}

impl EncodedBlock {
    /// Encodes `slots`, the block's records with `columns` columns, with their (body, id
    /// hash) pairs in the same order; the block keeps the sequence range `first_seq..=last_seq`.
    pub(crate) fn new<'b>(
        tenant: i64,
        (first_seq, last_seq): (i64, i64),
        slots: &[SlotRecord<'_>],
        bodies: impl ExactSizeIterator<Item = (&'b [u8], i64)> + Clone,
        columns: usize,
    ) -> EncodedBlock {
        let summary = BlockSummary::build(columns, slots);
        let (min_ts, max_ts) = summary.time_range();
        let etypes = slots
            .iter()
            .filter_map(|s| s.etype)
            .fold(0i64, |mask, code| mask | code);
        EncodedBlock {
            first_seq,
            last_seq,
            tenant,
            min_ts,
            max_ts,
            records: to_i64(slots.len()),
            etypes,
            summary: summary.to_bytes(),
            slots: encode_slots(
                slots
                    .iter()
                    .zip(bodies.clone())
                    .map(|(slot, (_, hash))| (slot.seq, hash)),
            ),
            columns: block_columns::encode(columns, slots),
            bodies: block_bodies::encode(bodies.map(|(body, _)| body)),
        }
    }

    /// Writes the block over the stored one with the same first sequence number.
    pub(crate) fn rewrite(&self, conn: &Connection, kind: LogKind) -> Result<(), SqliteError> {
        delete_block(conn, kind, self.first_seq)?;
        self.insert(conn, kind)
    }

    /// Inserts the block.
    pub(crate) fn insert(&self, conn: &Connection, kind: LogKind) -> Result<(), SqliteError> {
        conn.prepare_cached(&statements(kind).insert)?
            .execute(rusqlite::params![
                self.first_seq,
                self.last_seq,
                self.tenant,
                self.min_ts,
                self.max_ts,
                self.records,
                self.etypes,
                self.summary,
                self.slots,
                self.columns,
                self.bodies,
            ])?;
        Ok(())
    }
}
