//! The byte layout of one exported record (azure-monitor-formats §2.2, observed in 2025
//! sign-in and audit data): `{ "time": "…", "resourceId": "…", … "properties": {…}}` — a space
//! after the opening brace, `": "` between an envelope member's name and value, `", "`
//! between members, no space before the closing brace, and every value (`properties`
//! included) compact. JSON readers do not care; byte-level consumers and diffs against
//! captured data do.

use serde_json::Value;

use crate::object_writer::{ENVELOPE, ObjectWriter, write_json};

/// One record in Azure's layout (see the module docs). A value that is not an object is
/// written as compact JSON.
pub fn record_bytes(record: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_record(&mut out, record);
    out
}

/// Appends [`record_bytes`] of `record` to `out`.
pub fn write_record(out: &mut Vec<u8>, record: &Value) {
    let Value::Object(members) = record else {
        write_json(out, record);
        return;
    };
    let mut object = ObjectWriter::open(out, ENVELOPE);
    for (key, value) in members {
        object.value(key, value);
    }
    object.close();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;

    use super::*;

    #[test]
    fn envelope_members_are_spaced_and_values_compact() {
        let record = json!({"time": "t", "Level": 4, "properties": {"a": [1, {"b": null}]}});
        let text = String::from_utf8(record_bytes(&record)).unwrap();
        assert_eq!(
            text,
            r#"{ "time": "t", "Level": 4, "properties": {"a":[1,{"b":null}]}}"#
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), record);
    }

    #[test]
    fn other_values_are_compact() {
        assert_eq!(record_bytes(&json!({})), b"{}");
        assert_eq!(record_bytes(&json!([1, 2])), b"[1,2]");
        assert_eq!(record_bytes(&json!("x\"y")), br#""x\"y""#);
    }

    #[test]
    fn keys_are_escaped() {
        let record = json!({"a\"b\n": "é"});
        let bytes = record_bytes(&record);
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), record);
    }
}
