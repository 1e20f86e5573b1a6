//! `GET /export/v1/feed/{category}?cursor=&limit=&wait=&format=`: the change feed — one
//! tenant's records of one Azure Monitor log category in ingest order, after an opaque
//! cursor, for consumers that cannot run Kafka.
//!
//! Walk-through: the caller is authenticated and throttled by the guard ([`crate::caller`],
//! `/export` is a protected root); the category name is parsed (400 listing the categories
//! when unknown); from here on the outcome is recorded in the read audit
//! ([`crate::audit_reads`]) under the category's log. The caller is authorised exactly as
//! for reading that log through Graph ([`access::authorize_read`]: tenant, policy, license)
//! and its access scope becomes a filter; the parameters are parsed ([`FeedOptions`]); the
//! cursor is verified ([`FeedCursor`]: 400 when tampered with, another tenant's or another
//! category's); no cursor starts at sequence 0. The query is the tenant, the log, the
//! category's event type for sign-ins (`signInEventTypes/any(t: t eq '…')`, the filter
//! [`Category::of`] agrees with, so the store's prefilter narrows by it), the scope filter
//! and the retention floor. [`vigil_store::Store::changes`] reads records after the cursor's
//! sequence; the new cursor is its `scanned_to`, so walking past other tenants' and other
//! categories' rows makes progress even when a page is empty.
//!
//! Long polling: when a page is empty and `wait` is above zero, the request waits on
//! [`vigil_store::Store::watch_appends`] (subscribed before the first read, so no commit is
//! missed between a read and the wait) until records of this feed arrive, the wait runs
//! out, or the server begins to shut down, and then answers — an empty page with the same
//! or an advanced cursor when nothing came. A scan that stopped early on the store's
//! budget, with rows left to scan, is continued at once rather than waited on.
//!
//! Exactly once per walk: sequences only grow and are never reused, records become visible
//! in sequence order, and the cursor moves to what was scanned, so following cursors from
//! any starting point returns each record at most once, across restarts too (the cursor key
//! is derived from the store's persistent token key). Records older than the retention
//! floor are skipped, whatever the cursor's age.
//!
//! The answer: `{"category","records":[…],"cursor","@vigil.nextLink"}`, records in the Azure
//! Monitor envelope ([`vigil_export::export_record`], from the stored bytes) or, with `format=graph`, as
//! `/beta` renders them.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::value::RawValue;
use tokio::time::Instant;
use vigil_export::{Category, EnvelopeOptions, GraphJson, export_record};
use vigil_model::{ApiVersion, RenderOptions, render};
use vigil_store::{AppendWatch, ChangePage, ChangeRequest, ScopedQuery, SortOrder, TenantId};

use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::error::GraphError;
use crate::feed_cursor::{CursorError, CursorKey, FeedCursor};
use crate::feed_options::{FeedFormat, FeedOptions};
use crate::list::store_error;
use crate::{ApiState, access, blocking, links, resource, response};

