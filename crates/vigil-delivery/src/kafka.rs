//! The Kafka sink: Kafka clusters and Azure Event Hubs (through its Kafka endpoint), with
//! `rskafka`.
//!
//! Records go to their category's topic (`Destination::kafka_target`) as Azure sends them:
//! JSON messages `{"records":[…]}` of at most the configured size
//! (`vigil_export::pack_records`), optionally gzip-compressed, keyed by the tenant id and
//! all on the tenant's partition (a stable hash of the tenant id over the topic's
//! partitions), so one tenant's records of a category stay in order. `deliver` produces
//! with `acks=all` and returns only when every message is acknowledged.
//!
//! A missing topic is created (one partition, the cluster's default replication); a
//! connection failure drops the client, and the next `deliver` reconnects.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use rskafka::BackoffConfig;
use rskafka::client::error::{Error as KafkaError, ProtocolError};
use rskafka::client::partition::{Compression, PartitionClient, UnknownTopicHandling};
use rskafka::client::{Client, ClientBuilder, Credentials, SaslConfig};
use rskafka::record::Record;
use vigil_export::{Category, RecordsBatcher};
use vigil_model::clock::Clock;
use vigil_tenancy::diagnostic_settings::{Compression as Codec, Destination, KafkaTarget};

use crate::outgoing::Outgoing;
use crate::sink::SinkError;

/// How long one produce (or connect) may take before the batch counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Most bytes of messages in one produce request (Kafka's default `message.max.bytes` is
/// 1 MiB per record batch).
const MAX_REQUEST_BYTES: usize = 900 * 1024;

/// A Kafka-speaking destination.
pub struct KafkaSink {
    destination: Destination,
    connection: KafkaTarget,
    client: Option<Arc<Client>>,
    partitions: HashMap<(String, i32), Arc<PartitionClient>>,
    partition_counts: HashMap<String, i32>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for KafkaSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaSink")
            .field("bootstrap", &self.connection.bootstrap_servers)
            .finish_non_exhaustive()
    }
}

impl KafkaSink {
    /// A sink for a `kafka` or `eventHub` destination; `clock` stamps the messages.
    pub fn new(destination: &Destination, clock: Arc<dyn Clock>) -> Result<KafkaSink, SinkError> {
        let connection = target(destination, Category::AuditLogs)?;
        Ok(KafkaSink {
            destination: destination.clone(),
            connection,
            client: None,
            partitions: HashMap::new(),
            partition_counts: HashMap::new(),
            clock,
        })
    }

    /// Produces every record of `batch` and waits for the acknowledgements.
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        let result = self.produce_all(batch).await;
        if result.is_err() {
            // Reconnect (and re-read partition counts) on the next attempt.
            self.client = None;
            self.partitions.clear();
            self.partition_counts.clear();
        }
        result
    }

    async fn produce_all(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        // Group by (topic, tenant), keeping batch order inside each group.
        let mut groups: Vec<((String, String), Vec<&Outgoing>)> = Vec::new();
        for record in batch {
            let topic = target(&self.destination, record.category)?.topic;
            let key = (topic, record.tenant.as_str().to_owned());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(record),
                None => groups.push((key, vec![record])),
            }
        }
        let max_bytes = self.connection.messages.max_bytes();
        let compression = match self.connection.messages.compression {
            Codec::None => Compression::NoCompression,
            Codec::Gzip => Compression::Gzip,
        };
        for ((topic, tenant), records) in groups {
            let mut batcher = RecordsBatcher::new(max_bytes);
            let mut messages = Vec::new();
            for outgoing in &records {
                messages.extend(batcher.push_encoded(outgoing.record.as_bytes()));
            }
            messages.extend(batcher.finish());
            let partition = self.partition_for(&topic, &tenant).await?;
            let mut request: Vec<Record> = Vec::new();
            let mut request_bytes = 0usize;
            for message in messages {
                if !request.is_empty() && request_bytes + message.len() > MAX_REQUEST_BYTES {
                    produce(&partition, std::mem::take(&mut request), compression).await?;
                    request_bytes = 0;
                }
                request_bytes += message.len();
                request.push(Record {
                    key: Some(tenant.as_bytes().to_vec()),
                    value: Some(message.into_bytes()),
                    headers: BTreeMap::new(),
                    timestamp: timestamp(self.clock.as_ref()),
                });
            }
            produce(&partition, request, compression).await?;
        }
        Ok(())
    }

    async fn client(&mut self) -> Result<Arc<Client>, SinkError> {
        if let Some(client) = &self.client {
            return Ok(Arc::clone(client));
        }
        let mut builder = ClientBuilder::new(self.connection.bootstrap_servers.clone())
            .client_id("vigil")
            .backoff_config(backoff());
        if let Some(sasl) = &self.connection.sasl {
            let password = sasl
                .password
                .expose()
                .ok_or_else(|| SinkError::Config("the SASL password is missing".into()))?;
            builder = builder.sasl_config(SaslConfig::Plain(Credentials::new(
                sasl.username.clone(),
                password.to_owned(),
            )));
        }
        if self.connection.tls {
            builder = builder.tls_config(tls_config()?);
        }
        let client = tokio::time::timeout(REQUEST_TIMEOUT, builder.build())
            .await
            .map_err(|_| SinkError::Unreachable("timed out connecting to the brokers".into()))?
            .map_err(describe)?;
        let client = Arc::new(client);
        self.client = Some(Arc::clone(&client));
        Ok(client)
    }

    async fn partition_for(
        &mut self,
        topic: &str,
        tenant: &str,
    ) -> Result<Arc<PartitionClient>, SinkError> {
        let client = self.client().await?;
        let count = match self.partition_counts.get(topic) {
            Some(n) => *n,
            None => {
                let n = ensure_topic(&client, topic).await?;
                self.partition_counts.insert(topic.to_owned(), n);
                n
            }
        };
        let partition = partition_of(tenant, count);
        let key = (topic.to_owned(), partition);
        if let Some(existing) = self.partitions.get(&key) {
            return Ok(Arc::clone(existing));
        }
        let created = tokio::time::timeout(
            REQUEST_TIMEOUT,
            client.partition_client(topic, partition, UnknownTopicHandling::Retry),
        )
        .await
        .map_err(|_| SinkError::Unreachable(format!("timed out finding topic {topic}")))?
        .map_err(describe)?;
        let created = Arc::new(created);
        self.partitions.insert(key, Arc::clone(&created));
        Ok(created)
    }
}

