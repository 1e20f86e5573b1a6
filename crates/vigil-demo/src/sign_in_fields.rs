//! The top-level layout of a `signIn` record: every beta property in Graph's order, filled
//! into a cloned all-null template by position (much cheaper than building a map per record).

use std::sync::LazyLock;

use serde_json::{Value, json};

use crate::directory::Tenant;
use crate::sign_in_record::{MICROSOFT_TENANT, Risk};
use crate::util::{self, DemoRng, obj, s, st, ts};

pub fn empty_device() -> Value {
    obj([
        ("deviceId", s("")),
        ("displayName", s("")),
        ("operatingSystem", s("")),
        ("browser", s("")),
        ("isCompliant", Value::Bool(false)),
        ("isManaged", Value::Bool(false)),
        ("trustType", s("")),
    ])
}

/// Top-level `signIn` properties in the order records carry them.
const SIGN_IN_KEYS: [&str; 75] = [
    "id",
    "createdDateTime",
    "userDisplayName",
    "userPrincipalName",
    "userId",
    "appId",
    "appDisplayName",
    "ipAddress",
    "ipAddressFromResourceProvider",
    "clientAppUsed",
    "userAgent",
    "correlationId",
    "conditionalAccessStatus",
    "originalRequestId",
    "isInteractive",
    "tokenIssuerName",
    "tokenIssuerType",
    "clientCredentialType",
    "processingTimeInMilliseconds",
    "riskDetail",
    "riskLevelAggregated",
    "riskLevelDuringSignIn",
    "riskState",
    "riskEventTypes_v2",
    "resourceDisplayName",
    "resourceId",
    "resourceServicePrincipalId",
    "resourceTenantId",
    "resourceOwnerTenantId",
    "homeTenantId",
    "homeTenantName",
    "appOwnerTenantId",
    "authenticationMethodsUsed",
    "authenticationRequirement",
    "signInIdentifier",
    "signInIdentifierType",
    "signInEventTypes",
    "servicePrincipalId",
    "servicePrincipalName",
    "servicePrincipalCredentialKeyId",
    "servicePrincipalCredentialThumbprint",
    "federatedCredentialId",
    "userType",
    "flaggedForReview",
    "isTenantRestricted",
    "isThroughGlobalSecureAccess",
    "globalSecureAccessIpAddress",
    "autonomousSystemNumber",
    "crossTenantAccessType",
    "uniqueTokenIdentifier",
    "incomingTokenType",
    "authenticationProtocol",
    "originalTransferMethod",
    "sessionId",
    "azureResourceId",
    "conditionalAccessAudiences",
    "appTokenProtectionStatus",
    "signInTokenProtectionStatus",
    "tokenProtectionStatusDetails",
    "mfaDetail",
    "status",
    "deviceDetail",
    "location",
    "appliedConditionalAccessPolicies",
    "authenticationContextClassReferences",
    "authenticationProcessingDetails",
    "networkLocationDetails",
    "authenticationDetails",
    "authenticationRequirementPolicies",
    "sessionLifetimePolicies",
    "appliedEventListeners",
    "authenticationAppDeviceDetails",
    "authenticationAppPolicyEvaluationDetails",
    "managedServiceIdentity",
    "privateLinkDetails",
];

/// An all-null record with [`SIGN_IN_KEYS`]: records are clones of it with the values
/// filled in by position (no per-record key hashing).
static SIGN_IN_TEMPLATE: LazyLock<Value> =
    LazyLock::new(|| obj(SIGN_IN_KEYS.map(|k| (k, Value::Null))));

/// Every top-level value of a sign-in, in Graph's order.
pub struct Fields<'a> {
    pub id: &'a str,
    pub t: i64,
    pub user_display_name: Value,
    pub upn: Value,
    pub user_id: &'a str,
    pub app_id: &'a str,
    pub app_name: &'a str,
    pub ip: &'a str,
    pub client_app: &'a str,
    pub user_agent: &'a str,
    pub correlation_id: &'a str,
    pub ca_status: &'a str,
    pub original_request_id: &'a str,
    pub interactive: bool,
    pub credential_type: &'a str,
    pub processing_ms: i64,
    pub risk: Risk,
    pub resource: (&'a str, &'a str),
    pub home_tenant_id: &'a str,
    pub home_tenant_name: Value,
    pub methods_used: Value,
    pub requirement: &'a str,
    pub sign_in_identifier: Value,
    pub identifier_type: Value,
    pub event_type: &'a str,
    pub sp_id: &'a str,
    pub sp_name: Value,
    pub federated_id: Value,
    pub user_type: Value,
    pub cross_tenant: &'a str,
    pub asn: i64,
    pub sp_key_id: Value,
    pub sp_thumb: Value,
    pub incoming_token: &'a str,
    pub protocol: &'a str,
    pub session_id: Value,
    pub app_owner_tenant: String,
    pub azure_resource_id: Value,
    pub mfa_detail: Value,
    pub status: Value,
    pub device: Value,
    pub location: Value,
    pub policies: Value,
    pub processing: Value,
    pub network: Value,
    pub auth_details: Value,
    pub requirement_policies: Value,
    pub msi: Value,
}

