//! Helpers shared by the integration tests: fixture loading and structural comparison.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)] // reason: test helpers

use serde_json::Value;

/// Parses `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", manifest_dir().display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The first record of a Graph list response fixture.
pub fn first_record(name: &str) -> Value {
    fixture(name)["value"][0].clone()
}

/// Asserts that every property of `expected` is in `actual` with the same value (recursively;
/// `actual` may have more object members, arrays must have the same length).
pub fn assert_contains(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let inner = format!("{path}/{key}");
                let got = a
                    .get(key)
                    .unwrap_or_else(|| panic!("{inner} missing in {actual}"));
                assert_contains(value, got, &inner);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: array length");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_contains(ev, av, &format!("{path}/{i}"));
            }
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

/// The top-level keys of an object, in order.
pub fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// This package's directory. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test; the
/// compile-time value can name another checkout when a shared target directory is reused.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        std::path::PathBuf::from,
    )
}
