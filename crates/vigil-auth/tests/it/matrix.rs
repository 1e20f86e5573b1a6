//! The authorisation matrix: every role (and no role) × every log × every license tier ×
//! delegated/app-only × a spread of granted permissions, expected values generated from
//! [`RULES`]; the table itself checked against the spec; and the cases the spec singles out.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;
use vigil_auth::{
    Access, AccessScope, Decision, Denial, DenialCode, DirectoryRole, LicenseTier, LogRule,
    MSG_APP_MISSING_AUDIT_PERMISSION, MSG_APP_MISSING_CSA_PERMISSION, MSG_INSUFFICIENT_PRIVILEGES,
    MSG_NON_PREMIUM_TENANT, MSG_USER_NOT_IN_ROLES, Permission, Principal, RULES, authorize, rule,
};
use vigil_model::LogKind;

use crate::support::TENANT;

const USER: Uuid = Uuid::from_u128(0xade1e);

/// Permission sets granted in the matrix: none, each log-reading permission alone, and one
/// unrelated permission.
const GRANTS: [&[Permission]; 5] = [
    &[],
    &[Permission::AuditLogReadAll],
    &[Permission::DirectoryReadAll],
    &[Permission::CustomSecAttributeAuditLogsReadAll],
    &[Permission::PolicyReadAll],
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Delegated,
    App,
}

fn principal(mode: Mode, grants: &[Permission], roles: &[DirectoryRole]) -> Principal {
    let names: BTreeSet<String> = grants.iter().map(|p| p.name().to_owned()).collect();
    Principal {
        tenant_id: TENANT,
        object_id: USER,
        user_principal_name: (mode == Mode::Delegated).then(|| "adele@contoso.com".to_owned()),
        display_name: None,
        app_id: Some("client".to_owned()),
        access: match mode {
            Mode::Delegated => Access::Delegated { scopes: names },
            Mode::App => Access::Application { roles: names },
        },
        directory_roles: roles.iter().map(|r| r.template_id()).collect(),
        issuer: "test".to_owned(),
    }
}

fn deny(code: DenialCode, message: &'static str) -> Decision {
    Decision::Deny(Denial { code, message })
}

/// The decision the table prescribes, read field by field.
fn expected(
    rule: &LogRule,
    mode: Mode,
    grants: &[Permission],
    role: Option<DirectoryRole>,
    tier: LicenseTier,
) -> Decision {
    let granted = |wanted: &[Permission]| grants.iter().any(|g| wanted.contains(g));
    let scope = match mode {
        Mode::App if !granted(rule.application_permissions) => {
            return deny(
                DenialCode::AuthorizationRequestDenied,
                rule.app_denied_message,
            );
        }
        Mode::App => AccessScope::All,
        Mode::Delegated if !granted(rule.delegated_scopes) => {
            return deny(
                DenialCode::AuthorizationRequestDenied,
                MSG_INSUFFICIENT_PRIVILEGES,
            );
        }
        Mode::Delegated if role.is_some_and(|r| rule.roles.contains(&r)) => AccessScope::All,
        Mode::Delegated if rule.own_records_without_role => {
            AccessScope::OwnSignIns { user_id: USER }
        }
        Mode::Delegated => {
            return deny(
                DenialCode::AuthorizationRequestDenied,
                MSG_USER_NOT_IN_ROLES,
            );
        }
    };
    if rule.licenses.contains(&tier) {
        Decision::Allow(scope)
    } else {
        deny(DenialCode::NonPremiumTenant, MSG_NON_PREMIUM_TENANT)
    }
}

fn outcome_label(decision: &Decision) -> &'static str {
    match decision {
        Decision::Allow(AccessScope::All) => "all",
        Decision::Allow(AccessScope::OwnSignIns { .. }) => "own",
        Decision::Deny(d) if d.code == DenialCode::NonPremiumTenant => "non-premium",
        Decision::Deny(_) => "denied",
    }
}

