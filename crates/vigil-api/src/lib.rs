//! Vigil's HTTP surface, built with axum.
//!
//! - Graph-compatible reads: `GET /{v1.0|beta}/auditLogs/{signIns|directoryAudits|provisioning|customSecurityAttributeAudits}`
//!   and `/{id}` ([`list`], [`get_one`]), with `$filter`, `$top`, `$skiptoken`, `$orderby`,
//!   `$select`, `$count`, Graph's envelope, error shape and request-id headers;
//! - ingest: `POST /ingest/v1/tenants/{tenantId}/{collection}` ([`ingest`]);
//! - `GET /healthz`.
//!
//! This is the only crate that knows HTTP and Graph's URL shapes; it sees the store only
//! through the `vigil_store::Store` trait. Blocking store calls run on tokio's blocking pool.

pub mod error;
mod get_one;
mod ingest;
mod links;
mod list;
pub mod options;
mod request_context;
mod resource;
mod response;

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use vigil_ingest::Ingestor;
use vigil_model::clock::Clock;
use vigil_store::{Store, TenantId};

pub use error::{GraphError, GraphErrorCode};

/// Settings of the API layer.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// The tenant whose logs `/v1.0` and `/beta` serve. (Until bearer tokens carry the
    /// tenant, one server serves one tenant's reads; ingest is multi-tenant already.)
    pub default_tenant: TenantId,
    /// Absolute base URL for links (`https://vigil.example.com`); from `Host` when unset.
    pub public_url: Option<String>,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct ApiState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The ingest pipeline over the same store.
    pub ingestor: Ingestor,
    /// Time source.
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub config: Arc<ApiConfig>,
}

/// Builds the whole router.
pub fn router(state: ApiState) -> Router {
    let clock = state.clock.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/ingest/v1/tenants/{tenant}/{collection}",
            post(ingest::ingest).fallback(method_not_allowed),
        )
        .route(
            "/{version}/{root}/{collection}",
            get(list::list).fallback(method_not_allowed),
        )
        .route(
            "/{version}/{root}/{collection}/{id}",
            get(get_one::get_one).fallback(method_not_allowed),
        )
        .fallback(not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            clock,
            request_context::request_context,
        ))
}

async fn not_found(uri: axum::http::Uri) -> Response {
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
async fn blocking<F>(work: F) -> Result<Response, GraphError>
where
    F: FnOnce() -> Result<Response, GraphError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(join) => Err(GraphError::internal(&join)),
    }
}
