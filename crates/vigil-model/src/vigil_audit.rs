//! Directory audit records Vigil writes about itself: an administrator changing retention or
//! a diagnostic setting through the API or the command line, retention purging records an
//! export destination never received, a user reporting a sign-in. They are ordinary
//! `directoryAudit` records of the tenant — category and `loggedByService` `Vigil` — so
//! "who changed this" is answered by the same `/auditLogs/directoryAudits` a tenant already
//! reads (`$filter=category eq 'Vigil'`).

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::datetime::format_datetime;

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user (from their token).
    User {
        /// Object id.
        id: String,
        /// Display name.
        display_name: Option<String>,
        /// User principal name.
        user_principal_name: Option<String>,
        /// The client application they used (`additionalDetails` `appId`).
        app_id: Option<String>,
    },
    /// Vigil itself or a tool of its operator (`Vigil retention`, `Vigil command line`).
    App {
        /// Display name.
        display_name: String,
        /// Application id, when it has one.
        app_id: Option<String>,
    },
}

/// One changed property of the target; values are shown JSON-encoded, as Entra writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modified {
    /// What changed.
    pub name: String,
    /// The value before (`None` for none).
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

/// What happened, to what.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VigilEvent {
    /// `activityDisplayName` ("Update retention").
    pub activity: String,
    /// `operationType` (`Add`, `Update`, `Delete`).
    pub operation_type: String,
    /// `resultReason` (often empty).
    pub result_reason: String,
    /// The target's id.
    pub target_id: String,
    /// The target's display name.
    pub target_name: String,
    /// The target's type (`Tenant`, `DiagnosticSetting`, `SignIn`, `Log`).
    pub target_type: String,
    /// What changed on it.
    pub modified: Vec<Modified>,
    /// More `additionalDetails` entries.
    pub details: Vec<(String, String)>,
}

/// The `directoryAudit` record of `event` by `actor` at `now`, with record `id` and
/// `correlation_id` (a request id, or any fresh GUID).
pub fn record(
    id: &str,
    correlation_id: &str,
    now: OffsetDateTime,
    actor: &Actor,
    event: &VigilEvent,
) -> Value {
    let modified: Vec<Value> = event
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
    let mut details = Vec::new();
    let initiated_by = match actor {
        Actor::User {
            id,
            display_name,
            user_principal_name,
            app_id,
        } => {
            details.push(json!({"key": "appId", "value": app_id.clone().unwrap_or_default()}));
            json!({
                "user": {
                    "id": id,
                    "displayName": display_name,
                    "userPrincipalName": user_principal_name,
                    "ipAddress": null,
                },
                "app": null,
            })
        }
        Actor::App {
            display_name,
            app_id,
        } => json!({
            "user": null,
            "app": {
                "appId": app_id,
                "displayName": display_name,
                "servicePrincipalId": null,
                "servicePrincipalName": null,
            },
        }),
    };
    details.extend(
        event
            .details
            .iter()
            .map(|(key, value)| json!({"key": key, "value": value})),
    );
    json!({
        "id": id,
        "category": "Vigil",
        "correlationId": correlation_id,
        "result": "success",
        "resultReason": event.result_reason,
        "activityDisplayName": event.activity,
        "activityDateTime": format_datetime(now),
        "loggedByService": "Vigil",
        "operationType": event.operation_type,
        "initiatedBy": initiated_by,
        "targetResources": [{
            "id": event.target_id,
            "displayName": event.target_name,
            "type": event.target_type,
            "modifiedProperties": modified,
        }],
        "additionalDetails": details,
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
    use time::macros::datetime;

    use super::*;
    use crate::LogKind;

    #[test]
    fn records_by_users_and_by_vigil_validate_as_directory_audits() {
        let event = VigilEvent {
            activity: "Update retention".into(),
            operation_type: "Update".into(),
            target_id: "t".into(),
            target_name: "Contoso".into(),
            target_type: "Tenant".into(),
            modified: vec![Modified {
                name: "signIns retention override (days)".into(),
                old: None,
                new: Some("400".into()),
            }],
            details: vec![("skippedRecords".into(), "3".into())],
            ..VigilEvent::default()
        };
        let actors = [
            Actor::User {
                id: "00000000-0000-0000-0000-000000000002".into(),
                display_name: None,
                user_principal_name: Some("admin@contoso.com".into()),
                app_id: None,
            },
            Actor::App {
                display_name: "Vigil retention".into(),
                app_id: None,
            },
        ];
        for actor in &actors {
            let value = record("r1", "c1", datetime!(2026-11-23 12:00 UTC), actor, &event);
            assert_eq!(
                value["targetResources"][0]["modifiedProperties"][0]["newValue"],
                "\"400\""
            );
            let validated = crate::validate(LogKind::DirectoryAudit, value);
            assert!(validated.is_ok(), "{validated:?}");
        }
    }
}
