//! The portal's aggregation endpoints over HTTP: `GET /insights/v1/{log}/summary` for every
//! log, each `groupBy`, `interval` day and week, `top` and filters (indexed and not). The
//! fixture and helpers are shared with `insights_access.rs` (scope, refusals, audit, Graph's
//! app summary).

use serde_json::{Value, json};
use vigil_model::LicenseTier;

use crate::errors::url_encode;
use crate::harness::{
    OTHER_TENANT, Options, TENANT, TestServer, attribute_audit, directory_audit, provisioning,
    sign_in,
};

pub const ANN: &str = "ann@contoso.com";
pub const BOB: &str = "bob@contoso.com";
pub const FREE: &str = "00000000-0000-4000-8000-00000000f4ee";
pub const GRAPH_EXPLORER: &str = "de8bc8b5-d9f9-48b1-a8ad-b748da725064";
pub const EXCHANGE: &str = "00000002-0000-0ff1-ce00-000000000000";

/// A sign-in of `upn` (with the object id the issuer gives them) to `app`.
fn user_sign_in(id: &str, created: &str, upn: &str, app: (&str, &str), code: i64) -> Value {
    let mut record = sign_in(id, created, upn, "interactiveUser", code);
    record["userId"] = json!(TestServer::object_id(TENANT, upn));
    record["userDisplayName"] = json!(if upn == ANN {
        "Ann Example"
    } else {
        "Bob Example"
    });
    record["appId"] = json!(app.0);
    record["appDisplayName"] = json!(app.1);
    record
}

/// Fixture data (the server's clock starts at 2026-01-03, P2 keeps 30 days): sign-ins in
/// the weeks of Monday 2025-12-22 and Monday 2025-12-29.
pub async fn server_with_data() -> TestServer {
    let server = TestServer::start_opts(Options {
        tenants: vec![(FREE.to_owned(), LicenseTier::Free)],
        ..Options::default()
    })
    .await;
    let ge = (GRAPH_EXPLORER, "Graph Explorer");
    let exo = (EXCHANGE, "Office 365 Exchange Online");
    let mut non_interactive = user_sign_in("s6", "2026-01-01T09:00:00Z", ANN, ge, 0);
    non_interactive["signInEventTypes"] = json!(["nonInteractiveUser"]);
    non_interactive["isInteractive"] = json!(false);
    let sign_ins = vec![
        user_sign_in("s1", "2025-12-26T10:00:00Z", ANN, ge, 0),
        user_sign_in("s2", "2025-12-26T11:00:00Z", ANN, exo, 50126),
        user_sign_in("s3", "2025-12-29T09:00:00Z", BOB, ge, 50140),
        user_sign_in("s4", "2025-12-30T09:00:00Z", BOB, ge, 0),
        user_sign_in("s5", "2026-01-01T08:00:00Z", ANN, exo, 0),
        non_interactive,
    ];
    ingest(&server, TENANT, "signIns", &sign_ins).await;

    let mut failed = directory_audit("d3", "2025-12-30T12:00:00Z", "Update user", "u");
    failed["result"] = json!("failure");
    failed["category"] = json!("UserManagement");
    let mut by_app = directory_audit("d4", "2025-12-31T12:00:00Z", "Update user", "u");
    by_app["initiatedBy"] = json!({"app": {"appId": "a-1", "displayName": "Sync Agent"}});
    by_app["category"] = json!("UserManagement");
    ingest(
        &server,
        TENANT,
        "directoryAudits",
        &[
            directory_audit("d1", "2025-12-26T12:00:00Z", "Add member to group", "u"),
            directory_audit("d2", "2025-12-29T12:00:00Z", "Add member to group", "u"),
            failed,
            by_app,
        ],
    )
    .await;

    let mut skipped = provisioning("p2", "2025-12-30T01:00:00Z");
    skipped["provisioningStatusInfo"] = json!({"status": "skipped", "errorInformation": null});
    skipped["provisioningAction"] = json!("update");
    let mut failed = provisioning("p3", "2025-12-31T01:00:00Z");
    failed["provisioningStatusInfo"] = json!({"status": "failure", "errorInformation": null});
    failed["targetSystem"]["displayName"] = json!("ServiceNow");
    ingest(
        &server,
        TENANT,
        "provisioning",
        &[provisioning("p1", "2025-12-29T01:00:00Z"), skipped, failed],
    )
    .await;

    let mut csa_failed = attribute_audit("c2", "2025-12-31T02:00:00Z");
    csa_failed["result"] = json!("failure");
    ingest(
        &server,
        TENANT,
        "customSecurityAttributeAudits",
        &[attribute_audit("c1", "2025-12-30T02:00:00Z"), csa_failed],
    )
    .await;

    // Another tenant: the same apps and users, more sign-ins — never counted for ours.
    let theirs: Vec<Value> = (0..7)
        .map(|i| user_sign_in(&format!("o{i}"), "2025-12-30T10:00:00Z", ANN, ge, 0))
        .collect();
    ingest(&server, OTHER_TENANT, "signIns", &theirs).await;
    ingest(
        &server,
        OTHER_TENANT,
        "directoryAudits",
        &[directory_audit(
            "od",
            "2025-12-30T10:00:00Z",
            "Delete user",
            "u",
        )],
    )
    .await;
    server
}

