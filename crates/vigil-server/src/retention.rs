//! The retention loop: [`vigil_tenancy::purge_expired`] on a timer, off the async runtime.
//!
//! A pass runs shortly after start and then every `ServerConfig::retention_interval`. Each
//! pass deletes in slices of `vigil_tenancy::PURGE_SLICE` records, each slice its own short
//! write, so ingest batches and reads carry on around it. Time comes from the server's clock,
//! so tests move it to expire records.
//!
//! When a pass purges records an export destination never acknowledged (past the tenant's
//! export hold limit), the tenant is told in its own directory audit log: one record per log
//! and pass, "Purge undelivered export records", category `Vigil`, initiated by Vigil's
//! retention, with the count, the retention and the hold in `additionalDetails` — and a
//! warning is logged.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;
use tokio::task::JoinHandle;
use vigil_ingest::Ingestor;
use vigil_model::LogKind;
use vigil_model::clock::Clock;
use vigil_model::vigil_audit::{self, Actor, VigilEvent};
use vigil_store::Store;
use vigil_tenancy::{ControlStore, PurgeReport, SkippedExport, purge_expired};

/// The default time between purge passes.
pub const DEFAULT_RETENTION_INTERVAL: Duration = Duration::from_secs(600);

/// How long after start the first pass runs (let the server answer first).
const FIRST_PASS_DELAY: Duration = Duration::from_secs(5);

/// Everything a purge pass needs.
#[derive(Clone)]
pub struct Retention {
    store: Arc<dyn Store>,
    control: Arc<dyn ControlStore>,
    clock: Arc<dyn Clock>,
    ingestor: Ingestor,
    metrics: Arc<vigil_api::Metrics>,
}

impl Retention {
    /// A purger over these stores and clock; `ingestor` writes the audit records of purged
    /// undelivered export records, which are also counted in `metrics`.
    pub fn new(
        store: Arc<dyn Store>,
        control: Arc<dyn ControlStore>,
        clock: Arc<dyn Clock>,
        ingestor: Ingestor,
        metrics: Arc<vigil_api::Metrics>,
    ) -> Retention {
        Retention {
            store,
            control,
            clock,
            ingestor,
            metrics,
        }
    }

    /// One pass now, on a blocking thread; logs what it deleted.
    pub async fn run_once(&self) -> Result<PurgeReport, String> {
        let this = self.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let now = this.clock.now();
            let report = purge_expired(this.store.as_ref(), this.control.as_ref(), now)?;
            for skipped in &report.skipped {
                this.audit_skipped(skipped, now);
            }
            Ok::<_, vigil_tenancy::PurgeError>(report)
        })
        .await;
        match outcome {
            Ok(Ok(report)) => {
                if report.total() > 0 {
                    tracing::info!(
                        deleted = report.total(),
                        tenants = report.tenants,
                        slices = report.slices,
                        "retention purge"
                    );
                }
                Ok(report)
            }
            Ok(Err(error)) => {
                tracing::warn!(%error, "retention purge stopped; retrying next pass");
                Err(error.to_string())
            }
            Err(join) => Err(join.to_string()),
        }
    }

    /// Tells the tenant that undelivered records were purged. Blocking. A failure to store the
    /// audit record is logged (the purge itself has happened).
    fn audit_skipped(&self, skipped: &SkippedExport, now: OffsetDateTime) {
        tracing::warn!(
            tenant = %skipped.tenant,
            log = %skipped.kind,
            records = skipped.records,
            hold_days = skipped.hold_days,
            "retention purged records an export destination had not received (export hold limit reached)"
        );
        self.metrics
            .record_skipped_export(&skipped.tenant, skipped.kind, skipped.records);
        let record = skipped_record(skipped, now);
        if let Err(error) =
            self.ingestor
                .ingest_values(&skipped.tenant, LogKind::DirectoryAudit, vec![record])
        {
            tracing::error!(%error, tenant = %skipped.tenant, "the audit record of purged undelivered export records was not stored");
        }
    }

    /// Runs a pass every `interval` until the returned task is aborted.
    pub fn spawn(self, interval: Duration) -> JoinHandle<()> {
        tokio::spawn(async move {
            tokio::time::sleep(FIRST_PASS_DELAY.min(interval)).await;
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let _ = self.run_once().await;
            }
        })
    }
}

/// The directory audit record of one [`SkippedExport`].
fn skipped_record(skipped: &SkippedExport, now: OffsetDateTime) -> Value {
    let log = skipped.kind.collection();
    let event = VigilEvent {
        activity: "Purge undelivered export records".to_owned(),
        operation_type: "Delete".to_owned(),
        result_reason: format!(
            "{} {log} records were more than {} days past their {}-day retention and not yet received by every export destination.",
            skipped.records, skipped.hold_days, skipped.retention_days
        ),
        target_id: log.to_owned(),
        target_name: log.to_owned(),
        target_type: "Log".to_owned(),
        modified: Vec::new(),
        details: vec![
            ("skippedRecords".to_owned(), skipped.records.to_string()),
            (
                "retentionDays".to_owned(),
                skipped.retention_days.to_string(),
            ),
            ("exportHoldDays".to_owned(), skipped.hold_days.to_string()),
        ],
    };
    let actor = Actor::App {
        display_name: "Vigil retention".to_owned(),
        app_id: None,
    };
    let id = uuid::Uuid::new_v4().to_string();
    vigil_audit::record(&id, &uuid::Uuid::new_v4().to_string(), now, &actor, &event)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use vigil_store::TenantId;

    use super::*;

    #[test]
    fn skipped_export_records_validate_as_directory_audits() {
        let Some(tenant) = TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f") else {
            unreachable!("a valid tenant id");
        };
        let record = skipped_record(
            &SkippedExport {
                tenant,
                kind: LogKind::SignIn,
                records: 12,
                retention_days: 30,
                hold_days: 7,
            },
            datetime!(2026-11-23 12:00 UTC),
        );
        let validated = vigil_model::validate(LogKind::DirectoryAudit, record);
        assert!(validated.is_ok(), "{validated:?}");
    }
}
