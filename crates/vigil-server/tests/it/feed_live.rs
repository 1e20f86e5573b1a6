//! The change feed while records arrive and the server restarts: a long poll answers with
//! a record ingested during its wait (other tenants' and logs' commits do not end it); a
//! wait that runs out answers an empty page whose cursor is the same or advanced; a walk
//! that runs while records are ingested sees each exactly once, in ingest order; cursors
//! taken before a restart continue after it on the same data directory; and shutdown ends
//! long polls instead of waiting them out.

use std::time::Duration;

use serde_json::Value;

use crate::feed::{feed_path, ingest_ok, page_ids, record_id, walk_feed};
use crate::harness::{OTHER_TENANT, TENANT, TestServer, at_minute, directory_audit, provisioning};

fn audit(id: &str, minute: i64) -> Value {
    directory_audit(id, &at_minute(minute), "Add member to group", "u")
}

async fn cursor_at_end(server: &TestServer, category: &str) -> String {
    walk_feed(server, &server.token, &feed_path(category, ""))
        .await
        .1
}

#[tokio::test]
async fn a_long_poll_answers_with_a_record_ingested_during_the_wait() {
    let server = TestServer::start().await;
    ingest_ok(
        &server,
        TENANT,
        "provisioning",
        &[provisioning("p1", &at_minute(1))],
    )
    .await;
    let cursor = cursor_at_end(&server, "ProvisioningLogs").await;
    let path = feed_path("ProvisioningLogs", &format!("cursor={cursor}&wait=60"));
    let poll = server.get(&path);
    let produce = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Commits the poll is woken by but has no record in.
        ingest_ok(
            &server,
            OTHER_TENANT,
            "provisioning",
            &[provisioning("theirs", &at_minute(2))],
        )
        .await;
        ingest_ok(&server, TENANT, "directoryAudits", &[audit("audit", 2)]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ingest_ok(
            &server,
            TENANT,
            "provisioning",
            &[provisioning("p2", &at_minute(3))],
        )
        .await;
    };
    let ((status, _, page), ()) = tokio::join!(poll, produce);
    assert_eq!(status, 200, "{page}");
    assert_eq!(page_ids(&page), ["p2"], "{page}");
    server.stop().await;
}

#[tokio::test]
async fn a_wait_that_runs_out_answers_an_empty_page_with_the_same_or_an_advanced_cursor() {
    let server = TestServer::start().await;
    ingest_ok(&server, TENANT, "directoryAudits", &[audit("a1", 1)]).await;
    let cursor = cursor_at_end(&server, "AuditLogs").await;
    let path = |cursor: &str| feed_path("AuditLogs", &format!("cursor={cursor}&wait=1"));
    let (status, _, page) = server.get(&path(&cursor)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page_ids(&page), Vec::<String>::new());
    assert_eq!(
        page["cursor"],
        cursor.as_str(),
        "nothing scanned, same cursor"
    );
    // Another tenant's rows are scanned past: the cursor advances without a record.
    ingest_ok(
        &server,
        OTHER_TENANT,
        "directoryAudits",
        &[audit("theirs", 2)],
    )
    .await;
    let (status, _, page) = server.get(&path(&cursor)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page_ids(&page), Vec::<String>::new());
    let advanced = page["cursor"].as_str().unwrap().to_owned();
    assert_ne!(advanced, cursor);
    ingest_ok(&server, TENANT, "directoryAudits", &[audit("a2", 3)]).await;
    let (_, _, page) = server.get(&path(&advanced)).await;
    assert_eq!(page_ids(&page), ["a2"]);
    server.stop().await;
}

