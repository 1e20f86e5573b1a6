//! Evaluation over canonical JSON records: null and missing values, case rules per kind,
//! enums, instants, numbers, lambdas (including nested ones and `all`).

use serde_json::{Value, json};
use vigil_model::ApiVersion::{Beta, V1};
use vigil_model::LogKind::{DirectoryAudit, Provisioning, SignIn};

use super::{beta_sign_in, ok};

/// The v1.0 documentation's sign-in (§12.1), plus beta's `signInEventTypes`.
fn sign_in() -> Value {
    json!({
        "id": "66ea54eb-6301-4ee5-be62-ff5a759b0100",
        "createdDateTime": "2020-03-13T19:15:41.6195833Z",
        "userDisplayName": "Test Contoso",
        "userPrincipalName": "testaccount1@contoso.com",
        "appDisplayName": "Graph explorer",
        "ipAddress": "131.107.159.37",
        "conditionalAccessStatus": "notApplied",
        "isInteractive": true,
        "riskLevelDuringSignIn": "medium",
        "riskEventTypes_v2": ["unlikelyTravel", "anonymizedIPAddress"],
        "signInEventTypes": ["interactiveUser"],
        "status": {"errorCode": 0, "failureReason": null},
        "deviceDetail": {"browser": "Edge 80.0.361", "isCompliant": null, "isManaged": false},
        "location": {"city": "Redmond", "geoCoordinates": {"latitude": 47.68050003051758}},
        "appliedConditionalAccessPolicies": [
            {"id": "de7e60eb-ed89-4d73-8205-2227def6b7c9", "result": "notEnabled"},
            {"id": "6701123a-b4c6-48af-8565-565c8bf7cabc", "result": "failure", "enforcedGrantControls": ["Mfa"]}
        ]
    })
}

fn audit() -> Value {
    json!({
        "id": "id",
        "activityDateTime": "2018-01-09T21:20:02.7215374Z",
        "activityDisplayName": "Add member to group",
        "initiatedBy": {"user": {"id": "728309ae-1a37-4937-9afe-e35d964db09b"}, "app": null},
        "targetResources": [
            {"id": "ef7e527d", "displayName": "Example.com",
             "modifiedProperties": [{"displayName": "Action Client Name", "newValue": "DirectorySync"}]},
            {"id": "1f0e98f5", "displayName": null, "modifiedProperties": []}
        ]
    })
}

fn check_all(cases: &[(&str, bool)], record: &Value, f: impl Fn(&str) -> crate::CheckedFilter) {
    for (text, expected) in cases {
        assert_eq!(f(text).matches(record), *expected, "{text}");
    }
}

#[test]
fn sign_in_scalars() {
    let cases = [
        ("startsWith(appDisplayName,'Graph')", true),
        ("startswith(appDisplayName,'graph')", true),
        ("appDisplayName eq 'GRAPH EXPLORER'", true),
        ("appDisplayName ne 'graph explorer'", false),
        ("endswith(userPrincipalName,'@CONTOSO.com')", true),
        ("contains(userDisplayName,'contoso')", true),
        ("userDisplayName gt 'Test'", true),
        ("userDisplayName lt 'test'", false),
        ("status/errorCode eq 0", true),
        ("status/errorCode ne 0", false),
        ("status/errorCode ge -1 and status/errorCode le 0", true),
        ("isInteractive eq true", true),
        ("isInteractive", true),
        ("not isInteractive", false),
        ("deviceDetail/isManaged eq false", true),
        (
            "createdDateTime ge 2020-03-13T19:15:41Z and createdDateTime lt 2020-03-13T19:15:42Z",
            true,
        ),
        ("createdDateTime eq 2020-03-13T19:15:41.6195833Z", true),
        ("createdDateTime eq 2020-03-13T20:15:41.6195833+01:00", true),
        ("createdDateTime gt 2020-03-13", true),
        ("createdDateTime lt 2020-03-13", false),
        ("location/geoCoordinates/latitude gt 47.5", true),
        ("location/geoCoordinates/latitude gt 48", false),
        ("id eq 66EA54EB-6301-4EE5-BE62-FF5A759B0100", true),
        ("id in ('x', '66ea54eb-6301-4ee5-be62-ff5a759b0100')", true),
        ("ipAddress in ('1.1.1.1', '2.2.2.2')", false),
        ("conditionalAccessStatus eq 'NOTAPPLIED'", true),
        (
            "riskLevelDuringSignIn eq microsoft.graph.riskLevel'Medium'",
            true,
        ),
        // Enums order by schema position: low < medium < high < hidden < none.
        ("riskLevelDuringSignIn gt 'low'", true),
        ("riskLevelDuringSignIn ge 'high'", false),
        ("riskLevelDuringSignIn lt 'hidden'", true),
    ];
    check_all(&cases, &sign_in(), beta_sign_in);
}

