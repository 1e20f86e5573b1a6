//! `vigil status --tenant T`: export delivery health, read from the data directory (works
//! beside a running server: both stores are SQLite in WAL mode, and this only reads).

use std::sync::Arc;

use serde_json::json;
use vigil_model::clock::{Clock, SystemClock};
use vigil_store::Store;
use vigil_store_sqlite::{SqliteStore, StoreOptions};

use super::control::{open_existing, require_tenant};
use super::output::print_json;
use crate::cli::DiagnosticTenantArgs;

/// Runs `vigil status`.
pub fn run(args: &DiagnosticTenantArgs) -> anyhow::Result<()> {
    let control = open_existing(&args.data.data_dir)?;
    require_tenant(&control, &args.tenant)?;
    let store = SqliteStore::open(&args.data.data_dir, StoreOptions::default())?;
    let store: Arc<dyn Store> = Arc::new(store);
    let destinations = vigil_delivery::status::tenant_status(
        store.as_ref(),
        &control,
        &args.tenant,
        SystemClock.now(),
    )?;
    print_json(&json!({ "tenant": args.tenant.as_str(), "destinations": destinations }))
}
