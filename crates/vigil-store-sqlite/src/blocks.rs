//! The block layout: one SQLite row per block of up to [`BLOCK_RECORDS`] records.
//!
//! A per-record row with five B-tree indexes cost the single writer 25–39 µs per record,
//! which caps ingest near 25k/s on two cores (docs/benchmarks.md, "What 50,000 sign-ins/s
//! takes here"). Here the writer inserts one row per block instead, holding:
//! - `summary`: the block in brief (`slot_filter::summary`): time range, event types, per-column
//!   extremes and a Bloom filter of column values and id hashes;
//! - `slots`: each record's (seq, id hash), for id lookups and purges without the columns;
//! - `columns`: the column section ([`crate::block_columns`]): per record its seq, time,
//!   event type, id and the filter columns;
//! - `bodies`: each record's compressed body, reachable alone ([`crate::block_bodies`]).
//!
//! A block holds records of one tenant, kind and (sign-ins) event type, from one group
//! commit, with consecutive sequence numbers `first_seq ..= last_seq`. Reads pick candidate
//! blocks through the time indexes, skip those whose summary rules them out, evaluate the
//! compiled filters on the column section ([`SlotFilter::holds`]), merge blocks into page
//! order ([`crate::block_walk`]) and decompress only the bodies they return or must check.
//!
//! Code map: [`write`] (the writer's side), [`read`] (pages, counts, change walks),
//! [`lookup`] (ids: `get`, the writer's duplicate check, recovery), [`purge`],
//! [`summarize`].
//!
//! Invariants: a block is written whole inside the group's transaction; `first_seq` and
//! `last_seq` never change once written (a purge that drops some records rewrites the rest
//! in place), so sequence numbers are never reused; every stored record's (id hash, tenant,
//! seq) is in the kind's `*_ids` table or in a block above the table's mark (`id_index`).

pub(crate) mod lookup;
pub(crate) mod purge;
pub(crate) mod read;
pub(crate) mod summarize;
pub(crate) mod write;

use std::cell::RefCell;
use std::sync::OnceLock;

use rusqlite::blob::Blob;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, MAIN_DB, OptionalExtension};
use vigil_model::LogKind;
use vigil_store::ScopedQuery;

use crate::block_bodies::{self, BlockBodies};
use crate::block_columns::{self, SlotRecord, StoredValue};
use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::read::decode;
use crate::schema;
use crate::slot_filter::summary::SummaryView;
use crate::slot_filter::{SlotFilter, event_types};
use crate::sql;

/// Most records in one block.
pub(crate) const BLOCK_RECORDS: usize = 256;

/// The block statements of one kind.
#[derive(Debug)]
pub(crate) struct Statements {
    pub table: String,
    /// Inserts a block: first_seq, last_seq, tenant, min_ts, max_ts, records, etypes,
    /// summary, slots, columns, bodies.
    pub insert: String,
    /// The highest sequence number handed out (0 when none).
    pub high_water_mark: String,
    /// The block holding seq ?1: its first_seq, last_seq, tenant, columns and bodies.
    pub holding: String,
    /// One block's summary, by first_seq ?1.
    pub summary: String,
    /// One block's column section, by first_seq ?1.
    pub columns: String,
    /// One block's body section, by first_seq ?1.
    pub bodies: String,
}

/// The statements of `kind`.
pub(crate) fn statements(kind: LogKind) -> &'static Statements {
    static ALL: OnceLock<[Statements; 4]> = OnceLock::new();
    let all = ALL.get_or_init(|| LogKind::ALL.map(build));
    &all[kind.index()]
}

fn build(kind: LogKind) -> Statements {
    let table = format!("{}_blocks", schema::spec(kind).table);
    Statements {
        insert: format!(
            "INSERT INTO {table} (first_seq, last_seq, tenant, min_ts, max_ts, records, etypes, \
             summary, slots, columns, bodies) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ),
        high_water_mark: format!(
            "SELECT IFNULL((SELECT last_seq FROM {table} ORDER BY first_seq DESC LIMIT 1), 0)"
        ),
        holding: format!(
            "SELECT first_seq, last_seq, tenant, columns, bodies FROM {table} \
             WHERE first_seq <= ?1 ORDER BY first_seq DESC LIMIT 1"
        ),
        summary: format!("SELECT summary FROM {table} WHERE first_seq = ?1"),
        columns: format!("SELECT columns FROM {table} WHERE first_seq = ?1"),
        bodies: format!("SELECT bodies FROM {table} WHERE first_seq = ?1"),
        table,
    }
}

/// Reads a block's sections one at a time: SQLite copies every blob a statement selects, so
/// a block the summary rules out costs only its summary, and bodies are read only for the
/// records a read returns or must check.
pub(crate) struct Sections<'c> {
    conn: &'c Connection,
    kind: LogKind,
    /// The handle [`Sections::body`] reads through, moved from block to block.
    bodies: RefCell<Option<Blob<'c>>>,
}