/// The handler.
pub(crate) async fn feed(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, GraphError> {
    let Path(name) = path.map_err(|e| GraphError::bad_request(e.body_text()))?;
    let category: Category = name
        .parse()
        .map_err(|e: vigil_export::ParseCategoryError| {
            GraphError::bad_request(format!(
                "Unknown log category '{}'. The feed serves these categories: {}.",
                e.name, e.expected
            ))
        })?;
    let base = links::base_url(state.config.public_url.as_deref(), &headers);
    let include_unknown = response::prefers_unknown_enum_members(&headers);
    // Subscribed before the first read: a commit after this point wakes the wait.
    let mut appends = state.store.watch_appends();
    appends.borrow_and_update();
    let prepared = {
        let (state, caller) = (state.clone(), caller.clone());
        blocking(move || Walk::prepare(&state, &caller, category, raw.as_deref(), include_unknown))
            .await
    };
    let outcome = match prepared {
        Ok(walk) => answer(&state, Arc::new(walk), appends, &base).await,
        Err(error) => Err(error),
    };
    blocking(move || audited(&state, &caller, &context, Some(category.kind()), || outcome)).await
}

/// An authorised walk: whose records, which category, how to read and write them.
struct Walk {
    tenant: TenantId,
    category: Category,
    query: ScopedQuery,
    options: FeedOptions,
    key: CursorKey,
    /// The sequence the request continues after.
    start: u64,
    include_unknown: bool,
}

/// One read of the feed.
struct Batch {
    /// Rendered records, serialised, in ingest order.
    records: Vec<Box<RawValue>>,
    /// The cursor's new sequence.
    scanned_to: u64,
    /// The scan stopped on the store's budget with rows left: read again at once.
    more: bool,
}

impl Walk {
    /// Authorises the caller, parses the parameters, verifies the cursor, builds the query.
    fn prepare(
        state: &ApiState,
        caller: &Caller,
        category: Category,
        raw: Option<&str>,
        include_unknown: bool,
    ) -> Result<Walk, GraphError> {
        let kind = category.kind();
        let scope = access::authorize_read(state, caller, kind)?;
        let options = FeedOptions::parse(raw)?;
        let key = CursorKey::derive(&state.store.token_key().map_err(store_error)?);
        let start = match options.cursor.as_deref() {
            Some(text) => {
                FeedCursor::decode(text, &key, &caller.tenant, category)
                    .map_err(cursor_error)?
                    .seq
            }
            None => 0,
        };
        let mut filters = Vec::with_capacity(2);
        if let Some(event_type) = category.sign_in_event_type() {
            filters.push(resource::event_type_filter(event_type)?);
        }
        filters.extend(access::scope_filter(scope, kind)?);
        let query = ScopedQuery {
            tenant: caller.tenant.clone(),
            kind,
            filters,
            order: SortOrder::Asc,
            not_before: access::retention_floor(state, &caller.tenant, kind)?,
        };
        Ok(Walk {
            tenant: caller.tenant.clone(),
            category,
            query,
            options,
            key,
            start,
            include_unknown,
        })
    }

    /// Reads and renders the records after `after`. Blocking.
    fn read(&self, state: &ApiState, after: u64) -> Result<Batch, GraphError> {
        let request = ChangeRequest {
            query: self.query.clone(),
            after_seq: after,
            size: self.options.limit,
        };
        // Azure's shape is written straight from the stored bytes, as export does; Graph's
        // shape goes through the renderer, which works on trees.
        let page: ChangePage<Box<RawValue>> = match self.options.format {
            FeedFormat::AzureMonitor => {
                let page = state.store.changes_json(&request).map_err(store_error)?;
                let options = EnvelopeOptions::default();
                let records = page
                    .records
                    .iter()
                    .map(|record| {
                        let json = GraphJson::parse(&record.json);
                        let exported =
                            export_record(self.category, self.tenant.as_str(), &json, &options);
                        raw(exported.into_bytes())
                    })
                    .collect::<Result<_, _>>()?;
                ChangePage {
                    records,
                    scanned_to: page.scanned_to,
                }
            }
            FeedFormat::Graph => {
                let page = state.store.changes(&request).map_err(store_error)?;
                let options = RenderOptions {
                    include_unknown_enum_members: self.include_unknown,
                    ..RenderOptions::new(ApiVersion::Beta)
                };
                let records = page
                    .records
                    .iter()
                    .map(|record| {
                        serde_json::value::to_raw_value(&render(
                            self.query.kind,
                            &record.body,
                            &options,
                        ))
                        .map_err(|e| GraphError::internal(&e))
                    })
                    .collect::<Result<_, _>>()?;
                ChangePage {
                    records,
                    scanned_to: page.scanned_to,
                }
            }
        };
        let scanned_to = page.scanned_to.max(after);
        // Only an empty page that made progress can have stopped on the budget; a scan that
        // made none (a tenant with no rows yet) has nothing to continue.
        let more = page.records.is_empty()
            && scanned_to > after
            && state
                .store
                .high_water_mark(self.query.kind)
                .map_err(store_error)?
                > scanned_to;
        Ok(Batch {
            records: page.records,
            scanned_to,
            more,
        })
    }

    /// The response for `records` with the cursor at `seq`, and how many records it holds.
    fn respond(&self, base: &str, records: Vec<Box<RawValue>>, seq: u64) -> (Response, u64) {
        let cursor = FeedCursor {
            category: self.category,
            seq,
        }
        .encode(&self.key, &self.tenant);
        let count = u64::try_from(records.len()).unwrap_or(u64::MAX);
        let next = links::feed_link(base, self.category.as_str(), &cursor, &self.options);
        let body = FeedBody {
            category: self.category.as_str(),
            records,
            cursor,
            next_link: next,
        };
        (axum::Json(body).into_response(), count)
    }
}

/// The answer's members, in this order.
#[derive(Serialize)]
struct FeedBody<'a> {
    category: &'a str,
    records: Vec<Box<RawValue>>,
    cursor: String,
    #[serde(rename = "@vigil.nextLink")]
    next_link: String,
}

/// An exported record's bytes as a raw JSON value (they are always valid JSON text).
fn raw(bytes: Vec<u8>) -> Result<Box<RawValue>, GraphError> {
    let text = String::from_utf8(bytes).map_err(|e| GraphError::internal(&e))?;
    RawValue::from_string(text).map_err(|e| GraphError::internal(&e))
}

/// Reads until there are records, the wait is over, or the server is stopping.
async fn answer(
    state: &ApiState,
    walk: Arc<Walk>,
    mut appends: AppendWatch,
    base: &str,
) -> Result<(Response, u64), GraphError> {
    let deadline = Instant::now() + walk.options.wait;
    let mut stopping = state.stopping.subscribe();
    let mut after = walk.start;
    loop {
        let batch = {
            let (state, walk) = (state.clone(), walk.clone());
            blocking(move || walk.read(&state, after)).await?
        };
        after = batch.scanned_to;
        if !batch.records.is_empty() || walk.options.wait.is_zero() {
            return Ok(walk.respond(base, batch.records, after));
        }
        if batch.more && Instant::now() < deadline {
            continue;
        }
        let woken = tokio::select! {
            changed = tokio::time::timeout_at(deadline, appends.changed()) => {
                matches!(changed, Ok(Ok(())))
            }
            _ = stopping.wait_for(|stop| *stop) => false,
        };
        if !woken {
            return Ok(walk.respond(base, Vec::new(), after));
        }
    }
}

/// The 400 for a refused cursor; the reason goes to the log.
fn cursor_error(error: CursorError) -> GraphError {
    tracing::debug!(%error, "refused feed cursor");
    match error {
        CursorError::WrongCategory(other) => GraphError::bad_request(format!(
            "The cursor belongs to the {other} feed, not this one."
        )),
        CursorError::Malformed | CursorError::BadSignature => GraphError::bad_request(
            "The cursor is invalid, or belongs to another tenant or category.",
        ),
    }
}
