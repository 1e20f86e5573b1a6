//! Shared fixtures: tenants, a fixed clock, persistent test signing keys, and a way to sign
//! arbitrary headers and claims with a key directory's private key.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;
use vigil_auth::{KEY_FILE_NAME, Tenants, Validator, VigilIssuer};
use vigil_model::clock::{Clock, FixedClock};

/// The demo tenant.
pub const TENANT: Uuid = Uuid::from_u128(0x4f1c2d3e_5a6b_4c7d_8e9f_0a1b2c3d4e5f);
/// Another tenant.
pub const OTHER_TENANT: Uuid = Uuid::from_u128(0x9a8b7c6d_5e4f_4a3b_8c2d_1e0f9a8b7c6d);
/// The issuer string of the in-process tests.
pub const ISSUER: &str = "http://vigil.test";

/// When the tests' clocks start.
pub fn start() -> OffsetDateTime {
    datetime!(2026-03-01 12:00:00 UTC)
}

/// A clock at [`start`].
pub fn clock() -> FixedClock {
    FixedClock::new(start())
}

/// A key directory that survives across test runs (key generation is the slow part), one
/// per `name`.
pub fn key_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("vigil-auth-keys")
        .join(name)
}

/// Vigil's issuer with the persistent key `name`, issuing as `issuer`.
pub fn issuer_named(name: &str, issuer: &str, clock: &FixedClock) -> VigilIssuer {
    VigilIssuer::open(&key_dir(name), issuer, Arc::new(clock.clone())).unwrap()
}

/// Vigil's issuer with key "a", issuing as [`ISSUER`].
pub fn issuer(clock: &FixedClock) -> VigilIssuer {
    issuer_named("a", ISSUER, clock)
}

/// A validator trusting `issuer` for `tenants`.
pub fn validator(issuer: &VigilIssuer, tenants: Tenants, clock: &FixedClock) -> Validator {
    Validator::new(
        vec![issuer.trusted_issuer(tenants)],
        Arc::new(clock.clone()),
    )
}

/// The private key stored under key directory `name`.
pub fn private_key(name: &str) -> RsaPrivateKey {
    let pem = std::fs::read_to_string(key_dir(name).join(KEY_FILE_NAME)).unwrap();
    RsaPrivateKey::from_pkcs8_pem(&pem).unwrap()
}

/// Signs `claims` under `header` with key directory `name`'s private key.
pub fn sign_rsa(name: &str, header: &Header, claims: &Value) -> String {
    let der = private_key(name).to_pkcs1_der().unwrap();
    jsonwebtoken::encode(header, claims, &EncodingKey::from_rsa_der(der.as_bytes())).unwrap()
}

/// The payload of a compact token, decoded without verification.
pub fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Joins raw JSON header and payload with a given signature part.
pub fn compact(header: &Value, payload: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

/// Valid delegated claims for [`TENANT`] from [`ISSUER`] at the clock's time.
pub fn claims_at(clock: &FixedClock) -> Value {
    let now = clock.now().unix_timestamp();
    serde_json::json!({
        "aud": "https://graph.microsoft.com",
        "iss": ISSUER,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "tid": TENANT.to_string(),
        "oid": Uuid::from_u128(7).to_string(),
        "upn": "adele@contoso.com",
        "scp": "AuditLog.Read.All",
    })
}
