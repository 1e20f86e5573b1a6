//! Aggregations for the portal's charts, computed by the store (`Store::summarize`), never
//! by downloading raw events.
//!
//! - `GET /insights/v1/{log}/summary` — counts of a log's records per time bucket and per
//!   key, split by outcome. `{log}` is a Graph collection name (`signIns`,
//!   `directoryAudits`, `provisioning`, `customSecurityAttributeAudits`, any case; anything
//!   else is a 404). Parameters (names in any case, with or without `$`):
//!   - `filter`: the same OData `$filter` the beta list of the log accepts (same catalogue
//!     and checker); sign-ins get the list's implicit `interactiveUser` event type unless the
//!     filter names `signInEventTypes`;
//!   - `interval`: `day` | `week` (UTC; weeks start Monday 00:00 UTC);
//!   - `groupBy`: one of the log's dimensions (`vigil_store::Dimension::for_kind`);
//!   - `top`: `1..=100`, only with `groupBy`: the keys with the highest totals over the
//!     whole range keep their rows.
//!
//!   The answer is `{"interval", "groupBy", "value": [{"bucket", "key", "label", "detail",
//!   "total", "success", "failure", "interrupted", "latest"}]}`, rows ordered by bucket, then
//!   total descending, then key; empty buckets and keys are left out. Semantics of keys and
//!   labels: `vigil_store::summary`.
//! - `GET /insights/v1/meta` — what the summary accepts (intervals, `groupBy` values per log,
//!   `top`'s maximum) and the outcome rules: the interrupted sign-in error codes and
//!   provisioning statuses, and per log the `$filter` text of each outcome
//!   (`vigil_model::outcome::status_filter`) for the portal's status filter.
//! - `GET /beta/reports/getAzureADApplicationSignInSummary(period='D1'|'D7'|'D30')` — Graph's
//!   `applicationSignInSummary` collection from the same aggregation ([`app_sign_in_summary`]).
//!
//! Access is exactly that of reading the log: the guard authenticates and throttles
//! `/insights` ([`crate::caller`]), [`access::authorize_read`] applies the tenant's license
//! and the policy, the own-sign-ins scope confines the aggregation to the caller's own
//! sign-ins, the tenant is the token's `tid`, the retention floor applies, and each summary
//! is recorded in the read audit like a list read (count = rows returned; 503 when it cannot
//! be recorded). `meta` reads no log and is not audited.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::{Map, Value, json};
use vigil_model::outcome::{
    INTERRUPTED_PROVISIONING_STATUSES, INTERRUPTED_SIGN_IN_ERROR_CODES, Outcome, status_filter,
};
use vigil_model::{ApiVersion, LogKind, datetime};
use vigil_query::CheckedFilter;
use vigil_store::summary::MAX_TOP;
use vigil_store::{Dimension, Interval, SortOrder, SummaryRequest, SummaryRow};

use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::error::{ErrorDetail, GraphError, GraphErrorCode};
use crate::list::store_error;
use crate::resource::{self, Resource};
use crate::{ApiState, access, blocking, response};

/// The parameters of a summary request, checked against the log.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SummaryParams {
    pub(crate) filter: Option<String>,
    pub(crate) interval: Option<Interval>,
    pub(crate) dimension: Option<Dimension>,
    pub(crate) top: Option<usize>,
}

/// A 400 naming the bad parameter (in the message and as `details[0].target`).
fn bad_parameter(name: &str, message: String) -> GraphError {
    let mut error = GraphError::bad_request(message.clone());
    error.details.push(ErrorDetail {
        code: "InvalidParameter".into(),
        message,
        target: name.into(),
    });
    error
}

