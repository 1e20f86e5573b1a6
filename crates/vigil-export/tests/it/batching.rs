//! Event Hub batching (§2.1): no message over the limit unless it holds one record that is
//! itself too big, nothing lost, duplicated or reordered, no needless split; and real exports
//! packed at Azure's 256 KiB.

use proptest::prelude::*;
use serde_json::{Value, json};
use vigil_export::{
    Category, DEFAULT_MAX_MESSAGE_BYTES, EMPTY_MESSAGE_BYTES, RecordsBatcher, RecordsMessage,
    azure_monitor_record, pack_records, record_bytes,
};
use vigil_model::LogKind;

use crate::common::{demo_stored, fixture, fixture_json};

/// The records of a message body, which must be exactly `{"records":[…]}`.
fn unpack(message: &RecordsMessage) -> Vec<Value> {
    let body: Value = serde_json::from_slice(message.as_bytes()).unwrap();
    let object = body.as_object().unwrap();
    assert_eq!(object.len(), 1, "only `records`");
    let records = object["records"].as_array().unwrap().clone();
    assert_eq!(records.len(), message.record_count());
    records
}

/// Every batching invariant, for any records and limit.
fn check(records: &[Value], limit: usize) {
    let messages = pack_records(records, limit);
    let unpacked: Vec<Vec<Value>> = messages.iter().map(unpack).collect();
    let single = |r: &Value| EMPTY_MESSAGE_BYTES + record_bytes(r).len();
    for (index, (message, inside)) in messages.iter().zip(&unpacked).enumerate() {
        assert!(!inside.is_empty(), "no empty messages");
        if message.len() > limit {
            assert_eq!(inside.len(), 1, "only a lone record may exceed the limit");
            assert!(single(&inside[0]) > limit);
        }
        // Greedy: the next message's first record would not have fit into this one.
        if let Some(next) = unpacked.get(index + 1) {
            assert!(
                message.len() + 1 + record_bytes(&next[0]).len() > limit,
                "needless split before message {}",
                index + 1
            );
        }
    }
    let all: Vec<Value> = unpacked.into_iter().flatten().collect();
    assert_eq!(all, records, "every record once, in order");
}

fn arb_record() -> impl Strategy<Value = Value> {
    (0usize..400, any::<u32>(), "[a-z\"\\\\é]{0,3}").prop_map(|(size, id, tail)| {
        json!({"id": id, "category": "AuditLogs", "properties": {"pad": "x".repeat(size), "t": tail}})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn batching_keeps_the_limit_and_every_record(
        records in prop::collection::vec(arb_record(), 0..60),
        limit in 0usize..2_000,
    ) {
        check(&records, limit);
    }

    #[test]
    fn streaming_pushes_equal_packing(
        records in prop::collection::vec(arb_record(), 0..30),
        limit in 50usize..1_500,
    ) {
        let mut batcher = RecordsBatcher::new(limit);
        let mut streamed = Vec::new();
        for record in &records {
            streamed.extend(batcher.push(record));
        }
        streamed.extend(batcher.finish());
        prop_assert_eq!(streamed, pack_records(&records, limit));
    }
}

#[test]
fn sign_ins_at_azure_s_limit() {
    let records: Vec<Value> = demo_stored()
        .sign_ins
        .iter()
        .take(1_500)
        .filter_map(|r| {
            Category::of(LogKind::SignIn, r)
                .map(|c| azure_monitor_record(c, vigil_demo::DEMO_TENANT_ID, r))
        })
        .collect();
    let messages = pack_records(&records, DEFAULT_MAX_MESSAGE_BYTES);
    let total: usize = records.iter().map(|r| record_bytes(r).len() + 1).sum();
    assert!(messages.len() > 1);
    assert!(messages.len() <= total / (DEFAULT_MAX_MESSAGE_BYTES / 2) + 1);
    for message in &messages {
        assert!(message.len() <= DEFAULT_MAX_MESSAGE_BYTES);
    }
    check(&records, DEFAULT_MAX_MESSAGE_BYTES);
}

#[test]
fn the_reference_message_is_one_records_message() {
    // The 2018 sample is a whole message body; re-packing its record gives the same body
    // up to whitespace.
    let sample = fixture_json("audit_2018_message.json");
    let records = sample["records"].as_array().unwrap();
    let messages = pack_records(records, DEFAULT_MAX_MESSAGE_BYTES);
    assert_eq!(messages.len(), 1);
    let body: Value = serde_json::from_slice(messages[0].as_bytes()).unwrap();
    assert_eq!(body, sample);
}

#[test]
fn records_use_the_captured_byte_layout() {
    // The 2025 capture is one record in Azure's own bytes; `record_bytes` reproduces them.
    let line = fixture("audit_2025_line.json");
    let record: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        String::from_utf8(record_bytes(&record)).unwrap(),
        line.trim_end()
    );
}
