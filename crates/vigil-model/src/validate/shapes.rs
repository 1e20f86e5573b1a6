//! The typed resources of [`crate::types`] as [`Shape`] tables for the one-pass validator.
//!
//! These tables mirror the serde structs by hand. Any drift shows at once: the canonical form
//! names every property (null when absent), so a missing, misspelt or misplaced entry makes
//! the one-pass output differ from the reference path's on every record, which the
//! equivalence tests (`vigil-demo`'s `one_pass` test and `vigil-model`'s property tests)
//! check.

use super::shape::{Shape, Ty, aliased, closed, f, open, required};
use crate::types::enums::{
    AppliedConditionalAccessPolicyResult, AuthenticationContextDetail, ClientCredentialType,
    ConditionalAccessStatus, ExpirationRequirement, GroupType, InitiatorType, MsiType, NetworkType,
    OperationResult, OriginalTransferMethods, ProvisioningAction, ProvisioningResult,
    ProvisioningStatusErrorCategory, ProvisioningStepType, RequirementProvider, RiskDetail,
    RiskEventType, RiskLevel, RiskState, SignInIdentifierType, SignInUserType, TokenIssuerType,
    TokenProtectionStatus,
};

use Ty::{Bool, Float, Int, Str, Time};

static KEY_VALUE: Shape = closed(&[f("key", Str), f("value", Str)]);

static MODIFIED_PROPERTY: Shape = closed(&[
    f("displayName", Str),
    f("oldValue", Str),
    f("newValue", Str),
]);

// ---- sign-ins -------------------------------------------------------------------------------

static MFA_DETAIL: Shape = closed(&[f("authMethod", Str), f("authDetail", Str)]);

static SIGN_IN_STATUS: Shape = closed(&[
    f("errorCode", Int),
    f("failureReason", Str),
    f("additionalDetails", Str),
]);

static DEVICE_DETAIL: Shape = closed(&[
    f("deviceId", Str),
    f("displayName", Str),
    f("operatingSystem", Str),
    f("browser", Str),
    f("isCompliant", Bool),
    f("isManaged", Bool),
    f("trustType", Str),
    f("browserId", Str),
]);

static GEO_COORDINATES: Shape = closed(&[
    f("altitude", Float),
    f("latitude", Float),
    f("longitude", Float),
]);

static SIGN_IN_LOCATION: Shape = closed(&[
    f("city", Str),
    f("state", Str),
    f("countryOrRegion", Str),
    f("geoCoordinates", Ty::Struct(&GEO_COORDINATES)),
]);

static RULE_SATISFIED: Shape = closed(&[
    f("conditionalAccessCondition", Str),
    f("ruleSatisfied", Str),
]);

static AUTHENTICATION_STRENGTH: Shape = closed(&[
    f("authenticationStrengthId", Str),
    f("authenticationStrengthResult", Str),
    f("displayName", Str),
]);

static APPLIED_POLICY: Shape = closed(&[
    f("id", Str),
    f("displayName", Str),
    f("enforcedGrantControls", Ty::List(&Str)),
    f("enforcedSessionControls", Ty::List(&Str)),
    f(
        "result",
        Ty::Enum(AppliedConditionalAccessPolicyResult::MEMBERS),
    ),
    f("sessionControlsNotSatisfied", Ty::List(&Str)),
    f("conditionsSatisfied", Str),
    f("conditionsNotSatisfied", Str),
    f(
        "includeRulesSatisfied",
        Ty::List(&Ty::Struct(&RULE_SATISFIED)),
    ),
    f(
        "excludeRulesSatisfied",
        Ty::List(&Ty::Struct(&RULE_SATISFIED)),
    ),
    f(
        "authenticationStrength",
        Ty::Struct(&AUTHENTICATION_STRENGTH),
    ),
]);

static AUTHENTICATION_CONTEXT: Shape = closed(&[
    f("id", Str),
    f("detail", Ty::Enum(AuthenticationContextDetail::MEMBERS)),
]);

static NETWORK_LOCATION_DETAIL: Shape = closed(&[
    f("networkType", Ty::Enum(NetworkType::MEMBERS)),
    f("networkNames", Ty::List(&Str)),
]);

