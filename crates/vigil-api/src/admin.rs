//! The tenant admin API under `/admin/v1/` — Vigil's own, not Graph: JSON in and out,
//! errors in Graph's envelope, authenticated with the same bearer tokens as the Graph routes
//! (and throttled with them), always scoped to the token's tenant.
//!
//! | route | who |
//! |---|---|
//! | `GET /admin/v1/tenant` — id, name, license, retention of all four logs | read |
//! | `PATCH /admin/v1/tenant/retention` — `{"signIns": 400, "directoryAudits": null}` | write |
//! | `GET /admin/v1/ingestKeys`, `POST` `{"name"}` (secret shown once), `DELETE …/{id}` | read / write / write |
//! | `GET /admin/v1/readAudit?from=&until=&caller=&$top=&$skiptoken=` | read |
//! | `GET|POST /admin/v1/diagnosticSettings`, `GET|PUT|DELETE …/{name}` | read / security write |
//!
//! *Read* is a delegated token with Global Administrator or Security Administrator in
//! `wids`; *write* needs Global Administrator; *security write* (diagnostic settings, as in
//! Azure) either of the two. App-only tokens are refused (their `roles`
//! are API permissions, not directory roles). The tenant must be provisioned. Creating
//! tenants and setting licenses are operator tasks, done with the CLI only.
//!
//! Every change is also written as a directory audit record of the tenant
//! ([`crate::change_audit`]), and every read of the read audit is itself recorded there.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch};
use serde_json::{Map, Value, json};
use vigil_auth::{DirectoryRole, MSG_USER_NOT_IN_ROLES};
use vigil_model::LogKind;
use vigil_model::datetime::format_datetime;
use vigil_tenancy::{RetentionSetting, RetentionSource, Tenant};

use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::change_audit::{self, Change, Modified};
use crate::error::GraphError;
use crate::{
    ApiState, access, admin_diagnostic, admin_keys, admin_read_audit, blocking, method_not_allowed,
};

/// Roles that may read admin resources.
const READ_ROLES: [DirectoryRole; 2] = [
    DirectoryRole::GlobalAdministrator,
    DirectoryRole::SecurityAdministrator,
];
/// Whether `role` may read and change diagnostic settings (what the portal's settings page
/// needs).
pub fn manages_diagnostic_settings(role: DirectoryRole) -> bool {
    READ_ROLES.contains(&role)
}

/// Roles that may change them.
const WRITE_ROLES: [DirectoryRole; 1] = [DirectoryRole::GlobalAdministrator];

/// Whether an operation reads or changes the tenant's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// Look only.
    Read,
    /// Change something.
    Write,
    /// Change what Security Administrators may change too (diagnostic settings).
    SecurityWrite,
}

/// The admin routes.
pub(crate) fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/admin/v1/tenant",
            get(get_tenant).fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/tenant/retention",
            patch(patch_retention).fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/ingestKeys",
            get(admin_keys::list)
                .post(admin_keys::create)
                .fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/ingestKeys/{id}",
            delete(admin_keys::revoke).fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/diagnosticSettings",
            get(admin_diagnostic::list)
                .post(admin_diagnostic::create)
                .fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/diagnosticSettings/{name}",
            get(admin_diagnostic::show)
                .put(admin_diagnostic::put)
                .delete(admin_diagnostic::delete)
                .fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/diagnosticSettings/{name}/status",
            get(admin_diagnostic::status).fallback(method_not_allowed),
        )
        .route(
            "/admin/v1/readAudit",
            get(admin_read_audit::list).fallback(method_not_allowed),
        )
}

/// Checks the caller's roles for `need` and returns the caller's (provisioned) tenant.
/// Blocking (reads the control store).
pub(crate) fn admit(state: &ApiState, caller: &Caller, need: Need) -> Result<Tenant, GraphError> {
    if caller.principal.is_app_only() {
        return Err(GraphError::denied(
            "The admin API needs a delegated token of a user in the tenant; app-only tokens are not accepted.",
        ));
    }
    let roles: &[DirectoryRole] = match need {
        Need::Read | Need::SecurityWrite => &READ_ROLES,
        Need::Write => &WRITE_ROLES,
    };
    if !roles.iter().any(|role| caller.principal.has_role(*role)) {
        return Err(GraphError::denied(MSG_USER_NOT_IN_ROLES));
    }
    access::provisioned_tenant(state, caller)
}

