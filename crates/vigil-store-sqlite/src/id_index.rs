//! The record-id index, kept out of the per-row insert path.
//!
//! Looking a record up by id (idempotent ingest, `/{id}`, `id eq '…'`) needs an index on a
//! hash of the id. Graph ids are random, so such a B-tree takes every insert at a random
//! leaf: a group commit of a few thousand records rewrote hundreds of 16 KB pages for it,
//! and that share grows with the table (docs/benchmarks.md, "Writer I/O").
//!
//! So each table `t` has a side table `t_ids` (id hash, tenant → seq) that the writer fills
//! in sorted runs, many commits at a time ([`Pending::flush`]): the pages a run touches are
//! written once per run instead of once per commit. Until its run is flushed a row is still
//! findable: `id_index_marks` holds the highest `seq` whose entry is in `t_ids`, and every
//! lookup also scans the rows above that mark (a short rowid range, bounded by
//! [`FLUSH_RECORDS`]) through their `id_hash` column. Mark and lookup are read in one
//! statement, hence from one snapshot, so a flush racing a reader can neither hide a record
//! nor show it twice.
//!
//! Invariant: every row with `seq` at or below its table's mark has its `t_ids` entry. A
//! flush writes entries and mark in one transaction; a crash between flushes loses only
//! entries above the mark, which [`recover`] re-creates from the rows when the store opens.

use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::Connection;
use vigil_model::LogKind;

use crate::error::SqliteError;
use crate::layout::Layout;
use crate::schema;

/// Unflushed entries after which the writer flushes a run.
pub(crate) const FLUSH_RECORDS: usize = 65_536;

/// The id statements of one table.
#[derive(Debug)]
pub(crate) struct Statements {
    /// `seq IN (…)` matching rows whose id hash is one of `count` placeholders; see [`id_match`].
    match_prefix: String,
    /// Whether a record with (tenant ?1, id hash ?2, id ?3) is in the side table.
    pub indexed_exists: String,
    /// Whether row `seq` ?1 has id ?2.
    pub row_has_id: String,
    /// One record by (tenant ?1, id hash ?2, id ?3), flushed or not.
    pub get: String,
    /// Adds the entry (id hash ?1, tenant ?2, seq ?3).
    pub insert_entry: String,
    /// Removes the entry (id hash ?1, tenant ?2, seq ?3).
    pub delete_entry: String,
    /// Adds the entries of every row above seq ?1.
    pub reindex_above: String,
    /// Sets the table's mark to its highest `seq`.
    pub advance_mark: String,
    /// Sets the table's mark to the highest `seq` of its blocks (the block layout).
    pub advance_block_mark: String,
    /// The table's mark.
    pub mark: String,
    table: &'static str,
}

/// The statements of `kind`'s table.
pub(crate) fn statements(kind: LogKind) -> &'static Statements {
    static ALL: OnceLock<[Statements; 4]> = OnceLock::new();
    let all = ALL.get_or_init(|| LogKind::ALL.map(build));
    &all[kind.index()]
}

fn build(kind: LogKind) -> Statements {
    let table = schema::spec(kind).table;
    let ids = format!("{table}_ids");
    let mark = format!("SELECT seq FROM id_index_marks WHERE tbl = '{table}'");
    Statements {
        match_prefix: format!(
            "seq IN (SELECT seq FROM {ids} WHERE id_hash IN ({{list}}) \
             UNION ALL SELECT seq FROM {table} WHERE seq > ({mark}) AND id_hash IN ({{list}}))"
        ),
        indexed_exists: format!(
            "SELECT 1 FROM {ids} i JOIN {table} r ON r.seq = i.seq \
             WHERE i.id_hash = ?2 AND i.tenant = ?1 AND r.id = ?3"
        ),
        row_has_id: format!("SELECT 1 FROM {table} WHERE seq = ?1 AND id = ?2"),
        get: format!(
            "SELECT seq, ts, id, body FROM {table} WHERE tenant = ?1 AND id = ?3 AND \
             seq IN (SELECT seq FROM {ids} WHERE id_hash = ?2 \
             UNION ALL SELECT seq FROM {table} WHERE seq > ({mark}) AND id_hash = ?2)"
        ),
        insert_entry: format!(
            "INSERT OR IGNORE INTO {ids} (id_hash, tenant, seq) VALUES (?1, ?2, ?3)"
        ),
        delete_entry: format!("DELETE FROM {ids} WHERE id_hash = ?1 AND tenant = ?2 AND seq = ?3"),
        reindex_above: format!(
            "INSERT OR IGNORE INTO {ids} (id_hash, tenant, seq) \
             SELECT id_hash, tenant, seq FROM {table} WHERE seq > ?1"
        ),
        advance_mark: format!(
            "INSERT INTO id_index_marks (tbl, seq) \
             VALUES ('{table}', (SELECT IFNULL(MAX(seq), 0) FROM {table})) \
             ON CONFLICT (tbl) DO UPDATE SET seq = excluded.seq"
        ),
        advance_block_mark: format!(
            "INSERT INTO id_index_marks (tbl, seq) \
             VALUES ('{table}', (SELECT IFNULL(MAX(last_seq), 0) FROM {table}_blocks)) \
             ON CONFLICT (tbl) DO UPDATE SET seq = excluded.seq"
        ),
        mark,
        table,
    }
}

