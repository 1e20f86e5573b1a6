//! The portal's aggregation endpoints over HTTP: `GET /insights/v1/{log}/summary` for every
//! log, each `groupBy`, `interval` day and week, `top`, filters, the own-sign-ins scope,
//! 401/403/400/404s in Graph's shape, tenant isolation, the read audit, `meta`, and Graph's
//! `getAzureADApplicationSignInSummary`.

use serde_json::{Value, json};
use vigil_auth::DirectoryRole;
use vigil_model::LicenseTier;

use crate::errors::{assert_graph_error, url_encode};
use crate::harness::{
    OTHER_TENANT, Options, TENANT, TestServer, attribute_audit, directory_audit, provisioning,
    sign_in,
};

const ANN: &str = "ann@contoso.com";
const BOB: &str = "bob@contoso.com";
const FREE: &str = "00000000-0000-4000-8000-00000000f4ee";
const GRAPH_EXPLORER: &str = "de8bc8b5-d9f9-48b1-a8ad-b748da725064";
const EXCHANGE: &str = "00000002-0000-0ff1-ce00-000000000000";

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
async fn server_with_data() -> TestServer {
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

async fn summary_as(server: &TestServer, token: &str, path: &str) -> Value {
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

async fn summary(server: &TestServer, path: &str) -> Value {
    summary_as(server, &server.token, path).await
}

fn rows(body: &Value) -> &Vec<Value> {
    body["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {body}"))
}

/// (bucket, key, total, success, failure, interrupted) of every row.
type Shape = (Option<String>, Option<String>, u64, u64, u64, u64);

fn shape(body: &Value) -> Vec<Shape> {
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

fn row(bucket: Option<&str>, key: Option<&str>, counts: [u64; 4]) -> Shape {
    (
        bucket.map(str::to_owned),
        key.map(str::to_owned),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
    )
}

fn total(body: &Value) -> u64 {
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

#[tokio::test]
async fn users_without_a_reporting_role_summarise_only_their_own_sign_ins() {
    let server = server_with_data().await;
    let ann = server.user_token(TENANT, ANN, &[]);
    let bob = server.user_token(TENANT, BOB, &[]);
    let mine = summary_as(&server, &ann, "/insights/v1/signIns/summary?groupBy=user").await;
    assert_eq!(
        shape(&mine),
        vec![row(
            None,
            Some(&TestServer::object_id(TENANT, ANN)),
            [3, 2, 1, 0]
        )]
    );
    // No filter widens the scope.
    let filter = url_encode(&format!(
        "userId eq '{}' or userId ne 'x'",
        TestServer::object_id(TENANT, BOB)
    ));
    let widened = summary_as(
        &server,
        &ann,
        &format!("/insights/v1/signIns/summary?$filter={filter}"),
    )
    .await;
    assert_eq!(total(&widened), 3);
    let bobs = summary_as(&server, &bob, "/insights/v1/signIns/summary?interval=day").await;
    assert_eq!(total(&bobs), 2);
    // Their own app summary too.
    let (status, _, apps) = server
        .get_as(
            Some(&bob),
            "/beta/reports/getAzureADApplicationSignInSummary(period='D30')",
        )
        .await;
    assert_eq!(status, 200, "{apps}");
    assert_eq!(apps["value"][0]["successfulSignInCount"], 1);
    assert_eq!(apps["value"][0]["failedSignInCount"], 1);
    // Audits are not theirs to read.
    let (status, _, body) = server
        .get_as(Some(&ann), "/insights/v1/directoryAudits/summary")
        .await;
    assert_eq!(status, 403, "{body}");
    assert_graph_error(&body, "Authorization_RequestDenied");
}

#[tokio::test]
async fn refusals_are_graph_errors() {
    let server = server_with_data().await;
    // No token: 401 before routing, for known and unknown paths alike.
    for path in [
        "/insights/v1/signIns/summary",
        "/insights/v1/meta",
        "/insights/v1/nothing/summary",
        "/Insights/v2",
        "/beta/reports/getAzureADApplicationSignInSummary(period='D7')",
    ] {
        let (status, headers, body) = server.get_as(None, path).await;
        assert_eq!(status, 401, "{path}: {body}");
        assert!(headers.contains_key("www-authenticate"), "{path}");
        assert_graph_error(&body, "InvalidAuthenticationToken");
    }
    // A reader of audits may not read attribute audits; a Free tenant has no sign-in logs.
    let reader = server.user_token(TENANT, "rr@contoso.com", &[DirectoryRole::ReportsReader]);
    let (status, _, body) = server
        .get_as(
            Some(&reader),
            "/insights/v1/customSecurityAttributeAudits/summary",
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_graph_error(&body, "Authorization_RequestDenied");
    let (status, _, body) = server
        .get_as(
            Some(&server.admin_token(FREE)),
            "/insights/v1/signIns/summary",
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _, body) = server
        .get_as(
            Some(&server.admin_token(FREE)),
            "/insights/v1/directoryAudits/summary?groupBy=category",
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(rows(&body).is_empty());

    // Bad parameters name themselves.
    for (query, name) in [
        ("interval=month", "interval"),
        ("groupBy=category", "groupBy"),
        ("groupBy=app&top=0", "top"),
        ("groupBy=app&top=101", "top"),
        ("groupBy=app&top=three", "top"),
        ("top=3", "top"),
        ("$filter=nonsense%20eq%201", "$filter"),
        ("$filter=status%2FerrorCode%20eq", "$filter"),
        ("$orderby=createdDateTime", "$orderby"),
    ] {
        let (status, _, body) = server
            .get(&format!("/insights/v1/signIns/summary?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_graph_error(&body, "BadRequest");
        assert_eq!(body["error"]["details"][0]["target"], name, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(name.trim_start_matches('$')),
            "{body}"
        );
    }
    // Unknown logs and resources are 404s.
    for path in [
        "/insights/v1/riskDetections/summary",
        "/insights/v1/signIns/totals",
        "/beta/reports/getCredentialUsageSummary(period='D7')",
        "/v1.0/reports/getAzureADApplicationSignInSummary(period='D7')",
    ] {
        let (status, _, body) = server.get(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_graph_error(&body, "BadRequest");
    }
    let (status, _, body) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D8')")
        .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn tenants_only_see_their_own_counts() {
    let server = server_with_data().await;
    let other = server.admin_token(OTHER_TENANT);
    let theirs = summary_as(&server, &other, "/insights/v1/signIns/summary?groupBy=app").await;
    assert_eq!(
        shape(&theirs),
        vec![row(None, Some(GRAPH_EXPLORER), [7, 7, 0, 0])]
    );
    let audits = summary_as(&server, &other, "/insights/v1/directoryAudits/summary").await;
    assert_eq!(total(&audits), 1);
    let ours = summary(&server, "/insights/v1/directoryAudits/summary").await;
    assert_eq!(total(&ours), 4);
    // A tenant with no data at all has no rows.
    let empty = summary_as(
        &server,
        &other,
        "/insights/v1/provisioning/summary?interval=day",
    )
    .await;
    assert!(rows(&empty).is_empty());
}

#[tokio::test]
async fn summaries_are_in_the_read_audit() {
    let server = server_with_data().await;
    let path = "/insights/v1/signIns/summary?interval=day";
    let (status, headers, body) = server.get(path).await;
    assert_eq!(status, 200, "{body}");
    let request_id = headers["request-id"].to_str().unwrap().to_owned();
    let (status, _, _) = server
        .get("/insights/v1/signIns/summary?interval=year")
        .await;
    assert_eq!(status, 400);
    let (_, _, audit) = server.get("/admin/v1/readAudit?$top=3").await;
    let entries = audit["value"].as_array().unwrap();
    // Newest first: the admin's own read of the audit is not in its own answer.
    assert_eq!(entries[0]["status"], 400, "{audit}");
    assert_eq!(entries[0]["log"], "signIns");
    assert_eq!(entries[1]["pathAndQuery"], path);
    assert_eq!(entries[1]["status"], 200);
    assert_eq!(entries[1]["resultCount"], 4);
    assert_eq!(entries[1]["requestId"], request_id);
    // meta reads no log and is not recorded.
    let (status, _, meta) = server.get("/insights/v1/meta").await;
    assert_eq!(status, 200, "{meta}");
    let (_, _, after) = server.get("/admin/v1/readAudit?$top=1").await;
    assert_ne!(after["value"][0]["pathAndQuery"], "/insights/v1/meta");
}

#[tokio::test]
async fn meta_documents_the_outcome_rules() {
    let server = TestServer::start().await;
    let (status, _, meta) = server.get("/insights/v1/meta").await;
    assert_eq!(status, 200, "{meta}");
    assert_eq!(meta["intervals"], json!(["day", "week"]));
    assert_eq!(meta["maxTop"], 100);
    let codes = meta["interruptedSignInErrorCodes"].as_array().unwrap();
    assert!(codes.contains(&json!(50140)) && codes.contains(&json!(50074)));
    assert!(!codes.contains(&json!(0)) && !codes.contains(&json!(50126)));
    assert_eq!(
        meta["interruptedProvisioningStatuses"],
        json!(["skipped", "warning"])
    );
    assert_eq!(meta["groupBy"]["signIns"].as_array().unwrap().len(), 13);
    assert_eq!(
        meta["groupBy"]["customSecurityAttributeAudits"],
        json!(["activity", "result", "service"])
    );
    assert_eq!(
        meta["statusFilters"]["signIns"]["success"],
        "status/errorCode eq 0"
    );
}

#[tokio::test]
async fn graphs_application_sign_in_summary_comes_from_the_same_aggregation() {
    let server = server_with_data().await;
    // The clock is 2026-01-03: the last 7 days hold s3, s4 (Graph Explorer) and s5 (EXO).
    let (status, _, week) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D7')")
        .await;
    assert_eq!(status, 200, "{week}");
    assert_eq!(
        week["@odata.context"],
        "https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.applicationSignInSummary)"
    );
    assert_eq!(
        week["value"],
        json!([
            {"id": GRAPH_EXPLORER, "appDisplayName": "Graph Explorer", "successfulSignInCount": 1, "failedSignInCount": 1, "successPercentage": 50},
            {"id": EXCHANGE, "appDisplayName": "Office 365 Exchange Online", "successfulSignInCount": 1, "failedSignInCount": 0, "successPercentage": 100}
        ])
    );
    let (status, _, month) = server
        .get("/BETA/Reports/getazureADApplicationSignInSummary(period='d30')")
        .await;
    assert_eq!(status, 200, "{month}");
    let exo = &month["value"][1];
    assert_eq!(exo["id"], EXCHANGE);
    assert_eq!(exo["successfulSignInCount"], 1);
    assert_eq!(exo["failedSignInCount"], 1);
    assert_eq!(exo["successPercentage"], 50);
    let (status, _, day) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D1')")
        .await;
    assert_eq!(status, 200, "{day}");
    assert_eq!(day["value"], json!([]));
}
