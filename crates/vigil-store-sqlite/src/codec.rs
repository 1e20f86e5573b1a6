//! Record bodies on disk: canonical JSON, zstd-compressed one record at a time so any
//! record can be read without touching its neighbours.

use std::cell::RefCell;

use serde_json::Value;

/// zstd level: 1 is the fastest level and already halves a sign-in (see docs/benchmarks.md).
const LEVEL: i32 = 1;

/// Largest decompressed body accepted (a corrupt frame header cannot make us allocate more).
const MAX_BODY: usize = 64 << 20;

thread_local! {
    // zstd contexts are expensive to create (about a megabyte of tables each); one per
    // thread, reused for every record, keeps compression off the allocator.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// Compresses a serialised record body.
pub(crate) fn compress(json: &[u8]) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(zstd::bulk::Compressor::new(LEVEL).map_err(|e| e.to_string())?);
        }
        match slot.as_mut() {
            Some(compressor) => compressor.compress(json).map_err(|e| e.to_string()),
            None => Err("no zstd compressor".to_owned()),
        }
    })
}

/// Decompresses and parses a record body.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, String> {
    let capacity = zstd::zstd_safe::get_frame_content_size(bytes)
        .ok()
        .flatten()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n <= MAX_BODY)
        .ok_or_else(|| "record body has no valid zstd frame header".to_owned())?;
    let json = DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?);
        }
        match slot.as_mut() {
            Some(decompressor) => decompressor
                .decompress(bytes, capacity)
                .map_err(|e| e.to_string()),
            None => Err("no zstd decompressor".to_owned()),
        }
    })?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let v = serde_json::json!({"id": "a", "n": 1, "nested": {"x": [1, 2, null]}});
        let bytes = serde_json::to_vec(&v).unwrap();
        assert_eq!(super::decode(&super::compress(&bytes).unwrap()).unwrap(), v);
        assert!(super::decode(b"not zstd").is_err());
    }
}
