//! Vigil's own token issuer, for installations without an external identity provider and for
//! `vigil token`.
//!
//! **Issuer string.** One issuer for all tenants: the server's public base URL (for example
//! `http://127.0.0.1:8080`), given to [`VigilIssuer::open`]. Tokens carry the tenant in `tid`;
//! trust it with [`VigilIssuer::trusted_issuer`]. A single signing key serves every tenant, so
//! per-tenant issuer strings would add no isolation. The discovery document belongs at
//! `{issuer}` + [`DISCOVERY_PATH`] and the key set at `{base_url}` + [`JWKS_PATH`], so any
//! OIDC validator (this crate's [`crate::JwksCache::discover`] included) can check Vigil's
//! tokens from the issuer string alone.
//!
//! **Key.** RSA 2048, signing with RS256; generated on first start and kept in the key
//! directory (see [`KEY_FILE_NAME`]). Its `kid` is the RFC 7638 JWK thumbprint (SHA-256,
//! base64url), so it is stable across restarts and changes exactly when the key does. To
//! rotate, stop Vigil, move the key file away and start again: tokens signed by the old key
//! stop validating.
//!
//! **Claims.** Delegated tokens: `aud iss iat nbf exp ver tid oid sub idtyp=user upn
//! preferred_username name appid scp wids uti`; app-only tokens: `aud iss iat nbf exp ver tid
//! oid sub idtyp=app appid azp roles uti`, as Entra writes Graph access tokens.

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Duration;
use vigil_model::clock::Clock;

use crate::error::IssuerError;
pub use crate::keyfile::KEY_FILE_NAME;
use crate::keys::KeySet;
use crate::permissions::Permission;
use crate::token_request::{AppToken, TokenRequest, UserToken, VIGIL_CLI_APP_ID};
use crate::validate::{KeySource, Tenants, TrustedIssuer};

/// Path of the OIDC discovery document, relative to the issuer.
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
/// Path of the JWKS document, relative to the base URL.
pub const JWKS_PATH: &str = "/.well-known/jwks.json";
/// Audience for tokens meant for Vigil itself rather than "Graph"; accepted by
/// [`VigilIssuer::trusted_issuer`] alongside Graph's audiences.
pub const VIGIL_AUDIENCE: &str = "api://vigil";
/// Lifetime of minted tokens unless the request or [`VigilIssuer::with_lifetime`] says
/// otherwise (Entra's default for access tokens is 60–90 minutes).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::hours(1);

