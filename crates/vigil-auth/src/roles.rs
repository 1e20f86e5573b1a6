//! The Entra directory roles that matter for reading activity logs, with their display names
//! and role template ids (graph-api-reference §2.2), plus one Vigil-specific role.
//!
//! Entra puts the template ids of a user's active directory roles in the access token's
//! `wids` claim; [`crate::policy`] decides from them. Display names parse case-insensitively
//! so `vigil token --role "reports reader"` works.
//!
//! Entra lets tenants build custom roles with the `microsoft.directory/provisioningLogs/allProperties/read`
//! permission. Vigil has no role editor, so it stands for "some custom role that may read
//! provisioning logs" with one fixed template id of its own,
//! [`VIGIL_PROVISIONING_LOGS_READER_ID`]: put it in a token's `wids` to grant provisioning
//! logs and nothing else. It is not an Entra id; Entra will never issue it.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// Role template id of Vigil's "Provisioning Logs Reader" role
/// (`8adedc7e-67aa-4e22-b7cf-7f438445e7e7`): reads provisioning logs only.
pub const VIGIL_PROVISIONING_LOGS_READER_ID: Uuid =
    Uuid::from_u128(0x8adedc7e_67aa_4e22_b7cf_7f438445e7e7);

/// A directory role, identified in tokens by its role template id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectoryRole {
    /// Global Administrator.
    GlobalAdministrator,
    /// Global Reader.
    GlobalReader,
    /// Reports Reader: the least-privileged role for sign-in and audit logs.
    ReportsReader,
    /// Security Administrator.
    SecurityAdministrator,
    /// Security Operator.
    SecurityOperator,
    /// Security Reader.
    SecurityReader,
    /// Conditional Access Administrator (reads Conditional Access data, not the logs).
    ConditionalAccessAdministrator,
    /// Application Administrator.
    ApplicationAdministrator,
    /// Cloud Application Administrator.
    CloudApplicationAdministrator,
    /// Attribute Log Administrator: custom security attribute audit logs.
    AttributeLogAdministrator,
    /// Attribute Log Reader: custom security attribute audit logs.
    AttributeLogReader,
    /// Vigil's stand-in for an Entra custom role with provisioning-log read permission
    /// (template id [`VIGIL_PROVISIONING_LOGS_READER_ID`]).
    VigilProvisioningLogsReader,
}

impl DirectoryRole {
    /// Every role, Entra's first, Vigil's own last.
    pub const ALL: [DirectoryRole; 12] = [
        DirectoryRole::GlobalAdministrator,
        DirectoryRole::GlobalReader,
        DirectoryRole::ReportsReader,
        DirectoryRole::SecurityAdministrator,
        DirectoryRole::SecurityOperator,
        DirectoryRole::SecurityReader,
        DirectoryRole::ConditionalAccessAdministrator,
        DirectoryRole::ApplicationAdministrator,
        DirectoryRole::CloudApplicationAdministrator,
        DirectoryRole::AttributeLogAdministrator,
        DirectoryRole::AttributeLogReader,
        DirectoryRole::VigilProvisioningLogsReader,
    ];

