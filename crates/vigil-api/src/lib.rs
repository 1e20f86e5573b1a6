//! Vigil's HTTP surface, built with axum.
//!
//! - Graph-compatible reads: `GET /{v1.0|beta}/auditLogs/{signIns|directoryAudits|provisioning|customSecurityAttributeAudits}`
//!   and `/{id}` ([`list`], [`get_one`]), with `$filter`, `$top`, `$skiptoken`, `$orderby`,
//!   `$select`, `$count`, Graph's envelope, error shape and request-id headers — each behind
//!   a bearer token ([`caller`]), the per-log policy and access scope ([`access`]), the read
//!   throttle ([`rate_limit`]) and the read audit ([`audit_reads`]); the same list URLs with
//!   `$format=csv|json` download the whole result, streamed ([`download`]);
//! - the change feed: `GET /export/v1/feed/{category}` ([`feed`]) — one Azure Monitor log
//!   category in ingest order after a signed cursor ([`feed_cursor`]), long-polling for new
//!   records, behind the same token, policy, scope, throttle and read audit as the reads;
//! - insights for the portal's charts: `GET /insights/v1/{log}/summary` (counts per time
//!   bucket and key by outcome, computed by the store) and `GET /insights/v1/meta`, plus
//!   Graph's `GET /beta/reports/getAzureADApplicationSignInSummary(period=…)` ([`insights`]),
//!   behind the same token, policy, scope, throttle and read audit as the reads;
//! - the tenant admin API under `/admin/v1/` ([`admin`]);
//! - the signed-in user's own actions under `/me/v1/` ([`me`]: report a sign-in that was not
//!   them, list their reports);
//! - ingest: `POST /ingest/v1/tenants/{tenantId}/{collection}` ([`ingest`]) with a
//!   per-tenant ingest key ([`ingest_key`]) and its own throttle;
//! - `GET /metrics` for operators, in Prometheus' text format ([`metrics`]);
//! - the built-in issuer's OIDC discovery and JWKS documents ([`discovery`]), and
//!   `GET /healthz` — the only routes open without credentials.
//!
//! This is the only crate that knows HTTP and Graph's URL shapes; it sees the store only
//! through the `vigil_store::Store` trait and the control plane through
//! `vigil_tenancy::ControlStore`. Blocking store calls run on tokio's blocking pool.
//!
//! Invariants: no read without a validated principal (handlers take a [`Caller`], which
//! exists only for a validated token); the tenant read is the token's `tid` and nothing else.

mod access;
mod admin;
mod admin_diagnostic;
mod admin_keys;
mod admin_read_audit;
mod admin_tenants;
mod audit_reads;
pub mod caller;
mod change_audit;
mod discovery;
mod download;
pub mod error;
mod feed;
mod feed_cursor;
mod feed_options;
mod get_one;
mod ingest;
mod ingest_key;
mod insights;
mod links;
mod list;
mod me;
mod metrics;
pub mod options;
mod rate_limit;
mod request_context;
mod resource;
mod response;

use std::sync::Arc;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use vigil_auth::{DISCOVERY_PATH, JWKS_PATH, Validator, VigilIssuer};
use vigil_ingest::Ingestor;
use vigil_model::clock::Clock;
use vigil_store::Store;
use vigil_tenancy::ControlStore;

pub use admin::manages_diagnostic_settings;
pub use caller::Caller;
pub use download::{DOWNLOAD_LIMIT_HEADER, DownloadLimit};
pub use error::{GraphError, GraphErrorCode};
pub use ingest_key::INGEST_KEY_HEADER;
pub use me::REPORT_ACTIVITY;
pub use metrics::Metrics;
pub use rate_limit::ThrottleLimits;

/// Settings of the API layer.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    /// Absolute base URL for links (`https://vigil.example.com`); from `Host` when unset.
    pub public_url: Option<String>,
    /// Read and ingest throttling.
    pub throttle: ThrottleLimits,
    /// The most records one download returns ([`download`]).
    pub download_limit: DownloadLimit,
}

