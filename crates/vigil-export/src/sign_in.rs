//! Envelope and `properties` of the four sign-in categories (azure-monitor-formats §2.2, §2.3).
//!
//! Envelope: `operationName` `Sign-in activity`; `resultType` is `status.errorCode` as text
//! (`"0"` on success); `resultSignature` `SUCCESS` / `FAILURE` (2025 data writes `SUCCESS`
//! where Microsoft's older documentation shows `None`; the reference has no failure value,
//! `FAILURE` is the matching word a third-party capture shows); `resultDescription` the
//! failure reason, left out on success; `callerIpAddress` the client IP; `identity` the
//! user's display name; `location` the sign-in's country code. Service-principal and
//! managed-identity records have no `identity`; managed-identity records have no
//! `callerIpAddress` or `location`.
//!
//! `properties` is the Graph `signIn` (beta superset, as stored) with its members in the
//! order Azure emits them, `createdDateTime` and `authenticationStepDateTime` written as
//! `…+00:00`, `tenantId` added after `homeTenantId`, and, for service principals and managed
//! identities, no user fields.
//!
//! Members Azure adds that Graph does not have (`ssoExtensionVersion`,
//! `authenticationStrengths`, `rngcStatus`, `appServicePrincipalId`, the Pascal-case
//! `StatusSequence` / `RequestSequence` of authentication steps) are kept when the stored
//! record has them and never invented: Vigil has no values for them. `tenantId` is the
//! exception, because Vigil knows it.
//!
//! One member order serves all four categories. The reference notes that non-interactive
//! records put `userAgent` last, but the non-interactive captures it cites write it after
//! `clientAppUsed`, as interactive ones do (or leave it out), so Vigil does the same.

use std::sync::LazyLock;

use serde_json::Value;

use crate::category::Category;
use crate::envelope::{Envelope, EnvelopeOptions, event_time};
use crate::graph_json::{GraphJson, is_blank, is_null};
use crate::members::{Order, ordered};
use crate::object_writer::{COMPACT, ObjectWriter};
use crate::timestamps::{self, Zone};

/// `operationName` of every sign-in record.
pub const SIGN_IN_OPERATION: &str = "Sign-in activity";

/// The emission order of `properties` observed in 2025 sign-in data (reference §2.3), with
/// `servicePrincipalName` before and `federatedCredentialId` after `servicePrincipalId`, where
/// service-principal and managed-identity records put them. Members not listed follow in
/// Graph's order.
pub(crate) const PROPERTY_ORDER: &[&str] = &[
    "id",
    "createdDateTime",
    "userDisplayName",
    "userPrincipalName",
    "userId",
    "appId",
    "appDisplayName",
    "ipAddress",
    "status",
    "clientAppUsed",
    "userAgent",
    "deviceDetail",
    "location",
    "correlationId",
    "conditionalAccessStatus",
    "appliedConditionalAccessPolicies",
    "authenticationContextClassReferences",
    "originalRequestId",
    "isInteractive",
    "tokenIssuerName",
    "tokenIssuerType",
    "authenticationProcessingDetails",
    "networkLocationDetails",
    "clientCredentialType",
    "processingTimeInMilliseconds",
    "riskDetail",
    "riskLevelAggregated",
    "riskLevelDuringSignIn",
    "riskState",
    "riskEventTypes",
    "riskEventTypes_v2",
    "resourceDisplayName",
    "resourceId",
    "resourceTenantId",
    "homeTenantId",
    "tenantId",
    "authenticationDetails",
    "authenticationRequirementPolicies",
    "sessionLifetimePolicies",
    "authenticationRequirement",
    "servicePrincipalName",
    "servicePrincipalId",
    "federatedCredentialId",
    "userType",
    "flaggedForReview",
    "isTenantRestricted",
    "autonomousSystemNumber",
    "crossTenantAccessType",
    "privateLinkDetails",
    "ssoExtensionVersion",
    "uniqueTokenIdentifier",
    "authenticationStrengths",
    "incomingTokenType",
    "authenticationProtocol",
    "appServicePrincipalId",
    "resourceServicePrincipalId",
    "rngcStatus",
    "signInTokenProtectionStatus",
    "tokenProtectionStatusDetails",
    "originalTransferMethod",
    "isThroughGlobalSecureAccess",
    "conditionalAccessAudiences",
    "sessionId",
    "appOwnerTenantId",
    "resourceOwnerTenantId",
    "alternateSignInName",
    "signInIdentifier",
];

