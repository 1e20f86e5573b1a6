//! The [`ControlStore`] trait: everything the control plane persists.
//!
//! Blocking, like `vigil_store::Store` (async callers use `spawn_blocking`), and free of
//! SQL types, so a PostgreSQL backend can sit beside [`crate::SqliteControlStore`]. Rules
//! that do not depend on storage — name checks, retention bounds and defaults, key format
//! and hashing — live outside the backends and are shared.
//!
//! Every method names its tenant; nothing reads or writes across tenants.

use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::delivery::{DeliveryCursor, DeliveryKey};
use crate::diagnostic_settings::DiagnosticSetting;
use crate::error::ControlError;
use crate::ingest_key::{IngestKeyId, IngestKeyInfo, NewIngestKey};
use crate::read_audit::{ReadAuditEntry, ReadAuditPage, ReadAuditQuery};
use crate::retention::{RetentionPolicy, RetentionSetting};
use crate::tenant::Tenant;
use vigil_model::LicenseTier;

/// Tenants, retention, ingest keys, diagnostic settings and the read audit.
pub trait ControlStore: Send + Sync {
    // ---- tenants -----------------------------------------------------------------------

    /// Registers a tenant. The display name is trimmed and must be non-empty.
    /// [`ControlError::TenantExists`] if the id is already registered.
    fn create_tenant(
        &self,
        id: &TenantId,
        display_name: &str,
        license: LicenseTier,
    ) -> Result<Tenant, ControlError>;

    /// One tenant, if registered.
    fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>, ControlError>;

    /// Every tenant, oldest first.
    fn tenants(&self) -> Result<Vec<Tenant>, ControlError>;

    /// Changes a tenant's license tier (and with it the default retention).
    fn set_license(&self, id: &TenantId, license: LicenseTier) -> Result<Tenant, ControlError>;

    /// Returns the tenant, registering it first if it does not exist (for `serve --demo`
    /// and single-tenant setups). An existing tenant is returned unchanged.
    fn ensure_tenant(
        &self,
        id: &TenantId,
        display_name: &str,
        license: LicenseTier,
    ) -> Result<Tenant, ControlError> {
        if let Some(tenant) = self.tenant(id)? {
            return Ok(tenant);
        }
        match self.create_tenant(id, display_name, license) {
            Err(ControlError::TenantExists(_)) => self
                .tenant(id)?
                .ok_or_else(|| ControlError::TenantNotFound(id.clone())),
            other => other,
        }
    }

    // ---- retention ---------------------------------------------------------------------

    /// Sets (`Some(days)`, checked against `1..=MAX_RETENTION_DAYS`) or clears (`None`)
    /// the tenant's retention override for one log, and returns the resulting setting.
    fn set_retention_override(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        days: Option<u32>,
    ) -> Result<RetentionSetting, ControlError>;

    /// Sets (`Some(days)`, checked against `0..=MAX_RETENTION_DAYS`) or clears (`None`) the
    /// tenant's export hold limit: how many days past a log's retention an export destination
    /// that has not acknowledged a record may keep it from being purged. `None` (the
    /// default) waits for every destination forever.
    fn set_export_hold(
        &self,
        tenant: &TenantId,
        days: Option<u32>,
    ) -> Result<Option<u32>, ControlError>;

    /// The tenant's export hold limit ([`ControlStore::set_export_hold`]).
    fn export_hold(&self, tenant: &TenantId) -> Result<Option<u32>, ControlError>;

    /// The tenant's configured overrides, in no particular order.
    fn retention_overrides(&self, tenant: &TenantId) -> Result<Vec<(LogKind, u32)>, ControlError>;

