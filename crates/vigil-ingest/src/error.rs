//! Why a batch was refused.

use vigil_store::StoreError;

/// One invalid record of a rejected batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Zero-based position of the record in the batch.
    pub index: usize,
    /// Property path inside the record (empty for the record as a whole).
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

/// A refused batch. Nothing of a refused batch is stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The body (as sent) exceeds the limit.
    #[error("request body exceeds {limit} bytes")]
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The gzip body inflates beyond the limit.
    #[error("decompressed body exceeds {limit} bytes")]
    InflatedTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// More records than one batch may carry.
    #[error("batch has {got} records; at most {limit} are accepted per request")]
    TooManyRecords {
        /// The limit.
        limit: usize,
        /// Records sent.
        got: usize,
    },
    /// The body is not gzip, JSON or NDJSON as announced.
    #[error("{0}")]
    Malformed(String),
    /// The batch is empty.
    #[error("batch contains no records")]
    Empty,
    /// Some records failed validation.
    #[error("{invalid_count} record(s) failed validation; first: record {}: {}", errors.first().map_or(0, |e| e.index), errors.first().map_or("", |e| e.reason.as_str()))]
    Invalid {
        /// The first invalid records (at most `MAX_REPORTED_ERRORS`).
        errors: Vec<RecordError>,
        /// How many records were invalid in all.
        invalid_count: usize,
    },
    /// The store failed; the batch was not stored.
    #[error(transparent)]
    Store(#[from] StoreError),
}
