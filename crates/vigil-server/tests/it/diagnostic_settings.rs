//! The diagnostic-settings admin API: create, list, show, update, delete; secrets never in
//! a response nor in the audit; 400s naming the field; a sixth setting refused; who may
//! manage them; every change a directory audit.

use serde_json::{Value, json};
use vigil_auth::DirectoryRole;

use crate::errors::assert_graph_error;
use crate::harness::{OTHER_TENANT, TENANT, TestServer};

const PASSWORD: &str = "kafka-password-0c7e";
const HUB_KEY: &str = "aHViLXNlY3JldC03YjQx";
const PATH: &str = "/admin/v1/diagnosticSettings";

fn setting(name: &str) -> Value {
    json!({
        "name": name,
        "properties": {
            "logs": [
                {"category": "SignInLogs", "enabled": true},
                {"category": "AuditLogs", "enabled": true}
            ],
            "destinations": [
                {"kind": "kafka", "bootstrapServers": ["kafka.example.com:9093"], "tls": true,
                 "sasl": {"username": "vigil", "password": PASSWORD}},
                {"kind": "eventHub", "connectionString": format!(
                    "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={HUB_KEY}")}
            ]
        }
    })
}

async fn call(
    server: &TestServer,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut builder = server
        .http
        .request(method.parse().unwrap(), server.url(path));
    if let Some(body) = body {
        builder = builder.json(body);
    }
    let (status, _, body) = server.send(builder, Some(token)).await;
    let text = body.to_string();
    assert!(
        !text.contains(PASSWORD) && !text.contains(HUB_KEY),
        "secret in {text}"
    );
    (status, body)
}

#[tokio::test]
async fn create_list_show_update_delete_and_audit() {
    let server = TestServer::start().await;
    let token = server.user_token(
        TENANT,
        "sam@contoso.com",
        &[DirectoryRole::SecurityAdministrator],
    );
    let (status, created) = call(&server, &token, "POST", PATH, Some(&setting("siem"))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["name"], "siem");
    let kafka = &created["properties"]["destinations"][0];
    assert_eq!(kafka["sasl"]["password"], "***");
    assert_eq!(kafka["bootstrapServers"][0], "kafka.example.com:9093");
    assert_eq!(
        created["properties"]["destinations"][1]["connectionString"],
        "***"
    );

    let (status, list) = call(&server, &token, "GET", PATH, None).await;
    assert_eq!(status, 200);
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    let (status, shown) = call(&server, &token, "GET", &format!("{PATH}/SIEM"), None).await;
    assert_eq!(status, 200);
    assert_eq!(shown, created);

    // Show → edit → PUT back with "***": the stored secrets are kept.
    let mut edited = shown.clone();
    edited["properties"]["logs"][1]["enabled"] = json!(false);
    let (status, updated) = call(
        &server,
        &token,
        "PUT",
        &format!("{PATH}/siem"),
        Some(&edited),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["properties"]["logs"][1]["enabled"], false);
    // PUT of a new name creates it (201), without a name in the body.
    let mut unnamed = setting("x");
    unnamed.as_object_mut().unwrap().remove("name");
    let (status, second) = call(
        &server,
        &token,
        "PUT",
        &format!("{PATH}/archive"),
        Some(&unnamed),
    )
    .await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["name"], "archive");
    // Duplicates are 409s.
    let (status, body) = call(&server, &token, "POST", PATH, Some(&setting("Siem"))).await;
    assert_eq!(status, 409, "{body}");
    assert_graph_error(&body, "Request_MultipleObjectsWithSameKeyValue");

    let (status, _) = call(&server, &token, "DELETE", &format!("{PATH}/archive"), None).await;
    assert_eq!(status, 204);
    let (status, body) = call(&server, &token, "GET", &format!("{PATH}/archive"), None).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = call(&server, &token, "DELETE", &format!("{PATH}/archive"), None).await;
    assert_eq!(status, 404);

    // Other tenants see nothing of it.
    let other = server.admin_token(OTHER_TENANT);
    let (status, list) = call(&server, &other, "GET", PATH, None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["value"], json!([]));

    let audits = server
        .walk("/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'Vigil'&$orderby=activityDateTime%20asc")
        .await;
    let text = Value::Array(audits.clone()).to_string();
    assert!(
        !text.contains(PASSWORD) && !text.contains(HUB_KEY),
        "secret in the audit"
    );
    let activities: Vec<&str> = audits
        .iter()
        .map(|a| a["activityDisplayName"].as_str().unwrap())
        .collect();
    assert_eq!(
        activities,
        [
            "Add diagnostic setting",
            "Update diagnostic setting",
            "Add diagnostic setting",
            "Delete diagnostic setting"
        ]
    );
    assert_eq!(audits[0]["targetResources"][0]["type"], "DiagnosticSetting");
    assert_eq!(audits[0]["targetResources"][0]["displayName"], "siem");
    assert_eq!(
        audits[0]["initiatedBy"]["user"]["userPrincipalName"],
        "sam@contoso.com"
    );
    server.stop().await;
}

