//! The ingest pipeline: bytes from a producer → durable records.
//!
//! 1. [`decode`]: gzip (optional) with a cap on the inflated size, then a JSON array, NDJSON,
//!    or a Graph list response (`{"value": [...]}`) — so a saved Graph page can be replayed;
//! 2. [`validate_batch`]: every record through `vigil_model::validate_json`; any invalid record
//!    rejects the whole batch, and the error names each bad record's index and reason;
//!    [`validate_and_stage`] also hands each valid record to the store's `stage` on the same
//!    worker, so the store's per-record work (compression, columns) is done, and the record's
//!    canonical JSON dropped, before the rest of the batch is;
//! 3. [`Ingestor::ingest`]: appends the batch through the store, which answers only once
//!    the batch is durable. Only then does the caller acknowledge.
//!
//! Nothing here knows HTTP; the API maps [`IngestError`] onto Graph-shaped responses.

mod decode;
mod error;

use std::sync::Arc;

use serde_json::Value;
use vigil_model::{LogKind, ValidatedRecord, ValidationError};
use vigil_store::{AppendReport, Staged, Store, TenantId};

pub use decode::{Decoded, Encoding, decode};
pub use error::{IngestError, RecordError};

/// Size limits for one ingest request.
#[derive(Debug, Clone, Copy)]
pub struct IngestLimits {
    /// Largest request body as sent (possibly gzip-compressed), in bytes.
    pub max_body_bytes: usize,
    /// Largest body after gzip inflation, in bytes.
    pub max_inflated_bytes: usize,
    /// Most records in one batch.
    pub max_records: usize,
}

impl Default for IngestLimits {
    fn default() -> Self {
        IngestLimits {
            max_body_bytes: 64 << 20,
            max_inflated_bytes: 256 << 20,
            max_records: 100_000,
        }
    }
}

/// How many invalid records one rejection lists at most.
pub const MAX_REPORTED_ERRORS: usize = 50;

/// What an accepted batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestReport {
    /// Records in the batch.
    pub received: usize,
    /// Records newly stored.
    pub stored: usize,
    /// Records already present (same id), not stored again.
    pub duplicates: usize,
}

/// Validates every serialised record of a batch; all must pass.
pub fn validate_batch(
    kind: LogKind,
    records: Vec<&[u8]>,
) -> Result<Vec<ValidatedRecord>, IngestError> {
    collect_valid(validate_parallel(records, move |r| {
        vigil_model::validate::validate_json(kind, r)
    }))
}

/// Validates every parsed record of a batch; all must pass.
pub fn validate_values(
    kind: LogKind,
    records: Vec<Value>,
) -> Result<Vec<ValidatedRecord>, IngestError> {
    collect_valid(validate_parallel(records, move |r| {
        vigil_model::validate(kind, r)
    }))
}

/// Validates every serialised record of a batch and hands each valid one straight to
/// `store`'s [`Store::stage`] on the same worker thread. All must pass; a store error fails
/// the batch.
pub fn validate_and_stage(
    store: &dyn Store,
    kind: LogKind,
    records: Vec<&[u8]>,
) -> Result<Vec<Staged>, IngestError> {
    let plan = store.capture_plan(kind);
    let plan = plan.as_deref();
    let results = validate_parallel(records, |r| {
        let record = vigil_model::validate::validate_json_capturing(kind, r, plan)?;
        Ok(store.stage(record))
    });
    // Invalid records are reported first; then the first store error fails the batch.
    let staged: Result<Vec<Staged>, _> = collect_valid(results)?.into_iter().collect();
    Ok(staged?)
}

/// The valid results in order, or every invalid record's index and reason.
fn collect_valid<T>(results: Vec<Result<T, ValidationError>>) -> Result<Vec<T>, IngestError> {
    let mut valid = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let mut invalid_count = 0usize;
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Ok(record) => valid.push(record),
            Err(err) => {
                invalid_count += 1;
                if errors.len() < MAX_REPORTED_ERRORS {
                    errors.push(RecordError {
                        index,
                        path: err.path,
                        reason: err.reason,
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(IngestError::Invalid {
            errors,
            invalid_count,
        })
    }
}

/// Validation is the CPU-heavy step of ingest; large batches are split across threads.
/// Results keep the input order.
fn validate_parallel<T, R, F>(records: Vec<T>, check: F) -> Vec<Result<R, ValidationError>>
where
    T: Send,
    R: Send,
    F: Fn(T) -> Result<R, ValidationError> + Sync,
{
    // Below 500 records per thread, spawning costs more than it saves.
    vigil_store::parallel::map_in_order(records, 500, check).unwrap_or_else(|_| {
        // A panic inside validation is a bug; fail the batch rather than abort.
        vec![Err(ValidationError::new(
            "",
            "internal error while validating",
        ))]
    })
}

/// Runs batches into a store.
#[derive(Clone)]
pub struct Ingestor {
    store: Arc<dyn Store>,
    limits: IngestLimits,
}

impl std::fmt::Debug for Ingestor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ingestor")
            .field("limits", &self.limits)
            .finish()
    }
}

impl Ingestor {
    /// An ingestor writing to `store`.
    pub fn new(store: Arc<dyn Store>, limits: IngestLimits) -> Ingestor {
        Ingestor { store, limits }
    }

    /// The limits in force.
    pub fn limits(&self) -> IngestLimits {
        self.limits
    }

    /// Decodes, validates and durably appends one batch. Blocking.
    pub fn ingest(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        body: &[u8],
        encoding: Encoding,
    ) -> Result<IngestReport, IngestError> {
        let decoded = decode(body, encoding, &self.limits)?;
        let received = decoded.len();
        let staged = validate_and_stage(self.store.as_ref(), kind, decoded.records())?;
        self.append(tenant, received, staged)
    }

    /// Validates and durably appends already-parsed records. Blocking.
    pub fn ingest_values(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        records: Vec<Value>,
    ) -> Result<IngestReport, IngestError> {
        if records.len() > self.limits.max_records {
            return Err(IngestError::TooManyRecords {
                limit: self.limits.max_records,
                got: records.len(),
            });
        }
        let received = records.len();
        let valid = validate_values(kind, records)?;
        let staged = valid.into_iter().map(Staged::Validated).collect();
        self.append(tenant, received, staged)
    }

    fn append(
        &self,
        tenant: &TenantId,
        received: usize,
        staged: Vec<Staged>,
    ) -> Result<IngestReport, IngestError> {
        let AppendReport { stored, duplicates } = self.store.append_staged(tenant, staged)?;
        Ok(IngestReport {
            received,
            stored,
            duplicates,
        })
    }
}
