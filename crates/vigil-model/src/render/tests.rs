//! Unit tests of rendering: property lists against the typed structs and the catalogue,
//! `$select` resolution, version filtering and evolvable enum members.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{RenderOptions, hide_member, properties, render, resolve_select};
use crate::catalogue::{self, Availability};
use crate::kind::{ApiVersion, LogKind};
use crate::validate::validate;

fn minimal(kind: LogKind) -> Value {
    let mut raw = json!({"id": "r1"});
    raw[kind.time_property()] = json!("2024-07-01T00:00:00Z");
    if kind == LogKind::SignIn {
        raw["userId"] = json!("");
        raw["isInteractive"] = json!(true);
    }
    validate(kind, raw).expect("minimal record is valid").body()
}

#[test]
fn beta_lists_match_the_typed_structs_in_order() {
    for kind in LogKind::ALL {
        let body = minimal(kind);
        let keys: Vec<&str> = body
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, properties(kind, ApiVersion::Beta), "{kind}");
    }
}

#[test]
fn v1_lists_are_ordered_subsets_of_beta() {
    for kind in LogKind::ALL {
        let beta = properties(kind, ApiVersion::Beta);
        let mut position = 0;
        for name in properties(kind, ApiVersion::V1) {
            let found = beta[position..].iter().position(|b| b == name);
            let offset = found.unwrap_or_else(|| panic!("{kind}: {name} out of order"));
            position += offset + 1;
        }
        let unique: HashSet<_> = beta.iter().collect();
        assert_eq!(unique.len(), beta.len(), "{kind}: duplicate property");
    }
    assert_eq!(properties(LogKind::SignIn, ApiVersion::V1).len(), 30);
    assert_eq!(properties(LogKind::SignIn, ApiVersion::Beta).len(), 78);
}

#[test]
fn catalogue_paths_start_at_known_properties() {
    for kind in LogKind::ALL {
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let names = properties(kind, version);
            for field in catalogue::fields(kind) {
                if !field.available_in(version) {
                    continue;
                }
                let top = field.path.split('/').next().unwrap_or_default();
                assert!(names.contains(&top), "{kind} {version:?}: {}", field.path);
            }
        }
        // And a beta-only catalogue property is not on v1.
        for field in catalogue::fields(kind) {
            if field.availability == Availability::BetaOnly && !field.path.contains('/') {
                assert!(!properties(kind, ApiVersion::V1).contains(&field.path));
            }
        }
    }
}

#[test]
fn select_resolution() {
    let v1 = ApiVersion::V1;
    let got = resolve_select(LogKind::SignIn, v1, " USERID , createdDateTime,userid,, ");
    assert_eq!(
        got,
        Ok(vec!["userId".to_owned(), "createdDateTime".to_owned()])
    );
    assert_eq!(
        resolve_select(LogKind::SignIn, v1, "id,foo"),
        Err("Could not find a property named 'foo' on type 'microsoft.graph.signIn'.".to_owned())
    );
    assert!(resolve_select(LogKind::SignIn, v1, "signInEventTypes").is_err());
    assert!(resolve_select(LogKind::SignIn, ApiVersion::Beta, "signInEventTypes").is_ok());
    assert!(resolve_select(LogKind::SignIn, v1, "riskeventtypes_V2").is_ok());
    assert!(resolve_select(LogKind::DirectoryAudit, v1, "userAgent").is_err());
    let e = resolve_select(LogKind::Provisioning, v1, "action");
    assert_eq!(
        e,
        Err("Could not find a property named 'action' on type \
             'microsoft.graph.provisioningObjectSummary'."
            .to_owned())
    );
    let all = resolve_select(LogKind::DirectoryAudit, v1, "*").unwrap_or_default();
    assert_eq!(all.len(), properties(LogKind::DirectoryAudit, v1).len());
}

