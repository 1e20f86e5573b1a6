//! Per-request context: Graph's `request-id` and `client-request-id` headers, and turning a
//! [`GraphError`] left in the response into the full error body with `innerError`.
//!
//! Like Graph, every response carries a fresh `request-id`; `client-request-id` echoes the
//! client's header, or repeats the request id when the client sent none.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use vigil_model::clock::Clock;

use crate::error::GraphError;

/// The ids of the request being served.
#[derive(Debug, Clone)]
pub struct RequestIds {
    /// Server-generated id.
    pub request_id: String,
    /// Client's id, or `request_id`.
    pub client_request_id: String,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// Middleware: assigns ids, sets the headers, and renders errors.
pub async fn request_context(
    State(clock): State<Arc<dyn Clock>>,
    mut request: Request,
    next: Next,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let client_request_id = request
        .headers()
        .get(&CLIENT_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map_or_else(|| request_id.clone(), str::to_owned);
    let ids = RequestIds {
        request_id,
        client_request_id,
    };
    request.extensions_mut().insert(ids.clone());
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<GraphError>() {
        let date = vigil_model::datetime::format_error_date(clock.now());
        let body = error.body(&ids.request_id, &ids.client_request_id, &date);
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        *response.body_mut() = Body::from(bytes);
        response
            .headers_mut()
            .remove(axum::http::header::CONTENT_LENGTH);
    }
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ids.request_id) {
        headers.insert(REQUEST_ID, v);
    }
    if let Ok(v) = HeaderValue::from_str(&ids.client_request_id) {
        headers.insert(CLIENT_REQUEST_ID, v);
    }
    response
}
