//! The demo sign-in endpoints. They exist only when the server runs with demo data; any
//! other mode answers 404, so a production portal never mints tokens.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{DemoSession, DemoSignIn, PortalConfig, PortalError, SignInMode};

fn demo(config: &PortalConfig) -> Result<&Arc<dyn DemoSignIn>, PortalError> {
    match &config.sign_in {
        SignInMode::Demo(demo) => Ok(demo),
        _ => Err(PortalError::NotFound(
            "The demo sign-in is only available when Vigil serves demo data.".to_owned(),
        )),
    }
}

/// `GET /portal/api/demo/people`.
pub(crate) async fn people(
    State(config): State<Arc<PortalConfig>>,
) -> Result<Json<Value>, PortalError> {
    let demo = demo(&config)?;
    Ok(Json(json!({"value": demo.people(), "roles": demo.roles()})))
}

/// The body of `POST /portal/api/demo/sign-in`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SignInRequest {
    /// Object id of the person.
    person: String,
    /// A role's display name; absent, null or empty for none.
    #[serde(default)]
    role: Option<String>,
}

/// `POST /portal/api/demo/sign-in`.
pub(crate) async fn sign_in(
    State(config): State<Arc<PortalConfig>>,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Json<DemoSession>, PortalError> {
    let demo = demo(&config)?.clone();
    let Json(request) = body.map_err(|e| PortalError::BadRequest(e.body_text()))?;
    let role = request.role.as_deref().filter(|r| !r.is_empty());
    Ok(Json(demo.sign_in(&request.person, role)?))
}
