//! How the portal signs people in, and the document that tells the app.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::{Value, json};

use crate::PortalError;

/// What the portal serves with.
#[derive(Clone)]
pub struct PortalConfig {
    /// How people sign in.
    pub sign_in: SignInMode,
    /// The tenant the portal is for, shown on the sign-in page (tokens decide what is read).
    pub tenant_name: Option<String>,
    /// The directory roles the server knows, so the app can name a token's `wids` and
    /// offer the pages they open (the API still decides every read).
    pub roles: Vec<RoleInfo>,
}

/// A directory role as the app needs to know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleInfo {
    /// Display name.
    pub name: String,
    /// Role template id (what tokens carry in `wids`).
    pub template_id: String,
    /// Whether the role reads at least one activity log in full.
    pub reads_logs: bool,
    /// The logs the role reads in full, by Graph collection name (`signIns`, …).
    pub reads: Vec<String>,
    /// Whether the role manages diagnostic settings.
    pub manages_settings: bool,
}

/// How people sign in to the portal.
#[derive(Clone)]
pub enum SignInMode {
    /// Demo data: pick one of the demo directory's people and a role; the server mints
    /// the token.
    Demo(Arc<dyn DemoSignIn>),
    /// OpenID Connect, authorization code with PKCE, against an external issuer.
    Oidc(OidcSettings),
    /// No interactive sign-in configured: the app asks for a bearer token to paste.
    Token,
}

/// An OpenID Connect client registration for the portal (a public client: no secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcSettings {
    /// Issuer URL; its `/.well-known/openid-configuration` names the endpoints.
    pub issuer: String,
    /// The portal's client id at that issuer.
    pub client_id: String,
    /// Space-separated scopes to ask for (`openid` is always added).
    pub scopes: String,
}

/// One person the demo sign-in offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoPerson {
    /// Object id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// User principal name.
    pub user_principal_name: String,
    /// Department.
    pub department: String,
    /// Job title.
    pub job_title: String,
    /// The roles the demo directory gives them (display names).
    pub roles: Vec<String>,
}

/// A signed-in demo session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoSession {
    /// The bearer token for the API.
    pub access_token: String,
    /// When it expires (RFC 3339).
    pub expires_on: String,
}

/// The server side of the demo sign-in: who can be picked, with which roles, and a token
/// for the pick.
pub trait DemoSignIn: Send + Sync {
    /// The people on offer.
    fn people(&self) -> Vec<DemoPerson>;
    /// The directory roles on offer (display names).
    fn roles(&self) -> Vec<String>;
    /// A token for `person` holding `role` (none: an ordinary user).
    fn sign_in(&self, person: &str, role: Option<&str>) -> Result<DemoSession, PortalError>;
}

/// `GET /portal/api/config`.
pub(crate) async fn document(State(config): State<Arc<PortalConfig>>) -> Json<Value> {
    let sign_in = match &config.sign_in {
        SignInMode::Demo(demo) => json!({"mode": "demo", "roles": demo.roles()}),
        SignInMode::Oidc(oidc) => json!({
            "mode": "oidc",
            "issuer": oidc.issuer,
            "clientId": oidc.client_id,
            "scopes": oidc.scopes,
        }),
        SignInMode::Token => json!({"mode": "token"}),
    };
    Json(json!({
        "signIn": sign_in,
        "tenantName": config.tenant_name,
        "roles": config.roles,
        "version": env!("CARGO_PKG_VERSION"),
    }))
}
