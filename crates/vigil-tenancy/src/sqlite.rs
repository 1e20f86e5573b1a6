//! [`SqliteControlStore`]: the control plane in its own SQLite file, `<data-dir>/control.db`,
//! separate from the activity data (`vigil.db`) so control writes never queue behind ingest.
//!
//! - One connection behind a mutex serves tenants, retention, keys and read-audit listing.
//!   Those are small indexed statements; key verification is a primary-key lookup and a
//!   SHA-256, and writes a key's `last_used` at most once a minute.
//! - A second connection belongs to the read-audit writer thread ([`audit_writer`]):
//!   `record_read` only queues the entry, and the thread commits whatever has queued in one
//!   transaction (group commit), so a burst of reads costs one fsync, not one each.
//!
//! Like the data store: WAL, `synchronous=FULL`, migrations from `migrations/` applied at
//! open and tracked in `user_version`.

mod audit_read;
mod audit_writer;
mod connection;
mod delivery;
mod diagnostic;
mod keys;
mod retention;
mod tenants;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::Connection;
use vigil_model::LogKind;
use vigil_model::clock::Clock;
use vigil_store::TenantId;

use crate::delivery::{DeliveryCursor, DeliveryKey};
use crate::diagnostic_settings::DiagnosticSetting;
use crate::error::ControlError;
use crate::ingest_key::{IngestKeyId, IngestKeyInfo, NewIngestKey};
use crate::read_audit::{ReadAuditEntry, ReadAuditPage, ReadAuditQuery};
use crate::retention::RetentionSetting;
use crate::secret_box::SecretBox;
use crate::store::ControlStore;
use crate::tenant::Tenant;
use vigil_model::LicenseTier;

/// File name of the control database inside the data directory.
pub const CONTROL_DATABASE_FILE: &str = "control.db";

/// The SQLite control store. Cloning shares the database, connection and writer thread;
/// the writer drains its queue and stops when the last clone is dropped.
#[derive(Clone)]
pub struct SqliteControlStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    data_dir: PathBuf,
    /// Opened (and the key file created) on first use.
    secrets: Mutex<Option<Arc<SecretBox>>>,
    clock: Arc<dyn Clock>,
    conn: Mutex<Connection>,
    audit: audit_writer::AuditWriter,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.audit.stop();
    }
}

