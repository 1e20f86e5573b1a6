//! The single writer thread and its group commit.
//!
//! Callers prepare rows on their own threads and send a [`Job`] (one ingest batch) over a
//! bounded channel. The writer takes every job waiting, writes them in one transaction (each
//! job inside its own savepoint, so one failing batch never takes another with it), commits
//! (fsync with `synchronous=FULL`), and only then answers each caller. A batch is therefore
//! acknowledged only once durable, and is stored wholly or not at all.

use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::mpsc::SyncSender;

use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError};
use rusqlite::{Connection, OptionalExtension, ToSql, params_from_iter};
use vigil_store::{AppendReport, PurgeRequest, TenantId};

use crate::blocks::write::{BlockWriter, GroupRows};
use crate::dictionary::Trained;
use crate::error::SqliteError;
use crate::id_filter::Membership;
use crate::id_index::{self, FLUSH_RECORDS, Pending};
use crate::layout::Layout;
use crate::prepare::PreparedRow;
use crate::schema;

/// Most records one group commit takes before committing.
const GROUP_COMMIT_RECORDS: usize = 50_000;
/// How long the writer waits idle before flushing unflushed id entries.
const IDLE_FLUSH: Duration = Duration::from_millis(250);

/// What the writer thread is asked to do.
pub(crate) enum Message {
    /// Append one batch.
    Append(Job),
    /// Delete expired records (one small transaction of its own).
    Purge {
        request: PurgeRequest,
        reply: SyncSender<Result<usize, SqliteError>>,
    },
    /// Store a trained dictionary (committed on its own, before any frame uses it).
    Dictionary {
        trained: Trained,
        reply: SyncSender<Result<(), SqliteError>>,
    },
}

/// One batch to append.
pub(crate) struct Job {
    pub tenant: TenantId,
    pub rows: Vec<PreparedRow>,
    pub reply: SyncSender<Result<AppendReport, SqliteError>>,
}