#[tokio::test]
async fn a_walk_during_ingest_sees_every_record_once_in_ingest_order() {
    const BATCHES: i64 = 25;
    const PER_BATCH: i64 = 4;
    let server = TestServer::start().await;
    let mut expected = Vec::new();
    let mut batches = Vec::new();
    for b in 0..BATCHES {
        // Event times run backwards: only ingest order is the feed's order.
        let batch: Vec<Value> = (0..PER_BATCH)
            .map(|k| {
                let id = format!("a-{b}-{k}");
                expected.push(id.clone());
                audit(&id, 1000 - b * PER_BATCH - k)
            })
            .collect();
        batches.push(batch);
    }
    let produce = async {
        for (b, batch) in batches.iter().enumerate() {
            ingest_ok(&server, TENANT, "directoryAudits", batch).await;
            ingest_ok(
                &server,
                OTHER_TENANT,
                "directoryAudits",
                &[audit(&format!("theirs-{b}"), 5)],
            )
            .await;
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    };
    let consume = async {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            if seen.len() == expected.len() {
                break;
            }
            let query = match &cursor {
                Some(c) => format!("cursor={c}&limit=3&wait=5"),
                None => "limit=3&wait=5".to_owned(),
            };
            let (status, _, page) = server.get(&feed_path("AuditLogs", &query)).await;
            assert_eq!(status, 200, "{page}");
            seen.extend(page_ids(&page));
            cursor = page["cursor"].as_str().map(str::to_owned);
        }
        (seen, cursor)
    };
    let ((), (seen, cursor)) = tokio::join!(produce, consume);
    assert_eq!(seen, expected);
    // Nothing is left over for the walk.
    let cursor = cursor.unwrap();
    let (_, _, page) = server
        .get(&feed_path("AuditLogs", &format!("cursor={cursor}")))
        .await;
    assert_eq!(page_ids(&page), Vec::<String>::new());
    server.stop().await;
}

#[tokio::test]
async fn cursors_taken_before_a_restart_continue_after_it() {
    let server = TestServer::start().await;
    let first: Vec<Value> = (0..10).map(|i| audit(&format!("a{i}"), 100 - i)).collect();
    ingest_ok(&server, TENANT, "directoryAudits", &first[..6]).await;
    ingest_ok(&server, TENANT, "directoryAudits", &first[6..]).await;
    let (_, _, page) = server.get(&feed_path("AuditLogs", "limit=4")).await;
    assert_eq!(page_ids(&page), ["a0", "a1", "a2", "a3"]);
    let middle = page["cursor"].as_str().unwrap().to_owned();
    let next_query = page["@vigil.nextLink"]
        .as_str()
        .unwrap()
        .split_once('?')
        .unwrap()
        .1
        .to_owned();
    let (all, end) = walk_feed(&server, &server.token, &feed_path("AuditLogs", "limit=4")).await;
    assert_eq!(all.len(), 10);

    let server = server.restart().await;
    let later: Vec<Value> = (0..5).map(|i| audit(&format!("b{i}"), 50 - i)).collect();
    ingest_ok(&server, TENANT, "directoryAudits", &later).await;
    let ids = |records: Vec<Value>| records.iter().map(record_id).collect::<Vec<_>>();
    let walk = |query: String| {
        let server = &server;
        async move {
            ids(
                walk_feed(server, &server.token, &feed_path("AuditLogs", &query))
                    .await
                    .0,
            )
        }
    };
    assert_eq!(
        walk(format!("cursor={end}")).await,
        ["b0", "b1", "b2", "b3", "b4"]
    );
    let rest = [
        "a4", "a5", "a6", "a7", "a8", "a9", "b0", "b1", "b2", "b3", "b4",
    ];
    assert_eq!(walk(format!("cursor={middle}&limit=3")).await, rest);
    assert_eq!(walk(next_query).await, rest);
    assert_eq!(walk(String::new()).await.len(), 15);
    server.stop().await;
}

#[tokio::test]
async fn shutdown_ends_a_long_poll_with_an_empty_page() {
    let server = TestServer::start().await;
    let request = server
        .http
        .get(server.url(&feed_path("AuditLogs", "wait=60")))
        .bearer_auth(&server.token);
    let poll = async move {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap())
    };
    let stop = async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        server.stop().await;
    };
    // Far below the poll's 60 s: the drain does not wait the poll out.
    let ((status, page), ()) =
        tokio::time::timeout(Duration::from_secs(30), async { tokio::join!(poll, stop) })
            .await
            .expect("shutdown waited for the long poll");
    assert_eq!(status, 200, "{page}");
    assert_eq!(page_ids(&page), Vec::<String>::new());
}
