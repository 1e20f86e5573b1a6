//! The authorisation matrix over real HTTP: every directory role (and none) with all
//! scopes, a role holder without scopes, and app-only tokens with each permission set ×
//! every log's list and get-by-id × Free / P1 / P2 tenants. The expected outcome of each
//! cell is read from `vigil_auth::RULES`, field by field, and compared with what the server
//! answers: the status, the Graph error code and message of a 403, and exactly which
//! records a 200 returns (all of the tenant's, or only the caller's own sign-ins). The
//! change feed of each log category is checked against the same table.

use std::collections::BTreeSet;

use serde_json::Value;
use uuid::Uuid;
use vigil_auth::{
    DirectoryRole, LogRule, MSG_INSUFFICIENT_PRIVILEGES, MSG_NON_PREMIUM_TENANT,
    MSG_USER_NOT_IN_ROLES, Permission, UserToken, rule,
};
use vigil_model::{LicenseTier, LogKind};

use crate::errors::assert_graph_error;
use crate::harness::{
    ALL_SCOPES, Options, TestServer, at_minute, attribute_audit, directory_audit, provisioning,
    sign_in_of,
};

const FREE: &str = "00000000-0000-4000-8000-00000000f4ee";
const P1: &str = "00000000-0000-4000-8000-0000000000b1";
const P2: &str = "00000000-0000-4000-8000-0000000000b2";
const USER: &str = "megan@contoso.com";
const APP: Uuid = Uuid::from_u128(0x5e1f_0001);

/// Who calls.
#[derive(Clone, Debug)]
enum Caller {
    /// Delegated, with these scopes and at most one role.
    User {
        scopes: Vec<Permission>,
        role: Option<DirectoryRole>,
    },
    /// App-only with these application permissions.
    App(Vec<Permission>),
}

/// What the table says.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    All,
    Own,
    Deny(&'static str, &'static str),
}

const DENIED: &str = "Authorization_RequestDenied";
const NON_PREMIUM: &str = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

fn expected(rule: &LogRule, caller: &Caller, tier: LicenseTier) -> Expect {
    let any =
        |granted: &[Permission], wanted: &[Permission]| granted.iter().any(|g| wanted.contains(g));
    let scope = match caller {
        Caller::App(perms) if !any(perms, rule.application_permissions) => {
            return Expect::Deny(DENIED, rule.app_denied_message);
        }
        Caller::App(_) => Expect::All,
        Caller::User { scopes, .. } if !any(scopes, rule.delegated_scopes) => {
            return Expect::Deny(DENIED, MSG_INSUFFICIENT_PRIVILEGES);
        }
        Caller::User {
            role: Some(role), ..
        } if rule.roles.contains(role) => Expect::All,
        Caller::User { .. } if rule.own_records_without_role => Expect::Own,
        Caller::User { .. } => return Expect::Deny(DENIED, MSG_USER_NOT_IN_ROLES),
    };
    if rule.licenses.contains(&tier) {
        scope
    } else {
        Expect::Deny(NON_PREMIUM, MSG_NON_PREMIUM_TENANT)
    }
}

fn callers() -> Vec<Caller> {
    let mut out: Vec<Caller> = std::iter::once(None)
        .chain(DirectoryRole::ALL.into_iter().map(Some))
        .map(|role| Caller::User {
            scopes: ALL_SCOPES.to_vec(),
            role,
        })
        .collect();
    out.push(Caller::User {
        scopes: vec![Permission::PolicyReadAll],
        role: Some(DirectoryRole::GlobalAdministrator),
    });
    for perms in [
        vec![],
        vec![Permission::AuditLogReadAll],
        vec![Permission::DirectoryReadAll],
        vec![Permission::CustomSecAttributeAuditLogsReadAll],
    ] {
        out.push(Caller::App(perms));
    }
    out
}

fn token(server: &TestServer, tenant: &str, caller: &Caller) -> String {
    match caller {
        Caller::User { scopes, role } => server.mint_user(UserToken {
            scopes: scopes.clone(),
            roles: role.iter().copied().collect(),
            ..UserToken::new(Uuid::parse_str(tenant).unwrap(), USER)
        }),
        Caller::App(perms) => server.app_token(tenant, APP, perms),
    }
}

/// Every log of every tenant holds records; sign-ins: one of the caller, one of someone else.
async fn seeded() -> TestServer {
    let server = TestServer::start_opts(Options {
        tenants: vec![
            (FREE.to_owned(), LicenseTier::Free),
            (P1.to_owned(), LicenseTier::P1),
            (P2.to_owned(), LicenseTier::P2),
        ],
        ..Options::default()
    })
    .await;
    for tenant in [FREE, P1, P2] {
        let me = TestServer::object_id(tenant, USER);
        let batches = [
            (
                "signIns",
                vec![
                    sign_in_of("own", &at_minute(1), &me),
                    sign_in_of("other", &at_minute(2), &Uuid::from_u128(7).to_string()),
                ],
            ),
            (
                "directoryAudits",
                vec![directory_audit(
                    "audit",
                    &at_minute(1),
                    "Add member to group",
                    "u",
                )],
            ),
            ("provisioning", vec![provisioning("prov", &at_minute(1))]),
            (
                "customSecurityAttributeAudits",
                vec![attribute_audit("csa", &at_minute(1))],
            ),
        ];
        for (collection, records) in batches {
            let (status, body) = server.ingest(tenant, collection, &records).await;
            assert_eq!(status, 200, "{collection}: {body}");
        }
    }
    server
}

