//! `/admin/v1/diagnosticSettings`: the tenant's diagnostic settings (export configuration,
//! shaped like Azure's `microsoft.aadiam/diagnosticSettings`; see
//! `vigil_tenancy::diagnostic_settings` for the JSON).
//!
//! - `GET` lists them (`{"value": [...]}`), oldest first; `GET …/{name}` shows one.
//! - `POST` creates one from `{"name", "properties": {"logs", "destinations"}}` (201).
//! - `PUT …/{name}` creates or replaces one, as ARM's create-or-update (201 or 200); the
//!   body's `name` may be omitted and otherwise must match the path. A secret sent as
//!   `"***"` keeps the stored value.
//! - `DELETE …/{name}` removes one (204).
//! - `GET …/{name}/status` shows delivery health per destination and log (position,
//!   backlog in records and seconds, last error; `vigil_delivery::status`).
//!
//! A new destination starts with the records stored after the change (its positions are
//! set to every log's high-water mark read before the setting is stored), and every
//! change wakes the exporter so delivery follows at once.
//!
//! Every response shows secrets as `"***"`. Bad settings are 400s whose message and
//! `details[0].target` name the field (`properties.destinations[0].bootstrapServers`); a
//! taken name is a 409; a sixth setting a 400. Reading and changing both need Security
//! Administrator or Global Administrator, as in Azure. Each change is a directory audit
//! ("Add / Update / Delete diagnostic setting", target type `DiagnosticSetting`, modified
//! property `properties` with the redacted old and new values).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vigil_model::LogKind;
use vigil_tenancy::{ControlError, DiagnosticSetting};

use crate::admin::{Need, admit, control_error};
use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::change_audit::{self, Change, Modified};
use crate::error::{ErrorDetail, GraphError, GraphErrorCode};
use crate::{ApiState, blocking};

/// `GET /admin/v1/diagnosticSettings`.
pub(crate) async fn list(
    State(state): State<ApiState>,
    caller: Caller,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Read)?;
        let settings = state
            .control
            .diagnostic_settings(&tenant.id)
            .map_err(setting_error)?;
        let value: Vec<Value> = settings.iter().map(document).collect();
        Ok(axum::Json(json!({ "value": value })).into_response())
    })
    .await
}

/// `GET /admin/v1/diagnosticSettings/{name}`.
pub(crate) async fn show(
    State(state): State<ApiState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Read)?;
        let setting = stored(&state, &tenant.id, &name)?;
        Ok(axum::Json(document(&setting)).into_response())
    })
    .await
}

/// `POST /admin/v1/diagnosticSettings`.
pub(crate) async fn create(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::SecurityWrite)?;
        let setting = parse(&body)?;
        let start = start_positions(&state)?;
        let created = state
            .control
            .create_diagnostic_setting(&tenant.id, &setting)
            .map_err(setting_error)?;
        start_delivery(&state, &tenant.id, &created, &start)?;
        audit(&state, &caller, &context, "Add", None, &created)?;
        Ok((StatusCode::CREATED, axum::Json(document(&created))).into_response())
    })
    .await
}

/// `PUT /admin/v1/diagnosticSettings/{name}`: create or replace.
pub(crate) async fn put(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::SecurityWrite)?;
        let mut setting = parse(&body)?;
        if setting.name.is_empty() {
            setting.name = name.clone();
        } else if !setting.name.eq_ignore_ascii_case(&name) {
            return Err(invalid(
                "name",
                &format!("is '{}' but the path names '{name}'", setting.name),
            ));
        }
        let before = state
            .control
            .diagnostic_setting(&tenant.id, &name)
            .map_err(setting_error)?;
        let start = start_positions(&state)?;
        let (status, stored) = match &before {
            Some(_) => (
                StatusCode::OK,
                state
                    .control
                    .update_diagnostic_setting(&tenant.id, &setting),
            ),
            None => (
                StatusCode::CREATED,
                state
                    .control
                    .create_diagnostic_setting(&tenant.id, &setting),
            ),
        };
        let stored = stored.map_err(setting_error)?;
        start_delivery(&state, &tenant.id, &stored, &start)?;
        let operation = if before.is_some() { "Update" } else { "Add" };
        audit(
            &state,
            &caller,
            &context,
            operation,
            before.as_ref(),
            &stored,
        )?;
        Ok((status, axum::Json(document(&stored))).into_response())
    })
    .await
}

/// `DELETE /admin/v1/diagnosticSettings/{name}`.
pub(crate) async fn delete(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(name): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::SecurityWrite)?;
        let before = stored(&state, &tenant.id, &name)?;
        state
            .control
            .delete_diagnostic_setting(&tenant.id, &name)
            .map_err(setting_error)?;
        state.export_wake().notify_one();
        change_audit::record(
            &state,
            &caller,
            &context,
            &Change {
                activity: "Delete diagnostic setting",
                operation_type: "Delete",
                target_id: before.name.clone(),
                target_name: before.name.clone(),
                target_type: "DiagnosticSetting",
                modified: vec![Modified {
                    name: "properties".to_owned(),
                    old: Some(properties(&before)),
                    new: None,
                }],
            },
        )?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

