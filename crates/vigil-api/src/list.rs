//! `GET /{version}/auditLogs/{collection}`: a page of a log in Graph's envelope.
//!
//! Walk-through: the caller is already authenticated and throttled ([`crate::caller`]); the
//! path is resolved; the caller is authorised for the log and gets an access scope
//! ([`crate::access`]); options are parsed ([`QueryOptions`]), `$filter` is parsed and
//! checked against the log's field catalogue, `$select` against its property list; a
//! `$skiptoken` is verified against the query's fingerprint (tenant from the token, log,
//! version, filter, order, access scope); the store reads one page of the scoped query
//! (client filter + implicit event type + scope filter) under the walk's snapshot; each
//! record is rendered for the version; a signed token for the next page goes into an
//! absolute `@odata.nextLink` that repeats the query. The outcome is recorded in the read
//! audit ([`crate::audit_reads`]).
//!
//! With `$format=csv|json` (or `Accept: text/csv`) the same request is a download of the
//! whole result instead of a page ([`crate::download`]), after the same authorisation and
//! option parsing, and recorded in the read audit the same way.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde_json::{Map, Value};
use vigil_auth::AccessScope;
use vigil_model::{ApiVersion, LogKind, RenderOptions, render};
use vigil_query::CheckedFilter;
use vigil_store::{PageRequest, PageToken, SortOrder, TenantId, order_part};

use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::download::{self, DownloadRequest};
use crate::error::{GraphError, GraphErrorCode};
use crate::options::QueryOptions;
use crate::resource::{self, Resource};
use crate::{ApiState, access, blocking, links, response};

/// The list handler.
pub async fn list(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    path: Result<Path<(String, String, String)>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, GraphError> {
    let Path((version, root, collection)) =
        path.map_err(|e| GraphError::bad_request(e.body_text()))?;
    if root.eq_ignore_ascii_case("reports") {
        // `/beta/reports/getAzureADApplicationSignInSummary(period='D7')`: Graph's function,
        // answered from the store's aggregation.
        return crate::insights::app_sign_in_summary(state, caller, context, &version, &collection)
            .await;
    }
    let resource = resource::resolve(&version, &root, &collection)?;
    let base = links::base_url(state.config.public_url.as_deref(), &headers);
    let include_unknown = response::prefers_unknown_enum_members(&headers);
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    blocking(move || {
        audited(&state, &caller, &context, Some(resource.kind), || {
            let scope = access::authorize_read(&state, &caller, resource.kind)?;
            let options = QueryOptions::parse(raw.as_deref())?;
            let read = Read {
                tenant: caller.tenant.clone(),
                scope,
                resource,
                floor: access::retention_floor(&state, &caller.tenant, resource.kind)?,
            };
            match download::requested(options.format.as_deref(), accept.as_deref())? {
                Some(format) => download::start(
                    &state,
                    &read,
                    &options,
                    DownloadRequest {
                        format,
                        include_unknown,
                        request_id: context.request_id().to_owned(),
                    },
                ),
                None => list_blocking(&state, &read, &options, &base, include_unknown),
            }
        })
    })
    .await
}

/// An authorised read: whose records, within which scope, of which resource.
pub(crate) struct Read {
    pub(crate) tenant: TenantId,
    pub(crate) scope: AccessScope,
    pub(crate) resource: Resource,
    /// Retention's floor for this log, as of this request.
    pub(crate) floor: Option<i64>,
}

/// `$filter` parsed and checked against the log's catalogue for the version (`None` when
/// absent or blank); errors are Graph's 400 "Invalid filter clause: …".
pub(crate) fn parse_filter(
    options: &QueryOptions,
    kind: LogKind,
    version: ApiVersion,
) -> Result<Option<CheckedFilter>, GraphError> {
    match options
        .filter
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(text) => vigil_query::parse_and_check(text, kind, version)
            .map(Some)
            .map_err(|e| GraphError::bad_request(e.message())),
        None => Ok(None),
    }
}