async fn ingest(server: &TestServer, tenant: &str, log: &str, records: &[Value]) {
    let (status, body) = server.ingest(tenant, log, records).await;
    assert_eq!(status, 200, "{log}: {body}");
}

pub async fn summary_as(server: &TestServer, token: &str, path: &str) -> Value {
    let (status, headers, body) = server.get_as(Some(token), path).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    body
}

pub async fn summary(server: &TestServer, path: &str) -> Value {
    summary_as(server, &server.token, path).await
}

pub fn rows(body: &Value) -> &Vec<Value> {
    body["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {body}"))
}

/// (bucket, key, total, success, failure, interrupted) of every row.
pub type Shape = (Option<String>, Option<String>, u64, u64, u64, u64);

pub fn shape(body: &Value) -> Vec<Shape> {
    rows(body)
        .iter()
        .map(|r| {
            (
                r["bucket"].as_str().map(str::to_owned),
                r["key"].as_str().map(str::to_owned),
                r["total"].as_u64().unwrap(),
                r["success"].as_u64().unwrap(),
                r["failure"].as_u64().unwrap(),
                r["interrupted"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub fn row(bucket: Option<&str>, key: Option<&str>, counts: [u64; 4]) -> Shape {
    (
        bucket.map(str::to_owned),
        key.map(str::to_owned),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
    )
}

pub fn total(body: &Value) -> u64 {
    rows(body)
        .iter()
        .map(|r| r["total"].as_u64().unwrap())
        .sum()
}

const WEEK_1: &str = "2025-12-22T00:00:00Z";
const WEEK_2: &str = "2025-12-29T00:00:00Z";

#[tokio::test]
async fn sign_in_summaries_count_bucket_group_and_rank() {
    let server = server_with_data().await;

    // Everything (interactive only, as the list): one row.
    let all = summary(&server, "/insights/v1/signIns/summary").await;
    assert_eq!(all["interval"], Value::Null);
    assert_eq!(all["groupBy"], Value::Null);
    assert_eq!(shape(&all), vec![row(None, None, [5, 3, 1, 1])]);
    let only = &rows(&all)[0];
    assert_eq!(only["label"], Value::Null);
    assert_eq!(only["detail"], Value::Null);
    assert_eq!(only["latest"], "2026-01-01T08:00:00Z");

    // Days and weeks (weeks begin on Monday, UTC); the path is case-insensitive.
    let days = summary(&server, "/insights/v1/SIGNINS/summary?interval=day").await;
    assert_eq!(days["interval"], "day");
    assert_eq!(
        shape(&days),
        vec![
            row(Some("2025-12-26T00:00:00Z"), None, [2, 1, 1, 0]),
            row(Some("2025-12-29T00:00:00Z"), None, [1, 0, 0, 1]),
            row(Some("2025-12-30T00:00:00Z"), None, [1, 1, 0, 0]),
            row(Some("2026-01-01T00:00:00Z"), None, [1, 1, 0, 0]),
        ]
    );
    let weeks = summary(
        &server,
        "/insights/v1/signIns/summary?interval=week&groupBy=app",
    )
    .await;
    assert_eq!(weeks["groupBy"], "app");
    assert_eq!(
        shape(&weeks),
        vec![
            row(Some(WEEK_1), Some(EXCHANGE), [1, 0, 1, 0]),
            row(Some(WEEK_1), Some(GRAPH_EXPLORER), [1, 1, 0, 0]),
            row(Some(WEEK_2), Some(GRAPH_EXPLORER), [2, 1, 0, 1]),
            row(Some(WEEK_2), Some(EXCHANGE), [1, 1, 0, 0]),
        ]
    );
    let labels: Vec<&str> = rows(&weeks)
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Office 365 Exchange Online",
            "Graph Explorer",
            "Graph Explorer",
            "Office 365 Exchange Online"
        ]
    );
    assert_eq!(rows(&weeks)[2]["latest"], "2025-12-30T09:00:00Z");

    // top: the keys with the highest totals over the whole range (Graph Explorer 3, EXO 2).
    let top = summary(
        &server,
        "/insights/v1/signIns/summary?interval=week&groupBy=app&top=1",
    )
    .await;
    assert_eq!(
        shape(&top),
        vec![
            row(Some(WEEK_1), Some(GRAPH_EXPLORER), [1, 1, 0, 0]),
            row(Some(WEEK_2), Some(GRAPH_EXPLORER), [2, 1, 0, 1]),
        ]
    );

    let status = summary(&server, "/insights/v1/signIns/summary?groupBy=status").await;
    assert_eq!(
        shape(&status),
        vec![
            row(None, Some("success"), [3, 3, 0, 0]),
            row(None, Some("failure"), [1, 0, 1, 0]),
            row(None, Some("interrupted"), [1, 0, 0, 1]),
        ]
    );

    let users = summary(&server, "/insights/v1/signIns/summary?groupBy=user").await;
    let ann = TestServer::object_id(TENANT, ANN);
    let bob = TestServer::object_id(TENANT, BOB);
    assert_eq!(
        shape(&users),
        vec![
            row(None, Some(&ann), [3, 2, 1, 0]),
            row(None, Some(&bob), [2, 1, 0, 1]),
        ]
    );
    assert_eq!(rows(&users)[0]["label"], "Ann Example");
    assert_eq!(rows(&users)[0]["detail"], ANN);

    // Every other dimension answers and counts every record once.
    for dimension in [
        "authenticationRequirement",
        "authenticationMethod",
        "clientAppUsed",
        "conditionalAccessStatus",
        "riskLevelDuringSignIn",
        "riskState",
        "operatingSystem",
        "browser",
        "country",
        "signInEventType",
    ] {
        for interval in ["day", "week"] {
            let body = summary(
                &server,
                &format!("/insights/v1/signIns/summary?groupBy={dimension}&interval={interval}"),
            )
            .await;
            assert_eq!(body["groupBy"], dimension);
            assert_eq!(total(&body), 5, "{dimension}: {body}");
        }
    }
    let clients = summary(
        &server,
        "/insights/v1/signIns/summary?groupBy=clientAppUsed",
    )
    .await;
    assert_eq!(rows(&clients)[0]["key"], "browser");
    assert_eq!(rows(&clients)[0]["label"], "Browser");
    let methods = summary(
        &server,
        "/insights/v1/signIns/summary?groupBy=authenticationMethod",
    )
    .await;
    // The fixture records have no authenticationDetails: one row under a null key.
    assert_eq!(shape(&methods), vec![row(None, None, [5, 3, 1, 1])]);
    let os = summary(
        &server,
        "/insights/v1/signIns/summary?groupBy=operatingSystem",
    )
    .await;
    assert_eq!(rows(&os)[0]["key"], "windows 10");
    assert_eq!(rows(&os)[0]["label"], "Windows 10");

    // Filters: the list's catalogue, its implicit event type, and signInEventTypes to widen.
    let filter = url_encode(
        "createdDateTime ge 2025-12-29T00:00:00Z and createdDateTime lt 2025-12-31T00:00:00Z",
    );
    let ranged = summary(
        &server,
        &format!("/insights/v1/signIns/summary?$filter={filter}"),
    )
    .await;
    assert_eq!(shape(&ranged), vec![row(None, None, [2, 1, 0, 1])]);
    let filter = url_encode("signInEventTypes/any(t: t eq 'nonInteractiveUser')");
    let non_interactive = summary(
        &server,
        &format!("/insights/v1/signIns/summary?filter={filter}&groupBy=signInEventType"),
    )
    .await;
    assert_eq!(
        shape(&non_interactive),
        vec![row(None, Some("nonInteractiveUser"), [1, 1, 0, 0])]
    );
    // An unindexed filter (the store's exact path) gives the same counts as indexed ones.
    let filter = url_encode("location/state eq 'Washington'");
    let exact = summary(
        &server,
        &format!("/insights/v1/signIns/summary?$filter={filter}&interval=week&groupBy=app"),
    )
    .await;
    assert_eq!(shape(&exact), shape(&weeks));
    assert_eq!(exact["value"], weeks["value"]);
}

#[tokio::test]
async fn audit_provisioning_and_attribute_summaries_group_by_their_dimensions() {
    let server = server_with_data().await;

    let results = summary(
        &server,
        "/insights/v1/directoryAudits/summary?groupBy=result",
    )
    .await;
    assert_eq!(
        shape(&results),
        vec![
            row(None, Some("success"), [3, 3, 0, 0]),
            row(None, Some("failure"), [1, 0, 1, 0]),
        ]
    );
    let activities = summary(
        &server,
        "/insights/v1/directoryAudits/summary?groupBy=activity&interval=week",
    )
    .await;
    assert_eq!(
        shape(&activities),
        vec![
            row(Some(WEEK_1), Some("add member to group"), [1, 1, 0, 0]),
            row(Some(WEEK_2), Some("update user"), [2, 1, 1, 0]),
            row(Some(WEEK_2), Some("add member to group"), [1, 1, 0, 0]),
        ]
    );
    assert_eq!(rows(&activities)[0]["label"], "Add member to group");
    let initiators = summary(
        &server,
        "/insights/v1/directoryAudits/summary?groupBy=initiatedBy",
    )
    .await;
    assert_eq!(
        shape(&initiators),
        vec![
            row(None, Some("audry@contoso.com"), [3, 2, 1, 0]),
            row(None, Some("sync agent"), [1, 1, 0, 0]),
        ]
    );
    assert_eq!(rows(&initiators)[1]["label"], "Sync Agent");
    for dimension in ["category", "service"] {
        let body = summary(
            &server,
            &format!("/insights/v1/directoryAudits/summary?groupBy={dimension}&interval=day"),
        )
        .await;
        assert_eq!(total(&body), 4, "{dimension}: {body}");
    }
    let services = summary(
        &server,
        "/insights/v1/directoryAudits/summary?groupBy=service",
    )
    .await;
    assert_eq!(
        shape(&services),
        vec![row(None, Some("core directory"), [4, 3, 1, 0])]
    );
    assert_eq!(rows(&services)[0]["label"], "Core Directory");

    let statuses = summary(&server, "/insights/v1/provisioning/summary?groupBy=status").await;
    assert_eq!(
        shape(&statuses),
        vec![
            row(None, Some("failure"), [1, 0, 1, 0]),
            row(None, Some("skipped"), [1, 0, 0, 1]),
            row(None, Some("success"), [1, 1, 0, 0]),
        ]
    );
    let actions = summary(
        &server,
        "/insights/v1/provisioning/summary?groupBy=action&interval=day",
    )
    .await;
    assert_eq!(
        shape(&actions),
        vec![
            row(Some("2025-12-29T00:00:00Z"), Some("create"), [1, 1, 0, 0]),
            row(Some("2025-12-30T00:00:00Z"), Some("update"), [1, 0, 0, 1]),
            row(Some("2025-12-31T00:00:00Z"), Some("create"), [1, 0, 1, 0]),
        ]
    );
    let targets = summary(
        &server,
        "/insights/v1/provisioning/summary?groupBy=targetSystem&top=1",
    )
    .await;
    assert_eq!(
        shape(&targets),
        vec![row(None, Some("Amazon Web Services (AWS)"), [2, 1, 0, 1])]
    );
    let sources = summary(
        &server,
        "/insights/v1/provisioning/summary?groupBy=sourceSystem",
    )
    .await;
    assert_eq!(
        shape(&sources),
        vec![row(None, Some("Azure Active Directory"), [3, 1, 1, 1])]
    );

    for (dimension, first_key) in [
        ("activity", "update attribute values assigned to a user"),
        ("result", "failure"),
        ("service", "core directory"),
    ] {
        let body = summary(
            &server,
            &format!(
                "/insights/v1/customSecurityAttributeAudits/summary?groupBy={dimension}&interval=week"
            ),
        )
        .await;
        assert_eq!(total(&body), 2, "{dimension}: {body}");
        assert_eq!(rows(&body)[0]["key"], first_key, "{body}");
    }
}
