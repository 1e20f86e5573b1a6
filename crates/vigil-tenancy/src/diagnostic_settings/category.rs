//! The Azure Monitor log categories Vigil can export, with their wire names.
//!
//! The names are Entra's diagnostic-setting categories exactly as Azure writes and returns
//! them (`AuditLogs`, `SignInLogs`, ...). This file stands alone so the enum can move to an
//! export crate once one exists.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One exportable log category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Directory audits.
    AuditLogs,
    /// Interactive user sign-ins.
    SignInLogs,
    /// Non-interactive user sign-ins.
    NonInteractiveUserSignInLogs,
    /// Service principal sign-ins.
    ServicePrincipalSignInLogs,
    /// Managed identity sign-ins.
    ManagedIdentitySignInLogs,
    /// Provisioning events.
    ProvisioningLogs,
    /// Custom security attribute audits.
    CustomSecurityAttributeAuditLogs,
}

impl Category {
    /// Every category, in the order Azure lists them.
    pub const ALL: [Category; 7] = [
        Category::AuditLogs,
        Category::SignInLogs,
        Category::NonInteractiveUserSignInLogs,
        Category::ServicePrincipalSignInLogs,
        Category::ManagedIdentitySignInLogs,
        Category::ProvisioningLogs,
        Category::CustomSecurityAttributeAuditLogs,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::AuditLogs => "AuditLogs",
            Category::SignInLogs => "SignInLogs",
            Category::NonInteractiveUserSignInLogs => "NonInteractiveUserSignInLogs",
            Category::ServicePrincipalSignInLogs => "ServicePrincipalSignInLogs",
            Category::ManagedIdentitySignInLogs => "ManagedIdentitySignInLogs",
            Category::ProvisioningLogs => "ProvisioningLogs",
            Category::CustomSecurityAttributeAuditLogs => "CustomSecurityAttributeAuditLogs",
        }
    }

    /// The event hub (Kafka topic) and storage container Azure uses when none is named:
    /// `insights-logs-<category in lower case>`.
    pub fn default_topic(self) -> String {
        format!("insights-logs-{}", self.as_str().to_ascii_lowercase())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A category name that is not one of [`Category::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown category {0:?}; expected one of {list}", list = Category::ALL.map(Category::as_str).join(", "))]
pub struct UnknownCategory(pub String);

impl FromStr for Category {
    type Err = UnknownCategory;

    /// Exact wire names only (the casing Azure uses).
    fn from_str(text: &str) -> Result<Category, UnknownCategory> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| UnknownCategory(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_topics_are_lower_case() {
        for category in Category::ALL {
            assert_eq!(category.as_str().parse::<Category>(), Ok(category));
            let json = serde_json::to_string(&category).unwrap_or_default();
            assert_eq!(json, format!("\"{category}\""));
        }
        assert_eq!(
            Category::SignInLogs.default_topic(),
            "insights-logs-signinlogs"
        );
        assert!("signinlogs".parse::<Category>().is_err());
    }
}
