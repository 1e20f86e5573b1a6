//! Directory audit records of the operator's command-line changes: a diagnostic setting, a
//! retention override or the export hold changed with `vigil` is recorded in the tenant's own
//! audit log like the same change through the admin API, initiated by the app "Vigil command
//! line" (with the operating-system user in `additionalDetails`).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use vigil_auth::VIGIL_CLI_APP_ID;
use vigil_ingest::{IngestLimits, Ingestor};
use vigil_model::LogKind;
use vigil_model::clock::{Clock, SystemClock};
use vigil_model::vigil_audit::{self, Actor, VigilEvent};
use vigil_store::TenantId;
use vigil_store_sqlite::SqliteStore;

/// Writes `event` into `tenant`'s directory audits in the data directory's activity store.
pub fn record(data_dir: &Path, tenant: &TenantId, mut event: VigilEvent) -> anyhow::Result<()> {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    event.details.push(("operatingSystemUser".to_owned(), user));
    let actor = Actor::App {
        display_name: "Vigil command line".to_owned(),
        app_id: Some(VIGIL_CLI_APP_ID.hyphenated().to_string()),
    };
    let id = uuid::Uuid::new_v4().to_string();
    let correlation = uuid::Uuid::new_v4().to_string();
    let record = vigil_audit::record(&id, &correlation, SystemClock.now(), &actor, &event);
    let store = SqliteStore::open(data_dir, Default::default())
        .with_context(|| format!("opening the activity store in {}", data_dir.display()))?;
    Ingestor::new(Arc::new(store), IngestLimits::default())
        .ingest_values(tenant, LogKind::DirectoryAudit, vec![record])
        .context("the change was made, but its directory audit record could not be written")?;
    Ok(())
}
