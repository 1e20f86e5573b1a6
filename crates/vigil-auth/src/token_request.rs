//! What to put in a token minted by Vigil's own issuer ([`crate::VigilIssuer::issue`]).
//!
//! Build one with [`UserToken::new`] or [`AppToken::new`] and adjust the public fields with
//! struct-update syntax:
//!
//! ```
//! # use vigil_auth::{DirectoryRole, TokenRequest, UserToken};
//! # let tenant = uuid::Uuid::nil();
//! let request: TokenRequest = UserToken {
//!     roles: vec![DirectoryRole::ReportsReader],
//!     ..UserToken::new(tenant, "adele@contoso.com")
//! }
//! .into();
//! ```
//!
//! Object ids default to a name-based (v5) UUID of the tenant and the lower-cased UPN (or
//! the app id), so the same user always gets the same `oid`.

use time::Duration;
use uuid::Uuid;

use crate::permissions::Permission;
use crate::roles::DirectoryRole;
use crate::validate::GRAPH_AUDIENCES;

/// The `appid` Vigil puts in delegated tokens it mints: its command-line client.
pub const VIGIL_CLI_APP_ID: Uuid = Uuid::from_u128(0x5ceafaa8_c243_45e7_856e_e64966bb7013);

/// Namespace of the default object ids.
const OBJECT_ID_NAMESPACE: Uuid = Uuid::from_u128(0x3a760042_398d_4eaf_83cb_12ae4d3e97fb);

/// A delegated token: a user signed in to Vigil's CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserToken {
    /// `tid`.
    pub tenant_id: Uuid,
    /// `upn` and `preferred_username`.
    pub user_principal_name: String,
    /// `oid`; derived from tenant and UPN when `None`.
    pub object_id: Option<Uuid>,
    /// `name`; the UPN when `None`.
    pub display_name: Option<String>,
    /// `scp`. Default: `AuditLog.Read.All Directory.Read.All`.
    pub scopes: Vec<Permission>,
    /// `wids`, as role template ids. Default: none.
    pub roles: Vec<DirectoryRole>,
    /// `aud`. Default: `https://graph.microsoft.com`.
    pub audience: String,
    /// Lifetime; the issuer's default when `None`.
    pub lifetime: Option<Duration>,
}

impl UserToken {
    /// A user token with the defaults listed on the fields.
    pub fn new(tenant_id: Uuid, user_principal_name: impl Into<String>) -> UserToken {
        UserToken {
            tenant_id,
            user_principal_name: user_principal_name.into(),
            object_id: None,
            display_name: None,
            scopes: vec![Permission::AuditLogReadAll, Permission::DirectoryReadAll],
            roles: Vec::new(),
            audience: GRAPH_AUDIENCES[0].to_owned(),
            lifetime: None,
        }
    }

    /// The delegated scopes a user token for `roles` gets when none are chosen:
    /// AuditLog.Read.All and Directory.Read.All, plus CustomSecAttributeAuditLogs.Read.All for
    /// the Attribute Log roles (what the CLI's `vigil token` and the portal's demo sign-in use).
    pub fn default_scopes(roles: &[DirectoryRole]) -> Vec<Permission> {
        let mut scopes = vec![Permission::AuditLogReadAll, Permission::DirectoryReadAll];
        if roles.iter().any(|r| {
            matches!(
                r,
                DirectoryRole::AttributeLogReader | DirectoryRole::AttributeLogAdministrator
            )
        }) {
            scopes.push(Permission::CustomSecAttributeAuditLogsReadAll);
        }
        scopes
    }

    /// The `oid` the token will carry.
    pub fn resolved_object_id(&self) -> Uuid {
        self.object_id.unwrap_or_else(|| {
            let name = format!(
                "user:{}:{}",
                self.tenant_id,
                self.user_principal_name.to_lowercase()
            );
            Uuid::new_v5(&OBJECT_ID_NAMESPACE, name.as_bytes())
        })
    }
}

/// An app-only token: a service principal using client credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppToken {
    /// `tid`.
    pub tenant_id: Uuid,
    /// `appid` (and `azp`).
    pub app_id: Uuid,
    /// `oid` of the service principal; derived from tenant and app id when `None`.
    pub object_id: Option<Uuid>,
    /// `roles` (application permissions). Default: `AuditLog.Read.All`.
    pub permissions: Vec<Permission>,
    /// `aud`. Default: `https://graph.microsoft.com`.
    pub audience: String,
    /// Lifetime; the issuer's default when `None`.
    pub lifetime: Option<Duration>,
}

impl AppToken {
    /// An app-only token with the defaults listed on the fields.
    pub fn new(tenant_id: Uuid, app_id: Uuid) -> AppToken {
        AppToken {
            tenant_id,
            app_id,
            object_id: None,
            permissions: vec![Permission::AuditLogReadAll],
            audience: GRAPH_AUDIENCES[0].to_owned(),
            lifetime: None,
        }
    }

    /// The `oid` the token will carry.
    pub fn resolved_object_id(&self) -> Uuid {
        self.object_id.unwrap_or_else(|| {
            let name = format!("app:{}:{}", self.tenant_id, self.app_id);
            Uuid::new_v5(&OBJECT_ID_NAMESPACE, name.as_bytes())
        })
    }
}

/// A token to mint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenRequest {
    /// Delegated.
    User(UserToken),
    /// App-only.
    App(AppToken),
}

impl From<UserToken> for TokenRequest {
    fn from(token: UserToken) -> TokenRequest {
        TokenRequest::User(token)
    }
}

impl From<AppToken> for TokenRequest {
    fn from(token: AppToken) -> TokenRequest {
        TokenRequest::App(token)
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::{AppToken, UserToken};

    #[test]
    fn default_object_ids_are_stable_and_distinct() {
        let tenant = Uuid::from_u128(1);
        let a = UserToken::new(tenant, "Adele@Contoso.com").resolved_object_id();
        assert_eq!(
            a,
            UserToken::new(tenant, "adele@contoso.com").resolved_object_id()
        );
        assert_ne!(
            a,
            UserToken::new(Uuid::from_u128(2), "adele@contoso.com").resolved_object_id()
        );
        assert_ne!(
            a,
            UserToken::new(tenant, "megan@contoso.com").resolved_object_id()
        );
        let app = AppToken::new(tenant, Uuid::from_u128(3));
        assert_ne!(app.resolved_object_id(), a);
        let given = Uuid::from_u128(9);
        assert_eq!(
            AppToken {
                object_id: Some(given),
                ..app
            }
            .resolved_object_id(),
            given
        );
    }
}
