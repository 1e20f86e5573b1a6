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

use crossbeam_channel::Receiver;
use rusqlite::{Connection, OptionalExtension, ToSql, params_from_iter};
use vigil_store::{AppendReport, PurgeRequest, TenantId};

use crate::dictionary::Trained;
use crate::error::SqliteError;
use crate::prepare::PreparedRow;
use crate::schema;

/// Most records one group commit takes before committing.
const GROUP_COMMIT_RECORDS: usize = 50_000;

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
) {
    let mut tenants: HashMap<String, i64> = HashMap::new();
    let mut pending: Option<Message> = None;
    loop {
        let first = match pending.take() {
            Some(message) => message,
            None => match messages.recv() {
                Ok(message) => message,
                Err(_) => return,
            },
        };
        let first = match first {
            Message::Append(job) => job,
            Message::Dictionary { trained, reply } => {
                let _ = reply.send(store_dictionary(&mut conn, &trained));
                continue;
            }
            Message::Purge { request, reply } => {
                let _ = reply.send(purge(&mut conn, &request));
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
        commit_group(&mut conn, &mut tenants, group, &appended);
    }
}

fn purge(conn: &mut Connection, request: &PurgeRequest) -> Result<usize, SqliteError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(key) = crate::read::tenant_key(&tx, request.tenant.as_str())? else {
        return Ok(0);
    };
    let limit = i64::try_from(request.limit).unwrap_or(i64::MAX);
    let max_seq = i64::try_from(request.max_seq).unwrap_or(i64::MAX);
    let deleted = tx
        .prepare_cached(schema::spec(request.kind).purge_sql)?
        .execute(rusqlite::params![key, request.before_nanos, limit, max_seq])?;
    tx.commit()?;
    Ok(deleted)
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

/// Commits a group and answers its callers; returns how many records were stored.
/// Commits a group of append jobs in one transaction, each in its own savepoint. When
/// anything was stored, the append watch is bumped after `COMMIT` and before any caller hears
/// back, so that whoever saw an acknowledgement also sees the bump.
fn commit_group(
    conn: &mut Connection,
    tenants: &mut HashMap<String, i64>,
    group: Vec<Job>,
    appended: &tokio::sync::watch::Sender<u64>,
) {
    let mut outcomes: Vec<Result<AppendReport, SqliteError>> = Vec::with_capacity(group.len());
    let tx_result = (|| -> Result<(), SqliteError> {
        let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
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
            match write_job(&sp, tenant, job) {
                Ok(report) => {
                    sp.commit()?;
                    outcomes.push(Ok(report));
                }
                Err(err) => {
                    sp.rollback()?;
                    drop(sp);
                    outcomes.push(Err(err));
                }
            }
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
            // Tenant keys interned in the rolled-back transaction are gone again.
            tenants.clear();
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

fn write_job(conn: &Connection, tenant: i64, job: &Job) -> Result<AppendReport, SqliteError> {
    let mut report = AppendReport::default();
    let mut seen: HashSet<(vigil_model::LogKind, &str)> = HashSet::with_capacity(job.rows.len());
    for row in &job.rows {
        if !seen.insert((row.kind, row.id.as_str())) || exists(conn, tenant, row)? {
            report.duplicates += 1;
            continue;
        }
        insert(conn, tenant, row)?;
        report.stored += 1;
    }
    Ok(report)
}

fn exists(conn: &Connection, tenant: i64, row: &PreparedRow) -> Result<bool, SqliteError> {
    let sql = schema::spec(row.kind).exists_sql;
    let mut stmt = conn.prepare_cached(sql)?;
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
