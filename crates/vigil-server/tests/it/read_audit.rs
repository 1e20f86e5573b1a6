//! The read audit: every read of a log — served, denied or not found — is recorded with
//! caller, app, path, log, status, count and request id, and listed newest first at
//! `GET /admin/v1/readAudit` for the tenant's Global (or Security) Administrators only.

use serde_json::Value;
use vigil_auth::DirectoryRole;

use crate::errors::assert_graph_error;
use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, sign_in};

const READER: &str = "rita@contoso.com";

fn entries(page: &Value) -> Vec<Value> {
    page["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {page}"))
        .clone()
}

#[tokio::test]
async fn reads_are_recorded_and_listed_for_administrators() {
    let server = TestServer::start().await;
    let records: Vec<_> = (0..3)
        .map(|i| {
            sign_in(
                &format!("r{i}"),
                &at_minute(i),
                "x@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (status, _) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200);
    let reader = server.user_token(TENANT, READER, &[DirectoryRole::ReportsReader]);
    let reads = [
        ("/v1.0/auditLogs/signIns?$top=2", 200, 2, Some("signIns")),
        ("/beta/auditLogs/signIns/r1", 200, 1, Some("signIns")),
        ("/beta/auditLogs/signIns/missing", 404, 0, Some("signIns")),
        (
            "/beta/auditLogs/customSecurityAttributeAudits",
            403,
            0,
            Some("customSecurityAttributeAudits"),
        ),
        (
            "/v1.0/auditLogs/directoryAudits?$filter=bad",
            400,
            0,
            Some("directoryAudits"),
        ),
        ("/admin/v1/readAudit", 403, 0, None),
    ];
    let mut request_ids = Vec::new();
    for (path, want, _, _) in reads {
        let (status, headers, body) = server.get_as(Some(&reader), path).await;
        assert_eq!(status, want, "{path}: {body}");
        request_ids.push(headers["request-id"].to_str().unwrap().to_owned());
    }
    // Not recorded: refused before a caller is known.
    let (status, _, _) = server.get_as(None, "/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 401);

    let (status, _, page) = server.get("/admin/v1/readAudit").await;
    assert_eq!(status, 200, "{page}");
    let got = entries(&page);
    assert_eq!(got.len(), reads.len(), "{page}");
    let reader_oid = TestServer::object_id(TENANT, READER);
    for (entry, ((path, status, count, log), request_id)) in
        got.iter().zip(reads.iter().zip(&request_ids).rev())
    {
        assert_eq!(entry["pathAndQuery"], *path);
        assert_eq!(entry["status"], *status);
        assert_eq!(entry["resultCount"], *count);
        assert_eq!(entry["log"].as_str(), *log);
        assert_eq!(entry["requestId"], *request_id);
        assert_eq!(entry["method"], "GET");
        assert_eq!(entry["callerId"], reader_oid);
        assert_eq!(entry["callerUserPrincipalName"], READER);
        assert_eq!(entry["appId"], vigil_auth::VIGIL_CLI_APP_ID.to_string());
        assert!(entry["dateTime"].as_str().unwrap().ends_with('Z'));
    }

    // Filters and paging: the admin's own read of the audit is now recorded too.
    let (_, _, mine) = server
        .get(&format!(
            "/admin/v1/readAudit?caller={}",
            TestServer::object_id(TENANT, "admin@contoso.com")
        ))
        .await;
    assert_eq!(entries(&mine).len(), 1, "{mine}");
    assert_eq!(entries(&mine)[0]["log"], Value::Null);
    let (_, _, first) = server.get("/admin/v1/readAudit?$top=3").await;
    assert_eq!(entries(&first).len(), 3);
    let next = first["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.contains("$top=3") && next.contains("$skiptoken="),
        "{next}"
    );
    let second = server.get_url(next).await;
    assert!(!entries(&second).is_empty());
    let times = |p: &Value| -> Vec<String> {
        entries(p)
            .iter()
            .map(|e| e["dateTime"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        times(&first).last() >= times(&second).first(),
        "newest first across pages"
    );
    let (_, _, none) = server
        .get("/admin/v1/readAudit?until=2000-01-01T00:00:00Z")
        .await;
    assert!(entries(&none).is_empty());
    let (status, _, body) = server.get("/admin/v1/readAudit?from=yesterday").await;
    assert_eq!(status, 400, "{body}");

    // Security Administrators may read it; another tenant's administrators see only theirs.
    let security = server.user_token(
        TENANT,
        "sam@contoso.com",
        &[DirectoryRole::SecurityAdministrator],
    );
    let (status, _, _) = server.get_as(Some(&security), "/admin/v1/readAudit").await;
    assert_eq!(status, 200);
    let other = server.admin_token(OTHER_TENANT);
    let (status, _, theirs) = server.get_as(Some(&other), "/admin/v1/readAudit").await;
    assert_eq!(status, 200);
    assert!(entries(&theirs).is_empty(), "{theirs}");
    server.stop().await;
}

#[tokio::test]
async fn a_reports_reader_cannot_read_the_audit() {
    let server = TestServer::start().await;
    for role in [
        DirectoryRole::ReportsReader,
        DirectoryRole::GlobalReader,
        DirectoryRole::SecurityReader,
    ] {
        let token = server.user_token(TENANT, "r@contoso.com", &[role]);
        let (status, _, body) = server.get_as(Some(&token), "/admin/v1/readAudit").await;
        assert_eq!(status, 403, "{role}: {body}");
        assert_graph_error(&body, "Authorization_RequestDenied");
    }
    let app = server.app_token(
        TENANT,
        uuid::Uuid::from_u128(9),
        &[vigil_auth::Permission::AuditLogReadAll],
    );
    let (status, _, _) = server.get_as(Some(&app), "/admin/v1/readAudit").await;
    assert_eq!(status, 403, "app-only tokens have no directory roles");
    server.stop().await;
}
