//! Tests of the field tables: no duplicates, the paths other crates rely on, versions.

use std::collections::HashSet;

use crate::catalogue::{Availability, Field, FieldType, fields, lookup, lookup_in};
use crate::kind::{ApiVersion, LogKind};

fn check_unique(table: &[Field], what: &str) {
    let mut seen = HashSet::new();
    for field in table {
        assert!(
            seen.insert(field.path.to_ascii_lowercase()),
            "duplicate path {} in {what}",
            field.path
        );
        if let FieldType::ComplexCollection(elements) = field.ty {
            check_unique(elements, field.path);
        }
        if let FieldType::Enum(members) = field.ty {
            assert!(
                members
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case("unknownFutureValue")),
                "{} lacks unknownFutureValue",
                field.path
            );
        }
    }
}

#[test]
fn paths_are_unique_and_enums_are_evolvable() {
    for kind in LogKind::ALL {
        assert!(!fields(kind).is_empty());
        check_unique(fields(kind), kind.collection());
    }
}

#[test]
fn paths_other_crates_use_have_the_right_types() {
    use ApiVersion::{Beta, V1};
    use LogKind::*;
    let expect = [
        (SignIn, V1, "status/errorCode", FieldType::Int),
        (SignIn, V1, "createdDateTime", FieldType::DateTime),
        (
            SignIn,
            V1,
            "location/geoCoordinates/latitude",
            FieldType::Double,
        ),
        (SignIn, V1, "deviceDetail/isCompliant", FieldType::Bool),
        (SignIn, V1, "isInteractive", FieldType::Bool),
        (SignIn, V1, "riskEventTypes_v2", FieldType::StringCollection),
        (
            SignIn,
            Beta,
            "signInEventTypes",
            FieldType::StringCollection,
        ),
        (
            SignIn,
            Beta,
            "tokenProtectionStatusDetails/signInSessionStatusCode",
            FieldType::Int,
        ),
        (SignIn, Beta, "mfaDetail/authMethod", FieldType::String),
        (DirectoryAudit, V1, "initiatedBy/user/id", FieldType::String),
        (
            DirectoryAudit,
            V1,
            "initiatedBy/app/appId",
            FieldType::String,
        ),
        (Provisioning, V1, "durationInMilliseconds", FieldType::Int),
        (Provisioning, Beta, "action", FieldType::String),
        (
            CustomSecurityAttributeAudit,
            Beta,
            "userAgent",
            FieldType::String,
        ),
    ];
    for (kind, version, path, ty) in expect {
        let field = lookup(kind, version, path).unwrap_or_else(|| panic!("{kind} {path}"));
        assert_eq!(field.ty, ty, "{kind} {path}");
    }
}

#[test]
fn enums_and_collections() {
    let status = lookup(
        LogKind::Provisioning,
        ApiVersion::V1,
        "provisioningStatusInfo/status",
    );
    assert!(matches!(status.map(|f| f.ty), Some(FieldType::Enum(m)) if m.contains(&"skipped")));
    let ca = lookup(
        LogKind::SignIn,
        ApiVersion::V1,
        "appliedConditionalAccessPolicies",
    );
    let Some(FieldType::ComplexCollection(elements)) = ca.map(|f| f.ty) else {
        panic!("appliedConditionalAccessPolicies is not a complex collection");
    };
    let result = lookup_in(elements, "result").map(|f| f.ty);
    assert!(matches!(result, Some(FieldType::Enum(m)) if m.contains(&"reportOnlySuccess")));
    assert_eq!(
        lookup_in(elements, "enforcedGrantControls").map(|f| f.ty),
        Some(FieldType::StringCollection)
    );
    let targets = lookup(LogKind::DirectoryAudit, ApiVersion::V1, "targetResources");
    let Some(FieldType::ComplexCollection(elements)) = targets.map(|f| f.ty) else {
        panic!("targetResources is not a complex collection");
    };
    assert!(matches!(
        lookup_in(elements, "modifiedProperties").map(|f| f.ty),
        Some(FieldType::ComplexCollection(_))
    ));
    assert!(lookup_in(elements, "Type").is_some());
}

#[test]
fn beta_only_paths_are_hidden_on_v1() {
    let checks = [
        (LogKind::SignIn, "signInEventTypes"),
        (LogKind::SignIn, "authenticationRequirement"),
        (LogKind::SignIn, "authenticationDetails"),
        (LogKind::DirectoryAudit, "userAgent"),
        (LogKind::Provisioning, "statusInfo/status"),
        (LogKind::Provisioning, "action"),
    ];
    for (kind, path) in checks {
        assert!(lookup(kind, ApiVersion::V1, path).is_none(), "{path}");
        let field = lookup(kind, ApiVersion::Beta, path);
        assert_eq!(field.map(|f| f.availability), Some(Availability::BetaOnly));
    }
    // Lookups are case-insensitive.
    assert!(lookup(LogKind::SignIn, ApiVersion::V1, "STATUS/ERRORCODE").is_some());
}
