//! The raw-insert ceiling for benchmarks: how fast plain SQLite, with the same pragmas as
//! the store, inserts the same bytes into a table with no index and no processing.

use std::path::Path;
use std::time::Instant;

use rusqlite::params;

use crate::StoreOptions;
use crate::connection;
use crate::error::SqliteError;

/// Inserts `bodies` into a fresh `raw.db` in `dir`, `batch` rows per transaction, and
/// returns rows per second.
pub fn raw_insert_rate(
    dir: &Path,
    bodies: &[Vec<u8>],
    batch: usize,
    options: &StoreOptions,
) -> Result<f64, SqliteError> {
    let path = dir.join("raw-ceiling.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = connection::open_writer(&path, options)?;
    conn.execute_batch("CREATE TABLE raw (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)")?;
    let started = Instant::now();
    for chunk in bodies.chunks(batch.max(1)) {
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("INSERT INTO raw (body) VALUES (?1)")?;
            for body in chunk {
                stmt.execute(params![body])?;
            }
        }
        tx.commit()?;
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(bodies.len() as f64 / secs)
}
