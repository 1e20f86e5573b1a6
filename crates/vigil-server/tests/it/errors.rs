//! Graph's error shape and request-id headers for bad queries and unknown resources.

use serde_json::Value;

use crate::harness::TestServer;

pub fn assert_graph_error(body: &Value, code: &str) {
    let error = &body["error"];
    assert_eq!(error["code"], code, "{body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    let inner = &error["innerError"];
    assert!(
        inner["request-id"]
            .as_str()
            .is_some_and(|id| id.len() == 36),
        "{body}"
    );
    let date = inner["date"].as_str().unwrap();
    assert_eq!(date.len(), 19, "date has no zone and no fraction: {date}");
    assert!(!date.ends_with('Z'));
}

#[tokio::test]
async fn malformed_filters_are_400_invalid_filter_clause() {
    let server = TestServer::start().await;
    for filter in [
        "createdDateTime ge '2024-01-01T00:00:00Z'",
        "userPrincipalName eq",
        "(status/errorCode eq 0",
        "nonsense eq 1",
        "status/errorCode eq 'zero'",
        "signInEventTypes/any(t: t eq 'nonInteractiveUser')",
        "startswith(userPrincipalName)",
        "createdDateTime ge 2024-13-45T00:00:00Z",
        "userId eq 'a' and and",
    ] {
        let encoded: String = url_encode(filter);
        let (status, headers, body) = server
            .get(&format!("/v1.0/auditLogs/signIns?$filter={encoded}"))
            .await;
        assert_eq!(status, 400, "{filter}: {body}");
        assert_graph_error(&body, "BadRequest");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("Invalid filter clause"),
            "{filter}: {message}"
        );
        assert_eq!(
            headers["request-id"].to_str().unwrap(),
            body["error"]["innerError"]["request-id"].as_str().unwrap()
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn bad_options_and_tokens_are_400() {
    let server = TestServer::start().await;
    for query in [
        "$top=0",
        "$top=1001",
        "$top=abc",
        "$skip=5",
        "$orderby=userId",
        "$select=nope",
        "$skiptoken=forged",
        "$count=maybe",
        "$search=x",
    ] {
        let (status, _, body) = server
            .get(&format!("/v1.0/auditLogs/signIns?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_graph_error(&body, "BadRequest");
    }
    let (status, _, body) = server
        .get("/beta/auditLogs/customSecurityAttributeAudits?$top=101")
        .await;
    assert_eq!(status, 400, "{body}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_resources_and_ids() {
    let server = TestServer::start().await;
    let (status, _, body) = server
        .get("/v1.0/auditLogs/customSecurityAttributeAudits")
        .await;
    assert_eq!(status, 404, "beta only: {body}");
    assert_graph_error(&body, "BadRequest");
    let (status, _, body) = server.get("/v1.0/auditLogs/nothing").await;
    assert_eq!(status, 404);
    assert_graph_error(&body, "BadRequest");
    let (status, _, body) = server.get("/v2.0/auditLogs/signIns").await;
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = server.get("/v1.0/auditLogs/signIns/does-not-exist").await;
    assert_eq!(status, 404);
    assert_graph_error(&body, "Request_ResourceNotFound");
    let response = server
        .http
        .post(server.url("/v1.0/auditLogs/signIns"))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    server.stop().await;
}

#[tokio::test]
async fn client_request_id_is_echoed() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/v1.0/auditLogs/signIns?$filter=bad"))
        .bearer_auth(&server.token)
        .header("client-request-id", "my-correlation-123")
        .send()
        .await
        .unwrap();
    let headers = response.headers().clone();
    let body: Value = response.json().await.unwrap();
    assert_eq!(headers["client-request-id"], "my-correlation-123");
    assert_eq!(
        body["error"]["innerError"]["client-request-id"],
        "my-correlation-123"
    );
    assert_ne!(headers["request-id"], "my-correlation-123");
    let response = server
        .http
        .get(server.url("/v1.0/auditLogs/signIns"))
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["client-request-id"],
        response.headers()["request-id"]
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json;odata.metadata=minimal")
    );
    server.stop().await;
}

pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
