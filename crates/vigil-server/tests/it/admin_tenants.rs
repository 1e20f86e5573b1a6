//! The operator API `/admin/v1/tenants`: only an app-only token from Vigil's own issuer with
//! `Vigil.Tenants.ReadWrite.All` may create tenants and change licenses; a license change
//! takes effect on the next read; each change is audited in the tenant it changed.

use serde_json::{Value, json};
use uuid::Uuid;
use vigil_auth::{DirectoryRole, Permission};

use crate::harness::{TENANT, TestServer};

const NEW_TENANT: &str = "0d6f2c1e-7b3a-4e5d-9c8b-1a2b3c4d5e6f";

async fn call(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = server.http.request(method, server.url(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let (status, _, body) = server.send(request, Some(token)).await;
    (status, body)
}

#[tokio::test]
async fn operators_create_tenants_and_change_licenses() {
    let server = TestServer::start().await;
    let operator = server.app_token(
        TENANT,
        Uuid::from_u128(7),
        &[Permission::VigilTenantsReadWriteAll],
    );
    let post = reqwest::Method::POST;
    let create = json!({"id": NEW_TENANT, "displayName": "Fabrikam", "license": "free"});
    let (status, body) = call(
        &server,
        &operator,
        post.clone(),
        "/admin/v1/tenants",
        Some(create.clone()),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["license"], "free");
    let (status, body) = call(
        &server,
        &operator,
        post.clone(),
        "/admin/v1/tenants",
        Some(create),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["error"]["code"],
        "Request_MultipleObjectsWithSameKeyValue"
    );
    let (status, body) = call(
        &server,
        &operator,
        reqwest::Method::GET,
        "/admin/v1/tenants",
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == NEW_TENANT)
    );

    // A Free tenant's administrator may read audits but not sign-ins; after the upgrade, both.
    let admin = server.user_token(
        NEW_TENANT,
        "admin@fabrikam.com",
        &[DirectoryRole::GlobalAdministrator],
    );
    let (status, body) = call(
        &server,
        &admin,
        reqwest::Method::GET,
        "/v1.0/auditLogs/signIns",
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["error"]["code"],
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
    );
    let path = format!("/admin/v1/tenants/{NEW_TENANT}");
    let (status, body) = call(
        &server,
        &operator,
        reqwest::Method::PATCH,
        &path,
        Some(json!({"license": "p1"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["license"], "p1");
    let (status, body) = call(
        &server,
        &admin,
        reqwest::Method::GET,
        "/v1.0/auditLogs/signIns",
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // Both changes are in the new tenant's directory audit log, and only there.
    let audits = server
        .walk_as(
            &admin,
            "/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'Vigil'",
        )
        .await;
    let mut activities: Vec<&str> = audits
        .iter()
        .filter_map(|a| a["activityDisplayName"].as_str())
        .collect();
    activities.sort_unstable();
    assert_eq!(activities, ["Create tenant", "Update tenant license"]);
    let home = server
        .walk("/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'Vigil'")
        .await;
    assert!(
        home.is_empty(),
        "operator changes leaked into the operator token's tenant: {home:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn only_operators_may_manage_tenants_and_bad_input_is_a_400() {
    let server = TestServer::start().await;
    let global_admin = server.admin_token(TENANT);
    let reader_app = server.app_token(TENANT, Uuid::from_u128(8), &[Permission::AuditLogReadAll]);
    for token in [&global_admin, &reader_app] {
        let (status, body) = call(
            &server,
            token,
            reqwest::Method::GET,
            "/admin/v1/tenants",
            None,
        )
        .await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
        let (status, _) = call(
            &server,
            token,
            reqwest::Method::PATCH,
            &format!("/admin/v1/tenants/{TENANT}"),
            Some(json!({"license": "free"})),
        )
        .await;
        assert_eq!(status, 403);
    }
    let operator = server.app_token(
        TENANT,
        Uuid::from_u128(7),
        &[Permission::VigilTenantsReadWriteAll],
    );
    let bad = [
        (
            "/admin/v1/tenants",
            reqwest::Method::POST,
            json!({"id": "not-a-guid", "displayName": "x"}),
            400,
        ),
        (
            "/admin/v1/tenants",
            reqwest::Method::POST,
            json!({"id": NEW_TENANT}),
            400,
        ),
        (
            "/admin/v1/tenants",
            reqwest::Method::POST,
            json!({"id": NEW_TENANT, "displayName": "x", "license": "gold"}),
            400,
        ),
        (
            "/admin/v1/tenants",
            reqwest::Method::POST,
            json!([1, 2]),
            400,
        ),
        (
            "/admin/v1/tenants/0d6f2c1e-7b3a-4e5d-9c8b-000000000000",
            reqwest::Method::PATCH,
            json!({"license": "p2"}),
            404,
        ),
        (
            "/admin/v1/tenants/x",
            reqwest::Method::PATCH,
            json!({"license": "p2"}),
            400,
        ),
        (
            "/admin/v1/tenants/0d6f2c1e-7b3a-4e5d-9c8b-000000000000",
            reqwest::Method::PATCH,
            json!({"displayName": "y"}),
            400,
        ),
    ];
    for (path, method, body, expected) in bad {
        let (status, answer) = call(&server, &operator, method, path, Some(body.clone())).await;
        assert_eq!(status, expected, "{path} {body}: {answer}");
        assert!(answer["error"]["message"].is_string(), "{answer}");
    }
    let (status, body) = call(
        &server,
        &operator,
        reqwest::Method::GET,
        "/admin/v1/tenants",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        !body["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == NEW_TENANT),
        "nothing was created"
    );
    server.stop().await;
}