#[test]
fn hide_member_handles_plain_and_flags_values() {
    let members = &["a", "b", "unknownFutureValue", "c", "d"];
    assert_eq!(hide_member("a", members), None);
    assert_eq!(
        hide_member("C", members).as_deref(),
        Some("unknownFutureValue")
    );
    assert_eq!(
        hide_member("a,c,d", members).as_deref(),
        Some("a,unknownFutureValue")
    );
    assert_eq!(hide_member("bogus", members), None);
    let odd = &["AzureAD", "UnknownFutureValue", "NPSExtension"];
    assert_eq!(
        hide_member("NPSExtension", odd).as_deref(),
        Some("UnknownFutureValue")
    );
}

#[test]
fn render_versions_enums_and_select() {
    let raw = json!({
        "id": "s1", "createdDateTime": "2024-07-01T00:00:00Z", "userId": "u",
        "riskDetail": "microsoftRevokedSessions", "tokenIssuerType": "AzureADBackupAuth",
        "authenticationProtocol": "oAuth2,authenticationTransfer",
        "deviceDetail": {"browser": "Edge", "browserId": "b"},
        "appliedConditionalAccessPolicies": [{"id": "p", "result": "reportOnlyFailure",
            "conditionsSatisfied": "insiderRisk"}],
        "tokenProtectionStatusDetails": {"signInSessionStatus": "bound"},
        "authenticationRequirementPolicies": [{"requirementProvider": "authenticationStrengths"}],
        "incomingTokenType": "remoteDesktopToken",
        "isInteractive": false,
        "mystery": 1
    });
    let body = validate(LogKind::SignIn, raw).expect("valid").body();
    let beta = render(
        LogKind::SignIn,
        &body,
        &RenderOptions::new(ApiVersion::Beta),
    );
    assert_eq!(beta["riskDetail"], "unknownFutureValue");
    assert_eq!(beta["tokenIssuerType"], "UnknownFutureValue");
    assert_eq!(beta["authenticationProtocol"], "oAuth2,unknownFutureValue");
    assert_eq!(
        beta["appliedConditionalAccessPolicies"][0]["result"],
        "unknownFutureValue"
    );
    assert_eq!(
        beta["appliedConditionalAccessPolicies"][0]["conditionsSatisfied"],
        "unknownFutureValue"
    );
    assert_eq!(
        beta["authenticationRequirementPolicies"][0]["requirementProvider"],
        "unknownFutureValue"
    );
    assert_eq!(
        beta["tokenProtectionStatusDetails"]["signInSessionStatus"],
        "bound"
    );
    assert_eq!(beta["mystery"], 1);
    assert_eq!(beta["incomingTokenType"], "unknownFutureValue");
    assert_eq!(beta["deviceDetail"]["browserId"], "b");

    let mut prefer = RenderOptions::new(ApiVersion::Beta);
    prefer.include_unknown_enum_members = true;
    let unhidden = render(LogKind::SignIn, &body, &prefer);
    assert_eq!(unhidden, body);

    let v1 = render(LogKind::SignIn, &body, &RenderOptions::new(ApiVersion::V1));
    let keys: Vec<&str> = v1
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, properties(LogKind::SignIn, ApiVersion::V1));
    assert_eq!(v1["riskDetail"], "unknownFutureValue");
    assert!(v1["deviceDetail"].get("browserId").is_none());
    let policy = &v1["appliedConditionalAccessPolicies"][0];
    assert!(policy.get("conditionsSatisfied").is_none());
    assert_eq!(policy["result"], "unknownFutureValue");

    let select = RenderOptions {
        version: ApiVersion::V1,
        select: Some(vec!["riskDetail".to_owned(), "id".to_owned()]),
        include_unknown_enum_members: true,
    };
    let selected = render(LogKind::SignIn, &body, &select);
    assert_eq!(
        selected,
        json!({"id": "s1", "riskDetail": "microsoftRevokedSessions"})
    );
    let keys: Vec<&String> = selected
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["id", "riskDetail"], "record order, not select order");
}

#[test]
fn render_non_object_is_returned_as_is() {
    let opts = RenderOptions::new(ApiVersion::V1);
    assert_eq!(render(LogKind::SignIn, &json!(3), &opts), json!(3));
}
