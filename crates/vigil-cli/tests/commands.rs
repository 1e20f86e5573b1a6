//! The `vigil` subcommands run as the real binary: `ingest` and `demo` here, the admin
//! commands in `commands/admin.rs` and `commands/diagnostic_settings.rs`, `serve --demo` in `commands/serve.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

#[path = "commands/admin.rs"]
mod admin;
#[path = "commands/diagnostic_settings.rs"]
mod diagnostic_settings;
#[path = "commands/serve.rs"]
mod serve;

use std::process::Command;

use vigil_store::TenantId;

const TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

fn vigil(args: &[&str], data_dir: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("VIGIL_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ingest_files_idempotently_and_reject_bad_ones_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("audits.ndjson");
    let lines: Vec<String> = (0..3)
        .map(|i| format!(r#"{{"id":"a{i}","activityDateTime":"2026-01-01T00:00:0{i}Z","activityDisplayName":"Add user","category":"UserManagement","initiatedBy":{{}}}}"#))
        .collect();
    std::fs::write(&good, lines.join("\n")).unwrap();
    let args = [
        "ingest",
        "--tenant",
        TENANT,
        "--kind",
        "directoryAudits",
        good.to_str().unwrap(),
    ];
    let (ok, stdout, stderr) = vigil(&args, &data);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("3 received, 3 stored, 0 duplicates"),
        "{stdout}"
    );
    let (ok, stdout, _) = vigil(&args, &data);
    assert!(ok);
    assert!(
        stdout.contains("3 received, 0 stored, 3 duplicates"),
        "{stdout}"
    );

    let bad = dir.path().join("bad.ndjson");
    std::fs::write(
        &bad,
        format!("{}\n{{\"id\":\"x\"}}\n", lines[0].replace("a0", "b0")),
    )
    .unwrap();
    let (ok, _, stderr) = vigil(
        &[
            "ingest",
            "--tenant",
            TENANT,
            "--kind",
            "directoryAudits",
            bad.to_str().unwrap(),
        ],
        &data,
    );
    assert!(!ok);
    assert!(
        stderr.contains("nothing stored") && stderr.contains("record 1"),
        "{stderr}"
    );
}

#[test]
fn demo_writes_ndjson_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (ok, stdout, stderr) = vigil(
        &[
            "demo",
            "--days",
            "1",
            "--seed",
            "3",
            "--out",
            out.to_str().unwrap(),
        ],
        &dir.path().join("unused"),
    );
    assert!(ok, "{stderr}");
    assert!(stdout.contains("signIns.ndjson"), "{stdout}");
    let sign_ins = std::fs::read_to_string(out.join("signIns.ndjson")).unwrap();
    assert!(sign_ins.lines().count() > 100);
    let first: serde_json::Value = serde_json::from_str(sign_ins.lines().next().unwrap()).unwrap();
    assert!(first["createdDateTime"].is_string());
}

/// `activityDisplayName` and the first modified property of every directory audit of the
/// test tenant, oldest first.
fn audits(data: &std::path::Path) -> Vec<(String, String)> {
    use vigil_store::{PageRequest, ScopedQuery, SortOrder, Store};
    let store = vigil_store_sqlite::SqliteStore::open(data, Default::default()).unwrap();
    let kind = vigil_model::LogKind::DirectoryAudit;
    let page = store
        .page(&PageRequest {
            query: ScopedQuery {
                tenant: TenantId::parse(TENANT).unwrap(),
                kind,
                filters: Vec::new(),
                order: SortOrder::Asc,
                not_before: None,
            },
            size: 1000,
            after: None,
            snapshot: store.high_water_mark(kind).unwrap(),
        })
        .unwrap();
    page.records
        .iter()
        .map(|r| {
            let modified = &r.body["targetResources"][0]["modifiedProperties"][0];
            (
                r.body["activityDisplayName"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                format!(
                    "{}: {} -> {}",
                    modified["displayName"].as_str().unwrap_or(""),
                    modified["oldValue"].as_str().unwrap_or("null"),
                    modified["newValue"].as_str().unwrap_or("null")
                ),
            )
        })
        .collect()
}
