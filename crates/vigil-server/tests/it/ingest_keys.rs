//! Ingest keys: a batch is stored only with an active key of the tenant in the path; every
//! other attempt — no key, a made-up key, a revoked key, another tenant's key, a bearer JWT
//! — is the same 401 and stores nothing.

use serde_json::json;

use crate::errors::assert_graph_error;
use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, sign_in};

fn batch(id: &str) -> Vec<u8> {
    serde_json::to_vec(&[sign_in(
        id,
        &at_minute(1),
        "k@contoso.com",
        "interactiveUser",
        0,
    )])
    .unwrap()
}

async fn stored_ids(server: &TestServer, token: &str) -> Vec<String> {
    server
        .walk_as(token, "/beta/auditLogs/signIns")
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn refused(server: &TestServer, what: &str, key: Option<&str>) {
    let (status, body) = server
        .ingest_with_key(TENANT, "signIns", batch(what), None, key)
        .await;
    assert_eq!(status, 401, "{what}: {body}");
    assert_graph_error(&body, "InvalidAuthenticationToken");
}

#[tokio::test]
async fn only_an_active_key_of_the_tenant_writes() {
    let server = TestServer::start().await;
    let other_key = server.ingest_key(OTHER_TENANT).to_owned();
    let mine = server.ingest_key(TENANT).to_owned();
    let made_up = format!("vgk_0123456789abcdef_{}", "A".repeat(43));
    let token = server.token.clone();
    refused(&server, "missing", None).await;
    refused(&server, "made-up", Some(&made_up)).await;
    refused(&server, "malformed", Some("vgk_nope")).await;
    refused(&server, "other-tenant", Some(&other_key)).await;
    refused(&server, "jwt", Some(&token)).await;
    let flipped = format!(
        "{}{}",
        &mine[..mine.len() - 1],
        if mine.ends_with('A') { 'B' } else { 'A' }
    );
    refused(&server, "wrong-secret", Some(&flipped)).await;
    let response = server
        .http
        .post(server.url(&format!("/ingest/v1/tenants/{TENANT}/signIns")))
        .body(batch("missing-header"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["www-authenticate"].to_str().unwrap(),
        "Bearer"
    );

    let (status, body) = server
        .ingest_with_key(TENANT, "signIns", batch("bearer"), None, Some(&mine))
        .await;
    assert_eq!(status, 200, "{body}");
    let response = server
        .http
        .post(server.url(&format!("/ingest/v1/tenants/{TENANT}/signIns")))
        .header("x-vigil-ingest-key", &mine)
        .body(batch("header"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(stored_ids(&server, &token).await, ["header", "bearer"]);
    let other_admin = server.admin_token(OTHER_TENANT);
    assert!(stored_ids(&server, &other_admin).await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_revoked_key_stops_writing() {
    let server = TestServer::start().await;
    let (status, _, created) = server
        .send(
            server
                .http
                .post(server.url("/admin/v1/ingestKeys"))
                .json(&json!({"name": "forwarder"})),
            Some(&server.token),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().unwrap().to_owned();
    let (status, body) = server
        .ingest_with_key(TENANT, "signIns", batch("before"), None, Some(&key))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = server
        .send(
            server.http.delete(server.url(&format!(
                "/admin/v1/ingestKeys/{}",
                created["id"].as_str().unwrap()
            ))),
            Some(&server.token),
        )
        .await;
    assert_eq!(status, 204);
    refused(&server, "after", Some(&key)).await;
    // The tenant's other key is unaffected.
    let (status, _) = server
        .ingest(
            TENANT,
            "signIns",
            &[sign_in(
                "other-key",
                &at_minute(1),
                "k@contoso.com",
                "interactiveUser",
                0,
            )],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        stored_ids(&server, &server.token.clone()).await,
        ["other-key", "before"]
    );
    server.stop().await;
}
