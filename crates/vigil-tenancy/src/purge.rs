//! The retention purge: for every tenant and log, delete what is older than the tenant's
//! effective retention, in small slices.
//!
//! [`purge_expired`] is one pass over every tenant; the server runs it on a timer (off the
//! async runtime). Each slice is one short write transaction of at most [`PURGE_SLICE`]
//! records, so ingest batches queue behind a slice, never behind a whole purge, and reads
//! (WAL snapshots) are never blocked. The cutoff is computed once per tenant and log from the
//! injected time, so nothing at or after `now - days` is ever deleted.
//!
//! Export comes first: a record some export destination has not acknowledged (above the
//! tenant's delivery floor) is kept past its retention — unless the tenant set an export hold
//! limit (`ControlStore::export_hold`) and the record is more than that many days past its
//! retention. Those are purged anyway and reported in [`PurgeReport::skipped`], so the
//! caller can tell the tenant (the server writes a directory audit) — a destination that
//! fails for good then costs a bounded amount of storage instead of all of it.

use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::{PurgeRequest, Store, TenantId};

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
    /// Records deleted, per log kind in [`LogKind::ALL`] order (skipped ones included).
    pub deleted: [usize; 4],
    /// Write transactions used.
    pub slices: usize,
    /// Records deleted although an export destination had not acknowledged them, because
    /// they were past the tenant's export hold limit.
    pub skipped: Vec<SkippedExport>,
}

/// Undelivered records of one tenant and log that a pass purged past the export hold limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedExport {
    /// Whose.
    pub tenant: TenantId,
    /// Which log.
    pub kind: LogKind,
    /// How many records.
    pub records: usize,
    /// The log's retention in days.
    pub retention_days: u32,
    /// The tenant's export hold limit in days.
    pub hold_days: u32,
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
            let floor = control.delivery_floor(&tenant.id, kind)?;
            let slice = |before_nanos: i64, max_seq: u64| PurgeRequest {
                tenant: tenant.id.clone(),
                kind,
                before_nanos,
                max_seq,
                limit: PURGE_SLICE,
            };
            report.deleted[index] += purge_all(
                store,
                &slice(before, floor.unwrap_or(u64::MAX)),
                &mut report,
            )?;
            let (Some(_), Some(hold_days)) = (floor, control.export_hold(&tenant.id)?) else {
                continue;
            };
            // Everything at or below the floor and older than `before` is gone now, so what
            // this deletes is exactly the undelivered records past the hold.
            let hard = cutoff_nanos(now, policy.days.saturating_add(hold_days));
            let skipped = purge_all(store, &slice(hard, u64::MAX), &mut report)?;
            if skipped > 0 {
                report.deleted[index] += skipped;
                report.skipped.push(SkippedExport {
                    tenant: tenant.id.clone(),
                    kind,
                    records: skipped,
                    retention_days: policy.days,
                    hold_days,
                });
            }
        }
    }
    Ok(report)
}

/// Runs `request` slice by slice until a slice deletes less than a full one; answers the
/// records deleted and counts the slices in `report`.
fn purge_all(
    store: &dyn Store,
    request: &PurgeRequest,
    report: &mut PurgeReport,
) -> Result<usize, PurgeError> {
    let mut total = 0;
    loop {
        let deleted = store.purge(request)?;
        report.slices += 1;
        total += deleted;
        if deleted < PURGE_SLICE {
            return Ok(total);
        }
    }
}
