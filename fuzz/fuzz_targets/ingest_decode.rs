//! Request body bytes → `vigil_ingest::decode` (as sent and as `Content-Encoding: gzip`, with
//! small limits) → `validate_batch` for every log kind; and the same bytes straight into
//! `vigil_model::validate_json`. None of it may panic, and the model's documented invariants
//! must hold: a canonical body re-validates to itself, `validate_json` accepts and rejects
//! exactly what `validate` does on the same JSON, and the one-pass validator accepts only
//! what the serde reference accepts, building the same record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_ingest::{Encoding, IngestLimits};
use vigil_model::LogKind;

const LIMITS: IngestLimits = IngestLimits {
    max_body_bytes: 64 << 10,
    max_inflated_bytes: 256 << 10,
    max_records: 64,
};

fuzz_target!(|data: &[u8]| {
    for encoding in [Encoding::Identity, Encoding::Gzip] {
        let decoded = match vigil_ingest::decode(data, encoding, &LIMITS) {
            Ok(decoded) => decoded,
            Err(err) => {
                let _ = err.to_string();
                continue;
            }
        };
        let records = decoded.records();
        assert!(!records.is_empty() && records.len() <= LIMITS.max_records);
        for kind in LogKind::ALL {
            match vigil_ingest::validate_batch(kind, records.clone()) {
                Ok(valid) => {
                    assert_eq!(valid.len(), records.len());
                    for record in &valid {
                        check_canonical(kind, record);
                    }
                }
                Err(err) => {
                    let _ = err.to_string();
                }
            }
        }
    }
    for kind in LogKind::ALL {
        check_record(kind, data);
    }
});

/// `validate_json` on one serialised record, against `validate` on the same JSON tree.
fn check_record(kind: LogKind, bytes: &[u8]) {
    if let Some(one) = vigil_model::validate::one_pass(kind, bytes) {
        assert_eq!(
            Ok(one),
            vigil_model::validate::validate_json_reference(kind, bytes),
            "the one-pass path accepted differently from the reference"
        );
    }
    let fast = vigil_model::validate_json(kind, bytes);
    if let Ok(record) = &fast {
        check_canonical(kind, record);
    }
    // The documented agreement is between a tree and that tree serialised (duplicate keys,
    // which a tree cannot hold, are outside it).
    if let Ok(tree) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let reserialised = serde_json::to_vec(&tree).unwrap_or_default();
        let from_bytes = vigil_model::validate_json(kind, &reserialised);
        let from_tree = vigil_model::validate(kind, tree);
        assert_eq!(
            from_bytes.is_ok(),
            from_tree.is_ok(),
            "validate_json and validate disagree for {kind}: {from_bytes:?} vs {from_tree:?}"
        );
        if let (Ok(a), Ok(b)) = (&from_bytes, &from_tree) {
            assert_eq!(a, b, "validate_json and validate built different records");
        }
    }
}

/// A validated record's canonical body re-validates to the same record.
fn check_canonical(kind: LogKind, record: &vigil_model::ValidatedRecord) {
    assert_eq!(record.kind, kind);
    match vigil_model::validate_json(kind, &record.json) {
        Ok(again) => assert_eq!(
            &again, record,
            "canonical body does not re-validate to itself"
        ),
        Err(err) => panic!("canonical body of a valid {kind} record is refused: {err}"),
    }
}
