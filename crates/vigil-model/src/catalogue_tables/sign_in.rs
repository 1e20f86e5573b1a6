//! Filterable fields of `signIn`: the v1.0 CSDL set (`Both`) and beta's additions
//! (`BetaOnly`), with nested single-valued paths and complex-collection element tables.

use super::{BOOL, DOUBLE, DT, INT, KEY_VALUE, S, STRINGS, beta, both};
use crate::catalogue::{Field, FieldType};
use crate::types::enums::{
    AppliedConditionalAccessPolicyResult, AuthenticationContextDetail,
    CONDITIONAL_ACCESS_CONDITIONS_MEMBERS, ClientCredentialType, ConditionalAccessStatus,
    ExpirationRequirement, MsiType, NetworkType, OriginalTransferMethods, PROTOCOL_TYPE_MEMBERS,
    RequirementProvider, RiskDetail, RiskLevel, RiskState, SIGN_IN_ACCESS_TYPE_MEMBERS,
    SignInIdentifierType, SignInUserType, TokenIssuerType, TokenProtectionStatus,
};

const RISK_LEVEL: FieldType = FieldType::Enum(RiskLevel::MEMBERS);
const TOKEN_PROTECTION: FieldType = FieldType::Enum(TokenProtectionStatus::MEMBERS);
const CA_CONDITIONS: FieldType = FieldType::Enum(CONDITIONAL_ACCESS_CONDITIONS_MEMBERS);

/// `microsoft.graph.conditionalAccessRuleSatisfied` elements.
const RULE_SATISFIED: &[Field] = &[
    beta("conditionalAccessCondition", CA_CONDITIONS),
    beta("ruleSatisfied", S),
];

/// `microsoft.graph.appliedConditionalAccessPolicy` elements.
const APPLIED_CA_POLICY: &[Field] = &[
    both("id", S),
    both("displayName", S),
    both(
        "result",
        FieldType::Enum(AppliedConditionalAccessPolicyResult::MEMBERS),
    ),
    both("enforcedGrantControls", STRINGS),
    both("enforcedSessionControls", STRINGS),
    beta("authenticationStrength/authenticationStrengthId", S),
    beta("authenticationStrength/authenticationStrengthResult", S),
    beta("authenticationStrength/displayName", S),
    beta("conditionsNotSatisfied", CA_CONDITIONS),
    beta("conditionsSatisfied", CA_CONDITIONS),
    beta(
        "excludeRulesSatisfied",
        FieldType::ComplexCollection(RULE_SATISFIED),
    ),
    beta(
        "includeRulesSatisfied",
        FieldType::ComplexCollection(RULE_SATISFIED),
    ),
    beta("sessionControlsNotSatisfied", STRINGS),
];

/// `microsoft.graph.authenticationDetail` elements.
const AUTHENTICATION_DETAIL: &[Field] = &[
    beta("authenticationMethod", S),
    beta("authenticationMethodDetail", S),
    beta("authenticationStepDateTime", DT),
    beta("authenticationStepRequirement", S),
    beta("authenticationStepResultDetail", S),
    beta("succeeded", BOOL),
];

/// `microsoft.graph.networkLocationDetail` elements.
const NETWORK_LOCATION_DETAIL: &[Field] = &[
    beta("networkNames", STRINGS),
    beta("networkType", FieldType::Enum(NetworkType::MEMBERS)),
];

/// `microsoft.graph.appliedAuthenticationEventListener` elements.
const EVENT_LISTENER: &[Field] = &[
    beta("eventType", S),
    beta("executedListenerId", S),
    beta("handlerResult", S),
];

/// `microsoft.graph.authenticationAppPolicyDetails` elements.
const APP_POLICY_DETAILS: &[Field] = &[
    beta("adminConfiguration", S),
    beta("authenticationEvaluation", S),
    beta("policyName", S),
    beta("status", S),
];

/// `microsoft.graph.authenticationContext` elements.
const AUTHENTICATION_CONTEXT: &[Field] = &[
    beta("id", S),
    beta(
        "detail",
        FieldType::Enum(AuthenticationContextDetail::MEMBERS),
    ),
];

/// `microsoft.graph.authenticationRequirementPolicy` elements.
const REQUIREMENT_POLICY: &[Field] = &[
    beta("detail", S),
    beta(
        "requirementProvider",
        FieldType::Enum(RequirementProvider::MEMBERS),
    ),
];

/// `microsoft.graph.sessionLifetimePolicy` elements.
const SESSION_LIFETIME_POLICY: &[Field] = &[
    beta("detail", S),
    beta(
        "expirationRequirement",
        FieldType::Enum(ExpirationRequirement::MEMBERS),
    ),
];

