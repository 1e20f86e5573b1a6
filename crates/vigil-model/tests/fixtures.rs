//! Fixture round trips: Microsoft's v1.0 doc examples and Vigil's own beta, provisioning and
//! custom security attribute records validate, render back with the same values, and the
//! canonical body re-validates to itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests

mod common;

use common::{assert_contains, first_record, fixture, keys};
use serde_json::{Value, json};
use vigil_model::{ApiVersion, LogKind, RenderOptions, properties, render, validate};

fn opts(version: ApiVersion, include_unknown: bool) -> RenderOptions {
    RenderOptions {
        version,
        select: None,
        include_unknown_enum_members: include_unknown,
    }
}

fn assert_idempotent(kind: LogKind, body: &Value) {
    let again = validate(kind, body.clone()).expect("canonical body re-validates");
    assert_eq!(
        &again.body(),
        body,
        "{kind}: validate(canonical) changed the body"
    );
}

#[test]
fn v1_sign_in_doc_example_round_trips() {
    let raw = first_record("signin_v1_doc_example.json");
    let record = validate(LogKind::SignIn, raw.clone()).expect("valid");
    assert_eq!(record.id, "66ea54eb-6301-4ee5-be62-ff5a759b0100");
    assert_eq!(record.time_nanos, 1_584_126_941_619_583_300);
    let v1 = render(
        LogKind::SignIn,
        &record.body(),
        &opts(ApiVersion::V1, false),
    );
    assert_contains(&raw, &v1, "");
    assert_eq!(keys(&v1), properties(LogKind::SignIn, ApiVersion::V1));
    assert_eq!(v1["riskEventTypes_v2"], json!([]));
    assert_eq!(v1["authenticationAppDeviceDetails"], Value::Null);
    assert_eq!(
        v1["location"]["geoCoordinates"]["latitude"],
        47.68050003051758
    );
    // Derived on the way in, served on beta.
    assert_eq!(
        record.body()["signInEventTypes"],
        json!(["interactiveUser"])
    );
    assert_idempotent(LogKind::SignIn, &record.body());
}

#[test]
fn v1_directory_audit_doc_example_round_trips() {
    let raw = first_record("directory_audit_v1_doc_example.json");
    let record = validate(LogKind::DirectoryAudit, raw.clone()).expect("valid");
    let v1 = render(
        LogKind::DirectoryAudit,
        &record.body(),
        &opts(ApiVersion::V1, false),
    );
    // The example's "Type" is served as Graph's "type".
    let mut expected = raw.clone();
    for target in expected["targetResources"].as_array_mut().expect("array") {
        let object = target.as_object_mut().expect("object");
        let value = object.remove("Type").expect("Type");
        object.insert("type".to_owned(), value);
    }
    assert_contains(&expected, &v1, "");
    assert_eq!(
        keys(&v1),
        properties(LogKind::DirectoryAudit, ApiVersion::V1)
    );
    assert_eq!(v1["targetResources"][1]["groupType"], Value::Null);
    let beta = render(
        LogKind::DirectoryAudit,
        &record.body(),
        &opts(ApiVersion::Beta, false),
    );
    assert_eq!(beta["userAgent"], Value::Null);
    assert_eq!(beta["initiatedBy"]["linkableIdentifiers"], Value::Null);
    assert!(v1["initiatedBy"].get("linkableIdentifiers").is_none());
    assert_idempotent(LogKind::DirectoryAudit, &record.body());
}

