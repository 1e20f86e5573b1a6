//! Export delivery: every record of an enabled category reaches every destination of a
//! tenant's diagnostic settings at least once, in ingest order per category.
//!
//! - [`spawn`] starts the supervisor ([`supervisor`]), which runs one [`worker`] per
//!   (tenant, setting, destination) and follows setting changes.
//! - A worker reads the store in ingest order ([`vigil_store::Store::changes`]) from the
//!   destination's durable position (`vigil_tenancy::DeliveryCursor`), sends what belongs
//!   to enabled categories as [`Outgoing`] records (the Azure Monitor envelope), and commits
//!   the position only after the destination acknowledged.
//! - [`sink`]: the destination contract; [`kafka`] (Kafka and Event Hubs) and [`archive`]
//!   (Azure append blobs, S3 objects and local files in Azure Monitor's hourly `PT1H.json`
//!   layout) behind [`DestinationSink`].
//! - [`status`]: per destination and log, the position, the backlog in records and
//!   seconds, and the last error — what `vigil status` and the admin API show.

pub mod archive;
mod destination_sink;
mod error;
pub mod kafka;
mod options;
mod outgoing;
pub mod sink;
pub mod status;
pub mod supervisor;
#[cfg(feature = "test-services")]
pub mod test_services;
pub mod worker;

pub use destination_sink::DestinationSink;
pub use error::DeliveryError;
pub use kafka::KafkaSink;
pub use options::ExportOptions;
pub use outgoing::Outgoing;
pub use supervisor::{ExportHandle, spawn};
pub use worker::{Context, start_positions};