/// Runs until every sender is dropped.
/// `appended` is bumped after every commit that stored at least one record.
pub(crate) fn run(
    mut conn: Connection,
    messages: Receiver<Message>,
    appended: tokio::sync::watch::Sender<u64>,
    mut membership: Membership,
    layout: Layout,
) {
    let mut tenants: HashMap<String, i64> = HashMap::new();
    let mut ids = Pending::default();
    let mut blocks = BlockWriter::default();
    let mut pending: Option<Message> = None;
    loop {
        let first = match pending.take() {
            Some(message) => message,
            None => match next_message(&messages, &mut conn, &mut ids, layout) {
                Some(message) => message,
                None => {
                    flush_ids(&mut conn, &mut ids, layout);
                    return;
                }
            },
        };
        let first = match first {
            Message::Append(job) => job,
            Message::Dictionary { trained, reply } => {
                let _ = reply.send(store_dictionary(&mut conn, &trained));
                continue;
            }
            Message::Purge { request, reply } => {
                // Entries of the rows a purge deletes must not be flushed afterwards.
                let result = ids.flush(&mut conn, layout).and_then(|()| match layout {
                    Layout::Rows => purge(&mut conn, &request),
                    Layout::Blocks => crate::blocks::purge::purge(&mut conn, &request),
                });
                let _ = reply.send(result);
                continue;
            }
        };
        let mut group = vec![first];
        let mut records = group.iter().map(|j| j.rows.len()).sum::<usize>();
        while records < GROUP_COMMIT_RECORDS {
            match messages.try_recv() {
                Ok(Message::Append(job)) => {
                    records += job.rows.len();
                    group.push(job);
                }
                Ok(other) => {
                    pending = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        membership.poll();
        let mut state = GroupState {
            tenants: &mut tenants,
            ids: &mut ids,
            membership: &mut membership,
            blocks: match layout {
                Layout::Rows => None,
                Layout::Blocks => Some(&mut blocks),
            },
        };
        commit_group(&mut conn, &mut state, group, &appended);
        if ids.len() >= FLUSH_RECORDS {
            flush_ids(&mut conn, &mut ids, layout);
        }
    }
}

/// The next message; while none arrives for [`IDLE_FLUSH`], the id entries are flushed.
/// `None` once every sender is gone.
fn next_message(
    messages: &Receiver<Message>,
    conn: &mut Connection,
    ids: &mut Pending,
    layout: Layout,
) -> Option<Message> {
    loop {
        match messages.recv_timeout(IDLE_FLUSH) {
            Ok(message) => return Some(message),
            Err(RecvTimeoutError::Timeout) => flush_ids(conn, ids, layout),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Flushes the id entries; a failure keeps them for the next attempt (lookups still find
/// their rows above the mark).
fn flush_ids(conn: &mut Connection, ids: &mut Pending, layout: Layout) {
    if let Err(err) = ids.flush(conn, layout) {
        tracing::warn!(error = %err, pending = ids.len(), "could not flush the id index");
    }
}

fn purge(conn: &mut Connection, request: &PurgeRequest) -> Result<usize, SqliteError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(key) = crate::read::tenant_key(&tx, request.tenant.as_str())? else {
        return Ok(0);
    };
    let limit = i64::try_from(request.limit).unwrap_or(i64::MAX);
    let max_seq = i64::try_from(request.max_seq).unwrap_or(i64::MAX);
    let spec = schema::spec(request.kind);
    let doomed: Vec<(i64, i64)> = tx
        .prepare_cached(spec.purge_sql)?
        .query_map(
            rusqlite::params![key, request.before_nanos, limit, max_seq],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    {
        let stmts = id_index::statements(request.kind);
        let mut entry = tx.prepare_cached(&stmts.delete_entry)?;
        let mut row = tx.prepare_cached(&format!("DELETE FROM {} WHERE seq = ?1", spec.table))?;
        for (seq, id_hash) in &doomed {
            entry.execute(rusqlite::params![id_hash, key, seq])?;
            row.execute([seq])?;
        }
    }
    tx.commit()?;
    Ok(doomed.len())
}

fn store_dictionary(conn: &mut Connection, trained: &Trained) -> Result<(), SqliteError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO dictionaries (dict_id, kind, created, bytes) \
         VALUES (?1, ?2, (SELECT COALESCE(MAX(created), 0) + 1 FROM dictionaries), ?3)",
        rusqlite::params![i64::from(trained.id), trained.kind.code(), trained.bytes],
    )?;
    tx.commit()?;
    Ok(())
}

/// Commits a group of append jobs in one transaction, each in its own savepoint. When
/// anything was stored, the append watch is bumped after `COMMIT` and before any caller hears
/// back, so that whoever saw an acknowledgement also sees the bump.
/// What a group commit works with besides its jobs.
struct GroupState<'w> {
    tenants: &'w mut HashMap<String, i64>,
    ids: &'w mut Pending,
    membership: &'w mut Membership,
    /// The block layout's writer; `None` for the row layout.
    blocks: Option<&'w mut BlockWriter>,
}

fn commit_group(
    conn: &mut Connection,
    state: &mut GroupState<'_>,
    group: Vec<Job>,
    appended: &tokio::sync::watch::Sender<u64>,
) {
    let GroupState {
        tenants,
        ids,
        membership,
        blocks,
    } = state;
    let group_start = ids.len();
    let mut outcomes: Vec<Result<AppendReport, SqliteError>> = Vec::with_capacity(group.len());
    let tx_result = (|| -> Result<(), SqliteError> {
        let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut gathered = GroupRows::default();
        for job in &group {
            // The tenant is interned outside the job's savepoint so that a rolled-back job
            // cannot leave a cached key whose row no longer exists.
            let tenant = match tenant_key(&tx, tenants, &job.tenant) {
                Ok(key) => key,
                Err(err) => {
                    outcomes.push(Err(err));
                    continue;
                }
            };
            let mut sp = tx.savepoint()?;
            let (job_start, gathered_start) = (ids.len(), gathered.len());
            let written = match blocks {
                None => write_job(&sp, tenant, job, ids, membership),
                Some(writer) => {
                    writer.gather(&sp, tenant, &job.rows, &mut gathered, ids, membership)
                }
            };
            match written {
                Ok(report) => {
                    sp.commit()?;
                    outcomes.push(Ok(report));
                }
                Err(err) => {
                    sp.rollback()?;
                    drop(sp);
                    ids.truncate(job_start);
                    gathered.truncate(gathered_start);
                    outcomes.push(Err(err));
                }
            }
        }
        if let Some(writer) = blocks {
            writer.write(&tx, gathered, ids, membership)?;
        }
        tx.commit()?;
        Ok(())
    })();
    match tx_result {
        Ok(()) => {
            let stored: usize = outcomes
                .iter()
                .map(|o| o.as_ref().map_or(0, |r| r.stored))
                .sum();
            if stored > 0 {
                appended.send_modify(|n| *n = n.wrapping_add(1));
            }
            for (job, outcome) in group.into_iter().zip(outcomes) {
                // A caller that gave up waiting is no reason to stop the writer.
                let _ = job.reply.send(outcome);
            }
        }
        Err(err) => {
            tracing::error!(error = %err, "group commit failed; no batch of the group was stored");
            // Tenant keys interned, rows inserted and sequence numbers handed out in the
            // rolled-back transaction are gone.
            tenants.clear();
            if let Some(writer) = blocks {
                writer.forget();
            }
            ids.truncate(group_start);
            let message = err.to_string();
            for job in group {
                let _ = job.reply.send(Err(SqliteError::Encode {
                    id: String::new(),
                    reason: message.clone(),
                }));
            }
        }
    }
}

fn write_job(
    conn: &Connection,
    tenant: i64,
    job: &Job,
    ids: &mut Pending,
    membership: &mut Membership,
) -> Result<AppendReport, SqliteError> {
    let mut report = AppendReport::default();
    let mut seen: HashSet<(vigil_model::LogKind, &str)> = HashSet::with_capacity(job.rows.len());
    for row in &job.rows {
        // The filter's "absent" is certain; only a "maybe" needs the lookup in SQLite.
        let stored = !seen.insert((row.kind, row.id.as_str()))
            || (membership.may_contain(row.kind, row.id_hash) && exists(conn, tenant, row, ids)?);
        if stored {
            report.duplicates += 1;
            continue;
        }
        insert(conn, tenant, row)?;
        membership.add(row.kind, row.id_hash);
        ids.add(row.kind, tenant, row.id_hash, conn.last_insert_rowid());
        report.stored += 1;
    }
    Ok(report)
}

/// Whether (tenant, kind, id) is stored: among the unflushed rows (committed or earlier in
/// this transaction) or in the side table.
fn exists(
    conn: &Connection,
    tenant: i64,
    row: &PreparedRow,
    ids: &Pending,
) -> Result<bool, SqliteError> {
    let stmts = id_index::statements(row.kind);
    let unflushed = ids.seqs(row.kind, tenant, row.id_hash);
    if !unflushed.is_empty() {
        let mut has_id = conn.prepare_cached(&stmts.row_has_id)?;
        for seq in unflushed {
            if has_id
                .query_row(rusqlite::params![seq, row.id], |_| Ok(()))
                .optional()?
                .is_some()
            {
                return Ok(true);
            }
        }
    }
    let mut stmt = conn.prepare_cached(&stmts.indexed_exists)?;
    Ok(stmt
        .query_row(rusqlite::params![tenant, row.id_hash, row.id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn insert(conn: &Connection, tenant: i64, row: &PreparedRow) -> Result<(), SqliteError> {
    let spec = schema::spec(row.kind);
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(row.columns.len() + 6);
    values.push(&tenant);
    values.push(&row.ts);
    values.push(&row.id);
    values.push(&row.id_hash);
    if let Some(etype) = &row.etype {
        values.push(etype);
    }
    values.extend(row.columns.iter().map(|v| v as &dyn ToSql));
    values.push(&row.body);
    let mut stmt = conn.prepare_cached(spec.insert_sql)?;
    stmt.execute(params_from_iter(values))?;
    Ok(())
}

fn tenant_key(
    conn: &Connection,
    cache: &mut HashMap<String, i64>,
    tenant: &TenantId,
) -> Result<i64, SqliteError> {
    if let Some(key) = cache.get(tenant.as_str()) {
        return Ok(*key);
    }
    conn.execute(
        "INSERT OR IGNORE INTO tenants (tenant_id) VALUES (?1)",
        [tenant.as_str()],
    )?;
    let key: i64 = conn.query_row(
        "SELECT tenant_key FROM tenants WHERE tenant_id = ?1",
        [tenant.as_str()],
        |r| r.get(0),
    )?;
    cache.insert(tenant.as_str().to_owned(), key);
    Ok(key)
}