/// `$orderby` parsed (newest first when absent or blank).
pub(crate) fn parse_order(options: &QueryOptions, kind: LogKind) -> Result<SortOrder, GraphError> {
    match options
        .orderby
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        Some(text) => {
            vigil_query::parse_orderby(text, kind).map_err(|e| GraphError::bad_request(e.message()))
        }
        None => Ok(SortOrder::Desc),
    }
}

/// Answers one page and the number of records in it.
fn list_blocking(
    state: &ApiState,
    read: &Read,
    options: &QueryOptions,
    base: &str,
    include_unknown: bool,
) -> Result<(Response, u64), GraphError> {
    let resource = read.resource;
    let Resource { version, kind } = resource;
    let max = kind.max_page_size();
    let size = options.top.unwrap_or(kind.default_page_size());
    if size == 0 || size > max {
        return Err(GraphError::bad_request(format!(
            "Invalid page size specified: '{size}'. Must be between 1 and {max} inclusive."
        )));
    }
    let filter = parse_filter(options, kind, version)?;
    let order = parse_order(options, kind)?;
    let select = match options.select.as_deref() {
        Some(text) => Some(
            vigil_model::render::resolve_select(kind, version, text)
                .map_err(GraphError::bad_request)?,
        ),
        None => None,
    };
    let tenant = read.tenant.clone();
    let scope_filter = access::scope_filter(read.scope, kind)?;
    let fingerprint = PageToken::fingerprint(&[
        tenant.as_str(),
        kind.collection(),
        version.segment(),
        options.filter.as_deref().unwrap_or("").trim(),
        order_part(order),
        &access::scope_part(read.scope),
    ]);
    let key = state
        .store
        .token_key()
        .map_err(|e| GraphError::internal(&e))?;
    let (after, snapshot) = match options.skiptoken.as_deref() {
        Some(text) => {
            let token = PageToken::decode(text, &key, &fingerprint).map_err(|e| {
                tracing::debug!(error = %e, "refused skiptoken");
                GraphError::bad_request(
                    "The $skiptoken is invalid, expired, or belongs to a different query.",
                )
            })?;
            (Some(token.after), token.snapshot)
        }
        None => (
            None,
            state.store.high_water_mark(kind).map_err(store_error)?,
        ),
    };
    let query = resource::scoped_query(
        tenant,
        resource,
        filter,
        scope_filter,
        order,
        true,
        read.floor,
    )?;
    let count = if options.count {
        Some(state.store.count(&query).map_err(store_error)?)
    } else {
        None
    };
    let page = state
        .store
        .page(&PageRequest {
            query,
            size,
            after,
            snapshot,
        })
        .map_err(store_error)?;
    let render_options = RenderOptions {
        version,
        select: select.clone(),
        include_unknown_enum_members: include_unknown,
    };
    let values: Vec<Value> = page
        .records
        .iter()
        .map(|r| render(kind, &r.body, &render_options))
        .collect();

    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        Value::String(links::collection_context(
            base,
            version,
            kind,
            select.as_deref(),
        )),
    );
    if let Some(count) = count {
        body.insert("@odata.count".into(), Value::from(count));
    }
    if let Some(next) = page.next {
        let token = PageToken {
            fingerprint,
            after: next,
            snapshot,
        }
        .encode(&key);
        body.insert(
            "@odata.nextLink".into(),
            Value::String(links::next_link(base, version, kind, options, &token)),
        );
    }
    let returned = u64::try_from(values.len()).unwrap_or(u64::MAX);
    body.insert("value".into(), Value::Array(values));
    Ok((response::odata_json(&Value::Object(body)), returned))
}

/// Maps a store failure: shutting down is a 503, anything else a logged 500.
pub(crate) fn store_error(err: vigil_store::StoreError) -> GraphError {
    match err {
        vigil_store::StoreError::Closed => GraphError::new(
            GraphErrorCode::ServiceNotAvailable,
            "The service is shutting down.",
        ),
        other => GraphError::internal(&other),
    }
}
