//! [`ProvisioningObjectSummary`]: `microsoft.graph.provisioningObjectSummary` with its nested
//! identities, systems, steps and status (beta superset, adds deprecated `action` and
//! `statusInfo`).

use serde::{Deserialize, Serialize};

use super::common::{ModifiedProperty, OpenObject, nullable_vec};
use super::enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType,
};
use super::timestamp::Timestamp;

/// `microsoft.graph.provisioningObjectSummary`, in Graph's property order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningObjectSummary {
    pub id: String,
    pub activity_date_time: Timestamp,
    pub tenant_id: Option<String>,
    pub job_id: Option<String>,
    pub cycle_id: Option<String>,
    pub change_id: Option<String>,
    /// Deprecated, beta only (e.g. `Create`).
    pub action: Option<String>,
    pub provisioning_action: Option<ProvisioningAction>,
    pub duration_in_milliseconds: Option<i64>,
    pub initiated_by: Option<Initiator>,
    pub source_identity: Option<ProvisionedIdentity>,
    pub target_identity: Option<ProvisionedIdentity>,
    pub source_system: Option<ProvisioningSystem>,
    pub target_system: Option<ProvisioningSystem>,
    /// A single object although Learn calls it a collection.
    pub service_principal: Option<ProvisioningServicePrincipal>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub modified_properties: Vec<ModifiedProperty>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub provisioning_steps: Vec<ProvisioningStep>,
    /// Deprecated, beta only.
    pub status_info: Option<StatusInfo>,
    pub provisioning_status_info: Option<ProvisioningStatusInfo>,
    /// Producer properties Vigil does not know (served on beta only).
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.initiator` (open, derives from `identity`). Microsoft's v1.0 example
/// writes `initiatingType`; accepted as an alias of `initiatorType`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Initiator {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[serde(alias = "initiatingType")]
    pub initiator_type: Option<InitiatorType>,
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.provisionedIdentity` (open).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionedIdentity {
    pub id: Option<String>,
    pub display_name: Option<String>,
    /// `User`, `Group`, `RolesCompound`, `ServicePrincipal`, ...
    pub identity_type: Option<String>,
    /// `detailsInfo`: a free JSON object.
    pub details: Option<OpenObject>,
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.provisioningSystem` (open).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningSystem {
    pub id: Option<String>,
    pub display_name: Option<String>,
    /// `detailsInfo`: a free JSON object.
    pub details: Option<OpenObject>,
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.provisioningServicePrincipal` (open, no declared properties of its own).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningServicePrincipal {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.provisioningStep`. `provisioningStepType` is read case-insensitively
/// (`"Import"`) and written in schema case (`"import"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningStep {
    pub name: Option<String>,
    pub provisioning_step_type: Option<ProvisioningStepType>,
    pub status: Option<ProvisioningResult>,
    pub description: Option<String>,
    /// `detailsInfo`: a free JSON object.
    pub details: Option<OpenObject>,
}

/// `microsoft.graph.provisioningStatusInfo`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningStatusInfo {
    pub status: Option<ProvisioningResult>,
    pub error_information: Option<ProvisioningErrorInfo>,
}

/// `microsoft.graph.provisioningErrorInfo`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningErrorInfo {
    /// e.g. `ContosoEntryConflict`.
    pub error_code: Option<String>,
    pub error_category: Option<ProvisioningStatusErrorCategory>,
    pub reason: Option<String>,
    pub additional_details: Option<String>,
    pub recommended_action: Option<String>,
}

/// Beta's deprecated `statusInfo` (`statusBase`, or its subtype `statusDetails` whose extra
/// members `additionalDetails`, `errorCategory`, `errorCode`, `reason`, `recommendedAction`
/// and any `@odata.type` are kept as sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusInfo {
    pub status: Option<ProvisioningResult>,
    #[serde(flatten)]
    pub extra: OpenObject,
}
