//! [`DirectoryAudit`]: `microsoft.graph.directoryAudit` (beta superset, adds `userAgent`),
//! which is also the shape of beta's `customSecurityAttributeAudit`.

use serde::{Deserialize, Serialize};

use super::audit_common::{AuditActivityInitiator, TargetResource};
use super::common::{KeyValue, OpenObject, nullable_vec};
use super::enums::OperationResult;
use super::timestamp::Timestamp;

/// `microsoft.graph.directoryAudit`, in Graph's property order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryAudit {
    pub id: String,
    pub category: Option<String>,
    pub correlation_id: Option<String>,
    pub result: Option<OperationResult>,
    pub result_reason: Option<String>,
    pub activity_display_name: Option<String>,
    pub activity_date_time: Timestamp,
    pub logged_by_service: Option<String>,
    pub operation_type: Option<String>,
    /// Beta only.
    pub user_agent: Option<String>,
    pub initiated_by: Option<AuditActivityInitiator>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub target_resources: Vec<TargetResource>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub additional_details: Vec<KeyValue>,
    /// Producer properties Vigil does not know (served on beta only).
    #[serde(flatten)]
    pub extra: OpenObject,
}

/// `microsoft.graph.customSecurityAttributeAudit` (beta only): the same properties as a beta
/// `directoryAudit` (`category` is always `AttributeManagement`).
pub type CustomSecurityAttributeAudit = DirectoryAudit;
