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

use serde_json::Value;

use crate::envelope::{Envelope, EnvelopeOptions, event_time};
use crate::graph_json::{GraphJson, tree};
use crate::members::is_internal;
use crate::object_writer::{COMPACT, ObjectWriter};
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
pub(crate) fn envelope(
    tenant_id: &str,
    record: &GraphJson<'_>,
    options: &EnvelopeOptions,
) -> Envelope {
    let operation_name = record
        .get("activityDisplayName")
        .and_then(crate::graph_json::string)
        .unwrap_or_default();
    let result_description = record
        .non_empty(&["resultReason"])
        .unwrap_or_else(|| AUDIT_RESULT_SIGNATURE.to_owned());
    let identity = record
        .non_empty(&["initiatedBy", "user", "displayName"])
        .or_else(|| record.non_empty(&["initiatedBy", "app", "displayName"]));

    let mut properties = Vec::with_capacity(record.len_hint() + 512);
    let mut object = ObjectWriter::open(&mut properties, COMPACT);
    object.value("tenantId", tenant_id);
    object.value("resultType", "");
    object.value("resultDescription", &result_description);
    object.value("operationName", &operation_name);
    object.value("identity", identity.as_deref().unwrap_or_default());
    if let Some(geo) = &options.tenant_geo {
        object.value("tenantGeo", geo);
    }
    graph_properties(&mut object, record);
    object.close();

    Envelope {
        time: event_time(record, "activityDateTime"),
        operation_name,
        result_type: None,
        result_signature: Some(AUDIT_RESULT_SIGNATURE.to_owned()),
        result_description: Some(result_description),
        duration_ms: 0,
        caller_ip_address: record.non_empty(&["initiatedBy", "user", "ipAddress"]),
        correlation_id: record.non_empty(&["correlationId"]),
        identity,
        location: None,
        properties,
    }
}

/// The Graph members after the repeated envelope values, in stored order.
fn graph_properties(object: &mut ObjectWriter<'_>, record: &GraphJson<'_>) {
    for (key, value) in record.members() {
        let key = key.as_ref();
        if is_internal(key) || DUPLICATED.contains(&key) {
            continue;
        }
        match (key, tree_if_reshaped(key, value)) {
            ("activityDateTime", _) => {
                timestamps::write_rewritten(object, key, value, Zone::Offset);
            }
            (_, Some(reshaped)) => object.value(key, &reshaped),
            (_, None) => object.raw(key, value),
        }
    }
}

/// `initiatedBy` and `targetResources` as Azure writes them, when they have the expected
/// shape; `None` for every other member (copied as stored).
fn tree_if_reshaped(key: &str, value: &serde_json::value::RawValue) -> Option<Value> {
    match key {
        "initiatedBy" => {
            let Value::Object(mut initiator) = tree(value)? else {
                return None;
            };
            initiator.retain(|_, value| !value.is_null());
            if let Some(Value::Object(user)) = initiator.get_mut("user") {
                user.entry("roles")
                    .or_insert_with(|| Value::Array(Vec::new()));
            }
            Some(Value::Object(initiator))
        }
        "targetResources" => {
            let Value::Array(mut targets) = tree(value)? else {
                return None;
            };
            for target in &mut targets {
                if let Value::Object(target) = target {
                    if target.get("groupType").is_some_and(Value::is_null) {
                        target.shift_remove("groupType");
                    }
                    target
                        .entry("administrativeUnits")
                        .or_insert_with(|| Value::Array(Vec::new()));
                }
            }
            Some(Value::Array(targets))
        }
        _ => None,
    }
}
