//! The two ways a store keeps its records, and which one a database uses.
//!
//! - [`Layout::Rows`]: one SQLite row per record with B-tree indexes (the first layout;
//!   databases created before the block layout keep it).
//! - [`Layout::Blocks`]: one row per block of up to 256 records (`blocks.rs`), the default
//!   for new databases: the writer's cost per record is a share of one blob insert.
//!
//! The choice is made once, when a database is created, and kept in `meta.layout`; a
//! database that already holds rows and has no such entry predates the choice and is `Rows`.

use rusqlite::Connection;
use vigil_model::LogKind;

use crate::connection::{meta_get, meta_put};
use crate::error::SqliteError;
use crate::schema;

/// How records are laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One row per record.
    Rows,
    /// One row per block of records.
    #[default]
    Blocks,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Rows => "rows",
            Layout::Blocks => "blocks",
        }
    }
}

/// The layout of the database behind `conn`: the recorded one, else `Rows` when rows exist,
/// else `wanted`, which is then recorded.
pub(crate) fn settle(conn: &Connection, wanted: Layout) -> Result<Layout, SqliteError> {
    if let Some(bytes) = meta_get(conn, "layout")? {
        let name = String::from_utf8_lossy(&bytes).into_owned();
        return [Layout::Rows, Layout::Blocks]
            .into_iter()
            .find(|l| l.name() == name)
            .ok_or(SqliteError::UnknownLayout(name));
    }
    let mut has_rows = false;
    for kind in LogKind::ALL {
        let table = schema::spec(kind).table;
        has_rows |= conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
            r.get::<_, bool>(0)
        })?;
    }
    let layout = if has_rows { Layout::Rows } else { wanted };
    meta_put(conn, "layout", layout.name().as_bytes())?;
    Ok(layout)
}
