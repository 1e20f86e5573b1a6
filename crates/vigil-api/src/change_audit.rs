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

use serde_json::Value;
use time::OffsetDateTime;
use vigil_auth::Principal;
use vigil_model::LogKind;
use vigil_model::vigil_audit::{self, Actor, VigilEvent};
use vigil_store::TenantId;

use crate::ApiState;
use crate::audit_reads::RequestInfo;
use crate::caller::Caller;
use crate::error::GraphError;

pub(crate) use vigil_model::vigil_audit::Modified;

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
    let record = build(
        state.clock.now(),
        &caller.principal,
        context.request_id(),
        change,
        Some(id),
        details,
    );
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
        None,
        &[],
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

/// The record of `change` by `principal`: a fresh id unless `id` is given; `details` go to
/// `additionalDetails` after the client app id.
fn build(
    now: OffsetDateTime,
    principal: &Principal,
    request_id: &str,
    change: &Change,
    id: Option<&str>,
    details: &[(&str, String)],
) -> Value {
    let actor = Actor::User {
        id: principal.object_id.hyphenated().to_string(),
        display_name: principal.display_name.clone(),
        user_principal_name: principal.user_principal_name.clone(),
        app_id: principal.app_id.clone(),
    };
    let event = VigilEvent {
        activity: change.activity.to_owned(),
        operation_type: change.operation_type.to_owned(),
        target_id: change.target_id.clone(),
        target_name: change.target_name.clone(),
        target_type: change.target_type.to_owned(),
        modified: change.modified.clone(),
        details: details
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        ..VigilEvent::default()
    };
    let id = id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    vigil_audit::record(&id, request_id, now, &actor, &event)
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
        let record = build(
            datetime!(2026-01-01 00:00 UTC),
            &principal,
            "req",
            &change,
            Some("fixed-id"),
            &[("signInId", "s1".to_owned())],
        );
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
        assert_eq!(body["id"], "fixed-id");
        assert_eq!(
            body["additionalDetails"][1],
            serde_json::json!({"key": "signInId", "value": "s1"})
        );
    }
}
