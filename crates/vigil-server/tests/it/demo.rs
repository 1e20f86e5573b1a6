//! The demo setup as `serve --demo` uses it: the demo tenant provisioned as P2 "Contoso
//! (demo)", demo data loaded, and the demo administrator token reading every log and the
//! admin API over HTTP.

use std::sync::Arc;

use serde_json::Value;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{DEMO_TENANT_NAME, Server, ServerConfig};
use vigil_store::TenantId;

#[tokio::test]
async fn the_demo_admin_reads_every_log_and_the_admin_api() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = ServerConfig {
        listen: addr,
        ..ServerConfig::new(dir.path())
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let server = Server::open(&config, clock.clone()).unwrap();
    let tenant = TenantId::parse(vigil_demo::DEMO_TENANT_ID).unwrap();
    let created = server.ensure_demo_tenant().unwrap();
    assert_eq!(created.display_name, DEMO_TENANT_NAME);
    assert_eq!(created.license, vigil_model::LicenseTier::P2);
    let summary = server.load_demo(&tenant, 3, 1, clock.now()).unwrap();
    assert!(summary.sign_ins > 0 && summary.custom_security_attribute_audits > 0);
    let token = server.demo_admin_token().unwrap();
    assert_eq!(
        vigil_server::read_issuer_file(dir.path()).unwrap(),
        format!("http://{addr}")
    );
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(listener, async {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("http://{addr}{path}"))
            .bearer_auth(&token)
            .send()
    };
    for log in [
        "signIns",
        "directoryAudits",
        "provisioning",
        "customSecurityAttributeAudits",
    ] {
        let response = get(&format!("/beta/auditLogs/{log}?$top=1")).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{log}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["value"].as_array().unwrap().len(), 1, "{log}: {page}");
    }
    let tenant: Value = get("/admin/v1/tenant").await.unwrap().json().await.unwrap();
    assert_eq!(tenant["displayName"], DEMO_TENANT_NAME);
    assert_eq!(tenant["license"], "p2");
    let _ = tx.send(());
    task.await.unwrap().unwrap();
}
