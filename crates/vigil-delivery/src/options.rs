//! Export tuning.

use std::time::Duration;

/// Batch sizes and timings of export workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Most records read (and sent) per log per pass.
    pub batch_records: usize,
    /// Longest a caught-up worker sleeps without an append waking it.
    pub idle_poll: Duration,
    /// First wait after a failed delivery; doubles up to `max_backoff`.
    pub min_backoff: Duration,
    /// Longest wait between attempts at a failing destination.
    pub max_backoff: Duration,
    /// How often the supervisor re-reads the settings (changes through the API also
    /// wake it at once).
    pub reconcile_interval: Duration,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            batch_records: 5_000,
            idle_poll: Duration::from_secs(5),
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            reconcile_interval: Duration::from_secs(5),
        }
    }
}
