//! `GET /admin/v1/readAudit?from=&until=&caller=&$top=&$skiptoken=`: who read the tenant's
//! activity logs, newest first.
//!
//! - `from` (inclusive) and `until` (exclusive): ISO 8601 date-times (`2026-01-01T00:00:00Z`)
//!   or dates.
//! - `caller`: a caller object id (`oid`), exact.
//! - `$top`: page size, 1 to 1,000 (default 100).
//! - `$skiptoken`: from the previous page's `@odata.nextLink`, which repeats the query.
//!
//! Option names are accepted with or without `$`; unknown `$` options are a 400. The
//! cursor is plain (`<time>.<sequence>`): it only positions a walk inside the caller's own
//! tenant's audit, which every query is confined to. Reading the audit is itself recorded
//! in it (with no log).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use vigil_model::datetime::format_datetime;
use vigil_tenancy::read_audit::MAX_READ_AUDIT_PAGE;
use vigil_tenancy::{ReadAuditCursor, ReadAuditEntry, ReadAuditQuery};

use crate::admin::{Need, admit, control_error};
use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::error::GraphError;
use crate::{ApiState, blocking, links};

/// The handler.
pub(crate) async fn list(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, GraphError> {
    let base = links::base_url(state.config.public_url.as_deref(), &headers);
    blocking(move || {
        audited(&state, &caller, &context, None, || {
            let tenant = admit(&state, &caller, Need::Read)?;
            let options = AuditOptions::parse(raw.as_deref())?;
            let page = state
                .control
                .list_reads(&tenant.id, &options.query)
                .map_err(control_error)?;
            let values: Vec<Value> = page.entries.iter().map(entry_json).collect();
            let count = u64::try_from(values.len()).unwrap_or(u64::MAX);
            let mut body = Map::new();
            body.insert("value".to_owned(), Value::Array(values));
            if let Some(next) = page.next {
                body.insert(
                    "@odata.nextLink".to_owned(),
                    Value::String(next_link(&base, &options, next)),
                );
            }
            Ok((axum::Json(Value::Object(body)).into_response(), count))
        })
    })
    .await
}

/// The parsed options and their text, for the next link.
#[derive(Debug, Default)]
struct AuditOptions {
    query: ReadAuditQuery,
    from: Option<String>,
    until: Option<String>,
}

impl AuditOptions {
    fn parse(raw: Option<&str>) -> Result<AuditOptions, GraphError> {
        let mut options = AuditOptions::default();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let has_dollar = key.starts_with('$');
            let name = key.trim_start_matches('$').to_ascii_lowercase();
            let value = value.trim().to_owned();
            match name.as_str() {
                "from" => {
                    options.query.from = Some(time_option("from", &value)?);
                    options.from = Some(value);
                }
                "until" => {
                    options.query.until = Some(time_option("until", &value)?);
                    options.until = Some(value);
                }
                "caller" => options.query.caller_oid = Some(value),
                "top" => {
                    options.query.limit = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=MAX_READ_AUDIT_PAGE).contains(n))
                        .ok_or_else(|| {
                            GraphError::bad_request(format!(
                                "Invalid page size specified: '{value}'. Must be between 1 and {MAX_READ_AUDIT_PAGE} inclusive."
                            ))
                        })?;
                }
                "skiptoken" => {
                    options.query.before = Some(
                        value
                            .parse::<ReadAuditCursor>()
                            .map_err(|_| GraphError::bad_request("The $skiptoken is invalid."))?,
                    );
                }
                _ if has_dollar => {
                    return Err(GraphError::bad_request(format!(
                        "Query option '{key}' is not supported."
                    )));
                }
                _ => {}
            }
        }
        Ok(options)
    }
}

fn time_option(name: &str, value: &str) -> Result<OffsetDateTime, GraphError> {
    vigil_model::datetime::parse_nanos(value)
        .ok()
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos)).ok())
        .ok_or_else(|| {
            GraphError::bad_request(format!(
                "'{name}' must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z."
            ))
        })
}

fn next_link(base: &str, options: &AuditOptions, next: ReadAuditCursor) -> String {
    let mut parts = Vec::new();
    let mut push = |name: &str, value: &str| {
        parts.push(format!(
            "{name}={}",
            utf8_percent_encode(value, NON_ALPHANUMERIC)
        ));
    };
    if let Some(from) = &options.from {
        push("from", from);
    }
    if let Some(until) = &options.until {
        push("until", until);
    }
    if let Some(caller) = &options.query.caller_oid {
        push("caller", caller);
    }
    push("$top", &options.query.limit.to_string());
    push("$skiptoken", &next.to_string());
    format!("{base}/admin/v1/readAudit?{}", parts.join("&"))
}

fn entry_json(entry: &ReadAuditEntry) -> Value {
    json!({
        "dateTime": format_datetime(entry.time),
        "callerId": entry.caller_oid,
        "callerUserPrincipalName": entry.caller_upn,
        "appId": entry.app_id,
        "method": entry.method,
        "pathAndQuery": entry.path_and_query,
        "log": entry.kind.map(|k| k.collection()),
        "status": entry.status,
        "resultCount": entry.result_count,
        "requestId": entry.request_id,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::AuditOptions;

    #[test]
    fn options_parse_and_refuse() {
        let o = AuditOptions::parse(Some(
            "from=2026-01-01T00:00:00Z&until=2026-02-01&caller=abc&$top=5&$skiptoken=10.2&x=1",
        ))
        .unwrap();
        assert_eq!(o.query.limit, 5);
        assert_eq!(o.query.caller_oid.as_deref(), Some("abc"));
        assert!(o.query.from.is_some() && o.query.until.is_some());
        assert!(o.query.before.is_some());
        for bad in [
            "$top=0",
            "$top=1001",
            "from=yesterday",
            "$skiptoken=x",
            "$filter=a",
        ] {
            assert!(AuditOptions::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
