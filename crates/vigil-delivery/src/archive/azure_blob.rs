//! [`AzureBlobSink`]: the storage-account archive in Azure Blob storage (or Azurite) —
//! hourly append blobs, as Azure Monitor writes them — through the Blob REST API.
//!
//! Per (container, blob) group of a batch: Create Container (`PUT ?restype=container`; 409
//! `ContainerAlreadyExists` is fine), Create Append Blob (`PUT`, `x-ms-blob-type:
//! AppendBlob`, `If-None-Match: *`; 409 `BlobAlreadyExists` — or 412 — is fine), then one
//! Append Block (`PUT ?comp=appendblock`) per ≤ 4 MiB of lines, cut at line ends. The
//! containers and blobs known to exist are remembered, so in steady state a group costs one
//! request. A 404 from Append Block (someone deleted the blob or its container) forgets
//! them, creates them again and appends once more.
//!
//! Authorization is Shared Key (`shared_key.rs`) or a SAS appended to every URL
//! (`azure_account.rs`). Every request has a timeout and follows no redirect; errors name the
//! operation and Azure's error code, never the URL or a credential (`azure_response.rs`,
//! then a [`Redactor`] over every message).
//!
//! At least once: when an append times out after Azure applied it, the retried batch
//! appends those lines again (records keep their `id`). An append blob takes at most 50,000
//! blocks, so an hour's blob can take at most that many `deliver` calls with records of
//! that hour.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use vigil_model::clock::Clock;
use vigil_tenancy::diagnostic_settings::AzureBlobDestination;

use super::azure_account::{BlobAuth, BlobService};
use super::azure_response::{ERROR_BODY_LIMIT, Refusal, error_code, transport_error};
use super::group::{BlobGroup, group_batch, split_blocks};
use super::redact::Redactor;
use super::shared_key::http_date;
use crate::Outgoing;
use crate::sink::SinkError;

/// The largest Append Block body Vigil sends (the limit of service versions before
/// 2022-11-02, and of Azurite).
pub const APPEND_BLOCK_MAX_BYTES: usize = 4 * 1024 * 1024;
/// `x-ms-version` of every request.
pub const API_VERSION: &str = "2021-08-06";
/// Whole-request timeout (connect, send a block, read the answer).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Connect timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// When more blobs than this are remembered, the memory is cleared (a forgotten blob costs
/// one Create Append Blob answered 409).
const MAX_KNOWN_BLOBS: usize = 10_000;

/// Appends exported records to hourly append blobs of an Azure storage account.
#[derive(Debug)]
pub struct AzureBlobSink {
    http: reqwest::Client,
    service: BlobService,
    clock: Arc<dyn Clock>,
    redactor: Redactor,
    containers: HashSet<String>,
    blobs: HashSet<String>,
}

/// How an append went.
enum Appended {
    Done,
    Missing(Refusal),
}

impl AzureBlobSink {
    /// A sink for `destination`; `clock` dates the requests (`x-ms-date`). Fails with
    /// [`SinkError::Config`] for an unusable connection string, key or SAS URL.
    pub fn new(
        destination: &AzureBlobDestination,
        clock: Arc<dyn Clock>,
    ) -> Result<AzureBlobSink, SinkError> {
        let mut secrets: Vec<String> = [
            &destination.connection_string,
            &destination.account_key,
            &destination.sas_url,
        ]
        .into_iter()
        .flatten()
        .filter_map(|s| s.expose().map(str::to_owned))
        .collect();
        let redactor = Redactor::new(secrets.clone());
        let service = BlobService::from_destination(destination).map_err(|e| redactor.error(e))?;
        secrets.extend(service.secrets());
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SinkError::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(AzureBlobSink {
            http,
            service,
            clock,
            redactor: Redactor::new(secrets),
            containers: HashSet::new(),
            blobs: HashSet::new(),
        })
    }

    /// Appends every record of `batch` to its hourly blob; `Ok` once Azure acknowledged
    /// every Append Block (201).
    pub async fn deliver(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        let result = self.deliver_groups(batch).await;
        result.map_err(|e| self.redactor.error(e))
    }

    async fn deliver_groups(&mut self, batch: &[Outgoing]) -> Result<(), SinkError> {
        for group in group_batch(batch)? {
            self.ensure_blob(&group).await?;
            for range in split_blocks(&group.lines, APPEND_BLOCK_MAX_BYTES) {
                self.append(&group, group.lines.slice(range)).await?;
            }
        }
        Ok(())
    }

