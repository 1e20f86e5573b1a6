//! `GET /metrics`: operators only; ingest counters, store high-water marks and export
//! positions/backlog in Prometheus' text format, read back with a line parser.

use std::time::Duration;

use serde_json::json;
use uuid::Uuid;
use vigil_auth::Permission;

use crate::harness::{TENANT, TestServer, directory_audit, sign_in};

/// The value of the sample `name{labels}` (labels as rendered), if present.
fn sample(text: &str, name_and_labels: &str) -> Option<f64> {
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        l.strip_prefix(name_and_labels)?
            .strip_prefix(' ')?
            .parse()
            .ok()
    })
}

async fn scrape(server: &TestServer, token: &str) -> (u16, String) {
    let response = server
        .http
        .get(server.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn operators_scrape_ingest_store_and_export_metrics() {
    let server = TestServer::start().await;
    let operator = server.app_token(
        TENANT,
        Uuid::from_u128(7),
        &[Permission::VigilTenantsReadWriteAll],
    );
    let archive = tempfile::tempdir().unwrap();
    let (status, _, body) = server
        .send(
            server
                .http
                .post(server.url("/admin/v1/diagnosticSettings"))
                .json(&json!({"name": "archive", "properties": {
                    "logs": [{"category": "SignInLogs", "enabled": true}],
                    "destinations": [{"kind": "localDirectory", "path": archive.path()}]}})),
            Some(&server.token.clone()),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let now = vigil_model::datetime::format_datetime(vigil_model::clock::Clock::now(
        &vigil_model::clock::SystemClock,
    ));
    let batch: Vec<_> = (0..3)
        .map(|i| {
            sign_in(
                &format!("m{i}"),
                &now,
                "adele@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    assert_eq!(server.ingest(TENANT, "signIns", &batch).await.0, 200);
    assert_eq!(server.ingest(TENANT, "signIns", &batch[..1]).await.0, 200);
    let bad = [json!({"id": "broken"})];
    assert_eq!(server.ingest(TENANT, "signIns", &bad).await.0, 400);
    let audit = directory_audit("a1", &now, "Probe", "u");
    assert_eq!(
        server.ingest(TENANT, "directoryAudits", &[audit]).await.0,
        200
    );

    let (status, _) = scrape(&server, &server.token.clone()).await;
    assert_eq!(status, 403, "a tenant administrator is not an operator");

    let tenant = format!("tenant=\"{TENANT}\"");
    let stored =
        format!("vigil_ingest_records_total{{{tenant},log=\"signIns\",outcome=\"stored\"}}");
    let mut text = String::new();
    for _ in 0..200 {
        let (status, body) = scrape(&server, &operator).await;
        assert_eq!(status, 200, "{body}");
        text = body;
        let lag = format!(
            "vigil_export_lag_records{{{tenant},setting=\"archive\",destination=\"0\",kind=\"localDirectory\",log=\"signIns\"}}"
        );
        if sample(&text, &lag) == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sample(&text, &stored), Some(3.0), "{text}");
    let duplicate =
        format!("vigil_ingest_records_total{{{tenant},log=\"signIns\",outcome=\"duplicate\"}}");
    assert_eq!(sample(&text, &duplicate), Some(1.0), "{text}");
    let refused =
        format!("vigil_ingest_batches_total{{{tenant},log=\"signIns\",outcome=\"refused\"}}");
    assert_eq!(sample(&text, &refused), Some(1.0), "{text}");
    assert!(
        sample(&text, "vigil_store_high_water_mark{log=\"signIns\"}").is_some_and(|v| v >= 3.0),
        "{text}"
    );
    let delivered = format!(
        "vigil_export_delivered_records_total{{{tenant},setting=\"archive\",destination=\"0\",kind=\"localDirectory\",log=\"signIns\"}}"
    );
    assert_eq!(sample(&text, &delivered), Some(3.0), "{text}");
    assert!(
        text.contains("# TYPE vigil_export_lag_seconds gauge"),
        "{text}"
    );
    server.stop().await;
}