/// `GET /admin/v1/diagnosticSettings/{name}/status`: delivery health per destination.
pub(crate) async fn status(
    State(state): State<ApiState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Read)?;
        let setting = stored(&state, &tenant.id, &name)?;
        let statuses = vigil_delivery::status::setting_status(
            state.store.as_ref(),
            state.control.as_ref(),
            &tenant.id,
            &setting,
            state.clock.now(),
        )
        .map_err(|e| GraphError::internal(&e))?;
        Ok(axum::Json(json!({ "name": setting.name, "destinations": statuses })).into_response())
    })
    .await
}

/// The stored setting called `name`, or the 404 for a missing one.
fn stored(
    state: &ApiState,
    tenant: &vigil_store::TenantId,
    name: &str,
) -> Result<DiagnosticSetting, GraphError> {
    state
        .control
        .diagnostic_setting(tenant, name)
        .map_err(setting_error)?
        .ok_or_else(|| setting_error(ControlError::DiagnosticSettingNotFound(name.to_owned())))
}

/// Every kind's high-water mark, read before a setting is stored: its destinations start
/// there, so nothing stored after the change is missed.
fn start_positions(state: &ApiState) -> Result<Vec<(LogKind, u64)>, GraphError> {
    vigil_delivery::start_positions(state.store.as_ref()).map_err(|e| GraphError::internal(&e))
}

/// Creates the positions of the setting's new destinations and wakes the exporter.
fn start_delivery(
    state: &ApiState,
    tenant: &vigil_store::TenantId,
    setting: &DiagnosticSetting,
    start: &[(LogKind, u64)],
) -> Result<(), GraphError> {
    let destinations: Vec<String> = setting.destinations.iter().map(|d| d.key()).collect();
    state
        .control
        .sync_delivery_cursors(tenant, &setting.name, &destinations, start)
        .map_err(setting_error)?;
    state.export_wake().notify_one();
    Ok(())
}

fn audit(
    state: &ApiState,
    caller: &Caller,
    context: &RequestInfo,
    operation: &'static str,
    before: Option<&DiagnosticSetting>,
    after: &DiagnosticSetting,
) -> Result<(), GraphError> {
    let activity = if operation == "Add" {
        "Add diagnostic setting"
    } else {
        "Update diagnostic setting"
    };
    change_audit::record(
        state,
        caller,
        context,
        &Change {
            activity,
            operation_type: operation,
            target_id: after.name.clone(),
            target_name: after.name.clone(),
            target_type: "DiagnosticSetting",
            modified: vec![Modified {
                name: "properties".to_owned(),
                old: before.map(properties),
                new: Some(properties(after)),
            }],
        },
    )
}

/// The setting as clients see it: secrets are `"***"` by construction.
fn document(setting: &DiagnosticSetting) -> Value {
    serde_json::to_value(setting).unwrap_or(Value::Null)
}

/// The redacted `properties` as a JSON string, for the audit record.
fn properties(setting: &DiagnosticSetting) -> String {
    document(setting)
        .get("properties")
        .map(Value::to_string)
        .unwrap_or_default()
}

fn parse(body: &[u8]) -> Result<DiagnosticSetting, GraphError> {
    DiagnosticSetting::parse_json(body).map_err(|e| invalid(&e.field, &e.reason))
}

/// A 400 naming the field in the message and in `details[0].target`.
fn invalid(field: &str, reason: &str) -> GraphError {
    let message = if field.is_empty() {
        format!("Invalid diagnostic setting: {reason}")
    } else {
        format!("Invalid value for '{field}': {reason}")
    };
    GraphError {
        details: vec![ErrorDetail {
            code: "InvalidValue".to_owned(),
            message: reason.to_owned(),
            target: field.to_owned(),
        }],
        ..GraphError::bad_request(message)
    }
}

fn setting_error(err: ControlError) -> GraphError {
    match err {
        ControlError::InvalidDiagnosticSetting(e) => invalid(&e.field, &e.reason),
        ControlError::DiagnosticSettingExists(name) => GraphError::new(
            GraphErrorCode::Conflict,
            format!("A diagnostic setting named '{name}' already exists in this tenant."),
        ),
        ControlError::DiagnosticSettingNotFound(name) => GraphError::new(
            GraphErrorCode::ResourceNotFound,
            format!("Diagnostic setting '{name}' does not exist in this tenant."),
        ),
        ControlError::DiagnosticSettingLimit { max } => GraphError::bad_request(format!(
            "A tenant has at most {max} diagnostic settings; delete one first."
        )),
        other => control_error(other),
    }
}
