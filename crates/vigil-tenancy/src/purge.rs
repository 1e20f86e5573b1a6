//! The retention purge: for every tenant and log, delete what is older than the tenant's
//! effective retention, in small slices.
//!
//! [`purge_expired`] is one pass over every tenant; the server runs it on a timer (off the
//! async runtime). Each slice is one short write transaction of at most [`PURGE_SLICE`]
//! records, so ingest batches queue behind a slice, never behind a whole purge, and reads
//! (WAL snapshots) are never blocked. The cutoff is computed once per tenant and log from the
//! injected time, so nothing at or after `now - days` is ever deleted.

use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::{PurgeRequest, Store};

use crate::error::ControlError;
use crate::retention::cutoff_nanos;
use crate::store::ControlStore;

/// Records deleted per write transaction.
pub const PURGE_SLICE: usize = 2_000;

/// What one pass deleted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    /// Tenants visited.
    pub tenants: usize,
    /// Records deleted, per log kind in [`LogKind::ALL`] order.
    pub deleted: [usize; 4],
    /// Write transactions used.
    pub slices: usize,
}

impl PurgeReport {
    /// Records deleted in all logs.
    pub fn total(&self) -> usize {
        self.deleted.iter().sum()
    }
}

/// Why a pass stopped early.
#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    /// Reading tenants or retention settings failed.
    #[error("retention settings: {0}")]
    Control(#[from] ControlError),
    /// The activity store refused a purge slice.
    #[error("activity store: {0}")]
    Store(#[from] vigil_store::StoreError),
}

/// Deletes every record older than its tenant's retention, as of `now`. Blocking.
pub fn purge_expired(
    store: &dyn Store,
    control: &dyn ControlStore,
    now: OffsetDateTime,
) -> Result<PurgeReport, PurgeError> {
    let mut report = PurgeReport::default();
    for tenant in control.tenants()? {
        report.tenants += 1;
        for (index, kind) in LogKind::ALL.into_iter().enumerate() {
            let policy = control.effective_retention(&tenant.id, kind)?;
            let before = cutoff_nanos(now, policy.days);
            // Export first: nothing an existing destination has not acknowledged is purged.
            let max_seq = control
                .delivery_floor(&tenant.id, kind)?
                .unwrap_or(u64::MAX);
            loop {
                let deleted = store.purge(&PurgeRequest {
                    tenant: tenant.id.clone(),
                    kind,
                    before_nanos: before,
                    max_seq,
                    limit: PURGE_SLICE,
                })?;
                report.slices += 1;
                report.deleted[index] += deleted;
                if deleted < PURGE_SLICE {
                    break;
                }
            }
        }
    }
    Ok(report)
}