/// Vigil's signing key and the tokens, JWKS and discovery document made with it.
pub struct VigilIssuer {
    issuer: String,
    signing_key: EncodingKey,
    key_id: String,
    modulus: String,
    exponent: String,
    lifetime: Duration,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for VigilIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VigilIssuer")
            .field("issuer", &self.issuer)
            .field("key_id", &self.key_id)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl VigilIssuer {
    /// Loads the signing key from `key_dir`, generating and saving one on first use, and
    /// issues as `issuer` (trailing slashes removed) with times from `clock`.
    pub fn open(
        key_dir: &Path,
        issuer: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<VigilIssuer, IssuerError> {
        let private = crate::keyfile::load_or_create(key_dir)?;
        let der = private.to_pkcs1_der().map_err(|e| IssuerError::Key {
            path: key_dir.join(KEY_FILE_NAME),
            reason: e.to_string(),
        })?;
        let modulus = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
        let exponent = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
        Ok(VigilIssuer {
            issuer: issuer.trim_end_matches('/').to_owned(),
            signing_key: EncodingKey::from_rsa_der(der.as_bytes()),
            key_id: rsa_thumbprint(&modulus, &exponent),
            modulus,
            exponent,
            lifetime: DEFAULT_TOKEN_LIFETIME,
            clock,
        })
    }

    /// Replaces the default token lifetime.
    pub fn with_lifetime(mut self, lifetime: Duration) -> VigilIssuer {
        self.lifetime = lifetime;
        self
    }

    /// The `iss` of every token this issuer mints.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The signing key's `kid`.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Mints a signed token (compact JWS).
    pub fn issue(&self, request: &TokenRequest) -> Result<String, IssuerError> {
        let now = self.clock.now().unix_timestamp();
        let (audience, lifetime) = match request {
            TokenRequest::User(user) => (&user.audience, user.lifetime),
            TokenRequest::App(app) => (&app.audience, app.lifetime),
        };
        let exp = now.saturating_add(lifetime.unwrap_or(self.lifetime).whole_seconds());
        let mut claims = json!({
            "aud": audience,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": exp,
            "ver": "1.0",
        });
        let specific = match request {
            TokenRequest::User(user) => user_claims(user),
            TokenRequest::App(app) => app_claims(app),
        };
        if let (Value::Object(all), Value::Object(specific)) = (&mut claims, specific) {
            all.extend(specific);
            all.insert(
                "uti".to_owned(),
                json!(uuid::Uuid::new_v4().simple().to_string()),
            );
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.key_id.clone());
        header.typ = Some("JWT".to_owned());
        jsonwebtoken::encode(&header, &claims, &self.signing_key)
            .map_err(|e| IssuerError::Sign(e.to_string()))
    }

    /// The JWKS document with the public key (`kty RSA`, `use sig`, `alg RS256`).
    pub fn jwks(&self) -> Value {
        json!({
            "keys": [{
                "kty": "RSA",
                "use": "sig",
                "alg": "RS256",
                "kid": self.key_id,
                "n": self.modulus,
                "e": self.exponent,
            }]
        })
    }

    /// The OIDC discovery document, naming the JWKS at `{base_url}` + [`JWKS_PATH`]. Vigil
    /// has no authorisation or token endpoint (tokens come from `vigil token`), so none is
    /// advertised.
    pub fn openid_configuration(&self, base_url: &str) -> Value {
        json!({
            "issuer": self.issuer,
            "jwks_uri": format!("{}{JWKS_PATH}", base_url.trim_end_matches('/')),
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "scopes_supported": Permission::ALL.iter().map(|p| p.name()).collect::<Vec<_>>(),
            "claims_supported": [
                "aud", "iss", "iat", "nbf", "exp", "tid", "oid", "sub", "idtyp", "upn",
                "preferred_username", "name", "appid", "azp", "scp", "roles", "wids"
            ],
        })
    }

    /// The public key as a key set, for validating this issuer's tokens in-process.
    pub fn key_set(&self) -> KeySet {
        // The document is built from a key we hold; it always parses.
        KeySet::from_jwks(self.jwks().to_string().as_bytes()).unwrap_or_default()
    }

    /// Trust in this issuer's tokens for `tenants`: Graph's audiences and [`VIGIL_AUDIENCE`].
    pub fn trusted_issuer(&self, tenants: Tenants) -> TrustedIssuer {
        TrustedIssuer::new(
            self.issuer.clone(),
            KeySource::Static(self.key_set()),
            tenants,
        )
        .with_audience(VIGIL_AUDIENCE)
    }
}

fn user_claims(user: &UserToken) -> Value {
    let oid = user.resolved_object_id().to_string();
    let scp = user
        .scopes
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(" ");
    let mut claims = json!({
        "tid": user.tenant_id.to_string(),
        "oid": oid,
        "sub": oid,
        "idtyp": "user",
        "upn": user.user_principal_name,
        "preferred_username": user.user_principal_name,
        "name": user.display_name.as_deref().unwrap_or(&user.user_principal_name),
        "appid": VIGIL_CLI_APP_ID.to_string(),
        "scp": scp,
    });
    if !user.roles.is_empty()
        && let Value::Object(map) = &mut claims
    {
        let wids: Vec<String> = user
            .roles
            .iter()
            .map(|r| r.template_id().to_string())
            .collect();
        map.insert("wids".to_owned(), json!(wids));
    }
    claims
}

fn app_claims(app: &AppToken) -> Value {
    let oid = app.resolved_object_id().to_string();
    json!({
        "tid": app.tenant_id.to_string(),
        "oid": oid,
        "sub": oid,
        "idtyp": "app",
        "appid": app.app_id.to_string(),
        "azp": app.app_id.to_string(),
        "roles": app.permissions.iter().map(|p| p.name()).collect::<Vec<_>>(),
    })
}

/// RFC 7638 thumbprint of an RSA public key: SHA-256 over the members `e`, `kty`, `n` in
/// lexicographic order, without white space, base64url-encoded.
fn rsa_thumbprint(modulus: &str, exponent: &str) -> String {
    let canonical = format!(r#"{{"e":"{exponent}","kty":"RSA","n":"{modulus}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::rsa_thumbprint;

    #[test]
    fn thumbprint_matches_rfc_7638_example() {
        // The example key of RFC 7638 section 3.1 and its published thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            rsa_thumbprint(n, "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
