//! Ingest authentication: the per-tenant ingest key a producer presents.
//!
//! The key (`vgk_…`, created through the admin API or the CLI) comes in
//! `x-vigil-ingest-key: <key>` or `Authorization: Bearer <key>`; the dedicated header wins
//! when both are sent. It is verified with `ControlStore::verify_ingest_key` for the tenant
//! named in the path, so a key of tenant A never writes into tenant B. Every refusal —
//! missing, malformed, unknown, revoked, another tenant's, or a tenant that does not
//! exist — is the same 401 `InvalidAuthenticationToken` (with `WWW-Authenticate: Bearer`),
//! so a caller learns nothing about which keys or tenants exist. Bearer JWTs are not
//! ingest credentials.

use axum::http::{HeaderMap, HeaderName, header};
use vigil_store::TenantId;
use vigil_tenancy::ControlError;

use crate::error::GraphError;
use crate::{ApiState, blocking};

/// The dedicated ingest-key header.
pub const INGEST_KEY_HEADER: HeaderName = HeaderName::from_static("x-vigil-ingest-key");

const MISSING: &str = "Ingest requires an ingest key: send 'Authorization: Bearer vgk_…' or 'x-vigil-ingest-key: vgk_…'.";
const REJECTED: &str = "The ingest key is invalid, revoked, or not valid for this tenant.";

/// The presented key, if any.
fn presented(headers: &HeaderMap) -> Result<String, GraphError> {
    let text = |value: &axum::http::HeaderValue| {
        value
            .to_str()
            .map(|v| v.trim().to_owned())
            .map_err(|_| GraphError::unauthenticated(REJECTED))
    };
    if let Some(value) = headers.get(&INGEST_KEY_HEADER) {
        let key = text(value)?;
        return if key.is_empty() {
            Err(GraphError::unauthenticated(MISSING))
        } else {
            Ok(key)
        };
    }
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(GraphError::unauthenticated(MISSING));
    };
    let value = text(value)?;
    match vigil_auth::bearer_token(Some(&value)) {
        Ok(token) => Ok(token.to_owned()),
        Err(vigil_auth::AuthError::MissingToken) => Err(GraphError::unauthenticated(MISSING)),
        Err(_) => Err(GraphError::unauthenticated(REJECTED)),
    }
}

/// Verifies the request's ingest key for `tenant`.
pub(crate) async fn verify(
    state: &ApiState,
    tenant: &TenantId,
    headers: &HeaderMap,
) -> Result<(), GraphError> {
    let key = presented(headers)?;
    let control = state.control.clone();
    let tenant = tenant.clone();
    blocking(move || match control.verify_ingest_key(&tenant, &key) {
        Ok(_) => Ok(()),
        Err(ControlError::IngestKeyRejected) => {
            tracing::debug!(%tenant, "ingest key rejected");
            Err(GraphError::unauthenticated(REJECTED))
        }
        Err(other) => Err(GraphError::internal(&other)),
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use axum::http::{HeaderMap, HeaderValue, header};

    use super::{INGEST_KEY_HEADER, presented};

    #[test]
    fn keys_come_from_either_header_and_the_dedicated_one_wins() {
        let mut headers = HeaderMap::new();
        assert!(presented(&headers).is_err());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer vgk_a"),
        );
        assert_eq!(presented(&headers).unwrap(), "vgk_a");
        headers.insert(&INGEST_KEY_HEADER, HeaderValue::from_static(" vgk_b "));
        assert_eq!(presented(&headers).unwrap(), "vgk_b");
        headers.insert(&INGEST_KEY_HEADER, HeaderValue::from_static(""));
        assert!(presented(&headers).is_err());
        let mut basic = HeaderMap::new();
        basic.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic eA=="),
        );
        assert!(presented(&basic).is_err());
    }
}
