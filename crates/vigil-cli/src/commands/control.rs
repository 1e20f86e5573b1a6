//! Opening the control plane (`<data-dir>/control.db`) and turning its errors into messages
//! that say what to do next.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use vigil_model::clock::SystemClock;
use vigil_store::TenantId;
use vigil_tenancy::{
    CONTROL_DATABASE_FILE, ControlError, ControlStore, SqliteControlStore, Tenant,
};

/// Parses a tenant id given as plain text (flags of the older commands).
pub fn tenant_id(text: &str) -> anyhow::Result<TenantId> {
    crate::cli::parse::tenant(text).map_err(|e| anyhow!(e))
}

/// Opens the control database, creating the data directory and database if needed.
pub fn open_or_create(data_dir: &Path) -> anyhow::Result<SqliteControlStore> {
    SqliteControlStore::open(data_dir, Arc::new(SystemClock)).with_context(|| {
        format!(
            "opening the control database {}",
            data_dir.join(CONTROL_DATABASE_FILE).display()
        )
    })
}

/// Opens the control database of a data directory that already has one; a missing one is an
/// error (most likely a wrong `--data-dir`), not a reason to create an empty directory.
pub fn open_existing(data_dir: &Path) -> anyhow::Result<SqliteControlStore> {
    let path = data_dir.join(CONTROL_DATABASE_FILE);
    if !path.exists() {
        return Err(anyhow!(
            "no control database at {}: register a tenant first with `vigil tenant create`, or point --data-dir (VIGIL_DATA_DIR) at the server's data directory",
            path.display()
        ));
    }
    open_or_create(data_dir)
}

/// The tenant, or an error saying how to register it.
pub fn require_tenant(store: &dyn ControlStore, id: &TenantId) -> anyhow::Result<Tenant> {
    store
        .tenant(id)
        .map_err(explain)?
        .ok_or_else(|| explain(ControlError::TenantNotFound(id.clone())))
}

/// A control-plane error as a message for people.
pub fn explain(err: ControlError) -> anyhow::Error {
    match err {
        ControlError::TenantNotFound(id) => anyhow!(
            "tenant {id} is not registered (see `vigil tenant list`); register it with `vigil tenant create --tenant {id} --name NAME`"
        ),
        ControlError::TenantExists(id) => anyhow!(
            "tenant {id} already exists (see `vigil tenant show --tenant {id}`; change its tier with `vigil tenant set-license`)"
        ),
        other => anyhow!(other),
    }
}

/// Warns on stderr when a tenant's tier hides logs (as Entra, Free serves no sign-in or
/// provisioning logs through the API).
pub fn note_if_not_premium(tenant: &Tenant) {
    if !tenant.license.is_premium() {
        eprintln!(
            "note: tenant {} is registered with license {}: sign-in and provisioning logs need p1 or p2 (`vigil tenant set-license --tenant {} --license p2`)",
            tenant.id, tenant.license, tenant.id
        );
    }
}
