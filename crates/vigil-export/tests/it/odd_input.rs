//! Odd input never panics and still yields a well-formed envelope: missing fields become the
//! reference's defaults or are left out, wrong types are tolerated.

use proptest::prelude::*;
use serde_json::{Value, json};
use vigil_export::{Category, azure_monitor_record};

use crate::common::{ENVELOPE_ORDER, assert_follows};

/// Members every envelope has, whatever the input.
const ALWAYS: &[&str] = &[
    "time",
    "resourceId",
    "operationName",
    "operationVersion",
    "category",
    "tenantId",
    "durationMs",
    "Level",
    "properties",
];

fn assert_well_formed(out: &Value, category: Category) {
    for key in ALWAYS {
        assert!(
            out.get(*key).is_some(),
            "{category}: {key} missing in {out}"
        );
    }
    assert_follows(out, ENVELOPE_ORDER);
    assert!(out["properties"].is_object());
    assert!(out["durationMs"].is_i64());
    assert_eq!(out["Level"], json!(4));
    assert_eq!(out["category"], json!(category.as_str()));
    for (key, value) in out.as_object().unwrap() {
        if key != "properties" && key != "durationMs" && key != "Level" {
            assert!(value.is_string(), "{category}: {key} = {value}");
        }
    }
}

#[test]
fn empty_and_non_object_records() {
    for record in [json!({}), Value::Null, json!([1, 2]), json!("x"), json!(7)] {
        for category in Category::ALL {
            let out = azure_monitor_record(category, "tid", &record);
            assert_well_formed(&out, category);
            assert_eq!(out["time"], json!(""));
            for absent in ["callerIpAddress", "correlationId", "identity", "location"] {
                assert!(out.get(absent).is_none(), "{category}: {absent}");
            }
        }
    }
}

#[test]
fn defaults_for_missing_fields() {
    let sign_in = azure_monitor_record(Category::SignInLogs, "t", &json!({}));
    assert_eq!(sign_in["resultType"], json!("0"));
    assert_eq!(sign_in["resultSignature"], json!("SUCCESS"));
    assert_eq!(sign_in["operationName"], json!("Sign-in activity"));
    assert_eq!(sign_in["properties"], json!({"tenantId": "t"}));

    let audit = azure_monitor_record(Category::AuditLogs, "t", &json!({}));
    assert_eq!(audit["operationName"], json!(""));
    assert_eq!(audit["resultDescription"], json!("None"));
    assert!(audit.get("resultType").is_none());

    let provisioning = azure_monitor_record(Category::ProvisioningLogs, "t", &json!({}));
    assert!(provisioning.get("resultType").is_none());
    assert_eq!(provisioning["durationMs"], json!(0));
}

#[test]
fn wrong_types_are_tolerated() {
    let record = json!({
        "createdDateTime": "last tuesday",
        "status": {"errorCode": "50126", "failureReason": 12},
        "ipAddress": 5,
        "userDisplayName": ["x"],
        "location": "Paris",
        "authenticationDetails": [{"authenticationStepDateTime": 1}, 3],
        "signInEventTypes": "interactiveUser",
        "tenantId": null,
    });
    let out = azure_monitor_record(Category::SignInLogs, "t", &record);
    assert_well_formed(&out, Category::SignInLogs);
    assert_eq!(
        out["time"],
        json!("last tuesday"),
        "unparseable time kept as sent"
    );
    assert_eq!(out["resultType"], json!("50126"));
    assert_eq!(out["resultSignature"], json!("FAILURE"));
    assert!(out.get("resultDescription").is_none());
    assert!(out.get("callerIpAddress").is_none());
    assert!(out.get("identity").is_none());
    assert!(out.get("location").is_none());
    assert_eq!(out["properties"]["tenantId"], json!("t"));
    assert_eq!(out["properties"]["createdDateTime"], json!("last tuesday"));

    let audit = json!({
        "activityDateTime": 17,
        "activityDisplayName": {"not": "text"},
        "initiatedBy": "someone",
        "targetResources": [1, {"groupType": null}],
    });
    let out = azure_monitor_record(Category::AuditLogs, "t", &audit);
    assert_well_formed(&out, Category::AuditLogs);
    assert_eq!(out["properties"]["initiatedBy"], json!("someone"));
    assert_eq!(
        out["properties"]["targetResources"],
        json!([1, {"administrativeUnits": []}])
    );
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9:.+ -]{0,12}".prop_map(Value::from),
        Just(json!("2026-03-01T10:00:00.1234567Z")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("status".to_owned()),
            Just("errorCode".to_owned()),
            Just("initiatedBy".to_owned()),
            Just("user".to_owned()),
            Just("app".to_owned()),
            Just("displayName".to_owned()),
            Just("ipAddress".to_owned()),
            Just("createdDateTime".to_owned()),
            Just("activityDateTime".to_owned()),
            Just("targetResources".to_owned()),
            Just("authenticationDetails".to_owned()),
            Just("provisioningStatusInfo".to_owned()),
            Just("durationInMilliseconds".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys, inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_json_yields_a_well_formed_envelope(record in arb_json(), index in 0usize..7) {
        let category = Category::ALL[index];
        let out = azure_monitor_record(category, "tid", &record);
        assert_well_formed(&out, category);
    }
}
