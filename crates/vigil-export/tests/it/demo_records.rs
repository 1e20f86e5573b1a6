//! Every category, with realistic records from the demo generator in their stored
//! (validated, canonical) form: the envelope's fields, types and values as §2.2–2.4 list
//! them, and `properties` keeping every member of the Graph record.

use serde_json::{Value, json};
use vigil_export::{
    Category, EnvelopeOptions, azure_monitor_record, azure_monitor_record_with, resource_id,
};
use vigil_model::LogKind;
use vigil_model::datetime::{format_nanos, parse_nanos};

use crate::common::{ENVELOPE_ORDER, assert_follows, demo, demo_stored};

const TENANT: &str = vigil_demo::DEMO_TENANT_ID;

/// Stored sign-ins of one category, in time order.
fn sign_ins(category: Category) -> Vec<Value> {
    demo_stored()
        .sign_ins
        .iter()
        .filter(|record| Category::of(LogKind::SignIn, record) == Some(category))
        .cloned()
        .collect()
}

/// What every exported record has, whatever its category.
fn assert_common(out: &Value, category: Category, record: &Value) {
    assert_follows(out, ENVELOPE_ORDER);
    assert_eq!(out["resourceId"], json!(resource_id(TENANT)));
    assert_eq!(out["operationVersion"], json!("1.0"));
    assert_eq!(out["category"], json!(category.as_str()));
    assert_eq!(out["tenantId"], json!(TENANT));
    assert_eq!(out["Level"], json!(4), "Level is the number 4");
    assert!(out["durationMs"].is_i64(), "durationMs is a number");
    assert!(out["time"].is_string());
    for (key, value) in out.as_object().unwrap() {
        assert!(
            !value.is_null(),
            "{key}: absent fields are left out, not null"
        );
    }
    assert_eq!(out["properties"]["id"], record["id"]);
    let time = out["time"].as_str().unwrap();
    assert_eq!(time.len(), "2026-03-01T00:00:00.0000000Z".len(), "{time}");
    assert!(time.ends_with('Z'));
}

/// An optional envelope field: the source's text when it is a non-empty string, else absent.
fn assert_optional(out: &Value, key: &str, source: &Value) {
    match source.as_str() {
        Some(text) if !text.is_empty() => assert_eq!(out[key], json!(text), "{key}"),
        _ => assert!(
            out.get(key).is_none(),
            "{key} should be left out: {}",
            out[key]
        ),
    }
}

/// Every member of the Graph record is still in `properties`, except those the export
/// documents dropping (`null` audit initiators, blank user fields of workload sign-ins).
fn assert_keeps_members(out: &Value, record: &Value, may_drop: &[&str]) {
    for (key, value) in record.as_object().unwrap() {
        let kept = out["properties"].get(key).is_some();
        let droppable =
            may_drop.contains(&key.as_str()) && (value.is_null() || value.as_str() == Some(""));
        assert!(kept || droppable, "lost {key}");
    }
}

fn check_user_sign_in(category: Category) {
    let records = sign_ins(category);
    assert!(records.len() > 20, "{category}: {}", records.len());
    let mut failures = 0;
    for record in &records {
        let out = azure_monitor_record(category, TENANT, record);
        assert_common(&out, category, record);
        assert_keeps_members(&out, record, &[]);
        assert_eq!(out["operationName"], json!("Sign-in activity"));
        let code = record["status"]["errorCode"].as_i64().unwrap();
        assert_eq!(out["resultType"], json!(code.to_string()));
        if code == 0 {
            assert_eq!(out["resultSignature"], json!("SUCCESS"));
            assert!(out.get("resultDescription").is_none());
        } else {
            failures += 1;
            assert_eq!(out["resultSignature"], json!("FAILURE"));
            assert_eq!(out["resultDescription"], record["status"]["failureReason"]);
        }
        assert_eq!(out["durationMs"], json!(0));
        assert_optional(&out, "callerIpAddress", &record["ipAddress"]);
        assert_optional(&out, "correlationId", &record["correlationId"]);
        assert_optional(&out, "identity", &record["userDisplayName"]);
        assert_optional(&out, "location", &record["location"]["countryOrRegion"]);
        // Envelope time: the sign-in's own time (no emission time given), seven digits.
        let created = parse_nanos(record["createdDateTime"].as_str().unwrap()).unwrap();
        assert_eq!(out["time"], json!(format_nanos(created)));
        let exported = out["properties"]["createdDateTime"].as_str().unwrap();
        assert!(exported.ends_with("+00:00"), "{exported}");
        assert_eq!(parse_nanos(exported).unwrap(), created);
        for step in out["properties"]["authenticationDetails"]
            .as_array()
            .unwrap()
        {
            let at = step["authenticationStepDateTime"].as_str().unwrap();
            assert!(at.ends_with("+00:00"), "{at}");
        }
        assert_eq!(out["properties"]["tenantId"], json!(TENANT));
        assert_eq!(out["properties"]["isInteractive"], record["isInteractive"]);
    }
    assert!(failures > 0, "{category}: no failures in the demo data");
}

