//! The storage-account destinations of export: Azure Monitor's archive layout
//! (azure-monitor-formats §3) written to Azure Blob storage, an S3-compatible bucket or a
//! local directory.
//!
//! Every sink groups a batch by (container, hourly blob) first (`group.rs`): container
//! `insights-logs-<category lower case>`, blob `tenantId=<tid>/y=…/m=…/d=…/h=…/m=00/PT1H.json`
//! by the record's event time, one CRLF-terminated JSON line per record, batch order kept
//! within a blob; then it writes each group with as few requests as it can:
//!
//! - [`AzureBlobSink`] (`azure_blob.rs`): append blobs through the REST API — Create
//!   Container, Create Append Blob, Append Block ≤ 4 MiB — authorised by Shared Key
//!   (`shared_key.rs`) or a SAS (`azure_account.rs` reads the three configuration forms;
//!   `azure_response.rs` turns answers into errors);
//! - [`S3Sink`] (`s3.rs`): `<container>/<blob>` objects, rewritten whole on every append
//!   (S3 objects cannot be appended to) through `object_store`;
//! - [`LocalDirectorySink`] (`local_directory.rs`): `<path>/<container>/<blob>` files,
//!   appended and fsynced.
//!
//! Each has `deliver(&mut self, batch) -> Result<(), SinkError>` with the contract of
//! [`crate::sink`], and no error message of theirs holds a secret (`redact.rs` scrubs what
//! slips through). [`ArchiveSink`] builds the right one from a [`Destination`].

mod azure_account;
mod azure_blob;
mod azure_response;
mod group;
mod local_directory;
mod redact;
mod s3;
mod shared_key;
#[cfg(test)]
mod test_support;

use std::sync::Arc;

use vigil_model::clock::Clock;
use vigil_tenancy::Destination;

pub use azure_blob::{
    API_VERSION, APPEND_BLOCK_MAX_BYTES, AzureBlobSink, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
};
pub use local_directory::LocalDirectorySink;
pub use s3::S3Sink;

use crate::Outgoing;
use crate::sink::SinkError;

/// One of the archive sinks.
#[derive(Debug)]
pub enum ArchiveSink {
    /// Azure Blob storage.
    AzureBlob(AzureBlobSink),
    /// An S3-compatible bucket.
    S3(S3Sink),
    /// A local directory.
    LocalDirectory(LocalDirectorySink),
}

impl ArchiveSink {
    /// The sink of an `azureBlob`, `s3` or `localDirectory` destination; `None` for the
    /// Kafka-speaking kinds.
    pub fn new(
        destination: &Destination,
        clock: Arc<dyn Clock>,
    ) -> Result<Option<ArchiveSink>, SinkError> {
        Ok(Some(match destination {
            Destination::AzureBlob(azure) => {
                ArchiveSink::AzureBlob(AzureBlobSink::new(azure, clock)?)
            }
            Destination::S3(s3) => ArchiveSink::S3(S3Sink::new(s3)?),
            Destination::LocalDirectory(local) => {
                ArchiveSink::LocalDirectory(LocalDirectorySink::new(local)?)
            }
            Destination::Kafka(_) | Destination::EventHub(_) => return Ok(None),
        }))
    }

    /// Writes `batch`; see [`crate::sink`] for the contract.
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        match self {
            ArchiveSink::AzureBlob(sink) => sink.deliver(batch).await,
            ArchiveSink::S3(sink) => sink.deliver(batch).await,
            ArchiveSink::LocalDirectory(sink) => sink.deliver(batch).await,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use vigil_model::clock::SystemClock;
    use vigil_tenancy::diagnostic_settings::{KafkaDestination, LocalDirectoryDestination};

    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// The worker spawns deliveries on tokio: every sink's future must be `Send` (the
    /// enum's future holds each sink's).
    #[test]
    fn deliveries_can_be_spawned_and_kafka_is_not_an_archive() {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let local = Destination::LocalDirectory(LocalDirectoryDestination {
            path: "/tmp/vigil-never-written".to_owned(),
        });
        let mut sink = ArchiveSink::new(&local, Arc::clone(&clock))
            .unwrap()
            .unwrap();
        let delivery = sink.deliver(&[]);
        assert_send(&delivery);
        drop(delivery);
        let kafka = Destination::Kafka(KafkaDestination {
            bootstrap_servers: vec!["127.0.0.1:9092".to_owned()],
            topic: None,
            sasl: None,
            tls: false,
            messages: Default::default(),
        });
        assert!(ArchiveSink::new(&kafka, clock).unwrap().is_none());
    }
}
