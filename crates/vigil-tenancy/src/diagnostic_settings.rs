//! Per-tenant diagnostic settings: which log categories go to which destinations, shaped
//! like Azure's `microsoft.aadiam/diagnosticSettings` (configuration only; delivery is not
//! here).
//!
//! JSON (camelCase; what the admin API and the CLI take and show):
//!
//! ```json
//! {
//!   "name": "to-siem",
//!   "properties": {
//!     "logs": [ { "category": "SignInLogs", "enabled": true } ],
//!     "destinations": [
//!       { "kind": "kafka", "bootstrapServers": ["kafka-1:9092"], "topic": "entra",
//!         "sasl": { "username": "vigil", "password": "…" }, "tls": true },
//!       { "kind": "eventHub", "connectionString": "Endpoint=sb://ns.servicebus.windows.net/;…", "hub": "entra" },
//!       { "kind": "azureBlob", "connectionString": "…" },
//!       { "kind": "azureBlob", "accountName": "contosologs", "accountKey": "…", "blobEndpoint": "https://…" },
//!       { "kind": "azureBlob", "sasUrl": "https://contosologs.blob.core.windows.net/?sv=…&sig=…" },
//!       { "kind": "s3", "endpoint": "https://s3.example.com", "bucket": "entra-logs", "region": "us-east-1",
//!         "accessKeyId": "AKIA…", "secretAccessKey": "…" },
//!       { "kind": "localDirectory", "path": "/var/lib/vigil-export" }
//!     ]
//!   }
//! }
//! ```
//!
//! Topics default to Azure's `insights-logs-<category in lower case>`. An `eventHub`
//! destination is Kafka underneath ([`Destination::kafka_target`]): bootstrap
//! `<namespace>:9093`, SASL PLAIN with username `$ConnectionString` and the whole
//! connection string as password, TLS on.
//!
//! Secrets ([`Secret`]: SASL password, connection strings, account key, SAS URL, S3 secret
//! key) serialise as `"***"`, so no rendering of a setting shows them; on update `"***"`
//! keeps the stored value of the same field of the same destination.
//!
//! Validation ([`DiagnosticSetting::from_json`], [`DiagnosticSetting::validate`]) names the
//! offending field by its JSON path, e.g. `properties.destinations[0].bootstrapServers`.

mod connection_string;
mod secret;
#[cfg(test)]
mod tests;
mod validate;

use serde::{Deserialize, Serialize};

pub use connection_string::{EVENT_HUBS_KAFKA_PORT, EventHubConnection, parse_event_hub};
pub use secret::{REDACTED, Secret};
pub use validate::SettingError;
/// The categories are `vigil-export`'s: one enum for configuration and delivery.
pub use vigil_export::{Category, ParseCategoryError as UnknownCategory};

/// At most this many settings per tenant, as in Azure.
pub const MAX_DIAGNOSTIC_SETTINGS: usize = 5;

/// The SASL username of the Event Hubs Kafka endpoint.
pub const EVENT_HUBS_USERNAME: &str = "$ConnectionString";

/// One diagnostic setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Document", from = "Document")]
pub struct DiagnosticSetting {
    /// Unique per tenant (case-insensitively).
    pub name: String,
    /// Which categories are exported.
    pub logs: Vec<LogSetting>,
    /// Where they go; every enabled category goes to every destination.
    pub destinations: Vec<Destination>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Document {
    #[serde(default)]
    name: String,
    properties: Properties,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Properties {
    logs: Vec<LogSetting>,
    destinations: Vec<Destination>,
}

impl From<Document> for DiagnosticSetting {
    fn from(doc: Document) -> DiagnosticSetting {
        DiagnosticSetting {
            name: doc.name,
            logs: doc.properties.logs,
            destinations: doc.properties.destinations,
        }
    }
}

impl From<DiagnosticSetting> for Document {
    fn from(setting: DiagnosticSetting) -> Document {
        Document {
            name: setting.name,
            properties: Properties {
                logs: setting.logs,
                destinations: setting.destinations,
            },
        }
    }
}

/// `{category, enabled}`. The category is kept as sent so validation can name a bad one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogSetting {
    /// A [`Category`] wire name.
    pub category: String,
    /// Whether the category is exported.
    pub enabled: bool,
}

impl LogSetting {
    /// The parsed category.
    pub fn category(&self) -> Result<Category, UnknownCategory> {
        self.category.parse()
    }
}

/// A destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Destination {
    /// Any Kafka cluster.
    Kafka(KafkaDestination),
    /// Azure Event Hubs through its Kafka endpoint.
    EventHub(EventHubDestination),
    /// Azure Blob storage (or an emulator).
    AzureBlob(AzureBlobDestination),
    /// An S3-compatible bucket.
    S3(S3Destination),
    /// A directory on the server.
    LocalDirectory(LocalDirectoryDestination),
}

