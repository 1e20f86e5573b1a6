//! Export survives `kill -9`: the real binary, a local-directory diagnostic setting, clients
//! ingesting while the server is killed with SIGKILL three times. After a final restart the
//! destination catches up, and every acknowledged record is in the archive (at least once;
//! a repeat is at most the batch that was in flight), every line whole.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

#[path = "support/process.rs"]
mod process;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use process::{admin, free_port, start, wait_ready};

const TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const BATCH: usize = 100;

fn record(batch: usize, i: usize) -> Value {
    json!({
        "id": format!("x{batch:05}-{i:03}"),
        "createdDateTime": format!("2026-01-01T{:02}:{:02}:{:02}Z", (batch / 7) % 24, batch % 60, i % 60),
        "userId": "26be570a-ae82-4189-b4e2-a37c6808512d",
        "userPrincipalName": "crash@contoso.com",
        "signInEventTypes": ["interactiveUser"],
        "isInteractive": true,
        "status": {"errorCode": 0}
    })
}

/// Every line of every archive file, parsed; panics on a torn or invalid line.
fn archived_ids(out: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.is_empty() || text.ends_with("\r\n"),
            "{}: torn tail",
            path.display()
        );
        for line in text.split_terminator("\r\n") {
            let record: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: {e}: {line}", path.display()));
            ids.push(record["properties"]["id"].as_str().unwrap().to_owned());
        }
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_export_loses_nothing_and_repeats_little() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("archive");
    admin(
        &data,
        &["tenant", "create", "--tenant", TENANT, "--name", "Crash"],
    );
    admin(
        &data,
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
    let setting = json!({"name": "archive", "properties": {
        "logs": [{"category": "SignInLogs", "enabled": true}],
        "destinations": [{"kind": "localDirectory", "path": out.to_str().unwrap()}]}});
    admin(
        &data,
        &[
            "diagnostic-settings",
            "create",
            "--tenant",
            TENANT,
            "--json",
            &setting.to_string(),
        ],
    );
    let key = admin(
        &data,
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

    for kill_after_ms in [600u64, 1_100, 300] {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = start(&data, port, &[]);
        wait_ready(&http, &base).await;
        let stop = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for _ in 0..2 {
            let (http, base, next_batch, stop, key) = (
                http.clone(),
                base.clone(),
                next_batch.clone(),
                stop.clone(),
                key.clone(),
            );
            clients.push(tokio::spawn(async move {
                let mut acked = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    let batch = next_batch.fetch_add(1, Ordering::SeqCst);
                    let records: Vec<Value> = (0..BATCH).map(|i| record(batch, i)).collect();
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
                acked
            }));
        }
        tokio::time::sleep(Duration::from_millis(kill_after_ms)).await;
        child.kill().unwrap(); // SIGKILL, while export is running
        child.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
        for client in clients {
            acknowledged.extend(client.await.unwrap());
        }
    }
    assert!(!acknowledged.is_empty());

    // Restart: the destination catches up from its durable position.
    let port = free_port();
    let mut child = start(&data, port, &[]);
    wait_ready(&http, &format!("http://127.0.0.1:{port}")).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status: Value =
            serde_json::from_str(&admin(&data, &["status", "--tenant", TENANT])).unwrap();
        let destination = &status["destinations"][0];
        if destination["lagRecords"] == 0 {
            assert_eq!(destination["healthy"], true, "{status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "export never caught up: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let archived = archived_ids(&out);
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for id in &archived {
        *copies.entry(id.as_str()).or_default() += 1;
    }
    let missing: Vec<String> = acknowledged
        .iter()
        .flat_map(|b| (0..BATCH).map(move |i| format!("x{b:05}-{i:03}")))
        .filter(|id| !copies.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged records never archived, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let repeated: HashSet<&str> = copies
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| *id)
        .collect();
    // At most the batch in flight at each of the three kills (plus the final stop) repeats.
    assert!(
        repeated.len() <= 4 * 5_000,
        "{} records archived more than once",
        repeated.len()
    );
    eprintln!(
        "{} acknowledged batches, {} lines archived, {} records repeated",
        acknowledged.len(),
        archived.len(),
        repeated.len()
    );
}
