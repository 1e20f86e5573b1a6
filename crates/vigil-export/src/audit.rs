//! Envelope and `properties` of `AuditLogs` and `CustomSecurityAttributeAuditLogs`
//! (azure-monitor-formats §2.2, §2.4), in the 2025 form of the live capture.
//!
//! Envelope: `time` = `activityDateTime`; `operationName` = `activityDisplayName`; no
//! top-level `resultType`; `resultSignature` `None`; `resultDescription` = `resultReason`,
//! or `None` when that is empty; `callerIpAddress` = the initiating user's IP when known;
//! `identity` = the initiating user's display name, else the app's; no `location` (Azure
//! writes a datacenter code Vigil does not have, or nothing).
//!
//! `properties` = `tenantId`, `resultType` (`""`), `resultDescription`, `operationName`,
//! `identity` (`""` when there is none) and `tenantGeo`, then the Graph `directoryAudit`
//! with `activityDateTime` as `…+00:00`, `null` members of `initiatedBy` and null
//! `targetResources[].groupType` left out, and `initiatedBy.user.roles` /
//! `targetResources[].administrativeUnits` present (`[]` when the record has none).

use serde_json::{Map, Value};

use crate::envelope::{Envelope, EnvelopeOptions, event_time};
use crate::members::{drop_internal, non_empty, object, take};
use crate::timestamps::{self, Zone};

/// `resultSignature` of audit records.
pub const AUDIT_RESULT_SIGNATURE: &str = "None";

/// Envelope values repeated at the start of `properties` (2025 records); a record's own
/// members of these names are replaced.
const DUPLICATED: &[&str] = &[
    "tenantId",
    "resultType",
    "resultDescription",
    "operationName",
    "identity",
    "tenantGeo",
];

/// The audit envelope (both audit categories).
pub(crate) fn envelope(tenant_id: &str, record: &Value, options: &EnvelopeOptions) -> Envelope {
    let operation_name = record
        .get("activityDisplayName")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let result_description =
        non_empty(record, &["resultReason"]).unwrap_or_else(|| AUDIT_RESULT_SIGNATURE.to_owned());
    let identity = non_empty(record, &["initiatedBy", "user", "displayName"])
        .or_else(|| non_empty(record, &["initiatedBy", "app", "displayName"]));

    let mut properties = Map::new();
    let text = |s: &str| Value::String(s.to_owned());
    properties.insert("tenantId".into(), text(tenant_id));
    properties.insert("resultType".into(), text(""));
    properties.insert("resultDescription".into(), text(&result_description));
    properties.insert("operationName".into(), text(&operation_name));
    properties.insert(
        "identity".into(),
        text(identity.as_deref().unwrap_or_default()),
    );
    if let Some(geo) = &options.tenant_geo {
        properties.insert("tenantGeo".into(), text(geo));
    }
    properties.extend(graph_properties(record));

    Envelope {
        time: event_time(record, "activityDateTime"),
        operation_name,
        result_type: None,
        result_signature: Some(AUDIT_RESULT_SIGNATURE.to_owned()),
        result_description: Some(result_description),
        duration_ms: 0,
        caller_ip_address: non_empty(record, &["initiatedBy", "user", "ipAddress"]),
        correlation_id: non_empty(record, &["correlationId"]),
        identity,
        location: None,
        properties,
    }
}

/// The `directoryAudit` part of `properties`, in Graph's order.
fn graph_properties(record: &Value) -> Map<String, Value> {
    let mut map = object(record);
    drop_internal(&mut map);
    for key in DUPLICATED {
        take(&mut map, key);
    }
    if let Some(at) = map.get_mut("activityDateTime") {
        timestamps::rewrite(at, Zone::Offset);
    }
    if let Some(Value::Object(initiator)) = map.get_mut("initiatedBy") {
        initiator.retain(|_, value| !value.is_null());
        if let Some(Value::Object(user)) = initiator.get_mut("user") {
            user.entry("roles")
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    if let Some(Value::Array(targets)) = map.get_mut("targetResources") {
        for target in targets.iter_mut() {
            if let Value::Object(target) = target {
                if target.get("groupType").is_some_and(Value::is_null) {
                    take(target, "groupType");
                }
                target
                    .entry("administrativeUnits")
                    .or_insert_with(|| Value::Array(Vec::new()));
            }
        }
    }
    map
}
