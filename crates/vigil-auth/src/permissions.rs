//! Microsoft Graph permissions that govern the activity-report and identity-protection APIs
//! (graph-api-reference §2.1, §2.2).
//!
//! A token names permissions by value (`AuditLog.Read.All`): delegated tokens in the
//! space-separated `scp` claim, app-only tokens in the `roles` array. The ids are only for
//! reference and for tools that show them; tokens never carry them.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// A Graph permission (the same name is used for its delegated and application forms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// `AuditLog.Read.All`: read all audit log data.
    AuditLogReadAll,
    /// `Directory.Read.All`: read directory data.
    DirectoryReadAll,
    /// `CustomSecAttributeAuditLogs.Read.All`: read custom security attribute audit logs.
    CustomSecAttributeAuditLogsReadAll,
    /// `Policy.Read.All`.
    PolicyReadAll,
    /// `Policy.Read.ConditionalAccess`.
    PolicyReadConditionalAccess,
    /// `Policy.ReadWrite.ConditionalAccess`.
    PolicyReadWriteConditionalAccess,
    /// `IdentityRiskEvent.Read.All`.
    IdentityRiskEventReadAll,
    /// `IdentityRiskEvent.ReadWrite.All`.
    IdentityRiskEventReadWriteAll,
    /// `IdentityRiskyUser.Read.All`.
    IdentityRiskyUserReadAll,
    /// `IdentityRiskyUser.ReadWrite.All`.
    IdentityRiskyUserReadWriteAll,
    /// Vigil's own operator permission (`Vigil.Tenants.ReadWrite.All`): manage tenants and
    /// their licenses through `/admin/v1/tenants`. Only honoured in app-only tokens from
    /// Vigil's built-in issuer; grants no log reads.
    VigilTenantsReadWriteAll,
}

impl Permission {
    /// Every permission in the catalogue.
    pub const ALL: [Permission; 11] = [
        Permission::AuditLogReadAll,
        Permission::DirectoryReadAll,
        Permission::CustomSecAttributeAuditLogsReadAll,
        Permission::PolicyReadAll,
        Permission::PolicyReadConditionalAccess,
        Permission::PolicyReadWriteConditionalAccess,
        Permission::IdentityRiskEventReadAll,
        Permission::IdentityRiskEventReadWriteAll,
        Permission::IdentityRiskyUserReadAll,
        Permission::IdentityRiskyUserReadWriteAll,
        Permission::VigilTenantsReadWriteAll,
    ];

    /// The value that appears in `scp` and `roles` claims, e.g. `AuditLog.Read.All`.
    pub fn name(self) -> &'static str {
        self.parts().0
    }

    /// The id of the application permission (app role), where known.
    pub fn application_id(self) -> Option<Uuid> {
        self.parts().1.map(Uuid::from_u128)
    }

    /// The id of the delegated permission (OAuth2 scope), where known.
    pub fn delegated_id(self) -> Option<Uuid> {
        self.parts().2.map(Uuid::from_u128)
    }

    /// The permission with this claim value, ignoring ASCII case (Entra matches permission
    /// values case-insensitively).
    pub fn from_name(name: &str) -> Option<Permission> {
        Permission::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// (claim value, application id, delegated id). The reference found no ids for
    /// `CustomSecAttributeAuditLogs.Read.All`, so they are absent rather than guessed.
    fn parts(self) -> (&'static str, Option<u128>, Option<u128>) {
        match self {
            Permission::AuditLogReadAll => (
                "AuditLog.Read.All",
                Some(0xb0afded3_3588_46d8_8b3d_9842eff778da),
                Some(0xe4c9e354_4dc5_45b8_9e7c_e1393b0b1a20),
            ),
            Permission::DirectoryReadAll => (
                "Directory.Read.All",
                Some(0x7ab1d382_f21e_4acd_a863_ba3e13f7da61),
                Some(0x06da0dbc_49e2_44d2_8312_53f166ab848a),
            ),
            Permission::CustomSecAttributeAuditLogsReadAll => {
                ("CustomSecAttributeAuditLogs.Read.All", None, None)
            }
            Permission::PolicyReadAll => (
                "Policy.Read.All",
                Some(0x246dd0d5_5bd0_4def_940b_0421030a5b68),
                Some(0x572fea84_0151_49b2_9301_11cb16974376),
            ),
            Permission::PolicyReadConditionalAccess => (
                "Policy.Read.ConditionalAccess",
                Some(0x37730810_e9ba_4e46_b07e_8ca78d182097),
                Some(0x633e0fce_8c58_4cfb_9495_12bbd5a24f7c),
            ),
            Permission::PolicyReadWriteConditionalAccess => (
                "Policy.ReadWrite.ConditionalAccess",
                Some(0x01c0a623_fc9b_48e9_b794_0756f8e8f067),
                Some(0xad902697_1014_4ef5_81ef_2b4301988e8c),
            ),
            Permission::IdentityRiskEventReadAll => (
                "IdentityRiskEvent.Read.All",
                Some(0x6e472fd1_ad78_48da_a0f0_97ab2c6b769e),
                Some(0x8f6a01e7_0391_4ee5_aa22_a3af122cef27),
            ),
            Permission::IdentityRiskEventReadWriteAll => (
                "IdentityRiskEvent.ReadWrite.All",
                Some(0xdb06fb33_1953_4b7b_a2ac_f1e2c854f7ae),
                Some(0x9e4862a5_b68f_479e_848a_4e07e25c9916),
            ),
            Permission::IdentityRiskyUserReadAll => (
                "IdentityRiskyUser.Read.All",
                Some(0xdc5007c0_2d7d_4c42_879c_2dab87571379),
                Some(0xd04bb851_cb7c_4146_97c7_ca3e71baf56c),
            ),
            Permission::IdentityRiskyUserReadWriteAll => (
                "IdentityRiskyUser.ReadWrite.All",
                Some(0x656f6061_f9fe_4807_9708_6a2e0934df76),
                Some(0xe0a7cdbb_08b0_4697_8264_0069786e9674),
            ),
            Permission::VigilTenantsReadWriteAll => ("Vigil.Tenants.ReadWrite.All", None, None),
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Text that names no permission in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown permission {0:?}: expected a value such as AuditLog.Read.All")]
pub struct ParsePermissionError(pub String);

impl FromStr for Permission {
    type Err = ParsePermissionError;

    fn from_str(text: &str) -> Result<Permission, ParsePermissionError> {
        Permission::from_name(text.trim()).ok_or_else(|| ParsePermissionError(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use std::collections::BTreeSet;

    use super::Permission;

    #[test]
    fn names_and_ids_are_unique_and_parse_back() {
        let names: BTreeSet<_> = Permission::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names.len(), Permission::ALL.len());
        let ids: Vec<_> = Permission::ALL
            .iter()
            .flat_map(|p| [p.application_id(), p.delegated_id()])
            .flatten()
            .collect();
        assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
        for p in Permission::ALL {
            assert_eq!(p.name().parse::<Permission>().unwrap(), p);
            assert_eq!(
                p.name().to_ascii_lowercase().parse::<Permission>().unwrap(),
                p
            );
        }
        assert_eq!(
            Permission::AuditLogReadAll
                .application_id()
                .unwrap()
                .to_string(),
            "b0afded3-3588-46d8-8b3d-9842eff778da"
        );
        assert!("AuditLog.Read".parse::<Permission>().is_err());
    }
}
