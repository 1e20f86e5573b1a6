//! Every generated record passes `vigil_model::validate` for its kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use time::macros::datetime;
use vigil_demo::{DemoConfig, generate, sign_in_stream};
use vigil_model::{LogKind, validate};

#[test]
fn every_generated_record_validates() {
    let data = generate(&DemoConfig::new(1, 7, datetime!(2026-11-20 00:00 UTC)));
    let kinds = data.by_kind();
    let mut failures = Vec::new();
    for (kind, records) in kinds {
        assert!(!records.is_empty(), "{kind}: nothing generated");
        for record in records.iter() {
            if let Err(e) = validate(kind, record.clone())
                && failures.len() < 20
            {
                failures.push(format!(
                    "{kind}: {e}\n{}",
                    serde_json::to_string(record).unwrap()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn stream_records_validate() {
    let stream = sign_in_stream(
        5,
        vigil_demo::DEMO_TENANT_ID,
        datetime!(2026-01-01 00:00 UTC),
        1_000_000,
    );
    for record in stream.take(2_000) {
        let id = record["id"].as_str().unwrap_or_default().to_owned();
        if let Err(e) = validate(LogKind::SignIn, record) {
            panic!("{id}: {e}");
        }
    }
}