impl Fields<'_> {
    pub fn into_value(self, tenant: &Tenant, rng: &mut DemoRng) -> Value {
        let resource_owner =
            if self.resource.1.starts_with("0000000") || self.resource.1.contains("-0000-0") {
                MICROSOFT_TENANT.to_owned()
            } else {
                self.app_owner_tenant.clone()
            };
        let values: [(&str, Value); SIGN_IN_KEYS.len()] = [
            ("id", s(self.id)),
            ("createdDateTime", st(ts(self.t))),
            ("userDisplayName", self.user_display_name),
            ("userPrincipalName", self.upn),
            ("userId", s(self.user_id)),
            ("appId", s(self.app_id)),
            ("appDisplayName", s(self.app_name)),
            ("ipAddress", s(self.ip)),
            ("ipAddressFromResourceProvider", Value::Null),
            ("clientAppUsed", s(self.client_app)),
            ("userAgent", s(self.user_agent)),
            ("correlationId", s(self.correlation_id)),
            ("conditionalAccessStatus", s(self.ca_status)),
            ("originalRequestId", s(self.original_request_id)),
            ("isInteractive", Value::Bool(self.interactive)),
            ("tokenIssuerName", s("")),
            ("tokenIssuerType", s("AzureAD")),
            ("clientCredentialType", s(self.credential_type)),
            ("processingTimeInMilliseconds", json!(self.processing_ms)),
            ("riskDetail", s(self.risk.detail)),
            ("riskLevelAggregated", s(self.risk.aggregated)),
            ("riskLevelDuringSignIn", s(self.risk.during)),
            ("riskState", s(self.risk.state)),
            (
                "riskEventTypes_v2",
                Value::Array(self.risk.events.iter().map(|e| s(e)).collect()),
            ),
            ("resourceDisplayName", s(self.resource.0)),
            ("resourceId", s(self.resource.1)),
            (
                "resourceServicePrincipalId",
                st(util::stable_guid(&tenant.id, self.resource.1)),
            ),
            ("resourceTenantId", s(&tenant.id)),
            ("resourceOwnerTenantId", st(resource_owner)),
            ("homeTenantId", s(self.home_tenant_id)),
            ("homeTenantName", self.home_tenant_name),
            ("appOwnerTenantId", st(self.app_owner_tenant)),
            ("authenticationMethodsUsed", self.methods_used),
            ("authenticationRequirement", s(self.requirement)),
            ("signInIdentifier", self.sign_in_identifier),
            ("signInIdentifierType", self.identifier_type),
            ("signInEventTypes", json!([self.event_type])),
            ("servicePrincipalId", s(self.sp_id)),
            ("servicePrincipalName", self.sp_name),
            ("servicePrincipalCredentialKeyId", self.sp_key_id),
            ("servicePrincipalCredentialThumbprint", self.sp_thumb),
            ("federatedCredentialId", self.federated_id),
            ("userType", self.user_type),
            ("flaggedForReview", Value::Bool(false)),
            ("isTenantRestricted", Value::Bool(false)),
            ("isThroughGlobalSecureAccess", Value::Bool(false)),
            ("globalSecureAccessIpAddress", Value::Null),
            ("autonomousSystemNumber", json!(self.asn)),
            ("crossTenantAccessType", s(self.cross_tenant)),
            ("uniqueTokenIdentifier", st(util::token_id(rng))),
            ("incomingTokenType", s(self.incoming_token)),
            ("authenticationProtocol", s(self.protocol)),
            ("originalTransferMethod", s("none")),
            ("sessionId", self.session_id),
            ("azureResourceId", self.azure_resource_id),
            ("conditionalAccessAudiences", json!([self.resource.1])),
            ("appTokenProtectionStatus", Value::Null),
            ("signInTokenProtectionStatus", s("none")),
            ("tokenProtectionStatusDetails", Value::Null),
            ("mfaDetail", self.mfa_detail),
            ("status", self.status),
            ("deviceDetail", self.device),
            ("location", self.location),
            ("appliedConditionalAccessPolicies", self.policies),
            ("authenticationContextClassReferences", json!([])),
            ("authenticationProcessingDetails", self.processing),
            ("networkLocationDetails", self.network),
            ("authenticationDetails", self.auth_details),
            (
                "authenticationRequirementPolicies",
                self.requirement_policies,
            ),
            ("sessionLifetimePolicies", json!([])),
            ("appliedEventListeners", json!([])),
            ("authenticationAppDeviceDetails", Value::Null),
            ("authenticationAppPolicyEvaluationDetails", json!([])),
            ("managedServiceIdentity", self.msi),
            ("privateLinkDetails", Value::Null),
        ];
        let mut record = SIGN_IN_TEMPLATE.clone();
        if let Value::Object(m) = &mut record {
            let mut late = Vec::new();
            for ((k, slot), (key, value)) in m.iter_mut().zip(values) {
                if k == key {
                    *slot = value;
                } else {
                    late.push((key, value));
                }
            }
            // Only reachable if the key table and this list disagree (a test guards it).
            for (key, value) in late {
                m.insert(key.to_owned(), value);
            }
        }
        record
    }
}
