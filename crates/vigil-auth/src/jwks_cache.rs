//! An external issuer's signing keys, fetched over HTTP and kept fresh.
//!
//! The keys come from a JWKS URL, given directly or found through OIDC discovery
//! (`{issuer}/.well-known/openid-configuration` → `jwks_uri`; the document's `issuer` must be
//! the configured one). They are cached for a TTL (default 1 hour). A token whose `kid` is
//! not cached triggers a refetch, so key rotation works without a restart; refetches are
//! rate-limited (at most one per [`JwksCache::with_min_refresh_interval`], default 30 s) so a
//! flood of tokens with made-up `kid`s cannot turn Vigil into a load generator. Only one fetch
//! runs at a time per issuer; other callers wait for it.
//!
//! If a refetch fails, the last good keys stay in use (the failure is logged). URLs must be
//! `https`, or `http` to a loopback address (for tests and local issuers); redirects are not
//! followed, and responses over 1 MiB are refused.
//!
//! Time comes in with each call (from the validator's clock), so TTL and rate limit are
//! testable without sleeping.

use std::sync::{Mutex, PoisonError};

use reqwest::Url;
use time::{Duration, OffsetDateTime};

use crate::error::{AuthError, JwksError, KeySetError};
use crate::keys::{KeySet, VerificationKey};

/// Largest discovery or JWKS document accepted.
const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug)]
enum Location {
    Discovery { issuer: String, url: Url },
    Jwks(Url),
}

#[derive(Debug, Default)]
struct State {
    keys: KeySet,
    fetched_at: Option<OffsetDateTime>,
    last_attempt: Option<OffsetDateTime>,
}

/// A remote key set with TTL and rate-limited refresh. Share it as `Arc<JwksCache>`.
#[derive(Debug)]
pub struct JwksCache {
    location: Location,
    client: reqwest::Client,
    ttl: Duration,
    min_refresh_interval: Duration,
    state: Mutex<State>,
    refresh_gate: tokio::sync::Mutex<()>,
}

