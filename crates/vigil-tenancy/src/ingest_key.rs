//! Ingest keys: their text format, how they are hashed, and what listing shows.
//!
//! A key reads `vgk_<id>_<secret>`: `<id>` is 16 lower-case hex digits (8 random bytes)
//! naming the key in listings and revocations; `<secret>` is 32 bytes from the operating
//! system's CSPRNG in unpadded base64url (43 characters). The whole key is 64 characters.
//! It is shown once, at creation; only a hash is stored.
//!
//! **Why SHA-256 and not a password hash.** Slow, salted hashes (argon2, bcrypt) exist to
//! make guessing *low-entropy, human-chosen* passwords from a stolen hash expensive. An
//! ingest secret carries 256 bits of randomness, so a stolen hash cannot be inverted by
//! guessing no matter how fast the hash is, and a fast hash keeps verification (done on
//! every ingest request) in the microseconds instead of tens of milliseconds of CPU. The
//! hash input is domain-separated and includes the tenant id, so a hash row copied to
//! another tenant verifies nothing. Hashes are compared in constant time (`subtle`).
//! The key id is not secret (it is part of listings), so looking a key up by id leaks
//! nothing an attacker does not already have.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use vigil_store::TenantId;

use crate::error::ControlError;

/// The fixed prefix of every ingest key.
pub const KEY_PREFIX: &str = "vgk_";

const ID_BYTES: usize = 8;
const ID_CHARS: usize = ID_BYTES * 2;
const SECRET_BYTES: usize = 32;
const SECRET_CHARS: usize = 43;
const KEY_CHARS: usize = KEY_PREFIX.len() + ID_CHARS + 1 + SECRET_CHARS;
const HASH_DOMAIN: &[u8] = b"vigil ingest key v1\0";

/// The public id of an ingest key: 16 lower-case hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IngestKeyId(String);

impl IngestKeyId {
    /// Parses a key id (exactly 16 lower-case hex digits).
    pub fn parse(text: &str) -> Option<IngestKeyId> {
        let ok = text.len() == ID_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| IngestKeyId(text.to_owned()))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IngestKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What listing shows about a key: never its secret or hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestKeyInfo {
    /// The key's public id.
    pub id: IngestKeyId,
    /// The tenant the key may write into (and only that one).
    pub tenant: TenantId,
    /// A label chosen at creation (e.g. "siem-forwarder").
    pub name: String,
    /// When it was created.
    pub created: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked: Option<OffsetDateTime>,
    /// When it last verified, at a granularity of about a minute (see
    /// `SqliteControlStore`); `None` if never used.
    pub last_used: Option<OffsetDateTime>,
}

impl IngestKeyInfo {
    /// Whether the key is still accepted.
    pub fn is_active(&self) -> bool {
        self.revoked.is_none()
    }
}

/// The full text of a newly created key. Its `Debug` output hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct IngestKeySecret(String);

impl IngestKeySecret {
    /// The key to hand to the producer. It cannot be shown again.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IngestKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IngestKeySecret(<redacted>)")
    }
}

/// A key just created: its listing entry and, this one time, its secret.
#[derive(Clone, Debug)]
pub struct NewIngestKey {
    /// What listings will show.
    pub info: IngestKeyInfo,
    /// The key text (`vgk_…`), shown once.
    pub secret: IngestKeySecret,
}

/// A freshly generated key and the hash to store for it.
pub(crate) struct GeneratedKey {
    pub(crate) id: IngestKeyId,
    pub(crate) secret: IngestKeySecret,
    pub(crate) hash: [u8; 32],
}

/// Generates a new key for `tenant` from the OS random source.
pub(crate) fn generate(tenant: &TenantId) -> Result<GeneratedKey, ControlError> {
    let mut id = [0u8; ID_BYTES];
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut id).map_err(|e| ControlError::Random(e.to_string()))?;
    getrandom::fill(&mut secret).map_err(|e| ControlError::Random(e.to_string()))?;
    let id = IngestKeyId(hex::encode(id));
    let text = format!(
        "{KEY_PREFIX}{}_{}",
        id.as_str(),
        URL_SAFE_NO_PAD.encode(secret)
    );
    let hash = hash_key(tenant, &text);
    Ok(GeneratedKey {
        id,
        secret: IngestKeySecret(text),
        hash,
    })
}

/// A presented key that has the right shape: its id and the hash to compare.
pub(crate) struct PresentedKey {
    pub(crate) id: IngestKeyId,
    pub(crate) hash: [u8; 32],
}

/// Checks a presented key's shape and hashes it for `tenant`. `None` for anything that is
/// not exactly `vgk_<16 hex>_<43 base64url chars encoding 32 bytes>`.
pub(crate) fn parse_presented(tenant: &TenantId, text: &str) -> Option<PresentedKey> {
    if text.len() != KEY_CHARS {
        return None;
    }
    let rest = text.strip_prefix(KEY_PREFIX)?;
    let (id, secret) = rest.split_at_checked(ID_CHARS)?;
    let id = IngestKeyId::parse(id)?;
    let secret = secret.strip_prefix('_')?;
    let decoded = URL_SAFE_NO_PAD.decode(secret).ok()?;
    if decoded.len() != SECRET_BYTES {
        return None;
    }
    Some(PresentedKey {
        id,
        hash: hash_key(tenant, text),
    })
}

/// Constant-time comparison of a stored hash with a computed one.
pub(crate) fn hashes_match(stored: &[u8], computed: &[u8; 32]) -> bool {
    stored.len() == computed.len() && bool::from(stored.ct_eq(computed))
}

fn hash_key(tenant: &TenantId, text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(HASH_DOMAIN);
    hasher.update(tenant.as_str().as_bytes());
    hasher.update([0u8]);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use vigil_store::TenantId;

    use super::{KEY_CHARS, generate, hashes_match, parse_presented};

    fn tenant(n: u8) -> TenantId {
        TenantId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02x}")).unwrap()
    }

    #[test]
    fn generated_keys_parse_back_to_the_same_hash() {
        let key = generate(&tenant(1)).unwrap();
        let text = key.secret.expose();
        assert_eq!(text.len(), KEY_CHARS);
        assert!(text.starts_with("vgk_"));
        let parsed = parse_presented(&tenant(1), text).unwrap();
        assert_eq!(parsed.id, key.id);
        assert!(hashes_match(&key.hash, &parsed.hash));
        let other = parse_presented(&tenant(2), text).unwrap();
        assert!(!hashes_match(&key.hash, &other.hash));
        assert!(!format!("{:?}", key.secret).contains(text));
    }

    #[test]
    fn rejects_near_misses() {
        let key = generate(&tenant(1)).unwrap();
        let text = key.secret.expose().to_owned();
        let upper_id = format!("vgk_{}{}", text[4..20].to_ascii_uppercase(), &text[20..]);
        let no_sep = format!("{}-{}", &text[..20], &text[21..]);
        let bad_prefix = format!("vgx_{}", &text[4..]);
        let padded = format!("{}=", &text[..63]);
        for bad in [upper_id, no_sep, bad_prefix, padded, text[..63].to_owned()] {
            if bad != text {
                assert!(parse_presented(&tenant(1), &bad).is_none(), "{bad}");
            }
        }
        assert!(!hashes_match(&[0u8; 31], &key.hash));
    }
}
