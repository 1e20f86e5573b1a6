//! Bearer-token validation: from `Authorization: Bearer <JWT>` to a [`Principal`].
//!
//! [`Validator::validate`] checks, in this order, and stops at the first failure:
//!
//! 1. the token is three base64url parts with a JSON header and payload (at most 16 KiB);
//! 2. the header's `alg` is one of [`crate::ACCEPTED_ALGORITHMS`] — `none` and every `HS*`
//!    are refused before any key is looked at, so a token "signed" with a public key as an
//!    HMAC secret never reaches a verifier; `crit` headers are refused, and key-carrying
//!    headers (`jwk`, `jku`, `x5u`, `x5c`) are ignored;
//! 3. the (still unverified) `iss` names a configured [`TrustedIssuer`] — exact string match;
//! 4. the header's `kid` names one of that issuer's keys (an external issuer refetches its
//!    JWKS once for an unknown `kid`, rate-limited; see [`JwksCache`]);
//! 5. the key is of the kind `alg` needs (RSA for `RS*`/`PS256`, P-256 for `ES256`) and
//!    matches the key's declared `alg`, if any;
//! 6. the signature verifies (`jsonwebtoken`), `iss` is the issuer's and `aud` is one of the
//!    issuer's audiences;
//! 7. `exp` (required) and `nbf` (optional) hold against the [`Clock`] with
//!    [`DEFAULT_LEEWAY`] (jsonwebtoken's own time checks are off: they read the system clock);
//! 8. `tid` and `oid` are GUIDs, and `tid` is a tenant the issuer may speak for.
//!
//! Real Entra tokens whose audience is Microsoft Graph cannot be verified by anyone but Graph
//! (Entra signs them over a header nonce that is replaced before the token is handed out).
//! To accept Entra users, register an app for Vigil and trust its audience (`api://…` or the
//! client id) with [`TrustedIssuer::with_audience`]; Graph's audiences are accepted for
//! tokens from Vigil's own issuer and other issuers that can mint them.

use std::collections::BTreeSet;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::{Map, Value};
use time::Duration;
use uuid::Uuid;
use vigil_model::clock::Clock;

use crate::error::AuthError;
use crate::jwks_cache::JwksCache;
use crate::keys::{KeySet, VerificationKey, accepted_algorithm};
use crate::principal::Principal;

/// The audiences of Microsoft Graph access tokens: the resource URI (v1 tokens) and the
/// Graph application id (v2 tokens).
pub const GRAPH_AUDIENCES: [&str; 2] = [
    "https://graph.microsoft.com",
    "00000003-0000-0000-c000-000000000000",
];

/// How far `exp` and `nbf` may be off, for clock skew between issuer and Vigil.
pub const DEFAULT_LEEWAY: Duration = Duration::seconds(120);

/// A decoded JOSE header or claim set.
type JsonObject = Map<String, Value>;

/// Longest token accepted, in bytes.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Where an issuer's verification keys come from.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// A fixed set (Vigil's own issuer, or keys given in configuration).
    Static(KeySet),
    /// Fetched from the issuer's JWKS and kept fresh.
    Jwks(Arc<JwksCache>),
}

/// The tenants an issuer may issue tokens for (checked against `tid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tenants {
    /// Any tenant (for an issuer that serves several, such as Vigil's own; the HTTP layer
    /// still checks that the tenant exists).
    Any,
    /// Only these.
    Only(BTreeSet<Uuid>),
}

impl Tenants {
    /// Exactly one tenant, as for an Entra tenant's issuer.
    pub fn one(tenant_id: Uuid) -> Tenants {
        Tenants::Only(BTreeSet::from([tenant_id]))
    }

    /// Whether `tenant_id` is allowed.
    pub fn allows(&self, tenant_id: Uuid) -> bool {
        match self {
            Tenants::Any => true,
            Tenants::Only(set) => set.contains(&tenant_id),
        }
    }
}

/// An issuer whose tokens Vigil accepts.
#[derive(Clone, Debug)]
pub struct TrustedIssuer {
    issuer: String,
    audiences: Vec<String>,
    keys: KeySource,
    tenants: Tenants,
}

