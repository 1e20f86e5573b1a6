//! Record bodies on disk: canonical JSON, zstd-compressed one record at a time so any
//! record can be read without touching its neighbours — with the kind's dictionary when it
//! has one (`dictionary.rs`), which the frame header names.

use std::cell::RefCell;

use rusqlite::Connection;
use serde_json::Value;
use zstd::zstd_safe::{self, CCtx, DCtx};

use crate::dictionary::{Dictionaries, Encoder, LEVEL};

/// Largest decompressed body accepted (a corrupt frame header cannot make us allocate more).
const MAX_BODY: usize = 64 << 20;

thread_local! {
    // zstd contexts are expensive to create (about a megabyte of tables each); one per
    // thread, reused for every record, keeps compression off the allocator.
    static COMPRESSOR: RefCell<Option<CCtx<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<DCtx<'static>>> = const { RefCell::new(None) };
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn zstd_error(code: usize) -> String {
    format!("zstd: {}", zstd_safe::get_error_name(code))
}

/// Compresses a serialised record body, with `dictionary` when given.
pub(crate) fn compress(json: &[u8], dictionary: Option<&Encoder>) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = CCtx::try_create();
        }
        let cctx = slot.as_mut().ok_or("no zstd compression context")?;
        SCRATCH.with(|scratch| {
            // Compressed into a reused buffer sized for the worst case, then copied out at
            // its real size (a tenth of it, typically): a batch's bodies wait for the writer,
            // and worst-case capacity would hold the whole batch's JSON size in memory.
            let mut out = scratch.borrow_mut();
            out.clear();
            out.reserve(zstd_safe::compress_bound(json.len()));
            match dictionary {
                Some(encoder) => cctx.compress_using_cdict(&mut *out, json, &encoder.cdict),
                None => cctx.compress(&mut *out, json, LEVEL),
            }
            .map_err(zstd_error)?;
            Ok(out.as_slice().to_vec())
        })
    })
}

/// Decompresses and parses a record body; `conn` loads a dictionary this process has not
/// seen yet.
pub(crate) fn decode(
    bytes: &[u8],
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<Value, String> {
    let json = decompress(bytes, dictionaries, conn)?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

/// Decompresses a record body into its canonical JSON bytes (see [`decode`]).
pub(crate) fn decompress(
    bytes: &[u8],
    dictionaries: &Dictionaries,
    conn: &Connection,
) -> Result<Vec<u8>, String> {
    let capacity = zstd_safe::get_frame_content_size(bytes)
        .ok()
        .flatten()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n <= MAX_BODY)
        .ok_or_else(|| "record body has no valid zstd frame header".to_owned())?;
    let ddict = match zstd_safe::get_dict_id_from_frame(bytes) {
        None => None,
        Some(id) => Some(
            dictionaries
                .decoder(id.get(), conn)
                .ok_or_else(|| format!("zstd dictionary {id} is not in the store"))?,
        ),
    };
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = DCtx::try_create();
        }
        let dctx = slot.as_mut().ok_or("no zstd decompression context")?;
        let mut out = Vec::with_capacity(capacity);
        match &ddict {
            Some(ddict) => dctx.decompress_using_ddict(&mut out, bytes, ddict),
            None => dctx.decompress(&mut out, bytes),
        }
        .map_err(zstd_error)?;
        Ok::<_, String>(out)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use vigil_model::LogKind;

    use crate::dictionary::{Dictionaries, MIN_TRAINING_RECORDS};

    const APPS: [&str; 3] = ["Outlook", "Teams", "SharePoint"];

    fn record(i: usize) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "id": format!("rec-{i}"),
            "userPrincipalName": format!("user{}@contoso.com", i % 37),
            "appDisplayName": APPS[i % 3],
            "status": {"errorCode": i % 5, "failureReason": null},
            "nested": {"x": [1, 2, null], "city": "Redmond"},
        }))
        .unwrap()
    }

    #[test]
    fn round_trip_without_and_with_a_dictionary() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let dictionaries = Dictionaries::default();
        let plain = record(1);
        let frame = super::compress(&plain, None).unwrap();
        let decoded = super::decode(&frame, &dictionaries, &conn).unwrap();
        assert_eq!(serde_json::to_vec(&decoded).unwrap(), plain);

        let samples: Vec<Vec<u8>> = (0..MIN_TRAINING_RECORDS * 2).map(record).collect();
        let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
        let trained = dictionaries
            .train_if_needed(LogKind::SignIn, &refs)
            .expect("trains");
        dictionaries.install(trained.kind, trained.id, &trained.bytes);
        dictionaries.training_done(LogKind::SignIn);
        let encoder = dictionaries.encoder(LogKind::SignIn).unwrap();
        let small = super::compress(&plain, Some(&encoder)).unwrap();
        assert!(
            small.len() < frame.len(),
            "{} < {}",
            small.len(),
            frame.len()
        );
        let decoded = super::decode(&small, &dictionaries, &conn).unwrap();
        assert_eq!(serde_json::to_vec(&decoded).unwrap(), plain);
        // The old frame still decodes, and a store that never saw the dictionary refuses
        // rather than returning garbage.
        assert!(super::decode(&frame, &dictionaries, &conn).is_ok());
        conn.execute_batch(include_str!("../migrations/0003_dictionaries.sql"))
            .unwrap();
        let err = super::decode(&small, &Dictionaries::default(), &conn).unwrap_err();
        assert!(err.contains("not in the store"), "{err}");
        assert!(super::decode(b"not zstd", &dictionaries, &conn).is_err());
    }
}
