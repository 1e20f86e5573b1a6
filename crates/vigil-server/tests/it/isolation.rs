//! Property: whatever token, `$filter`, `$skiptoken` and id a caller sends, a read never
//! returns another tenant's records, and a caller confined to their own sign-ins never gets
//! another user's. Records are named `<tenant>-<owner>-<n>` so every answer can be checked.
//! A `$skiptoken` minted for another tenant, scope or query is always refused.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use vigil_auth::DirectoryRole;

use crate::errors::url_encode;
use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, directory_audit, sign_in_of};

const TENANTS: [(&str, &str); 2] = [("a", TENANT), ("b", OTHER_TENANT)];
const USERS: [&str; 2] = ["u1@contoso.com", "u2@contoso.com"];

/// Who calls: tenant index, and a user index with no role, or an administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Who {
    tenant: usize,
    user: Option<usize>,
}

fn token(server: &TestServer, who: Who) -> String {
    let tenant = TENANTS[who.tenant].1;
    match who.user {
        Some(u) => server.user_token(tenant, USERS[u], &[]),
        None => server.user_token(tenant, "boss@contoso.com", &[DirectoryRole::GlobalReader]),
    }
}

async fn seed(server: &TestServer) {
    for (tag, tenant) in TENANTS {
        let mut sign_ins = Vec::new();
        for (u, upn) in USERS.iter().enumerate() {
            let oid = TestServer::object_id(tenant, upn);
            for n in 0..3 {
                sign_ins.push(sign_in_of(&format!("{tag}-u{u}-{n}"), &at_minute(n), &oid));
            }
        }
        let audits: Vec<Value> = (0..3)
            .map(|n| {
                directory_audit(
                    &format!("{tag}-da-{n}"),
                    &at_minute(n),
                    "Add member to group",
                    "x",
                )
            })
            .collect();
        assert_eq!(server.ingest(tenant, "signIns", &sign_ins).await.0, 200);
        assert_eq!(
            server.ingest(tenant, "directoryAudits", &audits).await.0,
            200
        );
    }
}

/// The filters tried: empty, benign, and attempts at other users' and tenants' records.
fn filters() -> Vec<String> {
    let mut out = vec![
        String::new(),
        "status/errorCode eq 0".to_owned(),
        "status/errorCode eq 0 or status/errorCode ne 0".to_owned(),
        "startswith(userPrincipalName, 's')".to_owned(),
    ];
    for (_, tenant) in TENANTS {
        for upn in USERS {
            let oid = TestServer::object_id(tenant, upn);
            out.push(format!("userId eq '{oid}'"));
            out.push(format!("userId ne '{oid}' or userId eq '{oid}'"));
            out.push(format!("not(userId eq '{oid}')"));
        }
    }
    out
}

/// A page token a caller got for a first page of a log without filter, with its origin.
struct Minted {
    who: Who,
    collection: &'static str,
    token: String,
}

async fn mint_pool(server: &TestServer) -> Vec<Minted> {
    let mut pool = Vec::new();
    for tenant in 0..2 {
        for user in [None, Some(0), Some(1)] {
            let who = Who { tenant, user };
            for collection in ["signIns", "directoryAudits"] {
                let path = format!("/v1.0/auditLogs/{collection}?$top=1");
                let (status, _, page) = server.get_as(Some(&token(server, who)), &path).await;
                if status != 200 {
                    continue;
                }
                let next = page["@odata.nextLink"].as_str().unwrap();
                let skip = next.split("$skiptoken=").nth(1).unwrap().to_owned();
                pool.push(Minted {
                    who,
                    collection,
                    token: skip,
                });
            }
        }
    }
    pool
}

#[derive(Clone, Debug)]
struct Case {
    who: Who,
    collection: &'static str,
    filter: usize,
    skip: Option<usize>,
    garbage_skip: bool,
    id: Option<String>,
}

fn cases(filters: usize, pool: usize) -> impl Strategy<Value = Case> {
    let ids = prop_oneof![
        Just(None),
        (0usize..2, 0usize..2, 0u8..3)
            .prop_map(|(t, u, n)| Some(format!("{}-u{u}-{n}", TENANTS[t].0))),
        (0usize..2, 0u8..3).prop_map(|(t, n)| Some(format!("{}-da-{n}", TENANTS[t].0))),
        "[a-z0-9-]{1,12}".prop_map(Some),
    ];
    (
        0usize..2,
        prop::option::of(0usize..2),
        prop::bool::ANY,
        0..filters,
        prop::option::of(0..pool),
        prop::bool::weighted(0.1),
        ids,
    )
        .prop_map(
            |(tenant, user, sign_ins, filter, skip, garbage_skip, id)| Case {
                who: Who { tenant, user },
                collection: if sign_ins {
                    "signIns"
                } else {
                    "directoryAudits"
                },
                filter,
                skip,
                garbage_skip,
                id,
            },
        )
}

/// Checks one answer; returns a description of the violation, if any.
fn violation(case: &Case, status: u16, body: &Value) -> Option<String> {
    if status != 200 {
        return None;
    }
    let (tag, _) = TENANTS[case.who.tenant];
    let records: Vec<&Value> = match body["value"].as_array() {
        Some(values) => values.iter().collect(),
        None => vec![body],
    };
    for record in records {
        let id = record["id"].as_str().unwrap_or("");
        if !id.starts_with(&format!("{tag}-")) {
            return Some(format!("{id} is another tenant's"));
        }
        if let Some(user) = case.who.user
            && !id.starts_with(&format!("{tag}-u{user}-"))
        {
            return Some(format!("{id} is another user's"));
        }
    }
    None
}

#[test]
fn no_token_filter_skiptoken_or_id_crosses_a_tenant_or_user() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (server, pool) = runtime.block_on(async {
        let server = TestServer::start().await;
        seed(&server).await;
        let pool = mint_pool(&server).await;
        (server, pool)
    });
    assert!(pool.len() >= 8, "tokens minted: {}", pool.len());
    let filters = filters();
    let mut runner = TestRunner::new(Config {
        cases: 160,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&cases(filters.len(), pool.len()), |case| {
            let token = token(&server, case.who);
            let mut path = format!("/v1.0/auditLogs/{}", case.collection);
            if let Some(id) = &case.id {
                path.push('/');
                path.push_str(id);
            }
            path.push_str("?$top=2");
            let filter = &filters[case.filter];
            if !filter.is_empty() {
                path.push_str(&format!("&$filter={}", url_encode(filter)));
            }
            let minted = case.skip.map(|i| &pool[i]);
            if case.garbage_skip {
                path.push_str(
                    "&$skiptoken=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                );
            } else if let Some(minted) = minted {
                path.push_str(&format!("&$skiptoken={}", minted.token));
            }
            let (status, _, body) = runtime.block_on(server.get_as(Some(&token), &path));
            if let Some(problem) = violation(&case, status, &body) {
                return Err(TestCaseError::fail(format!("{path}: {problem}")));
            }
            let foreign_token = minted.is_some_and(|m| {
                m.who.tenant != case.who.tenant
                    || m.who.user != case.who.user
                    || m.collection != case.collection
                    || !filter.is_empty()
            });
            let list_read = case.id.is_none() && status != 403;
            if list_read && (case.garbage_skip || foreign_token) && status != 400 {
                return Err(TestCaseError::fail(format!(
                    "{path}: a foreign or forged $skiptoken answered {status}: {body}"
                )));
            }
            Ok(())
        })
        .unwrap();
    runtime.block_on(server.stop());
}