/// A Kafka cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KafkaDestination {
    /// `host:port` of one or more brokers.
    pub bootstrap_servers: Vec<String>,
    /// One topic for every category; default `insights-logs-<category>` per category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// SASL PLAIN credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sasl: Option<SaslPlain>,
    /// TLS to the brokers.
    #[serde(default)]
    pub tls: bool,
    /// Message size and compression.
    #[serde(flatten)]
    pub messages: MessageOptions,
}

/// How records are packed into Kafka messages (both Kafka-speaking destinations).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageOptions {
    /// Largest `{"records":[…]}` message in bytes before compression (default 256 KiB, as
    /// Azure; 1 KiB to 1 MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_message_bytes: Option<usize>,
    /// Kafka batch compression: `none` (default) or `gzip`.
    #[serde(default, skip_serializing_if = "Compression::is_none")]
    pub compression: Compression,
}

impl MessageOptions {
    /// The effective message size limit.
    pub fn max_bytes(&self) -> usize {
        self.max_message_bytes
            .unwrap_or(vigil_export::DEFAULT_MAX_MESSAGE_BYTES)
    }
}

/// Kafka batch compression.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Compression {
    /// Uncompressed.
    #[default]
    None,
    /// gzip.
    Gzip,
}

impl Compression {
    fn is_none(&self) -> bool {
        *self == Compression::None
    }
}

/// Smallest configurable message size.
pub const MIN_MESSAGE_BYTES: usize = 1024;
/// Largest configurable message size (Event Hubs' Kafka endpoint takes 1 MB).
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// SASL PLAIN credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaslPlain {
    /// User name.
    pub username: String,
    /// Password.
    pub password: Secret,
}

/// An Event Hubs namespace (or hub), by connection string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventHubDestination {
    /// `Endpoint=sb://<ns>.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…`.
    pub connection_string: Secret,
    /// One hub for every category; default the string's `EntityPath`, else
    /// `insights-logs-<category>` per category (as Azure does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
    /// Message size and compression.
    #[serde(flatten)]
    pub messages: MessageOptions,
}

/// Azure Blob storage: exactly one of a connection string, an account name and key, or a
/// SAS URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureBlobDestination {
    /// A storage connection string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<Secret>,
    /// The account, with `accountKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// The account key (base64), with `accountName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_key: Option<Secret>,
    /// The blob endpoint for `accountName` (default `https://<account>.blob.core.windows.net`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_endpoint: Option<String>,
    /// A service SAS URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sas_url: Option<Secret>,
}

/// An S3-compatible bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S3Destination {
    /// `http(s)://host[:port]`.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region (default `us-east-1`).
    #[serde(default = "default_region")]
    pub region: String,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: Secret,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

/// A directory on the server's file system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalDirectoryDestination {
    /// An absolute path.
    pub path: String,
}

/// Where a Kafka-speaking destination sends one category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KafkaTarget {
    /// `host:port` list.
    pub bootstrap_servers: Vec<String>,
    /// The topic for the category.
    pub topic: String,
    /// SASL PLAIN credentials.
    pub sasl: Option<SaslPlain>,
    /// TLS on.
    pub tls: bool,
    /// Message size and compression.
    pub messages: MessageOptions,
}

impl Destination {
    /// The Kafka connection for `category`, for `kafka` and `eventHub` destinations;
    /// `None` for the others.
    pub fn kafka_target(&self, category: Category) -> Result<Option<KafkaTarget>, SettingError> {
        match self {
            Destination::Kafka(kafka) => Ok(Some(KafkaTarget {
                bootstrap_servers: kafka.bootstrap_servers.clone(),
                topic: kafka
                    .topic
                    .clone()
                    .unwrap_or_else(|| category.topic_default()),
                sasl: kafka.sasl.clone(),
                tls: kafka.tls,
                messages: kafka.messages.clone(),
            })),
            Destination::EventHub(hub) => {
                let text = hub.connection_string.expose().ok_or_else(|| {
                    SettingError::new("connectionString", "the stored value is missing")
                })?;
                let parsed = parse_event_hub(text)
                    .map_err(|reason| SettingError::new("connectionString", reason))?;
                Ok(Some(KafkaTarget {
                    bootstrap_servers: vec![parsed.bootstrap_server()],
                    topic: hub
                        .hub
                        .clone()
                        .or(parsed.entity_path)
                        .unwrap_or_else(|| category.topic_default()),
                    sasl: Some(SaslPlain {
                        username: EVENT_HUBS_USERNAME.to_owned(),
                        password: hub.connection_string.clone(),
                    }),
                    tls: true,
                    messages: hub.messages.clone(),
                }))
            }
            Destination::AzureBlob(_) | Destination::S3(_) | Destination::LocalDirectory(_) => {
                Ok(None)
            }
        }
    }

