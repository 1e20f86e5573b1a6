//! Errors a storage backend reports.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend could not be reached, read or written (disk full, I/O error, corruption).
    #[error("storage backend failure: {0}")]
    Backend(String),
    /// The store is shutting down and accepts no more work.
    #[error("store is shutting down")]
    Closed,
    /// A stored record could not be decoded.
    #[error("stored record {id} is unreadable: {reason}")]
    Corrupt {
        /// Record id.
        id: String,
        /// What failed.
        reason: String,
    },
}
