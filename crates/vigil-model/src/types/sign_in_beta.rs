//! Complex types nested only in a beta `signIn`: authentication details and policies,
//! network locations, managed identity, token protection, private link and agent details.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::nullable_vec;
use super::enums::{
    AuthenticationContextDetail, ExpirationRequirement, MsiType, NetworkType, RequirementProvider,
    TokenProtectionStatus,
};
use super::timestamp::Timestamp;

/// `microsoft.graph.mfaDetail` (deprecated).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaDetail {
    /// `authMethod`.
    pub auth_method: Option<String>,
    /// `authDetail`.
    pub auth_detail: Option<String>,
}

/// `microsoft.graph.authenticationContext`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationContext {
    /// `id`.
    pub id: Option<String>,
    /// `detail`.
    pub detail: Option<AuthenticationContextDetail>,
}

/// `microsoft.graph.networkLocationDetail`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkLocationDetail {
    /// `networkType`.
    pub network_type: Option<NetworkType>,
    /// `networkNames`.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub network_names: Vec<String>,
}

/// `microsoft.graph.authenticationDetail`: one step of the sign-in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationDetail {
    /// `authenticationStepDateTime`.
    pub authentication_step_date_time: Option<Timestamp>,
    /// `authenticationMethod` (e.g. `Password`).
    pub authentication_method: Option<String>,
    /// `authenticationMethodDetail` (e.g. `Password in the cloud`).
    pub authentication_method_detail: Option<String>,
    /// `succeeded`.
    pub succeeded: Option<bool>,
    /// `authenticationStepResultDetail`.
    pub authentication_step_result_detail: Option<String>,
    /// `authenticationStepRequirement` (e.g. `Primary authentication`).
    pub authentication_step_requirement: Option<String>,
}

/// `microsoft.graph.authenticationRequirementPolicy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationRequirementPolicy {
    /// `requirementProvider`.
    pub requirement_provider: Option<RequirementProvider>,
    /// `detail`.
    pub detail: Option<String>,
}

/// `microsoft.graph.sessionLifetimePolicy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionLifetimePolicy {
    /// `expirationRequirement`.
    pub expiration_requirement: Option<ExpirationRequirement>,
    /// `detail`.
    pub detail: Option<String>,
}

/// `microsoft.graph.privateLinkDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateLinkDetails {
    /// `policyId`.
    pub policy_id: Option<String>,
    /// `policyName`.
    pub policy_name: Option<String>,
    /// `resourceId`.
    pub resource_id: Option<String>,
    /// `policyTenantId`.
    pub policy_tenant_id: Option<String>,
}

/// `microsoft.graph.appliedAuthenticationEventListener`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedAuthenticationEventListener {
    /// `eventType` (`authenticationEventType`; kept as text).
    pub event_type: Option<String>,
    /// `executedListenerId`.
    pub executed_listener_id: Option<String>,
    /// `handlerResult` (a polymorphic complex value; kept as given).
    pub handler_result: Option<Value>,
}

/// `microsoft.graph.authenticationAppPolicyDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationAppPolicyDetails {
    /// `adminConfiguration` (kept as text).
    pub admin_configuration: Option<String>,
    /// `authenticationEvaluation` (kept as text).
    pub authentication_evaluation: Option<String>,
    /// `policyName`.
    pub policy_name: Option<String>,
    /// `status` (kept as text).
    pub status: Option<String>,
}

/// `microsoft.graph.managedIdentity`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedIdentity {
    /// `msiType`.
    pub msi_type: Option<MsiType>,
    /// `associatedResourceId`.
    pub associated_resource_id: Option<String>,
    /// `federatedTokenId`.
    pub federated_token_id: Option<String>,
    /// `federatedTokenIssuer`.
    pub federated_token_issuer: Option<String>,
}

/// `microsoft.graph.tokenProtectionStatusDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenProtectionStatusDetails {
    /// `signInSessionStatus`.
    pub sign_in_session_status: Option<TokenProtectionStatus>,
    /// `signInSessionStatusCode` (Int32).
    pub sign_in_session_status_code: Option<i64>,
}

/// `microsoft.graph.agentic.agentSignIn`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentSignIn {
    /// `agentType` (kept as text).
    pub agent_type: Option<String>,
    /// `agentSubjectType` (kept as text).
    pub agent_subject_type: Option<String>,
    /// `agentSubjectParentId`.
    pub agent_subject_parent_id: Option<String>,
    /// `parentAppId`.
    pub parent_app_id: Option<String>,
}