/// `GET /admin/v1/tenant`.
async fn get_tenant(State(state): State<ApiState>, caller: Caller) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Read)?;
        tenant_response(&state, &tenant)
    })
    .await
}

/// `PATCH /admin/v1/tenant/retention`.
async fn patch_retention(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    body: Bytes,
) -> Result<Response, GraphError> {
    blocking(move || {
        let tenant = admit(&state, &caller, Need::Write)?;
        let (changes, hold) = parse_retention_patch(&body)?;
        let before = settings(&state, &tenant)?;
        let mut modified = Vec::new();
        for (kind, days) in changes {
            let after = state
                .control
                .set_retention_override(&tenant.id, kind, days)
                .map_err(control_error)?;
            let old = before.iter().find(|s| s.kind == kind).copied();
            modified.push(Modified {
                name: format!("{} retention override (days)", kind.collection()),
                old: old.and_then(|s| s.override_days).map(|d| d.to_string()),
                new: after.override_days.map(|d| d.to_string()),
            });
        }
        if let Some(days) = hold {
            let old = state
                .control
                .export_hold(&tenant.id)
                .map_err(control_error)?;
            let new = state
                .control
                .set_export_hold(&tenant.id, days)
                .map_err(control_error)?;
            modified.push(Modified {
                name: "export hold (days past retention)".to_owned(),
                old: old.map(|d| d.to_string()),
                new: new.map(|d| d.to_string()),
            });
        }
        change_audit::record(
            &state,
            &caller,
            &context,
            &Change {
                activity: "Update retention",
                operation_type: "Update",
                target_id: tenant.id.to_string(),
                target_name: tenant.display_name.clone(),
                target_type: "Tenant",
                modified,
            },
        )?;
        tenant_response(&state, &tenant)
    })
    .await
}

/// The key of the export hold limit in a retention patch and the tenant document.
const EXPORT_HOLD_KEY: &str = "exportHoldDays";

/// What a retention patch changes: log overrides, and the export hold when named (`Some(None)`
/// clears it).
type RetentionPatch = (Vec<(LogKind, Option<u32>)>, Option<Option<u32>>);

/// Reads `{"<log>": days | null, ..., "exportHoldDays": days | null}`: every other key a log
/// collection name (any case), each log at most once, each value null (clear the override) or
/// a whole number of days in range. Checked whole before anything is changed.
fn parse_retention_patch(body: &[u8]) -> Result<RetentionPatch, GraphError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| GraphError::bad_request(format!("The body is not JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(GraphError::bad_request(
            "The body must be a JSON object such as {\"signIns\": 400, \"directoryAudits\": null}.",
        ));
    };
    if fields.is_empty() {
        return Err(GraphError::bad_request("The body names no log."));
    }
    let mut changes: Vec<(LogKind, Option<u32>)> = Vec::with_capacity(fields.len());
    let mut hold = None;
    for (name, days) in &fields {
        if name == EXPORT_HOLD_KEY {
            hold = Some(match days {
                Value::Null => None,
                Value::Number(n) => Some(
                    n.as_u64()
                        .and_then(|d| u32::try_from(d).ok())
                        .and_then(|d| vigil_tenancy::retention::check_export_hold(d).ok())
                        .ok_or_else(|| {
                            GraphError::bad_request(format!(
                                "'{EXPORT_HOLD_KEY}' must be null or a whole number of days from 0 to {}.",
                                vigil_tenancy::MAX_RETENTION_DAYS
                            ))
                        })?,
                ),
                _ => {
                    return Err(GraphError::bad_request(format!(
                        "'{EXPORT_HOLD_KEY}' must be null or a whole number of days."
                    )));
                }
            });
            continue;
        }
        let kind = LogKind::from_collection(name).ok_or_else(|| {
            GraphError::bad_request(format!(
                "Unknown log '{name}': use signIns, directoryAudits, provisioning or customSecurityAttributeAudits."
            ))
        })?;
        if changes.iter().any(|(k, _)| *k == kind) {
            return Err(GraphError::bad_request(format!(
                "The log '{kind}' is named more than once."
            )));
        }
        let days = match days {
            Value::Null => None,
            Value::Number(n) => {
                let days = n
                    .as_u64()
                    .and_then(|d| u32::try_from(d).ok())
                    .ok_or_else(|| out_of_range(name))?;
                Some(vigil_tenancy::retention::check_override(days).map_err(control_error)?)
            }
            _ => return Err(out_of_range(name)),
        };
        changes.push((kind, days));
    }
    Ok((changes, hold))
}

