//! `GET /{version}/auditLogs/{collection}/{id}`: one record, or Graph's 404.
//!
//! The read is authorised like a list and confined to the caller's access scope: the store
//! returns the record only if it is in the caller's tenant and matches the scope filter, so
//! another user's sign-in id is answered exactly like an id that does not exist (404, not
//! 403 — ids do not leak). The outcome is recorded in the read audit.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;
use vigil_model::{RenderOptions, render};
use vigil_store::SortOrder;

use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::error::{GraphError, GraphErrorCode};
use crate::list::store_error;
use crate::resource::{self, Resource};
use crate::{ApiState, access, blocking, links, response};

/// The get-by-id handler.
pub async fn get_one(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    path: Result<Path<(String, String, String, String)>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
) -> Result<Response, GraphError> {
    let Path((version, root, collection, id)) =
        path.map_err(|e| GraphError::bad_request(e.body_text()))?;
    let resource = resource::resolve(&version, &root, &collection)?;
    let base = links::base_url(state.config.public_url.as_deref(), &headers);
    let include_unknown = response::prefers_unknown_enum_members(&headers);
    blocking(move || {
        audited(&state, &caller, &context, Some(resource.kind), || {
            let Resource { version, kind } = resource;
            let scope = access::authorize_read(&state, &caller, kind)?;
            let scope_filter = access::scope_filter(scope, kind)?;
            let floor = access::retention_floor(&state, &caller.tenant, kind)?;
            let query = resource::scoped_query(
                caller.tenant.clone(),
                resource,
                None,
                scope_filter,
                SortOrder::Desc,
                false,
                floor,
            )?;
            let record = state.store.get(&query, &id).map_err(store_error)?;
            let Some(record) = record else {
                return Err(GraphError::new(
                    GraphErrorCode::ResourceNotFound,
                    format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
                ));
            };
            let options = RenderOptions {
                version,
                select: None,
                include_unknown_enum_members: include_unknown,
            };
            let mut body = serde_json::Map::new();
            body.insert(
                "@odata.context".into(),
                Value::String(links::entity_context(&base, version, kind)),
            );
            if let Value::Object(fields) = render(kind, &record.body, &options) {
                body.extend(fields);
            }
            Ok((response::odata_json(&Value::Object(body)), 1))
        })
    })
    .await
}
