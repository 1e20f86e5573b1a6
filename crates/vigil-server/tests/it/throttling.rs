//! Throttling: reads per (tenant, client app) and ingest per tenant answer 429 with
//! `Retry-After` and Graph's exact 429 body once their bucket is empty, refill as the
//! injected clock moves, and never charge another tenant or app.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use uuid::Uuid;
use vigil_auth::Permission;
use vigil_model::clock::FixedClock;
use vigil_tenancy::Limit;

use crate::harness::{OTHER_TENANT, Options, TENANT, TestServer, at_minute, sign_in};

fn assert_graph_429(headers: &reqwest::header::HeaderMap, body: &Value) {
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    let error = &body["error"];
    assert_eq!(error["code"], "TooManyRequests", "{body}");
    assert_eq!(error["message"], "Please retry again later.");
    let inner = &error["innerError"];
    assert_eq!(inner["code"], "429");
    assert_eq!(inner["status"], "429");
    assert_eq!(inner["message"], "Please retry after");
    assert_eq!(inner["date"].as_str().unwrap().len(), 19);
    assert_eq!(
        inner["request-id"].as_str().unwrap(),
        headers["request-id"].to_str().unwrap()
    );
}

fn now() -> time::OffsetDateTime {
    // The clock starts at a fixed instant; tokens are minted by the server's issuer with the
    // same clock, so they are valid whatever the wall clock says.
    time::macros::datetime!(2026-01-02 12:00 UTC)
}

#[tokio::test]
async fn reads_are_throttled_per_tenant_and_app() {
    let clock = FixedClock::new(now());
    let mut options = Options {
        clock: Arc::new(clock.clone()),
        ..Options::default()
    };
    options.throttle.reads = Limit::new(2, 1, Duration::from_secs(30)).unwrap();
    let server = TestServer::start_opts(options).await;
    for _ in 0..2 {
        let (status, _, body) = server.get("/v1.0/auditLogs/signIns").await;
        assert_eq!(status, 200, "{body}");
    }
    for path in [
        "/v1.0/auditLogs/signIns",
        "/v1%2E0/auditLogs/signIns",
        "/beta/auditLogs/directoryAudits/x",
        "/admin/v1/tenant",
    ] {
        let (status, headers, body) = server.get(path).await;
        assert_eq!(status, 429, "{path}: {body}");
        assert_graph_429(&headers, &body);
    }
    // Another app of the same tenant, and the same app in another tenant, have their own buckets.
    let app = server.app_token(TENANT, Uuid::from_u128(42), &[Permission::AuditLogReadAll]);
    let (status, _, _) = server.get_as(Some(&app), "/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 200);
    let other = server.admin_token(OTHER_TENANT);
    let (status, _, _) = server.get_as(Some(&other), "/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 200);
    // Without a valid token the answer is 401, not 429: nobody can empty a tenant's bucket.
    let (status, _, _) = server.get_as(None, "/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 401);
    // The bucket refills with the injected clock: one token per 30 s.
    clock.advance(time::Duration::seconds(30));
    let (status, _, _) = server.get("/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 200);
    let (status, _, _) = server.get("/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 429);
    clock.advance(time::Duration::seconds(60));
    // Throttled reads are not in the read audit; the four that were served are.
    let (status, _, audit) = server.get("/admin/v1/readAudit").await;
    assert_eq!(status, 200, "{audit}");
    let paths: Vec<&str> = audit["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["callerUserPrincipalName"] == "admin@contoso.com")
        .map(|e| e["pathAndQuery"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["/v1.0/auditLogs/signIns"; 3]);
    server.stop().await;
}

#[tokio::test]
async fn ingest_is_throttled_per_tenant() {
    let clock = FixedClock::new(now());
    let mut options = Options {
        clock: Arc::new(clock.clone()),
        ..Options::default()
    };
    options.throttle.ingest_requests = Limit::new(1, 1, Duration::from_secs(10)).unwrap();
    let server = TestServer::start_opts(options).await;
    let record = |id: &str| sign_in(id, &at_minute(1), "t@contoso.com", "interactiveUser", 0);
    let (status, body) = server.ingest(TENANT, "signIns", &[record("first")]).await;
    assert_eq!(status, 200, "{body}");
    let response = server
        .http
        .post(server.url(&format!("/ingest/v1/tenants/{TENANT}/signIns")))
        .bearer_auth(server.ingest_key(TENANT))
        .json(&[record("second")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let headers = response.headers().clone();
    assert_graph_429(&headers, &response.json().await.unwrap());
    let (status, _) = server
        .ingest(OTHER_TENANT, "signIns", &[record("theirs")])
        .await;
    assert_eq!(status, 200, "another tenant has its own bucket");
    clock.advance(time::Duration::seconds(10));
    let (status, _) = server.ingest(TENANT, "signIns", &[record("third")]).await;
    assert_eq!(status, 200);
    let ids: Vec<String> = server
        .walk("/v1.0/auditLogs/signIns")
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        ["third", "first"],
        "the throttled batch was not stored"
    );
    server.stop().await;
}