#[test]
fn missing_and_null_values() {
    let cases = [
        // Missing property.
        ("userId eq 'x'", false),
        ("userId ne 'x'", false),
        ("userId gt 'a'", false),
        ("userId eq null", true),
        ("userId ne null", false),
        ("not (userId eq 'x')", true),
        ("startswith(userId,'')", false),
        ("userId in ('x')", false),
        // Present but null, and missing nested.
        ("status/failureReason eq null", true),
        ("status/failureReason ne null", false),
        ("status/failureReason eq 'x'", false),
        ("status/additionalDetails eq null", true),
        ("deviceDetail/isCompliant eq false", false),
        ("deviceDetail/isCompliant ne true", false),
        ("deviceDetail/isCompliant eq null", true),
        ("location/state eq null", true),
        ("resourceTenantId eq null and homeTenantId eq null", true),
        // Present values.
        ("status/errorCode eq null", false),
        ("status/errorCode ne null", true),
        ("appDisplayName ne null", true),
        ("createdDateTime ne null", true),
    ];
    check_all(&cases, &sign_in(), beta_sign_in);
}

#[test]
fn wrongly_typed_record_values_never_match() {
    let record = json!({"status": {"errorCode": "0"}, "isInteractive": "true", "createdDateTime": "yesterday",
                        "appDisplayName": 5, "signInEventTypes": "interactiveUser"});
    let cases = [
        ("status/errorCode eq 0", false),
        ("status/errorCode ne 0", false),
        ("isInteractive eq true", false),
        ("createdDateTime gt 2020-01-01", false),
        ("createdDateTime ne null", true),
        ("appDisplayName eq '5'", false),
        ("signInEventTypes/any(t: t eq 'interactiveUser')", false),
        ("signInEventTypes/all(t: t eq 'x')", true),
    ];
    check_all(&cases, &record, beta_sign_in);
}

#[test]
fn string_collections() {
    let cases = [
        ("signInEventTypes/any(t: t eq 'interactiveUser')", true),
        ("signInEventTypes/any(t: t eq 'INTERACTIVEUSER')", true),
        ("signInEventTypes/any(t: t ne 'interactiveUser')", false),
        ("(signInEventTypes/any(t: t ne 'interactiveUser'))", false),
        ("signInEventTypes eq 'interactiveUser'", true),
        (
            "signInEventTypes in ('servicePrincipal', 'interactiveUser')",
            true,
        ),
        ("signInEventTypes/any()", true),
        ("signInEventTypes/all(t: t eq 'interactiveUser')", true),
        ("riskEventTypes_v2/any(r:r ne 'none')", true),
        ("riskEventTypes_v2/all(r: r ne 'unlikelyTravel')", false),
        (
            "riskEventTypes_v2/any(r: startswith(r, 'anonymized'))",
            true,
        ),
        ("startswith(riskEventTypes_v2, 'unlikely')", true),
        ("riskEventTypes_v2 eq 'generic'", false),
        // Missing collection: any is false, all is true.
        ("authenticationMethodsUsed/any(m: m eq 'SMS')", false),
        ("authenticationMethodsUsed/any()", false),
        ("authenticationMethodsUsed/all(m: m eq 'SMS')", true),
        ("not authenticationMethodsUsed/any()", true),
    ];
    check_all(&cases, &sign_in(), beta_sign_in);
    let empty = json!({"signInEventTypes": []});
    assert!(!beta_sign_in("signInEventTypes/any(t: t eq 'x')").matches(&empty));
    assert!(!beta_sign_in("signInEventTypes/any()").matches(&empty));
    assert!(beta_sign_in("signInEventTypes/all(t: t eq 'x')").matches(&empty));
}

