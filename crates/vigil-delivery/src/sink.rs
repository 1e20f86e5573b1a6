//! Destinations. Every sink has the same contract:
//!
//! ```text
//! async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError>
//! ```
//!
//! `Ok` means the destination acknowledged every record of `batch` durably; on `Err` any
//! part of the batch may or may not have arrived, and the caller retries the whole batch
//! later (at-least-once: records keep their `id`, so consumers can dedupe). A sink never
//! puts a secret (password, key, SAS signature, connection string) into an error message.

use thiserror::Error;

/// Why a delivery failed. Messages are shown to admins and logged: they never hold secrets.
#[derive(Debug, Error)]
pub enum SinkError {
    /// The destination could not be reached or refused the connection.
    #[error("cannot reach the destination: {0}")]
    Unreachable(String),
    /// The destination rejected the credentials.
    #[error("the destination refused the credentials: {0}")]
    Unauthorized(String),
    /// The destination answered with an error.
    #[error("the destination rejected the write: {0}")]
    Rejected(String),
    /// The destination's configuration cannot work (e.g. a malformed connection string).
    #[error("the destination is misconfigured: {0}")]
    Config(String),
}
