//! [`Category`]: the Entra ID diagnostic-settings log categories Vigil exports, with their wire
//! names, default Event Hub names and storage containers, and which category a stored record
//! belongs to (azure-monitor-formats §1.2).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;
use vigil_model::LogKind;

use crate::graph_json::GraphJson;

/// A diagnostic-settings log category, spelled on the wire exactly as Azure does
/// (`SignInLogs`, not `SigninLogs`, which is the Log Analytics table).
/// Serialised as its wire name (the variant name), as diagnostic settings store it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Category {
    /// `AuditLogs`: Graph `directoryAudit`.
    AuditLogs,
    /// `SignInLogs`: interactive user sign-ins.
    SignInLogs,
    /// `NonInteractiveUserSignInLogs`.
    NonInteractiveUserSignInLogs,
    /// `ServicePrincipalSignInLogs`.
    ServicePrincipalSignInLogs,
    /// `ManagedIdentitySignInLogs`.
    ManagedIdentitySignInLogs,
    /// `ProvisioningLogs`: Graph `provisioningObjectSummary`.
    ProvisioningLogs,
    /// `CustomSecurityAttributeAuditLogs`: Graph (beta) `customSecurityAttributeAudit`.
    CustomSecurityAttributeAuditLogs,
}

/// A category name that is not one of [`Category::ALL`] (names are case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown log category '{name}' (expected one of {expected})")]
pub struct ParseCategoryError {
    /// The rejected text.
    pub name: String,
    /// The accepted names, comma-separated.
    pub expected: String,
}

impl Category {
    /// Every category, in the order of the reference's table.
    pub const ALL: [Category; 7] = [
        Category::AuditLogs,
        Category::SignInLogs,
        Category::NonInteractiveUserSignInLogs,
        Category::ServicePrincipalSignInLogs,
        Category::ManagedIdentitySignInLogs,
        Category::ProvisioningLogs,
        Category::CustomSecurityAttributeAuditLogs,
    ];

    /// The wire name, as written in diagnostic settings and in each record's `category`.
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

    /// The event hub Azure creates for the category when a diagnostic setting names no hub:
    /// `insights-logs-<category lower-cased>` (also the Kafka topic name).
    pub fn topic_default(self) -> String {
        format!("insights-logs-{}", self.as_str().to_ascii_lowercase())
    }

    /// The storage-account container the category is archived to; Azure uses the same name
    /// as the default event hub.
    pub fn container(self) -> String {
        self.topic_default()
    }

    /// The Vigil log whose records land in this category.
    pub fn kind(self) -> LogKind {
        match self {
            Category::AuditLogs => LogKind::DirectoryAudit,
            Category::ProvisioningLogs => LogKind::Provisioning,
            Category::CustomSecurityAttributeAuditLogs => LogKind::CustomSecurityAttributeAudit,
            Category::SignInLogs
            | Category::NonInteractiveUserSignInLogs
            | Category::ServicePrincipalSignInLogs
            | Category::ManagedIdentitySignInLogs => LogKind::SignIn,
        }
    }

    /// Whether this is one of the four sign-in categories.
    pub fn is_sign_in(self) -> bool {
        self.kind() == LogKind::SignIn
    }

    /// The `signInEventTypes` value of the sign-ins in this category (`None` for the
    /// categories that are not sign-ins). [`Category::of`] assigns a sign-in to the category
    /// whose event type it carries, so a reader selecting this category's sign-ins filters
    /// on `signInEventTypes/any(t: t eq '<this>')`.
    pub fn sign_in_event_type(self) -> Option<&'static str> {
        match self {
            Category::SignInLogs => Some("interactiveUser"),
            Category::NonInteractiveUserSignInLogs => Some("nonInteractiveUser"),
            Category::ServicePrincipalSignInLogs => Some("servicePrincipal"),
            Category::ManagedIdentitySignInLogs => Some("managedIdentity"),
            Category::AuditLogs
            | Category::ProvisioningLogs
            | Category::CustomSecurityAttributeAuditLogs => None,
        }
    }

    /// The category a stored record of `kind` is exported in. Sign-ins are split by their
    /// single `signInEventTypes` value (`interactiveUser`, `nonInteractiveUser`,
    /// `servicePrincipal`, `managedIdentity`; compared case-insensitively). A sign-in without
    /// event types falls back on `isInteractive`, as validation derives one from the other.
    /// `None` for a sign-in with several distinct types, an unknown or `unknownFutureValue`
    /// type, or neither property. Other kinds ignore the record.
    pub fn of(kind: LogKind, record: &Value) -> Option<Category> {
        Category::of_parts(kind, record.get("signInEventTypes"), || {
            record.get("isInteractive").and_then(Value::as_bool)
        })
    }

    /// [`Category::of`] for a record read with [`GraphJson::parse`].
    pub fn of_json(kind: LogKind, record: &GraphJson<'_>) -> Option<Category> {
        let types = record.value(&["signInEventTypes"]);
        Category::of_parts(kind, types.as_ref(), || {
            match record.get("isInteractive").map(|v| v.get()) {
                Some("true") => Some(true),
                Some("false") => Some(false),
                _ => None,
            }
        })
    }

    fn of_parts(
        kind: LogKind,
        event_types: Option<&Value>,
        is_interactive: impl FnOnce() -> Option<bool>,
    ) -> Option<Category> {
        match kind {
            LogKind::DirectoryAudit => Some(Category::AuditLogs),
            LogKind::Provisioning => Some(Category::ProvisioningLogs),
            LogKind::CustomSecurityAttributeAudit => {
                Some(Category::CustomSecurityAttributeAuditLogs)
            }
            LogKind::SignIn => sign_in_category(event_types, is_interactive),
        }
    }
}

