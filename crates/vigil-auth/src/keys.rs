//! Public signing keys by `kid`, read from JWKS documents, and which algorithms each key may
//! verify.
//!
//! Only asymmetric keys are ever trusted: RSA keys of at least 2048 bits (for `RS256`,
//! `RS384`, `RS512`, `PS256`) and P-256 EC keys (for `ES256`). Entries that are symmetric
//! (`oct`), encryption keys (`use` other than `sig`), other curves, too small, declared for an
//! algorithm outside that list, or without a `kid` are skipped, not trusted.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;

use crate::error::KeySetError;

/// The signing algorithms Vigil accepts, by their JOSE names.
pub const ACCEPTED_ALGORITHMS: [&str; 5] = ["RS256", "RS384", "RS512", "PS256", "ES256"];

/// Smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;

/// Maps a JOSE `alg` to the algorithm used to verify it, if Vigil accepts it at all.
pub(crate) fn accepted_algorithm(name: &str) -> Option<Algorithm> {
    match name {
        "RS256" => Some(Algorithm::RS256),
        "RS384" => Some(Algorithm::RS384),
        "RS512" => Some(Algorithm::RS512),
        "PS256" => Some(Algorithm::PS256),
        "ES256" => Some(Algorithm::ES256),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Rsa,
    EcP256,
}

/// One public key that may verify token signatures.
#[derive(Clone, Debug)]
pub(crate) struct VerificationKey {
    key: DecodingKey,
    key_type: KeyType,
    /// The JWK's own `alg`, when it declares one: then only that algorithm is accepted.
    declared: Option<Algorithm>,
}

impl VerificationKey {
    /// The key to hand to `jsonwebtoken`.
    pub(crate) fn decoding_key(&self) -> &DecodingKey {
        &self.key
    }

    /// Whether a token signed with `alg` may be verified with this key.
    pub(crate) fn accepts(&self, alg: Algorithm) -> bool {
        let fits_type = match self.key_type {
            KeyType::Rsa => matches!(
                alg,
                Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256
            ),
            KeyType::EcP256 => alg == Algorithm::ES256,
        };
        fits_type && self.declared.is_none_or(|declared| declared == alg)
    }
}

/// A set of verification keys by `kid`.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: BTreeMap<String, VerificationKey>,
}

#[derive(Deserialize)]
struct JwksDocument {
    keys: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawJwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    key_use: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

impl KeySet {
    /// Reads a JWKS document (`{"keys":[...]}`). Fails only when the document itself is not
    /// a JWKS; unusable entries are skipped (see the module doc).
    pub fn from_jwks(json: &[u8]) -> Result<KeySet, KeySetError> {
        let document: JwksDocument =
            serde_json::from_slice(json).map_err(|e| KeySetError(e.to_string()))?;
        let mut keys = BTreeMap::new();
        for entry in document.keys {
            let Ok(jwk) = serde_json::from_value::<RawJwk>(entry) else {
                continue;
            };
            if let Some((kid, key)) = usable_key(&jwk) {
                keys.entry(kid).or_insert(key);
            }
        }
        Ok(KeySet { keys })
    }

    /// The key ids in the set, in order.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// The number of usable keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is usable.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub(crate) fn get(&self, kid: &str) -> Option<&VerificationKey> {
        self.keys.get(kid)
    }
}

fn usable_key(jwk: &RawJwk) -> Option<(String, VerificationKey)> {
    let kid = jwk.kid.clone().filter(|k| !k.is_empty())?;
    if jwk.key_use.as_deref().is_some_and(|u| u != "sig") {
        return None;
    }
    let declared = match jwk.alg.as_deref() {
        None => None,
        Some(name) => Some(accepted_algorithm(name)?),
    };
    let (key, key_type) = match jwk.kty.as_str() {
        "RSA" => {
            let n = decode_b64(jwk.n.as_deref()?)?;
            let e = decode_b64(jwk.e.as_deref()?)?;
            let significant = n.iter().skip_while(|b| **b == 0).count();
            if significant * 8 < MIN_RSA_BITS || e.is_empty() {
                return None;
            }
            (DecodingKey::from_rsa_raw_components(&n, &e), KeyType::Rsa)
        }
        "EC" if jwk.crv.as_deref() == Some("P-256") => {
            let x = decode_b64(jwk.x.as_deref()?)?;
            let y = decode_b64(jwk.y.as_deref()?)?;
            if x.len() != 32 || y.len() != 32 {
                return None;
            }
            let key = DecodingKey::from_ec_components(
                &URL_SAFE_NO_PAD.encode(&x),
                &URL_SAFE_NO_PAD.encode(&y),
            )
            .ok()?;
            (key, KeyType::EcP256)
        }
        _ => return None,
    };
    let fits = match key_type {
        KeyType::Rsa => declared.is_none_or(|a| a != Algorithm::ES256),
        KeyType::EcP256 => declared.is_none_or(|a| a == Algorithm::ES256),
    };
    fits.then_some((
        kid,
        VerificationKey {
            key,
            key_type,
            declared,
        },
    ))
}

/// Decodes base64url, with or without padding.
pub(crate) fn decode_b64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::Algorithm;
    use serde_json::json;

    use super::KeySet;

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn keeps_only_usable_signing_keys() {
        let n = b64(&[0xC5; 256]);
        let small_n = b64(&[0xC5; 128]);
        let point = b64(&[7; 32]);
        let jwks = json!({"keys": [
            {"kty": "RSA", "kid": "rsa", "use": "sig", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "rsa-ps", "alg": "PS256", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "small", "n": small_n, "e": "AQAB"},
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "hs", "alg": "HS256", "n": n, "e": "AQAB"},
            {"kty": "RSA", "n": n, "e": "AQAB"},
            {"kty": "oct", "kid": "secret", "k": "c2VjcmV0"},
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": point, "y": point},
            {"kty": "EC", "kid": "p384", "crv": "P-384", "x": point, "y": point},
            {"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": point},
            "not an object"
        ]});
        let set = KeySet::from_jwks(jwks.to_string().as_bytes()).unwrap();
        assert_eq!(set.key_ids().collect::<Vec<_>>(), ["ec", "rsa", "rsa-ps"]);
        let rsa = set.get("rsa").unwrap();
        assert!(rsa.accepts(Algorithm::RS256) && rsa.accepts(Algorithm::PS256));
        assert!(!rsa.accepts(Algorithm::ES256) && !rsa.accepts(Algorithm::HS256));
        let ps = set.get("rsa-ps").unwrap();
        assert!(ps.accepts(Algorithm::PS256) && !ps.accepts(Algorithm::RS256));
        let ec = set.get("ec").unwrap();
        assert!(ec.accepts(Algorithm::ES256) && !ec.accepts(Algorithm::RS256));
    }

    #[test]
    fn rejects_what_is_not_a_jwks() {
        assert!(KeySet::from_jwks(b"[]").is_err());
        assert!(KeySet::from_jwks(b"{}").is_err());
        assert!(KeySet::from_jwks(b"{\"keys\": []}").unwrap().is_empty());
    }
}
