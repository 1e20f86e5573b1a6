//! Export delivery: every record of an enabled category reaches every destination of a
//! tenant's diagnostic settings at least once, in ingest order per category.
//!
//! - [`Outgoing`]: one record on its way out — the Azure Monitor envelope
//!   (`vigil_export::azure_monitor_record`) with its category, tenant and ingest sequence.
//! - [`sink`]: the destinations. A sink's `deliver` returns `Ok` only once the destination
//!   has acknowledged the whole batch (Kafka acks, a 201 from Append Block, an fsync); the
//!   caller commits its cursor only then, so a crash repeats at most the last batch.
//! - [`archive`]: the storage-account destinations — Azure append blobs, S3 objects and
//!   local files in Azure Monitor's hourly `PT1H.json` layout.
//!
//! Nothing here decides *what* to send: the worker reads the store from the cursor, builds
//! the batch, calls the sink and advances the cursor.

pub mod archive;
mod outgoing;
pub mod sink;

pub use outgoing::Outgoing;
