//! Authentication at the edge: who is calling, from `Authorization: Bearer <JWT>`.
//!
//! [`guard`] runs for every request whose first path segment is `v1.0`, `beta`, `admin`,
//! `export` or `insights` (any case), before routing decides anything else, so even an unknown resource or a wrong
//! method under those roots answers 401 without a valid token. It validates the token with
//! `vigil_auth::Validator` (signature, algorithm, issuer, audience, lifetime, tenant binding),
//! then charges the read throttle of (token `tid`, token app id) and stores the [`Caller`]
//! in the request's extensions.
//!
//! Handlers take a [`Caller`] argument. The extractor reuses the guard's result, and
//! validates the token and charges the throttle itself if the guard did not run (should a
//! route ever be reachable by a path the guard does not recognise), so no handler can serve
//! a read without a validated, throttled principal. The tenant a caller reads is always the
//! token's `tid` ([`Caller::tenant`]); no request parameter can name another.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use vigil_auth::{AuthError, Principal};
use vigil_store::TenantId;

use crate::ApiState;
use crate::error::GraphError;

/// A caller whose bearer token passed validation. Only this module builds one.
#[derive(Debug, Clone)]
pub struct Caller {
    pub(crate) principal: Arc<Principal>,
    pub(crate) tenant: TenantId,
}

impl Caller {
    /// The validated principal.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The tenant the token speaks for (`tid`): the only tenant this caller can read.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    /// The client app id used for throttling (`""` when the token names none).
    pub fn app_id(&self) -> &str {
        self.principal.app_id.as_deref().unwrap_or("")
    }
}

/// The path roots that need a bearer token.
const PROTECTED_ROOTS: [&str; 6] = ["v1.0", "beta", "admin", "export", "insights", "me"];

/// Whether a request path is under a root that needs a bearer token. The first segment is
/// percent-decoded first, as the router's path parameters are.
pub(crate) fn is_protected(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let first = percent_encoding::percent_decode_str(first).decode_utf8_lossy();
    PROTECTED_ROOTS
        .iter()
        .any(|root| root.eq_ignore_ascii_case(&first))
}

/// Middleware: authenticates and throttles every request under a protected root.
pub(crate) async fn guard(
    State(state): State<ApiState>,
    mut request: Request,
    next: Next,
) -> Result<Response, GraphError> {
    if !is_protected(request.uri().path()) {
        return Ok(next.run(request).await);
    }
    let caller = admit(&state, request.headers()).await?;
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

/// Authenticates the request and takes one request from the caller's read bucket.
async fn admit(state: &ApiState, headers: &HeaderMap) -> Result<Caller, GraphError> {
    let caller = authenticate(state, headers).await?;
    state
        .throttles
        .check_read(&caller.tenant, caller.app_id(), state.clock.as_ref())?;
    Ok(caller)
}

/// Validates the bearer token in `headers`.
async fn authenticate(state: &ApiState, headers: &HeaderMap) -> Result<Caller, GraphError> {
    let value = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| auth_error(&AuthError::Malformed))?),
    };
    let token = vigil_auth::bearer_token(value).map_err(|e| auth_error(&e))?;
    let principal = state
        .validator
        .validate(token)
        .await
        .map_err(|e| auth_error(&e))?;
    let tenant = tenant_id(&principal)?;
    Ok(Caller {
        principal: Arc::new(principal),
        tenant,
    })
}

/// The principal's tenant as a store tenant id.
fn tenant_id(principal: &Principal) -> Result<TenantId, GraphError> {
    let text = principal.tenant_id.hyphenated().to_string();
    TenantId::parse(&text).ok_or_else(|| auth_error(&AuthError::InvalidClaim("tid")))
}

/// The 401 for a refused token; its message is safe to show (see `vigil_auth::AuthError`).
fn auth_error(error: &AuthError) -> GraphError {
    tracing::debug!(%error, "bearer token refused");
    GraphError::unauthenticated(error.to_string())
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Caller, GraphError> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = admit(state, &parts.headers).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::is_protected;

    #[test]
    fn protected_roots_ignore_case_and_nothing_else_is_protected() {
        for path in [
            "/v1.0/auditLogs/signIns",
            "/BETA/x",
            "/v1.0",
            "/admin/v1/tenant",
            "//beta/auditLogs",
            "/v1%2E0/auditLogs/signIns",
            "/%62eta/x",
            "/export/v1/feed/SignInLogs",
            "/me/v1/signIns/reports",
            "/EXPORT/nothing",
            "/insights/v1/signIns/summary",
            "/Insights/v1/meta",
            "/INSIGHTS/anything",
        ] {
            assert!(is_protected(path), "{path}");
        }
        for path in [
            "/healthz",
            "/",
            "/.well-known/jwks.json",
            "/ingest/v1/tenants/x/signIns",
            "/v1.0x/a",
            "/v2.0/auditLogs/signIns",
            "/exports/v1/feed/SignInLogs",
            "/insight/v1/signIns/summary",
        ] {
            assert!(!is_protected(path), "{path}");
        }
    }
}