impl SummaryParams {
    /// Parses the raw query of a summary request for `kind`.
    pub(crate) fn parse(raw: Option<&str>, kind: LogKind) -> Result<SummaryParams, GraphError> {
        let mut params = SummaryParams {
            filter: None,
            interval: None,
            dimension: None,
            top: None,
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if key.is_empty() {
                continue;
            }
            let has_dollar = key.starts_with('$');
            let name = key.trim_start_matches('$').to_ascii_lowercase();
            if matches!(name.as_str(), "filter" | "interval" | "groupby" | "top") {
                if seen.contains(&name) {
                    return Err(bad_parameter(
                        &key,
                        format!("Query option '{key}' was specified more than once."),
                    ));
                }
                seen.push(name.clone());
            }
            let value = value.trim().to_owned();
            match name.as_str() {
                "filter" => params.filter = Some(value).filter(|v| !v.is_empty()),
                "interval" => {
                    params.interval = Some(Interval::parse(&value).ok_or_else(|| {
                        bad_parameter(
                            "interval",
                            format!("Invalid value '{value}' for parameter 'interval': expected day or week."),
                        )
                    })?);
                }
                "groupby" => {
                    params.dimension = Some(Dimension::parse(kind, &value).ok_or_else(|| {
                        let names: Vec<&str> =
                            Dimension::for_kind(kind).iter().map(|d| d.name()).collect();
                        bad_parameter(
                            "groupBy",
                            format!(
                                "Invalid value '{value}' for parameter 'groupBy' on {kind}: expected one of {}.",
                                names.join(", ")
                            ),
                        )
                    })?);
                }
                "top" => {
                    let top = value
                        .parse::<usize>()
                        .ok()
                        .filter(|t| (1..=MAX_TOP).contains(t))
                        .ok_or_else(|| {
                            bad_parameter(
                                "top",
                                format!("Invalid value '{value}' for parameter 'top': expected an integer from 1 to {MAX_TOP}."),
                            )
                        })?;
                    params.top = Some(top);
                }
                _ if has_dollar => {
                    return Err(bad_parameter(
                        &key,
                        format!("Query option '{key}' is not supported on this resource."),
                    ));
                }
                _ => {}
            }
        }
        if params.top.is_some() && params.dimension.is_none() {
            return Err(bad_parameter(
                "top",
                "Parameter 'top' needs 'groupBy': it keeps the keys with the highest totals."
                    .into(),
            ));
        }
        Ok(params)
    }

    /// The checked filter (beta catalogue of the log); errors are 400s naming `$filter`.
    fn checked_filter(&self, kind: LogKind) -> Result<Option<CheckedFilter>, GraphError> {
        self.filter
            .as_deref()
            .map(|text| {
                vigil_query::parse_and_check(text, kind, ApiVersion::Beta)
                    .map_err(|e| bad_parameter("$filter", e.message()))
            })
            .transpose()
    }
}

fn unknown_segment(segment: &str) -> GraphError {
    GraphError::new(
        GraphErrorCode::UnknownSegment,
        format!("Resource not found for the segment '{segment}'."),
    )
}