impl std::fmt::Debug for SqliteControlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteControlStore")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl SqliteControlStore {
    /// Opens (creating and migrating when needed) `<data_dir>/control.db`. Creation,
    /// revocation and last-use times come from `clock`.
    pub fn open(
        data_dir: &Path,
        clock: Arc<dyn Clock>,
    ) -> Result<SqliteControlStore, ControlError> {
        std::fs::create_dir_all(data_dir).map_err(|source| ControlError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let path = data_dir.join(CONTROL_DATABASE_FILE);
        let conn = connection::open(&path)?;
        let audit = audit_writer::AuditWriter::start(connection::open(&path)?)?;
        Ok(SqliteControlStore {
            inner: Arc::new(Inner {
                path,
                data_dir: data_dir.to_path_buf(),
                secrets: Mutex::new(None),
                clock,
                conn: Mutex::new(conn),
                audit,
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written: an open
        // transaction rolls back when dropped. The connection stays usable.
        self.inner
            .conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn secrets(&self) -> Result<Arc<SecretBox>, ControlError> {
        let mut slot = self
            .inner
            .secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(secrets) = slot.as_ref() {
            return Ok(Arc::clone(secrets));
        }
        let secrets = Arc::new(SecretBox::open(&self.inner.data_dir)?);
        *slot = Some(Arc::clone(&secrets));
        Ok(secrets)
    }

    fn now(&self) -> time::OffsetDateTime {
        self.inner.clock.now()
    }
}

impl ControlStore for SqliteControlStore {
    fn create_tenant(
        &self,
        id: &TenantId,
        display_name: &str,
        license: LicenseTier,
    ) -> Result<Tenant, ControlError> {
        tenants::create(&self.conn(), id, display_name, license, self.now())
    }

    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>, ControlError> {
        tenants::get(&self.conn(), id)
    }

    fn tenants(&self) -> Result<Vec<Tenant>, ControlError> {
        tenants::list(&self.conn())
    }

    fn set_license(&self, id: &TenantId, license: LicenseTier) -> Result<Tenant, ControlError> {
        tenants::set_license(&self.conn(), id, license)
    }

    fn set_retention_override(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        days: Option<u32>,
    ) -> Result<RetentionSetting, ControlError> {
        retention::set_override(&mut self.conn(), tenant, kind, days, self.now())
    }

    fn retention_overrides(&self, tenant: &TenantId) -> Result<Vec<(LogKind, u32)>, ControlError> {
        retention::overrides(&self.conn(), tenant)
    }

    fn set_export_hold(
        &self,
        tenant: &TenantId,
        days: Option<u32>,
    ) -> Result<Option<u32>, ControlError> {
        retention::set_export_hold(&mut self.conn(), tenant, days, self.now())
    }

    fn export_hold(&self, tenant: &TenantId) -> Result<Option<u32>, ControlError> {
        retention::export_hold(&self.conn(), tenant)
    }

    fn create_ingest_key(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<NewIngestKey, ControlError> {
        keys::create(&mut self.conn(), tenant, name, self.now())
    }

    fn ingest_keys(&self, tenant: &TenantId) -> Result<Vec<IngestKeyInfo>, ControlError> {
        keys::list(&self.conn(), tenant)
    }

    fn revoke_ingest_key(
        &self,
        tenant: &TenantId,
        key: &IngestKeyId,
    ) -> Result<IngestKeyInfo, ControlError> {
        keys::revoke(&self.conn(), tenant, key, self.now())
    }

    fn verify_ingest_key(
        &self,
        tenant: &TenantId,
        presented: &str,
    ) -> Result<IngestKeyId, ControlError> {
        keys::verify(&self.conn(), tenant, presented, self.now())
    }

    fn create_diagnostic_setting(
        &self,
        tenant: &TenantId,
        setting: &DiagnosticSetting,
    ) -> Result<DiagnosticSetting, ControlError> {
        let secrets = self.secrets()?;
        diagnostic::create(&mut self.conn(), &secrets, tenant, setting, self.now())
    }

    fn diagnostic_settings(
        &self,
        tenant: &TenantId,
    ) -> Result<Vec<DiagnosticSetting>, ControlError> {
        let secrets = self.secrets()?;
        diagnostic::list(&self.conn(), &secrets, tenant)
    }

    fn diagnostic_setting(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<Option<DiagnosticSetting>, ControlError> {
        let secrets = self.secrets()?;
        diagnostic::get(&self.conn(), &secrets, tenant, name)
    }

    fn update_diagnostic_setting(
        &self,
        tenant: &TenantId,
        setting: &DiagnosticSetting,
    ) -> Result<DiagnosticSetting, ControlError> {
        let secrets = self.secrets()?;
        diagnostic::update(&mut self.conn(), &secrets, tenant, setting, self.now())
    }

    fn delete_diagnostic_setting(&self, tenant: &TenantId, name: &str) -> Result<(), ControlError> {
        let conn = self.conn();
        diagnostic::delete(&conn, tenant, name)?;
        delivery::drop_setting(&conn, tenant, name)
    }

    fn sync_delivery_cursors(
        &self,
        tenant: &TenantId,
        setting: &str,
        destinations: &[String],
        start: &[(LogKind, u64)],
    ) -> Result<(), ControlError> {
        delivery::sync(
            &mut self.conn(),
            tenant,
            setting,
            destinations,
            start,
            self.now(),
        )
    }

    fn delivery_cursors(&self, tenant: &TenantId) -> Result<Vec<DeliveryCursor>, ControlError> {
        delivery::list(&self.conn(), tenant)
    }

    fn advance_delivery(
        &self,
        key: &DeliveryKey,
        seq: u64,
        delivered: u64,
        caught_up: bool,
    ) -> Result<bool, ControlError> {
        delivery::advance(&self.conn(), key, seq, delivered, caught_up, self.now())
    }

    fn record_delivery_error(&self, key: &DeliveryKey, message: &str) -> Result<(), ControlError> {
        delivery::record_error(&self.conn(), key, message, self.now())
    }

    fn delivery_floor(
        &self,
        tenant: &TenantId,
        kind: LogKind,
    ) -> Result<Option<u64>, ControlError> {
        delivery::floor(&self.conn(), tenant, kind)
    }

    fn record_read(&self, entry: ReadAuditEntry) -> Result<(), ControlError> {
        self.inner.audit.record(entry)
    }

    fn flush_reads(&self) -> Result<(), ControlError> {
        self.inner.audit.flush()
    }

    fn list_reads(
        &self,
        tenant: &TenantId,
        query: &ReadAuditQuery,
    ) -> Result<ReadAuditPage, ControlError> {
        match self.inner.audit.flush() {
            // Entries the writer failed to store were already logged; listing what is
            // stored is still right.
            Ok(()) | Err(ControlError::Backend(_)) => {}
            Err(other) => return Err(other),
        }
        audit_read::list(&self.conn(), tenant, query)
    }
}