/// What the API serves from: the data and control stores, the ingest pipeline, token
/// validation and the built-in issuer, and the clock.
#[derive(Clone)]
pub struct ApiServices {
    /// The activity store.
    pub store: Arc<dyn Store>,
    /// The ingest pipeline over the same store.
    pub ingestor: Ingestor,
    /// Tenants, retention, ingest keys, read audit.
    pub control: Arc<dyn ControlStore>,
    /// Validates bearer tokens against the trusted issuers.
    pub validator: Arc<Validator>,
    /// Vigil's own issuer, whose discovery and JWKS documents are served.
    pub issuer: Arc<VigilIssuer>,
    /// Time source.
    pub clock: Arc<dyn Clock>,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct ApiState {
    store: Arc<dyn Store>,
    ingestor: Ingestor,
    control: Arc<dyn ControlStore>,
    validator: Arc<Validator>,
    issuer: Arc<VigilIssuer>,
    clock: Arc<dyn Clock>,
    config: Arc<ApiConfig>,
    throttles: Arc<rate_limit::Throttles>,
    export_wake: Arc<tokio::sync::Notify>,
    metrics: Arc<Metrics>,
    /// Set once the server stops accepting requests, so long polls answer at once.
    stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl ApiState {
    /// State over `services` with `config` (the throttles start full).
    pub fn new(services: ApiServices, config: ApiConfig) -> ApiState {
        let throttles = rate_limit::Throttles::new(&config.throttle, services.clock.as_ref());
        ApiState {
            store: services.store,
            ingestor: services.ingestor,
            control: services.control,
            validator: services.validator,
            issuer: services.issuer,
            clock: services.clock,
            config: Arc::new(config),
            throttles: Arc::new(throttles),
            stopping: Arc::new(tokio::sync::watch::Sender::new(false)),
            export_wake: Arc::new(tokio::sync::Notify::new()),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// The counters `GET /metrics` reports; the retention loop adds to them too.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// Notified after every diagnostic-setting change: the exporter waits on it to pick
    /// changes up at once.
    pub fn export_wake(&self) -> &Arc<tokio::sync::Notify> {
        &self.export_wake
    }

    /// Tells long-polling requests (the change feed's `wait`) to answer now, with what they
    /// have: call it when graceful shutdown begins, so draining does not wait out their
    /// timeouts.
    pub fn begin_shutdown(&self) {
        self.stopping.send_replace(true);
    }

    /// The activity store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The ingest pipeline.
    pub fn ingestor(&self) -> &Ingestor {
        &self.ingestor
    }

    /// The control store.
    pub fn control(&self) -> &Arc<dyn ControlStore> {
        &self.control
    }

    /// The settings.
    pub fn config(&self) -> &ApiConfig {
        &self.config
    }
}

/// Builds the whole router.
pub fn router(state: ApiState) -> Router {
    let clock = state.clock.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/metrics",
            get(metrics::metrics).fallback(method_not_allowed),
        )
        .route(
            DISCOVERY_PATH,
            get(discovery::openid_configuration).fallback(method_not_allowed),
        )
        .route(JWKS_PATH, get(discovery::jwks).fallback(method_not_allowed))
        .route(
            "/ingest/v1/tenants/{tenant}/{collection}",
            post(ingest::ingest).fallback(method_not_allowed),
        )
        .route(
            "/export/v1/feed/{category}",
            get(feed::feed).fallback(method_not_allowed),
        )
        .route(
            "/me/v1/signIns/reports",
            get(me::reports).fallback(method_not_allowed),
        )
        .route(
            "/me/v1/signIns/{id}/reportNotMe",
            post(me::report_not_me).fallback(method_not_allowed),
        )
        .route(
            "/insights/v1/meta",
            get(insights::meta).fallback(method_not_allowed),
        )
        .route(
            "/insights/v1/{log}/summary",
            get(insights::summary).fallback(method_not_allowed),
        )
        .merge(admin::routes())
        .merge(admin_tenants::routes())
        .route(
            "/{version}/{root}/{collection}",
            get(list::list).fallback(method_not_allowed),
        )
        .route(
            "/{version}/{root}/{collection}/{id}",
            get(get_one::get_one).fallback(method_not_allowed),
        )
        .fallback(not_found)
        .with_state(state.clone())
        // Inner layer: authentication and throttling of the protected roots.
        .layer(axum::middleware::from_fn_with_state(state, caller::guard))
        // Outer layer: request ids and error bodies, also for the guard's refusals.
        .layer(axum::middleware::from_fn_with_state(
            clock,
            request_context::request_context,
        ))
}

async fn not_found(uri: Uri) -> Response {
    let segment = uri
        .path()
        .trim_matches('/')
        .split('/')
        .next_back()
        .unwrap_or("")
        .to_owned();
    GraphError::new(
        GraphErrorCode::UnknownSegment,
        format!("Resource not found for the segment '{segment}'."),
    )
    .into_response()
}

async fn method_not_allowed(method: axum::http::Method) -> Response {
    GraphError::new(
        GraphErrorCode::MethodNotAllowed,
        format!("The HTTP method '{method}' is not allowed on this resource."),
    )
    .into_response()
}

/// Runs blocking work (store calls, decoding, rendering) off the async runtime.
async fn blocking<T, F>(work: F) -> Result<T, GraphError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, GraphError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(join) => Err(GraphError::internal(&join)),
    }
}