/// [`PROPERTY_ORDER`] with each name's position.
static ORDER: LazyLock<Order> = LazyLock::new(|| Order::new(PROPERTY_ORDER));

/// User members that service-principal and managed-identity records do not carry; dropped
/// only when empty or `null`, so nothing a producer sent is lost.
const USER_FIELDS: &[&str] = &["userDisplayName", "userPrincipalName", "userType"];

/// The sign-in envelope for `category`.
pub(crate) fn envelope(
    category: Category,
    tenant_id: &str,
    record: &GraphJson<'_>,
    options: &EnvelopeOptions,
) -> Envelope {
    let workload = matches!(
        category,
        Category::ServicePrincipalSignInLogs | Category::ManagedIdentitySignInLogs
    );
    let managed_identity = category == Category::ManagedIdentitySignInLogs;
    let code = error_code(record);
    let success = code == "0";
    let time = match options.emitted_at {
        Some(at) => timestamps::envelope_from(at),
        None => event_time(record, "createdDateTime"),
    };
    Envelope {
        time,
        operation_name: SIGN_IN_OPERATION.to_owned(),
        result_type: Some(code),
        result_signature: Some(if success { "SUCCESS" } else { "FAILURE" }.to_owned()),
        result_description: if success {
            None
        } else {
            record.non_empty(&["status", "failureReason"])
        },
        duration_ms: 0,
        caller_ip_address: if managed_identity {
            None
        } else {
            record.non_empty(&["ipAddress"])
        },
        correlation_id: record.non_empty(&["correlationId"]),
        identity: if workload {
            None
        } else {
            record.non_empty(&["userDisplayName"])
        },
        location: if managed_identity {
            None
        } else {
            record.non_empty(&["location", "countryOrRegion"])
        },
        properties: properties(workload, tenant_id, record),
    }
}

/// `status.errorCode` as text; a missing or `null` code counts as success (`"0"`), as Graph
/// writes `0` for successful sign-ins.
fn error_code(record: &GraphJson<'_>) -> String {
    match record.value(&["status", "errorCode"]) {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        _ => "0".to_owned(),
    }
}

/// `properties`: the record's members in [`PROPERTY_ORDER`], reshaped as the module docs say.
fn properties(workload: bool, tenant_id: &str, record: &GraphJson<'_>) -> Vec<u8> {
    let members = ordered(record, &ORDER, |key, value| {
        !(workload && USER_FIELDS.contains(&key) && is_blank(value))
    });
    let mut out = Vec::with_capacity(record.len_hint() + 256);
    let mut object = ObjectWriter::open(&mut out, COMPACT);
    for (name, slot) in ORDER.names().iter().zip(&members.slots) {
        match (*name, slot) {
            ("tenantId", Some(value)) if !is_null(value) => object.raw(name, value),
            ("tenantId", _) => object.value(name, tenant_id),
            (_, None) => {}
            ("createdDateTime", Some(value)) => {
                timestamps::write_rewritten(&mut object, name, value, Zone::Offset);
            }
            ("authenticationDetails", Some(value)) => match crate::graph_json::tree(value) {
                Some(Value::Array(mut steps)) => {
                    for step in &mut steps {
                        if let Some(at) = step.get_mut("authenticationStepDateTime") {
                            timestamps::rewrite(at, Zone::Offset);
                        }
                    }
                    object.value(name, &steps);
                }
                _ => object.raw(name, value),
            },
            ("userId", Some(value)) if workload && is_blank(value) => {
                object.value(name, &Value::Null);
            }
            (_, Some(value)) => object.raw(name, value),
        }
    }
    for (key, value) in members.rest {
        object.raw(key, value);
    }
    object.close();
    out
}
