//! Downloads over real HTTP, what they may return: the server's limit and `$top`, the
//! own-sign-ins scope, retention, Graph errors for bad options and refused callers, and the
//! read audit.

use std::sync::Arc;

use serde_json::Value;
use vigil_model::clock::FixedClock;
use vigil_server::DownloadLimit;

use crate::download::{column, csv_as, fetch, ids};
use crate::errors::{assert_graph_error, url_encode};
use crate::harness::{
    Options, TENANT, TestServer, at_minute, directory_audit, sign_in, sign_in_of,
};

#[tokio::test]
async fn the_limit_truncates_and_top_caps_below_it() {
    let server = TestServer::start_opts(Options {
        download_limit: DownloadLimit::from_records(5),
        ..Options::default()
    })
    .await;
    let records: Vec<Value> = (0..12)
        .map(|i| {
            sign_in(
                &format!("l{i:02}"),
                &at_minute(i),
                "x@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (status, _) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200);
    let token = server.token.clone();
    let (headers, header, rows) =
        csv_as(&server, &token, "/v1.0/auditLogs/signIns?$format=csv").await;
    assert_eq!(headers["vigil-download-limit"], "5");
    assert_eq!(
        column(&header, &rows, "id"),
        ["l11", "l10", "l09", "l08", "l07"]
    );
    let (_, _, rows) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=csv&$top=3",
    )
    .await;
    assert_eq!(rows.len(), 3);
    let (_, _, rows) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=csv&$top=100",
    )
    .await;
    assert_eq!(rows.len(), 5, "$top never lifts the limit");
    let (_, _, body) = fetch(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=json",
        None,
    )
    .await;
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&body).unwrap().len(),
        5
    );
    server.stop().await;

    let server = TestServer::start_opts(Options {
        download_limit: DownloadLimit::UNLIMITED,
        ..Options::default()
    })
    .await;
    let (status, _) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200);
    let token = server.token.clone();
    let (headers, _, rows) = csv_as(&server, &token, "/v1.0/auditLogs/signIns?$format=csv").await;
    assert_eq!(headers["vigil-download-limit"], "unlimited");
    assert_eq!(rows.len(), 12);
    server.stop().await;
}
#[tokio::test]
async fn a_user_without_a_reporting_role_downloads_only_their_own_sign_ins() {
    let server = TestServer::start().await;
    let ann = TestServer::object_id(TENANT, "ann@contoso.com");
    let bob = TestServer::object_id(TENANT, "bob@contoso.com");
    let mut records = Vec::new();
    for i in 0..3 {
        records.push(sign_in_of(&format!("ann-{i}"), &at_minute(i), &ann));
        records.push(sign_in_of(&format!("bob-{i}"), &at_minute(i), &bob));
    }
    let (status, _) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200);
    let ann_token = server.user_token(TENANT, "ann@contoso.com", &[]);
    let (_, header, rows) =
        csv_as(&server, &ann_token, "/v1.0/auditLogs/signIns?$format=csv").await;
    assert_eq!(column(&header, &rows, "id"), ["ann-2", "ann-1", "ann-0"]);
    let widen = format!(
        "/v1.0/auditLogs/signIns?$format=json&$filter={}",
        url_encode(&format!("userId eq '{bob}' or userId ne '{bob}'"))
    );
    let (status, _, body) = fetch(&server, &ann_token, &widen, None).await;
    assert_eq!(status, 200);
    let got: Vec<Value> = serde_json::from_slice(&body).unwrap();
    assert_eq!(ids(&got), ["ann-2", "ann-1", "ann-0"]);
    server.stop().await;
}
#[tokio::test]
async fn bad_downloads_are_graph_400s_and_refusals_are_graph_errors() {
    let server = TestServer::start().await;
    let token = server.token.clone();
    for (path, needle) in [
        ("/v1.0/auditLogs/signIns?$format=xml", "'csv' and 'json'"),
        ("/v1.0/auditLogs/signIns?$format=", "'csv' and 'json'"),
        (
            "/v1.0/auditLogs/signIns?$format=csv&$select=status/nope",
            "status/nope",
        ),
        (
            "/v1.0/auditLogs/signIns?$format=json&$select=appliedConditionalAccessPolicies/id",
            "appliedConditionalAccessPolicies/id",
        ),
        (
            "/v1.0/auditLogs/signIns?$format=csv&$skiptoken=abc",
            "$skiptoken",
        ),
        ("/v1.0/auditLogs/signIns?$format=csv&$count=true", "$count"),
        ("/v1.0/auditLogs/signIns?$format=csv&$top=0", "$top"),
        (
            "/v1.0/auditLogs/signIns?$format=csv&$filter=nonsense%20eq%201",
            "Invalid filter clause",
        ),
        ("/v1.0/auditLogs/signIns?$format=csv&$orderby=userId", ""),
        (
            "/v1.0/auditLogs/signIns?$format=csv&$format=json",
            "more than once",
        ),
    ] {
        let (status, headers, body) = fetch(&server, &token, path, None).await;
        assert_eq!(status, 400, "{path}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_graph_error(&body, "BadRequest");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{path}: {body}"
        );
    }
    // Authorisation is the list's: no reporting role, no audit logs; no token, 401.
    let reader = server.user_token(TENANT, "rita@contoso.com", &[]);
    let (status, _, body) = fetch(
        &server,
        &reader,
        "/v1.0/auditLogs/directoryAudits?$format=csv",
        None,
    )
    .await;
    assert_eq!(status, 403);
    assert_graph_error(
        &serde_json::from_slice(&body).unwrap(),
        "Authorization_RequestDenied",
    );
    let (status, _, _) = server
        .get_as(None, "/v1.0/auditLogs/signIns?$format=csv")
        .await;
    assert_eq!(status, 401);
    server.stop().await;
}
#[tokio::test]
async fn records_past_retention_are_not_downloaded() {
    let now = time::macros::datetime!(2026-03-01 12:00 UTC);
    let server = TestServer::start_opts(Options {
        clock: Arc::new(FixedClock::new(now)),
        ..Options::default()
    })
    .await;
    let at = |days: i64| vigil_model::datetime::format_datetime(now - time::Duration::days(days));
    let records = [
        directory_audit("old", &at(31), "Probe", "u"),
        directory_audit("young", &at(29), "Probe", "u"),
    ];
    let (status, _) = server.ingest(TENANT, "directoryAudits", &records).await;
    assert_eq!(status, 200);
    let token = server.admin_token(TENANT);
    let (headers, header, rows) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/directoryAudits?$format=csv",
    )
    .await;
    assert_eq!(column(&header, &rows, "id"), ["young"], "30 days on P2");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"directoryAudits_2026-03-01.csv\""
    );
    let (_, _, body) = fetch(
        &server,
        &token,
        "/v1.0/auditLogs/directoryAudits?$format=json",
        None,
    )
    .await;
    assert_eq!(
        ids(&serde_json::from_slice::<Vec<Value>>(&body).unwrap()),
        ["young"]
    );
    server.stop().await;
}
#[tokio::test]
async fn downloads_are_recorded_in_the_read_audit() {
    let server = TestServer::start().await;
    let records: Vec<Value> = (0..3)
        .map(|i| {
            sign_in(
                &format!("a{i}"),
                &at_minute(i),
                "x@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (status, _) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200);
    let token = server.token.clone();
    let path = "/v1.0/auditLogs/signIns?$format=csv";
    let (status, headers, _) = fetch(&server, &token, path, None).await;
    assert_eq!(status, 200);
    let (status, _, _) = fetch(&server, &token, "/v1.0/auditLogs/signIns?$format=bad", None).await;
    assert_eq!(status, 400);
    let (_, _, page) = server.get("/admin/v1/readAudit").await;
    let entries = page["value"].as_array().unwrap();
    let bad = &entries[0];
    assert_eq!(bad["pathAndQuery"], "/v1.0/auditLogs/signIns?$format=bad");
    assert_eq!(bad["status"], 400);
    let good = &entries[1];
    assert_eq!(good["pathAndQuery"], path);
    assert_eq!(good["status"], 200);
    assert_eq!(
        good["resultCount"], 3,
        "a one-page download is counted exactly"
    );
    assert_eq!(good["log"], "signIns");
    assert_eq!(good["requestId"], headers["request-id"].to_str().unwrap());
    server.stop().await;
}
