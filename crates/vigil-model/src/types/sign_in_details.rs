//! Complex types nested in a v1.0 `signIn`: status, device, location, applied conditional
//! access policies (with their beta-only members) and authenticator-app device details.

use serde::{Deserialize, Serialize};

use super::common::nullable_vec;
use super::enums::AppliedConditionalAccessPolicyResult;

/// `microsoft.graph.signInStatus`; `errorCode` 0 means success.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInStatus {
    /// `errorCode` (Int32).
    pub error_code: Option<i64>,
    /// `failureReason`.
    pub failure_reason: Option<String>,
    /// `additionalDetails`.
    pub additional_details: Option<String>,
}

/// `microsoft.graph.deviceDetail`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDetail {
    /// `deviceId`.
    pub device_id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `operatingSystem`.
    pub operating_system: Option<String>,
    /// `browser`.
    pub browser: Option<String>,
    /// `isCompliant`.
    pub is_compliant: Option<bool>,
    /// `isManaged`.
    pub is_managed: Option<bool>,
    /// `trustType`.
    pub trust_type: Option<String>,
    /// `browserId` (beta only).
    pub browser_id: Option<String>,
}

/// `microsoft.graph.signInLocation`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInLocation {
    /// `city`.
    pub city: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `countryOrRegion` (two letters).
    pub country_or_region: Option<String>,
    /// `geoCoordinates`.
    pub geo_coordinates: Option<GeoCoordinates>,
}

/// `microsoft.graph.geoCoordinates` (beta examples send `{}` when unknown).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeoCoordinates {
    /// `altitude`.
    pub altitude: Option<f64>,
    /// `latitude`.
    pub latitude: Option<f64>,
    /// `longitude`.
    pub longitude: Option<f64>,
}

/// `microsoft.graph.appliedConditionalAccessPolicy`; the members after `result` are beta-only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedConditionalAccessPolicy {
    /// `id`.
    pub id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `enforcedGrantControls`.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub enforced_grant_controls: Vec<String>,
    /// `enforcedSessionControls`.
    #[serde(default, deserialize_with = "nullable_vec")]
    pub enforced_session_controls: Vec<String>,
    /// `result`.
    pub result: Option<AppliedConditionalAccessPolicyResult>,
    /// `sessionControlsNotSatisfied` (beta).
    #[serde(default, deserialize_with = "nullable_vec")]
    pub session_controls_not_satisfied: Vec<String>,
    /// `conditionsSatisfied` (beta; flags `conditionalAccessConditions`, e.g. `"none"`).
    pub conditions_satisfied: Option<String>,
    /// `conditionsNotSatisfied` (beta; flags `conditionalAccessConditions`).
    pub conditions_not_satisfied: Option<String>,
    /// `includeRulesSatisfied` (beta).
    #[serde(default, deserialize_with = "nullable_vec")]
    pub include_rules_satisfied: Vec<ConditionalAccessRuleSatisfied>,
    /// `excludeRulesSatisfied` (beta).
    #[serde(default, deserialize_with = "nullable_vec")]
    pub exclude_rules_satisfied: Vec<ConditionalAccessRuleSatisfied>,
    /// `authenticationStrength` (beta).
    pub authentication_strength: Option<AuthenticationStrength>,
}

/// `microsoft.graph.conditionalAccessRuleSatisfied` (beta).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalAccessRuleSatisfied {
    /// `conditionalAccessCondition` (flags `conditionalAccessConditions`).
    pub conditional_access_condition: Option<String>,
    /// `ruleSatisfied` (`conditionalAccessRule`; kept as text).
    pub rule_satisfied: Option<String>,
}

/// `microsoft.graph.authenticationStrength` as reported on an applied policy (beta).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationStrength {
    /// `authenticationStrengthId`.
    pub authentication_strength_id: Option<String>,
    /// `authenticationStrengthResult` (kept as text).
    pub authentication_strength_result: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
}

/// `microsoft.graph.authenticationAppDeviceDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationAppDeviceDetails {
    /// `appVersion`.
    pub app_version: Option<String>,
    /// `clientApp`.
    pub client_app: Option<String>,
    /// `deviceId`.
    pub device_id: Option<String>,
    /// `operatingSystem`.
    pub operating_system: Option<String>,
}
