//! `POST /ingest/v1/tenants/{tenantId}/{collection}`: a batch of records, acknowledged only
//! once durable.
//!
//! Order of checks: the tenant id and log in the path (400/404), the tenant's ingest key
//! ([`crate::ingest_key`], 401), the content encoding (415), the tenant's ingest throttle on
//! requests and bytes (429 with `Retry-After`; charged before the body is read when
//! `Content-Length` is declared, after reading otherwise). The key is checked before the
//! throttle so that requests without a valid key cannot use up a tenant's budget.
//!
//! The body is read with a hard cap (a Graph-shaped 413 past it), decoded and validated
//! off the async runtime, and appended through the store; the 200 is sent after the commit.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde_json::json;
use vigil_ingest::{Encoding, IngestError};
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::error::{ErrorDetail, GraphError, GraphErrorCode};
use crate::list::store_error;
use crate::{ApiState, blocking, ingest_key};

/// The ingest handler.
pub async fn ingest(
    State(state): State<ApiState>,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, GraphError> {
    let Path((tenant, collection)) = path.map_err(|e| GraphError::bad_request(e.body_text()))?;
    let tenant = TenantId::parse(&tenant)
        .ok_or_else(|| GraphError::bad_request(format!("Tenant id '{tenant}' is not a GUID.")))?;
    let kind = LogKind::from_collection(&collection).ok_or_else(|| {
        GraphError::new(
            GraphErrorCode::UnknownSegment,
            format!(
                "Unknown log '{collection}': use signIns, directoryAudits, provisioning or customSecurityAttributeAudits."
            ),
        )
    })?;
    ingest_key::verify(&state, &tenant, &headers).await?;
    let encoding = content_encoding(&headers)?;
    let limit = state.ingestor.limits().max_body_bytes;
    let declared = declared_length(&headers);
    if let Some(length) = declared {
        state
            .throttles
            .check_ingest(&tenant, length, state.clock.as_ref())?;
    }
    let bytes = read_body(body, &headers, limit).await?;
    if declared.is_none() {
        let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        state
            .throttles
            .check_ingest(&tenant, length, state.clock.as_ref())?;
    }
    let ingestor = state.ingestor.clone();
    let metrics = state.metrics.clone();
    blocking(move || {
        let report = match ingestor.ingest(&tenant, kind, &bytes, encoding) {
            Ok(report) => report,
            Err(error) => {
                metrics.record_ingest(&tenant, kind, 0, 0, true);
                return Err(ingest_error(error));
            }
        };
        metrics.record_ingest(&tenant, kind, report.stored, report.duplicates, false);
        Ok(axum::Json(json!({
            "received": report.received,
            "stored": report.stored,
            "duplicates": report.duplicates,
        }))
        .into_response())
    })
    .await
}

/// Reads the whole body, at most `limit` bytes. The buffer is sized from `Content-Length` up
/// front: growing a 25 MB buffer by doubling costs a copy per step and, worse, fresh pages
/// the kernel must zero each time (a tenth of ingest CPU before this, docs/benchmarks.md).
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Vec<u8>, GraphError> {
    let too_large = || {
        GraphError::new(
            GraphErrorCode::RequestEntityTooLarge,
            format!("Request body exceeds {limit} bytes."),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(declared.unwrap_or(0));
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            GraphError::bad_request(format!("The request body could not be read: {e}"))
        })?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(too_large());
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

fn content_encoding(headers: &HeaderMap) -> Result<Encoding, GraphError> {
    match headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    {
        None | Some("") | Some("identity") => Ok(Encoding::Identity),
        Some(v) if v.eq_ignore_ascii_case("gzip") || v.eq_ignore_ascii_case("x-gzip") => {
            Ok(Encoding::Gzip)
        }
        Some(other) => Err(GraphError::new(
            GraphErrorCode::UnsupportedMediaType,
            format!("Content-Encoding '{other}' is not supported; send identity or gzip."),
        )),
    }
}

fn ingest_error(err: IngestError) -> GraphError {
    match err {
        IngestError::BodyTooLarge { .. }
        | IngestError::InflatedTooLarge { .. }
        | IngestError::TooManyRecords { .. } => GraphError::new(
            GraphErrorCode::RequestEntityTooLarge,
            format!("{err}; nothing was stored."),
        ),
        IngestError::Malformed(reason) => {
            GraphError::bad_request(format!("{reason}; nothing was stored."))
        }
        IngestError::Empty => GraphError::bad_request("The batch contains no records."),
        IngestError::Invalid {
            errors,
            invalid_count,
        } => {
            let first = errors
                .first()
                .map(|e| format!(" First: record {}{}: {}.", e.index, at(&e.path), e.reason))
                .unwrap_or_default();
            let mut error = GraphError::bad_request(format!(
                "Batch rejected: {invalid_count} record(s) are invalid; nothing was stored.{first}"
            ));
            error.details = errors
                .into_iter()
                .map(|e| ErrorDetail {
                    code: "InvalidRecord".into(),
                    target: if e.path.is_empty() {
                        format!("[{}]", e.index)
                    } else {
                        format!("[{}].{}", e.index, e.path)
                    },
                    message: e.reason,
                })
                .collect();
            error
        }
        IngestError::Store(err) => store_error(err),
    }
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" ({path})")
    }
}
