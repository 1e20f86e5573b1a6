//! Unit tests of validation rules: record shape, id and time checks, typed errors with paths,
//! enum case tolerance, sign-in derivations and the lenient inputs Microsoft's examples need.

use serde_json::{Value, json};

use super::{ValidationError, validate};
use crate::kind::LogKind;

fn sign_in(extra: Value) -> Value {
    let mut base = json!({
        "id": "66ea54eb-6301-4ee5-be62-ff5a759b0100",
        "createdDateTime": "2020-03-13T19:15:41.6195833Z",
        "userId": "26be570a-ae82-4189-b4e2-a37c6808512d",
        "isInteractive": true,
    });
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

fn audit(extra: Value) -> Value {
    let mut base = json!({"id": "Directory_1", "activityDateTime": "2024-07-01T00:00:00Z"});
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

fn error(kind: LogKind, raw: Value) -> ValidationError {
    validate(kind, raw).expect_err("record should be rejected")
}

fn body(kind: LogKind, raw: Value) -> Value {
    validate(kind, raw).expect("record should be valid").body()
}

#[test]
fn record_must_be_an_object() {
    let e = error(LogKind::SignIn, json!([1, 2]));
    assert_eq!(e.path, "");
    assert_eq!(e.reason, "expected a json object, found an array");
}

#[test]
fn id_rules() {
    let mut raw = sign_in(json!({}));
    raw.as_object_mut().map(|m| m.remove("id"));
    assert_eq!(
        error(LogKind::SignIn, raw),
        ValidationError::new("id", "missing")
    );
    let e = error(LogKind::SignIn, sign_in(json!({"id": 7})));
    assert_eq!(
        (e.path.as_str(), e.reason.as_str()),
        ("id", "expected a string, found a number")
    );
    assert_eq!(
        error(LogKind::SignIn, sign_in(json!({"id": ""}))).reason,
        "must not be empty"
    );
    let long = "x".repeat(257);
    assert_eq!(
        error(LogKind::SignIn, sign_in(json!({"id": long}))).path,
        "id"
    );
    assert!(validate(LogKind::SignIn, sign_in(json!({"id": "x".repeat(256)}))).is_ok());
    let e = error(LogKind::SignIn, sign_in(json!({"id": "a\nb"})));
    assert_eq!(e.reason, "contains control characters");
}

#[test]
fn time_rules() {
    let e = error(LogKind::DirectoryAudit, json!({"id": "x"}));
    assert_eq!(e, ValidationError::new("activityDateTime", "missing"));
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"createdDateTime": "yesterday"})),
    );
    assert_eq!(e.path, "createdDateTime");
    assert!(
        e.reason.contains("not an iso 8601") || e.reason.contains("ISO 8601"),
        "{e}"
    );
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"createdDateTime": "1969-12-31T00:00:00Z"})),
    );
    assert_eq!(e.path, "createdDateTime");
    let record = validate(
        LogKind::SignIn,
        sign_in(json!({"createdDateTime": "2024-07-01T02:00:00+02:00"})),
    )
    .expect("valid");
    assert_eq!(
        record.body()["createdDateTime"],
        "2024-07-01T00:00:00.0000000Z"
    );
    assert_eq!(record.time_nanos, 1_719_792_000_000_000_000);
}

#[test]
fn sign_in_user_id_is_required_but_may_be_empty() {
    let mut raw = sign_in(json!({}));
    raw.as_object_mut().map(|m| m.remove("userId"));
    assert_eq!(
        error(LogKind::SignIn, raw),
        ValidationError::new("userId", "missing")
    );
    assert_eq!(
        error(LogKind::SignIn, sign_in(json!({"userId": null}))).path,
        "userId"
    );
    assert_eq!(
        body(LogKind::SignIn, sign_in(json!({"userId": ""})))["userId"],
        ""
    );
}