fn out_of_range(name: &str) -> GraphError {
    GraphError::bad_request(format!(
        "The retention of '{name}' must be null or a whole number of days from {} to {}.",
        vigil_tenancy::MIN_RETENTION_DAYS,
        vigil_tenancy::MAX_RETENTION_DAYS
    ))
}

fn settings(state: &ApiState, tenant: &Tenant) -> Result<Vec<RetentionSetting>, GraphError> {
    state
        .control
        .retention_settings(&tenant.id)
        .map_err(control_error)
}

/// The tenant document: id, name, license and retention of every log.
fn tenant_response(state: &ApiState, tenant: &Tenant) -> Result<Response, GraphError> {
    let settings = settings(state, tenant)?;
    let mut retention = Map::new();
    for setting in &settings {
        retention.insert(
            setting.kind.collection().to_owned(),
            json!({
                "effectiveDays": setting.effective.days,
                "source": match setting.effective.source {
                    RetentionSource::Default => "licenseDefault",
                    RetentionSource::Override => "override",
                },
                "licenseDefaultDays": setting.license_default_days,
                "overrideDays": setting.override_days,
            }),
        );
    }
    let hold = state
        .control
        .export_hold(&tenant.id)
        .map_err(control_error)?;
    Ok(axum::Json(json!({
        "id": tenant.id.as_str(),
        "displayName": tenant.display_name,
        "license": tenant.license.as_str(),
        "createdDateTime": format_datetime(tenant.created),
        "retention": Value::Object(retention),
        EXPORT_HOLD_KEY: hold,
    }))
    .into_response())
}

/// Maps a control-store failure: bad input is a 400, a missing key a 404, the rest a 500.
pub(crate) fn control_error(err: vigil_tenancy::ControlError) -> GraphError {
    use vigil_tenancy::ControlError;
    match err {
        ControlError::RetentionOutOfRange { .. } | ControlError::Invalid { .. } => {
            GraphError::bad_request(err.to_string())
        }
        ControlError::IngestKeyNotFound(id) => GraphError::new(
            crate::error::GraphErrorCode::ResourceNotFound,
            format!("Ingest key '{id}' does not exist in this tenant."),
        ),
        other => GraphError::internal(&other),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use vigil_model::LogKind;

    use super::parse_retention_patch;

    #[test]
    fn retention_patches_are_checked_whole() {
        let ok = parse_retention_patch(br#"{"signIns": 400, "DirectoryAudits": null}"#).unwrap();
        assert_eq!(
            ok,
            (
                vec![
                    (LogKind::SignIn, Some(400)),
                    (LogKind::DirectoryAudit, None)
                ],
                None
            )
        );
        let hold = parse_retention_patch(br#"{"exportHoldDays": 7}"#).unwrap();
        assert_eq!(hold, (vec![], Some(Some(7))));
        let cleared = parse_retention_patch(br#"{"exportHoldDays": null, "signIns": 90}"#).unwrap();
        assert_eq!(cleared, (vec![(LogKind::SignIn, Some(90))], Some(None)));
        for bad in [
            &b"[]"[..],
            b"{}",
            b"not json",
            br#"{"signIns": 0}"#,
            br#"{"signIns": -1}"#,
            br#"{"signIns": 1.5}"#,
            br#"{"signIns": "30"}"#,
            br#"{"signIns": 36501}"#,
            br#"{"riskyUsers": 30}"#,
            br#"{"provisioning": 30, "directoryProvisioning": 40}"#,
            br#"{"exportHoldDays": -1}"#,
            br#"{"exportHoldDays": 36501}"#,
            br#"{"exportHoldDays": "7"}"#,
        ] {
            assert!(
                parse_retention_patch(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
