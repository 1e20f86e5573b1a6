//! The reference's own samples (§2.3, §2.4) round-trip: their `properties`, taken as the Graph
//! record, export to the sample again — exactly for the 2025 audit capture, and up to the
//! documented, deliberate differences for Microsoft's older documentation samples.

use serde_json::{Value, json};
use vigil_export::{Category, azure_monitor_record};
use vigil_model::LogKind;

use crate::common::{
    ENVELOPE_ORDER, assert_follows, assert_same_with_order, fixture_json, keys, stored,
};

/// Envelope values Azure repeats at the start of a 2025 audit record's `properties`.
const AUDIT_DUPLICATES: &[&str] = &[
    "tenantId",
    "resultType",
    "resultDescription",
    "operationName",
    "identity",
    "tenantGeo",
];

fn audit_2025() -> (Value, Value) {
    let sample = fixture_json("audit_2025_line.json");
    let mut graph = sample["properties"].clone();
    let map = graph.as_object_mut().unwrap();
    for key in AUDIT_DUPLICATES {
        map.shift_remove(*key);
    }
    (sample, graph)
}

#[test]
fn audit_2025_capture_round_trips_exactly() {
    let (sample, graph) = audit_2025();
    let tenant = sample["tenantId"].as_str().unwrap();
    let out = azure_monitor_record(Category::AuditLogs, tenant, &graph);
    assert_same_with_order(&out, &sample, "");
}

#[test]
fn audit_2025_capture_round_trips_from_the_stored_form() {
    // What a store holds differs from the capture (`Z` timestamps, `null` members for absent
    // properties, no `administrativeUnits`); the export restores the captured shape.
    let (sample, graph) = audit_2025();
    let canonical = stored(LogKind::DirectoryAudit, &graph);
    assert_ne!(canonical, graph);
    let tenant = sample["tenantId"].as_str().unwrap();
    let out = azure_monitor_record(Category::AuditLogs, tenant, &canonical);
    assert_same_with_order(&out, &sample, "");
}

#[test]
fn sign_in_doc_sample_round_trips_up_to_documented_choices() {
    let sample = fixture_json("signin_doc_sample.json");
    let graph = &sample["properties"];
    let out = azure_monitor_record(Category::SignInLogs, "<TENANT ID>", graph);

    let mut expected = sample.clone();
    // 2025 data writes SUCCESS / FAILURE where the 2019 documentation shows "None".
    expected["resultSignature"] = json!("FAILURE");
    // The documentation anonymised the envelope's IP and correlation id differently from
    // the same values inside `properties`; in real data they are equal.
    expected["callerIpAddress"] = graph["ipAddress"].clone();
    expected["correlationId"] = graph["correlationId"].clone();
    // 2025 records carry the tenant inside `properties` too.
    expected["properties"]["tenantId"] = json!("<TENANT ID>");
    assert_eq!(out, expected);

    assert_eq!(keys(&out), keys(&sample), "envelope member order");
    assert_follows(&out["properties"], vigil_export_sign_in_order());
    // Already in the exported spelling (`+00:00`, seven digits): unchanged.
    assert_eq!(
        out["properties"]["createdDateTime"],
        graph["createdDateTime"]
    );
}

#[test]
fn sign_in_doc_sample_types() {
    let sample = fixture_json("signin_doc_sample.json");
    let out = azure_monitor_record(Category::SignInLogs, "t", &sample["properties"]);
    assert_eq!(out["resultType"], json!("50140"), "text, not a number");
    assert_eq!(out["properties"]["status"]["errorCode"], json!(50140));
    assert_eq!(out["durationMs"], json!(0));
    assert_eq!(out["Level"], json!(4));
    assert_eq!(out["location"], json!("US"));
    assert_eq!(out["time"], sample["time"]);
}

#[test]
fn audit_2018_message_agrees_where_the_2025_form_does() {
    // The 2018 documentation sample predates the 2025 envelope (lowercase `level`, `<null>`
    // caller IP, `MS-PIM` identity without an initiator); Vigil emits the 2025 form and keeps
    // everything else the sample shows.
    let message = fixture_json("audit_2018_message.json");
    let sample = &message["records"][0];
    let tenant = sample["tenantId"].as_str().unwrap();
    let out = azure_monitor_record(Category::AuditLogs, tenant, &sample["properties"]);
    for key in [
        "time",
        "resourceId",
        "operationName",
        "operationVersion",
        "category",
        "tenantId",
        "resultSignature",
        "durationMs",
        "correlationId",
    ] {
        assert_eq!(out[key], sample[key], "{key}");
    }
    assert_eq!(out["Level"], json!(4));
    assert!(out.get("callerIpAddress").is_none());
    assert!(out.get("identity").is_none());
    assert_eq!(out["resultDescription"], json!("None"));
    for (key, value) in sample["properties"].as_object().unwrap() {
        if key == "targetResources" {
            let mut with_units = value.clone();
            with_units[0]["administrativeUnits"] = json!([]);
            assert_eq!(out["properties"][key], with_units);
        } else {
            assert_eq!(&out["properties"][key], value, "{key}");
        }
    }
    assert_follows(&out, ENVELOPE_ORDER);
}

/// The sign-in `properties` order of §2.3, copied from the reference.
fn vigil_export_sign_in_order() -> &'static [&'static str] {
    &[
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
        "servicePrincipalId",
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
    ]
}
