//! A user without a reporting role reads only their own sign-ins: whatever `$filter` they
//! send, by id (another user's id is a 404, like a missing one), in counts, and across
//! pages; and `$skiptoken`s do not carry a walk into another user's, scope's or tenant's
//! records.

use serde_json::Value;

use crate::errors::{assert_graph_error, url_encode};
use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, sign_in_of};

const ANN: &str = "ann@contoso.com";
const BOB: &str = "bob@contoso.com";

struct Fixture {
    server: TestServer,
    ann: String,
    bob: String,
    ann_id: String,
    bob_id: String,
}

async fn fixture() -> Fixture {
    let server = TestServer::start().await;
    let ann_id = TestServer::object_id(TENANT, ANN);
    let bob_id = TestServer::object_id(TENANT, BOB);
    let mut records = Vec::new();
    for i in 0..4 {
        records.push(sign_in_of(&format!("ann-{i}"), &at_minute(i), &ann_id));
        records.push(sign_in_of(&format!("bob-{i}"), &at_minute(i), &bob_id));
    }
    let mut non_interactive = sign_in_of("ann-ni", &at_minute(9), &ann_id);
    non_interactive["signInEventTypes"] = serde_json::json!(["nonInteractiveUser"]);
    non_interactive["isInteractive"] = Value::Bool(false);
    records.push(non_interactive);
    let (status, body) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200, "{body}");
    // The same user name in another tenant has sign-ins too.
    let other_ann = TestServer::object_id(OTHER_TENANT, ANN);
    let (status, _) = server
        .ingest(
            OTHER_TENANT,
            "signIns",
            &[sign_in_of("other-tenant-ann", &at_minute(1), &other_ann)],
        )
        .await;
    assert_eq!(status, 200);
    Fixture {
        ann: server.user_token(TENANT, ANN, &[]),
        bob: server.user_token(TENANT, BOB, &[]),
        server,
        ann_id,
        bob_id,
    }
}

fn ids(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {page}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn skiptoken(page: &Value) -> String {
    let next = page["@odata.nextLink"].as_str().unwrap();
    next.split("$skiptoken=").nth(1).unwrap().to_owned()
}

#[tokio::test]
async fn no_filter_can_reach_another_users_sign_ins() {
    let f = fixture().await;
    let all = f
        .server
        .walk_as(&f.ann, "/v1.0/auditLogs/signIns?$top=2")
        .await;
    let walked: Vec<&str> = all.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(walked, ["ann-3", "ann-2", "ann-1", "ann-0"]);
    let (bob, ann) = (&f.bob_id, &f.ann_id);
    for filter in [
        format!("userId eq '{bob}'"),
        format!("userId eq '{bob}' or userId eq '{ann}'"),
        format!("userId ne '{ann}'"),
        format!("not(userId eq '{ann}')"),
        format!("(userId eq '{bob}') or (status/errorCode eq 0)"),
        format!("userId in ('{bob}', '{ann}')"),
        "status/errorCode eq 0 or status/errorCode ne 0".to_owned(),
        "startswith(userPrincipalName, 'bob') or startswith(userPrincipalName, '')".to_owned(),
        "signInEventTypes/any(t: t ne 'nothing')".to_owned(),
    ] {
        for version in ["v1.0", "beta"] {
            let path = format!(
                "/{version}/auditLogs/signIns?$count=true&$filter={}",
                url_encode(&filter)
            );
            let (status, _, page) = f.server.get_as(Some(&f.ann), &path).await;
            if status == 400 {
                // Beta-only properties are refused on v1.0; nothing is returned either way.
                assert_eq!(version, "v1.0", "{filter}: {page}");
                continue;
            }
            assert_eq!(status, 200, "{filter}: {page}");
            let got = ids(&page);
            assert!(
                got.iter().all(|id| id.starts_with("ann-")),
                "{filter}: {got:?}"
            );
            assert_eq!(
                page["@odata.count"].as_u64(),
                Some(got.len() as u64),
                "{filter}"
            );
        }
    }
    let (_, _, mine) = f
        .server
        .get_as(
            Some(&f.ann),
            &format!(
                "/v1.0/auditLogs/signIns?$filter={}",
                url_encode(&format!("userId eq '{ann}'"))
            ),
        )
        .await;
    assert_eq!(ids(&mine).len(), 4);
    let (_, _, beta) = f
        .server
        .get_as(
            Some(&f.ann),
            "/beta/auditLogs/signIns?$filter=signInEventTypes/any(t:t%20eq%20'nonInteractiveUser')",
        )
        .await;
    assert_eq!(
        ids(&beta),
        ["ann-ni"],
        "own non-interactive sign-ins are visible too"
    );
    f.server.stop().await;
}

#[tokio::test]
async fn another_users_id_is_not_found_like_a_missing_one() {
    let f = fixture().await;
    let (status, _, own) = f
        .server
        .get_as(Some(&f.ann), "/v1.0/auditLogs/signIns/ann-1")
        .await;
    assert_eq!(status, 200, "{own}");
    let (status, _, theirs) = f
        .server
        .get_as(Some(&f.ann), "/beta/auditLogs/signIns/bob-1")
        .await;
    assert_eq!(status, 404, "{theirs}");
    assert_graph_error(&theirs, "Request_ResourceNotFound");
    let (_, _, missing) = f
        .server
        .get_as(Some(&f.ann), "/beta/auditLogs/signIns/nope-1")
        .await;
    assert_eq!(
        theirs["error"]["message"]
            .as_str()
            .unwrap()
            .replace("bob-1", "X"),
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .replace("nope-1", "X"),
        "the two 404s differ only in the id"
    );
    let (status, _, _) = f
        .server
        .get_as(Some(&f.ann), "/v1.0/auditLogs/signIns/other-tenant-ann")
        .await;
    assert_eq!(
        status, 404,
        "the same user name in another tenant is another user"
    );
    // Other logs stay closed to a user without a role.
    let (status, _, body) = f
        .server
        .get_as(Some(&f.ann), "/v1.0/auditLogs/directoryAudits")
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["message"], "User isn't in the allowed roles");
    f.server.stop().await;
}

#[tokio::test]
async fn skiptokens_are_bound_to_tenant_and_scope() {
    let f = fixture().await;
    let path = "/v1.0/auditLogs/signIns?$top=1";
    let (_, _, ann_page) = f.server.get_as(Some(&f.ann), path).await;
    let ann_token = skiptoken(&ann_page);
    let (_, _, admin_page) = f.server.get(path).await;
    let admin_token = skiptoken(&admin_page);
    let other_admin = f.server.admin_token(OTHER_TENANT);
    let other_ann = f.server.user_token(OTHER_TENANT, ANN, &[]);
    let continue_with = |token: &str| format!("{path}&$skiptoken={token}");

    let (status, _, next) = f
        .server
        .get_as(Some(&f.ann), &continue_with(&ann_token))
        .await;
    assert_eq!(status, 200, "the owner continues: {next}");
    assert_eq!(ids(&next), ["ann-2"]);
    for (who, token, skip) in [
        ("bob with ann's token", &f.bob, &ann_token),
        ("the admin with ann's token", &f.server.token, &ann_token),
        ("ann with the admin's token", &f.ann, &admin_token),
        ("another tenant's admin", &other_admin, &admin_token),
        ("ann of another tenant", &other_ann, &ann_token),
    ] {
        let (status, _, body) = f.server.get_as(Some(token), &continue_with(skip)).await;
        assert_eq!(status, 400, "{who}: {body}");
        assert_graph_error(&body, "BadRequest");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("$skiptoken"),
            "{who}"
        );
    }
    f.server.stop().await;
}