static AUTHENTICATION_DETAIL: Shape = closed(&[
    f("authenticationStepDateTime", Time),
    f("authenticationMethod", Str),
    f("authenticationMethodDetail", Str),
    f("succeeded", Bool),
    f("authenticationStepResultDetail", Str),
    f("authenticationStepRequirement", Str),
]);

static REQUIREMENT_POLICY: Shape = closed(&[
    f(
        "requirementProvider",
        Ty::Enum(RequirementProvider::MEMBERS),
    ),
    f("detail", Str),
]);

static SESSION_LIFETIME_POLICY: Shape = closed(&[
    f(
        "expirationRequirement",
        Ty::Enum(ExpirationRequirement::MEMBERS),
    ),
    f("detail", Str),
]);

static PRIVATE_LINK_DETAILS: Shape = closed(&[
    f("policyId", Str),
    f("policyName", Str),
    f("resourceId", Str),
    f("policyTenantId", Str),
]);

static EVENT_LISTENER: Shape = closed(&[
    f("eventType", Str),
    f("executedListenerId", Str),
    f("handlerResult", Ty::Any),
]);

static APP_POLICY_DETAILS: Shape = closed(&[
    f("adminConfiguration", Str),
    f("authenticationEvaluation", Str),
    f("policyName", Str),
    f("status", Str),
]);

static APP_DEVICE_DETAILS: Shape = closed(&[
    f("appVersion", Str),
    f("clientApp", Str),
    f("deviceId", Str),
    f("operatingSystem", Str),
]);

static MANAGED_IDENTITY: Shape = closed(&[
    f("msiType", Ty::Enum(MsiType::MEMBERS)),
    f("associatedResourceId", Str),
    f("federatedTokenId", Str),
    f("federatedTokenIssuer", Str),
]);

static TOKEN_PROTECTION_DETAILS: Shape = closed(&[
    f(
        "signInSessionStatus",
        Ty::Enum(TokenProtectionStatus::MEMBERS),
    ),
    f("signInSessionStatusCode", Int),
]);

static AGENT: Shape = closed(&[
    f("agentType", Str),
    f("agentSubjectType", Str),
    f("agentSubjectParentId", Str),
    f("parentAppId", Str),
]);

