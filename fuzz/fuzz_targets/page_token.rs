//! `$skiptoken` text → `PageToken::decode` with a fixed key and query fingerprint. It must
//! never panic and must accept only what the encoder produced with that key: whatever decodes
//! re-encodes to exactly the (trimmed) input, carries the expected fingerprint, and fails
//! under another key or another query. The same bytes also build a token that must survive an
//! encode/decode round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_fuzz::{OTHER_KEY, TOKEN_KEY, other_fingerprint, token_fingerprint};
use vigil_store::{Cursor, PageToken, TokenError};

fuzz_target!(|data: &[u8]| {
    let fingerprint = token_fingerprint();
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(token) = PageToken::decode(text, &TOKEN_KEY, &fingerprint)
    {
        assert_eq!(token.fingerprint, fingerprint);
        assert_eq!(
            token.encode(&TOKEN_KEY),
            text.trim(),
            "accepted a token the encoder did not produce"
        );
        assert_eq!(
            PageToken::decode(text, &TOKEN_KEY, &other_fingerprint()),
            Err(TokenError::WrongQuery)
        );
        assert_eq!(
            PageToken::decode(text, &OTHER_KEY, &fingerprint),
            Err(TokenError::BadSignature)
        );
    }
    round_trip(data);
});

/// Builds a token from raw bytes (fingerprint, time, snapshot, then the id) and checks that
/// it decodes back to itself under its key and fingerprint only.
fn round_trip(data: &[u8]) {
    let Some((fp, rest)) = data.split_first_chunk::<16>() else {
        return;
    };
    let Some((time, rest)) = rest.split_first_chunk::<8>() else {
        return;
    };
    let Some((snapshot, id)) = rest.split_first_chunk::<8>() else {
        return;
    };
    let token = PageToken {
        fingerprint: *fp,
        after: Cursor {
            time_nanos: i64::from_le_bytes(*time),
            id: String::from_utf8_lossy(id).into_owned(),
        },
        snapshot: u64::from_le_bytes(*snapshot),
    };
    let text = token.encode(&TOKEN_KEY);
    assert_eq!(PageToken::decode(&text, &TOKEN_KEY, fp), Ok(token.clone()));
    assert!(PageToken::decode(&text, &OTHER_KEY, fp).is_err());
    let mut other = *fp;
    other[0] ^= 1;
    assert_eq!(
        PageToken::decode(&text, &TOKEN_KEY, &other),
        Err(TokenError::WrongQuery)
    );
}
