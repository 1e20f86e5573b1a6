//! Shared test helpers: fixtures, one demo data set, canonical (stored) records, key order.

use std::sync::OnceLock;

use serde_json::Value;
use vigil_demo::{DemoConfig, DemoData, generate};
use vigil_model::{LogKind, validate};

/// The envelope member order of §2.2.
pub const ENVELOPE_ORDER: &[&str] = &[
    "time",
    "resourceId",
    "operationName",
    "operationVersion",
    "category",
    "tenantId",
    "resultType",
    "resultSignature",
    "resultDescription",
    "durationMs",
    "callerIpAddress",
    "correlationId",
    "identity",
    "Level",
    "location",
    "properties",
];

/// A fixture file's text.
pub fn fixture(name: &str) -> String {
    let path = manifest_dir().join("tests/it/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture file parsed as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Three days of Contoso, generated once per test binary.
pub fn demo() -> &'static DemoData {
    static DATA: OnceLock<DemoData> = OnceLock::new();
    DATA.get_or_init(|| {
        generate(&DemoConfig::new(
            11,
            3,
            time::macros::datetime!(2026-03-08 00:00 UTC),
        ))
    })
}

/// The demo data set in its stored (canonical) form, one vector per log, validated once.
pub struct Stored {
    pub sign_ins: Vec<Value>,
    pub directory_audits: Vec<Value>,
    pub provisioning: Vec<Value>,
    pub custom_security_attribute_audits: Vec<Value>,
}

/// [`demo`] as a store holds it.
pub fn demo_stored() -> &'static Stored {
    static STORED: OnceLock<Stored> = OnceLock::new();
    STORED.get_or_init(|| {
        let data = demo();
        let all = |kind, raws: &[Value]| raws.iter().map(|r| stored(kind, r)).collect();
        Stored {
            sign_ins: all(LogKind::SignIn, &data.sign_ins),
            directory_audits: all(LogKind::DirectoryAudit, &data.directory_audits),
            provisioning: all(LogKind::Provisioning, &data.provisioning),
            custom_security_attribute_audits: all(
                LogKind::CustomSecurityAttributeAudit,
                &data.custom_security_attribute_audits,
            ),
        }
    })
}

/// The record as a store holds it: validated, canonical beta-superset JSON.
pub fn stored(kind: LogKind, raw: &Value) -> Value {
    validate(kind, raw.clone())
        .unwrap_or_else(|e| panic!("{kind}: {e}\n{raw}"))
        .body()
}

/// The members of an object, in order.
pub fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Asserts that `value`'s keys appear in the same relative order as in `order` (keys not
/// in `order` are ignored).
pub fn assert_follows(value: &Value, order: &[&str]) {
    let positions: Vec<usize> = keys(value)
        .iter()
        .filter_map(|k| order.iter().position(|o| o == k))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "keys out of order: {:?}",
        keys(value)
    );
}

/// Asserts two values are equal including the order of every object's members.
pub fn assert_same_with_order(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let ak: Vec<_> = a.keys().collect();
            let ek: Vec<_> = e.keys().collect();
            assert_eq!(ak, ek, "member order at {path}");
            for (k, v) in e {
                assert_same_with_order(&a[k], v, &format!("{path}/{k}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "length at {path}");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                assert_same_with_order(x, y, &format!("{path}/{i}"));
            }
        }
        _ => assert_eq!(actual, expected, "value at {path}"),
    }
}

/// This package's directory. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test; the
/// compile-time value can name another checkout when a shared target directory is reused.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        std::path::PathBuf::from,
    )
}
