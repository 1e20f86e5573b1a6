//! Vigil's built-in token issuer, published for validators: the OIDC discovery document at
//! `vigil_auth::DISCOVERY_PATH` and the key set at `vigil_auth::JWKS_PATH`. Both are public
//! (no token needed), as an identity provider's are.
//!
//! The issuer string is the server's public URL, so the discovery document sits at
//! `{issuer}/.well-known/openid-configuration` and names `{issuer}/.well-known/jwks.json`;
//! any OIDC client, `vigil_auth::JwksCache::discover` included, can check Vigil's tokens from
//! the issuer string alone.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::ApiState;

/// `GET /.well-known/openid-configuration`.
pub(crate) async fn openid_configuration(State(state): State<ApiState>) -> Response {
    let document = state.issuer.openid_configuration(state.issuer.issuer());
    public_json(axum::Json(document).into_response())
}

/// `GET /.well-known/jwks.json`.
pub(crate) async fn jwks(State(state): State<ApiState>) -> Response {
    public_json(axum::Json(state.issuer.jwks()).into_response())
}

/// Lets validators cache the documents for a while (keys change only on rotation, which
/// needs a restart).
fn public_json(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