/// `GET /insights/v1/{log}/summary`.
pub async fn summary(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(log): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, GraphError> {
    let kind = LogKind::from_collection(&log).ok_or_else(|| unknown_segment(&log))?;
    blocking(move || {
        audited(&state, &caller, &context, Some(kind), || {
            let scope = access::authorize_read(&state, &caller, kind)?;
            let params = SummaryParams::parse(raw.as_deref(), kind)?;
            let floor = access::retention_floor(&state, &caller.tenant, kind)?;
            let rows = summarize(&state, &caller, scope, kind, &params, floor)?;
            let body = json!({
                "interval": params.interval.map(Interval::name),
                "groupBy": params.dimension.map(Dimension::name),
                "value": rows.iter().map(row_json).collect::<Vec<_>>(),
            });
            Ok((
                response::odata_json(&body),
                u64::try_from(rows.len()).unwrap_or(u64::MAX),
            ))
        })
    })
    .await
}

/// Runs a summary of `kind` for the caller within `scope`, through the list's scoped query.
fn summarize(
    state: &ApiState,
    caller: &Caller,
    scope: vigil_auth::AccessScope,
    kind: LogKind,
    params: &SummaryParams,
    floor: Option<i64>,
) -> Result<Vec<SummaryRow>, GraphError> {
    let filter = params.checked_filter(kind)?;
    let scope_filter = access::scope_filter(scope, kind)?;
    let query = resource::scoped_query(
        caller.tenant.clone(),
        Resource {
            version: ApiVersion::Beta,
            kind,
        },
        filter,
        scope_filter,
        SortOrder::Desc,
        true,
        floor,
    )?;
    state
        .store
        .summarize(&SummaryRequest {
            query,
            interval: params.interval,
            dimension: params.dimension,
            top: params.top,
        })
        .map_err(store_error)
}

fn row_json(row: &SummaryRow) -> Value {
    json!({
        "bucket": row.bucket.map(datetime::format_nanos_compact),
        "key": row.key,
        "label": row.label,
        "detail": row.detail,
        "total": row.total,
        "success": row.success,
        "failure": row.failure,
        "interrupted": row.interrupted,
        "latest": datetime::format_nanos_compact(row.latest),
    })
}

/// `GET /insights/v1/meta`.
pub async fn meta(_caller: Caller) -> Response {
    let mut group_by = Map::new();
    let mut status_filters = Map::new();
    for kind in LogKind::ALL {
        group_by.insert(
            kind.collection().into(),
            Dimension::for_kind(kind).iter().map(|d| d.name()).collect(),
        );
        let filters: Map<String, Value> = Outcome::ALL
            .iter()
            .map(|o| (o.name().to_owned(), Value::String(status_filter(kind, *o))))
            .collect();
        status_filters.insert(kind.collection().into(), Value::Object(filters));
    }
    response::odata_json(&json!({
        "intervals": Interval::ALL.map(Interval::name),
        "maxTop": MAX_TOP,
        "groupBy": group_by,
        "interruptedSignInErrorCodes": INTERRUPTED_SIGN_IN_ERROR_CODES,
        "interruptedProvisioningStatuses": INTERRUPTED_PROVISIONING_STATUSES,
        "statusFilters": status_filters,
    }))
}

/// The Graph function's name under `/beta/reports`.
const APP_SIGN_IN_SUMMARY: &str = "getAzureADApplicationSignInSummary";

/// The periods Graph's function accepts, in days.
const PERIODS: [(&str, u32); 3] = [("D1", 1), ("D7", 7), ("D30", 30)];

/// Parses `getAzureADApplicationSignInSummary(period='D7')` into days; `Ok(None)` when the
/// segment names another function (a 404), `Err` for a bad period.
pub(crate) fn parse_app_summary_segment(segment: &str) -> Result<Option<u32>, GraphError> {
    let (name, rest) = segment.split_once('(').unwrap_or((segment, ""));
    if !name.trim().eq_ignore_ascii_case(APP_SIGN_IN_SUMMARY) {
        return Ok(None);
    }
    let bad = || {
        bad_parameter(
            "period",
            format!(
                "Invalid value for parameter 'period' in '{segment}': expected period='D1', 'D7' or 'D30'."
            ),
        )
    };
    let inner = rest.strip_suffix(')').ok_or_else(bad)?;
    let (param, value) = inner.split_once('=').ok_or_else(bad)?;
    if !param.trim().eq_ignore_ascii_case("period") {
        return Err(bad());
    }
    let value = value
        .trim()
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .ok_or_else(bad)?;
    PERIODS
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(value))
        .map(|(_, days)| Some(*days))
        .ok_or_else(bad)
}

