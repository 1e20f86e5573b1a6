//! The per-kind field tables behind [`crate::catalogue`]: every filterable property path of
//! each log, its type and the versions it exists on. Sign-in and provisioning tables live in
//! the submodules; the audit logs (directory and custom security attribute) share theirs here.
//!
//! Paths are OData paths (`status/errorCode`). Identifier-like GUID strings are typed
//! `String`, as they are on the wire. Enum member lists come from [`crate::types::enums`].

mod provisioning;
mod sign_in;

use crate::catalogue::{Availability, Field, FieldType};
use crate::kind::LogKind;
use crate::types::enums::{GroupType, OperationResult};

pub(crate) fn fields(kind: LogKind) -> &'static [Field] {
    match kind {
        LogKind::SignIn => sign_in::SIGN_IN,
        LogKind::DirectoryAudit => DIRECTORY_AUDIT,
        LogKind::Provisioning => provisioning::PROVISIONING,
        LogKind::CustomSecurityAttributeAudit => CUSTOM_SECURITY_ATTRIBUTE_AUDIT,
    }
}

/// A property on `/v1.0` and `/beta`.
pub(super) const fn both(path: &'static str, ty: FieldType) -> Field {
    Field {
        path,
        ty,
        availability: Availability::Both,
    }
}

/// A property only on `/beta`.
pub(super) const fn beta(path: &'static str, ty: FieldType) -> Field {
    Field {
        path,
        ty,
        availability: Availability::BetaOnly,
    }
}

pub(super) const S: FieldType = FieldType::String;
pub(super) const INT: FieldType = FieldType::Int;
pub(super) const DOUBLE: FieldType = FieldType::Double;
pub(super) const BOOL: FieldType = FieldType::Bool;
pub(super) const DT: FieldType = FieldType::DateTime;
pub(super) const STRINGS: FieldType = FieldType::StringCollection;

/// `microsoft.graph.keyValue` elements (`additionalDetails`, ...).
pub(super) const KEY_VALUE: &[Field] = &[both("key", S), both("value", S)];

/// `microsoft.graph.modifiedProperty` elements.
pub(super) const MODIFIED_PROPERTY: &[Field] = &[
    both("displayName", S),
    both("oldValue", S),
    both("newValue", S),
];

/// `microsoft.graph.targetResource` elements.
const TARGET_RESOURCE: &[Field] = &[
    both("id", S),
    both("displayName", S),
    both("type", S),
    both("userPrincipalName", S),
    both("groupType", FieldType::Enum(GroupType::MEMBERS)),
    both(
        "modifiedProperties",
        FieldType::ComplexCollection(MODIFIED_PROPERTY),
    ),
];

/// Properties shared by `directoryAudit` and `customSecurityAttributeAudit` (all but
/// `userAgent`, whose availability differs).
macro_rules! audit_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            both("id", S),
            both("category", S),
            both("correlationId", S),
            both("result", FieldType::Enum(OperationResult::MEMBERS)),
            both("resultReason", S),
            both("activityDisplayName", S),
            both("activityDateTime", DT),
            both("loggedByService", S),
            both("operationType", S),
            $($extra,)*
            both("initiatedBy/user/id", S),
            both("initiatedBy/user/displayName", S),
            both("initiatedBy/user/userPrincipalName", S),
            both("initiatedBy/user/ipAddress", S),
            both("initiatedBy/user/userType", S),
            both("initiatedBy/user/homeTenantId", S),
            both("initiatedBy/user/homeTenantName", S),
            both("initiatedBy/app/appId", S),
            both("initiatedBy/app/displayName", S),
            both("initiatedBy/app/servicePrincipalId", S),
            both("initiatedBy/app/servicePrincipalName", S),
            beta("initiatedBy/linkableIdentifiers/deviceId", S),
            beta("initiatedBy/linkableIdentifiers/sessionId", S),
            both("targetResources", FieldType::ComplexCollection(TARGET_RESOURCE)),
            both("additionalDetails", FieldType::ComplexCollection(KEY_VALUE)),
        ]
    };
}

static DIRECTORY_AUDIT: &[Field] = audit_fields![beta("userAgent", S)];

/// The whole log is beta-only, so its properties are `Both` relative to the log.
static CUSTOM_SECURITY_ATTRIBUTE_AUDIT: &[Field] = audit_fields![both("userAgent", S)];

#[cfg(test)]
mod tests;
