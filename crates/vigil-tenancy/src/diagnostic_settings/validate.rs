//! Validation of a [`DiagnosticSetting`]: every error names the offending field by its JSON
//! path from the document root (`properties.destinations[0].bootstrapServers`).

use std::collections::HashSet;

use super::connection_string::{
    check_account_key, check_account_name, check_blob, check_http_url, check_hub_name,
    parse_event_hub,
};
use super::{
    AzureBlobDestination, Category, Destination, DiagnosticSetting, EventHubDestination,
    KafkaDestination, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES, MessageOptions, S3Destination, Secret,
};

/// Longest setting name.
pub const MAX_NAME_CHARS: usize = 128;
/// At most this many destinations in one setting.
pub const MAX_DESTINATIONS: usize = 8;

/// A rejected setting: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct SettingError {
    /// JSON path of the field (`properties.logs[1].category`); empty for the whole body.
    pub field: String,
    /// Why it was refused. Never contains a secret.
    pub reason: String,
}

impl SettingError {
    /// An error for `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> SettingError {
        SettingError {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(super) fn from_serde(error: serde_path_to_error::Error<serde_json::Error>) -> SettingError {
        let field = error.path().to_string();
        let inner = error.into_inner();
        // serde_json's message may quote the input (an unknown variant, an invalid type),
        // but never a secret's value: secrets are plain strings, which always deserialise.
        let reason = inner.to_string();
        let reason = match reason.find(" at line ") {
            Some(at) => reason[..at].to_owned(),
            None => reason,
        };
        SettingError {
            field: if field == "." { String::new() } else { field },
            reason,
        }
    }
}

fn dest_field(index: usize, field: &str) -> String {
    format!("properties.destinations[{index}].{field}")
}

impl DiagnosticSetting {
    /// Checks everything that does not need the store (uniqueness and the per-tenant limit
    /// are the store's).
    pub fn validate(&self) -> Result<(), SettingError> {
        check_name(&self.name)?;
        if self.logs.is_empty() {
            return Err(SettingError::new(
                "properties.logs",
                "at least one {category, enabled} is required",
            ));
        }
        let mut seen = HashSet::new();
        for (i, log) in self.logs.iter().enumerate() {
            let field = format!("properties.logs[{i}].category");
            let category: Category = log
                .category()
                .map_err(|e| SettingError::new(&field, e.to_string()))?;
            if !seen.insert(category) {
                return Err(SettingError::new(
                    field,
                    format!("{category} is listed twice"),
                ));
            }
        }
        if self.destinations.is_empty() || self.destinations.len() > MAX_DESTINATIONS {
            return Err(SettingError::new(
                "properties.destinations",
                format!("1 to {MAX_DESTINATIONS} destinations are required"),
            ));
        }
        for (i, destination) in self.destinations.iter().enumerate() {
            check_destination(i, destination)?;
            let mut copy = destination.clone();
            for (field, secret) in copy.secrets_mut() {
                if secret.is_kept() {
                    return Err(SettingError::new(
                        dest_field(i, field),
                        "\"***\" keeps a stored secret only when updating the same field of \
                         a destination of the same kind at the same position",
                    ));
                }
                if secret.expose().is_some_and(|s| s.trim().is_empty()) {
                    return Err(SettingError::new(dest_field(i, field), "must not be empty"));
                }
            }
        }
        Ok(())
    }
}

/// A setting name: 1 to 128 letters, digits, spaces, `-`, `_` and `.`; no leading or
/// trailing space.
pub fn check_name(name: &str) -> Result<(), SettingError> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name.trim() == name
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(SettingError::new(
            "name",
            format!(
                "must be 1 to {MAX_NAME_CHARS} letters, digits, spaces, '-', '_' or '.', \
                 without leading or trailing spaces"
            ),
        ))
    }
}

fn check_destination(i: usize, destination: &Destination) -> Result<(), SettingError> {
    match destination {
        Destination::Kafka(kafka) => check_kafka(i, kafka),
        Destination::EventHub(hub) => check_event_hub(i, hub),
        Destination::AzureBlob(blob) => check_azure_blob(i, blob),
        Destination::S3(s3) => check_s3(i, s3),
        Destination::LocalDirectory(dir) => {
            let path = std::path::Path::new(&dir.path);
            if dir.path.contains('\0') || !path.is_absolute() {
                return Err(SettingError::new(
                    dest_field(i, "path"),
                    "must be an absolute path",
                ));
            }
            Ok(())
        }
    }
}

fn check_kafka(i: usize, kafka: &KafkaDestination) -> Result<(), SettingError> {
    if kafka.bootstrap_servers.is_empty() {
        return Err(SettingError::new(
            dest_field(i, "bootstrapServers"),
            "at least one host:port is required",
        ));
    }
    for (j, server) in kafka.bootstrap_servers.iter().enumerate() {
        check_host_port(server).map_err(|reason| {
            SettingError::new(dest_field(i, &format!("bootstrapServers[{j}]")), reason)
        })?;
    }
    if let Some(topic) = &kafka.topic {
        check_topic(topic).map_err(|reason| SettingError::new(dest_field(i, "topic"), reason))?;
    }
    check_messages(i, &kafka.messages)?;
    if kafka
        .sasl
        .as_ref()
        .is_some_and(|s| s.username.trim().is_empty())
    {
        return Err(SettingError::new(
            dest_field(i, "sasl.username"),
            "must not be empty",
        ));
    }
    Ok(())
}

