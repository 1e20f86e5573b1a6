//! The read-audit writer: a thread that owns a connection and group-commits queued entries.
//!
//! `record` checks and converts the entry on the caller's thread and queues it — the
//! request path pays for a channel send, not an fsync. The thread takes everything queued
//! (up to [`MAX_BATCH`]), inserts it in one transaction and commits. `flush` queues a
//! marker and waits until the batch holding it is committed, so it returns once every
//! entry recorded before it is durable.
//!
//! Trade-off: an entry is acknowledged before it is on disk, so a crash can lose the
//! entries of the last moment (one commit's worth, normally well under a millisecond).
//! When the queue is full (the disk cannot keep up), `record` blocks: reads slow down
//! rather than go unrecorded. A batch that fails to commit is logged and its loss reported
//! by the next `flush`.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;

use rusqlite::{Connection, params};

use crate::error::ControlError;
use crate::read_audit::{ReadAuditEntry, unix_nanos};

/// Entries that may wait in the queue before `record` blocks.
const QUEUE_CAPACITY: usize = 16_384;

/// Most entries written in one transaction.
const MAX_BATCH: usize = 2_048;

/// An entry converted to column values.
struct Row {
    tenant: String,
    time_ns: i64,
    caller_oid: String,
    caller_upn: Option<String>,
    app_id: Option<String>,
    method: String,
    path_and_query: String,
    kind: Option<i64>,
    status: i64,
    result_count: i64,
    request_id: String,
}

enum Job {
    Record(Box<Row>),
    Flush(mpsc::Sender<Result<(), String>>),
}

/// Handle on the writer thread.
pub(crate) struct AuditWriter {
    sender: Mutex<Option<SyncSender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl AuditWriter {
    /// Starts the thread on its own connection.
    pub(crate) fn start(conn: Connection) -> Result<AuditWriter, ControlError> {
        let (sender, receiver) = mpsc::sync_channel(QUEUE_CAPACITY);
        let thread = std::thread::Builder::new()
            .name("vigil-read-audit".to_owned())
            .spawn(move || run(conn, &receiver))
            .map_err(|e| ControlError::Backend(Box::new(e)))?;
        Ok(AuditWriter {
            sender: Mutex::new(Some(sender)),
            thread: Mutex::new(Some(thread)),
        })
    }

    fn sender(&self) -> Result<SyncSender<Job>, ControlError> {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or(ControlError::Closed)
    }

    /// Queues one entry.
    pub(crate) fn record(&self, entry: ReadAuditEntry) -> Result<(), ControlError> {
        let row = Row {
            tenant: entry.tenant.as_str().to_owned(),
            time_ns: unix_nanos("read-audit time", entry.time)?,
            caller_oid: entry.caller_oid,
            caller_upn: entry.caller_upn,
            app_id: entry.app_id,
            method: entry.method,
            path_and_query: entry.path_and_query,
            kind: entry.kind.map(|k| k.code()),
            status: i64::from(entry.status),
            result_count: i64::try_from(entry.result_count).unwrap_or(i64::MAX),
            request_id: entry.request_id,
        };
        self.sender()?
            .send(Job::Record(Box::new(row)))
            .map_err(|_| ControlError::Closed)
    }

    /// Waits until everything queued before the call is committed.
    pub(crate) fn flush(&self) -> Result<(), ControlError> {
        let (done, wait) = mpsc::channel();
        self.sender()?
            .send(Job::Flush(done))
            .map_err(|_| ControlError::Closed)?;
        match wait.recv() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(ControlError::Backend(message.into())),
            Err(_) => Err(ControlError::Closed),
        }
    }

    /// Closes the queue, lets the thread write what is left, and joins it.
    pub(crate) fn stop(&self) {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            tracing::error!("read-audit writer thread panicked");
        }
    }
}

fn run(mut conn: Connection, receiver: &Receiver<Job>) {
    let mut lost: usize = 0;
    while let Ok(first) = receiver.recv() {
        let mut rows = Vec::new();
        let mut waiters = Vec::new();
        take(first, &mut rows, &mut waiters);
        while rows.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => take(job, &mut rows, &mut waiters),
                Err(_) => break,
            }
        }
        if !rows.is_empty()
            && let Err(err) = write(&mut conn, &rows)
        {
            lost = lost.saturating_add(rows.len());
            tracing::error!(entries = rows.len(), error = %err, "read-audit entries lost");
        }
        if !waiters.is_empty() {
            let outcome = if lost == 0 {
                Ok(())
            } else {
                Err(format!("{lost} read-audit entries could not be stored"))
            };
            for done in waiters {
                // The waiter may have given up; nothing to do then.
                let _ = done.send(outcome.clone());
            }
            lost = 0;
        }
    }
}

fn take(job: Job, rows: &mut Vec<Row>, waiters: &mut Vec<mpsc::Sender<Result<(), String>>>) {
    match job {
        Job::Record(row) => rows.push(*row),
        Job::Flush(done) => waiters.push(done),
    }
}

fn write(conn: &mut Connection, rows: &[Row]) -> Result<(), rusqlite::Error> {
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO read_audit (tenant_id, time_ns, caller_oid, caller_upn, app_id, method,
                 path_and_query, log_kind, status, result_count, request_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for row in rows {
            insert.execute(params![
                row.tenant,
                row.time_ns,
                row.caller_oid,
                row.caller_upn,
                row.app_id,
                row.method,
                row.path_and_query,
                row.kind,
                row.status,
                row.result_count,
                row.request_id,
            ])?;
        }
    }
    tx.commit()
}
