//! Record bodies on disk: canonical JSON, zstd-compressed one record at a time so any
//! record can be read without touching its neighbours.

use serde_json::Value;

/// zstd level: 1 is the fastest level and already halves a sign-in (see docs/benchmarks.md).
const LEVEL: i32 = 1;

/// Compresses a record body.
pub(crate) fn encode(body: &Value) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    zstd::bulk::compress(&json, LEVEL).map_err(|e| e.to_string())
}

/// Decompresses and parses a record body.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, String> {
    let json = zstd::stream::decode_all(bytes).map_err(|e| e.to_string())?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let v = serde_json::json!({"id": "a", "n": 1, "nested": {"x": [1, 2, null]}});
        assert_eq!(super::decode(&super::encode(&v).unwrap()).unwrap(), v);
        assert!(super::decode(b"not zstd").is_err());
    }
}
