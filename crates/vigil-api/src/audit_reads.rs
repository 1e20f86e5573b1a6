//! Recording every read of an activity log in the read audit (`ControlStore::record_read`).
//!
//! Each list and get-by-id of a log that resolves to a log is recorded once its answer is
//! known — success, 400, 403 or 404 alike — with the caller's `oid`, UPN and app id, the
//! method, path and query, the log, the status, how many records were returned and the
//! `request-id`. Reads of the read audit itself are recorded with no log. Requests refused
//! before that point are not: 401s have no validated caller to name, and 429s are not
//! recorded so the audit's write rate stays bounded by the throttle (both are logged).
//!
//! Recording only queues the entry (the control store commits in the background); it runs
//! inside the handler's blocking task. **Invariant:** a read that cannot be recorded is not
//! answered — the client gets a 503 instead of the data.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use vigil_model::LogKind;
use vigil_tenancy::ReadAuditEntry;

use crate::ApiState;
use crate::caller::Caller;
use crate::error::{GraphError, GraphErrorCode};
use crate::request_context::RequestIds;

/// Longest path-and-query kept in an entry, in bytes.
const MAX_PATH_BYTES: usize = 8 * 1024;

/// What the audits need to know about the request: method, path and query, request id.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    method: String,
    path_and_query: String,
    request_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<RequestInfo, std::convert::Infallible> {
        let path_and_query = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
        Ok(RequestInfo {
            method: parts.method.as_str().to_owned(),
            path_and_query: truncate(path_and_query),
            request_id: parts
                .extensions
                .get::<RequestIds>()
                .map(|ids| ids.request_id.clone())
                .unwrap_or_default(),
        })
    }
}

impl RequestInfo {
    /// The `request-id` of the request.
    pub(crate) fn request_id(&self) -> &str {
        &self.request_id
    }
}

fn truncate(mut text: String) -> String {
    if text.len() > MAX_PATH_BYTES {
        let mut end = MAX_PATH_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Runs a read and records its outcome. `work` answers the response and the number of
/// records it returned. Blocking: call it on the blocking pool.
pub(crate) fn audited<F>(
    state: &ApiState,
    caller: &Caller,
    context: &RequestInfo,
    kind: Option<LogKind>,
    work: F,
) -> Result<Response, GraphError>
where
    F: FnOnce() -> Result<(Response, u64), GraphError>,
{
    let outcome = work();
    let (status, result_count) = match &outcome {
        Ok((response, count)) => (response.status().as_u16(), *count),
        Err(error) => (error.code.parts().1.as_u16(), 0),
    };
    let principal = &caller.principal;
    let entry = ReadAuditEntry {
        tenant: caller.tenant.clone(),
        time: state.clock.now(),
        caller_oid: principal.object_id.hyphenated().to_string(),
        caller_upn: principal.user_principal_name.clone(),
        app_id: principal.app_id.clone(),
        method: context.method.clone(),
        path_and_query: context.path_and_query.clone(),
        kind,
        status,
        result_count,
        request_id: context.request_id.clone(),
    };
    if let Err(error) = state.control.record_read(entry) {
        tracing::error!(%error, request_id = %context.request_id, "read audit unavailable; read refused");
        return Err(GraphError::new(
            GraphErrorCode::ServiceNotAvailable,
            "The read could not be recorded in the read audit, so it was not answered.",
        ));
    }
    outcome.map(|(response, _)| response)
}

#[cfg(test)]
mod tests {
    use super::{MAX_PATH_BYTES, truncate};

    #[test]
    fn long_paths_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_PATH_BYTES);
        let cut = truncate(long);
        assert!(cut.len() <= MAX_PATH_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
        assert_eq!(truncate("/v1.0/x".to_owned()), "/v1.0/x");
    }
}
