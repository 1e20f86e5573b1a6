//! Who may read which activity log: one declarative table, [`RULES`], and [`authorize`],
//! which only interprets it.
//!
//! The rules follow graph-api-reference §2.1 and §0.8/§9:
//!
//! - **Delegated** callers need one of the log's delegated scopes *and* one of its directory
//!   roles (`wids`). A caller with a scope but no such role may read sign-ins only, and only
//!   their own ([`AccessScope::OwnSignIns`], Graph's "users can read sign-ins in which they
//!   are the actor"); every other log is denied to them.
//! - **App-only** callers need one of the log's application permissions (`roles`); directory
//!   roles of a service principal (`wids` in an app token) are not considered.
//! - Custom security attribute audits are readable only with
//!   `CustomSecAttributeAuditLogs.Read.All` and Attribute Log Reader / Administrator; Global
//!   Administrator does **not** grant them (Entra's documented default).
//! - **License**: sign-ins and provisioning logs need P1 or P2, for every caller including the
//!   own-sign-ins path (Graph gates the API, not the row). Directory audits and custom
//!   security attribute audits work on Free.
//!
//! Order of checks: permission first, then license, so a caller without rights learns
//! nothing about the tenant's license.

use uuid::Uuid;
use vigil_model::LogKind;

use crate::permissions::Permission;
use crate::principal::{Access, Principal};
use crate::roles::DirectoryRole;
use vigil_model::LicenseTier;

/// Message for a delegated token without any of the log's scopes.
pub const MSG_INSUFFICIENT_PRIVILEGES: &str = "Insufficient privileges to complete the operation.";
/// Message for a delegated caller without one of the log's directory roles.
pub const MSG_USER_NOT_IN_ROLES: &str = "User isn't in the allowed roles";
/// Message for an app-only token without the permissions for sign-ins, audits or provisioning.
pub const MSG_APP_MISSING_AUDIT_PERMISSION: &str = "Application missing Microsoft Entra ID 'Read directory data' or 'Read all audit log data' permission";
/// Message for an app-only token without the custom security attribute audit permission
/// (Vigil's wording; Graph's exact text is not documented).
pub const MSG_APP_MISSING_CSA_PERMISSION: &str =
    "Application missing Microsoft Entra ID 'Read custom security attribute audit logs' permission";
/// Message for a premium-only log on a Free tenant.
pub const MSG_NON_PREMIUM_TENANT: &str =
    "Neither tenant is B2C or tenant doesn't have premium license";

/// The access rule for one log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogRule {
    /// The log this rule governs.
    pub log: LogKind,
    /// Delegated tokens need at least one of these in `scp`.
    pub delegated_scopes: &'static [Permission],
    /// App-only tokens need at least one of these in `roles`.
    pub application_permissions: &'static [Permission],
    /// Delegated callers need at least one of these in `wids`.
    pub roles: &'static [DirectoryRole],
    /// Whether a delegated caller with a scope but none of `roles` may read the records in
    /// which they are the user ([`AccessScope::OwnSignIns`]).
    pub own_records_without_role: bool,
    /// The license tiers on which the log can be read at all.
    pub licenses: &'static [LicenseTier],
    /// The denial message for an app-only token that lacks `application_permissions`.
    pub app_denied_message: &'static str,
}

const AUDIT_PERMISSIONS: &[Permission] =
    &[Permission::AuditLogReadAll, Permission::DirectoryReadAll];
const CSA_PERMISSIONS: &[Permission] = &[Permission::CustomSecAttributeAuditLogsReadAll];
const ALL_TIERS: &[LicenseTier] = &[LicenseTier::Free, LicenseTier::P1, LicenseTier::P2];
const PREMIUM_TIERS: &[LicenseTier] = &[LicenseTier::P1, LicenseTier::P2];

