//! Test support (feature `test-services`): where the external services are.
//! `scripts/services.sh` exports their addresses. Without them a test is skipped with a
//! note — unless `VIGIL_REQUIRE_SERVICES=1` (the test command sets it), where a missing
//! service fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test support fails loudly

use std::process::Command;

/// The environment variable's value, or `None` (after printing why) to skip.
pub fn service(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => {
            assert!(
                std::env::var("VIGIL_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "{var} is not set but VIGIL_REQUIRE_SERVICES=1: run through scripts/services.sh"
            );
            eprintln!("skipped: {var} is not set (run through scripts/services.sh)");
            None
        }
    }
}

/// Runs one of the Python readers under `tests/services/` with the services' virtualenv and
/// returns its stdout lines.
pub fn python(script: &str, args: &[&str]) -> Vec<String> {
    let path = manifest_dir().join("../../tests/services").join(script);
    python_at(&path, args)
}

/// Runs a Python script at `path` with the services' virtualenv; its stdout lines.
pub fn python_at(path: &std::path::Path, args: &[&str]) -> Vec<String> {
    let script = path.display().to_string();
    let python = service("VIGIL_TEST_PYTHON").expect("VIGIL_TEST_PYTHON");
    let output = Command::new(python).arg(path).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every message of `topics` whose key is `key`, as (topic, parsed value), read by a real
/// Kafka consumer (kafka-python); waits for at least `min` and then for quiet.
pub fn kafka_messages(
    bootstrap: &str,
    topics: &[String],
    key: &str,
    min: usize,
) -> Vec<(String, serde_json::Value)> {
    python(
        "kafka_read.py",
        &[
            bootstrap,
            &topics.join(","),
            "--key",
            key,
            "--min",
            &min.to_string(),
            "--timeout",
            "60",
        ],
    )
    .iter()
    .map(|line| {
        let message: serde_json::Value = serde_json::from_str(line).unwrap();
        let value = serde_json::from_str(message["value"].as_str().unwrap()).unwrap();
        (message["topic"].as_str().unwrap().to_owned(), value)
    })
    .collect()
}

/// This package's directory. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test; the
/// compile-time value can name another checkout when a shared target directory is reused.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        std::path::PathBuf::from,
    )
}
