//! Storage contracts shared by every backend.
//!
//! - [`Store`]: the trait the API and ingest layers use. It is blocking (backends run their
//!   own threads or pools; async callers use `spawn_blocking`), so a PostgreSQL backend can be
//!   added beside SQLite without touching any caller.
//! - [`ScopedQuery`]: the only way to read. It always names a tenant and a log kind, and
//!   carries every filter that must hold (the client's `$filter`, the implicit sign-in event
//!   type, and later the caller's access scope), all of which a backend must apply.
//! - [`PageToken`]: the opaque, signed `$skiptoken` for keyset paging on (time, id).
//! - [`TenantId`]: a validated tenant GUID.
//! - [`parallel`]: batch work spread over the cores, results in order.
//! - [`Staged`]: a record on its way into [`Store::append_staged`], possibly already in the
//!   backend's write form ([`Store::stage`]).
//! - [`summary`]: [`SummaryRequest`] / [`SummaryRow`] for [`Store::summarize`] — counts per
//!   time bucket and key by outcome, with the reference computation ([`summary::Aggregator`]).
//!
//! Invariants every backend upholds (checked by the conformance suite in [`testsuite`]):
//! `append` returns only after the whole batch is durable, stores all of it or none of it,
//! and stores a given (tenant, kind, id) once; reads never return another tenant's records;
//! pages follow (time, id) order with no duplicates across a walk, and a walk never sees
//! records appended after it began (the snapshot sequence).

mod error;
pub mod parallel;
mod query;
mod staged;
pub mod summary;
mod tenant;
#[cfg(feature = "testsuite")]
pub mod testsuite;
#[cfg(feature = "testsuite")]
mod testsuite_changes;
#[cfg(feature = "testsuite")]
mod testsuite_summaries;
mod token;

pub use error::StoreError;
pub use query::{
    ChangePage, ChangeRequest, Cursor, Page, PageRequest, ScopedQuery, SortOrder, StoredJson,
    StoredRecord,
};
pub use staged::{PreparedRecord, Staged};
pub use summary::{Dimension, Interval, SummaryRequest, SummaryRow};
pub use tenant::TenantId;
pub use token::{PageToken, TokenError, TokenKey, order_part};

use std::sync::Arc;

use vigil_model::validate::CapturePlan;
use vigil_model::{LogKind, ValidatedRecord};

/// Receives a new value after every commit that stored records (see
/// [`Store::watch_appends`]). The value itself only ever changes; wait with `changed()`.
pub type AppendWatch = tokio::sync::watch::Receiver<u64>;

/// What an append did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AppendReport {
    /// Records newly stored.
    pub stored: usize,
    /// Records skipped because a record with the same (tenant, kind, id) already existed or
    /// appeared earlier in the same batch.
    pub duplicates: usize,
}

/// What [`Store::purge`] may delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeRequest {
    /// Whose records.
    pub tenant: TenantId,
    /// Which log.
    pub kind: LogKind,
    /// Only records whose event time (nanoseconds) is before this.
    pub before_nanos: i64,
    /// Only records whose ingest sequence is at most this (`u64::MAX`: no bound).
    pub max_seq: u64,
    /// At most this many records.
    pub limit: usize,
}

