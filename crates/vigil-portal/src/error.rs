//! Errors of the portal's own endpoints, in Graph's error shape.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why a portal endpoint refused.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// Nothing here.
    #[error("{0}")]
    NotFound(String),
    /// The server could not do it.
    #[error("{0}")]
    Internal(String),
}

impl PortalError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            PortalError::BadRequest(_) => (StatusCode::BAD_REQUEST, "BadRequest"),
            PortalError::NotFound(_) => (StatusCode::NOT_FOUND, "ResourceNotFound"),
            PortalError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError"),
        }
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            PortalError::Internal(detail) => {
                tracing::error!(%detail, "portal endpoint failed");
                "An internal server error occurred.".to_owned()
            }
            other => other.to_string(),
        };
        let request_id = uuid::Uuid::new_v4().to_string();
        let body = json!({"error": {
            "code": code,
            "message": message,
            "innerError": {"request-id": request_id, "client-request-id": request_id},
        }});
        (status, Json(body)).into_response()
    }
}

/// Any other path under `/portal/api/`.
pub(crate) async fn unknown_api() -> PortalError {
    PortalError::NotFound("There is no portal endpoint at this path.".to_owned())
}