#[test]
fn interactive_sign_ins() {
    check_user_sign_in(Category::SignInLogs);
}

#[test]
fn non_interactive_sign_ins() {
    check_user_sign_in(Category::NonInteractiveUserSignInLogs);
}

fn check_workload_sign_in(category: Category) {
    let records = sign_ins(category);
    assert!(!records.is_empty(), "{category}");
    for record in &records {
        let out = azure_monitor_record(category, TENANT, record);
        assert_common(&out, category, record);
        assert_keeps_members(
            &out,
            record,
            &["userDisplayName", "userPrincipalName", "userType"],
        );
        assert!(out.get("identity").is_none(), "no identity for workloads");
        let properties = &out["properties"];
        assert_eq!(
            properties["userId"],
            Value::Null,
            "userId is null, not \"\""
        );
        for user_field in ["userDisplayName", "userPrincipalName"] {
            assert!(properties.get(user_field).is_none(), "{user_field}");
        }
        assert_eq!(
            properties["servicePrincipalId"],
            record["servicePrincipalId"]
        );
        assert_eq!(
            properties["servicePrincipalName"],
            record["servicePrincipalName"]
        );
        if category == Category::ManagedIdentitySignInLogs {
            assert!(out.get("callerIpAddress").is_none());
            assert!(out.get("location").is_none());
        } else {
            assert_optional(&out, "callerIpAddress", &record["ipAddress"]);
        }
        let order: Vec<&str> = properties
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| {
                [
                    "servicePrincipalName",
                    "servicePrincipalId",
                    "federatedCredentialId",
                ]
                .contains(k)
            })
            .collect();
        assert_eq!(
            order,
            [
                "servicePrincipalName",
                "servicePrincipalId",
                "federatedCredentialId"
            ]
        );
    }
}

#[test]
fn service_principal_sign_ins() {
    check_workload_sign_in(Category::ServicePrincipalSignInLogs);
}

#[test]
fn managed_identity_sign_ins() {
    check_workload_sign_in(Category::ManagedIdentitySignInLogs);
}

#[test]
fn emission_time_replaces_only_the_sign_in_envelope_time() {
    let record = &sign_ins(Category::SignInLogs)[0];
    let options = EnvelopeOptions {
        emitted_at: Some(time::macros::datetime!(2026-03-02 10:11:12.25 UTC)),
        ..EnvelopeOptions::default()
    };
    let out = azure_monitor_record_with(Category::SignInLogs, TENANT, record, &options);
    assert_eq!(out["time"], json!("2026-03-02T10:11:12.2500000Z"));
    let created = parse_nanos(record["createdDateTime"].as_str().unwrap()).unwrap();
    let kept = parse_nanos(out["properties"]["createdDateTime"].as_str().unwrap()).unwrap();
    assert_eq!(kept, created);

    let audit = &demo_stored().directory_audits[0];
    let out = azure_monitor_record_with(Category::AuditLogs, TENANT, audit, &options);
    let at = parse_nanos(audit["activityDateTime"].as_str().unwrap()).unwrap();
    assert_eq!(out["time"], json!(format_nanos(at)));
}