    /// Creates the group's container and blob unless they are known to exist.
    async fn ensure_blob(&mut self, group: &BlobGroup) -> Result<(), SinkError> {
        let key = group.key();
        if self.blobs.contains(&key) {
            return Ok(());
        }
        self.ensure_container(&group.container).await?;
        if let Err(refusal) = self.create_append_blob(group).await? {
            if !refusal.is("ContainerNotFound") {
                return Err(refusal.into_error(&format!("Create Append Blob {key}")));
            }
            // The container was deleted since we created it.
            self.containers.remove(&group.container);
            self.ensure_container(&group.container).await?;
            if let Err(refusal) = self.create_append_blob(group).await? {
                return Err(refusal.into_error(&format!("Create Append Blob {key}")));
            }
        }
        if self.blobs.len() >= MAX_KNOWN_BLOBS {
            self.blobs.clear();
        }
        self.blobs.insert(key);
        Ok(())
    }

    async fn ensure_container(&mut self, container: &str) -> Result<(), SinkError> {
        if self.containers.contains(container) {
            return Ok(());
        }
        let url = self
            .service
            .url(container, None, &[("restype", "container")]);
        let what = format!("Create Container {container}");
        match self.put(&what, url, &[], Bytes::new()).await? {
            Ok(()) => {}
            Err(refusal) if refusal.is("ContainerAlreadyExists") => {}
            Err(refusal) => return Err(refusal.into_error(&what)),
        }
        self.containers.insert(container.to_owned());
        Ok(())
    }

    /// `Ok(Err(_))` for a refusal other than "already exists".
    async fn create_append_blob(
        &self,
        group: &BlobGroup,
    ) -> Result<Result<(), Refusal>, SinkError> {
        let url = self.service.url(&group.container, Some(&group.blob), &[]);
        let what = format!("Create Append Blob {}", group.key());
        let headers = [("x-ms-blob-type", "AppendBlob"), ("If-None-Match", "*")];
        Ok(match self.put(&what, url, &headers, Bytes::new()).await? {
            Ok(()) => Ok(()),
            Err(refusal) if refusal.is("BlobAlreadyExists") || refusal.status.as_u16() == 412 => {
                Ok(())
            }
            Err(refusal) => Err(refusal),
        })
    }

    /// One Append Block; on 404 the blob (and, if gone, its container) is created again
    /// and the block appended once more.
    async fn append(&mut self, group: &BlobGroup, block: Bytes) -> Result<(), SinkError> {
        let what = format!("Append Block ({} bytes) to {}", block.len(), group.key());
        match self.append_once(&what, group, block.clone()).await? {
            Appended::Done => return Ok(()),
            Appended::Missing(refusal) => {
                self.blobs.remove(&group.key());
                if refusal.is("ContainerNotFound") {
                    self.containers.remove(&group.container);
                }
            }
        }
        self.ensure_blob(group).await?;
        match self.append_once(&what, group, block).await? {
            Appended::Done => Ok(()),
            Appended::Missing(refusal) => Err(refusal.into_error(&what)),
        }
    }

    async fn append_once(
        &self,
        what: &str,
        group: &BlobGroup,
        block: Bytes,
    ) -> Result<Appended, SinkError> {
        let url = self.service.url(
            &group.container,
            Some(&group.blob),
            &[("comp", "appendblock")],
        );
        match self.put(what, url, &[], block).await? {
            Ok(()) => Ok(Appended::Done),
            Err(refusal) if refusal.status.as_u16() == 404 => Ok(Appended::Missing(refusal)),
            Err(refusal) => Err(refusal.into_error(what)),
        }
    }

    /// One signed `PUT`. `Err` when no answer came; `Ok(Err(_))` for a non-2xx answer.
    async fn put(
        &self,
        what: &str,
        url: url::Url,
        extra: &[(&str, &str)],
        body: Bytes,
    ) -> Result<Result<(), Refusal>, SinkError> {
        let date = http_date(self.clock.now());
        let length = body.len().to_string();
        let mut headers: Vec<(&str, &str)> = vec![
            ("x-ms-date", &date),
            ("x-ms-version", API_VERSION),
            ("Content-Length", &length),
        ];
        headers.extend_from_slice(extra);
        let authorization = match self.service.auth() {
            BlobAuth::SharedKey(key) => Some(key.authorization("PUT", &url, &headers)),
            BlobAuth::Sas(_) => None,
        };
        let mut request = self.http.put(url);
        for (name, value) in &headers {
            request = request.header(*name, *value);
        }
        if let Some(authorization) = authorization {
            request = request.header("Authorization", authorization);
        }
        let mut response = request
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(what, e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(Ok(()));
        }
        let header = response
            .headers()
            .get("x-ms-error-code")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        while body.len() < ERROR_BODY_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) | Err(_) => break,
            }
        }
        Ok(Err(Refusal {
            status,
            code: error_code(header.as_deref(), &body),
        }))
    }
}

#[cfg(test)]
#[path = "azure_blob_tests.rs"]
mod tests;