/// `GET /beta/reports/getAzureADApplicationSignInSummary(period='…')`: per application, the
/// interactive sign-ins of the last `period` days (within retention, within the caller's
/// scope) as Graph's `applicationSignInSummary`: `id` = appId, `appDisplayName` from the
/// newest sign-in, `successfulSignInCount` = successes, `failedSignInCount` = everything
/// else (Graph has no "interrupted"; any non-zero error code is a failed sign-in),
/// `successPercentage` = successes × 100 / total, rounded down (so 100 means all succeeded).
/// Ordered by total sign-ins, most first.
pub(crate) async fn app_sign_in_summary(
    state: ApiState,
    caller: Caller,
    context: RequestInfo,
    version: &str,
    segment: &str,
) -> Result<Response, GraphError> {
    if ApiVersion::from_segment(version) != Some(ApiVersion::Beta) {
        return Err(unknown_segment("reports"));
    }
    let days = parse_app_summary_segment(segment)?.ok_or_else(|| unknown_segment(segment))?;
    blocking(move || {
        audited(&state, &caller, &context, Some(LogKind::SignIn), || {
            let scope = access::authorize_read(&state, &caller, LogKind::SignIn)?;
            let retention = access::retention_floor(&state, &caller.tenant, LogKind::SignIn)?;
            let period_start = vigil_tenancy::cutoff_nanos(state.clock.now(), days);
            let floor = Some(retention.map_or(period_start, |r| r.max(period_start)));
            let params = SummaryParams {
                filter: None,
                interval: None,
                dimension: Some(Dimension::App),
                top: None,
            };
            let rows = summarize(&state, &caller, scope, LogKind::SignIn, &params, floor)?;
            let value: Vec<Value> = rows
                .iter()
                .filter(|r| r.key.is_some())
                .map(|r| {
                    json!({
                        "id": r.key,
                        "appDisplayName": r.label,
                        "successfulSignInCount": r.success,
                        "failedSignInCount": r.failure + r.interrupted,
                        "successPercentage": (r.success * 100).checked_div(r.total).unwrap_or(0),
                    })
                })
                .collect();
            let returned = u64::try_from(value.len()).unwrap_or(u64::MAX);
            let body = json!({
                "@odata.context": "https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.applicationSignInSummary)",
                "value": value,
            });
            Ok((response::odata_json(&body), returned))
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use serde_json::json;
    use vigil_model::outcome::outcome_of;

    use super::*;

    #[test]
    fn parameters_parse_and_bad_ones_name_themselves() {
        let p = SummaryParams::parse(
            Some("$filter=createdDateTime+ge+2026-01-01&interval=Week&groupby=APP&top=3"),
            LogKind::SignIn,
        )
        .unwrap();
        assert_eq!(p.interval, Some(Interval::Week));
        assert_eq!(p.dimension, Some(Dimension::App));
        assert_eq!(p.top, Some(3));
        assert_eq!(p.filter.as_deref(), Some("createdDateTime ge 2026-01-01"));
        for (raw, name) in [
            ("interval=month", "interval"),
            ("groupBy=app", "groupBy"),
            ("groupBy=category&top=0", "top"),
            ("groupBy=category&top=101", "top"),
            ("top=3", "top"),
            ("$skip=3", "$skip"),
            ("interval=day&interval=week", "interval"),
        ] {
            let err = SummaryParams::parse(Some(raw), LogKind::DirectoryAudit).unwrap_err();
            assert_eq!(err.code, GraphErrorCode::BadRequest, "{raw}");
            assert_eq!(err.details[0].target, name, "{raw}");
        }
    }

    #[test]
    fn the_reports_function_segment_parses_its_period() {
        assert_eq!(
            parse_app_summary_segment("getAzureADApplicationSignInSummary(period='D7')").unwrap(),
            Some(7)
        );
        assert_eq!(
            parse_app_summary_segment("getazureadapplicationsigninsummary(period = 'd30')")
                .unwrap(),
            Some(30)
        );
        assert_eq!(
            parse_app_summary_segment("getCredentialUsageSummary").unwrap(),
            None
        );
        for bad in [
            "getAzureADApplicationSignInSummary",
            "getAzureADApplicationSignInSummary(period='D8')",
            "getAzureADApplicationSignInSummary(period=D7)",
            "getAzureADApplicationSignInSummary(days='D7')",
        ] {
            assert!(parse_app_summary_segment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_filters_select_exactly_their_outcome() {
        let samples = [
            (LogKind::SignIn, json!({"status": {"errorCode": 0}})),
            (LogKind::SignIn, json!({"status": {"errorCode": 50140}})),
            (LogKind::SignIn, json!({"status": {"errorCode": 50126}})),
            (LogKind::SignIn, json!({"status": {}})),
            (LogKind::DirectoryAudit, json!({"result": "success"})),
            (LogKind::DirectoryAudit, json!({"result": "failure"})),
            (LogKind::CustomSecurityAttributeAudit, json!({})),
            (
                LogKind::Provisioning,
                json!({"provisioningStatusInfo": {"status": "success"}}),
            ),
            (
                LogKind::Provisioning,
                json!({"provisioningStatusInfo": {"status": "skipped"}}),
            ),
            (
                LogKind::Provisioning,
                json!({"provisioningStatusInfo": {"status": "warning"}}),
            ),
            (
                LogKind::Provisioning,
                json!({"provisioningStatusInfo": {"status": "failure"}}),
            ),
        ];
        for (kind, record) in samples {
            let mut record = record;
            record[kind.time_property()] = json!("2026-01-01T00:00:00Z");
            for outcome in Outcome::ALL {
                let text = status_filter(kind, outcome);
                let filter = vigil_query::parse_and_check(&text, kind, ApiVersion::Beta)
                    .unwrap_or_else(|e| panic!("{text}: {}", e.message()));
                assert_eq!(
                    filter.matches(&record),
                    outcome_of(kind, &record) == outcome,
                    "{kind} {record} {text}"
                );
            }
        }
    }
}