#[test]
fn the_full_matrix_follows_the_table() {
    let roles: Vec<Option<DirectoryRole>> = std::iter::once(None)
        .chain(DirectoryRole::ALL.into_iter().map(Some))
        .collect();
    let mut cases = 0;
    let mut tally: BTreeMap<(LogKind, &str), usize> = BTreeMap::new();
    for log in LogKind::ALL {
        for role in &roles {
            for tier in LicenseTier::ALL {
                for mode in [Mode::Delegated, Mode::App] {
                    for grants in GRANTS {
                        let who = principal(mode, grants, role.as_slice());
                        let got = authorize(&who, log, tier);
                        let want = expected(rule(log), mode, grants, *role, tier);
                        assert_eq!(got, want, "{log} {role:?} {tier} {mode:?} {grants:?}");
                        *tally.entry((log, outcome_label(&got))).or_default() += 1;
                        cases += 1;
                    }
                }
            }
        }
    }
    assert_eq!(cases, 4 * 13 * 3 * 2 * 5);
    // Sign-ins, counted by hand from the spec: 6 roles × 2 scopes × 2 premium tiers (24) plus
    // 13 roles × 2 app permissions × 2 tiers (52) read everything; 7 role-less options × 2
    // scopes × 2 tiers (28) read their own; 2 grants × 13 × 2 modes on Free (52) hit the
    // license; the remaining 3 grants × 13 × 3 tiers × 2 modes (234) are denied.
    let sign_ins = |label| tally.get(&(LogKind::SignIn, label)).copied().unwrap_or(0);
    assert_eq!(
        [
            sign_ins("all"),
            sign_ins("own"),
            sign_ins("non-premium"),
            sign_ins("denied")
        ],
        [76, 28, 52, 234]
    );
    // Only sign-ins have an own-records path.
    for log in [
        LogKind::DirectoryAudit,
        LogKind::Provisioning,
        LogKind::CustomSecurityAttributeAudit,
    ] {
        assert_eq!(tally.get(&(log, "own")), None, "{log}");
    }
}

#[test]
fn the_table_says_what_the_spec_says() {
    use DirectoryRole::*;
    let readers = [
        GlobalAdministrator,
        GlobalReader,
        ReportsReader,
        SecurityAdministrator,
        SecurityReader,
    ];
    let spec: [(LogKind, Vec<DirectoryRole>, &[LicenseTier]); 4] = [
        (
            LogKind::SignIn,
            [&readers[..], &[SecurityOperator]].concat(),
            &[LicenseTier::P1, LicenseTier::P2],
        ),
        (LogKind::DirectoryAudit, readers.to_vec(), &LicenseTier::ALL),
        (
            LogKind::Provisioning,
            [
                &readers[..],
                &[
                    SecurityOperator,
                    ApplicationAdministrator,
                    CloudApplicationAdministrator,
                    VigilProvisioningLogsReader,
                ],
            ]
            .concat(),
            &[LicenseTier::P1, LicenseTier::P2],
        ),
        (
            LogKind::CustomSecurityAttributeAudit,
            vec![AttributeLogReader, AttributeLogAdministrator],
            &LicenseTier::ALL,
        ),
    ];
    let audit = BTreeSet::from([Permission::AuditLogReadAll, Permission::DirectoryReadAll]);
    let csa = BTreeSet::from([Permission::CustomSecAttributeAuditLogsReadAll]);
    for (log, roles, tiers) in spec {
        let r = rule(log);
        let as_set = |roles: &[DirectoryRole]| roles.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(as_set(r.roles), as_set(&roles), "{log}");
        assert_eq!(r.licenses, tiers, "{log}");
        let permissions = if log == LogKind::CustomSecurityAttributeAudit {
            &csa
        } else {
            &audit
        };
        assert_eq!(
            &r.delegated_scopes.iter().copied().collect::<BTreeSet<_>>(),
            permissions
        );
        assert_eq!(
            &r.application_permissions
                .iter()
                .copied()
                .collect::<BTreeSet<_>>(),
            permissions
        );
        assert_eq!(r.own_records_without_role, log == LogKind::SignIn, "{log}");
    }
    assert_eq!(RULES.len(), LogKind::ALL.len());
}

