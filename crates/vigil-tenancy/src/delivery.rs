//! Export delivery positions: for every (tenant, diagnostic setting, destination, log kind),
//! the highest ingest sequence the destination has acknowledged, with what an admin needs
//! to judge its health (records delivered, when it last delivered, when it last had
//! everything, the last error).
//!
//! The worker that delivers commits a position only after the destination acknowledged;
//! retention asks [`crate::ControlStore::delivery_floor`] so it never purges a record an
//! existing destination has not received.

use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::TenantId;

/// Which position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeliveryKey {
    /// Whose records.
    pub tenant: TenantId,
    /// The diagnostic setting's name.
    pub setting: String,
    /// The destination's [`crate::Destination::key`].
    pub destination: String,
    /// The log kind (each kind has its own ingest sequence).
    pub kind: LogKind,
}

/// A position and its health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryCursor {
    /// Which position.
    pub key: DeliveryKey,
    /// Every record of the kind with a sequence at or below this has been delivered (or did
    /// not belong to an enabled category).
    pub seq: u64,
    /// Records delivered since the position was created.
    pub delivered: u64,
    /// When the position was created (export starts at the records stored after it).
    pub created_at: OffsetDateTime,
    /// When a batch was last acknowledged.
    pub delivered_at: Option<OffsetDateTime>,
    /// The last time the destination had every record that existed.
    pub caught_up_at: Option<OffsetDateTime>,
    /// The last delivery error (never holds a secret), and when it happened.
    pub last_error: Option<(String, OffsetDateTime)>,
}

/// Longest error message kept, in characters.
pub const MAX_ERROR_CHARS: usize = 1_000;
