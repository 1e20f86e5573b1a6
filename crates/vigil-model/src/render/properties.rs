//! Top-level property names of each log per API version, in the order Graph writes them, and
//! `$select` resolution against them.

use crate::kind::{ApiVersion, LogKind};

/// `signIn` on `/v1.0`: the CSDL set (2026-08), including the deprecated `riskEventTypes`.
static SIGN_IN_V1: &[&str] = &[
    "id",
    "createdDateTime",
    "userDisplayName",
    "userPrincipalName",
    "userId",
    "appId",
    "appDisplayName",
    "ipAddress",
    "clientAppUsed",
    "userAgent",
    "correlationId",
    "conditionalAccessStatus",
    "isInteractive",
    "riskDetail",
    "riskLevelAggregated",
    "riskLevelDuringSignIn",
    "riskState",
    "riskEventTypes",
    "riskEventTypes_v2",
    "resourceDisplayName",
    "resourceId",
    "resourceTenantId",
    "homeTenantId",
    "servicePrincipalName",
    "servicePrincipalId",
    "status",
    "deviceDetail",
    "location",
    "appliedConditionalAccessPolicies",
    "authenticationAppDeviceDetails",
];

/// `signIn` on `/beta`: every property of [`crate::types::SignIn`], in its field order.
static SIGN_IN_BETA: &[&str] = &[
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
    "riskEventTypes",
    "riskEventTypes_v2",
    "resourceDisplayName",
    "resourceId",
    "resourceTenantId",
    "homeTenantId",
    "homeTenantName",
    "authenticationMethodsUsed",
    "authenticationRequirement",
    "signInIdentifier",
    "signInIdentifierType",
    "servicePrincipalName",
    "signInEventTypes",
    "servicePrincipalId",
    "federatedCredentialId",
    "userType",
    "flaggedForReview",
    "isTenantRestricted",
    "autonomousSystemNumber",
    "crossTenantAccessType",
    "servicePrincipalCredentialKeyId",
    "servicePrincipalCredentialThumbprint",
    "uniqueTokenIdentifier",
    "incomingTokenType",
    "authenticationProtocol",
    "resourceServicePrincipalId",
    "signInTokenProtectionStatus",
    "appTokenProtectionStatus",
    "originalTransferMethod",
    "isThroughGlobalSecureAccess",
    "globalSecureAccessIpAddress",
    "conditionalAccessAudiences",
    "sessionId",
    "clientSessionId",
    "appOwnerTenantId",
    "resourceOwnerTenantId",
    "azureResourceId",
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
    "privateLinkDetails",
    "appliedEventListeners",
    "authenticationAppPolicyEvaluationDetails",
    "authenticationAppDeviceDetails",
    "managedServiceIdentity",
    "tokenProtectionStatusDetails",
    "agent",
];

static DIRECTORY_AUDIT_V1: &[&str] = &[
    "id",
    "category",
    "correlationId",
    "result",
    "resultReason",
    "activityDisplayName",
    "activityDateTime",
    "loggedByService",
    "operationType",
    "initiatedBy",
    "targetResources",
    "additionalDetails",
];

/// Beta `directoryAudit` and `customSecurityAttributeAudit`.
static AUDIT_BETA: &[&str] = &[
    "id",
    "category",
    "correlationId",
    "result",
    "resultReason",
    "activityDisplayName",
    "activityDateTime",
    "loggedByService",
    "operationType",
    "userAgent",
    "initiatedBy",
    "targetResources",
    "additionalDetails",
];

static PROVISIONING_V1: &[&str] = &[
    "id",
    "activityDateTime",
    "tenantId",
    "jobId",
    "cycleId",
    "changeId",
    "provisioningAction",
    "durationInMilliseconds",
    "initiatedBy",
    "sourceIdentity",
    "targetIdentity",
    "sourceSystem",
    "targetSystem",
    "servicePrincipal",
    "modifiedProperties",
    "provisioningSteps",
    "provisioningStatusInfo",
];

static PROVISIONING_BETA: &[&str] = &[
    "id",
    "activityDateTime",
    "tenantId",
    "jobId",
    "cycleId",
    "changeId",
    "action",
    "provisioningAction",
    "durationInMilliseconds",
    "initiatedBy",
    "sourceIdentity",
    "targetIdentity",
    "sourceSystem",
    "targetSystem",
    "servicePrincipal",
    "modifiedProperties",
    "provisioningSteps",
    "statusInfo",
    "provisioningStatusInfo",
];

/// The top-level property names of `kind` on `version`, in Graph's order. The
/// customSecurityAttributeAudit log exists only on beta; its beta list is returned for both.
pub fn properties(kind: LogKind, version: ApiVersion) -> &'static [&'static str] {
    match (kind, version) {
        (LogKind::SignIn, ApiVersion::V1) => SIGN_IN_V1,
        (LogKind::SignIn, ApiVersion::Beta) => SIGN_IN_BETA,
        (LogKind::DirectoryAudit, ApiVersion::V1) => DIRECTORY_AUDIT_V1,
        (LogKind::DirectoryAudit, ApiVersion::Beta) => AUDIT_BETA,
        (LogKind::Provisioning, ApiVersion::V1) => PROVISIONING_V1,
        (LogKind::Provisioning, ApiVersion::Beta) => PROVISIONING_BETA,
        (LogKind::CustomSecurityAttributeAudit, _) => AUDIT_BETA,
    }
}

/// Parses a `$select` value: comma-separated names, surrounding whitespace ignored, matched
/// case-insensitively and returned in their canonical spelling without duplicates (first
/// occurrence wins). `*`, or a value naming nothing, selects every property of the version.
/// An unknown name gives Graph's message, e.g.
/// `Could not find a property named 'foo' on type 'microsoft.graph.signIn'.`
pub fn resolve_select(
    kind: LogKind,
    version: ApiVersion,
    names: &str,
) -> Result<Vec<String>, String> {
    let known = properties(kind, version);
    let mut selected: Vec<String> = Vec::new();
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "*" {
            return Ok(known.iter().map(|p| (*p).to_owned()).collect());
        }
        let canonical = known
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!(
                    "Could not find a property named '{name}' on type '{}'.",
                    kind.entity_type()
                )
            })?;
        if !selected.iter().any(|s| s == canonical) {
            selected.push((*canonical).to_owned());
        }
    }
    if selected.is_empty() {
        return Ok(known.iter().map(|p| (*p).to_owned()).collect());
    }
    Ok(selected)
}
