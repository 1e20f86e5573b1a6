//! [`SignIn`]: `microsoft.graph.signIn` as Vigil stores it, the beta superset (every beta Prod
//! property plus v1.0's deprecated `riskEventTypes`). Field order is the order Graph writes
//! them on beta; [`crate::render`] picks and orders the v1.0 subset.

use serde::{Deserialize, Serialize};

use super::common::{KeyValue, OpenObject, nullable_vec, object_or_array};
use super::enums::{
    ClientCredentialType, ConditionalAccessStatus, OriginalTransferMethods, RiskDetail,
    RiskEventType, RiskLevel, RiskState, SignInIdentifierType, SignInUserType, TokenIssuerType,
    TokenProtectionStatus,
};
use super::sign_in_beta::{
    AgentSignIn, AppliedAuthenticationEventListener, AuthenticationAppPolicyDetails,
    AuthenticationContext, AuthenticationDetail, AuthenticationRequirementPolicy, ManagedIdentity,
    MfaDetail, NetworkLocationDetail, PrivateLinkDetails, SessionLifetimePolicy,
    TokenProtectionStatusDetails,
};
use super::sign_in_details::{
    AppliedConditionalAccessPolicy, AuthenticationAppDeviceDetails, DeviceDetail, SignInLocation,
    SignInStatus,
};
use super::timestamp::Timestamp;

/// `microsoft.graph.signIn` (beta superset). Collections are empty when absent; flags enums
/// (`crossTenantAccessType`, `authenticationProtocol`) and `incomingTokenType` are text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignIn {
    pub id: String,
    pub created_date_time: Timestamp,
    pub user_display_name: Option<String>,
    pub user_principal_name: Option<String>,
    /// Not nullable; empty for service-principal and managed-identity sign-ins.
    pub user_id: String,
    pub app_id: Option<String>,
    pub app_display_name: Option<String>,
    pub ip_address: Option<String>,
    pub ip_address_from_resource_provider: Option<String>,
    pub client_app_used: Option<String>,
    pub user_agent: Option<String>,
    pub correlation_id: Option<String>,
    pub conditional_access_status: Option<ConditionalAccessStatus>,
    pub original_request_id: Option<String>,
    pub is_interactive: Option<bool>,
    pub token_issuer_name: Option<String>,
    pub token_issuer_type: Option<TokenIssuerType>,
    pub client_credential_type: Option<ClientCredentialType>,
    pub processing_time_in_milliseconds: Option<i64>,
    pub risk_detail: Option<RiskDetail>,
    pub risk_level_aggregated: Option<RiskLevel>,
    pub risk_level_during_sign_in: Option<RiskLevel>,
    pub risk_state: Option<RiskState>,
    /// Deprecated; v1.0 only on Graph (beta Prod dropped it), kept on both by Vigil.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub risk_event_types: Vec<RiskEventType>,
    #[serde(
        rename = "riskEventTypes_v2",
        default,
        deserialize_with = "nullable_vec"
    )]
    pub risk_event_types_v2: Vec<String>,
    pub resource_display_name: Option<String>,
    pub resource_id: Option<String>,
    pub resource_tenant_id: Option<String>,
    pub home_tenant_id: Option<String>,
    pub home_tenant_name: Option<String>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub authentication_methods_used: Vec<String>,
    pub authentication_requirement: Option<String>,
    pub sign_in_identifier: Option<String>,
    pub sign_in_identifier_type: Option<SignInIdentifierType>,
    pub service_principal_name: Option<String>,
    /// Checked against [`super::enums::SIGN_IN_EVENT_TYPES`] by validation.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub sign_in_event_types: Vec<String>,
    pub service_principal_id: Option<String>,
    pub federated_credential_id: Option<String>,
    pub user_type: Option<SignInUserType>,
    pub flagged_for_review: Option<bool>,
    pub is_tenant_restricted: Option<bool>,
    pub autonomous_system_number: Option<i64>,
    /// Flags `signInAccessType`, e.g. `"none"` or `"b2bCollaboration,passthrough"`.
    pub cross_tenant_access_type: Option<String>,
    pub service_principal_credential_key_id: Option<String>,
    pub service_principal_credential_thumbprint: Option<String>,
    pub unique_token_identifier: Option<String>,
    /// `incomingTokenType`: free text in Microsoft's examples (`"Primary Refresh Token"`).
    pub incoming_token_type: Option<String>,
    /// Flags `protocolType`.
    pub authentication_protocol: Option<String>,
    pub resource_service_principal_id: Option<String>,
    pub sign_in_token_protection_status: Option<TokenProtectionStatus>,
    pub app_token_protection_status: Option<TokenProtectionStatus>,
    pub original_transfer_method: Option<OriginalTransferMethods>,
    pub is_through_global_secure_access: Option<bool>,
    pub global_secure_access_ip_address: Option<String>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub conditional_access_audiences: Vec<String>,
    pub session_id: Option<String>,
    pub client_session_id: Option<String>,
    pub app_owner_tenant_id: Option<String>,
    pub resource_owner_tenant_id: Option<String>,
    pub azure_resource_id: Option<String>,
    pub mfa_detail: Option<MfaDetail>,
    pub status: Option<SignInStatus>,
    pub device_detail: Option<DeviceDetail>,
    pub location: Option<SignInLocation>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub applied_conditional_access_policies: Vec<AppliedConditionalAccessPolicy>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub authentication_context_class_references: Vec<AuthenticationContext>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub authentication_processing_details: Vec<KeyValue>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub network_location_details: Vec<NetworkLocationDetail>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub authentication_details: Vec<AuthenticationDetail>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub authentication_requirement_policies: Vec<AuthenticationRequirementPolicy>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub session_lifetime_policies: Vec<SessionLifetimePolicy>,
    pub private_link_details: Option<PrivateLinkDetails>,
    #[serde(default, deserialize_with = "nullable_vec")]
    pub applied_event_listeners: Vec<AppliedAuthenticationEventListener>,
    /// Microsoft's beta example spells it `authenticationAppPolicyDetails`; accepted as alias.
    #[serde(
        alias = "authenticationAppPolicyDetails",
        default,
        deserialize_with = "nullable_vec"
    )]
    pub authentication_app_policy_evaluation_details: Vec<AuthenticationAppPolicyDetails>,
    /// An object; Microsoft's beta example sends `[]`, read as `null`.
    #[serde(default, deserialize_with = "object_or_array")]
    pub authentication_app_device_details: Option<AuthenticationAppDeviceDetails>,
    pub managed_service_identity: Option<ManagedIdentity>,
    pub token_protection_status_details: Option<TokenProtectionStatusDetails>,
    pub agent: Option<AgentSignIn>,
    /// Producer properties Vigil does not know (served on beta only).
    #[serde(flatten)]
    pub extra: OpenObject,
}