/// The whole rule set, one entry per log, in [`LogKind::ALL`] order.
pub const RULES: [LogRule; 4] = [
    LogRule {
        log: LogKind::SignIn,
        delegated_scopes: AUDIT_PERMISSIONS,
        application_permissions: AUDIT_PERMISSIONS,
        roles: &[
            DirectoryRole::GlobalAdministrator,
            DirectoryRole::GlobalReader,
            DirectoryRole::ReportsReader,
            DirectoryRole::SecurityAdministrator,
            DirectoryRole::SecurityOperator,
            DirectoryRole::SecurityReader,
        ],
        own_records_without_role: true,
        licenses: PREMIUM_TIERS,
        app_denied_message: MSG_APP_MISSING_AUDIT_PERMISSION,
    },
    LogRule {
        log: LogKind::DirectoryAudit,
        delegated_scopes: AUDIT_PERMISSIONS,
        application_permissions: AUDIT_PERMISSIONS,
        roles: &[
            DirectoryRole::GlobalAdministrator,
            DirectoryRole::GlobalReader,
            DirectoryRole::ReportsReader,
            DirectoryRole::SecurityAdministrator,
            DirectoryRole::SecurityReader,
        ],
        own_records_without_role: false,
        licenses: ALL_TIERS,
        app_denied_message: MSG_APP_MISSING_AUDIT_PERMISSION,
    },
    LogRule {
        log: LogKind::Provisioning,
        delegated_scopes: AUDIT_PERMISSIONS,
        application_permissions: AUDIT_PERMISSIONS,
        roles: &[
            DirectoryRole::GlobalAdministrator,
            DirectoryRole::GlobalReader,
            DirectoryRole::ReportsReader,
            DirectoryRole::SecurityAdministrator,
            DirectoryRole::SecurityOperator,
            DirectoryRole::SecurityReader,
            DirectoryRole::ApplicationAdministrator,
            DirectoryRole::CloudApplicationAdministrator,
            DirectoryRole::VigilProvisioningLogsReader,
        ],
        own_records_without_role: false,
        licenses: PREMIUM_TIERS,
        app_denied_message: MSG_APP_MISSING_AUDIT_PERMISSION,
    },
    LogRule {
        log: LogKind::CustomSecurityAttributeAudit,
        delegated_scopes: CSA_PERMISSIONS,
        application_permissions: CSA_PERMISSIONS,
        roles: &[
            DirectoryRole::AttributeLogAdministrator,
            DirectoryRole::AttributeLogReader,
        ],
        own_records_without_role: false,
        licenses: ALL_TIERS,
        app_denied_message: MSG_APP_MISSING_CSA_PERMISSION,
    },
];

/// The rule for `log`.
pub fn rule(log: LogKind) -> &'static LogRule {
    match log {
        LogKind::SignIn => &RULES[0],
        LogKind::DirectoryAudit => &RULES[1],
        LogKind::Provisioning => &RULES[2],
        LogKind::CustomSecurityAttributeAudit => &RULES[3],
    }
}

/// Which records of an allowed log the caller may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessScope {
    /// Every record of the tenant's log.
    All,
    /// Only sign-ins whose `userId` is this user's object id.
    OwnSignIns {
        /// The caller's object id (`oid`).
        user_id: Uuid,
    },
}

/// The Graph error code of a [`Denial`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenialCode {
    /// `Authorization_RequestDenied`: missing scope, role or application permission.
    AuthorizationRequestDenied,
    /// `Authentication_RequestFromNonPremiumTenantOrB2CTenant`: the log needs P1/P2.
    NonPremiumTenant,
}

impl DenialCode {
    /// The code as Graph spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            DenialCode::AuthorizationRequestDenied => "Authorization_RequestDenied",
            DenialCode::NonPremiumTenant => "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        }
    }
}

/// A refusal, answered with HTTP 403 ([`Denial::STATUS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Denial {
    /// The Graph error code.
    pub code: DenialCode,
    /// The Graph error message.
    pub message: &'static str,
}

impl Denial {
    /// The HTTP status of every denial.
    pub const STATUS: u16 = 403;
}

/// The outcome of [`authorize`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The caller may read the log, within this scope.
    Allow(AccessScope),
    /// The caller may not read the log.
    Deny(Denial),
}

impl Decision {
    /// Whether access is granted (in any scope).
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// Decides whether `principal` may read `log` of a tenant with `license`, by [`RULES`].
/// The caller must already have checked that the principal's tenant is the one being read.
pub fn authorize(principal: &Principal, log: LogKind, license: LicenseTier) -> Decision {
    let rule = rule(log);
    let scope = match &principal.access {
        Access::Application { .. } => {
            if !has_any(principal, rule.application_permissions) {
                return deny(
                    DenialCode::AuthorizationRequestDenied,
                    rule.app_denied_message,
                );
            }
            AccessScope::All
        }
        Access::Delegated { .. } => {
            if !has_any(principal, rule.delegated_scopes) {
                return deny(
                    DenialCode::AuthorizationRequestDenied,
                    MSG_INSUFFICIENT_PRIVILEGES,
                );
            }
            if rule.roles.iter().any(|role| principal.has_role(*role)) {
                AccessScope::All
            } else if rule.own_records_without_role {
                AccessScope::OwnSignIns {
                    user_id: principal.object_id,
                }
            } else {
                return deny(
                    DenialCode::AuthorizationRequestDenied,
                    MSG_USER_NOT_IN_ROLES,
                );
            }
        }
    };
    if !rule.licenses.contains(&license) {
        return deny(DenialCode::NonPremiumTenant, MSG_NON_PREMIUM_TENANT);
    }
    Decision::Allow(scope)
}

fn has_any(principal: &Principal, permissions: &[Permission]) -> bool {
    permissions.iter().any(|p| principal.has_permission(*p))
}

fn deny(code: DenialCode, message: &'static str) -> Decision {
    Decision::Deny(Denial { code, message })
}

#[cfg(test)]
mod tests {
    use vigil_model::LogKind;

    use super::{RULES, rule};

    #[test]
    fn one_rule_per_log_in_kind_order() {
        for (index, log) in LogKind::ALL.into_iter().enumerate() {
            assert_eq!(rule(log).log, log);
            assert_eq!(RULES[index].log, log);
        }
    }
}