#[test]
fn unknown_enum_values_are_rejected_with_the_path() {
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"riskLevelDuringSignIn": "severe"})),
    );
    assert_eq!(e.path, "riskLevelDuringSignIn");
    assert_eq!(
        e.reason,
        "unknown value 'severe', expected one of: low, medium, high, hidden, none, unknownFutureValue"
    );
    let raw = sign_in(json!({"appliedConditionalAccessPolicies": [
        {"id": "a", "result": "success"}, {"id": "b", "result": "blocked"}
    ]}));
    let e = error(LogKind::SignIn, raw);
    assert_eq!(e.path, "appliedConditionalAccessPolicies/1/result");
    assert!(
        e.reason
            .starts_with("unknown value 'blocked', expected one of: success"),
        "{e}"
    );
    let raw = audit(json!({"targetResources": [{"groupType": "dynamic"}]}));
    assert_eq!(
        error(LogKind::DirectoryAudit, raw).path,
        "targetResources/0/groupType"
    );
    let raw = json!({"id": "p", "activityDateTime": "2024-07-01T00:00:00Z",
        "provisioningSteps": [{"provisioningStepType": "teleport"}]});
    assert_eq!(
        error(LogKind::Provisioning, raw).path,
        "provisioningSteps/0/provisioningStepType"
    );
}

#[test]
fn wrong_types_name_the_nested_field() {
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"status": {"errorCode": "50126"}})),
    );
    assert_eq!(e.path, "status/errorCode");
    assert!(e.reason.starts_with("invalid type: string"), "{e}");
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"location": {"geoCoordinates": {"latitude": true}}})),
    );
    assert_eq!(e.path, "location/geoCoordinates/latitude");
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"authenticationDetails": [
            {"authenticationStepDateTime": "soon"}
        ]})),
    );
    assert_eq!(e.path, "authenticationDetails/0/authenticationStepDateTime");
}

#[test]
fn enums_are_case_tolerant_and_written_in_schema_case() {
    let b = body(
        LogKind::SignIn,
        sign_in(
            json!({"conditionalAccessStatus": "NOTAPPLIED", "tokenIssuerType": "azuread",
            "riskDetail": "USERPASSEDMFADRIVENBYRISKBASEDPOLICY"}),
        ),
    );
    assert_eq!(b["conditionalAccessStatus"], "notApplied");
    assert_eq!(b["tokenIssuerType"], "AzureAD");
    assert_eq!(b["riskDetail"], "userPassedMFADrivenByRiskBasedPolicy");
    let raw = json!({"id": "p", "activityDateTime": "2024-07-01T00:00:00Z",
        "provisioningSteps": [{"provisioningStepType": "Import"}, {"provisioningStepType": "EXPORT"}]});
    let b = body(LogKind::Provisioning, raw);
    assert_eq!(b["provisioningSteps"][0]["provisioningStepType"], "import");
    assert_eq!(b["provisioningSteps"][1]["provisioningStepType"], "export");
}

#[test]
fn sign_in_event_types_are_checked_and_derived() {
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"signInEventTypes": ["interactiveUser", "robot"]})),
    );
    assert_eq!(e.path, "signInEventTypes/1");
    assert!(
        e.reason.contains("interactiveUser, nonInteractiveUser"),
        "{e}"
    );
    let b = body(LogKind::SignIn, sign_in(json!({"isInteractive": true})));
    assert_eq!(b["signInEventTypes"], json!(["interactiveUser"]));
    let b = body(LogKind::SignIn, sign_in(json!({"isInteractive": false})));
    assert_eq!(b["signInEventTypes"], json!(["nonInteractiveUser"]));
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"signInEventTypes": ["INTERACTIVEUSER"]})),
    );
    assert_eq!(b["signInEventTypes"], json!(["interactiveUser"]));
    assert_eq!(b["isInteractive"], true);
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"signInEventTypes": ["servicePrincipal"], "isInteractive": null})),
    );
    assert_eq!(b["isInteractive"], false);
    let e = error(LogKind::SignIn, sign_in(json!({"isInteractive": null})));
    assert_eq!(e.path, "signInEventTypes");
    assert!(e.reason.contains("exactly one event type"), "{e}");
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"signInEventTypes": ["interactiveUser", "servicePrincipal"]})),
    );
    assert_eq!(e.path, "signInEventTypes");
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"signInEventTypes": ["interactiveUser", "interactiveUser"]})),
    );
    assert_eq!(b["signInEventTypes"], json!(["interactiveUser"]));
}

#[test]
fn user_principal_name_is_lower_cased() {
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"userPrincipalName": "AdeleV@Contoso.COM"})),
    );
    assert_eq!(b["userPrincipalName"], "adelev@contoso.com");
}

