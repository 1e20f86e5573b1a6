//! External issuers over real HTTP: a tiny axum server on 127.0.0.1 serves OIDC discovery and
//! a JWKS; the validator discovers the keys, follows a key rotation, respects the refresh rate
//! limit and TTL, and keeps the last good keys when the server fails.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use time::Duration;
use vigil_auth::{
    AuthError, DISCOVERY_PATH, JWKS_PATH, JwksCache, KeySource, Tenants, TrustedIssuer, UserToken,
    Validator, VigilIssuer,
};
use vigil_model::clock::{Clock, FixedClock};

use crate::support::{TENANT, clock, issuer_named};

#[derive(Default)]
struct Served {
    discovery: Mutex<Value>,
    jwks: Mutex<Value>,
    failing: Mutex<bool>,
    discovery_hits: AtomicUsize,
    jwks_hits: AtomicUsize,
}

impl Served {
    fn answer(&self, document: &Mutex<Value>, hits: &AtomicUsize) -> Response {
        hits.fetch_add(1, Ordering::SeqCst);
        if *self.failing.lock().unwrap() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        axum::Json(document.lock().unwrap().clone()).into_response()
    }
}

struct Provider {
    base: String,
    served: Arc<Served>,
    clock: FixedClock,
    old: VigilIssuer,
    new: VigilIssuer,
    server: tokio::task::JoinHandle<()>,
}

impl Provider {
    /// Starts the server publishing the "old" key; the "new" one is held back for rotation.
    async fn start() -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let clock = clock();
        let old = issuer_named("rotation-old", &base, &clock);
        let new = issuer_named("rotation-new", &base, &clock);
        let served = Arc::new(Served::default());
        *served.discovery.lock().unwrap() = old.openid_configuration(&base);
        *served.jwks.lock().unwrap() = old.jwks();
        let app = Router::new()
            .route(
                DISCOVERY_PATH,
                get(|State(s): State<Arc<Served>>| async move {
                    s.answer(&s.discovery, &s.discovery_hits)
                }),
            )
            .route(
                JWKS_PATH,
                get(|State(s): State<Arc<Served>>| async move { s.answer(&s.jwks, &s.jwks_hits) }),
            )
            .with_state(served.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Provider {
            base,
            served,
            clock,
            old,
            new,
            server,
        }
    }

    fn validator(&self, cache: JwksCache) -> Validator {
        let trusted = TrustedIssuer::new(
            self.base.clone(),
            KeySource::Jwks(Arc::new(cache)),
            Tenants::one(TENANT),
        );
        Validator::new(vec![trusted], Arc::new(self.clock.clone()))
    }

    fn token(&self, issuer: &VigilIssuer) -> String {
        issuer
            .issue(&UserToken::new(TENANT, "adele@contoso.com").into())
            .unwrap()
    }

    fn jwks_hits(&self) -> usize {
        self.served.jwks_hits.load(Ordering::SeqCst)
    }

    fn rotate(&self) {
        *self.served.jwks.lock().unwrap() = self.new.jwks();
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[tokio::test]
async fn discovery_then_rotation_to_a_new_kid() {
    let p = Provider::start().await;
    let validator = p.validator(JwksCache::discover(&p.base).unwrap());
    let old_token = p.token(&p.old);
    assert_eq!(
        validator.validate(&old_token).await.unwrap().tenant_id,
        TENANT
    );
    assert_eq!(p.served.discovery_hits.load(Ordering::SeqCst), 1);
    assert_eq!(p.jwks_hits(), 1);
    // Cached: no more requests.
    validator.validate(&old_token).await.unwrap();
    assert_eq!(p.jwks_hits(), 1);

    // The provider rotates: only the new key is published now.
    p.rotate();
    let new_token = p.token(&p.new);
    assert_ne!(p.old.key_id(), p.new.key_id());
    // Within the 30 s rate limit the unknown kid does not trigger a fetch.
    assert_eq!(
        validator.validate(&new_token).await.unwrap_err(),
        AuthError::UnknownKey
    );
    assert_eq!(p.jwks_hits(), 1);
    p.clock.advance(Duration::seconds(31));
    assert!(validator.validate(&new_token).await.is_ok());
    assert_eq!(p.jwks_hits(), 2);
    // The retired key is gone from the refreshed set.
    assert_eq!(
        validator.validate(&old_token).await.unwrap_err(),
        AuthError::UnknownKey
    );
    assert_eq!(p.jwks_hits(), 2);
}

#[tokio::test]
async fn a_flood_of_unknown_kids_fetches_at_most_once_per_interval() {
    let p = Provider::start().await;
    let validator =
        p.validator(JwksCache::from_jwks_uri(&format!("{}{JWKS_PATH}", p.base)).unwrap());
    validator.validate(&p.token(&p.old)).await.unwrap();
    let stranger = p.token(&p.new);
    for _ in 0..20 {
        assert_eq!(
            validator.validate(&stranger).await.unwrap_err(),
            AuthError::UnknownKey
        );
        p.clock.advance(Duration::seconds(1));
    }
    // 20 s elapsed: still only the first fetch; after the 30 s mark one more.
    assert_eq!(p.jwks_hits(), 1);
    p.clock.advance(Duration::seconds(11));
    assert_eq!(
        validator.validate(&stranger).await.unwrap_err(),
        AuthError::UnknownKey
    );
    assert_eq!(p.jwks_hits(), 2);
    assert_eq!(p.served.discovery_hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn keys_are_refetched_after_the_ttl_and_kept_when_the_server_fails() {
    let p = Provider::start().await;
    let cache = JwksCache::discover(&p.base)
        .unwrap()
        .with_ttl(Duration::minutes(10));
    let validator = p.validator(cache);
    validator.validate(&p.token(&p.old)).await.unwrap();
    p.clock.advance(Duration::minutes(11));
    validator.validate(&p.token(&p.old)).await.unwrap();
    assert_eq!(p.jwks_hits(), 2, "stale keys are refetched");

    *p.served.failing.lock().unwrap() = true;
    p.clock.advance(Duration::minutes(11));
    let token = p.token(&p.old);
    assert!(
        validator.validate(&token).await.is_ok(),
        "last good keys stay in use"
    );
    assert_eq!(p.served.discovery_hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn unreachable_or_mismatched_providers_make_keys_unavailable() {
    let p = Provider::start().await;
    *p.served.failing.lock().unwrap() = true;
    let validator = p.validator(JwksCache::discover(&p.base).unwrap());
    let token = p.token(&p.old);
    assert_eq!(
        validator.validate(&token).await.unwrap_err(),
        AuthError::KeysUnavailable
    );

    // A discovery document naming another issuer is not followed.
    *p.served.failing.lock().unwrap() = false;
    p.served.discovery.lock().unwrap()["issuer"] = Value::from("https://elsewhere.example");
    let validator = p.validator(JwksCache::discover(&p.base).unwrap());
    assert_eq!(
        validator.validate(&token).await.unwrap_err(),
        AuthError::KeysUnavailable
    );
    assert_eq!(p.jwks_hits(), 0);
}

#[tokio::test]
async fn explicit_refresh_warms_the_cache() {
    let p = Provider::start().await;
    let cache = JwksCache::discover(&p.base).unwrap();
    assert_eq!(cache.refresh(p.clock.now()).await.unwrap(), 1);
    let validator = p.validator(cache);
    validator.validate(&p.token(&p.old)).await.unwrap();
    assert_eq!(p.jwks_hits(), 1);
    assert!(
        JwksCache::discover("http://vigil.example.com").is_err(),
        "plain http off loopback"
    );
}