impl JwksCache {
    /// Keys of the OIDC issuer `issuer`, found through its discovery document.
    pub fn discover(issuer: &str) -> Result<JwksCache, JwksError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let url = checked_url(&url)?;
        JwksCache::with_location(Location::Discovery {
            issuer: issuer.to_owned(),
            url,
        })
    }

    /// Keys at a JWKS URL.
    pub fn from_jwks_uri(jwks_uri: &str) -> Result<JwksCache, JwksError> {
        JwksCache::with_location(Location::Jwks(checked_url(jwks_uri)?))
    }

    /// Replaces how long fetched keys are used before they are refetched.
    pub fn with_ttl(mut self, ttl: Duration) -> JwksCache {
        self.ttl = ttl;
        self
    }

    /// Replaces the shortest time between two fetch attempts.
    pub fn with_min_refresh_interval(mut self, interval: Duration) -> JwksCache {
        self.min_refresh_interval = interval;
        self
    }

    fn with_location(location: Location) -> Result<JwksCache, JwksError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|source| JwksError::Http {
                url: "(HTTP client setup)".to_owned(),
                source,
            })?;
        Ok(JwksCache {
            location,
            client,
            ttl: Duration::hours(1),
            min_refresh_interval: Duration::seconds(30),
            state: Mutex::new(State::default()),
            refresh_gate: tokio::sync::Mutex::new(()),
        })
    }

    /// Fetches the keys now, regardless of TTL and rate limit (e.g. to warm up at start).
    pub async fn refresh(&self, now: OffsetDateTime) -> Result<usize, JwksError> {
        let _gate = self.refresh_gate.lock().await;
        self.fetch_and_store(now).await
    }

    /// The key with `kid`, refetching the key set when it is stale or lacks `kid` and the
    /// rate limit allows.
    pub(crate) async fn key(
        &self,
        kid: &str,
        now: OffsetDateTime,
    ) -> Result<VerificationKey, AuthError> {
        if let Some(key) = self.lookup_fresh(kid, now) {
            return Ok(key);
        }
        let _gate = self.refresh_gate.lock().await;
        // Another caller may have refreshed while this one waited at the gate.
        if let Some(key) = self.lookup_fresh(kid, now) {
            return Ok(key);
        }
        let may_fetch = self
            .lock_state()
            .last_attempt
            .is_none_or(|last| now - last >= self.min_refresh_interval || now < last);
        if may_fetch && let Err(error) = self.fetch_and_store(now).await {
            tracing::warn!(%error, "could not refresh an issuer's signing keys");
        }
        let state = self.lock_state();
        match state.keys.get(kid) {
            Some(key) => Ok(key.clone()),
            None if state.fetched_at.is_none() => Err(AuthError::KeysUnavailable),
            None => Err(AuthError::UnknownKey),
        }
    }

    fn lookup_fresh(&self, kid: &str, now: OffsetDateTime) -> Option<VerificationKey> {
        let state = self.lock_state();
        let fresh = state
            .fetched_at
            .is_some_and(|at| now - at < self.ttl && now >= at);
        if fresh {
            state.keys.get(kid).cloned()
        } else {
            None
        }
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn fetch_and_store(&self, now: OffsetDateTime) -> Result<usize, JwksError> {
        self.lock_state().last_attempt = Some(now);
        let jwks_url = match &self.location {
            Location::Jwks(url) => url.clone(),
            Location::Discovery { issuer, url } => self.discover_jwks_uri(issuer, url).await?,
        };
        let body = self.get(&jwks_url).await?;
        let keys = KeySet::from_jwks(&body).map_err(|source| JwksError::KeySet {
            url: jwks_url.to_string(),
            source,
        })?;
        if keys.is_empty() {
            return Err(JwksError::KeySet {
                url: jwks_url.to_string(),
                source: KeySetError("no usable signing key".to_owned()),
            });
        }
        let count = keys.len();
        let mut state = self.lock_state();
        state.keys = keys;
        state.fetched_at = Some(now);
        Ok(count)
    }

    async fn discover_jwks_uri(&self, issuer: &str, url: &Url) -> Result<Url, JwksError> {
        let body = self.get(url).await?;
        let problem = |reason: &str| JwksError::Discovery {
            url: url.to_string(),
            reason: reason.to_owned(),
        };
        let document: serde_json::Value =
            serde_json::from_slice(&body).map_err(|_| problem("not JSON"))?;
        if document.get("issuer").and_then(|v| v.as_str()) != Some(issuer) {
            return Err(problem("its issuer is not the configured one"));
        }
        let jwks_uri = document
            .get("jwks_uri")
            .and_then(|v| v.as_str())
            .ok_or_else(|| problem("no jwks_uri"))?;
        checked_url(jwks_uri)
    }

    async fn get(&self, url: &Url) -> Result<Vec<u8>, JwksError> {
        let http = |source| JwksError::Http {
            url: url.to_string(),
            source,
        };
        let mut response = self.client.get(url.clone()).send().await.map_err(http)?;
        if !response.status().is_success() {
            return Err(JwksError::Status {
                url: url.to_string(),
                status: response.status().as_u16(),
            });
        }
        if response
            .content_length()
            .is_some_and(|len| len > MAX_DOCUMENT_BYTES as u64)
        {
            return Err(JwksError::TooLarge(url.to_string()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(http)? {
            if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(JwksError::TooLarge(url.to_string()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// Parses `text` and accepts only `https`, or `http` to a loopback host.
fn checked_url(text: &str) -> Result<Url, JwksError> {
    let url = Url::parse(text).map_err(|_| JwksError::InvalidUrl(text.to_owned()))?;
    let host = url.host_str().unwrap_or_default();
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(JwksError::InsecureUrl(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::checked_url;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(checked_url("https://login.microsoftonline.com/x/v2.0").is_ok());
        assert!(checked_url("http://127.0.0.1:8080/keys").is_ok());
        assert!(checked_url("http://[::1]:8080/keys").is_ok());
        assert!(checked_url("http://localhost/keys").is_ok());
        assert!(checked_url("http://example.com/keys").is_err());
        assert!(checked_url("http://10.0.0.1/keys").is_err());
        assert!(checked_url("file:///etc/passwd").is_err());
        assert!(checked_url("not a url").is_err());
    }
}