impl Statements {
    /// The SQL condition matching rows whose id hash is one of `count` values; it takes the
    /// hashes twice, in order (flushed entries, then the unflushed rows).
    pub(crate) fn id_match(&self, count: usize) -> String {
        let list = vec!["?"; count.max(1)].join(", ");
        self.match_prefix.replace("{list}", &list)
    }
}

/// One unflushed entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    kind: usize,
    id_hash: i64,
    tenant: i64,
    seq: i64,
}

/// The writer's entries that are committed (or inside the open transaction) but not yet in
/// the side tables. Only the writer thread touches it.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    by_key: HashMap<(usize, i64, i64), Vec<i64>>,
    entries: Vec<Entry>,
}

impl Pending {
    /// Unflushed entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The rows of (kind, tenant, id hash) that are not flushed yet.
    pub(crate) fn seqs(&self, kind: LogKind, tenant: i64, id_hash: i64) -> &[i64] {
        self.by_key
            .get(&(kind.index(), tenant, id_hash))
            .map_or(&[], Vec::as_slice)
    }

    /// Records a row just inserted.
    pub(crate) fn add(&mut self, kind: LogKind, tenant: i64, id_hash: i64, seq: i64) {
        let kind = kind.index();
        self.by_key
            .entry((kind, tenant, id_hash))
            .or_default()
            .push(seq);
        self.entries.push(Entry {
            kind,
            id_hash,
            tenant,
            seq,
        });
    }

    /// Forgets every entry added after the first `len` (their rows were rolled back).
    pub(crate) fn truncate(&mut self, len: usize) {
        for entry in self.entries.drain(len.min(self.entries.len())..) {
            let key = (entry.kind, entry.tenant, entry.id_hash);
            if let Some(seqs) = self.by_key.get_mut(&key) {
                seqs.retain(|s| *s != entry.seq);
                if seqs.is_empty() {
                    self.by_key.remove(&key);
                }
            }
        }
    }

    /// Writes every entry into the side tables in sorted order and advances the marks, in
    /// one transaction; the entries are dropped only once it committed.
    pub(crate) fn flush(
        &mut self,
        conn: &mut Connection,
        layout: Layout,
    ) -> Result<(), SqliteError> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let mut sorted = self.entries.clone();
        sorted.sort_unstable();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for kind in LogKind::ALL {
            let index = kind.index();
            let stmts = statements(kind);
            let mut insert = tx.prepare_cached(&stmts.insert_entry)?;
            for e in sorted.iter().filter(|e| e.kind == index) {
                insert.execute(rusqlite::params![e.id_hash, e.tenant, e.seq])?;
            }
            let advance = match layout {
                Layout::Rows => &stmts.advance_mark,
                Layout::Blocks => &stmts.advance_block_mark,
            };
            tx.prepare_cached(advance)?.execute([])?;
        }
        tx.commit()?;
        self.entries.clear();
        self.by_key.clear();
        Ok(())
    }
}

/// Re-creates the side-table entries of rows above each mark (left by a crash between
/// flushes) and advances the marks. Runs when the store opens, before the writer starts.
pub(crate) fn recover(conn: &mut Connection, layout: Layout) -> Result<(), SqliteError> {
    if layout == Layout::Blocks {
        return crate::blocks::lookup::recover(conn);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for kind in LogKind::ALL {
        let stmts = statements(kind);
        let mark: i64 = tx.query_row(&stmts.mark, [], |row| row.get(0))?;
        let added = tx.execute(&stmts.reindex_above, [mark])?;
        if added > 0 {
            tracing::info!(
                table = stmts.table,
                added,
                "re-indexed record ids after a restart"
            );
        }
        tx.execute(&stmts.advance_mark, [])?;
    }
    tx.commit()?;
    Ok(())
}
