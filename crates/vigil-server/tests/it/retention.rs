//! Retention end to end: the server's own purge loop, on the injected clock, deletes what is
//! older than the tenant's retention (here an override set through the admin API) and
//! nothing else; moving the clock expires more; an export hold limit bounds how long a failing
//! export destination keeps records past retention.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use vigil_model::clock::FixedClock;

use crate::harness::{Options, TestServer, directory_audit};

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-03-01 12:00 UTC)
}

fn hours_ago(hours: i64) -> String {
    vigil_model::datetime::format_datetime(now() - time::Duration::hours(hours))
}

async fn kept(server: &TestServer) -> Vec<String> {
    // A fresh token each time: the test moves the clock past the previous one's lifetime.
    let token = server.admin_token(crate::harness::TENANT);
    let mut ids: Vec<String> = server
        .walk_as(
            &token,
            "/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20'Retention probe'",
        )
        .await
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

async fn wait_for(server: &TestServer, expected: &[&str]) {
    for _ in 0..200 {
        if kept(server).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(kept(server).await, expected, "purge did not converge");
}

#[tokio::test]
async fn the_purge_loop_honours_retention_and_the_clock() {
    let clock = FixedClock::new(now());
    let server = TestServer::start_opts(Options {
        clock: Arc::new(clock.clone()),
        retention_interval: Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let token = server.token.clone();
    let (status, _, body) = server
        .send(
            server
                .http
                .patch(server.url("/admin/v1/tenant/retention"))
                .json(&json!({"directoryAudits": 3})),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["retention"]["directoryAudits"]["effectiveDays"], 3);

    // Ages: 1 day, 2 days 23 h, 3 days 1 h, 10 days.
    ingest_probes(&server, &[("d1", 24), ("d2", 71), ("d3", 73), ("d10", 240)]).await;

    wait_for(&server, &["d1", "d2"]).await;

    // One more day: the 2 d 23 h record is now past three days too.
    clock.advance(time::Duration::days(1));
    wait_for(&server, &["d1"]).await;
    server.stop().await;
}

#[tokio::test]
async fn reads_hide_records_past_retention_before_any_purge() {
    let clock = FixedClock::new(now());
    // No purge pass runs during this test: what readers see comes from the read floor alone.
    let server = TestServer::start_opts(Options {
        clock: Arc::new(clock.clone()),
        retention_interval: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let records: Vec<Value> = [("old", 31 * 24), ("young", 29 * 24)]
        .iter()
        .map(|(id, age)| directory_audit(id, &hours_ago(*age), "Retention probe", "u"))
        .collect();
    let (status, body) = server
        .ingest(crate::harness::TENANT, "directoryAudits", &records)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(kept(&server).await, ["young"], "30 days on P2");
    let token = server.admin_token(crate::harness::TENANT);
    let (status, _, _) = server
        .get_as(Some(&token), "/v1.0/auditLogs/directoryAudits/old")
        .await;
    assert_eq!(status, 404, "get-by-id honours retention too");
    let (_, _, count) = server
        .get_as(
            Some(&token),
            "/v1.0/auditLogs/directoryAudits?$count=true&$filter=activityDisplayName%20eq%20'Retention%20probe'",
        )
        .await;
    assert_eq!(count["@odata.count"], 1);
    // A longer override brings it back: it was never deleted.
    patch_retention(&server, &json!({"directoryAudits": 400})).await;
    assert_eq!(kept(&server).await, ["old", "young"]);
    server.stop().await;
}

/// Ingests "Retention probe" audits of the given (id, age in hours), then a fresh record of
/// another activity, which keeps the table's highest sequence (never purged) out of the way.
async fn ingest_probes(server: &TestServer, probes: &[(&str, i64)]) {
    let records: Vec<Value> = probes
        .iter()
        .map(|(id, age)| directory_audit(id, &hours_ago(*age), "Retention probe", "u"))
        .collect();
    let (status, body) = server
        .ingest(crate::harness::TENANT, "directoryAudits", &records)
        .await;
    assert_eq!(status, 200, "{body}");
    let fresh = directory_audit("fresh", &hours_ago(0), "Something else", "u");
    let (status, body) = server
        .ingest(crate::harness::TENANT, "directoryAudits", &[fresh])
        .await;
    assert_eq!(status, 200, "{body}");
}

/// PATCHes the tenant's retention as its administrator; answers the tenant document.
async fn patch_retention(server: &TestServer, body: &Value) -> Value {
    let token = server.admin_token(crate::harness::TENANT);
    let (status, _, answer) = server
        .send(
            server
                .http
                .patch(server.url("/admin/v1/tenant/retention"))
                .json(body),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// The "Purge undelivered export records" audits, once there is one.
async fn wait_for_purge_audit(server: &TestServer) -> Vec<Value> {
    let path = "/beta/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20'Purge%20undelivered%20export%20records'";
    for _ in 0..200 {
        let found = server
            .walk_as(&server.admin_token(crate::harness::TENANT), path)
            .await;
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no purge audit record appeared");
}

/// A destination that never acknowledges holds records past retention only as long as the
/// tenant's export hold limit allows; what is purged anyway is told in the audit log.
#[tokio::test]
async fn the_export_hold_limit_bounds_what_a_failing_destination_keeps() {
    let clock = FixedClock::new(now());
    let server = TestServer::start_opts(Options {
        clock: Arc::new(clock.clone()),
        retention_interval: Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let token = server.token.clone();
    let body = patch_retention(&server, &json!({"directoryAudits": 3, "exportHoldDays": 2})).await;
    assert_eq!(body["exportHoldDays"], 2);
    // Nothing listens on port 1: the destination fails for good.
    let (status, _, body) = server
        .send(
            server
                .http
                .post(server.url("/admin/v1/diagnosticSettings"))
                .json(&json!({"name": "dead", "properties": {
                    "logs": [{"category": "AuditLogs", "enabled": true}],
                    "destinations": [{"kind": "kafka", "bootstrapServers": ["127.0.0.1:1"]}]}})),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // Ages: 1 day (kept), 4 days (past retention, within the hold: kept for the
    // destination), 6 days (past retention plus hold: purged anyway).
    ingest_probes(&server, &[("h1", 24), ("h4", 96), ("h6", 144)]).await;

    // Reads hide everything past retention, so wait for the purge's audit record, then
    // lengthen retention to see what is still stored: h4 was held for the destination.
    let purges = wait_for_purge_audit(&server).await;
    assert_eq!(purges.len(), 1, "{purges:?}");
    let details = &purges[0]["additionalDetails"];
    assert!(
        details
            .as_array()
            .is_some_and(|d| d.contains(&json!({"key": "skippedRecords", "value": "1"}))),
        "{details}"
    );
    assert_eq!(
        purges[0]["initiatedBy"]["app"]["displayName"],
        "Vigil retention"
    );
    patch_retention(&server, &json!({"directoryAudits": 365})).await;
    assert_eq!(kept(&server).await, ["h1", "h4"]);

    // Without a limit, undelivered records are held however old they get.
    let body = patch_retention(
        &server,
        &json!({"directoryAudits": 3, "exportHoldDays": null}),
    )
    .await;
    assert_eq!(body["exportHoldDays"], Value::Null);
    clock.advance(time::Duration::days(30));
    tokio::time::sleep(Duration::from_millis(600)).await;
    patch_retention(&server, &json!({"directoryAudits": 365})).await;
    assert_eq!(kept(&server).await, ["h1", "h4"]);
    server.stop().await;
}