fn check_audit(category: Category, records: &[Value]) -> (usize, usize) {
    assert!(!records.is_empty(), "{category}");
    let (mut by_user, mut by_app) = (0, 0);
    for record in records {
        let out = azure_monitor_record(category, TENANT, record);
        assert_common(&out, category, record);
        assert_keeps_members(&out, record, &[]);
        let at = parse_nanos(record["activityDateTime"].as_str().unwrap()).unwrap();
        assert_eq!(
            out["time"],
            json!(format_nanos(at)),
            "time = activityDateTime"
        );
        assert_eq!(out["operationName"], record["activityDisplayName"]);
        assert!(out.get("resultType").is_none(), "no top-level resultType");
        assert_eq!(out["resultSignature"], json!("None"));
        assert_eq!(out["durationMs"], json!(0));
        assert!(out.get("location").is_none());
        assert_optional(&out, "correlationId", &record["correlationId"]);
        let properties = &out["properties"];
        assert_eq!(
            &crate::common::keys(properties)[..7],
            [
                "tenantId",
                "resultType",
                "resultDescription",
                "operationName",
                "identity",
                "tenantGeo",
                "id"
            ]
        );
        assert_eq!(properties["resultType"], json!(""));
        assert_eq!(properties["resultDescription"], out["resultDescription"]);
        assert_eq!(properties["operationName"], out["operationName"]);
        assert_eq!(
            properties["category"], record["category"],
            "Graph category kept"
        );
        let user = &record["initiatedBy"]["user"];
        let app = &record["initiatedBy"]["app"];
        if user.is_object() {
            by_user += 1;
            assert_optional(&out, "identity", &user["displayName"]);
            assert_eq!(
                out.get("identity").unwrap_or(&json!("")),
                &properties["identity"]
            );
            assert_optional(&out, "callerIpAddress", &user["ipAddress"]);
            assert_eq!(properties["initiatedBy"]["user"]["roles"], json!([]));
            assert!(properties["initiatedBy"].get("app").is_none());
        } else if app.is_object() {
            by_app += 1;
            assert_optional(&out, "identity", &app["displayName"]);
            assert!(out.get("callerIpAddress").is_none());
            assert!(properties["initiatedBy"].get("user").is_none());
        }
        for target in properties["targetResources"].as_array().unwrap() {
            assert!(target["administrativeUnits"].is_array());
        }
        let exported = properties["activityDateTime"].as_str().unwrap();
        assert!(exported.ends_with("+00:00"), "{exported}");
    }
    (by_user, by_app)
}

#[test]
fn directory_audits() {
    let (by_user, by_app) = check_audit(Category::AuditLogs, &demo_stored().directory_audits);
    assert!(by_user > 0 && by_app > 0, "{by_user} {by_app}");
}

#[test]
fn custom_security_attribute_audits() {
    let (by_user, _) = check_audit(
        Category::CustomSecurityAttributeAuditLogs,
        &demo_stored().custom_security_attribute_audits,
    );
    assert!(by_user > 0);
}

#[test]
fn provisioning_events() {
    let records = &demo_stored().provisioning;
    assert!(records.len() > 20);
    let mut statuses = std::collections::BTreeSet::new();
    for record in records {
        let out = azure_monitor_record(Category::ProvisioningLogs, TENANT, record);
        assert_common(&out, Category::ProvisioningLogs, record);
        assert_keeps_members(&out, record, &[]);
        assert_eq!(out["operationName"], json!("Provisioning activity"));
        let status = record["provisioningStatusInfo"]["status"].as_str().unwrap();
        let result_type = out["resultType"].as_str().unwrap();
        assert!(result_type.eq_ignore_ascii_case(status));
        assert!(result_type.starts_with(char::is_uppercase), "{result_type}");
        statuses.insert(result_type.to_owned());
        assert_eq!(out["durationMs"], record["durationInMilliseconds"]);
        assert_eq!(out["correlationId"], record["changeId"]);
        assert_eq!(out["identity"], record["id"]);
        for absent in ["resultSignature", "callerIpAddress", "location"] {
            assert!(out.get(absent).is_none(), "{absent}");
        }
        let exported = out["properties"]["activityDateTime"].as_str().unwrap();
        assert!(exported.ends_with('Z'), "{exported}");
        assert_eq!(out["properties"]["tenantId"], json!(TENANT));
    }
    assert!(
        statuses.contains("Success") && statuses.len() > 1,
        "{statuses:?}"
    );
}

#[test]
fn every_demo_record_has_a_category() {
    for record in &demo_stored().sign_ins {
        assert!(Category::of(LogKind::SignIn, record).is_some(), "{record}");
    }
    let seen: std::collections::BTreeSet<_> = demo()
        .sign_ins
        .iter()
        .filter_map(|r| Category::of(LogKind::SignIn, r))
        .collect();
    assert_eq!(seen.len(), 4, "{seen:?}");
}
