//! Every Graph enum the four activity logs use, with all members in schema order
//! (members after `unknownFutureValue` are evolvable: see [`crate::render`]).
//!
//! Flags enums (`protocolType`, `signInAccessType`, `conditionalAccessConditions`) and
//! `incomingTokenType` (which Microsoft's own examples fill with free text such as
//! `"Primary Refresh Token"`) are kept as strings in the typed records; their member lists
//! are the `*_MEMBERS` constants here, used by the field catalogue and by rendering.

use super::enum_macro::graph_enum;

graph_enum! {
    /// `microsoft.graph.conditionalAccessStatus`.
    ConditionalAccessStatus {
        Success = "success",
        Failure = "failure",
        NotApplied = "notApplied",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.appliedConditionalAccessPolicyResult`.
    AppliedConditionalAccessPolicyResult {
        Success = "success",
        Failure = "failure",
        NotApplied = "notApplied",
        NotEnabled = "notEnabled",
        Unknown = "unknown",
        UnknownFutureValue = "unknownFutureValue",
        ReportOnlySuccess = "reportOnlySuccess",
        ReportOnlyFailure = "reportOnlyFailure",
        ReportOnlyNotApplied = "reportOnlyNotApplied",
        ReportOnlyInterrupted = "reportOnlyInterrupted",
    }
}

graph_enum! {
    /// `microsoft.graph.riskLevel`.
    RiskLevel {
        Low = "low",
        Medium = "medium",
        High = "high",
        Hidden = "hidden",
        None = "none",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.riskState`.
    RiskState {
        None = "none",
        ConfirmedSafe = "confirmedSafe",
        Remediated = "remediated",
        Dismissed = "dismissed",
        AtRisk = "atRisk",
        ConfirmedCompromised = "confirmedCompromised",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.riskDetail` (v1.0 members, then beta's agent members).
    RiskDetail {
        None = "none",
        AdminGeneratedTemporaryPassword = "adminGeneratedTemporaryPassword",
        UserPerformedSecuredPasswordChange = "userPerformedSecuredPasswordChange",
        UserPerformedSecuredPasswordReset = "userPerformedSecuredPasswordReset",
        AdminConfirmedSigninSafe = "adminConfirmedSigninSafe",
        AiConfirmedSigninSafe = "aiConfirmedSigninSafe",
        UserPassedMfaDrivenByRiskBasedPolicy = "userPassedMFADrivenByRiskBasedPolicy",
        AdminDismissedAllRiskForUser = "adminDismissedAllRiskForUser",
        AdminConfirmedSigninCompromised = "adminConfirmedSigninCompromised",
        Hidden = "hidden",
        AdminConfirmedUserCompromised = "adminConfirmedUserCompromised",
        UnknownFutureValue = "unknownFutureValue",
        M365DAdminDismissedDetection = "m365DAdminDismissedDetection",
        AdminConfirmedServicePrincipalCompromised = "adminConfirmedServicePrincipalCompromised",
        AdminDismissedAllRiskForServicePrincipal = "adminDismissedAllRiskForServicePrincipal",
        UserChangedPasswordOnPremises = "userChangedPasswordOnPremises",
        AdminDismissedRiskForSignIn = "adminDismissedRiskForSignIn",
        AdminConfirmedAccountSafe = "adminConfirmedAccountSafe",
        MicrosoftRevokedSessions = "microsoftRevokedSessions",
        AdminConfirmedAgentCompromised = "adminConfirmedAgentCompromised",
        AdminConfirmedAgentSafe = "adminConfirmedAgentSafe",
        AdminDismissedRiskForAgent = "adminDismissedRiskForAgent",
    }
}

graph_enum! {
    /// `microsoft.graph.riskEventType` (the deprecated `riskEventTypes` collection).
    RiskEventType {
        UnlikelyTravel = "unlikelyTravel",
        AnonymizedIpAddress = "anonymizedIPAddress",
        MaliciousIpAddress = "maliciousIPAddress",
        UnfamiliarFeatures = "unfamiliarFeatures",
        MalwareInfectedIpAddress = "malwareInfectedIPAddress",
        SuspiciousIpAddress = "suspiciousIPAddress",
        LeakedCredentials = "leakedCredentials",
        InvestigationsThreatIntelligence = "investigationsThreatIntelligence",
        Generic = "generic",
        AdminConfirmedUserCompromised = "adminConfirmedUserCompromised",
        McasImpossibleTravel = "mcasImpossibleTravel",
        McasSuspiciousInboxManipulationRules = "mcasSuspiciousInboxManipulationRules",
        InvestigationsThreatIntelligenceSigninLinked = "investigationsThreatIntelligenceSigninLinked",
        MaliciousIpAddressValidCredentialsBlockedIp = "maliciousIPAddressValidCredentialsBlockedIP",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.tokenIssuerType` (note Graph's capitalised members).
    TokenIssuerType {
        AzureAd = "AzureAD",
        AdFederationServices = "ADFederationServices",
        UnknownFutureValue = "UnknownFutureValue",
        AzureAdBackupAuth = "AzureADBackupAuth",
        AdFederationServicesMfaAdapter = "ADFederationServicesMFAAdapter",
        NpsExtension = "NPSExtension",
    }
}

graph_enum! {
    /// `microsoft.graph.signInIdentifierType`.
    SignInIdentifierType {
        UserPrincipalName = "userPrincipalName",
        PhoneNumber = "phoneNumber",
        ProxyAddress = "proxyAddress",
        QrCode = "qrCode",
        OnPremisesUserPrincipalName = "onPremisesUserPrincipalName",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.signInUserType`.
    SignInUserType {
        Member = "member",
        Guest = "guest",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.tokenProtectionStatus`.
    TokenProtectionStatus {
        None = "none",
        Bound = "bound",
        Unbound = "unbound",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.originalTransferMethods`.
    OriginalTransferMethods {
        None = "none",
        DeviceCodeFlow = "deviceCodeFlow",
        AuthenticationTransfer = "authenticationTransfer",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.clientCredentialType`.
    ClientCredentialType {
        None = "none",
        ClientSecret = "clientSecret",
        ClientAssertion = "clientAssertion",
        FederatedIdentityCredential = "federatedIdentityCredential",
        ManagedIdentity = "managedIdentity",
        Certificate = "certificate",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.networkType`.
    NetworkType {
        Intranet = "intranet",
        Extranet = "extranet",
        NamedNetwork = "namedNetwork",
        Trusted = "trusted",
        UnknownFutureValue = "unknownFutureValue",
        TrustedNamedLocation = "trustedNamedLocation",
    }
}

graph_enum! {
    /// `microsoft.graph.msiType`.
    MsiType {
        None = "none",
        UserAssigned = "userAssigned",
        SystemAssigned = "systemAssigned",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.requirementProvider`.
    RequirementProvider {
        User = "user",
        Request = "request",
        ServicePrincipal = "servicePrincipal",
        V1ConditionalAccess = "v1ConditionalAccess",
        MultiConditionalAccess = "multiConditionalAccess",
        TenantSessionRiskPolicy = "tenantSessionRiskPolicy",
        AccountCompromisePolicies = "accountCompromisePolicies",
        V1ConditionalAccessDependency = "v1ConditionalAccessDependency",
        V1ConditionalAccessPolicyIdRequested = "v1ConditionalAccessPolicyIdRequested",
        MfaRegistrationRequiredByIdentityProtectionPolicy =
            "mfaRegistrationRequiredByIdentityProtectionPolicy",
        BaselineProtection = "baselineProtection",
        MfaRegistrationRequiredByBaselineProtection = "mfaRegistrationRequiredByBaselineProtection",
        MfaRegistrationRequiredByMultiConditionalAccess =
            "mfaRegistrationRequiredByMultiConditionalAccess",
        EnforcedForCspAdmins = "enforcedForCspAdmins",
        SecurityDefaults = "securityDefaults",
        MfaRegistrationRequiredBySecurityDefaults = "mfaRegistrationRequiredBySecurityDefaults",
        ProofUpCodeRequest = "proofUpCodeRequest",
        CrossTenantOutboundRule = "crossTenantOutboundRule",
        GpsLocationCondition = "gpsLocationCondition",
        RiskBasedPolicy = "riskBasedPolicy",
        UnknownFutureValue = "unknownFutureValue",
        AuthenticationStrengths = "authenticationStrengths",
        ScopeBasedAuthRequirementPolicy = "scopeBasedAuthRequirementPolicy",
    }
}

graph_enum! {
    /// `microsoft.graph.expirationRequirement`.
    ExpirationRequirement {
        RememberMultifactorAuthenticationOnTrustedDevices =
            "rememberMultifactorAuthenticationOnTrustedDevices",
        TenantTokenLifetimePolicy = "tenantTokenLifetimePolicy",
        AudienceTokenLifetimePolicy = "audienceTokenLifetimePolicy",
        SignInFrequencyPeriodicReauthentication = "signInFrequencyPeriodicReauthentication",
        NgcMfa = "ngcMfa",
        SignInFrequencyEveryTime = "signInFrequencyEveryTime",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.authenticationContextDetail`.
    AuthenticationContextDetail {
        Required = "required",
        PreviouslySatisfied = "previouslySatisfied",
        NotApplicable = "notApplicable",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.operationResult` (directory and custom security attribute audits).
    OperationResult {
        Success = "success",
        Failure = "failure",
        Timeout = "timeout",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.groupType` (on `targetResource`).
    GroupType {
        UnifiedGroups = "unifiedGroups",
        AzureAd = "azureAD",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.initiatorType` (provisioning `initiatedBy`).
    InitiatorType {
        User = "user",
        Application = "application",
        System = "system",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.provisioningAction`.
    ProvisioningAction {
        Other = "other",
        Create = "create",
        Delete = "delete",
        Disable = "disable",
        Update = "update",
        StagedDelete = "stagedDelete",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.provisioningResult`.
    ProvisioningResult {
        Success = "success",
        Failure = "failure",
        Skipped = "skipped",
        Warning = "warning",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.provisioningStepType`.
    ProvisioningStepType {
        Import = "import",
        Scoping = "scoping",
        Matching = "matching",
        Processing = "processing",
        ReferenceResolution = "referenceResolution",
        Export = "export",
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// `microsoft.graph.provisioningStatusErrorCategory`.
    ProvisioningStatusErrorCategory {
        Failure = "failure",
        NonServiceFailure = "nonServiceFailure",
        Success = "success",
        UnknownFutureValue = "unknownFutureValue",
    }
}

/// Members of the flags enum `microsoft.graph.protocolType` (beta `authenticationProtocol`).
pub const PROTOCOL_TYPE_MEMBERS: &[&str] = &[
    "none",
    "oAuth2",
    "ropc",
    "wsFederation",
    "saml20",
    "deviceCode",
    "unknownFutureValue",
    "authenticationTransfer",
    "nativeAuth",
    "implicitAccessTokenAndGetResponseMode",
    "implicitIdTokenAndGetResponseMode",
    "implicitAccessTokenAndPostResponseMode",
    "implicitIdTokenAndPostResponseMode",
    "authorizationCodeWithoutPkce",
    "authorizationCodeWithPkce",
    "clientCredentials",
    "refreshTokenGrant",
    "encryptedAuthorizeResponse",
    "directUserGrant",
    "kerberos",
    "prtGrant",
    "seamlessSso",
    "prtBrokerBased",
    "prtNonBrokerBased",
    "onBehalfOf",
    "samlOnBehalfOf",
    "officeS2S",
    "wsTrust",
];

/// Members of the flags enum `microsoft.graph.signInAccessType` (beta `crossTenantAccessType`).
pub const SIGN_IN_ACCESS_TYPE_MEMBERS: &[&str] = &[
    "none",
    "b2bCollaboration",
    "b2bDirectConnect",
    "microsoftSupport",
    "serviceProvider",
    "unknownFutureValue",
    "passthrough",
];

/// Members of the flags enum `microsoft.graph.conditionalAccessConditions`.
pub const CONDITIONAL_ACCESS_CONDITIONS_MEMBERS: &[&str] = &[
    "none",
    "application",
    "users",
    "devicePlatform",
    "location",
    "clientType",
    "signInRisk",
    "userRisk",
    "time",
    "deviceState",
    "client",
    "ipAddressSeenByAzureAD",
    "ipAddressSeenByResourceProvider",
    "unknownFutureValue",
    "servicePrincipals",
    "servicePrincipalRisk",
    "authenticationFlows",
    "insiderRisk",
];

/// Members of `microsoft.graph.incomingTokenType` (kept as free text in records).
pub const INCOMING_TOKEN_TYPE_MEMBERS: &[&str] = &[
    "none",
    "primaryRefreshToken",
    "saml11",
    "saml20",
    "unknownFutureValue",
    "remoteDesktopToken",
    "refreshToken",
];

/// The values `signInEventTypes` may hold (a string collection on the wire).
pub const SIGN_IN_EVENT_TYPES: &[&str] = &[
    "interactiveUser",
    "nonInteractiveUser",
    "servicePrincipal",
    "managedIdentity",
    "unknownFutureValue",
];