fn all_ids(kind: LogKind) -> Vec<&'static str> {
    match kind {
        LogKind::SignIn => vec!["own", "other"],
        LogKind::DirectoryAudit => vec!["audit"],
        LogKind::Provisioning => vec!["prov"],
        LogKind::CustomSecurityAttributeAudit => vec!["csa"],
    }
}

fn ids(page: &Value) -> BTreeSet<String> {
    page["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {page}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn check_denial(context: &str, status: u16, body: &Value, expect: &Expect) -> bool {
    let Expect::Deny(code, message) = expect else {
        return false;
    };
    assert_eq!(status, 403, "{context}: {body}");
    assert_graph_error(body, code);
    assert_eq!(body["error"]["message"], *message, "{context}");
    true
}

#[tokio::test]
async fn every_role_log_tier_and_token_kind_gets_what_the_table_says() {
    let server = seeded().await;
    let mut cells = 0;
    for (tenant, tier) in [
        (FREE, LicenseTier::Free),
        (P1, LicenseTier::P1),
        (P2, LicenseTier::P2),
    ] {
        for caller in callers() {
            let token = token(&server, tenant, &caller);
            for kind in LogKind::ALL {
                let expect = expected(rule(kind), &caller, tier);
                let list = format!("/beta/auditLogs/{}", kind.collection());
                let context = format!("{caller:?} {tier:?} {list}");
                let (status, _, body) = server.get_as(Some(&token), &list).await;
                cells += 1;
                if !check_denial(&context, status, &body, &expect) {
                    assert_eq!(status, 200, "{context}: {body}");
                    let wanted: BTreeSet<String> = match expect {
                        Expect::Own => ["own".to_owned()].into(),
                        _ => all_ids(kind).iter().map(|s| (*s).to_owned()).collect(),
                    };
                    assert_eq!(ids(&body), wanted, "{context}");
                }
                for id in all_ids(kind) {
                    let path = format!("{list}/{id}");
                    let context = format!("{caller:?} {tier:?} {path}");
                    let (status, _, body) = server.get_as(Some(&token), &path).await;
                    cells += 1;
                    if check_denial(&context, status, &body, &expect) {
                        continue;
                    }
                    if expect == Expect::Own && id != "own" {
                        assert_eq!(status, 404, "{context}: another user's id is not found");
                        assert_graph_error(&body, "Request_ResourceNotFound");
                    } else {
                        assert_eq!(status, 200, "{context}: {body}");
                        assert_eq!(body["id"], id);
                    }
                }
            }
        }
    }
    assert_eq!(cells, 3 * callers().len() * (4 + 5));
    server.stop().await;
}

#[test]
fn the_matrix_covers_every_outcome() {
    let mut outcomes = BTreeSet::new();
    for tier in LicenseTier::ALL {
        for caller in callers() {
            for kind in LogKind::ALL {
                outcomes.insert(format!("{:?}", expected(rule(kind), &caller, tier)));
            }
        }
    }
    assert_eq!(outcomes.len(), 7, "{outcomes:#?}");
}

/// The change feed of every category answers exactly as a Graph read of the category's
/// log does: the same 403s (code and message), and the same records for a 200.
#[tokio::test]
async fn every_categorys_feed_is_authorised_as_its_log() {
    use vigil_export::Category;
    let server = seeded().await;
    let mut cells = 0;
    for (tenant, tier) in [
        (FREE, LicenseTier::Free),
        (P1, LicenseTier::P1),
        (P2, LicenseTier::P2),
    ] {
        for caller in callers() {
            let token = token(&server, tenant, &caller);
            for category in Category::ALL {
                let kind = category.kind();
                let expect = expected(rule(kind), &caller, tier);
                let path = format!("/export/v1/feed/{category}?format=graph&limit=1000");
                let context = format!("{caller:?} {tier:?} {path}");
                let (status, _, body) = server.get_as(Some(&token), &path).await;
                cells += 1;
                if check_denial(&context, status, &body, &expect) {
                    continue;
                }
                assert_eq!(status, 200, "{context}: {body}");
                // The seeded sign-ins are interactive: only SignInLogs has them.
                let wanted: BTreeSet<String> = match (category, &expect) {
                    (Category::SignInLogs, Expect::Own) => ["own".to_owned()].into(),
                    (c, _) if c.is_sign_in() && c != Category::SignInLogs => BTreeSet::new(),
                    _ => all_ids(kind).iter().map(|s| (*s).to_owned()).collect(),
                };
                let got: BTreeSet<String> = body["records"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["id"].as_str().unwrap().to_owned())
                    .collect();
                assert_eq!(got, wanted, "{context}");
            }
        }
    }
    assert_eq!(cells, 3 * callers().len() * Category::ALL.len());
    server.stop().await;
}
