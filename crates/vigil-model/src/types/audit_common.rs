//! Complex types of the audit logs (`directoryAudit`, `customSecurityAttributeAudit`): who
//! initiated the activity and what it touched.

use serde::{Deserialize, Serialize};

use super::common::{ModifiedProperty, OpenObject, nullable_vec};
use super::enums::GroupType;

/// `microsoft.graph.auditActivityInitiator`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditActivityInitiator {
    /// `user`.
    pub user: Option<UserIdentity>,
    /// `app`.
    pub app: Option<AppIdentity>,
    /// `linkableIdentifiers` (beta only; kept as the producer sent it).
    pub linkable_identifiers: Option<OpenObject>,
}

/// `microsoft.graph.userIdentity`: an open type; real payloads add `userType`,
/// `homeTenantId`, `homeTenantName`, kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity {
    /// `id`.
    pub id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `userPrincipalName`.
    pub user_principal_name: Option<String>,
    /// `ipAddress`.
    pub ip_address: Option<String>,
    /// Dynamic properties.
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.appIdentity`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppIdentity {
    /// `appId`.
    pub app_id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `servicePrincipalId`.
    pub service_principal_id: Option<String>,
    /// `servicePrincipalName`.
    pub service_principal_name: Option<String>,
}

/// `microsoft.graph.targetResource`. Microsoft's v1.0 example writes `"Type"`; accepted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetResource {
    /// `id`.
    pub id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `type` (`User`, `Group`, `N/A`, ...).
    #[serde(rename = "type", alias = "Type")]
    pub resource_type: Option<String>,
    /// `userPrincipalName`.
    pub user_principal_name: Option<String>,
    /// `groupType`.
    pub group_type: Option<GroupType>,
    /// `modifiedProperties`.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub modified_properties: Vec<ModifiedProperty>,
}
