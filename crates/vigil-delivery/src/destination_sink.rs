//! One sink per destination kind behind a single type, so a worker does not care where
//! its records go.

use std::sync::Arc;

use vigil_model::clock::Clock;
use vigil_tenancy::Destination;

use crate::archive::ArchiveSink;
use crate::kafka::KafkaSink;
use crate::outgoing::Outgoing;
use crate::sink::SinkError;

/// The sink of one destination.
#[derive(Debug)]
pub enum DestinationSink {
    /// `kafka` and `eventHub`.
    Kafka(Box<KafkaSink>),
    /// `azureBlob`, `s3` and `localDirectory`.
    Archive(Box<ArchiveSink>),
}

impl DestinationSink {
    /// The sink for `destination`. Nothing is contacted yet.
    pub fn open(
        destination: &Destination,
        clock: Arc<dyn Clock>,
    ) -> Result<DestinationSink, SinkError> {
        match destination {
            Destination::Kafka(_) | Destination::EventHub(_) => Ok(DestinationSink::Kafka(
                Box::new(KafkaSink::new(destination, clock)?),
            )),
            Destination::AzureBlob(_) | Destination::S3(_) | Destination::LocalDirectory(_) => {
                ArchiveSink::new(destination, clock)?
                    .map(|sink| DestinationSink::Archive(Box::new(sink)))
                    .ok_or_else(|| SinkError::Config("not an archive destination".into()))
            }
        }
    }

    /// Delivers a batch (see [`crate::sink`] for the contract).
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        match self {
            DestinationSink::Kafka(sink) => sink.deliver(batch).await,
            DestinationSink::Archive(sink) => sink.deliver(batch).await,
        }
    }
}