#[test]
fn global_administrator_cannot_read_custom_security_attribute_audits() {
    let admin = principal(
        Mode::Delegated,
        &[
            Permission::CustomSecAttributeAuditLogsReadAll,
            Permission::AuditLogReadAll,
        ],
        &[DirectoryRole::GlobalAdministrator],
    );
    for tier in LicenseTier::ALL {
        assert_eq!(
            authorize(&admin, LogKind::CustomSecurityAttributeAudit, tier),
            deny(
                DenialCode::AuthorizationRequestDenied,
                MSG_USER_NOT_IN_ROLES
            )
        );
    }
    let reader = principal(
        Mode::Delegated,
        &[Permission::CustomSecAttributeAuditLogsReadAll],
        &[DirectoryRole::AttributeLogReader],
    );
    assert_eq!(
        authorize(
            &reader,
            LogKind::CustomSecurityAttributeAudit,
            LicenseTier::Free
        ),
        Decision::Allow(AccessScope::All)
    );
    // The attribute log roles do not open the other logs.
    assert_eq!(
        authorize(&reader, LogKind::DirectoryAudit, LicenseTier::P2),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_INSUFFICIENT_PRIVILEGES
        )
    );
}

#[test]
fn a_user_without_a_role_reads_only_their_own_sign_ins() {
    let user = principal(Mode::Delegated, &[Permission::AuditLogReadAll], &[]);
    assert_eq!(
        authorize(&user, LogKind::SignIn, LicenseTier::P1),
        Decision::Allow(AccessScope::OwnSignIns { user_id: USER })
    );
    assert_eq!(
        authorize(&user, LogKind::SignIn, LicenseTier::Free),
        deny(DenialCode::NonPremiumTenant, MSG_NON_PREMIUM_TENANT)
    );
    for log in [LogKind::DirectoryAudit, LogKind::Provisioning] {
        assert_eq!(
            authorize(&user, log, LicenseTier::P2),
            deny(
                DenialCode::AuthorizationRequestDenied,
                MSG_USER_NOT_IN_ROLES
            )
        );
    }
    assert_eq!(
        authorize(
            &user,
            LogKind::CustomSecurityAttributeAudit,
            LicenseTier::P2
        ),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_INSUFFICIENT_PRIVILEGES
        )
    );
    // Roles that govern other logs only still leave the own-sign-ins view.
    let provisioner = principal(
        Mode::Delegated,
        &[Permission::DirectoryReadAll],
        &[DirectoryRole::VigilProvisioningLogsReader],
    );
    assert!(matches!(
        authorize(&provisioner, LogKind::SignIn, LicenseTier::P1),
        Decision::Allow(AccessScope::OwnSignIns { .. })
    ));
    assert_eq!(
        authorize(&provisioner, LogKind::Provisioning, LicenseTier::P1),
        Decision::Allow(AccessScope::All)
    );
    assert_eq!(
        authorize(&provisioner, LogKind::DirectoryAudit, LicenseTier::P1),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_USER_NOT_IN_ROLES
        )
    );
}

#[test]
fn app_only_callers_need_application_permissions_and_ignore_roles() {
    let app = principal(Mode::App, &[Permission::DirectoryReadAll], &[]);
    assert_eq!(
        authorize(&app, LogKind::SignIn, LicenseTier::P2),
        Decision::Allow(AccessScope::All)
    );
    assert_eq!(
        authorize(&app, LogKind::Provisioning, LicenseTier::Free),
        deny(DenialCode::NonPremiumTenant, MSG_NON_PREMIUM_TENANT)
    );
    assert_eq!(
        authorize(&app, LogKind::CustomSecurityAttributeAudit, LicenseTier::P2),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_APP_MISSING_CSA_PERMISSION
        )
    );
    let role_only = principal(Mode::App, &[], &[DirectoryRole::GlobalAdministrator]);
    assert_eq!(
        authorize(&role_only, LogKind::DirectoryAudit, LicenseTier::P2),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_APP_MISSING_AUDIT_PERMISSION
        )
    );
}

#[test]
fn permission_is_checked_before_license() {
    let nobody = principal(Mode::Delegated, &[], &[]);
    assert_eq!(
        authorize(&nobody, LogKind::SignIn, LicenseTier::Free),
        deny(
            DenialCode::AuthorizationRequestDenied,
            MSG_INSUFFICIENT_PRIVILEGES
        )
    );
    assert_eq!(Denial::STATUS, 403);
    assert_eq!(
        DenialCode::AuthorizationRequestDenied.as_str(),
        "Authorization_RequestDenied"
    );
    assert_eq!(
        DenialCode::NonPremiumTenant.as_str(),
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
    );
}
