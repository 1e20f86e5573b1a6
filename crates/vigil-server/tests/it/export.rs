//! Export end to end: a diagnostic setting created through the admin API delivers every
//! category to a real Kafka-protocol broker (tansu), read back by a real consumer —
//! late-arriving events included — and survives the broker being down: records ingested
//! during the outage arrive once it is back, the status shows the error meanwhile, and no
//! secret appears in any response.

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use vigil_delivery::test_services::{kafka_messages, service};

use crate::harness::{
    TENANT, TestServer, at_minute, attribute_audit, directory_audit, provisioning, sign_in,
};

const PASSWORD: &str = "sasl-secret-7f3a9c";

async fn create_setting(server: &TestServer, body: Value) -> (u16, Value) {
    let (status, _, value) = server
        .send(
            server
                .http
                .post(server.url("/admin/v1/diagnosticSettings"))
                .json(&body),
            Some(&server.token),
        )
        .await;
    (status, value)
}

async fn status_of(server: &TestServer, name: &str) -> Value {
    let (code, _, value) = server
        .get(&format!("/admin/v1/diagnosticSettings/{name}/status"))
        .await;
    assert_eq!(code, 200, "{value}");
    value
}

/// Polls the status until `done` holds for its first destination (or fails after 60 s).
async fn wait_status(server: &TestServer, name: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..600 {
        let status = status_of(server, name).await;
        if done(&status["destinations"][0]) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("status never settled: {}", status_of(server, name).await);
}

fn every_log() -> Value {
    json!([
        {"category": "AuditLogs", "enabled": true},
        {"category": "SignInLogs", "enabled": true},
        {"category": "NonInteractiveUserSignInLogs", "enabled": true},
        {"category": "ServicePrincipalSignInLogs", "enabled": true},
        {"category": "ManagedIdentitySignInLogs", "enabled": true},
        {"category": "ProvisioningLogs", "enabled": true},
        {"category": "CustomSecurityAttributeAuditLogs", "enabled": true}
    ])
}

/// Ingests one record of every category (ids prefixed by `tag`), `minute` sets event time.
async fn ingest_each(server: &TestServer, tag: &str, minute: i64) -> BTreeSet<String> {
    let at = at_minute(minute);
    let mut ids = BTreeSet::new();
    let sign_ins: Vec<Value> = [
        "interactiveUser",
        "nonInteractiveUser",
        "servicePrincipal",
        "managedIdentity",
    ]
    .iter()
    .map(|t| {
        let id = format!("{tag}-{t}");
        ids.insert(id.clone());
        sign_in(&id, &at, "adele@contoso.com", t, 0)
    })
    .collect();
    for (collection, records) in [
        ("signIns", sign_ins),
        (
            "directoryAudits",
            vec![directory_audit(
                &format!("{tag}-audit"),
                &at,
                "Add member to group",
                "u",
            )],
        ),
        (
            "provisioning",
            vec![provisioning(&format!("{tag}-prov"), &at)],
        ),
        (
            "customSecurityAttributeAudits",
            vec![attribute_audit(&format!("{tag}-csa"), &at)],
        ),
    ] {
        for r in &records {
            ids.insert(r["id"].as_str().unwrap().to_owned());
        }
        let (code, body) = server.ingest(TENANT, collection, &records).await;
        assert!(code < 300, "{collection}: {code} {body}");
    }
    ids
}

fn ids_in(messages: &[(String, Value)]) -> BTreeSet<String> {
    messages
        .iter()
        .flat_map(|(_, m)| m["records"].as_array().unwrap().clone())
        .map(|r| r["properties"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_category_streams_to_kafka_including_late_events() {
    let Some(bootstrap) = service("VIGIL_TEST_KAFKA") else {
        return;
    };
    let server = TestServer::start().await;
    let topic = format!("vigil-e2e-{}", uuid::Uuid::new_v4().simple());
    // Stored before the setting exists: not exported (Azure exports from creation on).
    ingest_each(&server, "before", 10).await;
    let (code, created) = create_setting(
        &server,
        json!({"name": "to-kafka", "properties": {"logs": every_log(), "destinations": [
            {"kind": "kafka", "bootstrapServers": [bootstrap], "topic": topic}]}}),
    )
    .await;
    assert_eq!(code, 201, "{created}");
    let mut expected = ingest_each(&server, "now", 2_000).await;
    // Late: an event two days older than anything else, arriving last.
    expected.extend(ingest_each(&server, "late", -1_440).await);
    let status = wait_status(&server, "to-kafka", |d| {
        d["lagRecords"] == 0 && d["logs"][0]["delivered"].as_u64() > Some(0)
    })
    .await;
    let destination = &status["destinations"][0];
    assert_eq!(destination["healthy"], true, "{status}");
    assert_eq!(destination["kind"], "kafka");
    let delivered: u64 = destination["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["delivered"].as_u64().unwrap())
        .sum();
    // Plus the setting's own "Add diagnostic setting" audit, stored right after it.
    assert_eq!(delivered, expected.len() as u64 + 1, "{status}");

    let messages = kafka_messages(&bootstrap, std::slice::from_ref(&topic), TENANT, 1);
    let got = ids_in(&messages);
    let extra: Vec<&String> = got.difference(&expected).collect();
    assert!(
        expected.is_subset(&got),
        "missing {:?}",
        expected.difference(&got).collect::<Vec<_>>()
    );
    assert_eq!(
        extra.len(),
        1,
        "only the setting's own audit besides: {extra:?}"
    );
    assert!(
        !got.iter().any(|id| id.starts_with("before-")),
        "nothing from before the setting"
    );
    let audit = messages
        .iter()
        .flat_map(|(_, m)| m["records"].as_array().unwrap().clone())
        .find(|r| r["properties"]["id"].as_str().unwrap() == extra[0])
        .unwrap();
    assert_eq!(
        audit["properties"]["activityDisplayName"],
        "Add diagnostic setting"
    );
    let categories: BTreeSet<String> = messages
        .iter()
        .flat_map(|(_, m)| m["records"].as_array().unwrap().clone())
        .map(|r| r["category"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(categories.len(), 7, "{categories:?}");
    server.stop().await;
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_broker(tansu: &str, port: u16) -> Child {
    let url = format!("tcp://127.0.0.1:{port}");
    let mut child = Command::new(tansu)
        .args([
            "broker",
            "--listener-url",
            &url,
            "--advertised-listener-url",
            &url,
            "--storage-engine",
            "memory://tansu/",
            "--silent",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("tansu did not start on {port}");
}

#[tokio::test]
async fn records_ingested_while_the_broker_is_down_arrive_when_it_is_back() {
    let Some(tansu) = service("VIGIL_TEST_TANSU") else {
        return;
    };
    let port = free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let server = TestServer::start().await;
    let (code, created) = create_setting(
        &server,
        json!({"name": "outage", "properties": {"logs": every_log(), "destinations": [
            {"kind": "kafka", "bootstrapServers": [bootstrap]}]}}),
    )
    .await;
    assert_eq!(code, 201, "{created}");

    // Phase 1: the broker is up; a first batch is delivered.
    let mut broker = start_broker(&tansu, port);
    ingest_each(&server, "up", 100).await;
    wait_status(&server, "outage", |d| {
        d["lagRecords"] == 0 && d["logs"][0]["delivered"].as_u64() > Some(0)
    })
    .await;

    // Phase 2: the broker is down while more records are ingested.
    broker.kill().unwrap();
    broker.wait().unwrap();
    let during = ingest_each(&server, "down", 200).await;
    let failing = wait_status(&server, "outage", |d| {
        d["healthy"] == false && d["lagRecords"].as_u64() > Some(0)
    })
    .await;
    let error = failing["destinations"][0]["logs"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|l| l["lastError"]["message"].as_str())
        .unwrap()
        .to_owned();
    assert!(!error.is_empty());

    // Phase 3: a fresh broker (memory storage: what it held before is gone) gets every
    // record ingested during the outage.
    let mut broker = start_broker(&tansu, port);
    wait_status(&server, "outage", |d| {
        d["lagRecords"] == 0 && d["healthy"] == true
    })
    .await;
    let topics: Vec<String> = vigil_export::Category::ALL
        .iter()
        .map(|c| c.topic_default())
        .collect();
    let got = ids_in(&kafka_messages(&bootstrap, &topics, TENANT, 1));
    assert!(
        during.is_subset(&got),
        "missing {:?}",
        during.difference(&got).collect::<Vec<_>>()
    );
    broker.kill().unwrap();
    broker.wait().unwrap();
    server.stop().await;
}

#[tokio::test]
async fn secrets_never_appear_in_settings_or_status() {
    let server = TestServer::start().await;
    // A broker that is not there, with SASL credentials: delivery fails and says why.
    let port = free_port();
    let (code, created) = create_setting(
        &server,
        json!({"name": "secretive", "properties": {"logs": every_log(), "destinations": [
            {"kind": "kafka", "bootstrapServers": [format!("127.0.0.1:{port}")],
             "sasl": {"username": "vigil", "password": PASSWORD}}]}}),
    )
    .await;
    assert_eq!(code, 201);
    assert!(!created.to_string().contains(PASSWORD));
    ingest_each(&server, "s", 5).await;
    let status = wait_status(&server, "secretive", |d| d["healthy"] == false).await;
    assert!(!status.to_string().contains(PASSWORD), "{status}");
    for path in [
        "/admin/v1/diagnosticSettings",
        "/admin/v1/diagnosticSettings/secretive",
    ] {
        let (_, _, body) = server.get(path).await;
        assert!(!body.to_string().contains(PASSWORD), "{path}: {body}");
    }
    // The setting's audit record shows the redacted form only.
    let audits = server
        .walk("/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add diagnostic setting'")
        .await;
    assert_eq!(audits.len(), 1);
    assert!(!Value::Array(audits).to_string().contains(PASSWORD));
    server.stop().await;
}