impl TrustedIssuer {
    /// Trusts tokens whose `iss` is exactly `issuer`, signed by `keys`, for `tenants`, with
    /// one of [`GRAPH_AUDIENCES`] as audience (add more with [`TrustedIssuer::with_audience`]).
    ///
    /// For an Entra tenant: `https://login.microsoftonline.com/{tid}/v2.0` with
    /// `JwksCache::discover` of the same URL (v2 tokens), or `https://sts.windows.net/{tid}/`
    /// with `JwksCache::from_jwks_uri("https://login.microsoftonline.com/{tid}/discovery/keys")`
    /// (v1 tokens), and `Tenants::one(tid)`.
    pub fn new(issuer: impl Into<String>, keys: KeySource, tenants: Tenants) -> TrustedIssuer {
        TrustedIssuer {
            issuer: issuer.into(),
            audiences: GRAPH_AUDIENCES.iter().map(|a| (*a).to_owned()).collect(),
            keys,
            tenants,
        }
    }

    /// Also accepts tokens for `audience`.
    pub fn with_audience(mut self, audience: impl Into<String>) -> TrustedIssuer {
        let audience = audience.into();
        if !self.audiences.contains(&audience) {
            self.audiences.push(audience);
        }
        self
    }

    /// The `iss` value.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The accepted audiences.
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    async fn key(
        &self,
        kid: &str,
        now: time::OffsetDateTime,
    ) -> Result<VerificationKey, AuthError> {
        match &self.keys {
            KeySource::Static(set) => set.get(kid).cloned().ok_or(AuthError::UnknownKey),
            KeySource::Jwks(cache) => cache.key(kid, now).await,
        }
    }
}

/// Validates bearer tokens against a list of trusted issuers.
#[derive(Clone, Debug)]
pub struct Validator {
    issuers: Vec<TrustedIssuer>,
    clock: Arc<dyn Clock>,
    leeway: Duration,
}

impl Validator {
    /// A validator for these issuers (the first with a matching `iss` is used), reading the
    /// time from `clock`, with [`DEFAULT_LEEWAY`].
    pub fn new(issuers: Vec<TrustedIssuer>, clock: Arc<dyn Clock>) -> Validator {
        Validator {
            issuers,
            clock,
            leeway: DEFAULT_LEEWAY,
        }
    }

    /// Replaces the leeway for `exp` and `nbf`.
    pub fn with_leeway(mut self, leeway: Duration) -> Validator {
        self.leeway = leeway;
        self
    }

    /// Validates a compact JWT (without the `Bearer ` prefix; see [`bearer_token`]).
    pub async fn validate(&self, token: &str) -> Result<Principal, AuthError> {
        if token.is_empty() {
            return Err(AuthError::MissingToken);
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(AuthError::Malformed);
        }
        let (header, payload) = split_unverified(token)?;
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(accepted_algorithm)
            .ok_or(AuthError::UnsupportedAlgorithm)?;
        if header.contains_key("crit") {
            return Err(AuthError::Malformed);
        }
        let iss = payload
            .get("iss")
            .and_then(Value::as_str)
            .ok_or(AuthError::InvalidIssuer)?;
        let issuer = self
            .issuers
            .iter()
            .find(|i| i.issuer == iss)
            .ok_or(AuthError::InvalidIssuer)?;
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .filter(|k| !k.is_empty())
            .ok_or(AuthError::MissingKeyId)?;
        let now = self.clock.now();
        let key = issuer.key(kid, now).await?;
        if !key.accepts(alg) {
            return Err(AuthError::AlgorithmMismatch);
        }
        let claims = verify(token, alg, &key, issuer)?;
        self.check_times(&claims, now.unix_timestamp())?;
        let principal = Principal::from_claims(&claims, &issuer.issuer)?;
        if !issuer.tenants.allows(principal.tenant_id) {
            return Err(AuthError::TenantNotAllowed);
        }
        Ok(principal)
    }

