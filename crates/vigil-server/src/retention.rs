//! The retention loop: [`vigil_tenancy::purge_expired`] on a timer, off the async runtime.
//!
//! A pass runs shortly after start and then every `ServerConfig::retention_interval`. Each
//! pass deletes in slices of `vigil_tenancy::PURGE_SLICE` records, each slice its own short
//! write, so ingest batches and reads carry on around it. Time comes from the server's clock,
//! so tests move it to expire records.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use vigil_model::clock::Clock;
use vigil_store::Store;
use vigil_tenancy::{ControlStore, PurgeReport, purge_expired};

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
}

impl Retention {
    /// A purger over these stores and clock.
    pub fn new(
        store: Arc<dyn Store>,
        control: Arc<dyn ControlStore>,
        clock: Arc<dyn Clock>,
    ) -> Retention {
        Retention {
            store,
            control,
            clock,
        }
    }

    /// One pass now, on a blocking thread; logs what it deleted.
    pub async fn run_once(&self) -> Result<PurgeReport, String> {
        let this = self.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            purge_expired(this.store.as_ref(), this.control.as_ref(), this.clock.now())
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
