//! Errors of the control plane, shared by every [`crate::ControlStore`] backend.
//!
//! The variants a caller acts on (duplicate tenant, unknown tenant or key, rejected ingest
//! key, bad input) are backend-neutral; whatever the backend itself reports is boxed in
//! [`ControlError::Backend`], so a PostgreSQL backend can reuse this type unchanged.

use vigil_store::TenantId;

/// A boxed backend failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A control-plane failure.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// `create_tenant` for an id that already exists.
    #[error("tenant {0} already exists")]
    TenantExists(TenantId),
    /// The tenant is not registered.
    #[error("tenant {0} does not exist")]
    TenantNotFound(TenantId),
    /// No ingest key with this id belongs to the tenant.
    #[error("ingest key {0} does not exist in this tenant")]
    IngestKeyNotFound(String),
    /// A presented ingest key is malformed, unknown, revoked, belongs to another tenant, or
    /// has the wrong secret. Deliberately one variant: callers must not tell them apart.
    #[error("ingest key rejected")]
    IngestKeyRejected,
    /// A retention override outside `1..=MAX_RETENTION_DAYS`.
    #[error("retention of {days} days is out of range (1 to {max})")]
    RetentionOutOfRange {
        /// What was asked for.
        days: u32,
        /// The largest accepted value.
        max: u32,
    },
    /// An export hold limit outside `0..=MAX_RETENTION_DAYS`.
    #[error("an export hold of {days} days is out of range (0 to {max})")]
    ExportHoldOutOfRange {
        /// What was asked for.
        days: u32,
        /// The largest accepted value.
        max: u32,
    },
    /// A diagnostic setting with this name (case-insensitively) exists in the tenant.
    #[error("diagnostic setting {0:?} already exists")]
    DiagnosticSettingExists(String),
    /// No diagnostic setting with this name in the tenant.
    #[error("diagnostic setting {0:?} does not exist")]
    DiagnosticSettingNotFound(String),
    /// The tenant already has the most diagnostic settings allowed.
    #[error("a tenant has at most {max} diagnostic settings")]
    DiagnosticSettingLimit {
        /// The limit.
        max: usize,
    },
    /// A diagnostic setting was refused; names the field.
    #[error("invalid diagnostic setting: {0}")]
    InvalidDiagnosticSetting(#[from] crate::diagnostic_settings::SettingError),
    /// An argument was rejected (empty name, zero page size, time out of range, ...).
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// Which argument.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// The database was written by a newer Vigil.
    #[error(
        "control database schema version {found} is newer than this build supports ({supported})"
    )]
    SchemaTooNew {
        /// Version on disk.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A stored value could not be read back (e.g. an unknown license name).
    #[error("corrupt control data: {0}")]
    Corrupt(String),
    /// The operating system's random source failed.
    #[error("random source: {0}")]
    Random(String),
    /// The read-audit writer has stopped.
    #[error("read-audit writer stopped")]
    Closed,
    /// The data directory could not be created.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The storage backend failed.
    #[error("control store backend: {0}")]
    Backend(#[source] BoxError),
}

impl ControlError {
    pub(crate) fn invalid(what: &'static str, reason: impl Into<String>) -> ControlError {
        ControlError::Invalid {
            what,
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for ControlError {
    fn from(err: rusqlite::Error) -> ControlError {
        ControlError::Backend(Box::new(err))
    }
}
