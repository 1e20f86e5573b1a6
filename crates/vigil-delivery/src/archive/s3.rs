//! [`S3Sink`]: the archive layout in an S3-compatible bucket — object
//! `<container>/<blob name>`, e.g.
//! `insights-logs-signinlogs/tenantId=…/y=2026/m=03/d=01/h=10/m=00/PT1H.json` — through
//! `object_store` (SigV4, path-style requests, plain http when the endpoint says so).
//!
//! S3 objects cannot be appended to, so each group is a read-modify-write: GET the object
//! (absent = empty), add the group's lines, PUT the whole object. A destination has one
//! writer, so a plain overwrite loses nothing. The sink keeps what it last wrote to each
//! object in memory and skips the GET while it has it; the copies of objects the current
//! batch did not touch are dropped once they hold more than [`S3_CACHE_BYTES`].
//!
//! Cost: an hourly object that ends at `S` bytes after `k` deliveries has been uploaded
//! about `k·S/2` bytes in total — O(n²) per hour in the number of deliveries. With the
//! worker's batches of hundreds of records that is fine for Entra-sized tenants; a very busy
//! tenant on S3 would want bigger, rarer batches (or Azure Blob, which appends).
//!
//! Errors: 401/403 → `Unauthorized`; connection failures and timeouts (after
//! `object_store`'s own two retries) and 5xx → `Unreachable`; everything else →
//! `Rejected`, with S3's error `<Code>` when it sent one. `object_store` reports HTTP
//! statuses only in its error text, so the status is read from there.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::client::{HttpError, HttpErrorKind};
use object_store::path::Path as ObjectPath;
use object_store::{BackoffConfig, ClientOptions, ObjectStoreExt, PutPayload, RetryConfig};
use vigil_tenancy::diagnostic_settings::S3Destination;

use super::azure_response::error_code;
use super::group::group_batch;
use super::redact::Redactor;
use crate::Outgoing;
use crate::sink::SinkError;

/// Bytes of object copies kept beyond those the current batch wrote.
pub const S3_CACHE_BYTES: usize = 64 * 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Writes exported records to hourly objects of an S3-compatible bucket.
pub struct S3Sink {
    store: AmazonS3,
    redactor: Redactor,
    objects: HashMap<String, Bytes>,
}

impl std::fmt::Debug for S3Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "S3Sink({}, {} objects cached)",
            self.store,
            self.objects.len()
        )
    }
}

impl S3Sink {
    /// A sink for `destination`. Fails with [`SinkError::Config`] for an endpoint that is
    /// not an http(s) URL or a missing secret.
    pub fn new(destination: &S3Destination) -> Result<S3Sink, SinkError> {
        let secret = destination
            .secret_access_key
            .expose()
            .ok_or_else(|| SinkError::Config("the stored secretAccessKey is missing".to_owned()))?;
        let redactor = Redactor::new([secret]);
        let endpoint = url::Url::parse(&destination.endpoint)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                SinkError::Config("the endpoint is not an http or https URL".to_owned())
            })?;
        // Client options first: `with_client_options` replaces all of them, `allow_http`
        // included.
        let store = AmazonS3Builder::new()
            .with_client_options(
                ClientOptions::new()
                    .with_timeout(REQUEST_TIMEOUT)
                    .with_connect_timeout(CONNECT_TIMEOUT),
            )
            .with_endpoint(destination.endpoint.trim_end_matches('/'))
            .with_allow_http(endpoint.scheme() == "http")
            .with_virtual_hosted_style_request(false)
            .with_bucket_name(&destination.bucket)
            .with_region(&destination.region)
            .with_access_key_id(&destination.access_key_id)
            .with_secret_access_key(secret)
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 2,
                retry_timeout: Duration::from_secs(60),
            })
            .build()
            .map_err(|e| redactor.error(SinkError::Config(format!("S3 client: {e}"))))?;
        Ok(S3Sink {
            store,
            redactor,
            objects: HashMap::new(),
        })
    }

    /// Appends every record of `batch` to its hourly object; `Ok` once every PUT was
    /// acknowledged.
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        let result = self.deliver_groups(batch).await;
        result.map_err(|e| self.redactor.error(e))
    }

    async fn deliver_groups(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        let mut touched = HashSet::new();
        for group in group_batch(batch)? {
            let key = group.key();
            let path = ObjectPath::parse(&key)
                .map_err(|_| SinkError::Rejected(format!("{key} is not a valid object key")))?;
            let current = match self.objects.get(&key) {
                Some(bytes) => bytes.clone(),
                None => self.fetch(&key, &path).await?,
            };
            let mut next = Vec::with_capacity(current.len() + group.lines.len());
            next.extend_from_slice(&current);
            next.extend_from_slice(&group.lines);
            let next = Bytes::from(next);
            if let Err(e) = self.store.put(&path, PutPayload::from(next.clone())).await {
                self.objects.remove(&key);
                return Err(map_error(&format!("PUT {key}"), &e));
            }
            self.objects.insert(key.clone(), next);
            touched.insert(key);
        }
        self.trim_cache(&touched);
        Ok(())
    }

    /// The object's content, empty if there is none.
    async fn fetch(&self, key: &str, path: &ObjectPath) -> Result<Bytes, SinkError> {
        let what = format!("GET {key}");
        match self.store.get(path).await {
            Ok(result) => result.bytes().await.map_err(|e| map_error(&what, &e)),
            Err(object_store::Error::NotFound { .. }) => Ok(Bytes::new()),
            Err(e) => Err(map_error(&what, &e)),
        }
    }

    /// Drops copies of untouched objects once all copies exceed [`S3_CACHE_BYTES`].
    fn trim_cache(&mut self, touched: &HashSet<String>) {
        let total: usize = self.objects.values().map(Bytes::len).sum();
        if total > S3_CACHE_BYTES {
            self.objects.retain(|key, _| touched.contains(key));
        }
    }
}

