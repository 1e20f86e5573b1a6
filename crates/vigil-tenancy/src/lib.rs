//! Vigil's control plane: who the tenants are and what they may do.
//!
//! - [`LicenseTier`]: Free, P1 or P2; decides the default retention.
//! - [`ControlStore`]: the persistence contract (blocking, backend-neutral) for tenants,
//!   per-tenant per-log retention overrides, hashed ingest keys, diagnostic settings and
//!   the read audit;
//!   [`SqliteControlStore`] implements it in `<data-dir>/control.db`.
//! - [`retention`]: defaults (7 days Free, 30 P1/P2, as in Entra), overrides up to a
//!   hundred years, and the purge [`cutoff`].
//! - [`diagnostic_settings`]: per-tenant export configuration shaped like Azure's
//!   diagnostic settings (categories and destinations), validated field by field, with
//!   secrets that no read shows and that are stored encrypted.
//! - [`delivery`]: export positions per (setting, destination, log kind), their health,
//!   and the floor below which retention may purge.
//! - [`ingest_key`]: the `vgk_<id>_<secret>` format and why a SHA-256 is the right hash.
//! - [`read_audit`]: every read of an activity log, listed newest first for Global
//!   Administrators.
//! - [`throttle`]: token buckets per (tenant, app) for reads and per tenant for ingest,
//!   answering with a [`RetryAfter`].
//!
//! Invariant: everything is tenant-scoped. Every store method names a tenant, and an
//! ingest key verifies only for the tenant it was created in.
//!
//! Time is never read here: stores take a `vigil_model::clock::Clock`, throttles take the
//! current `Instant` as an argument.

pub mod delivery;
pub mod diagnostic_settings;
mod error;
pub mod ingest_key;
pub mod purge;
pub mod read_audit;
pub mod retention;
mod secret_box;
mod sqlite;
mod store;
mod tenant;
pub mod throttle;

pub use delivery::{DeliveryCursor, DeliveryKey};
pub use diagnostic_settings::{
    Category, Destination, DiagnosticSetting, MAX_DIAGNOSTIC_SETTINGS, Secret, SettingError,
};
pub use error::{BoxError, ControlError};
pub use ingest_key::{IngestKeyId, IngestKeyInfo, IngestKeySecret, NewIngestKey};
pub use purge::{PURGE_SLICE, PurgeError, PurgeReport, SkippedExport, purge_expired};
pub use read_audit::{ReadAuditCursor, ReadAuditEntry, ReadAuditPage, ReadAuditQuery};
pub use retention::{
    MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, RetentionPolicy, RetentionSetting, RetentionSource,
    cutoff, cutoff_nanos,
};
pub use secret_box::{SECRETS_KEY_FILE, secrets_key_path};
pub use sqlite::{CONTROL_DATABASE_FILE, SqliteControlStore};
pub use store::ControlStore;
pub use tenant::{MAX_NAME_CHARS, Tenant, normalize_name};
pub use throttle::{IngestThrottle, InvalidLimit, Limit, ReadThrottle, RetryAfter};
pub use vigil_model::{LicenseTier, ParseLicenseTierError};
