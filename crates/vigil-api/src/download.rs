//! Bulk download of a log as CSV or JSON: the list URL with `$format=csv` or `$format=json`
//! (or, without `$format`, `Accept: text/csv`), for the portal's download button and for
//! scripts.
//!
//! A download is a list request in every other respect: [`crate::list::list`] has
//! authenticated, throttled and authorised the caller, and records the outcome in the read
//! audit, before and around [`start`]. `$filter`, `$orderby` and the caller's scope (own
//! sign-ins only for a user without a reporting role), the implicit interactive-only
//! sign-in filter and the retention floor apply exactly as they do to the list, and bad
//! options are the same Graph 400s. What differs:
//!
//! - the whole result comes in one response, walked page by page under one snapshot with
//!   constant memory ([`walk`]), up to the server's [`DownloadLimit`] (250,000 records, Entra's
//!   portal limit, unless the owner changes it; `Vigil-Download-Limit` names it); `$top`
//!   means "at most this many records" and is capped by the limit; `$skiptoken` and
//!   `$count=true` are refused with a 400;
//! - `$select` may also name nested single-valued paths (`status/errorCode`) ([`columns`]);
//!   CSV without `$select` has a default column set per log, JSON whole records;
//! - CSV is RFC 4180 with a header row, a byte order mark and a formula-injection guard
//!   ([`csv`], [`encode`]); JSON is one array of records, projected to `$select`;
//! - `Content-Disposition: attachment; filename="<log>_<UTC date>.csv|json"`.
//!
//! Errors found before the first byte (options, authorisation, the first page's store
//! read) are ordinary Graph error responses. After that the status is sent; a store failure
//! ends the body early (a truncated transfer) and is logged.
//!
//! The read audit records a download once, before its first byte (so a download that cannot
//! be recorded is not served), with the records of its first chunk — up to one page, and
//! the exact count when the download fits in one; the total is logged when the body ends.

mod columns;
mod csv;
mod encode;
mod limit;
mod walk;

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use time::UtcOffset;
use vigil_model::RenderOptions;

use crate::error::GraphError;
use crate::list::{Read, parse_filter, parse_order, store_error};
use crate::options::QueryOptions;
use crate::{ApiState, access, resource};
use encode::Encoder;
use walk::{Walk, WalkPlan};

pub use limit::DownloadLimit;

/// The response header naming the server's download limit (a number, or `unlimited`).
pub const DOWNLOAD_LIMIT_HEADER: HeaderName = HeaderName::from_static("vigil-download-limit");

/// What a download is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `text/csv`.
    Csv,
    /// A JSON array.
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Whether a list request asks for a download: `$format` (`csv` or `json`, any case; any
/// other value is a 400 naming the allowed ones), else an `Accept` header listing
/// `text/csv` (with a non-zero `q`).
pub(crate) fn requested(
    format: Option<&str>,
    accept: Option<&str>,
) -> Result<Option<Format>, GraphError> {
    if let Some(value) = format {
        return match value.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Some(Format::Csv)),
            "json" => Ok(Some(Format::Json)),
            _ => Err(GraphError::bad_request(format!(
                "Invalid value '{value}' for query option '$format': the allowed values are 'csv' and 'json'."
            ))),
        };
    }
    Ok(accept.filter(|a| accepts_csv(a)).map(|_| Format::Csv))
}

/// Whether an `Accept` value lists `text/csv` without `q=0`.
fn accepts_csv(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let is_csv = parts
            .next()
            .is_some_and(|media| media.eq_ignore_ascii_case("text/csv"));
        let refused = parts.any(|param| {
            param.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("q")
                    && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
            })
        });
        is_csv && !refused
    })
}

/// The request, beyond its options.
pub(crate) struct DownloadRequest {
    /// The format asked for.
    pub(crate) format: Format,
    /// `Prefer: include-unknown-enum-members` was sent.
    pub(crate) include_unknown: bool,
    /// The `request-id`, for the logs.
    pub(crate) request_id: String,
}

