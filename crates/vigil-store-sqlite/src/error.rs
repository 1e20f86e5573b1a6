//! Errors of the SQLite backend, and their mapping onto the store contract's errors.

use vigil_store::StoreError;

/// A SQLite backend failure.
#[derive(Debug, thiserror::Error)]
pub enum SqliteError {
    /// SQLite itself failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be created or used.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The database was written by a newer Vigil.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew {
        /// Version on disk.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A record could not be prepared for storage.
    #[error("record {id}: {reason}")]
    Encode {
        /// Record id.
        id: String,
        /// What failed.
        reason: String,
    },
    /// A stored block could not be read (a damaged section).
    #[error("block {first_seq}: {reason}")]
    Block {
        /// The block's first sequence number.
        first_seq: i64,
        /// What is wrong with it.
        reason: String,
    },
    /// The database names a layout this build does not know.
    #[error("the database uses the storage layout {0:?}, which this build does not know")]
    UnknownLayout(String),
    /// The writer thread is gone.
    #[error("writer thread stopped")]
    WriterGone,
}

impl From<SqliteError> for StoreError {
    fn from(err: SqliteError) -> StoreError {
        match err {
            SqliteError::WriterGone => StoreError::Closed,
            other => StoreError::Backend(other.to_string()),
        }
    }
}
