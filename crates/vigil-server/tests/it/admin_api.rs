//! The tenant admin API: tenant settings and retention, ingest keys, who may do what, and
//! every change recorded as a directory audit of the tenant.

use serde_json::{Value, json};
use vigil_auth::DirectoryRole;
use vigil_store::TenantId;

use crate::errors::assert_graph_error;
use crate::harness::{OTHER_TENANT, TENANT, TestServer};

async fn patch(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    let (status, _, body) = server
        .send(
            server
                .http
                .patch(server.url("/admin/v1/tenant/retention"))
                .json(&body),
            Some(token),
        )
        .await;
    (status, body)
}

async fn vigil_audits(server: &TestServer) -> Vec<Value> {
    server
        .walk("/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'Vigil'&$orderby=activityDateTime%20asc")
        .await
}

#[tokio::test]
async fn retention_is_shown_changed_and_audited() {
    let server = TestServer::start().await;
    let (status, _, tenant) = server.get("/admin/v1/tenant").await;
    assert_eq!(status, 200, "{tenant}");
    assert_eq!(tenant["id"], TENANT);
    assert_eq!(tenant["license"], "p2");
    for log in [
        "signIns",
        "directoryAudits",
        "provisioning",
        "customSecurityAttributeAudits",
    ] {
        let setting = &tenant["retention"][log];
        assert_eq!(setting["effectiveDays"], 30, "{log}: {tenant}");
        assert_eq!(setting["source"], "licenseDefault");
        assert_eq!(setting["overrideDays"], Value::Null);
    }

    let token = server.token.clone();
    let (status, changed) = patch(
        &server,
        &token,
        json!({"signIns": 400, "directoryAudits": 90}),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["retention"]["signIns"]["effectiveDays"], 400);
    assert_eq!(changed["retention"]["signIns"]["source"], "override");
    assert_eq!(changed["retention"]["signIns"]["licenseDefaultDays"], 30);
    let (_, _, shown) = server.get("/admin/v1/tenant").await;
    assert_eq!(
        shown["retention"], changed["retention"],
        "the change is visible"
    );
    let (status, cleared) = patch(&server, &token, json!({"signIns": null})).await;
    assert_eq!(status, 200);
    assert_eq!(cleared["retention"]["signIns"]["effectiveDays"], 30);
    assert_eq!(cleared["retention"]["directoryAudits"]["effectiveDays"], 90);

    for bad in [
        json!({"signIns": 0}),
        json!({"signIns": "400"}),
        json!({"signIns": 36_501}),
        json!({"riskyUsers": 30}),
        json!({"directoryAudits": 5, "signIns": -1}),
        json!({}),
        json!([]),
    ] {
        let (status, body) = patch(&server, &token, bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_graph_error(&body, "BadRequest");
    }
    let (_, _, after) = server.get("/admin/v1/tenant").await;
    assert_eq!(
        after["retention"], cleared["retention"],
        "refused patches change nothing"
    );

    let audits = vigil_audits(&server).await;
    assert_eq!(audits.len(), 2, "{audits:#?}");
    let first = &audits[0];
    assert_eq!(first["activityDisplayName"], "Update retention");
    assert_eq!(first["result"], "success");
    assert_eq!(first["loggedByService"], "Vigil");
    assert_eq!(
        first["initiatedBy"]["user"]["userPrincipalName"],
        "admin@contoso.com"
    );
    assert_eq!(
        first["initiatedBy"]["user"]["id"],
        TestServer::object_id(TENANT, "admin@contoso.com")
    );
    let target = &first["targetResources"][0];
    assert_eq!(target["id"], TENANT);
    assert_eq!(target["type"], "Tenant");
    let modified = target["modifiedProperties"].as_array().unwrap();
    assert!(
        modified
            .iter()
            .any(|m| m["displayName"] == "signIns retention override (days)"
                && m["oldValue"].is_null()
                && m["newValue"] == "\"400\""),
        "{modified:?}"
    );
    assert_eq!(
        audits[1]["targetResources"][0]["modifiedProperties"][0]["oldValue"],
        "\"400\""
    );
    // The other tenant saw nothing of it.
    let other = server.admin_token(OTHER_TENANT);
    let (_, _, theirs) = server
        .get_as(Some(&other), "/v1.0/auditLogs/directoryAudits")
        .await;
    assert!(theirs["value"].as_array().unwrap().is_empty());
    let (_, _, their_tenant) = server.get_as(Some(&other), "/admin/v1/tenant").await;
    assert_eq!(their_tenant["id"], OTHER_TENANT);
    assert_eq!(their_tenant["retention"]["signIns"]["effectiveDays"], 30);
    server.stop().await;
}

#[tokio::test]
async fn ingest_keys_are_created_listed_and_revoked() {
    let server = TestServer::start().await;
    let token = server.token.clone();
    let (status, _, created) = server
        .send(
            server
                .http
                .post(server.url("/admin/v1/ingestKeys"))
                .json(&json!({"name": " siem "})),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["name"], "siem");
    assert!(created["key"].as_str().unwrap().starts_with("vgk_"));
    let id = created["id"].as_str().unwrap().to_owned();
    let (_, _, listed) = server.get("/admin/v1/ingestKeys").await;
    let keys = listed["value"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "the harness key and the new one: {listed}");
    assert!(
        keys.iter().all(|k| k.get("key").is_none()),
        "secrets are shown once"
    );
    let delete = |id: String| {
        server.send(
            server
                .http
                .delete(server.url(&format!("/admin/v1/ingestKeys/{id}"))),
            Some(&token),
        )
    };
    let (status, _, _) = delete(id.clone()).await;
    assert_eq!(status, 204);
    let (_, _, listed) = server.get("/admin/v1/ingestKeys").await;
    let revoked = listed["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(revoked["active"], false);
    assert!(revoked["revokedDateTime"].is_string());
    let (status, _, body) = delete("0123456789abcdef".to_owned()).await;
    assert_eq!(status, 404, "{body}");
    assert_graph_error(&body, "Request_ResourceNotFound");
    let (status, _, _) = delete("not-a-key-id".to_owned()).await;
    assert_eq!(status, 404);
    // Another tenant's key id is not found here, and stays active there.
    let theirs = server
        .control
        .create_ingest_key(&TenantId::parse(OTHER_TENANT).unwrap(), "theirs")
        .unwrap();
    let (status, _, _) = delete(theirs.info.id.to_string()).await;
    assert_eq!(status, 404);
    assert!(
        server
            .control
            .ingest_keys(&TenantId::parse(OTHER_TENANT).unwrap())
            .unwrap()
            .iter()
            .all(|k| k.is_active())
    );
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": 5}),
        json!("x"),
    ] {
        let (status, _, body) = server
            .send(
                server
                    .http
                    .post(server.url("/admin/v1/ingestKeys"))
                    .json(&bad),
                Some(&token),
            )
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let activities: Vec<String> = vigil_audits(&server)
        .await
        .iter()
        .map(|a| a["activityDisplayName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(activities, ["Add ingest key", "Revoke ingest key"]);
    server.stop().await;
}

#[tokio::test]
async fn who_may_use_the_admin_api() {
    let server = TestServer::start().await;
    let security = server.user_token(
        TENANT,
        "sam@contoso.com",
        &[DirectoryRole::SecurityAdministrator],
    );
    let reader = server.user_token(TENANT, "rita@contoso.com", &[DirectoryRole::ReportsReader]);
    let nobody = server.user_token(TENANT, "ann@contoso.com", &[]);
    let app = server.app_token(
        TENANT,
        uuid::Uuid::from_u128(5),
        &[vigil_auth::Permission::AuditLogReadAll],
    );
    let cases: [(&str, &str, u16); 8] = [
        (&security, "GET /admin/v1/tenant", 200),
        (&security, "GET /admin/v1/ingestKeys", 200),
        (&security, "PATCH /admin/v1/tenant/retention", 403),
        (&security, "POST /admin/v1/ingestKeys", 403),
        (&reader, "GET /admin/v1/tenant", 403),
        (&reader, "GET /admin/v1/ingestKeys", 403),
        (&nobody, "GET /admin/v1/tenant", 403),
        (&app, "GET /admin/v1/tenant", 403),
    ];
    for (token, request, want) in cases {
        let (method, path) = request.split_once(' ').unwrap();
        let builder = server
            .http
            .request(method.parse().unwrap(), server.url(path))
            .json(&json!({"signIns": 60, "name": "x"}));
        let (status, _, body) = server.send(builder, Some(token)).await;
        assert_eq!(status, want, "{request}: {body}");
        if want == 403 {
            assert_graph_error(&body, "Authorization_RequestDenied");
        }
    }
    let (status, _, body) = server.get("/admin/v1/nothing").await;
    assert_eq!(status, 404, "{body}");
    let (status, _, _) = server
        .send(
            server.http.put(server.url("/admin/v1/tenant")),
            Some(&server.token),
        )
        .await;
    assert_eq!(status, 405);
    let (_, _, tenant) = server.get("/admin/v1/tenant").await;
    assert_eq!(
        tenant["retention"]["signIns"]["effectiveDays"], 30,
        "refused patch changed nothing"
    );
    server.stop().await;
}