    /// The display name, as the Entra admin center shows it.
    pub fn display_name(self) -> &'static str {
        self.parts().0
    }

    /// The role template id (the value in a token's `wids` claim).
    pub fn template_id(self) -> Uuid {
        Uuid::from_u128(self.parts().1)
    }

    /// Whether this is a built-in Entra role (false only for Vigil's own role).
    pub fn is_entra_builtin(self) -> bool {
        self != DirectoryRole::VigilProvisioningLogsReader
    }

    /// The role with this display name, ignoring ASCII case and runs of white space.
    pub fn from_display_name(name: &str) -> Option<DirectoryRole> {
        let wanted = name.split_whitespace().collect::<Vec<_>>().join(" ");
        DirectoryRole::ALL
            .into_iter()
            .find(|role| role.display_name().eq_ignore_ascii_case(&wanted))
    }

    /// The role with this template id.
    pub fn from_template_id(id: Uuid) -> Option<DirectoryRole> {
        DirectoryRole::ALL
            .into_iter()
            .find(|role| role.template_id() == id)
    }

    fn parts(self) -> (&'static str, u128) {
        match self {
            DirectoryRole::GlobalAdministrator => (
                "Global Administrator",
                0x62e90394_69f5_4237_9190_012177145e10,
            ),
            DirectoryRole::GlobalReader => {
                ("Global Reader", 0xf2ef992c_3afb_46b9_b7cf_a126ee74c451)
            }
            DirectoryRole::ReportsReader => {
                ("Reports Reader", 0x4a5d8f65_41da_4de4_8968_e035b65339cf)
            }
            DirectoryRole::SecurityAdministrator => (
                "Security Administrator",
                0x194ae4cb_b126_40b2_bd5b_6091b380977d,
            ),
            DirectoryRole::SecurityOperator => {
                ("Security Operator", 0x5f2222b1_57c3_48ba_8ad5_d4759f1fde6f)
            }
            DirectoryRole::SecurityReader => {
                ("Security Reader", 0x5d6b6bb7_de71_4623_b4af_96380a352509)
            }
            DirectoryRole::ConditionalAccessAdministrator => (
                "Conditional Access Administrator",
                0xb1be1c3e_b65d_4f19_8427_f6fa0d97feb9,
            ),
            DirectoryRole::ApplicationAdministrator => (
                "Application Administrator",
                0x9b895d92_2cd3_44c7_9d02_a6ac2d5ea5c3,
            ),
            DirectoryRole::CloudApplicationAdministrator => (
                "Cloud Application Administrator",
                0x158c047a_c907_4556_b7ef_446551a6b5f7,
            ),
            DirectoryRole::AttributeLogAdministrator => (
                "Attribute Log Administrator",
                0x5b784334_f94b_471a_a387_e7219fc49ca2,
            ),
            DirectoryRole::AttributeLogReader => (
                "Attribute Log Reader",
                0x9c99539d_8186_4804_835f_fd51ef9e2dcd,
            ),
            DirectoryRole::VigilProvisioningLogsReader => (
                "Provisioning Logs Reader",
                VIGIL_PROVISIONING_LOGS_READER_ID.as_u128(),
            ),
        }
    }
}

impl fmt::Display for DirectoryRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// Text that names no known directory role.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown directory role {0:?}: give a display name such as \"Reports Reader\" or a role template id"
)]
pub struct ParseRoleError(pub String);

impl FromStr for DirectoryRole {
    type Err = ParseRoleError;

    /// Parses a display name (any ASCII case) or a role template id.
    fn from_str(text: &str) -> Result<DirectoryRole, ParseRoleError> {
        DirectoryRole::from_display_name(text)
            .or_else(|| {
                Uuid::parse_str(text.trim())
                    .ok()
                    .and_then(DirectoryRole::from_template_id)
            })
            .ok_or_else(|| ParseRoleError(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use std::collections::BTreeSet;

    use super::{DirectoryRole, VIGIL_PROVISIONING_LOGS_READER_ID};

    #[test]
    fn names_and_ids_are_unique_and_round_trip() {
        let names: BTreeSet<_> = DirectoryRole::ALL
            .iter()
            .map(|r| r.display_name().to_ascii_lowercase())
            .collect();
        let ids: BTreeSet<_> = DirectoryRole::ALL.iter().map(|r| r.template_id()).collect();
        assert_eq!(names.len(), DirectoryRole::ALL.len());
        assert_eq!(ids.len(), DirectoryRole::ALL.len());
        for role in DirectoryRole::ALL {
            assert_eq!(role.display_name().parse::<DirectoryRole>().unwrap(), role);
            assert_eq!(
                role.template_id()
                    .to_string()
                    .parse::<DirectoryRole>()
                    .unwrap(),
                role
            );
            assert_eq!(
                role.display_name()
                    .to_ascii_uppercase()
                    .parse::<DirectoryRole>()
                    .unwrap(),
                role
            );
        }
    }

    #[test]
    fn parses_loosely_spaced_names_and_reference_ids() {
        assert_eq!(
            "  reports   READER ".parse::<DirectoryRole>().unwrap(),
            DirectoryRole::ReportsReader
        );
        assert_eq!(
            "62e90394-69f5-4237-9190-012177145e10"
                .parse::<DirectoryRole>()
                .unwrap(),
            DirectoryRole::GlobalAdministrator
        );
        assert_eq!(
            DirectoryRole::VigilProvisioningLogsReader.template_id(),
            VIGIL_PROVISIONING_LOGS_READER_ID
        );
        assert!(!DirectoryRole::VigilProvisioningLogsReader.is_entra_builtin());
        assert!("Reports".parse::<DirectoryRole>().is_err());
        assert!(
            "00000000-0000-0000-0000-000000000000"
                .parse::<DirectoryRole>()
                .is_err()
        );
    }
}