/// A storage backend.
pub trait Store: Send + Sync + 'static {
    /// Durably appends a batch for one tenant: all or nothing, idempotent on record id.
    /// Returns only after the batch is durable (the caller acknowledges after this).
    fn append_staged(
        &self,
        tenant: &TenantId,
        records: Vec<Staged>,
    ) -> Result<AppendReport, StoreError>;

    /// [`Store::append_staged`] for records straight from validation.
    fn append(
        &self,
        tenant: &TenantId,
        records: Vec<ValidatedRecord>,
    ) -> Result<AppendReport, StoreError> {
        self.append_staged(tenant, records.into_iter().map(Staged::Validated).collect())
    }

    /// The backend's per-record write work, done on the caller's thread as soon as `record`
    /// validated (ingest calls it on the worker that validated the record, so the record's
    /// JSON can be dropped before the rest of the batch is done). Whatever it returns is only
    /// ever handed back to this backend's [`Store::append_staged`]. The default leaves all the
    /// work to `append_staged`.
    fn stage(&self, record: ValidatedRecord) -> Result<Staged, StoreError> {
        Ok(Staged::Validated(record))
    }

    /// The properties this backend copies out of each record of `kind`, as a plan that
    /// validation can follow while it writes the canonical JSON
    /// ([`vigil_model::validate::validate_json_capturing`]). Records appended with
    /// [`ValidatedRecord::captured`] from this plan are not scanned again. `None` (the default):
    /// the backend reads what it needs itself.
    fn capture_plan(&self, kind: LogKind) -> Option<Arc<CapturePlan>> {
        let _ = kind;
        None
    }

    /// One page of a scoped query in (time, id) order.
    fn page(&self, request: &PageRequest) -> Result<Page, StoreError>;

    /// Number of records matching the query (for `$count=true`).
    fn count(&self, query: &ScopedQuery) -> Result<u64, StoreError>;

    /// Counts of the query's records per time bucket and key, split by outcome: the
    /// aggregation behind the portal's charts. The semantics (which records, buckets, keys,
    /// labels, `top`, row order) are defined by [`summary::Aggregator`]; a backend may compute
    /// them another way but must answer the same rows.
    fn summarize(&self, request: &SummaryRequest) -> Result<Vec<SummaryRow>, StoreError>;

    /// One record by id, if it exists in the query's tenant and kind and matches all its filters.
    fn get(&self, query: &ScopedQuery, id: &str) -> Result<Option<StoredRecord>, StoreError>;

    /// Records in ingest order after a sequence number (see [`ChangeRequest`]). A backend
    /// may stop early after scanning its per-request budget; `scanned_to` then says how far
    /// it got. Records become visible here in sequence order: once a record with sequence
    /// `n` is returned, no record with a lower sequence can appear later.
    fn changes(&self, request: &ChangeRequest) -> Result<ChangePage, StoreError>;

    /// [`Store::changes`] with each record as its canonical JSON bytes: the same records and
    /// `scanned_to`. Export reads this way. The default serialises what `changes` returns; a
    /// backend that stores bytes should hand them over without building trees.
    fn changes_json(&self, request: &ChangeRequest) -> Result<ChangePage<StoredJson>, StoreError> {
        let page = self.changes(request)?;
        let records = page
            .records
            .into_iter()
            .map(|record| {
                let json = serde_json::to_vec(&record.body).map_err(|e| StoreError::Corrupt {
                    id: record.id.clone(),
                    reason: e.to_string(),
                })?;
                Ok(StoredJson {
                    seq: record.seq,
                    time_nanos: record.time_nanos,
                    id: record.id,
                    json,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(ChangePage {
            records,
            scanned_to: page.scanned_to,
        })
    }

    /// How many records of `tenant` and `kind` have an ingest sequence above `after_seq`
    /// (an export destination's backlog).
    fn count_after(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        after_seq: u64,
    ) -> Result<u64, StoreError>;

    /// Deletes at most `limit` records of `tenant` and `kind` whose event time is before
    /// `before_nanos` and whose ingest sequence is at most `max_seq` (oldest first) and
    /// returns how many it deleted. Retention calls it repeatedly with a small `limit` so a
    /// purge never holds the writer for long; it never deletes a record at or after
    /// `before_nanos`, one above `max_seq` (export has not delivered it yet), nor one of
    /// another tenant or kind.
    fn purge(&self, request: &PurgeRequest) -> Result<usize, StoreError>;

    /// The highest ingest sequence number assigned so far for `kind` (0 when empty); a walk
    /// started now never returns records with a higher sequence.
    fn high_water_mark(&self, kind: LogKind) -> Result<u64, StoreError>;

    /// A counter the store bumps after every commit that stored records; long-polling
    /// readers (the change feed, export workers) wait on it instead of polling.
    fn watch_appends(&self) -> AppendWatch;

    /// The secret that signs page tokens; stable for the life of the store.
    fn token_key(&self) -> Result<TokenKey, StoreError>;
}
