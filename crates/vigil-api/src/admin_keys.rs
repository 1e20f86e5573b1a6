//! `/admin/v1/ingestKeys`: the tenant's ingest keys.
//!
//! - `GET` lists them, active and revoked, oldest first — never secrets or hashes.
//! - `POST {"name": "siem-forwarder"}` creates one and answers 201 with the key text in
//!   `key`: the only time it is shown.
//! - `DELETE /admin/v1/ingestKeys/{id}` revokes one (204); an id of another tenant is a 404
//!   like an unknown one.
//!
//! Creation and revocation are recorded as directory audits ("Add ingest key",
//! "Revoke ingest key").

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vigil_model::datetime::format_datetime;
use vigil_tenancy::{IngestKeyId, IngestKeyInfo};

use crate::admin::{Need, admit, control_error};
use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::change_audit::{self, Change, Modified};
use crate::error::{GraphError, GraphErrorCode};
use crate::{ApiState, blocking};

/// `GET /admin/v1/ingestKeys`.
pub(crate) async fn list(
    State(state): State<ApiState>,
    caller: Caller,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Read)?;
        let keys = state
            .control
            .ingest_keys(&tenant.id)
            .map_err(control_error)?;
        let value: Vec<Value> = keys.iter().map(key_json).collect();
        Ok(axum::Json(json!({ "value": value })).into_response())
    })
    .await
}

/// `POST /admin/v1/ingestKeys`.
pub(crate) async fn create(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Write)?;
        let name = parse_name(&body)?;
        let created = state
            .control
            .create_ingest_key(&tenant.id, &name)
            .map_err(control_error)?;
        change_audit::record(
            &state,
            &caller,
            &context,
            &Change {
                activity: "Add ingest key",
                operation_type: "Add",
                target_id: created.info.id.to_string(),
                target_name: created.info.name.clone(),
                target_type: "IngestKey",
                modified: vec![Modified {
                    name: "name".to_owned(),
                    old: None,
                    new: Some(created.info.name.clone()),
                }],
            },
        )?;
        let mut document = key_json(&created.info);
        if let Value::Object(fields) = &mut document {
            fields.insert("key".to_owned(), json!(created.secret.expose()));
        }
        Ok((StatusCode::CREATED, axum::Json(document)).into_response())
    })
    .await
}

/// `DELETE /admin/v1/ingestKeys/{id}`.
pub(crate) async fn revoke(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Write)?;
        let key_id = IngestKeyId::parse(&id).ok_or_else(|| {
            GraphError::new(
                GraphErrorCode::ResourceNotFound,
                format!("Ingest key '{id}' does not exist in this tenant."),
            )
        })?;
        let revoked = state
            .control
            .revoke_ingest_key(&tenant.id, &key_id)
            .map_err(control_error)?;
        change_audit::record(
            &state,
            &caller,
            &context,
            &Change {
                activity: "Revoke ingest key",
                operation_type: "Delete",
                target_id: revoked.id.to_string(),
                target_name: revoked.name.clone(),
                target_type: "IngestKey",
                modified: vec![Modified {
                    name: "revokedDateTime".to_owned(),
                    old: None,
                    new: revoked.revoked.map(format_datetime),
                }],
            },
        )?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

/// Reads `{"name": "..."}` (the control store trims and checks the name).
fn parse_name(body: &[u8]) -> Result<String, GraphError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| GraphError::bad_request(format!("The body is not JSON: {e}")))?;
    match value.get("name") {
        Some(Value::String(name)) => Ok(name.clone()),
        _ => Err(GraphError::bad_request(
            "The body must be a JSON object with a string 'name', such as {\"name\": \"siem-forwarder\"}.",
        )),
    }
}

fn key_json(key: &IngestKeyInfo) -> Value {
    json!({
        "id": key.id.as_str(),
        "name": key.name,
        "createdDateTime": format_datetime(key.created),
        "revokedDateTime": key.revoked.map(format_datetime),
        "lastUsedDateTime": key.last_used.map(format_datetime),
        "active": key.is_active(),
    })
}