#[test]
fn rich_beta_sign_in() {
    let raw = fixture("signin_beta_rich.json");
    let record = validate(LogKind::SignIn, raw.clone()).expect("valid");
    let body = &record.body();
    assert_eq!(body["userPrincipalName"], "meganb@contoso.com");
    assert_eq!(body["authenticationAppDeviceDetails"], Value::Null);
    assert_eq!(body["authenticationAppPolicyEvaluationDetails"], json!([]));
    assert!(body.get("authenticationAppPolicyDetails").is_none());
    assert_eq!(body["sessionAuthenticationStrength"], "phishingResistant");
    assert_eq!(
        body["authenticationDetails"][0]["authenticationStepDateTime"],
        "2024-07-02T08:41:10Z"
    );

    let beta_all = render(LogKind::SignIn, body, &opts(ApiVersion::Beta, true));
    assert_eq!(&beta_all, body);
    let mut expected = raw.clone();
    for key in [
        "userPrincipalName",
        "authenticationAppPolicyDetails",
        "authenticationAppDeviceDetails",
    ] {
        expected.as_object_mut().expect("object").remove(key);
    }
    // The second policy lacks beta members the canonical form adds; compare the first fully.
    assert_contains(
        &expected["appliedConditionalAccessPolicies"][0],
        &beta_all["appliedConditionalAccessPolicies"][0],
        "ca0",
    );
    expected
        .as_object_mut()
        .expect("object")
        .remove("appliedConditionalAccessPolicies");
    assert_contains(&expected, &beta_all, "");

    let beta = render(LogKind::SignIn, body, &opts(ApiVersion::Beta, false));
    assert_eq!(
        beta["appliedConditionalAccessPolicies"][1]["result"],
        "unknownFutureValue"
    );
    assert_eq!(
        beta["networkLocationDetails"][0]["networkType"],
        "namedNetwork"
    );
    assert_eq!(
        beta["networkLocationDetails"][1]["networkType"],
        "unknownFutureValue"
    );

    let v1 = render(LogKind::SignIn, body, &opts(ApiVersion::V1, false));
    assert_eq!(keys(&v1), properties(LogKind::SignIn, ApiVersion::V1));
    assert!(v1.get("sessionAuthenticationStrength").is_none());
    assert!(v1.get("signInEventTypes").is_none());
    assert_idempotent(LogKind::SignIn, body);
}

#[test]
fn provisioning_success_and_failure() {
    for name in ["provisioning_success.json", "provisioning_failure.json"] {
        let raw = fixture(name);
        let record = validate(LogKind::Provisioning, raw).expect(name);
        let body = &record.body();
        for step in body["provisioningSteps"].as_array().expect("steps") {
            let step_type = step["provisioningStepType"].as_str().expect("type");
            assert_eq!(step_type, step_type.to_ascii_lowercase(), "{name}");
        }
        assert_eq!(body["initiatedBy"]["initiatorType"], "system", "{name}");
        let v1 = render(LogKind::Provisioning, body, &opts(ApiVersion::V1, false));
        assert_eq!(keys(&v1), properties(LogKind::Provisioning, ApiVersion::V1));
        let beta = render(LogKind::Provisioning, body, &opts(ApiVersion::Beta, false));
        assert!(beta["statusInfo"]["@odata.type"].is_string());
        assert_eq!(beta["action"], body["action"]);
        assert_idempotent(LogKind::Provisioning, body);
    }
    let failure =
        validate(LogKind::Provisioning, fixture("provisioning_failure.json")).expect("valid");
    let info = &failure.body()["provisioningStatusInfo"];
    assert_eq!(info["status"], "failure");
    assert_eq!(
        info["errorInformation"]["errorCode"],
        "ContosoEntryConflict"
    );
    assert_eq!(
        info["errorInformation"]["errorCategory"],
        "nonServiceFailure"
    );
    assert_eq!(
        failure.body()["statusInfo"]["errorCode"],
        "ContosoEntryConflict"
    );
    assert_eq!(
        failure.body()["provisioningSteps"][1]["details"]["ErrorCode"],
        "ContosoEntryConflict"
    );
}

#[test]
fn custom_security_attribute_audit() {
    let raw = fixture("custom_security_attribute_audit.json");
    let kind = LogKind::CustomSecurityAttributeAudit;
    let record = validate(kind, raw.clone()).expect("valid");
    let beta = render(kind, &record.body(), &opts(ApiVersion::Beta, false));
    assert_contains(&raw, &beta, "");
    assert_eq!(keys(&beta), properties(kind, ApiVersion::Beta));
    assert_idempotent(kind, &record.body());
}

#[test]
fn v1_render_of_beta_records_has_exactly_the_v1_keys() {
    let cases = [
        (LogKind::SignIn, fixture("signin_beta_rich.json")),
        (
            LogKind::DirectoryAudit,
            fixture("custom_security_attribute_audit.json"),
        ),
        (LogKind::Provisioning, fixture("provisioning_failure.json")),
    ];
    for (kind, raw) in cases {
        let mut raw = raw;
        raw["notYetKnownToVigil"] = json!("beta only");
        let record = validate(kind, raw).expect("valid");
        assert_eq!(record.body()["notYetKnownToVigil"], "beta only");
        let v1 = render(kind, &record.body(), &opts(ApiVersion::V1, true));
        assert_eq!(keys(&v1), properties(kind, ApiVersion::V1), "{kind}");
        let beta = render(kind, &record.body(), &opts(ApiVersion::Beta, true));
        assert_eq!(beta["notYetKnownToVigil"], "beta only");
    }
}