fn check_messages(i: usize, messages: &MessageOptions) -> Result<(), SettingError> {
    match messages.max_message_bytes {
        Some(n) if !(MIN_MESSAGE_BYTES..=MAX_MESSAGE_BYTES).contains(&n) => Err(SettingError::new(
            dest_field(i, "maxMessageBytes"),
            format!("must be between {MIN_MESSAGE_BYTES} and {MAX_MESSAGE_BYTES}"),
        )),
        _ => Ok(()),
    }
}

fn check_event_hub(i: usize, hub: &EventHubDestination) -> Result<(), SettingError> {
    check_messages(i, &hub.messages)?;
    let field = dest_field(i, "connectionString");
    let parsed = match hub.connection_string.expose() {
        Some(text) => Some(parse_event_hub(text).map_err(|r| SettingError::new(&field, r))?),
        None => None, // "***": checked with the other secrets
    };
    if let Some(name) = &hub.hub {
        check_hub_name(name).map_err(|r| SettingError::new(dest_field(i, "hub"), r))?;
        if parsed
            .and_then(|p| p.entity_path)
            .is_some_and(|entity| &entity != name)
        {
            return Err(SettingError::new(
                dest_field(i, "hub"),
                "differs from the connection string's EntityPath",
            ));
        }
    }
    Ok(())
}

fn check_azure_blob(i: usize, blob: &AzureBlobDestination) -> Result<(), SettingError> {
    let forms = usize::from(blob.connection_string.is_some())
        + usize::from(blob.account_name.is_some() || blob.account_key.is_some())
        + usize::from(blob.sas_url.is_some());
    if forms != 1 {
        return Err(SettingError::new(
            dest_field(i, "connectionString"),
            "give exactly one of connectionString, accountName with accountKey, or sasUrl",
        ));
    }
    let exposed = |s: &Option<Secret>| s.as_ref().and_then(|s| s.expose().map(str::to_owned));
    if let Some(text) = exposed(&blob.connection_string) {
        check_blob(&text).map_err(|r| SettingError::new(dest_field(i, "connectionString"), r))?;
    }
    if blob.account_name.is_some() || blob.account_key.is_some() {
        let name = blob.account_name.as_deref().unwrap_or_default();
        check_account_name(name).map_err(|r| SettingError::new(dest_field(i, "accountName"), r))?;
        if blob.account_key.is_none() {
            return Err(SettingError::new(
                dest_field(i, "accountKey"),
                "required with accountName",
            ));
        }
        if let Some(key) = exposed(&blob.account_key) {
            check_account_key(&key)
                .map_err(|r| SettingError::new(dest_field(i, "accountKey"), r))?;
        }
    }
    if let Some(endpoint) = &blob.blob_endpoint {
        if blob.account_name.is_none() {
            return Err(SettingError::new(
                dest_field(i, "blobEndpoint"),
                "only with accountName",
            ));
        }
        check_http_url(endpoint)
            .map_err(|r| SettingError::new(dest_field(i, "blobEndpoint"), r))?;
    }
    if let Some(url) = exposed(&blob.sas_url) {
        let field = dest_field(i, "sasUrl");
        // The message must not quote the URL: its query is the signature.
        let parsed = check_http_url(&url)
            .map_err(|_| SettingError::new(&field, "must be an http or https URL with a host"))?;
        if !parsed.query_pairs().any(|(k, _)| k == "sig") {
            return Err(SettingError::new(field, "has no sig= parameter"));
        }
    }
    Ok(())
}

fn check_s3(i: usize, s3: &S3Destination) -> Result<(), SettingError> {
    check_http_url(&s3.endpoint).map_err(|r| SettingError::new(dest_field(i, "endpoint"), r))?;
    let bucket_ok = (3..=63).contains(&s3.bucket.len())
        && s3
            .bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
        && s3
            .bucket
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && s3
            .bucket
            .bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if !bucket_ok {
        return Err(SettingError::new(
            dest_field(i, "bucket"),
            "must be 3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit",
        ));
    }
    if s3.region.trim().is_empty() || s3.region.contains(char::is_whitespace) {
        return Err(SettingError::new(
            dest_field(i, "region"),
            "must be a region name",
        ));
    }
    if s3.access_key_id.trim().is_empty() {
        return Err(SettingError::new(
            dest_field(i, "accessKeyId"),
            "must not be empty",
        ));
    }
    Ok(())
}

/// `host:port`: a DNS name, IPv4 address or `[IPv6]`, and a port from 1 to 65535.
fn check_host_port(text: &str) -> Result<(), String> {
    let (host, port) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("{text:?} is not host:port"))?;
    match port.parse::<u16>() {
        Ok(p) if p > 0 => {}
        _ => return Err(format!("{text:?} has no port from 1 to 65535")),
    }
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        inner.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    };
    if host_ok {
        Ok(())
    } else {
        Err(format!("{text:?} has no valid host name"))
    }
}

/// A Kafka topic: 1 to 249 letters, digits, `.`, `_`, `-`; not `.` or `..`.
fn check_topic(topic: &str) -> Result<(), String> {
    let ok = (1..=249).contains(&topic.len())
        && topic != "."
        && topic != ".."
        && topic
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err("must be 1 to 249 letters, digits, '.', '_' or '-'".to_owned())
    }
}
