//! The change feed's cursor: an opaque, signed position in one tenant's feed of one category.
//!
//! A cursor holds a format version, the category and the ingest sequence the feed continues
//! after. Its bytes are `version (1) | category code (1) | sequence (u64, little-endian) |
//! tag (16)`, base64url-encoded without padding (35 characters). The tag is the first 16
//! bytes of HMAC-SHA256 over the tenant id (length-prefixed) followed by the first ten bytes,
//! so a cursor is bound to its tenant without naming it, and to its category by name.
//!
//! The key is derived from the store's page-token key ([`vigil_store::Store::token_key`],
//! kept in the store and stable across restarts, so cursors survive them) as
//! HMAC-SHA256(key, [`KEY_LABEL`]): the same secret and technique as `$skiptoken`s, but a key
//! of its own, so a cursor and a page token can never be taken for one another.
//!
//! Refusals ([`CursorError`]) are one 400 for the client; the variant is for the log. A
//! cursor of another tenant fails the signature check like a tampered one.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use vigil_export::Category;
use vigil_store::{TenantId, TokenKey};

type HmacSha256 = Hmac<Sha256>;

/// What the cursor key is derived with.
pub(crate) const KEY_LABEL: &[u8] = b"vigil change feed cursor v1";

const VERSION: u8 = 1;
const PAYLOAD_LEN: usize = 1 + 1 + 8;
const TAG_LEN: usize = 16;

/// The key that signs cursors (derived from the store's token key).
#[derive(Clone)]
pub(crate) struct CursorKey([u8; 32]);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

impl CursorKey {
    /// The cursor key of a store whose page tokens are signed with `key`.
    pub(crate) fn derive(key: &TokenKey) -> CursorKey {
        let mut out = [0u8; 32];
        // HMAC takes keys of any length, so construction cannot fail for a 32-byte key.
        if let Ok(mut mac) = HmacSha256::new_from_slice(&key.0) {
            mac.update(KEY_LABEL);
            out.copy_from_slice(&mac.finalize().into_bytes());
        }
        CursorKey(out)
    }

    fn mac(&self, tenant: &TenantId, payload: &[u8]) -> Option<HmacSha256> {
        let mut mac = HmacSha256::new_from_slice(&self.0).ok()?;
        let tenant = tenant.as_str().as_bytes();
        mac.update(&(tenant.len() as u64).to_le_bytes());
        mac.update(tenant);
        mac.update(payload);
        Some(mac)
    }
}

/// A decoded position: the feed of `category` continues after ingest sequence `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeedCursor {
    /// The category whose feed this is.
    pub(crate) category: Category,
    /// Every record at or below this sequence has been considered.
    pub(crate) seq: u64,
}

/// Why a cursor was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CursorError {
    /// Not base64url, the wrong length, or an unknown version or category code.
    #[error("malformed cursor")]
    Malformed,
    /// The tag does not verify: tampered, another tenant's, or signed with another key.
    #[error("cursor signature mismatch")]
    BadSignature,
    /// Genuine, but for another category's feed.
    #[error("cursor of another category ({0})")]
    WrongCategory(Category),
}

impl FeedCursor {
    /// The cursor's text for `tenant`.
    pub(crate) fn encode(&self, key: &CursorKey, tenant: &TenantId) -> String {
        let mut bytes = Vec::with_capacity(PAYLOAD_LEN + TAG_LEN);
        bytes.push(VERSION);
        bytes.push(category_code(self.category));
        bytes.extend_from_slice(&self.seq.to_le_bytes());
        if let Some(mac) = key.mac(tenant, &bytes) {
            bytes.extend_from_slice(&mac.finalize().into_bytes()[..TAG_LEN]);
        }
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Decodes `text`, checking that it was signed for `tenant` and belongs to `category`.
    pub(crate) fn decode(
        text: &str,
        key: &CursorKey,
        tenant: &TenantId,
        category: Category,
    ) -> Result<FeedCursor, CursorError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| CursorError::Malformed)?;
        if bytes.len() != PAYLOAD_LEN + TAG_LEN {
            return Err(CursorError::Malformed);
        }
        let (payload, tag) = bytes.split_at(PAYLOAD_LEN);
        let mac = key.mac(tenant, payload).ok_or(CursorError::BadSignature)?;
        // Constant-time comparison of the truncated tag.
        mac.verify_truncated_left(tag)
            .map_err(|_| CursorError::BadSignature)?;
        let [version, code, seq @ ..] = payload else {
            return Err(CursorError::Malformed);
        };
        if *version != VERSION {
            return Err(CursorError::Malformed);
        }
        let found = category_of_code(*code).ok_or(CursorError::Malformed)?;
        if found != category {
            return Err(CursorError::WrongCategory(found));
        }
        let seq: [u8; 8] = seq.try_into().map_err(|_| CursorError::Malformed)?;
        Ok(FeedCursor {
            category,
            seq: u64::from_le_bytes(seq),
        })
    }
}

