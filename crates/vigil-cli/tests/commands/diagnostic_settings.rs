//! `vigil diagnostic-settings`: JSON in, redacted JSON out, errors naming the field, and
//! what the binary wrote read back through the library.

use std::path::Path;

use serde_json::{Value, json};
use vigil_tenancy::ControlStore;

use super::{TENANT, vigil};

const PASSWORD: &str = "cli-kafka-password-3e9a";

fn setting(name: &str) -> Value {
    json!({
        "name": name,
        "properties": {
            "logs": [{"category": "AuditLogs", "enabled": true}],
            "destinations": [
                {"kind": "kafka", "bootstrapServers": ["kafka:9092"],
                 "sasl": {"username": "vigil", "password": PASSWORD}},
                {"kind": "localDirectory", "path": "/var/lib/vigil-export"}
            ]
        }
    })
}

fn run(args: &[&str], data: &Path) -> (bool, String, String) {
    let (success, stdout, stderr) = vigil(args, data);
    assert!(
        !stdout.contains(PASSWORD) && !stderr.contains(PASSWORD),
        "secret shown"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (success, stdout, stderr)
}

fn ok_json(args: &[&str], data: &Path) -> Value {
    let (success, stdout, stderr) = run(args, data);
    assert!(success, "vigil {args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn create_list_show_update_delete() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (success, _, stderr) = run(
        &["tenant", "create", "--tenant", TENANT, "--name", "Contoso"],
        &data,
    );
    assert!(success, "{stderr}");
    let json_text = setting("siem").to_string();
    let created = ok_json(
        &[
            "diagnostic-settings",
            "create",
            "--tenant",
            TENANT,
            "--json",
            &json_text,
        ],
        &data,
    );
    assert_eq!(
        created["properties"]["destinations"][0]["sasl"]["password"],
        "***"
    );

    let listed = ok_json(&["diagnostic-settings", "list", "--tenant", TENANT], &data);
    assert_eq!(listed, json!([created.clone()]));
    let shown = ok_json(
        &[
            "diagnostic-settings",
            "show",
            "--tenant",
            TENANT,
            "--name",
            "SIEM",
        ],
        &data,
    );
    assert_eq!(shown, created);

    // Update from a file holding what `show` printed, with one change: "***" keeps the
    // stored password.
    let mut edited = shown.clone();
    edited["properties"]["logs"][0]["enabled"] = json!(false);
    let file = dir.path().join("edited.json");
    std::fs::write(&file, edited.to_string()).unwrap();
    let updated = ok_json(
        &[
            "diagnostic-settings",
            "update",
            "--tenant",
            TENANT,
            "--file",
            file.to_str().unwrap(),
        ],
        &data,
    );
    assert_eq!(updated, edited);
    let store = vigil_tenancy::SqliteControlStore::open(
        &data,
        std::sync::Arc::new(vigil_model::clock::SystemClock),
    )
    .unwrap();
    let tenant = vigil_store::TenantId::parse(TENANT).unwrap();
    let stored = store.diagnostic_setting(&tenant, "siem").unwrap().unwrap();
    assert_eq!(stored.secret_values(), vec![PASSWORD.to_owned()]);
    drop(store);

    // Errors name the field; duplicates and unknown names are explained.
    let mut bad = setting("other");
    bad["properties"]["destinations"][0]["bootstrapServers"] = json!(["no-port"]);
    let bad_text = bad.to_string();
    let (success, _, stderr) = run(
        &[
            "diagnostic-settings",
            "create",
            "--tenant",
            TENANT,
            "--json",
            &bad_text,
        ],
        &data,
    );
    assert!(!success);
    assert!(
        stderr.contains("properties.destinations[0].bootstrapServers[0]"),
        "{stderr}"
    );
    let (success, _, stderr) = run(
        &[
            "diagnostic-settings",
            "create",
            "--tenant",
            TENANT,
            "--json",
            &json_text,
        ],
        &data,
    );
    assert!(!success);
    assert!(
        stderr.contains("already has a diagnostic setting"),
        "{stderr}"
    );

    let (success, stdout, stderr) = run(
        &[
            "diagnostic-settings",
            "delete",
            "--tenant",
            TENANT,
            "--name",
            "siem",
        ],
        &data,
    );
    assert!(success, "{stderr}");
    assert!(stdout.contains("deleted"), "{stdout}");
    let (success, _, stderr) = run(
        &[
            "diagnostic-settings",
            "show",
            "--tenant",
            TENANT,
            "--name",
            "siem",
        ],
        &data,
    );
    assert!(!success);
    assert!(stderr.contains("no diagnostic setting"), "{stderr}");
    assert_eq!(
        ok_json(&["diagnostic-settings", "list", "--tenant", TENANT], &data),
        json!([])
    );

    // Each change is a directory audit of the tenant, with the secret redacted.
    let written = super::audits(&data);
    let activities: Vec<&str> = written.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        activities,
        [
            "Add diagnostic setting",
            "Update diagnostic setting",
            "Delete diagnostic setting"
        ],
        "{written:?}"
    );
    assert!(
        written.iter().all(|(_, m)| !m.contains(PASSWORD)),
        "{written:?}"
    );
}