impl<'c> Sections<'c> {
    pub(crate) fn new(conn: &'c Connection, kind: LogKind) -> Sections<'c> {
        Sections {
            conn,
            kind,
            bodies: RefCell::new(None),
        }
    }

    /// The connection it reads through.
    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    fn read(&self, sql: &str, first_seq: i64) -> Result<Option<Vec<u8>>, SqliteError> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([first_seq], |r| r.get::<_, Vec<u8>>(0))
            .optional()?)
    }

    /// Whether the block exists and its summary says it may hold a record `plan` keeps. The
    /// summary is read where SQLite holds it.
    fn admits(&self, first_seq: i64, plan: &Plan) -> Result<bool, SqliteError> {
        let mut stmt = self.conn.prepare_cached(&statements(self.kind).summary)?;
        let mut rows = stmt.query([first_seq])?;
        match rows.next()? {
            Some(row) => {
                let summary = decode_summary(first_seq, crate::read::blob(row, 0)?)?;
                Ok(plan.may_keep_any(&summary))
            }
            None => Ok(false),
        }
    }

    /// Runs `read` on the block's column section where SQLite holds it (no copy), if the
    /// block's summary says it may hold a record `plan` keeps; `None` otherwise, and when
    /// there is no such block.
    pub(crate) fn with_columns<T>(
        &self,
        first_seq: i64,
        plan: &Plan,
        read: impl FnOnce(&[u8]) -> Result<T, SqliteError>,
    ) -> Result<Option<T>, SqliteError> {
        if !self.admits(first_seq, plan)? {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(&statements(self.kind).columns)?;
        let mut rows = stmt.query([first_seq])?;
        match rows.next()? {
            Some(row) => read(crate::read::blob(row, 0)?).map(Some),
            None => Ok(None),
        }
    }

    /// The block's column section, still encoded, if its summary says it may hold a record
    /// `plan` keeps (`None` too when there is no such block).
    pub(crate) fn columns_for(
        &self,
        first_seq: i64,
        plan: &Plan,
    ) -> Result<Option<Vec<u8>>, SqliteError> {
        self.with_columns(first_seq, plan, |bytes| Ok(bytes.to_vec()))
    }

    /// The block's body section, still encoded.
    pub(crate) fn bodies(&self, first_seq: i64) -> Result<Option<Vec<u8>>, SqliteError> {
        self.read(&statements(self.kind).bodies, first_seq)
    }

    /// Calls `each` with every record of block `first_seq` (its decoded `columns`) that
    /// `keep` accepts, and that record's decoded body. Reads the block's body section once;
    /// a block whose body section is gone (purged meanwhile) has no records to give.
    pub(crate) fn each_kept_body(
        &self,
        dictionaries: &Dictionaries,
        first_seq: i64,
        columns: &[SlotRecord<'_>],
        keep: impl Fn(&SlotRecord<'_>) -> bool,
        mut each: impl FnMut(&SlotRecord<'_>, serde_json::Value),
    ) -> Result<(), SqliteError> {
        let Some(section) = self.bodies(first_seq)? else {
            return Ok(());
        };
        let bodies = parse_bodies(first_seq, &section)?;
        for (index, slot) in columns.iter().enumerate() {
            if keep(slot) {
                let frame = bodies.get(index).map_err(|e| damaged(first_seq, e))?;
                each(slot, decode(frame, slot.id, dictionaries, self.conn)?);
            }
        }
        Ok(())
    }

    /// The compressed body of record `slot` of block `first_seq`, which must exist. Read
    /// through an incremental blob handle: the section's header, two entries of its table
    /// and the frame, instead of the whole section (about 100 KB) a `SELECT` would copy.
    pub(crate) fn body(&self, first_seq: i64, slot: usize) -> Result<Vec<u8>, SqliteError> {
        let mut handle = self.bodies.borrow_mut();
        let blob = match handle.take() {
            Some(mut blob) => {
                blob.reopen(first_seq)?;
                handle.insert(blob)
            }
            None => handle.insert(self.conn.blob_open(
                MAIN_DB,
                statements(self.kind).table.as_str(),
                "bodies",
                first_seq,
                true,
            )?),
        };
        let size = usize::try_from(blob.size()).unwrap_or(0);
        let mut head = [0u8; block_bodies::HEADER];
        blob.read_at_exact(&mut head, 0)?;
        let bad = |e| damaged(first_seq, e);
        let count = block_bodies::count(head).map_err(bad)?;
        if slot >= count {
            return Err(bad(block_bodies::BlockBodiesError::Slot { slot, count }));
        }
        let mut ends = [0u8; 8];
        let (into, at) = match slot {
            0 => (&mut ends[4..], block_bodies::HEADER),
            _ => (&mut ends[..], block_bodies::HEADER + 4 * (slot - 1)),
        };
        blob.read_at_exact(into, at)?;
        let [a, b, c, d, e, f, g, h] = ends;
        let bounds = (
            u32::from_le_bytes([a, b, c, d]),
            u32::from_le_bytes([e, f, g, h]),
        );
        let range = block_bodies::frame_range(count, size, bounds).map_err(bad)?;
        let mut frame = vec![0u8; range.len()];
        blob.read_at_exact(&mut frame, range.start)?;
        Ok(frame)
    }
}

/// The highest sequence number of `kind` handed out so far.
pub(crate) fn high_water_mark(conn: &Connection, kind: LogKind) -> Result<u64, SqliteError> {
    let n: i64 = conn
        .prepare_cached(&statements(kind).high_water_mark)?
        .query_row([], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A block error naming the block.
pub(crate) fn damaged(first_seq: i64, reason: impl ToString) -> SqliteError {
    SqliteError::Block {
        first_seq,
        reason: reason.to_string(),
    }
}

/// A column value of a prepared row, as the column section holds it.
pub(crate) fn column_value(value: &SqlValue) -> StoredValue<'_> {
    match value {
        SqlValue::Integer(i) => StoredValue::Int(*i),
        SqlValue::Text(t) => StoredValue::Str(t),
        SqlValue::Null | SqlValue::Real(_) | SqlValue::Blob(_) => StoredValue::Null,
    }
}

/// Each record's (seq, id hash) in the `slots` column.
pub(crate) fn encode_slots(slots: impl Iterator<Item = (i64, i64)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (seq, hash) in slots {
        out.extend_from_slice(&seq.to_le_bytes());
        out.extend_from_slice(&hash.to_le_bytes());
    }
    out
}

/// Reads the `slots` column of block `first_seq`.
pub(crate) fn decode_slots(first_seq: i64, bytes: &[u8]) -> Result<Vec<(i64, i64)>, SqliteError> {
    if !bytes.len().is_multiple_of(16) {
        return Err(damaged(
            first_seq,
            "slot list is not whole (seq, id hash) pairs",
        ));
    }
    Ok(bytes
        .chunks_exact(16)
        .map(|pair| {
            let (seq, hash) = pair.split_at(8);
            let word = |b: &[u8]| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
            (word(seq), word(hash))
        })
        .collect())
}

/// Decodes a block's column section.
pub(crate) fn decode_columns(
    first_seq: i64,
    bytes: &[u8],
) -> Result<Vec<SlotRecord<'_>>, SqliteError> {
    block_columns::decode(bytes).map_err(|e| damaged(first_seq, e))
}

/// Parses a block's body section.
pub(crate) fn parse_bodies(first_seq: i64, bytes: &[u8]) -> Result<BlockBodies<'_>, SqliteError> {
    BlockBodies::parse(bytes).map_err(|e| damaged(first_seq, e))
}

/// Decodes a block's summary.
pub(crate) fn decode_summary(first_seq: i64, bytes: &[u8]) -> Result<SummaryView<'_>, SqliteError> {
    SummaryView::parse(bytes).map_err(|e| damaged(first_seq, e))
}

/// What a scoped query asks of each record, compiled against the column section.
#[derive(Debug)]
pub(crate) struct Plan {
    filters: Vec<SlotFilter>,
    /// The compiled filters decide every record: no body needs checking.
    pub exact: bool,
    floor: Option<i64>,
    /// Sign-ins: the event types a kept record may have, when the filters narrow them.
    etypes: Option<i64>,
}

impl Plan {
    pub(crate) fn new(query: &ScopedQuery) -> Plan {
        let kind = query.kind;
        let mut filters = Vec::with_capacity(query.filters.len());
        let mut exact = true;
        for filter in &query.filters {
            let indexed = |path: &str| sql::is_indexed(kind, path);
            // Case-insensitive leaves on lower-cased columns are exact here, as in the
            // summaries' SQL fast path: the compiled filter compares them as the evaluator does.
            let plan = filter.prefilter_plan_for_lowered_columns(&indexed);
            match SlotFilter::compile(kind, &plan.prefilter) {
                Some(compiled) => {
                    exact &= compiled.exact && plan.exact;
                    filters.push(compiled);
                }
                None => exact = false,
            }
        }
        let etypes = match kind {
            LogKind::SignIn => event_types::narrowed(&filters),
            _ => None,
        };
        Plan {
            filters,
            exact,
            floor: query.not_before,
            etypes,
        }
    }

    /// A condition on a block row's `etypes` that drops blocks holding no event type the
    /// plan may keep (empty when the plan keeps every type), to append to a `WHERE`.
    pub(crate) fn etypes_condition(&self) -> String {
        self.etypes
            .map(|mask| format!(" AND (etypes & {mask}) != 0"))
            .unwrap_or_default()
    }

    /// Whether every record passes (no filter at all).
    pub(crate) fn keeps_everything(&self) -> bool {
        self.filters.is_empty() && self.exact
    }

    /// Whether the summarised block may hold a record this plan keeps.
    pub(crate) fn may_keep_any(&self, summary: &SummaryView<'_>) -> bool {
        let (_, newest) = summary.time_range();
        self.floor.is_none_or(|floor| newest >= floor)
            && self.filters.iter().all(|f| f.may_keep_any(summary))
    }

    /// Whether a record at or below `snapshot` passes the retention floor and the compiled
    /// filters (the body may still need checking when the plan is not exact).
    pub(crate) fn holds(&self, slot: &SlotRecord<'_>, snapshot: i64) -> bool {
        slot.seq <= snapshot
            && self.floor.is_none_or(|floor| slot.ts >= floor)
            && self.filters.iter().all(|f| f.holds(slot))
    }
}

/// A block read whole, but for its summary.
pub(crate) struct Held {
    pub first_seq: i64,
    pub tenant: i64,
    pub columns: Vec<u8>,
    pub bodies: Vec<u8>,
}

/// A block read whole, to be written back changed (a purge, or records appended to it).
pub(crate) struct WholeBlock {
    pub first_seq: i64,
    pub last_seq: i64,
    slots: Vec<u8>,
    columns: Vec<u8>,
    bodies: Vec<u8>,
}

/// One record of a [`WholeBlock`]: its column entry, body frame and id hash.
pub(crate) type WholeRecord<'b> = (SlotRecord<'b>, &'b [u8], i64);

impl WholeBlock {
    /// Reads block `first_seq` of `kind`.
    pub(crate) fn read(
        conn: &Connection,
        kind: LogKind,
        first_seq: i64,
    ) -> Result<WholeBlock, SqliteError> {
        let sql = format!(
            "SELECT last_seq, slots, columns, bodies FROM {} WHERE first_seq = ?1",
            statements(kind).table
        );
        let (last_seq, slots, columns, bodies) =
            conn.prepare_cached(&sql)?.query_row([first_seq], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        Ok(WholeBlock {
            first_seq,
            last_seq,
            slots,
            columns,
            bodies,
        })
    }

    /// Its records in order, each with its body frame and id hash; an error when the
    /// sections disagree.
    pub(crate) fn records(&self) -> Result<Vec<WholeRecord<'_>>, SqliteError> {
        let first_seq = self.first_seq;
        let records = decode_columns(first_seq, &self.columns)?;
        let hashes = decode_slots(first_seq, &self.slots)?;
        let bodies = parse_bodies(first_seq, &self.bodies)?;
        if hashes.len() != records.len() || bodies.len() != records.len() {
            return Err(damaged(first_seq, "sections disagree on the record count"));
        }
        (records.into_iter().zip(hashes).enumerate())
            .map(|(index, (record, (_, hash)))| {
                let frame = bodies.get(index).map_err(|e| damaged(first_seq, e))?;
                Ok((record, frame, hash))
            })
            .collect()
    }
}

/// Deletes block `first_seq` of `kind`.
pub(crate) fn delete_block(
    conn: &Connection,
    kind: LogKind,
    first_seq: i64,
) -> Result<(), SqliteError> {
    let sql = format!(
        "DELETE FROM {} WHERE first_seq = ?1",
        statements(kind).table
    );
    conn.prepare_cached(&sql)?.execute([first_seq])?;
    Ok(())
}

/// The block holding `seq`, if any.
pub(crate) fn holding(
    conn: &Connection,
    kind: LogKind,
    seq: i64,
) -> Result<Option<Held>, SqliteError> {
    let found = conn
        .prepare_cached(&statements(kind).holding)?
        .query_row([seq], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Vec<u8>>(3)?,
                row.get::<_, Vec<u8>>(4)?,
            ))
        })
        .optional()?;
    Ok(found
        .filter(|(_, last, ..)| seq <= *last)
        .map(|(first_seq, _, tenant, columns, bodies)| Held {
            first_seq,
            tenant,
            columns,
            bodies,
        }))
}
