//! Envelope and `properties` of `ProvisioningLogs`. The reference has no provisioning sample
//! (only the Log Analytics column list, §4.5), so the envelope follows the one captured
//! shape known (raw `ProvisioningLogs` records in elastic/integrations' Azure pipeline tests,
//! 2022): `time` = `activityDateTime`; `operationName` `Provisioning activity`; `resultType`
//! = the provisioning status capitalised (`Success`, `Failure`, `Skipped`, `Warning`); no
//! `resultSignature` / `resultDescription`; `durationMs` = `durationInMilliseconds` (the real
//! duration, unlike other categories); `correlationId` = `changeId`; `identity` = the
//! record's `id`; no `callerIpAddress` or `location`.
//!
//! `properties` is the Graph `provisioningObjectSummary` with Graph's member names (the
//! capture spells some nested members in Pascal case — `Id`, `Name`, `Status` — which Vigil
//! does not imitate), members in the captured order, `activityDateTime` without trailing
//! zeros and with `Z`, and `tenantId` filled in when the record lacks it.

use std::sync::LazyLock;

use serde_json::Value;

use crate::envelope::{Envelope, event_time};
use crate::graph_json::{GraphJson, is_null};
use crate::members::{Order, ordered};
use crate::object_writer::{COMPACT, ObjectWriter};
use crate::timestamps::{self, Zone};

/// `operationName` of every provisioning record.
pub const PROVISIONING_OPERATION: &str = "Provisioning activity";

/// The captured order of `properties`; members not listed follow in Graph's order.
pub(crate) const PROPERTY_ORDER: &[&str] = &[
    "id",
    "activityDateTime",
    "tenantId",
    "jobId",
    "cycleId",
    "changeId",
    "action",
    "provisioningAction",
    "servicePrincipal",
    "sourceSystem",
    "targetSystem",
    "initiatedBy",
    "sourceIdentity",
    "targetIdentity",
    "provisioningStatusInfo",
    "statusInfo",
    "provisioningSteps",
    "modifiedProperties",
    "durationInMilliseconds",
];

/// The provisioning envelope.
/// [`PROPERTY_ORDER`] with each name's position.
static ORDER: LazyLock<Order> = LazyLock::new(|| Order::new(PROPERTY_ORDER));

pub(crate) fn envelope(tenant_id: &str, record: &GraphJson<'_>) -> Envelope {
    let status = record
        .non_empty(&["provisioningStatusInfo", "status"])
        .or_else(|| record.non_empty(&["statusInfo", "status"]));
    Envelope {
        time: event_time(record, "activityDateTime"),
        operation_name: PROVISIONING_OPERATION.to_owned(),
        result_type: status.as_deref().map(capitalised),
        result_signature: None,
        result_description: None,
        duration_ms: duration_ms(record),
        caller_ip_address: None,
        correlation_id: record.non_empty(&["changeId"]),
        identity: record.non_empty(&["id"]),
        location: None,
        properties: properties(tenant_id, record),
    }
}

/// `durationInMilliseconds` as a whole number (numbers or numeric text); 0 otherwise.
fn duration_ms(record: &GraphJson<'_>) -> i64 {
    match record.value(&["durationInMilliseconds"]) {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .unwrap_or_default(),
        Some(Value::String(s)) => s.trim().parse().unwrap_or_default(),
        _ => 0,
    }
}

/// `skipped` → `Skipped`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn properties(tenant_id: &str, record: &GraphJson<'_>) -> Vec<u8> {
    let members = ordered(record, &ORDER, |_, _| true);
    let mut out = Vec::with_capacity(record.len_hint() + 128);
    let mut object = ObjectWriter::open(&mut out, COMPACT);
    for (name, slot) in ORDER.names().iter().zip(&members.slots) {
        match (*name, slot) {
            ("tenantId", Some(value)) if !is_null(value) => object.raw(name, value),
            ("tenantId", _) => object.value(name, tenant_id),
            ("activityDateTime", Some(value)) => {
                timestamps::write_rewritten(&mut object, name, value, Zone::Z);
            }
            (_, Some(value)) => object.raw(name, value),
            (_, None) => {}
        }
    }
    for (key, value) in members.rest {
        object.raw(key, value);
    }
    object.close();
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;

    use super::*;

    fn duration_of(record: Value) -> i64 {
        let bytes = serde_json::to_vec(&record).unwrap();
        duration_ms(&GraphJson::parse(&bytes))
    }

    #[test]
    fn durations_of_any_shape() {
        assert_eq!(duration_of(json!({"durationInMilliseconds": 828})), 828);
        assert_eq!(duration_of(json!({"durationInMilliseconds": "3343"})), 3343);
        assert_eq!(duration_of(json!({"durationInMilliseconds": 12.9})), 12);
        assert_eq!(duration_of(json!({"durationInMilliseconds": "soon"})), 0);
        assert_eq!(duration_of(json!({"durationInMilliseconds": null})), 0);
        assert_eq!(duration_of(json!([])), 0);
    }

    #[test]
    fn statuses_are_capitalised() {
        assert_eq!(capitalised("skipped"), "Skipped");
        assert_eq!(capitalised("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(capitalised(""), "");
    }
}
