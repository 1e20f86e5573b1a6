//! The operator API: `/admin/v1/tenants` — create tenants, list them, change a license.
//!
//! | route | body |
//! |---|---|
//! | `GET /admin/v1/tenants` | — |
//! | `POST /admin/v1/tenants` | `{"id": "<guid>", "displayName": "…", "license": "free" \| "p1" \| "p2"}` → 201 |
//! | `GET /admin/v1/tenants/{id}` | — |
//! | `PATCH /admin/v1/tenants/{id}` | `{"license": "p1"}` |
//!
//! These act across tenants, so no tenant's own administrator may call them. The caller
//! must hold an app-only token **from Vigil's built-in issuer** with the application
//! permission `Vigil.Tenants.ReadWrite.All` (`vigil token --app … --permission
//! Vigil.Tenants.ReadWrite.All`): whoever can mint those already holds the data directory's
//! signing key. An external issuer can never grant it. Each change is written as a directory
//! audit record into the tenant it changed.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use vigil_auth::Permission;
use vigil_model::LicenseTier;
use vigil_model::datetime::format_datetime;
use vigil_store::TenantId;
use vigil_tenancy::{ControlError, Tenant};

use crate::admin::control_error;
use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::change_audit::{self, Change, Modified};
use crate::error::{GraphError, GraphErrorCode};
use crate::{ApiState, blocking, method_not_allowed};

/// The operator routes.
pub(crate) fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/admin/v1/tenants",
            get(list).post(create).fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/tenants/{id}",
            get(show).patch(update).fallback(method_not_allowed),
        )
}

/// Admits only operators: app-only, built-in issuer, `Vigil.Tenants.ReadWrite.All`.
pub(crate) fn admit(state: &ApiState, caller: &Caller) -> Result<(), GraphError> {
    let principal = caller.principal();
    let operator = principal.is_app_only()
        && principal.has_permission(Permission::VigilTenantsReadWriteAll)
        && principal.issuer == state.issuer.issuer();
    if operator {
        Ok(())
    } else {
        Err(GraphError::denied(
            "Managing tenants needs an app-only token from Vigil's own issuer with the Vigil.Tenants.ReadWrite.All permission.",
        ))
    }
}

fn tenant_json(tenant: &Tenant) -> Value {
    json!({
        "id": tenant.id.as_str(),
        "displayName": tenant.display_name,
        "license": tenant.license.as_str(),
        "createdDateTime": format_datetime(tenant.created),
    })
}

fn parse_id(id: &str) -> Result<TenantId, GraphError> {
    TenantId::parse(id)
        .ok_or_else(|| GraphError::bad_request(format!("Tenant id '{id}' is not a GUID.")))
}

fn not_found(id: &TenantId) -> GraphError {
    GraphError::new(
        GraphErrorCode::ResourceNotFound,
        format!("Tenant '{id}' does not exist."),
    )
}

fn body_object(body: &[u8]) -> Result<serde_json::Map<String, Value>, GraphError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(GraphError::bad_request("The body must be a JSON object.")),
        Err(e) => Err(GraphError::bad_request(format!(
            "The body is not JSON: {e}"
        ))),
    }
}

fn license_field(
    fields: &serde_json::Map<String, Value>,
) -> Result<Option<LicenseTier>, GraphError> {
    match fields.get("license") {
        None => Ok(None),
        Some(Value::String(text)) => text
            .parse::<LicenseTier>()
            .map(Some)
            .map_err(|e| GraphError::bad_request(format!("license: {e}."))),
        Some(_) => Err(GraphError::bad_request(
            "license: expected one of \"free\", \"p1\", \"p2\".",
        )),
    }
}

/// `GET /admin/v1/tenants`.
async fn list(State(state): State<ApiState>, caller: Caller) -> Result<Response, GraphError> {
    blocking(move || {
        admit(&state, &caller)?;
        let tenants = state.control.tenants().map_err(control_error)?;
        let value: Vec<Value> = tenants.iter().map(tenant_json).collect();
        Ok(axum::Json(json!({ "value": value })).into_response())
    })
    .await
}

/// `GET /admin/v1/tenants/{id}`.
async fn show(
    State(state): State<ApiState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        admit(&state, &caller)?;
        let id = parse_id(&id)?;
        let tenant = state.control.tenant(&id).map_err(control_error)?;
        let tenant = tenant.ok_or_else(|| not_found(&id))?;
        Ok(axum::Json(tenant_json(&tenant)).into_response())
    })
    .await
}

/// `POST /admin/v1/tenants`.
async fn create(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        admit(&state, &caller)?;
        let fields = body_object(&body)?;
        let id = match fields.get("id") {
            Some(Value::String(id)) => parse_id(id)?,
            _ => return Err(GraphError::bad_request("id: a tenant GUID is required.")),
        };
        let name = match fields.get("displayName") {
            Some(Value::String(name)) => name.clone(),
            _ => return Err(GraphError::bad_request("displayName: a name is required.")),
        };
        let license = license_field(&fields)?.unwrap_or(LicenseTier::Free);
        let tenant = state
            .control
            .create_tenant(&id, &name, license)
            .map_err(|e| match e {
                ControlError::TenantExists(id) => GraphError::new(
                    GraphErrorCode::Conflict,
                    format!("Tenant '{id}' already exists."),
                ),
                other => control_error(other),
            })?;
        change_audit::record_in(
            &state,
            &tenant.id,
            &caller,
            &context,
            &Change {
                activity: "Create tenant",
                operation_type: "Add",
                target_id: tenant.id.to_string(),
                target_name: tenant.display_name.clone(),
                target_type: "Tenant",
                modified: vec![Modified {
                    name: "license".into(),
                    old: None,
                    new: Some(tenant.license.to_string()),
                }],
            },
        )?;
        Ok((StatusCode::CREATED, axum::Json(tenant_json(&tenant))).into_response())
    })
    .await
}

/// `PATCH /admin/v1/tenants/{id}`.
async fn update(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        admit(&state, &caller)?;
        let id = parse_id(&id)?;
        let fields = body_object(&body)?;
        if let Some(unknown) = fields.keys().find(|k| k.as_str() != "license") {
            return Err(GraphError::bad_request(format!(
                "'{unknown}' cannot be changed; only license can."
            )));
        }
        let license =
            license_field(&fields)?.ok_or_else(|| GraphError::bad_request("license: required."))?;
        let before = state
            .control
            .tenant(&id)
            .map_err(control_error)?
            .ok_or_else(|| not_found(&id))?;
        let tenant = state
            .control
            .set_license(&id, license)
            .map_err(|e| match e {
                ControlError::TenantNotFound(id) => not_found(&id),
                other => control_error(other),
            })?;
        change_audit::record_in(
            &state,
            &tenant.id,
            &caller,
            &context,
            &Change {
                activity: "Update tenant license",
                operation_type: "Update",
                target_id: tenant.id.to_string(),
                target_name: tenant.display_name.clone(),
                target_type: "Tenant",
                modified: vec![Modified {
                    name: "license".into(),
                    old: Some(before.license.to_string()),
                    new: Some(tenant.license.to_string()),
                }],
            },
        )?;
        Ok(axum::Json(tenant_json(&tenant)).into_response())
    })
    .await
}