/// A category's code in a cursor. Fixed forever: cursors outlive releases.
fn category_code(category: Category) -> u8 {
    match category {
        Category::AuditLogs => 1,
        Category::SignInLogs => 2,
        Category::NonInteractiveUserSignInLogs => 3,
        Category::ServicePrincipalSignInLogs => 4,
        Category::ManagedIdentitySignInLogs => 5,
        Category::ProvisioningLogs => 6,
        Category::CustomSecurityAttributeAuditLogs => 7,
    }
}

fn category_of_code(code: u8) -> Option<Category> {
    Category::ALL
        .into_iter()
        .find(|category| category_code(*category) == code)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::*;

    const A: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    const B: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    fn tenant(text: &str) -> TenantId {
        TenantId::parse(text).unwrap()
    }

    fn key() -> CursorKey {
        CursorKey::derive(&TokenKey([7; 32]))
    }

    #[test]
    fn round_trips_every_category_and_extreme_sequences() {
        for category in Category::ALL {
            for seq in [0, 1, 42, u64::from(u32::MAX) + 1, u64::MAX] {
                let cursor = FeedCursor { category, seq };
                let text = cursor.encode(&key(), &tenant(A));
                assert_eq!(text.len(), 35);
                assert!(
                    text.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                );
                assert_eq!(
                    FeedCursor::decode(&text, &key(), &tenant(A), category),
                    Ok(cursor)
                );
            }
        }
    }

    #[test]
    fn category_codes_are_distinct_and_fixed() {
        let codes: std::collections::BTreeSet<u8> =
            Category::ALL.into_iter().map(category_code).collect();
        assert_eq!(codes, (1..=7).collect());
        for category in Category::ALL {
            assert_eq!(category_of_code(category_code(category)), Some(category));
        }
        assert_eq!(category_of_code(0), None);
        assert_eq!(category_of_code(8), None);
    }

    #[test]
    fn refuses_another_tenant_category_or_key() {
        let cursor = FeedCursor {
            category: Category::SignInLogs,
            seq: 99,
        };
        let text = cursor.encode(&key(), &tenant(A));
        assert_eq!(
            FeedCursor::decode(&text, &key(), &tenant(B), Category::SignInLogs),
            Err(CursorError::BadSignature)
        );
        assert_eq!(
            FeedCursor::decode(&text, &key(), &tenant(A), Category::AuditLogs),
            Err(CursorError::WrongCategory(Category::SignInLogs))
        );
        let other_key = CursorKey::derive(&TokenKey([8; 32]));
        assert_eq!(
            FeedCursor::decode(&text, &other_key, &tenant(A), Category::SignInLogs),
            Err(CursorError::BadSignature)
        );
    }

    #[test]
    fn refuses_every_single_bit_flip() {
        let cursor = FeedCursor {
            category: Category::ProvisioningLogs,
            seq: 1234,
        };
        let raw = URL_SAFE_NO_PAD
            .decode(cursor.encode(&key(), &tenant(A)))
            .unwrap();
        for byte in 0..raw.len() {
            for bit in 0..8 {
                let mut flipped = raw.clone();
                flipped[byte] ^= 1 << bit;
                let text = URL_SAFE_NO_PAD.encode(&flipped);
                assert!(
                    FeedCursor::decode(&text, &key(), &tenant(A), Category::ProvisioningLogs)
                        .is_err(),
                    "byte {byte} bit {bit}"
                );
            }
        }
    }

    #[test]
    fn refuses_garbage_truncation_and_unknown_versions() {
        let good = FeedCursor {
            category: Category::AuditLogs,
            seq: 5,
        }
        .encode(&key(), &tenant(A));
        for text in [
            "",
            "!!",
            "AAAA",
            &good[..34],
            &format!("{good}A"),
            &format!("/{}", &good[1..]),
        ] {
            assert!(
                FeedCursor::decode(text, &key(), &tenant(A), Category::AuditLogs).is_err(),
                "{text}"
            );
        }
        // A correctly signed cursor of an unknown version or category code is malformed.
        for (version, code) in [(2u8, 1u8), (1, 0), (1, 9)] {
            let mut bytes = vec![version, code];
            bytes.extend_from_slice(&5u64.to_le_bytes());
            let mac = key().mac(&tenant(A), &bytes).unwrap();
            bytes.extend_from_slice(&mac.finalize().into_bytes()[..TAG_LEN]);
            let text = URL_SAFE_NO_PAD.encode(&bytes);
            assert_eq!(
                FeedCursor::decode(&text, &key(), &tenant(A), Category::AuditLogs),
                Err(CursorError::Malformed)
            );
        }
    }

    #[test]
    fn a_page_token_key_does_not_sign_cursors() {
        // The cursor key is derived, not the token key itself.
        let token_key = TokenKey([7; 32]);
        assert_ne!(key().0, token_key.0);
    }
}