/// `signIn`, beta superset ([`crate::types::SignIn`]).
pub(super) static SIGN_IN: Shape = open(&[
    required("id", Str),
    required("createdDateTime", Time),
    f("userDisplayName", Str),
    f("userPrincipalName", Ty::Upn),
    required("userId", Str),
    f("appId", Str),
    f("appDisplayName", Str),
    f("ipAddress", Str),
    f("ipAddressFromResourceProvider", Str),
    f("clientAppUsed", Str),
    f("userAgent", Str),
    f("correlationId", Str),
    f(
        "conditionalAccessStatus",
        Ty::Enum(ConditionalAccessStatus::MEMBERS),
    ),
    f("originalRequestId", Str),
    f("isInteractive", Ty::IsInteractive),
    f("tokenIssuerName", Str),
    f("tokenIssuerType", Ty::Enum(TokenIssuerType::MEMBERS)),
    f(
        "clientCredentialType",
        Ty::Enum(ClientCredentialType::MEMBERS),
    ),
    f("processingTimeInMilliseconds", Int),
    f("riskDetail", Ty::Enum(RiskDetail::MEMBERS)),
    f("riskLevelAggregated", Ty::Enum(RiskLevel::MEMBERS)),
    f("riskLevelDuringSignIn", Ty::Enum(RiskLevel::MEMBERS)),
    f("riskState", Ty::Enum(RiskState::MEMBERS)),
    f(
        "riskEventTypes",
        Ty::List(&Ty::Enum(RiskEventType::MEMBERS)),
    ),
    f("riskEventTypes_v2", Ty::List(&Str)),
    f("resourceDisplayName", Str),
    f("resourceId", Str),
    f("resourceTenantId", Str),
    f("homeTenantId", Str),
    f("homeTenantName", Str),
    f("authenticationMethodsUsed", Ty::List(&Str)),
    f("authenticationRequirement", Str),
    f("signInIdentifier", Str),
    f(
        "signInIdentifierType",
        Ty::Enum(SignInIdentifierType::MEMBERS),
    ),
    f("servicePrincipalName", Str),
    f("signInEventTypes", Ty::EventTypes),
    f("servicePrincipalId", Str),
    f("federatedCredentialId", Str),
    f("userType", Ty::Enum(SignInUserType::MEMBERS)),
    f("flaggedForReview", Bool),
    f("isTenantRestricted", Bool),
    f("autonomousSystemNumber", Int),
    f("crossTenantAccessType", Str),
    f("servicePrincipalCredentialKeyId", Str),
    f("servicePrincipalCredentialThumbprint", Str),
    f("uniqueTokenIdentifier", Str),
    f("incomingTokenType", Str),
    f("authenticationProtocol", Str),
    f("resourceServicePrincipalId", Str),
    f(
        "signInTokenProtectionStatus",
        Ty::Enum(TokenProtectionStatus::MEMBERS),
    ),
    f(
        "appTokenProtectionStatus",
        Ty::Enum(TokenProtectionStatus::MEMBERS),
    ),
    f(
        "originalTransferMethod",
        Ty::Enum(OriginalTransferMethods::MEMBERS),
    ),
    f("isThroughGlobalSecureAccess", Bool),
    f("globalSecureAccessIpAddress", Str),
    f("conditionalAccessAudiences", Ty::List(&Str)),
    f("sessionId", Str),
    f("clientSessionId", Str),
    f("appOwnerTenantId", Str),
    f("resourceOwnerTenantId", Str),
    f("azureResourceId", Str),
    f("mfaDetail", Ty::Struct(&MFA_DETAIL)),
    f("status", Ty::Struct(&SIGN_IN_STATUS)),
    f("deviceDetail", Ty::Struct(&DEVICE_DETAIL)),
    f("location", Ty::Struct(&SIGN_IN_LOCATION)),
    f(
        "appliedConditionalAccessPolicies",
        Ty::List(&Ty::Struct(&APPLIED_POLICY)),
    ),
    f(
        "authenticationContextClassReferences",
        Ty::List(&Ty::Struct(&AUTHENTICATION_CONTEXT)),
    ),
    f(
        "authenticationProcessingDetails",
        Ty::List(&Ty::Struct(&KEY_VALUE)),
    ),
    f(
        "networkLocationDetails",
        Ty::List(&Ty::Struct(&NETWORK_LOCATION_DETAIL)),
    ),
    f(
        "authenticationDetails",
        Ty::List(&Ty::Struct(&AUTHENTICATION_DETAIL)),
    ),
    f(
        "authenticationRequirementPolicies",
        Ty::List(&Ty::Struct(&REQUIREMENT_POLICY)),
    ),
    f(
        "sessionLifetimePolicies",
        Ty::List(&Ty::Struct(&SESSION_LIFETIME_POLICY)),
    ),
    f("privateLinkDetails", Ty::Struct(&PRIVATE_LINK_DETAILS)),
    f(
        "appliedEventListeners",
        Ty::List(&Ty::Struct(&EVENT_LISTENER)),
    ),
    aliased(
        "authenticationAppPolicyEvaluationDetails",
        "authenticationAppPolicyDetails",
        Ty::List(&Ty::Struct(&APP_POLICY_DETAILS)),
    ),
    f(
        "authenticationAppDeviceDetails",
        Ty::StructOrArray(&APP_DEVICE_DETAILS),
    ),
    f("managedServiceIdentity", Ty::Struct(&MANAGED_IDENTITY)),
    f(
        "tokenProtectionStatusDetails",
        Ty::Struct(&TOKEN_PROTECTION_DETAILS),
    ),
    f("agent", Ty::Struct(&AGENT)),
]);

// ---- directory audits and custom security attribute audits ----------------------------------

static USER_IDENTITY: Shape = open(&[
    f("id", Str),
    f("displayName", Str),
    f("userPrincipalName", Str),
    f("ipAddress", Str),
]);

static APP_IDENTITY: Shape = closed(&[
    f("appId", Str),
    f("displayName", Str),
    f("servicePrincipalId", Str),
    f("servicePrincipalName", Str),
]);

static AUDIT_INITIATOR: Shape = closed(&[
    f("user", Ty::Struct(&USER_IDENTITY)),
    f("app", Ty::Struct(&APP_IDENTITY)),
    f("linkableIdentifiers", Ty::OpenObject),
]);

