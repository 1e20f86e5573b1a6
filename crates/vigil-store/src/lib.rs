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
//!
//! Invariants every backend upholds (checked by the conformance suite in [`testsuite`]):
//! `append` returns only after the whole batch is durable, stores all of it or none of it,
//! and stores a given (tenant, kind, id) once; reads never return another tenant's records;
//! pages follow (time, id) order with no duplicates across a walk, and a walk never sees
//! records appended after it began (the snapshot sequence).

mod error;
mod query;
mod tenant;
#[cfg(feature = "testsuite")]
pub mod testsuite;
mod token;

pub use error::StoreError;
pub use query::{Cursor, Page, PageRequest, ScopedQuery, SortOrder, StoredRecord};
pub use tenant::TenantId;
pub use token::{PageToken, TokenError, TokenKey, order_part};

use vigil_model::{LogKind, ValidatedRecord};

/// What an append did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AppendReport {
    /// Records newly stored.
    pub stored: usize,
    /// Records skipped because a record with the same (tenant, kind, id) already existed or
    /// appeared earlier in the same batch.
    pub duplicates: usize,
}

/// A storage backend.
pub trait Store: Send + Sync + 'static {
    /// Durably appends a batch for one tenant: all or nothing, idempotent on record id.
    /// Returns only after the batch is durable (the caller acknowledges after this).
    fn append(
        &self,
        tenant: &TenantId,
        records: Vec<ValidatedRecord>,
    ) -> Result<AppendReport, StoreError>;

    /// One page of a scoped query in (time, id) order.
    fn page(&self, request: &PageRequest) -> Result<Page, StoreError>;

    /// Number of records matching the query (for `$count=true`).
    fn count(&self, query: &ScopedQuery) -> Result<u64, StoreError>;

    /// One record by id, if it exists in the query's tenant and kind and matches all its filters.
    fn get(&self, query: &ScopedQuery, id: &str) -> Result<Option<StoredRecord>, StoreError>;

    /// Deletes at most `limit` records of `tenant` and `kind` whose event time is before
    /// `before_nanos` (oldest first) and returns how many it deleted. Retention calls it
    /// repeatedly with a small `limit` so a purge never holds the writer for long; it never
    /// deletes a record at or after `before_nanos`, nor one of another tenant or kind.
    fn purge(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        before_nanos: i64,
        limit: usize,
    ) -> Result<usize, StoreError>;

    /// The highest ingest sequence number assigned so far for `kind` (0 when empty); a walk
    /// started now never returns records with a higher sequence.
    fn high_water_mark(&self, kind: LogKind) -> Result<u64, StoreError>;

    /// The secret that signs page tokens; stable for the life of the store.
    fn token_key(&self) -> Result<TokenKey, StoreError>;
}
