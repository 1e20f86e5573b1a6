//! Crash safety of the real binary: `kill -9` during ingest never loses an acknowledged
//! record and never leaves a half-written batch.
//!
//! The test runs `vigil serve` as a child process, ingests batches from two concurrent
//! clients, kills the server with SIGKILL at an arbitrary moment, restarts it on the same data
//! directory, and checks every batch: acknowledged ones are complete, the others are either
//! complete or absent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

#[path = "support/process.rs"]
mod process;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use process::{admin, free_port, start, wait_ready};

const TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const BATCH: usize = 150;

fn record(batch: usize, i: usize) -> Value {
    json!({
        "id": format!("b{batch:05}-{i:03}"),
        "createdDateTime": format!("2026-01-01T{:02}:{:02}:{:02}Z", (batch / 60) % 24, batch % 60, i % 60),
        "userId": "26be570a-ae82-4189-b4e2-a37c6808512d",
        "userPrincipalName": "crash@contoso.com",
        "isInteractive": true,
        "status": {"errorCode": 0}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_ingest_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    admin(
        dir.path(),
        &["tenant", "create", "--tenant", TENANT, "--name", "Crash"],
    );
    // The records are dated 2026-01-01: keep them readable whatever today's date is.
    admin(
        dir.path(),
        &[
            "retention",
            "set",
            "--tenant",
            TENANT,
            "--log",
            "signIns",
            "--days",
            "36500",
        ],
    );
    let key = admin(
        dir.path(),
        &[
            "ingest-key",
            "create",
            "--tenant",
            TENANT,
            "--name",
            "crash",
        ],
    );
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let next_batch = Arc::new(AtomicUsize::new(0));
    let mut acknowledged: Vec<usize> = Vec::new();
    let mut sent_total = 0;

    for (round, kill_after_ms) in [350u64, 800, 120].into_iter().enumerate() {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = start(dir.path(), port, &["--tenant", TENANT]);
        wait_ready(&http, &base).await;

        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut clients = Vec::new();
        for _ in 0..2 {
            let http = http.clone();
            let base = base.clone();
            let next_batch = next_batch.clone();
            let stop = stop.clone();
            let key = key.clone();
            clients.push(tokio::spawn(async move {
                let mut acked = Vec::new();
                let mut sent = 0;
                while !stop.load(Ordering::SeqCst) {
                    let batch = next_batch.fetch_add(1, Ordering::SeqCst);
                    let records: Vec<Value> = (0..BATCH).map(|i| record(batch, i)).collect();
                    sent += 1;
                    let response = http
                        .post(format!("{base}/ingest/v1/tenants/{TENANT}/signIns"))
                        .header("x-vigil-ingest-key", &key)
                        .json(&records)
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status().is_success() => acked.push(batch),
                        _ => break,
                    }
                }
                (acked, sent)
            }));
        }
        tokio::time::sleep(Duration::from_millis(kill_after_ms)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
        for client in clients {
            let (acked, sent) = client.await.unwrap();
            acknowledged.extend(acked);
            sent_total += sent;
        }
        assert!(
            !acknowledged.is_empty(),
            "round {round}: some batches were acknowledged before the kill"
        );
    }

    // Restart and audit every batch that was ever sent.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = start(dir.path(), port, &["--tenant", TENANT]);
    wait_ready(&http, &base).await;
    // Minted after the restart: the server wrote its issuer (with this port) at startup.
    let token = admin(
        dir.path(),
        &[
            "token",
            "--tenant",
            TENANT,
            "--user",
            "auditor@contoso.com",
            "--role",
            "Reports Reader",
        ],
    );
    let total_batches = next_batch.load(Ordering::SeqCst);
    // One walk over everything stored, counted per batch.
    let mut per_batch = vec![0u64; total_batches];
    let mut url = Some(format!(
        "{base}/beta/auditLogs/signIns?$select=id&$top=1000"
    ));
    while let Some(next) = url {
        let response = http.get(&next).bearer_auth(&token).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{next}: {}",
            response.status()
        );
        let page: Value = response.json().await.unwrap();
        for record in page["value"].as_array().unwrap() {
            let id = record["id"].as_str().unwrap();
            let batch: usize = id[1..6].parse().unwrap();
            per_batch[batch] += 1;
        }
        url = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    let mut complete = 0;
    for (batch, count) in per_batch.iter().copied().enumerate() {
        if acknowledged.contains(&batch) {
            assert_eq!(
                count, BATCH as u64,
                "acknowledged batch {batch} lost records"
            );
        } else {
            assert!(
                count == 0 || count == BATCH as u64,
                "batch {batch} is half-written: {count} records"
            );
        }
        if count == BATCH as u64 {
            complete += 1;
        }
    }
    assert!(complete >= acknowledged.len());
    assert!(sent_total >= acknowledged.len());
    child.kill().unwrap();
    child.wait().unwrap();
}