static TARGET_RESOURCE: Shape = closed(&[
    f("id", Str),
    f("displayName", Str),
    aliased("type", "Type", Str),
    f("userPrincipalName", Str),
    f("groupType", Ty::Enum(GroupType::MEMBERS)),
    f(
        "modifiedProperties",
        Ty::List(&Ty::Struct(&MODIFIED_PROPERTY)),
    ),
]);

/// `directoryAudit` and `customSecurityAttributeAudit` ([`crate::types::DirectoryAudit`]).
pub(super) static DIRECTORY_AUDIT: Shape = open(&[
    required("id", Str),
    f("category", Str),
    f("correlationId", Str),
    f("result", Ty::Enum(OperationResult::MEMBERS)),
    f("resultReason", Str),
    f("activityDisplayName", Str),
    required("activityDateTime", Time),
    f("loggedByService", Str),
    f("operationType", Str),
    f("userAgent", Str),
    f("initiatedBy", Ty::Struct(&AUDIT_INITIATOR)),
    f("targetResources", Ty::List(&Ty::Struct(&TARGET_RESOURCE))),
    f("additionalDetails", Ty::List(&Ty::Struct(&KEY_VALUE))),
]);

// ---- provisioning -----------------------------------------------------------------------------

static INITIATOR: Shape = open(&[
    f("id", Str),
    f("displayName", Str),
    aliased(
        "initiatorType",
        "initiatingType",
        Ty::Enum(InitiatorType::MEMBERS),
    ),
]);

static PROVISIONED_IDENTITY: Shape = open(&[
    f("id", Str),
    f("displayName", Str),
    f("identityType", Str),
    f("details", Ty::OpenObject),
]);

static PROVISIONING_SYSTEM: Shape = open(&[
    f("id", Str),
    f("displayName", Str),
    f("details", Ty::OpenObject),
]);

static PROVISIONING_SERVICE_PRINCIPAL: Shape = open(&[f("id", Str), f("displayName", Str)]);

static PROVISIONING_STEP: Shape = closed(&[
    f("name", Str),
    f(
        "provisioningStepType",
        Ty::Enum(ProvisioningStepType::MEMBERS),
    ),
    f("status", Ty::Enum(ProvisioningResult::MEMBERS)),
    f("description", Str),
    f("details", Ty::OpenObject),
]);

static ERROR_INFO: Shape = closed(&[
    f("errorCode", Str),
    f(
        "errorCategory",
        Ty::Enum(ProvisioningStatusErrorCategory::MEMBERS),
    ),
    f("reason", Str),
    f("additionalDetails", Str),
    f("recommendedAction", Str),
]);

static PROVISIONING_STATUS_INFO: Shape = closed(&[
    f("status", Ty::Enum(ProvisioningResult::MEMBERS)),
    f("errorInformation", Ty::Struct(&ERROR_INFO)),
]);

static STATUS_INFO: Shape = open(&[f("status", Ty::Enum(ProvisioningResult::MEMBERS))]);

/// `provisioningObjectSummary` ([`crate::types::ProvisioningObjectSummary`]).
pub(super) static PROVISIONING: Shape = open(&[
    required("id", Str),
    required("activityDateTime", Time),
    f("tenantId", Str),
    f("jobId", Str),
    f("cycleId", Str),
    f("changeId", Str),
    f("action", Str),
    f("provisioningAction", Ty::Enum(ProvisioningAction::MEMBERS)),
    f("durationInMilliseconds", Int),
    f("initiatedBy", Ty::Struct(&INITIATOR)),
    f("sourceIdentity", Ty::Struct(&PROVISIONED_IDENTITY)),
    f("targetIdentity", Ty::Struct(&PROVISIONED_IDENTITY)),
    f("sourceSystem", Ty::Struct(&PROVISIONING_SYSTEM)),
    f("targetSystem", Ty::Struct(&PROVISIONING_SYSTEM)),
    f(
        "servicePrincipal",
        Ty::Struct(&PROVISIONING_SERVICE_PRINCIPAL),
    ),
    f(
        "modifiedProperties",
        Ty::List(&Ty::Struct(&MODIFIED_PROPERTY)),
    ),
    f(
        "provisioningSteps",
        Ty::List(&Ty::Struct(&PROVISIONING_STEP)),
    ),
    f("statusInfo", Ty::Struct(&STATUS_INFO)),
    f(
        "provisioningStatusInfo",
        Ty::Struct(&PROVISIONING_STATUS_INFO),
    ),
]);