#[test]
fn complex_collections_and_nested_lambdas() {
    let cases = [
        (
            "appliedConditionalAccessPolicies/any(c:c/id eq '6701123a-b4c6-48af-8565-565c8bf7cabc' and c/result eq 'failure')",
            true,
        ),
        (
            "appliedConditionalAccessPolicies/any(c:c/id eq 'de7e60eb-ed89-4d73-8205-2227def6b7c9' and c/result eq 'failure')",
            false,
        ),
        (
            "appliedConditionalAccessPolicies/all(c: c/result ne 'success')",
            true,
        ),
        (
            "appliedConditionalAccessPolicies/any(c: c/displayName eq null)",
            true,
        ),
        // A string collection inside an element: bare `eq` is any-equals there too.
        (
            "appliedConditionalAccessPolicies/any(c: c/enforcedGrantControls eq 'MFA')",
            true,
        ),
        (
            "appliedConditionalAccessPolicies/any(c: c/enforcedGrantControls/any(g: g eq 'block'))",
            false,
        ),
        (
            "appliedConditionalAccessPolicies/any(c: c/enforcedSessionControls/any())",
            false,
        ),
    ];
    check_all(&cases, &sign_in(), |t| ok(t, SignIn, V1));
    let cases = [
        ("targetResources/any(t: t/id eq 'EF7E527D')", true),
        (
            "targetResources/any(t:t/displayName eq 'example.com')",
            true,
        ),
        (
            "targetResources/any(x: startswith(x/displayName, 'Exam'))",
            true,
        ),
        (
            "targetResources/any(x: startswith(x/displayName, 'abc'))",
            false,
        ),
        (
            "targetResources/any(t: t/modifiedProperties/any(p: p/displayName eq 'Action Client Name'))",
            true,
        ),
        (
            "targetResources/any(t: t/modifiedProperties/any(p: p/newValue eq 'x'))",
            false,
        ),
        // The inner lambda sees the outer variable.
        (
            "targetResources/any(t: t/modifiedProperties/any(p: p/newValue eq 'DirectorySync' and t/id eq 'ef7e527d'))",
            true,
        ),
        (
            "targetResources/any(t: t/modifiedProperties/any(p: p/newValue eq 'DirectorySync' and t/id eq '1f0e98f5'))",
            false,
        ),
        (
            "targetResources/all(t: t/modifiedProperties/all(p: p/displayName ne null))",
            true,
        ),
        // Shadowing: the inner `t` is the modified property.
        (
            "targetResources/any(t: t/modifiedProperties/any(t: t/displayName eq 'Action Client Name'))",
            true,
        ),
        (
            "initiatedBy/user/id eq '728309AE-1A37-4937-9AFE-E35D964DB09B'",
            true,
        ),
        ("initiatedBy/app/appId eq null", true),
        ("activityDateTime le 2018-01-24", true),
        ("activityDateTime le 2018-01-09", false),
    ];
    check_all(&cases, &audit(), |t| ok(t, DirectoryAudit, V1));
}

#[test]
fn provisioning_strings_are_case_sensitive_but_enums_are_not() {
    let record = json!({
        "id": "74c3b0ae-9cc5-850e-e0a5-7r6a4231de87",
        "activityDateTime": "2024-01-05T00:00:00Z",
        "sourceSystem": {"displayName": "Workday"},
        "provisioningAction": "create",
        "provisioningStatusInfo": {"status": "failure"},
        "durationInMilliseconds": 1500
    });
    let cases = [
        ("id eq '74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'", true),
        ("id eq '74C3B0AE-9cc5-850e-e0a5-7r6a4231de87'", false),
        ("contains(sourceSystem/displayName,'Work')", true),
        ("contains(sourceSystem/displayName,'work')", false),
        ("sourceSystem/displayName eq 'workday'", false),
        ("provisioningAction eq 'Create'", true),
        ("provisioningStatusInfo/status eq 'FAILURE'", true),
        (
            "durationInMilliseconds gt 1000 and durationInMilliseconds lt 2000",
            true,
        ),
        ("activityDateTime gt 2024-01-01T00:00:00Z", true),
    ];
    check_all(&cases, &record, |t| ok(t, Provisioning, Beta));
}

#[test]
fn unicode_case_folding() {
    let record = json!({"userDisplayName": "ÉLODIE Ærø"});
    assert!(beta_sign_in("userDisplayName eq 'élodie ærø'").matches(&record));
    assert!(beta_sign_in("startswith(userDisplayName,'éLo')").matches(&record));
    assert!(
        !ok("sourceSystem/displayName eq 'élodie'", Provisioning, V1)
            .matches(&json!({"sourceSystem": {"displayName": "Élodie"}}))
    );
}
