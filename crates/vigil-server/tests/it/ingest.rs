//! Ingest: formats, idempotency, all-or-nothing batches, limits, read-your-writes.

use std::io::Write;

use serde_json::json;
use vigil_ingest::IngestLimits;

use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, directory_audit, sign_in};

#[tokio::test]
async fn json_array_is_stored_and_readable_by_the_next_request() {
    let server = TestServer::start().await;
    let records = vec![sign_in(
        "a1",
        &at_minute(1),
        "ann@contoso.com",
        "interactiveUser",
        0,
    )];
    let (status, body) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"received": 1, "stored": 1, "duplicates": 0}));
    let (status, _, record) = server.get("/v1.0/auditLogs/signIns/a1").await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["userPrincipalName"], "ann@contoso.com");
    server.stop().await;
}

#[tokio::test]
async fn ndjson_and_gzip_are_accepted() {
    let server = TestServer::start().await;
    let ndjson: String = (0..3)
        .map(|i| {
            serde_json::to_string(&sign_in(
                &format!("n{i}"),
                &at_minute(i),
                "bob@contoso.com",
                "interactiveUser",
                0,
            ))
            .unwrap()
                + "\n"
        })
        .collect();
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", ndjson.clone().into_bytes(), None)
        .await;
    assert_eq!((status, body["stored"].as_u64()), (200, Some(3)), "{body}");

    let gz_records: String = (3..6)
        .map(|i| {
            serde_json::to_string(&sign_in(
                &format!("n{i}"),
                &at_minute(i),
                "bob@contoso.com",
                "interactiveUser",
                0,
            ))
            .unwrap()
                + "\n"
        })
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(gz_records.as_bytes()).unwrap();
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", gz.finish().unwrap(), Some("gzip"))
        .await;
    assert_eq!((status, body["stored"].as_u64()), (200, Some(3)), "{body}");
    let all = server.walk("/beta/auditLogs/signIns").await;
    assert_eq!(all.len(), 6);
    server.stop().await;
}