#[test]
fn canonical_body_has_nulls_empty_collections_and_extras() {
    let b = body(
        LogKind::SignIn,
        sign_in(
            json!({"@odata.type": "#microsoft.graph.signIn", "riskEventTypes": null,
            "futureProperty": {"a": 1}}),
        ),
    );
    let object = b.as_object().expect("object");
    assert!(!object.contains_key("@odata.type"));
    assert_eq!(b["futureProperty"], json!({"a": 1}));
    assert_eq!(b["riskEventTypes"], json!([]));
    assert_eq!(b["appliedConditionalAccessPolicies"], json!([]));
    assert_eq!(b["status"], Value::Null);
    assert_eq!(b["riskEventTypes_v2"], json!([]));
    assert_eq!(
        object.keys().next_back().map(String::as_str),
        Some("futureProperty")
    );
}

#[test]
fn lenient_inputs_from_microsoft_examples() {
    let b = body(
        LogKind::DirectoryAudit,
        audit(json!({"targetResources": [{"Type": "Group"}]})),
    );
    assert_eq!(b["targetResources"][0]["type"], "Group");
    assert!(b["targetResources"][0].get("Type").is_none());
    let raw = json!({"id": "p", "activityDateTime": "2024-07-01T00:00:00Z",
        "initiatedBy": {"displayName": "Azure AD Provisioning Service", "initiatingType": "System"}});
    let b = body(LogKind::Provisioning, raw);
    assert_eq!(b["initiatedBy"]["initiatorType"], "system");
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"authenticationAppDeviceDetails": []})),
    );
    assert_eq!(b["authenticationAppDeviceDetails"], Value::Null);
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"authenticationAppDeviceDetails": {"appVersion": "6.2401.0119"}})),
    );
    assert_eq!(
        b["authenticationAppDeviceDetails"]["appVersion"],
        "6.2401.0119"
    );
    assert_eq!(
        b["authenticationAppDeviceDetails"]["clientApp"],
        Value::Null
    );
    let e = error(
        LogKind::SignIn,
        sign_in(json!({"authenticationAppDeviceDetails": [{}, {}]})),
    );
    assert_eq!(e.path, "authenticationAppDeviceDetails");
    let b = body(
        LogKind::SignIn,
        sign_in(json!({"incomingTokenType": "Primary Refresh Token"})),
    );
    assert_eq!(b["incomingTokenType"], "Primary Refresh Token");
}

#[test]
fn open_types_keep_unknown_members() {
    let raw = audit(
        json!({"initiatedBy": {"user": {"id": "u", "userType": "Member",
        "homeTenantId": "t"}, "app": null}}),
    );
    let b = body(LogKind::DirectoryAudit, raw);
    assert_eq!(b["initiatedBy"]["user"]["userType"], "Member");
    assert_eq!(b["initiatedBy"]["user"]["homeTenantId"], "t");
    assert_eq!(b["initiatedBy"]["user"]["ipAddress"], Value::Null);
}

#[test]
fn bytes_are_checked_to_be_utf8_however_they_are_read() {
    use super::{one_pass::one_pass, validate_json, validate_json_reference};
    let good = "{\"id\":\"s1\",\"createdDateTime\":\"2024-07-01T00:00:00Z\",\"userId\":\"u\",\
                \"isInteractive\":true,\"userDisplayName\":\"Zoë Ångström-Øster 日本\",\
                \"location\":{\"city\":\"München\",\"countryOrRegion\":\"DE\"}}";
    let fast = one_pass(LogKind::SignIn, good.as_bytes()).expect("one-pass takes UTF-8 text");
    assert_eq!(
        Ok(fast),
        validate_json_reference(LogKind::SignIn, good.as_bytes())
    );
    // A lone continuation byte, a truncated sequence and an encoded surrogate, each inside a
    // string value of an otherwise valid record.
    for bad in [
        b"\x80".as_slice(),
        b"M\xc3nchen",
        b"\xed\xa0\x80 long enough to pass",
    ] {
        let mut text = good.as_bytes().to_vec();
        let at = good.find("München").expect("city");
        text.splice(at..at + "München".len(), bad.iter().copied());
        assert!(one_pass(LogKind::SignIn, &text).is_none());
        assert!(validate_json(LogKind::SignIn, &text).is_err());
    }
}
