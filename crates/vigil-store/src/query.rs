//! The read side of the store contract: scoped queries, page requests and pages.

use serde_json::Value;
use vigil_model::LogKind;
use vigil_query::CheckedFilter;
pub use vigil_query::SortOrder;

use crate::tenant::TenantId;

/// A query that a backend may run: always one tenant, one kind, and every filter that must
/// hold. There is no way to ask a [`crate::Store`] for records without a `ScopedQuery`.
#[derive(Debug, Clone)]
pub struct ScopedQuery {
    /// Whose records.
    pub tenant: TenantId,
    /// Which log.
    pub kind: LogKind,
    /// Filters that must all hold: the client's `$filter`, implicit restrictions (sign-in
    /// event type) and the caller's scope. Empty means every record of the tenant and kind.
    pub filters: Vec<CheckedFilter>,
    /// Time order of the results.
    pub order: SortOrder,
    /// Retention's floor: records whose event time (nanoseconds) is before it are treated as
    /// gone even before the purge deletes them. Not part of a page token's fingerprint — it
    /// moves with the clock while a walk goes on.
    pub not_before: Option<i64>,
}

/// A position in a (time, id) ordered walk: the last record already returned (or scanned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Event time in nanoseconds since the epoch.
    pub time_nanos: i64,
    /// Record id.
    pub id: String,
}

/// One page of a query.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// The query.
    pub query: ScopedQuery,
    /// At most this many records.
    pub size: usize,
    /// Continue strictly after this position; `None` for the first page.
    pub after: Option<Cursor>,
    /// Only records with an ingest sequence at or below this (the walk's snapshot).
    pub snapshot: u64,
}

/// A stored record as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    /// Ingest sequence number (per kind, increasing in commit order).
    pub seq: u64,
    /// Event time in nanoseconds since the epoch.
    pub time_nanos: i64,
    /// Graph id.
    pub id: String,
    /// Canonical JSON (see `vigil_model::ValidatedRecord::body`).
    pub body: Value,
}

/// The result of a [`PageRequest`].
#[derive(Debug, Clone)]
pub struct Page {
    /// Matching records in order.
    pub records: Vec<StoredRecord>,
    /// Where the next page starts, if more records may follow. A backend may stop early
    /// (returning fewer than `size` records, even none) when it has scanned its per-request
    /// budget; the cursor then points at the last scanned position.
    pub next: Option<Cursor>,
}

/// A walk in ingest order (the change feed and export): records of one tenant and kind with
/// an ingest sequence above `after_seq`, in sequence order. The query's `order` is ignored;
/// its filters and retention floor apply.
#[derive(Debug, Clone)]
pub struct ChangeRequest {
    /// The tenant, kind, filters and floor.
    pub query: ScopedQuery,
    /// Continue strictly after this ingest sequence (0 for the beginning).
    pub after_seq: u64,
    /// At most this many records.
    pub size: usize,
}

/// A stored record as its canonical JSON bytes: what export reads, so that it can write each
/// record out without building a tree of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJson {
    /// Ingest sequence number.
    pub seq: u64,
    /// Event time in nanoseconds since the epoch.
    pub time_nanos: i64,
    /// Graph id.
    pub id: String,
    /// Canonical JSON (the serialised [`StoredRecord::body`]).
    pub json: Vec<u8>,
}

/// The result of a [`ChangeRequest`]: records as trees ([`StoredRecord`]) or, from
/// [`crate::Store::changes_json`], as bytes ([`StoredJson`]).
#[derive(Debug, Clone)]
pub struct ChangePage<R = StoredRecord> {
    /// Matching records in ingest order.
    pub records: Vec<R>,
    /// Every record of the tenant and kind with a sequence at or below this has been
    /// considered: the next request may continue after it. At least `after_seq`; above the
    /// last returned record when rows that did not match (or another tenant's) were scanned.
    pub scanned_to: u64,
}