/// An `object_store` error as a [`SinkError`] for operation `what`; the message holds the
/// operation, the HTTP status and S3's error code, not the library's text.
fn map_error(what: &str, error: &object_store::Error) -> SinkError {
    let text = chain_text(error);
    let code = error_code(None, text.as_bytes());
    let status = status_in(&text);
    let detail = match (status, &code) {
        (Some(status), Some(code)) => format!("{what}: HTTP {status} {code}"),
        (Some(status), None) => format!("{what}: HTTP {status}"),
        (None, Some(code)) => format!("{what}: {code}"),
        (None, None) => format!("{what}: {}", short_kind(error)),
    };
    if let Some(kind) = http_error_kind(error) {
        let cause = deepest_cause(error);
        return SinkError::Unreachable(format!("{what}: {kind:?} error: {cause}"));
    }
    match error {
        object_store::Error::Unauthenticated { .. }
        | object_store::Error::PermissionDenied { .. } => SinkError::Unauthorized(detail),
        _ => match status {
            Some(401 | 403) => SinkError::Unauthorized(detail),
            Some(408 | 429 | 500..=599) => SinkError::Unreachable(detail),
            _ => SinkError::Rejected(detail),
        },
    }
}

/// The error and all its causes, joined.
fn chain_text(error: &object_store::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(" | ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The status after object_store's "status code: " (its non-2xx message).
fn status_in(text: &str) -> Option<u16> {
    let start = text.find("status code: ")? + "status code: ".len();
    text.get(start..start + 3)?.parse().ok()
}

/// The kind of the transport error in the chain, if the request got no answer.
fn http_error_kind(error: &object_store::Error) -> Option<HttpErrorKind> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(http) = cause.downcast_ref::<HttpError>() {
            return Some(http.kind());
        }
        source = cause.source();
    }
    None
}

/// The innermost cause's text (an I/O error such as "Connection refused"), which carries
/// no URL.
fn deepest_cause(error: &object_store::Error) -> String {
    let mut last: &dyn std::error::Error = error;
    while let Some(cause) = last.source() {
        last = cause;
    }
    last.to_string()
}

fn short_kind(error: &object_store::Error) -> &'static str {
    match error {
        object_store::Error::NotFound { .. } => "not found",
        object_store::Error::Precondition { .. } => "precondition failed",
        object_store::Error::AlreadyExists { .. } => "already exists",
        object_store::Error::Unauthenticated { .. } => "unauthenticated",
        object_store::Error::PermissionDenied { .. } => "permission denied",
        _ => "failed",
    }
}

#[cfg(test)]
#[path = "s3_tests.rs"]
mod tests;
