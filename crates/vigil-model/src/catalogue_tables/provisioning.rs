//! Filterable fields of `provisioningObjectSummary` (v1.0 set plus beta's deprecated
//! `action` and `statusInfo`).

use super::{DT, INT, MODIFIED_PROPERTY, S, beta, both};
use crate::catalogue::{Field, FieldType};
use crate::types::enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType,
};

const RESULT: FieldType = FieldType::Enum(ProvisioningResult::MEMBERS);

/// `microsoft.graph.provisioningStep` elements.
const PROVISIONING_STEP: &[Field] = &[
    both("description", S),
    both("name", S),
    both(
        "provisioningStepType",
        FieldType::Enum(ProvisioningStepType::MEMBERS),
    ),
    both("status", RESULT),
];

pub(super) static PROVISIONING: &[Field] = &[
    both("id", S),
    both("activityDateTime", DT),
    both("tenantId", S),
    both("jobId", S),
    both("cycleId", S),
    both("changeId", S),
    beta("action", S),
    both(
        "provisioningAction",
        FieldType::Enum(ProvisioningAction::MEMBERS),
    ),
    both("durationInMilliseconds", INT),
    both("initiatedBy/id", S),
    both("initiatedBy/displayName", S),
    both(
        "initiatedBy/initiatorType",
        FieldType::Enum(InitiatorType::MEMBERS),
    ),
    both("sourceIdentity/id", S),
    both("sourceIdentity/displayName", S),
    both("sourceIdentity/identityType", S),
    both("targetIdentity/id", S),
    both("targetIdentity/displayName", S),
    both("targetIdentity/identityType", S),
    both("sourceSystem/id", S),
    both("sourceSystem/displayName", S),
    both("targetSystem/id", S),
    both("targetSystem/displayName", S),
    both("servicePrincipal/id", S),
    both("servicePrincipal/displayName", S),
    // Listed as filterable by the older attribute table; a dynamic property of the open type.
    both("servicePrincipal/name", S),
    both(
        "modifiedProperties",
        FieldType::ComplexCollection(MODIFIED_PROPERTY),
    ),
    both(
        "provisioningSteps",
        FieldType::ComplexCollection(PROVISIONING_STEP),
    ),
    beta("statusInfo/status", RESULT),
    both("provisioningStatusInfo/status", RESULT),
    both("provisioningStatusInfo/errorInformation/errorCode", S),
    both(
        "provisioningStatusInfo/errorInformation/errorCategory",
        FieldType::Enum(ProvisioningStatusErrorCategory::MEMBERS),
    ),
    both("provisioningStatusInfo/errorInformation/reason", S),
    both(
        "provisioningStatusInfo/errorInformation/additionalDetails",
        S,
    ),
    both(
        "provisioningStatusInfo/errorInformation/recommendedAction",
        S,
    ),
];