#[tokio::test]
async fn bad_settings_name_the_field_and_a_sixth_is_refused() {
    let server = TestServer::start().await;
    let token = server.token.clone();
    let mut unknown = setting("a");
    unknown["properties"]["logs"][1]["category"] = json!("RiskyUsers");
    let mut servers = setting("a");
    servers["properties"]["destinations"][0]["bootstrapServers"] = json!(["no port"]);
    let mut hub = setting("a");
    hub["properties"]["destinations"][1]["connectionString"] = json!("Endpoint=nonsense");
    let mut mismatch = setting("b");
    mismatch["name"] = json!("c");
    let cases = [
        (PATH, "POST", unknown, "properties.logs[1].category"),
        (
            PATH,
            "POST",
            servers,
            "properties.destinations[0].bootstrapServers[0]",
        ),
        (
            PATH,
            "POST",
            hub,
            "properties.destinations[1].connectionString",
        ),
        (PATH, "POST", setting("bad/name"), "name"),
        ("/admin/v1/diagnosticSettings/b", "PUT", mismatch, "name"),
    ];
    for (path, method, body, field) in cases {
        let (status, answer) = call(&server, &token, method, path, Some(&body)).await;
        assert_eq!(status, 400, "{field}: {answer}");
        assert_graph_error(&answer, "BadRequest");
        assert_eq!(answer["error"]["details"][0]["target"], field, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains(field));
    }
    for n in 0..5 {
        let (status, body) = call(
            &server,
            &token,
            "POST",
            PATH,
            Some(&setting(&format!("s{n}"))),
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = call(&server, &token, "POST", PATH, Some(&setting("s5"))).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 5")
    );
    let (status, body) = call(
        &server,
        &token,
        "PUT",
        &format!("{PATH}/s5"),
        Some(&setting("s5")),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    server.stop().await;
}

#[tokio::test]
async fn only_security_and_global_administrators_manage_them() {
    let server = TestServer::start().await;
    let global = server.user_token(
        TENANT,
        "gail@contoso.com",
        &[DirectoryRole::GlobalAdministrator],
    );
    let reader = server.user_token(TENANT, "rita@contoso.com", &[DirectoryRole::ReportsReader]);
    let nobody = server.user_token(TENANT, "ann@contoso.com", &[]);
    let app = server.app_token(
        TENANT,
        uuid::Uuid::from_u128(5),
        &[vigil_auth::Permission::AuditLogReadAll],
    );
    let (status, body) = call(&server, &global, "POST", PATH, Some(&setting("g"))).await;
    assert_eq!(status, 201, "{body}");
    for token in [&reader, &nobody, &app] {
        for (method, path) in [
            ("GET", PATH.to_owned()),
            ("POST", PATH.to_owned()),
            ("GET", format!("{PATH}/g")),
            ("PUT", format!("{PATH}/g")),
            ("DELETE", format!("{PATH}/g")),
        ] {
            let (status, body) = call(&server, token, method, &path, Some(&setting("g"))).await;
            assert_eq!(status, 403, "{method} {path}: {body}");
            assert_graph_error(&body, "Authorization_RequestDenied");
        }
    }
    let (status, _) = call(&server, &global, "DELETE", &format!("{PATH}/g"), None).await;
    assert_eq!(status, 204);
    server.stop().await;
}