pub(super) static SIGN_IN: &[Field] = &[
    // v1.0 (CSDL 2026-08) and beta.
    both("id", S),
    both("createdDateTime", DT),
    both("userDisplayName", S),
    both("userPrincipalName", S),
    both("userId", S),
    both("appId", S),
    both("appDisplayName", S),
    both("ipAddress", S),
    both("clientAppUsed", S),
    both("correlationId", S),
    both(
        "conditionalAccessStatus",
        FieldType::Enum(ConditionalAccessStatus::MEMBERS),
    ),
    both("isInteractive", BOOL),
    both("riskDetail", FieldType::Enum(RiskDetail::MEMBERS)),
    both("riskLevelAggregated", RISK_LEVEL),
    both("riskLevelDuringSignIn", RISK_LEVEL),
    both("riskState", FieldType::Enum(RiskState::MEMBERS)),
    both("riskEventTypes", STRINGS),
    both("riskEventTypes_v2", STRINGS),
    both("resourceDisplayName", S),
    both("resourceId", S),
    both("homeTenantId", S),
    both("resourceTenantId", S),
    both("servicePrincipalId", S),
    both("servicePrincipalName", S),
    both("userAgent", S),
    both("status/errorCode", INT),
    both("status/failureReason", S),
    both("status/additionalDetails", S),
    both("deviceDetail/browser", S),
    both("deviceDetail/deviceId", S),
    both("deviceDetail/displayName", S),
    both("deviceDetail/isCompliant", BOOL),
    both("deviceDetail/isManaged", BOOL),
    both("deviceDetail/operatingSystem", S),
    both("deviceDetail/trustType", S),
    beta("deviceDetail/browserId", S),
    both("location/city", S),
    both("location/state", S),
    both("location/countryOrRegion", S),
    both("location/geoCoordinates/altitude", DOUBLE),
    both("location/geoCoordinates/latitude", DOUBLE),
    both("location/geoCoordinates/longitude", DOUBLE),
    both(
        "appliedConditionalAccessPolicies",
        FieldType::ComplexCollection(APPLIED_CA_POLICY),
    ),
    both("authenticationAppDeviceDetails/appVersion", S),
    both("authenticationAppDeviceDetails/clientApp", S),
    both("authenticationAppDeviceDetails/deviceId", S),
    both("authenticationAppDeviceDetails/operatingSystem", S),
    // beta only.
    beta("ipAddressFromResourceProvider", S),
    beta("originalRequestId", S),
    beta("tokenIssuerName", S),
    beta("tokenIssuerType", FieldType::Enum(TokenIssuerType::MEMBERS)),
    beta(
        "clientCredentialType",
        FieldType::Enum(ClientCredentialType::MEMBERS),
    ),
    beta("processingTimeInMilliseconds", INT),
    beta("homeTenantName", S),
    beta("authenticationMethodsUsed", STRINGS),
    beta("authenticationRequirement", S),
    beta("signInIdentifier", S),
    beta(
        "signInIdentifierType",
        FieldType::Enum(SignInIdentifierType::MEMBERS),
    ),
    beta("signInEventTypes", STRINGS),
    beta("federatedCredentialId", S),
    beta("userType", FieldType::Enum(SignInUserType::MEMBERS)),
    beta("flaggedForReview", BOOL),
    beta("isTenantRestricted", BOOL),
    beta("autonomousSystemNumber", INT),
    beta(
        "crossTenantAccessType",
        FieldType::Enum(SIGN_IN_ACCESS_TYPE_MEMBERS),
    ),
    beta("servicePrincipalCredentialKeyId", S),
    beta("servicePrincipalCredentialThumbprint", S),
    beta("uniqueTokenIdentifier", S),
    // Free text in Microsoft's own examples ("Primary Refresh Token"), so a string here.
    beta("incomingTokenType", S),
    beta(
        "authenticationProtocol",
        FieldType::Enum(PROTOCOL_TYPE_MEMBERS),
    ),
    beta("resourceServicePrincipalId", S),
    beta("signInTokenProtectionStatus", TOKEN_PROTECTION),
    beta("appTokenProtectionStatus", TOKEN_PROTECTION),
    beta(
        "originalTransferMethod",
        FieldType::Enum(OriginalTransferMethods::MEMBERS),
    ),
    beta("isThroughGlobalSecureAccess", BOOL),
    beta("globalSecureAccessIpAddress", S),
    beta("conditionalAccessAudiences", STRINGS),
    beta("sessionId", S),
    beta("appOwnerTenantId", S),
    beta("resourceOwnerTenantId", S),
    beta("azureResourceId", S),
    beta("clientSessionId", S),
    beta("mfaDetail/authMethod", S),
    beta("mfaDetail/authDetail", S),
    beta(
        "tokenProtectionStatusDetails/signInSessionStatus",
        TOKEN_PROTECTION,
    ),
    beta("tokenProtectionStatusDetails/signInSessionStatusCode", INT),
    beta("managedServiceIdentity/associatedResourceId", S),
    beta("managedServiceIdentity/federatedTokenId", S),
    beta("managedServiceIdentity/federatedTokenIssuer", S),
    beta(
        "managedServiceIdentity/msiType",
        FieldType::Enum(MsiType::MEMBERS),
    ),
    beta("privateLinkDetails/policyId", S),
    beta("privateLinkDetails/policyName", S),
    beta("privateLinkDetails/policyTenantId", S),
    beta("privateLinkDetails/resourceId", S),
    beta("agent/agentSubjectParentId", S),
    beta("agent/agentSubjectType", S),
    beta("agent/agentType", S),
    beta("agent/parentAppId", S),
    beta(
        "authenticationContextClassReferences",
        FieldType::ComplexCollection(AUTHENTICATION_CONTEXT),
    ),
    beta(
        "authenticationProcessingDetails",
        FieldType::ComplexCollection(KEY_VALUE),
    ),
    beta(
        "networkLocationDetails",
        FieldType::ComplexCollection(NETWORK_LOCATION_DETAIL),
    ),
    beta(
        "authenticationDetails",
        FieldType::ComplexCollection(AUTHENTICATION_DETAIL),
    ),
    beta(
        "authenticationRequirementPolicies",
        FieldType::ComplexCollection(REQUIREMENT_POLICY),
    ),
    beta(
        "sessionLifetimePolicies",
        FieldType::ComplexCollection(SESSION_LIFETIME_POLICY),
    ),
    beta(
        "appliedEventListeners",
        FieldType::ComplexCollection(EVENT_LISTENER),
    ),
    beta(
        "authenticationAppPolicyEvaluationDetails",
        FieldType::ComplexCollection(APP_POLICY_DETAILS),
    ),
];
