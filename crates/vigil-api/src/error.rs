//! The Graph error envelope, and the one closed table of error codes Vigil answers with.
//!
//! Only this crate renders `{"error":{"code","message","innerError"}}`. Library errors are
//! mapped here onto a [`GraphErrorCode`], which fixes the HTTP status. Internal failures are
//! logged with their cause and answered with a generic message.
//!
//! Two codes carry more than the envelope: a 401 `InvalidAuthenticationToken` adds a
//! `WWW-Authenticate: Bearer` header, and a 429 `TooManyRequests` adds `Retry-After` and
//! Graph's extra `innerError` members (`code`, `status`, `message`; graph-api-reference §10).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// Graph's error code strings, each with its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphErrorCode {
    /// 400 — malformed query options, filters, bodies (`Invalid filter clause`).
    BadRequest,
    /// 400 — unsupported property/operator combination (directory-style services).
    RequestBadRequest,
    /// 401 — missing, malformed, expired or untrusted bearer token or ingest key.
    InvalidAuthenticationToken,
    /// 403 — the caller lacks a scope, permission or role, or the tenant is unknown.
    AuthorizationRequestDenied,
    /// 403 — the log needs a P1/P2 tenant.
    NonPremiumTenant,
    /// 404 — no such record.
    ResourceNotFound,
    /// 404 — no such route.
    UnknownSegment,
    /// 405 — method not allowed on this resource.
    MethodNotAllowed,
    /// 409 — the object already exists (Graph's directory code for a duplicate key).
    Conflict,
    /// 413 — request body or batch too large.
    RequestEntityTooLarge,
    /// 415 — unsupported `Content-Encoding` or `Content-Type`.
    UnsupportedMediaType,
    /// 429 — throttled; the response carries `Retry-After`.
    TooManyRequests,
    /// 500 — an internal failure (details only in the logs).
    GeneralException,
    /// 503 — the store is shutting down or unavailable.
    ServiceNotAvailable,
}

impl GraphErrorCode {
    /// The wire code and HTTP status.
    pub fn parts(self) -> (&'static str, StatusCode) {
        match self {
            GraphErrorCode::BadRequest => ("BadRequest", StatusCode::BAD_REQUEST),
            GraphErrorCode::RequestBadRequest => ("Request_BadRequest", StatusCode::BAD_REQUEST),
            GraphErrorCode::InvalidAuthenticationToken => {
                ("InvalidAuthenticationToken", StatusCode::UNAUTHORIZED)
            }
            GraphErrorCode::AuthorizationRequestDenied => {
                ("Authorization_RequestDenied", StatusCode::FORBIDDEN)
            }
            GraphErrorCode::NonPremiumTenant => (
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                StatusCode::FORBIDDEN,
            ),
            GraphErrorCode::ResourceNotFound => ("Request_ResourceNotFound", StatusCode::NOT_FOUND),
            GraphErrorCode::Conflict => (
                "Request_MultipleObjectsWithSameKeyValue",
                StatusCode::CONFLICT,
            ),
            GraphErrorCode::UnknownSegment => ("BadRequest", StatusCode::NOT_FOUND),
            GraphErrorCode::MethodNotAllowed => {
                ("Request_BadRequest", StatusCode::METHOD_NOT_ALLOWED)
            }
            GraphErrorCode::RequestEntityTooLarge => {
                ("RequestEntityTooLarge", StatusCode::PAYLOAD_TOO_LARGE)
            }
            GraphErrorCode::UnsupportedMediaType => {
                ("UnsupportedMediaType", StatusCode::UNSUPPORTED_MEDIA_TYPE)
            }
            GraphErrorCode::TooManyRequests => ("TooManyRequests", StatusCode::TOO_MANY_REQUESTS),
            GraphErrorCode::GeneralException => {
                ("generalException", StatusCode::INTERNAL_SERVER_ERROR)
            }
            GraphErrorCode::ServiceNotAvailable => {
                ("serviceNotAvailable", StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    }
}

/// One entry of `error.details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    /// Machine-readable code.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// Where (e.g. `[3].createdDateTime`).
    pub target: String,
}

/// An error answered to the client.
#[derive(Debug, Clone)]
pub struct GraphError {
    /// Code and status.
    pub code: GraphErrorCode,
    /// Human-readable message.
    pub message: String,
    /// Optional details (per-record ingest errors).
    pub details: Vec<ErrorDetail>,
    /// The `Retry-After` value (whole seconds) of a 429.
    pub retry_after: Option<String>,
}

/// Graph's fixed message of a 429.
pub const THROTTLED_MESSAGE: &str = "Please retry again later.";

impl GraphError {
    /// An error with a message.
    pub fn new(code: GraphErrorCode, message: impl Into<String>) -> GraphError {
        GraphError {
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// A 429 with Graph's message, answered with `Retry-After: <retry_after>`.
    pub fn too_many_requests(retry_after: String) -> GraphError {
        GraphError {
            retry_after: Some(retry_after),
            ..GraphError::new(GraphErrorCode::TooManyRequests, THROTTLED_MESSAGE)
        }
    }

    /// A 401 `InvalidAuthenticationToken`.
    pub fn unauthenticated(message: impl Into<String>) -> GraphError {
        GraphError::new(GraphErrorCode::InvalidAuthenticationToken, message)
    }

    /// A 403 `Authorization_RequestDenied`.
    pub fn denied(message: impl Into<String>) -> GraphError {
        GraphError::new(GraphErrorCode::AuthorizationRequestDenied, message)
    }

    /// A 400 `BadRequest`.
    pub fn bad_request(message: impl Into<String>) -> GraphError {
        GraphError::new(GraphErrorCode::BadRequest, message)
    }

    /// A 500 whose cause goes to the log, not to the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> GraphError {
        tracing::error!(error = %cause, "internal error");
        GraphError::new(
            GraphErrorCode::GeneralException,
            "An internal error occurred; see the server log for details.",
        )
    }

    /// The body, given the request's ids and the current time.
    pub fn body(&self, request_id: &str, client_request_id: &str, date: &str) -> Value {
        let (code, _) = self.code.parts();
        let mut error = Map::new();
        error.insert("code".into(), Value::String(code.into()));
        error.insert("message".into(), Value::String(self.message.clone()));
        if !self.details.is_empty() {
            let details: Vec<Value> = self
                .details
                .iter()
                .map(|d| json!({"code": d.code, "message": d.message, "target": d.target}))
                .collect();
            error.insert("details".into(), Value::Array(details));
        }
        let inner = if self.code == GraphErrorCode::TooManyRequests {
            json!({
                "code": "429",
                "date": date,
                "message": "Please retry after",
                "request-id": request_id,
                "status": "429",
                "client-request-id": client_request_id,
            })
        } else {
            json!({"date": date, "request-id": request_id, "client-request-id": client_request_id})
        };
        error.insert("innerError".into(), inner);
        json!({ "error": Value::Object(error) })
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        // The request-id middleware fills in `innerError` from the request context; it finds
        // the error in the response extensions.
        let (_, status) = self.code.parts();
        let mut response = status.into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        match self.code {
            GraphErrorCode::InvalidAuthenticationToken => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            GraphErrorCode::TooManyRequests => {
                if let Some(value) = self
                    .retry_after
                    .as_deref()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            _ => {}
        }
        response.extensions_mut().insert(self);
        response
    }
}