    fn check_times(&self, claims: &Map<String, Value>, now: i64) -> Result<(), AuthError> {
        let leeway = self.leeway.whole_seconds();
        let exp = numeric_date(claims, "exp")?.ok_or(AuthError::MissingClaim("exp"))?;
        if now > exp.saturating_add(leeway) {
            return Err(AuthError::Expired);
        }
        if let Some(nbf) = numeric_date(claims, "nbf")?
            && nbf > now.saturating_add(leeway)
        {
            return Err(AuthError::NotYetValid);
        }
        Ok(())
    }
}

/// The token from an `Authorization` header value: `Bearer <token>` (scheme in any case).
pub fn bearer_token(authorization: Option<&str>) -> Result<&str, AuthError> {
    let value = authorization.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err(AuthError::MissingToken);
    }
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::NotBearer);
    }
    match token.trim() {
        "" => Err(AuthError::MissingToken),
        token => Ok(token),
    }
}

/// Decodes header and payload without verifying anything.
fn split_unverified(token: &str) -> Result<(JsonObject, JsonObject), AuthError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthError::Malformed);
    };
    Ok((json_object(header)?, json_object(payload)?))
}

fn json_object(part: &str) -> Result<Map<String, Value>, AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| AuthError::Malformed)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(AuthError::Malformed),
    }
}

/// Verifies signature, `iss` and `aud` with jsonwebtoken; returns the claims.
fn verify(
    token: &str,
    alg: Algorithm,
    key: &VerificationKey,
    issuer: &TrustedIssuer,
) -> Result<Map<String, Value>, AuthError> {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.leeway = 0;
    validation.set_required_spec_claims(&["iss", "aud"]);
    validation.set_issuer(&[issuer.issuer.as_str()]);
    validation.set_audience(&issuer.audiences);
    jsonwebtoken::decode::<Map<String, Value>>(token, key.decoding_key(), &validation)
        .map(|data| data.claims)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidKeyFormat
            | ErrorKind::Provider(_) => AuthError::InvalidSignature,
            ErrorKind::InvalidAlgorithm | ErrorKind::MissingAlgorithm => {
                AuthError::AlgorithmMismatch
            }
            ErrorKind::InvalidIssuer => AuthError::InvalidIssuer,
            ErrorKind::InvalidAudience => AuthError::InvalidAudience,
            ErrorKind::MissingRequiredClaim(claim) if claim == "aud" => AuthError::InvalidAudience,
            ErrorKind::MissingRequiredClaim(_) => AuthError::InvalidIssuer,
            _ => AuthError::Malformed,
        })
}

/// A NumericDate claim as whole seconds (JSON integers, or numbers with a fraction, which are
/// truncated).
fn numeric_date(claims: &Map<String, Value>, name: &'static str) -> Result<Option<i64>, AuthError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .map(|f| f.trunc() as i64)
            })
            .map(Some)
            .ok_or(AuthError::InvalidClaim(name)),
        Some(_) => Err(AuthError::InvalidClaim(name)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use std::sync::Arc;

    use time::OffsetDateTime;
    use vigil_model::clock::FixedClock;

    use super::{AuthError, Validator, bearer_token};

    fn shareable<T: Send + Sync>(_: &T) {}
    fn spawnable<F: Future + Send>(_: &F) {}

    #[test]
    fn validators_are_shareable_and_validation_can_be_spawned() {
        let validator = Validator::new(
            Vec::new(),
            Arc::new(FixedClock::new(OffsetDateTime::UNIX_EPOCH)),
        );
        shareable(&validator);
        spawnable(&validator.validate("a.b.c"));
    }

    #[test]
    fn bearer_header_parsing() {
        assert_eq!(bearer_token(Some("Bearer abc.def.ghi")), Ok("abc.def.ghi"));
        assert_eq!(bearer_token(Some("bearer   abc ")), Ok("abc"));
        assert_eq!(bearer_token(None), Err(AuthError::MissingToken));
        assert_eq!(bearer_token(Some("  ")), Err(AuthError::MissingToken));
        assert_eq!(bearer_token(Some("Bearer")), Err(AuthError::MissingToken));
        assert_eq!(
            bearer_token(Some("Basic dXNlcjpwdw==")),
            Err(AuthError::NotBearer)
        );
    }
}