/// The partition of a tenant: FNV-1a of its id modulo the partition count, so the same
/// tenant always lands on the same partition while the count does not change.
pub fn partition_of(tenant: &str, partitions: i32) -> i32 {
    let hash = vigil_model::hash::fnv1a(tenant.as_bytes());
    let count = u64::try_from(partitions.max(1)).unwrap_or(1);
    i32::try_from(hash % count).unwrap_or(0)
}

fn target(destination: &Destination, category: Category) -> Result<KafkaTarget, SinkError> {
    destination
        .kafka_target(category)
        .map_err(|e| SinkError::Config(e.to_string()))?
        .ok_or_else(|| SinkError::Config("not a Kafka destination".into()))
}

async fn produce(
    partition: &PartitionClient,
    records: Vec<Record>,
    compression: Compression,
) -> Result<(), SinkError> {
    if records.is_empty() {
        return Ok(());
    }
    tokio::time::timeout(REQUEST_TIMEOUT, partition.produce(records, compression))
        .await
        .map_err(|_| SinkError::Unreachable("timed out waiting for the brokers' acks".into()))?
        .map_err(describe)?;
    Ok(())
}

/// The topic's partition count, creating the topic (one partition) if it does not exist.
async fn ensure_topic(client: &Client, topic: &str) -> Result<i32, SinkError> {
    let existing = tokio::time::timeout(REQUEST_TIMEOUT, client.list_topics())
        .await
        .map_err(|_| SinkError::Unreachable("timed out listing topics".into()))?
        .map_err(describe)?;
    if let Some(found) = existing.iter().find(|t| t.name == topic) {
        return Ok(i32::try_from(found.partitions.len()).unwrap_or(1).max(1));
    }
    let controller = client.controller_client().map_err(describe)?;
    let created = tokio::time::timeout(
        REQUEST_TIMEOUT,
        controller.create_topic(topic, 1, 1, 10_000),
    )
    .await
    .map_err(|_| SinkError::Unreachable(format!("timed out creating topic {topic}")))?;
    match created {
        Ok(()) => Ok(1),
        Err(KafkaError::ServerError {
            protocol_error: ProtocolError::TopicAlreadyExists,
            ..
        }) => Ok(1),
        Err(error) => Err(describe(error)),
    }
}

/// The produce time stamped on each message.
fn timestamp(clock: &dyn Clock) -> rskafka::chrono::DateTime<rskafka::chrono::Utc> {
    let millis = i64::try_from(clock.now().unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    rskafka::chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

fn backoff() -> BackoffConfig {
    BackoffConfig {
        init_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(2),
        base: 2.0,
        deadline: Some(Duration::from_secs(5)),
    }
}

fn tls_config() -> Result<Arc<rustls::ClientConfig>, SinkError> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| SinkError::Config(format!("TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

/// An rskafka error as a [`SinkError`]. rskafka's messages name brokers and protocol
/// errors, never credentials.
fn describe(error: KafkaError) -> SinkError {
    let text = error.to_string();
    match &error {
        KafkaError::ServerError {
            protocol_error:
                ProtocolError::SaslAuthenticationFailed
                | ProtocolError::TopicAuthorizationFailed
                | ProtocolError::ClusterAuthorizationFailed,
            ..
        } => SinkError::Unauthorized(text),
        KafkaError::ServerError { .. } => SinkError::Rejected(text),
        _ => SinkError::Unreachable(text),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn a_tenant_always_lands_on_the_same_partition() {
        let tenant = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        for partitions in 1..20 {
            let p = partition_of(tenant, partitions);
            assert!((0..partitions).contains(&p));
            assert_eq!(p, partition_of(tenant, partitions));
        }
        assert_eq!(partition_of(tenant, 0), 0);
        assert_eq!(partition_of(tenant, -3), 0);
        let spread: std::collections::HashSet<i32> = (0..64)
            .map(|n| partition_of(&format!("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e{n:02x}"), 8))
            .collect();
        assert!(
            spread.len() > 4,
            "tenants spread over partitions: {spread:?}"
        );
    }
}
