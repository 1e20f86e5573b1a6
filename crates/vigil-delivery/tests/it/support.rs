//! Shared by the integration tests: records of every category for two tenants and two
//! hours, what each blob must hold, and the archive reader (service addresses and the
//! Python runner are `vigil_delivery::test_services`').

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{Value, json};
use vigil_delivery::Outgoing;
use vigil_export::{Category, ExportedRecord};
use vigil_store::TenantId;

/// The emulator's published account key.
pub const DEV_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// Two fresh tenants, so tests sharing a service never see each other's blobs.
pub fn two_tenants() -> [String; 2] {
    [
        uuid::Uuid::new_v4().to_string(),
        uuid::Uuid::new_v4().to_string(),
    ]
}

/// A stored-shaped Graph record of `category` at `time`, as an exported envelope.
fn record(category: Category, tenant: &str, time: &str, n: u64) -> Value {
    let id = uuid::Uuid::new_v4().to_string();
    let graph = if category.is_sign_in() {
        let event_type = category.sign_in_event_type().unwrap();
        json!({
            "id": id,
            "createdDateTime": time,
            "userPrincipalName": format!("user{n}@contoso.com"),
            "appDisplayName": "Café \"Portal\"\r\nline two",
            "signInEventTypes": [event_type],
            "status": {"errorCode": 0},
        })
    } else {
        json!({
            "id": id,
            "activityDateTime": time,
            "activityDisplayName": format!("Update user {n}"),
            "category": "UserManagement",
            "result": "success",
        })
    };
    vigil_export::azure_monitor_record(category, tenant, &graph)
}

/// `per_blob` records of every category for each tenant and each of two hours (10:xx and
/// 11:xx on 2026-03-01), interleaved the way a worker would send them; `round` makes the
/// times of later rounds later.
pub fn batch(tenants: &[String], per_blob: u64, round: u64) -> Vec<Outgoing> {
    let mut out = Vec::new();
    let mut seq = round * 10_000;
    for n in 0..per_blob {
        for hour in [10, 11] {
            for tenant in tenants {
                for category in Category::ALL {
                    seq += 1;
                    let time = format!("2026-03-01T{hour}:{:02}:{:02}Z", round * 10 + n, seq % 60);
                    out.push(Outgoing {
                        category,
                        tenant: TenantId::parse(tenant).unwrap(),
                        seq,
                        record: ExportedRecord::from_azure_record(&record(
                            category, tenant, &time, n,
                        )),
                    });
                }
            }
        }
    }
    out
}

/// What every `<container>/<blob>` must hold after `batches`: their lines, in order.
pub fn expected(batches: &[&[Outgoing]]) -> BTreeMap<String, Vec<u8>> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for outgoing in batches.iter().flat_map(|b| b.iter()) {
        let key = format!(
            "{}/{}",
            outgoing.category.container(),
            outgoing.record.blob_path(outgoing.tenant.as_str()).unwrap()
        );
        outgoing.record.write_blob_line(out.entry(key).or_default());
    }
    out
}

/// Checks one blob's bytes line by line against the records sent (CRLF, each line parses
/// and equals what was sent, in order) and then byte for byte.
pub fn check_content(key: &str, actual: &[u8], expected: &[u8], sent: &[&Outgoing]) {
    assert!(actual.ends_with(b"\r\n"), "{key} does not end with CRLF");
    let text = std::str::from_utf8(actual).unwrap();
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let records: Vec<Value> = sent
        .iter()
        .filter(|o| {
            format!(
                "{}/{}",
                o.category.container(),
                o.record.blob_path(o.tenant.as_str()).unwrap()
            ) == key
        })
        .map(|o| o.record.to_tree())
        .collect();
    assert_eq!(lines.len(), records.len(), "{key}: line count");
    for (line, record) in lines.iter().zip(&records) {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "{key}: a bare line break"
        );
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(&parsed, record, "{key}: a line differs from what was sent");
    }
    assert_eq!(actual, expected, "{key}: bytes differ");
}

/// Runs `tests/services/archive_read.py <args>` with `VIGIL_TEST_PYTHON`; its JSON output.
pub fn python(args: &[&str]) -> Value {
    let lines = vigil_delivery::test_services::python("archive_read.py", args);
    serde_json::from_str(&lines.join(
        "
",
    ))
    .unwrap()
}

/// Base64 text → bytes.
pub fn unbase64(value: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(value.as_str().unwrap())
        .unwrap()
}