fn sign_in_category(
    event_types: Option<&Value>,
    is_interactive: impl FnOnce() -> Option<bool>,
) -> Option<Category> {
    let types: Vec<&str> = match event_types {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(single)) => vec![single.as_str()],
        _ => Vec::new(),
    };
    let Some(first) = types.first() else {
        return match is_interactive() {
            Some(true) => Some(Category::SignInLogs),
            Some(false) => Some(Category::NonInteractiveUserSignInLogs),
            None => None,
        };
    };
    if types.iter().any(|t| !t.eq_ignore_ascii_case(first)) {
        return None;
    }
    Category::ALL.into_iter().find(|category| {
        category
            .sign_in_event_type()
            .is_some_and(|name| name.eq_ignore_ascii_case(first))
    })
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = ParseCategoryError;

    /// Parses a wire name exactly (the reference did not test case-insensitivity, so Vigil
    /// accepts only the casing Azure uses and returns).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| ParseCategoryError {
                name: s.to_owned(),
                expected: Category::ALL.map(Category::as_str).join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;

    use super::*;

    #[test]
    fn names_topics_and_containers_match_the_reference_table() {
        let expected = [
            ("AuditLogs", "insights-logs-auditlogs"),
            ("SignInLogs", "insights-logs-signinlogs"),
            (
                "NonInteractiveUserSignInLogs",
                "insights-logs-noninteractiveusersigninlogs",
            ),
            (
                "ServicePrincipalSignInLogs",
                "insights-logs-serviceprincipalsigninlogs",
            ),
            (
                "ManagedIdentitySignInLogs",
                "insights-logs-managedidentitysigninlogs",
            ),
            ("ProvisioningLogs", "insights-logs-provisioninglogs"),
            (
                "CustomSecurityAttributeAuditLogs",
                "insights-logs-customsecurityattributeauditlogs",
            ),
        ];
        for (category, (name, container)) in Category::ALL.into_iter().zip(expected) {
            assert_eq!(category.to_string(), name);
            assert_eq!(name.parse::<Category>().unwrap(), category);
            assert_eq!(category.topic_default(), container);
            assert_eq!(category.container(), container);
        }
    }

    #[test]
    fn parsing_is_exact() {
        let err = "signinlogs".parse::<Category>().unwrap_err();
        assert_eq!(err.name, "signinlogs");
        assert!(err.to_string().contains("SignInLogs"));
        assert!("SigninLogs".parse::<Category>().is_err());
        assert!("".parse::<Category>().is_err());
    }

    #[test]
    fn sign_ins_split_by_their_event_type() {
        let cases = [
            ("interactiveUser", Category::SignInLogs),
            ("nonInteractiveUser", Category::NonInteractiveUserSignInLogs),
            ("servicePrincipal", Category::ServicePrincipalSignInLogs),
            ("managedIdentity", Category::ManagedIdentitySignInLogs),
            ("MANAGEDIDENTITY", Category::ManagedIdentitySignInLogs),
        ];
        for (event_type, category) in cases {
            let record = json!({"signInEventTypes": [event_type]});
            assert_eq!(Category::of(LogKind::SignIn, &record), Some(category));
            assert!(
                category
                    .sign_in_event_type()
                    .is_some_and(|t| t.eq_ignore_ascii_case(event_type))
            );
            assert_eq!(category.kind(), LogKind::SignIn);
            assert!(category.is_sign_in());
        }
    }

    #[test]
    fn ambiguous_or_unknown_sign_ins_have_no_category() {
        for record in [
            json!({"signInEventTypes": ["interactiveUser", "servicePrincipal"]}),
            json!({"signInEventTypes": ["unknownFutureValue"]}),
            json!({"signInEventTypes": ["robot"]}),
            json!({"signInEventTypes": [42]}),
            json!({"signInEventTypes": null}),
            json!({}),
            json!("not a record"),
            Value::Null,
        ] {
            assert_eq!(Category::of(LogKind::SignIn, &record), None, "{record}");
        }
    }

    #[test]
    fn duplicates_and_is_interactive_fallback() {
        let dup = json!({"signInEventTypes": ["servicePrincipal", "servicePrincipal"]});
        assert_eq!(
            Category::of(LogKind::SignIn, &dup),
            Some(Category::ServicePrincipalSignInLogs)
        );
        let interactive = json!({"signInEventTypes": [], "isInteractive": true});
        assert_eq!(
            Category::of(LogKind::SignIn, &interactive),
            Some(Category::SignInLogs)
        );
        let background = json!({"isInteractive": false});
        assert_eq!(
            Category::of(LogKind::SignIn, &background),
            Some(Category::NonInteractiveUserSignInLogs)
        );
    }

    #[test]
    fn other_kinds_ignore_the_record() {
        let cases = [
            (LogKind::DirectoryAudit, Category::AuditLogs),
            (LogKind::Provisioning, Category::ProvisioningLogs),
            (
                LogKind::CustomSecurityAttributeAudit,
                Category::CustomSecurityAttributeAuditLogs,
            ),
        ];
        for (kind, category) in cases {
            assert_eq!(Category::of(kind, &Value::Null), Some(category));
            assert_eq!(category.kind(), kind);
            assert_eq!(category.sign_in_event_type(), None);
            assert!(!category.is_sign_in());
        }
    }
}