    /// Every secret of this destination with its field path (relative to the
    /// destination), in a fixed order.
    pub fn secrets_mut(&mut self) -> Vec<(&'static str, &mut Secret)> {
        match self {
            Destination::Kafka(k) => k
                .sasl
                .as_mut()
                .map(|s| ("sasl.password", &mut s.password))
                .into_iter()
                .collect(),
            Destination::EventHub(h) => vec![("connectionString", &mut h.connection_string)],
            Destination::AzureBlob(b) => [
                ("connectionString", b.connection_string.as_mut()),
                ("accountKey", b.account_key.as_mut()),
                ("sasUrl", b.sas_url.as_mut()),
            ]
            .into_iter()
            .filter_map(|(field, secret)| secret.map(|s| (field, s)))
            .collect(),
            Destination::S3(s) => vec![("secretAccessKey", &mut s.secret_access_key)],
            Destination::LocalDirectory(_) => Vec::new(),
        }
    }

    /// A stable fingerprint of where this destination delivers, without its secrets:
    /// `<kind>-<16 hex digits>` from the SHA-256 of its redacted JSON. Delivery positions
    /// are kept under it, so rotating a secret or editing another destination keeps the
    /// position, and pointing the destination elsewhere starts a new one.
    pub fn key(&self) -> String {
        use sha2::{Digest, Sha256};
        // Serialising a destination cannot fail (plain strings, bools, redacted secrets).
        let json = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&json);
        format!("{}-{}", self.kind(), hex::encode(&digest[..8]))
    }

    /// The destination's `kind` as it appears in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Destination::Kafka(_) => "kafka",
            Destination::EventHub(_) => "eventHub",
            Destination::AzureBlob(_) => "azureBlob",
            Destination::S3(_) => "s3",
            Destination::LocalDirectory(_) => "localDirectory",
        }
    }
}

impl DiagnosticSetting {
    /// Parses and validates a setting from JSON; errors name the field.
    pub fn from_json(bytes: &[u8]) -> Result<DiagnosticSetting, SettingError> {
        let setting = DiagnosticSetting::parse_json(bytes)?;
        setting.validate()?;
        Ok(setting)
    }

    /// Parses a setting from JSON without [`DiagnosticSetting::validate`] (for updates,
    /// whose `"***"` secrets are filled from the stored setting first; the store validates).
    pub fn parse_json(bytes: &[u8]) -> Result<DiagnosticSetting, SettingError> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let setting: DiagnosticSetting = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(SettingError::from_serde)?;
        deserializer
            .end()
            .map_err(|e| SettingError::new("", e.to_string()))?;
        Ok(setting)
    }

    /// The categories that are enabled.
    pub fn enabled_categories(&self) -> Vec<Category> {
        self.logs
            .iter()
            .filter(|l| l.enabled)
            .filter_map(|l| l.category().ok())
            .collect()
    }

    /// The secret values in a fixed order (destination by destination), for storing
    /// encrypted; [`DiagnosticSetting::restore_secrets`] puts them back.
    pub fn secret_values(&self) -> Vec<String> {
        let mut copy = self.clone();
        copy.destinations
            .iter_mut()
            .flat_map(|d| d.secrets_mut())
            .map(|(_, s)| s.expose().unwrap_or_default().to_owned())
            .collect()
    }

    /// Fills the secrets of a setting read back from its redacted JSON; `false` if the
    /// count does not match.
    pub fn restore_secrets(&mut self, values: Vec<String>) -> bool {
        let mut slots: Vec<&mut Secret> = self
            .destinations
            .iter_mut()
            .flat_map(|d| d.secrets_mut())
            .map(|(_, s)| s)
            .collect();
        if slots.len() != values.len() {
            return false;
        }
        for (slot, value) in slots.iter_mut().zip(values) {
            **slot = Secret::new(value);
        }
        true
    }

    /// For an update: every `"***"` secret takes the stored value of the same field of
    /// the destination at the same position, if that destination has the same kind.
    /// Placeholders without a counterpart stay, and [`DiagnosticSetting::validate`]
    /// refuses them.
    pub fn keep_secrets_from(&mut self, stored: &DiagnosticSetting) {
        let mut stored = stored.clone();
        for (new, old) in self
            .destinations
            .iter_mut()
            .zip(stored.destinations.iter_mut())
        {
            if new.kind() != old.kind() {
                continue;
            }
            let old_secrets = old.secrets_mut();
            for (field, secret) in new.secrets_mut() {
                if !secret.is_kept() {
                    continue;
                }
                if let Some((_, value)) = old_secrets.iter().find(|(f, _)| *f == field) {
                    *secret = (*value).clone();
                }
            }
        }
    }
}
