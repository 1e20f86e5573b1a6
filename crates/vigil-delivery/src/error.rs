//! Errors of the delivery machinery itself (the destinations' are [`crate::sink::SinkError`]).

use thiserror::Error;

/// Why a worker or the supervisor could not do its bookkeeping.
#[derive(Debug, Error)]
pub enum DeliveryError {
    /// The activity store failed.
    #[error("activity store: {0}")]
    Store(#[from] vigil_store::StoreError),
    /// The control store failed.
    #[error("control store: {0}")]
    Control(#[from] vigil_tenancy::ControlError),
    /// The position was deleted under the worker (its setting or destination went away).
    #[error("the delivery position no longer exists")]
    PositionGone,
    /// The runtime is shutting down: the blocking task was cancelled.
    #[error("cancelled by shutdown")]
    Cancelled,
    /// A blocking task could not run to completion.
    #[error("background task: {0}")]
    Task(String),
}
