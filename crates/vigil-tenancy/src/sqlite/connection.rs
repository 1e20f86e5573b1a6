//! Opening the control database with the data store's choices (WAL, `synchronous=FULL`,
//! a generous busy timeout), and applying its versioned migrations.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::ControlError;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/0002_diagnostic_settings.sql"),
    ),
    (
        3,
        include_str!("../../migrations/0003_delivery_cursors.sql"),
    ),
    (4, include_str!("../../migrations/0004_export_hold.sql")),
];

/// Opens a connection, creating and migrating the database when needed.
pub(crate) fn open(path: &Path) -> Result<Connection, ControlError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: every commit fsyncs the WAL, so a created key or a revocation survives power
    // loss, not only a crash. Control writes are rare; read-audit writes are group-committed.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The request path's connection and the read-audit writer share the file.
    conn.busy_timeout(Duration::from_secs(30))?;
    migrate(&conn)?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> Result<(), ControlError> {
    let newest = MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0);
    if user_version(conn)? == newest {
        return Ok(());
    }
    // IMMEDIATE takes the write lock before reading the version again, so a CLI command and
    // a server opening a fresh database at the same moment migrate it once.
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    if current > newest {
        return Err(ControlError::SchemaTooNew {
            found: current,
            supported: newest,
        });
    }
    for (version, sql) in MIGRATIONS {
        if *version > current {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64, ControlError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}
