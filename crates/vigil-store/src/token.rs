//! The `$skiptoken` format: an opaque, signed continuation token.
//!
//! A token names the tenant, the log kind, a fingerprint of the query it belongs to, the
//! sort order, the (time, id) position and the walk's snapshot sequence. It is serialised
//! compactly, signed with HMAC-SHA256 under the store's secret key and base64url-encoded,
//! so a client can neither forge a position nor replay a token in another tenant or for
//! another query.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::query::{Cursor, SortOrder};

type HmacSha256 = Hmac<Sha256>;

const TAG_LEN: usize = 16;
const VERSION: u8 = 1;

/// The secret that signs tokens.
#[derive(Clone)]
pub struct TokenKey(pub [u8; 32]);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// A decoded continuation position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToken {
    /// Fingerprint of (tenant, kind, version, filter, order) — see [`PageToken::fingerprint`].
    pub fingerprint: [u8; 16],
    /// Where the walk continues.
    pub after: Cursor,
    /// The walk's snapshot sequence.
    pub snapshot: u64,
}

/// Why a token was refused. Clients see one generic message; the variant is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not base64url or too short.
    #[error("malformed token")]
    Malformed,
    /// The signature does not verify.
    #[error("token signature mismatch")]
    BadSignature,
    /// Signed by us, but for another tenant or query.
    #[error("token belongs to another query")]
    WrongQuery,
}

impl PageToken {
    /// Hashes everything a token is bound to. `parts` are the tenant id, the kind, the API
    /// version, the normalised filter text and the sort order, in that order.
    pub fn fingerprint(parts: &[&str]) -> [u8; 16] {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        out
    }

    /// Encodes and signs the token.
    pub fn encode(&self, key: &TokenKey) -> String {
        let mut payload = Vec::with_capacity(64);
        payload.push(VERSION);
        payload.extend_from_slice(&self.fingerprint);
        payload.extend_from_slice(&self.after.time_nanos.to_le_bytes());
        payload.extend_from_slice(&self.snapshot.to_le_bytes());
        payload.extend_from_slice(self.after.id.as_bytes());
        let tag = sign(key, &payload);
        payload.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(payload)
    }

    /// Decodes a token and checks its signature and that it belongs to `fingerprint`.
    pub fn decode(
        text: &str,
        key: &TokenKey,
        fingerprint: &[u8; 16],
    ) -> Result<PageToken, TokenError> {
        let raw = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| TokenError::Malformed)?;
        let fixed = 1 + 16 + 8 + 8;
        if raw.len() < fixed + TAG_LEN {
            return Err(TokenError::Malformed);
        }
        let (payload, tag) = raw.split_at(raw.len() - TAG_LEN);
        let expected = sign(key, payload);
        if !constant_time_eq(&expected, tag) {
            return Err(TokenError::BadSignature);
        }
        let (head, id_bytes) = payload.split_at(fixed);
        if head.first() != Some(&VERSION) {
            return Err(TokenError::Malformed);
        }
        let mut token_fp = [0u8; 16];
        token_fp.copy_from_slice(head.get(1..17).ok_or(TokenError::Malformed)?);
        if &token_fp != fingerprint {
            return Err(TokenError::WrongQuery);
        }
        let time_nanos = i64::from_le_bytes(array8(head.get(17..25))?);
        let snapshot = u64::from_le_bytes(array8(head.get(25..33))?);
        let id = String::from_utf8(id_bytes.to_vec()).map_err(|_| TokenError::Malformed)?;
        Ok(PageToken {
            fingerprint: token_fp,
            after: Cursor { time_nanos, id },
            snapshot,
        })
    }
}

/// The order as a fingerprint part.
pub fn order_part(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Asc => "asc",
        SortOrder::Desc => "desc",
    }
}

fn array8(slice: Option<&[u8]>) -> Result<[u8; 8], TokenError> {
    let slice = slice.ok_or(TokenError::Malformed)?;
    let mut out = [0u8; 8];
    if slice.len() != 8 {
        return Err(TokenError::Malformed);
    }
    out.copy_from_slice(slice);
    Ok(out)
}

fn sign(key: &TokenKey, payload: &[u8]) -> [u8; TAG_LEN] {
    let mut out = [0u8; TAG_LEN];
    // HMAC accepts keys of any length, so construction cannot fail for a 32-byte key.
    if let Ok(mut mac) = HmacSha256::new_from_slice(&key.0) {
        mac.update(payload);
        let full = mac.finalize().into_bytes();
        out.copy_from_slice(&full[..TAG_LEN]);
    }
    out
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> PageToken {
        PageToken {
            fingerprint: PageToken::fingerprint(&["t", "signIns", "v1.0", "", "desc"]),
            after: Cursor {
                time_nanos: 1_700_000_000_000_000_000,
                id: "abc-123".into(),
            },
            snapshot: 42,
        }
    }

    #[test]
    fn round_trip() {
        let key = TokenKey([7; 32]);
        let t = token();
        let text = t.encode(&key);
        assert_eq!(PageToken::decode(&text, &key, &t.fingerprint).unwrap(), t);
    }

    #[test]
    fn refuses_other_key_query_and_tampering() {
        let key = TokenKey([7; 32]);
        let t = token();
        let text = t.encode(&key);
        assert_eq!(
            PageToken::decode(&text, &TokenKey([8; 32]), &t.fingerprint),
            Err(TokenError::BadSignature)
        );
        let other = PageToken::fingerprint(&["u", "signIns", "v1.0", "", "desc"]);
        assert_eq!(
            PageToken::decode(&text, &key, &other),
            Err(TokenError::WrongQuery)
        );
        let mut bytes = text.into_bytes();
        bytes[5] = if bytes[5] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(PageToken::decode(&tampered, &key, &t.fingerprint).is_err());
        assert_eq!(
            PageToken::decode("!!", &key, &t.fingerprint),
            Err(TokenError::Malformed)
        );
    }
}