#[tokio::test]
async fn re_ingesting_a_batch_stores_each_record_once() {
    let server = TestServer::start().await;
    let batch: Vec<_> = (0..50)
        .map(|i| {
            sign_in(
                &format!("dup-{i}"),
                &at_minute(i),
                "c@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (_, first) = server.ingest(TENANT, "signIns", &batch).await;
    assert_eq!(first["stored"], 50);
    let (status, second) = server.ingest(TENANT, "signIns", &batch).await;
    assert_eq!(status, 200);
    assert_eq!(
        second,
        json!({"received": 50, "stored": 0, "duplicates": 50})
    );
    // Duplicates inside one batch count once too.
    let twice = vec![
        batch[0].clone(),
        sign_in(
            "fresh",
            &at_minute(99),
            "c@contoso.com",
            "interactiveUser",
            0,
        ),
        sign_in(
            "fresh",
            &at_minute(99),
            "c@contoso.com",
            "interactiveUser",
            0,
        ),
    ];
    let (_, third) = server.ingest(TENANT, "signIns", &twice).await;
    assert_eq!(third, json!({"received": 3, "stored": 1, "duplicates": 2}));
    let (_, _, counted) = server
        .get("/v1.0/auditLogs/signIns?$count=true&$top=1")
        .await;
    assert_eq!(counted["@odata.count"], 51);
    server.stop().await;
}

#[tokio::test]
async fn a_bad_record_rejects_the_whole_batch_with_its_index() {
    let server = TestServer::start().await;
    let mut batch: Vec<_> = (0..10)
        .map(|i| {
            sign_in(
                &format!("b{i}"),
                &at_minute(i),
                "d@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    batch[3].as_object_mut().unwrap().remove("createdDateTime");
    batch[7]["status"]["errorCode"] = json!("not a number");
    let (status, body) = server.ingest(TENANT, "signIns", &batch).await;
    assert_eq!(status, 400, "{body}");
    let error = &body["error"];
    assert_eq!(error["code"], "BadRequest");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("nothing was stored"),
        "{error}"
    );
    let targets: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets.len(), 2, "{error}");
    assert!(targets[0].starts_with("[3]"), "{targets:?}");
    assert!(targets[1].starts_with("[7]"), "{targets:?}");
    assert!(error["innerError"]["request-id"].is_string());
    let (_, _, page) = server.get("/beta/auditLogs/signIns?$count=true").await;
    assert_eq!(page["@odata.count"], 0, "nothing of the batch is stored");
    server.stop().await;
}

/// Once a big first batch has trained the store's dictionary, each record is compressed on
/// the worker that validated it (`Store::stage`); a bad record late in such a batch still
/// leaves nothing of it stored.
#[tokio::test]
async fn big_batches_after_the_first_stay_all_or_nothing() {
    let server = TestServer::start().await;
    let batch = |prefix: &str| -> Vec<serde_json::Value> {
        (0..600)
            .map(|i| {
                sign_in(
                    &format!("{prefix}-{i}"),
                    &at_minute(i),
                    &format!("u{}@contoso.com", i % 9),
                    "interactiveUser",
                    i % 2,
                )
            })
            .collect()
    };
    let (status, body) = server.ingest(TENANT, "signIns", &batch("first")).await;
    assert_eq!(status, 200, "{body}");
    let mut second = batch("second");
    second[599]["status"]["errorCode"] = json!("not a number");
    let (status, body) = server.ingest(TENANT, "signIns", &second).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["details"][0]["target"]
            .as_str()
            .unwrap()
            .starts_with("[599]"),
        "{body}"
    );
    let (_, _, page) = server
        .get("/beta/auditLogs/signIns?$count=true&$top=1")
        .await;
    assert_eq!(
        page["@odata.count"], 600,
        "nothing of the bad batch is stored"
    );

    second[599]["status"]["errorCode"] = json!(0);
    let (status, body) = server.ingest(TENANT, "signIns", &second).await;
    assert_eq!(
        body,
        json!({"received": 600, "stored": 600, "duplicates": 0}),
        "{status}"
    );
    let (status, again) = server.ingest(TENANT, "signIns", &second).await;
    assert_eq!(
        again,
        json!({"received": 600, "stored": 0, "duplicates": 600}),
        "{status}"
    );
    let (_, _, record) = server.get("/v1.0/auditLogs/signIns/second-599").await;
    assert_eq!(record["userPrincipalName"], "u5@contoso.com", "{record}");
    let (_, _, failures) = server
        .get("/v1.0/auditLogs/signIns?$count=true&$top=1&$filter=userPrincipalName eq 'u5@contoso.com' and status/errorCode ne 0")
        .await;
    // Failures of u5 are the odd i with i % 9 == 5 (5, 23, ..., 599) in both batches, less
    // second-599, which was resent with errorCode 0.
    let per_batch = (0..600).filter(|i| i % 9 == 5 && i % 2 == 1).count();
    assert_eq!(failures["@odata.count"], 2 * per_batch - 1, "{failures}");
    server.stop().await;
}

#[tokio::test]
async fn malformed_bodies_and_paths_get_graph_errors() {
    let server = TestServer::start().await;
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", b"[{\"id\": ".to_vec(), None)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "BadRequest");
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", b"not json".to_vec(), None)
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", b"[]".to_vec(), None)
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", b"plain".to_vec(), Some("gzip"))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = server
        .ingest_raw(TENANT, "signIns", b"[]".to_vec(), Some("br"))
        .await;
    assert_eq!(status, 415, "{body}");
    let (status, body) = server.ingest(TENANT, "bogus", &[json!({})]).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = server.ingest("contoso", "signIns", &[json!({})]).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("GUID"));
    server.stop().await;
}

#[tokio::test]
async fn oversized_requests_get_413_and_store_nothing() {
    let limits = IngestLimits {
        max_body_bytes: 4096,
        max_inflated_bytes: 8192,
        max_records: 3,
    };
    let server = TestServer::start_with(limits).await;
    let big: Vec<_> = (0..4)
        .map(|i| {
            sign_in(
                &format!("big{i}"),
                &at_minute(i),
                "e@contoso.com",
                "interactiveUser",
                0,
            )
        })
        .collect();
    let (status, body) = server.ingest(TENANT, "signIns", &big).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "RequestEntityTooLarge");
    let padded = vec![b' '; 5000];
    let (status, _) = server.ingest_raw(TENANT, "signIns", padded, None).await;
    assert_eq!(status, 413);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b' '; 100_000]).unwrap();
    let (status, _) = server
        .ingest_raw(TENANT, "signIns", gz.finish().unwrap(), Some("gzip"))
        .await;
    assert_eq!(status, 413);
    let (_, _, page) = server.get("/beta/auditLogs/signIns?$count=true").await;
    assert_eq!(page["@odata.count"], 0);
    server.stop().await;
}

#[tokio::test]
async fn tenants_are_isolated() {
    let server = TestServer::start().await;
    server
        .ingest(
            TENANT,
            "directoryAudits",
            &[directory_audit(
                "mine",
                &at_minute(1),
                "Add member to group",
                "u1",
            )],
        )
        .await;
    let (status, body) = server
        .ingest(
            OTHER_TENANT,
            "directoryAudits",
            &[directory_audit(
                "theirs",
                &at_minute(2),
                "Add member to group",
                "u2",
            )],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ids: Vec<_> = server
        .walk("/v1.0/auditLogs/directoryAudits")
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, vec!["mine"]);
    let (status, _, _) = server.get("/v1.0/auditLogs/directoryAudits/theirs").await;
    assert_eq!(status, 404);
    server.stop().await;
}