    /// The tenant's setting for every log, in `LogKind::ALL` order.
    fn retention_settings(&self, tenant: &TenantId) -> Result<Vec<RetentionSetting>, ControlError> {
        let found = self
            .tenant(tenant)?
            .ok_or_else(|| ControlError::TenantNotFound(tenant.clone()))?;
        let overrides = self.retention_overrides(tenant)?;
        Ok(LogKind::ALL
            .into_iter()
            .map(|kind| {
                let days = overrides.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d);
                RetentionSetting::resolve(found.license, kind, days)
            })
            .collect())
    }

    /// How long one log of the tenant is kept, and why.
    fn effective_retention(
        &self,
        tenant: &TenantId,
        kind: LogKind,
    ) -> Result<RetentionPolicy, ControlError> {
        self.retention_settings(tenant)?
            .into_iter()
            .find(|s| s.kind == kind)
            .map(|s| s.effective)
            .ok_or_else(|| ControlError::Corrupt(format!("no retention setting for {kind}")))
    }

    // ---- ingest keys -------------------------------------------------------------------

    /// Creates an ingest key for a registered tenant. The returned secret is the only
    /// copy; the store keeps a hash.
    fn create_ingest_key(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<NewIngestKey, ControlError>;

    /// The tenant's keys (active and revoked), oldest first. Never secrets or hashes.
    fn ingest_keys(&self, tenant: &TenantId) -> Result<Vec<IngestKeyInfo>, ControlError>;

    /// Revokes one of the tenant's keys; revoking twice keeps the first revocation time.
    /// A key id of another tenant is [`ControlError::IngestKeyNotFound`].
    fn revoke_ingest_key(
        &self,
        tenant: &TenantId,
        key: &IngestKeyId,
    ) -> Result<IngestKeyInfo, ControlError>;

    /// Accepts `presented` for writing into `tenant` only if it is well formed, exists,
    /// belongs to that tenant, is not revoked, and its secret matches. Every other case is
    /// [`ControlError::IngestKeyRejected`]; other errors mean the check could not be made.
    fn verify_ingest_key(
        &self,
        tenant: &TenantId,
        presented: &str,
    ) -> Result<IngestKeyId, ControlError>;

    // ---- diagnostic settings -----------------------------------------------------------

    /// Adds a setting to a registered tenant after [`DiagnosticSetting::validate`].
    /// [`ControlError::DiagnosticSettingExists`] if the name is taken (case-insensitively),
    /// [`ControlError::DiagnosticSettingLimit`] if the tenant already has
    /// [`crate::MAX_DIAGNOSTIC_SETTINGS`]. Secrets are stored encrypted.
    fn create_diagnostic_setting(
        &self,
        tenant: &TenantId,
        setting: &DiagnosticSetting,
    ) -> Result<DiagnosticSetting, ControlError>;

    /// The tenant's settings, oldest first, with their secrets (callers render them
    /// redacted: a [`crate::Secret`] serialises as `"***"`).
    fn diagnostic_settings(
        &self,
        tenant: &TenantId,
    ) -> Result<Vec<DiagnosticSetting>, ControlError>;

    /// One setting by name (case-insensitively).
    fn diagnostic_setting(
        &self,
        tenant: &TenantId,
        name: &str,
    ) -> Result<Option<DiagnosticSetting>, ControlError>;

    /// Replaces the setting of the same name; a secret sent as `"***"` keeps the stored
    /// value ([`DiagnosticSetting::keep_secrets_from`]). Returns the stored result.
    fn update_diagnostic_setting(
        &self,
        tenant: &TenantId,
        setting: &DiagnosticSetting,
    ) -> Result<DiagnosticSetting, ControlError>;

    /// Deletes a setting; [`ControlError::DiagnosticSettingNotFound`] if there is none.
    fn delete_diagnostic_setting(&self, tenant: &TenantId, name: &str) -> Result<(), ControlError>;

    // ---- export delivery positions ------------------------------------------------------

    /// Makes the positions of one setting match its destinations: a destination without a
    /// position gets one per kind at `start` (the kind's current high-water mark: export
    /// starts with the records stored after this call); positions of destinations the
    /// setting no longer has are dropped. Called after every create and update.
    fn sync_delivery_cursors(
        &self,
        tenant: &TenantId,
        setting: &str,
        destinations: &[String],
        start: &[(LogKind, u64)],
    ) -> Result<(), ControlError>;

    /// Every position of the tenant (settings in name order).
    fn delivery_cursors(&self, tenant: &TenantId) -> Result<Vec<DeliveryCursor>, ControlError>;

    /// After the destination acknowledged records up to `seq` (of which `delivered` were
    /// sent): moves the position forward, never back. `caught_up` says nothing was left
    /// to send. `false` when the position no longer exists (its setting went away).
    fn advance_delivery(
        &self,
        key: &DeliveryKey,
        seq: u64,
        delivered: u64,
        caught_up: bool,
    ) -> Result<bool, ControlError>;

    /// Records a failed delivery (the message must not hold secrets).
    fn record_delivery_error(&self, key: &DeliveryKey, message: &str) -> Result<(), ControlError>;

    /// The lowest position of any destination of the tenant for `kind`, or `None` when
    /// nothing exports it: retention never purges above it.
    fn delivery_floor(&self, tenant: &TenantId, kind: LogKind)
    -> Result<Option<u64>, ControlError>;

    // ---- read audit --------------------------------------------------------------------

    /// Records one read. Cheap enough for the request path: a backend may queue the entry
    /// and write it in the background (see [`ControlStore::flush_reads`]). It may block
    /// while the backend's queue is full, so async callers use `spawn_blocking` (or accept
    /// the rare stall).
    fn record_read(&self, entry: ReadAuditEntry) -> Result<(), ControlError>;

    /// Returns once every entry recorded before the call is durable.
    fn flush_reads(&self) -> Result<(), ControlError>;

    /// One page of the tenant's read audit, newest first. Sees every entry recorded
    /// before the call.
    fn list_reads(
        &self,
        tenant: &TenantId,
        query: &ReadAuditQuery,
    ) -> Result<ReadAuditPage, ControlError>;
}
