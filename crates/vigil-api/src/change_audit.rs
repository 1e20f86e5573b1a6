//! Admin changes as directory audit records of the tenant, so that "who changed retention"
//! or "who created this ingest key" is answered by the same `/auditLogs/directoryAudits`
//! a tenant already reads (`$filter=category eq 'Vigil'`).
//!
//! A record has category `Vigil`, `loggedByService` `Vigil`, the activity (e.g. "Update
//! retention"), `initiatedBy.user` from the caller's token, result `success`, the
//! `request-id` as `correlationId`, and one target resource with its modified properties
//! (values JSON-encoded, as Entra writes them). It goes through the normal ingest pipeline,
//! so `vigil_model` validates it like any producer's record. It is written after the change
//! succeeded; if writing it fails, the request answers 500 (the change itself stands and the
//! failure is logged).

use serde_json::{Value, json};
use time::OffsetDateTime;
use vigil_auth::Principal;
use vigil_model::LogKind;
use vigil_model::datetime::format_datetime;
use vigil_store::TenantId;

use crate::ApiState;
use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::error::GraphError;

/// One changed property of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Modified {
    /// What changed.
    pub(crate) name: String,
    /// The value before (`None` for none).
    pub(crate) old: Option<String>,
    /// The value after.
    pub(crate) new: Option<String>,
}

/// An admin change to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// `activityDisplayName`.
    pub(crate) activity: &'static str,
    /// `operationType` (`Add`, `Update`, `Delete`).
    pub(crate) operation_type: &'static str,
    /// The target's id.
    pub(crate) target_id: String,
    /// The target's display name.
    pub(crate) target_name: String,
    /// The target's type (`Tenant`, `IngestKey`).
    pub(crate) target_type: &'static str,
    /// What changed on it.
    pub(crate) modified: Vec<Modified>,
}

/// Writes `change` into the caller's tenant's directory audits. Blocking.
pub(crate) fn record(
    state: &ApiState,
    caller: &Caller,
    context: &RequestInfo,
    change: &Change,
) -> Result<(), GraphError> {
    record_in(state, &caller.tenant, caller, context, change)
}

/// Like [`record`], with a fixed record `id` (so writing the same event again stores it
/// once: ingest is idempotent on the id) and extra `additionalDetails` entries.
pub(crate) fn record_with(
    state: &ApiState,
    caller: &Caller,
    context: &RequestInfo,
    change: &Change,
    id: &str,
    details: &[(&str, String)],
) -> Result<(), GraphError> {
    let mut record = build(
        state.clock.now(),
        &caller.principal,
        context.request_id(),
        change,
    );
    record["id"] = Value::String(id.to_owned());
    if let Some(Value::Array(list)) = record.get_mut("additionalDetails") {
        for (key, value) in details {
            list.push(json!({"key": key, "value": value}));
        }
    }
    store(state, &caller.tenant, change, record)
}

/// Like [`record`], into `tenant`'s log: an operator's change to a tenant is audited in the
/// tenant it changed.
pub(crate) fn record_in(
    state: &ApiState,
    tenant: &TenantId,
    caller: &Caller,
    context: &RequestInfo,
    change: &Change,
) -> Result<(), GraphError> {
    let record = build(
        state.clock.now(),
        &caller.principal,
        context.request_id(),
        change,
    );
    store(state, tenant, change, record)
}

fn store(
    state: &ApiState,
    tenant: &TenantId,
    change: &Change,
    record: Value,
) -> Result<(), GraphError> {
    state
        .ingestor
        .ingest_values(tenant, LogKind::DirectoryAudit, vec![record])
        .map(|_| ())
        .map_err(|e| {
            tracing::error!(error = %e, activity = change.activity, "admin change applied but its audit record was not stored");
            GraphError::internal(&e)
        })
}

fn build(now: OffsetDateTime, principal: &Principal, request_id: &str, change: &Change) -> Value {
    let modified: Vec<Value> = change
        .modified
        .iter()
        .map(|m| {
            json!({
                "displayName": m.name,
                "oldValue": encoded(m.old.as_deref()),
                "newValue": encoded(m.new.as_deref()),
            })
        })
        .collect();
    json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "category": "Vigil",
        "correlationId": request_id,
        "result": "success",
        "resultReason": "",
        "activityDisplayName": change.activity,
        "activityDateTime": format_datetime(now),
        "loggedByService": "Vigil",
        "operationType": change.operation_type,
        "initiatedBy": {
            "user": {
                "id": principal.object_id.hyphenated().to_string(),
                "displayName": principal.display_name,
                "userPrincipalName": principal.user_principal_name,
                "ipAddress": null,
            },
            "app": null,
        },
        "targetResources": [{
            "id": change.target_id,
            "displayName": change.target_name,
            "type": change.target_type,
            "modifiedProperties": modified,
        }],
        "additionalDetails": [
            {"key": "appId", "value": principal.app_id.clone().unwrap_or_default()},
        ],
    })
}

/// A modified-property value as Entra writes it: JSON text (`"\"400\""`), or `null`.
fn encoded(value: Option<&str>) -> Value {
    match value {
        Some(text) => Value::String(Value::String(text.to_owned()).to_string()),
        None => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use std::collections::BTreeSet;

    use time::macros::datetime;
    use uuid::Uuid;
    use vigil_auth::{Access, Principal};
    use vigil_model::LogKind;

    use super::{Change, Modified, build};

    #[test]
    fn change_records_validate_as_directory_audits() {
        let principal = Principal {
            tenant_id: Uuid::from_u128(1),
            object_id: Uuid::from_u128(2),
            user_principal_name: Some("admin@contoso.com".into()),
            display_name: None,
            app_id: None,
            access: Access::Delegated {
                scopes: BTreeSet::new(),
            },
            directory_roles: BTreeSet::new(),
            issuer: "test".into(),
        };
        let change = Change {
            activity: "Update retention",
            operation_type: "Update",
            target_id: "t".into(),
            target_name: "Contoso".into(),
            target_type: "Tenant",
            modified: vec![Modified {
                name: "signIns retention override (days)".into(),
                old: None,
                new: Some("400".into()),
            }],
        };
        let record = build(datetime!(2026-01-01 00:00 UTC), &principal, "req", &change);
        let valid = vigil_model::validate(LogKind::DirectoryAudit, record).unwrap();
        let body = valid.body();
        assert_eq!(body["category"], "Vigil");
        assert_eq!(
            body["initiatedBy"]["user"]["userPrincipalName"],
            "admin@contoso.com"
        );
        assert_eq!(
            body["targetResources"][0]["modifiedProperties"][0]["newValue"],
            "\"400\""
        );
    }
}
