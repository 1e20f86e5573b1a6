//! Opening SQLite connections with Vigil's pragmas, and applying migrations.
//!
//! `page_size` must be set before the database switches to WAL, otherwise it stays at
//! 4 KB and a 1-2 KB record body wastes most of a page (docs/benchmarks.md).

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::StoreOptions;
use crate::error::SqliteError;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_planner_stats.sql")),
    (3, include_str!("../migrations/0003_dictionaries.sql")),
    (4, include_str!("../migrations/0004_deferred_id_index.sql")),
    (
        5,
        include_str!("../migrations/0005_time_indexes_without_id.sql"),
    ),
    (
        6,
        include_str!("../migrations/0006_sign_ins_by_user_principal_name.sql"),
    ),
    (7, include_str!("../migrations/0007_blocks.sql")),
    (
        8,
        include_str!("../migrations/0008_block_indexes_with_event_types.sql"),
    ),
];

/// Opens the writer connection, creating and migrating the database when needed.
pub(crate) fn open_writer(path: &Path, options: &StoreOptions) -> Result<Connection, SqliteError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "page_size", 16384)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    apply_common(&conn, options)?;
    migrate(&conn)?;
    Ok(conn)
}

/// Opens a read-only connection.
pub(crate) fn open_reader(path: &Path, options: &StoreOptions) -> Result<Connection, SqliteError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    apply_common(&conn, options)?;
    Ok(conn)
}

fn apply_common(conn: &Connection, options: &StoreOptions) -> Result<(), SqliteError> {
    // FULL makes every commit fsync the WAL: an acknowledged batch survives power loss,
    // not only a process crash. Group commit amortises the fsync.
    let sync = if options.durable { "FULL" } else { "NORMAL" };
    conn.pragma_update(None, "synchronous", sync)?;
    conn.pragma_update(None, "cache_size", -(i64::from(options.cache_mib) * 1024))?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(())
}

fn migrate(conn: &Connection) -> Result<(), SqliteError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (version, sql) in MIGRATIONS {
        if *version <= current {
            continue;
        }
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    let newest = MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0);
    if current > newest {
        return Err(SqliteError::SchemaTooNew {
            found: current,
            supported: newest,
        });
    }
    Ok(())
}

/// Reads a meta value.
pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>, SqliteError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Writes a meta value.
pub(crate) fn meta_put(conn: &Connection, key: &str, value: &[u8]) -> Result<(), SqliteError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}