/// Starts a download of an authorised read: checks the options, reads and encodes the first
/// page, and answers the headers with a body that streams the rest. Returns the response and
/// the records in its first chunk (for the read audit). Blocking.
pub(crate) fn start(
    state: &ApiState,
    read: &Read,
    options: &QueryOptions,
    request: DownloadRequest,
) -> Result<(Response, u64), GraphError> {
    let resource = read.resource;
    let (version, kind) = (resource.version, resource.kind);
    if options.skiptoken.is_some() {
        return Err(GraphError::bad_request(
            "Query option '$skiptoken' is not supported on a download: it returns every page itself.",
        ));
    }
    if options.count {
        return Err(GraphError::bad_request(
            "Query option '$count' is not supported on a download.",
        ));
    }
    let configured = state.config.download_limit;
    let limit = match (options.top, configured.records()) {
        (Some(0), _) => {
            return Err(GraphError::bad_request(
                "Invalid value '0' for query option '$top': a download returns at least 1 record.",
            ));
        }
        (Some(top), Some(max)) => Some(u64::try_from(top).unwrap_or(u64::MAX).min(max)),
        (Some(top), None) => Some(u64::try_from(top).unwrap_or(u64::MAX)),
        (None, max) => max,
    };
    let filter = parse_filter(options, kind, version)?;
    let order = parse_order(options, kind)?;
    let render = RenderOptions {
        version,
        select: None,
        include_unknown_enum_members: request.include_unknown,
    };
    let selected = match options.select.as_deref() {
        Some(text) => Some(columns::resolve(kind, version, text).map_err(GraphError::bad_request)?),
        None => None,
    };
    let encoder = match request.format {
        Format::Csv => {
            let columns = match selected {
                Some(columns) => columns,
                None => columns::defaults(kind, version).map_err(|e| GraphError::internal(&e))?,
            };
            Encoder::csv(kind, render, columns)
        }
        Format::Json => Encoder::json(kind, render, selected),
    };
    let scope_filter = access::scope_filter(read.scope, kind)?;
    let query = resource::scoped_query(
        read.tenant.clone(),
        resource,
        filter,
        scope_filter,
        order,
        true,
        read.floor,
    )?;
    let snapshot = state.store.high_water_mark(kind).map_err(store_error)?;
    let format = encoder.format();
    let mut walk = Walk::new(WalkPlan {
        store: state.store.clone(),
        query,
        snapshot,
        encoder,
        limit,
        request_id: request.request_id,
    });
    let first = walk.step().map_err(store_error)?.unwrap_or_default();
    let first_records = walk.written();

    let today = state.clock.now().to_offset(UtcOffset::UTC).date();
    let filename = format!(
        "{}_{:04}-{:02}-{:02}.{}",
        kind.collection(),
        today.year(),
        u8::from(today.month()),
        today.day(),
        format.extension()
    );
    let mut response = Response::new(walk.into_body(first));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&configured.to_string()) {
        headers.insert(DOWNLOAD_LIMIT_HEADER, value);
    }
    Ok((response, first_records))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::{Format, requested};

    #[test]
    fn format_comes_from_the_option_then_the_accept_header() {
        assert_eq!(requested(Some("CSV"), None).unwrap(), Some(Format::Csv));
        assert_eq!(
            requested(Some(" json "), Some("text/csv")).unwrap(),
            Some(Format::Json)
        );
        assert_eq!(requested(None, None).unwrap(), None);
        assert_eq!(requested(None, Some("application/json")).unwrap(), None);
        assert_eq!(
            requested(None, Some("application/json;q=0.9, Text/CSV")).unwrap(),
            Some(Format::Csv)
        );
        assert_eq!(requested(None, Some("text/csv;q=0")).unwrap(), None);
        assert_eq!(requested(None, Some("*/*")).unwrap(), None);
        for bad in ["xml", "", "text/csv", "atom"] {
            let error = requested(Some(bad), None).unwrap_err();
            assert!(
                error.message.contains("'csv' and 'json'"),
                "{bad}: {}",
                error.message
            );
        }
    }
}
