//! The browser portal.
//!
//! The portal is a small single-page app written as plain ES modules (no build step, no
//! Node toolchain needed to build Vigil) plus a vendored copy of Chart.js, all embedded in
//! the binary ([`assets`]). The app reads every log, aggregate and setting through the same
//! public API any other client uses, with the signed-in user's bearer token, so it can never
//! show more than the API allows that user.
//!
//! This crate serves:
//! - `/` and every page path under `/portal/…` → the app's `index.html` (pages are routed
//!   in the browser, so URLs with their filters in the query string can be shared);
//! - `/portal/assets/{file}` → the embedded assets, with a content-hash `ETag`;
//! - `/portal/api/config` → how to sign in ([`SignInMode`]);
//! - `/portal/api/demo/people` and `POST /portal/api/demo/sign-in` → the demo sign-in,
//!   only when the server runs with demo data ([`DemoSignIn`]);
//! - `/portal/api/columns/{log}` → the single-valued properties of a log, from the field
//!   catalogue, for the Columns dialog and the filter builder ([`columns`]).

mod assets;
pub mod columns;
mod config;
mod demo;
mod error;
mod headers;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub use config::{
    DemoPerson, DemoSession, DemoSignIn, OidcSettings, PortalConfig, RoleInfo, SignInMode,
};
pub use error::PortalError;

/// The portal's routes. They need no token: the app signs in from its own pages and then
/// calls the API with the user's token.
pub fn routes(config: PortalConfig) -> Router {
    let config = Arc::new(config);
    Router::new()
        .route("/", get(assets::index))
        .route("/portal", get(assets::index))
        .route("/portal/", get(assets::index))
        .route("/portal/{*page}", get(assets::index))
        .route("/portal/assets/{*file}", get(assets::asset))
        .route("/portal/api/config", get(config::document))
        .route("/portal/api/demo/people", get(demo::people))
        .route("/portal/api/demo/sign-in", post(demo::sign_in))
        .route("/portal/api/columns/{log}", get(columns::handler))
        .route("/portal/api/{*rest}", get(error::unknown_api))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(config)
}
