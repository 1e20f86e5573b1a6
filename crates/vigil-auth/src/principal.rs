//! The validated caller, read from the claims Entra puts in Graph access tokens.
//!
//! | claim | meaning | in [`Principal`] |
//! |---|---|---|
//! | `tid` | tenant the token was issued for (GUID) | `tenant_id` (required) |
//! | `oid` | the user's or service principal's object id (GUID) | `object_id` (required) |
//! | `upn`, else `preferred_username` | sign-in name | `user_principal_name` |
//! | `name` | display name | `display_name` |
//! | `appid` (v1 tokens), else `azp` (v2) | client application id | `app_id` |
//! | `scp` | delegated permissions, space separated | [`Access::Delegated`] |
//! | `roles` | application permissions (app roles) | [`Access::Application`] |
//! | `idtyp` | `app` for app-only tokens | chooses the [`Access`] kind |
//! | `wids` | directory role template ids | `directory_roles` |
//!
//! A token is app-only when `idtyp` is `app` or when it has no `scp` claim; otherwise it is
//! delegated and its `roles` are ignored. `wids` entries that are not GUIDs are ignored.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AuthError;
use crate::permissions::Permission;
use crate::roles::DirectoryRole;

/// Whose authority a token carries and which permissions come with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// A user signed in to a client app: the app acts with the user's rights, limited to
    /// these delegated permissions (`scp`).
    Delegated {
        /// Permission values from `scp`, as written in the token.
        scopes: BTreeSet<String>,
    },
    /// An app acting as itself (client credentials): its application permissions (`roles`).
    Application {
        /// Permission values from `roles`, as written in the token.
        roles: BTreeSet<String>,
    },
}

/// A caller whose token passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The tenant the token speaks for (`tid`).
    pub tenant_id: Uuid,
    /// The user's or service principal's object id (`oid`).
    pub object_id: Uuid,
    /// `upn`, or `preferred_username` when there is no `upn`.
    pub user_principal_name: Option<String>,
    /// `name`.
    pub display_name: Option<String>,
    /// The client application id: `appid`, or `azp` when there is no `appid`.
    pub app_id: Option<String>,
    /// Delegated scopes or application roles.
    pub access: Access,
    /// Directory role template ids (`wids`).
    pub directory_roles: BTreeSet<Uuid>,
    /// The `iss` the token was validated against.
    pub issuer: String,
}

impl Principal {
    /// Whether the token is app-only.
    pub fn is_app_only(&self) -> bool {
        matches!(self.access, Access::Application { .. })
    }

    /// Whether the token grants `permission` in its own form: a delegated scope for delegated
    /// tokens, an application role for app-only tokens. Compared ignoring ASCII case.
    pub fn has_permission(&self, permission: Permission) -> bool {
        let granted = match &self.access {
            Access::Delegated { scopes } => scopes,
            Access::Application { roles } => roles,
        };
        granted
            .iter()
            .any(|value| value.eq_ignore_ascii_case(permission.name()))
    }

    /// Whether `wids` holds this role's template id.
    pub fn has_role(&self, role: DirectoryRole) -> bool {
        self.directory_roles.contains(&role.template_id())
    }

    /// Builds the principal from a verified token's claims.
    pub(crate) fn from_claims(
        claims: &Map<String, Value>,
        issuer: &str,
    ) -> Result<Principal, AuthError> {
        let tenant_id = required_guid(claims, "tid")?;
        let object_id = required_guid(claims, "oid")?;
        let user_principal_name =
            optional_string(claims, "upn")?.or(optional_string(claims, "preferred_username")?);
        let display_name = optional_string(claims, "name")?;
        let app_id = optional_string(claims, "appid")?.or(optional_string(claims, "azp")?);
        let scp = optional_string(claims, "scp")?;
        let app_only =
            optional_string(claims, "idtyp")?.is_some_and(|t| t.eq_ignore_ascii_case("app"));
        let access = match scp {
            Some(scp) if !app_only => Access::Delegated {
                scopes: scp.split_whitespace().map(str::to_owned).collect(),
            },
            _ => Access::Application {
                roles: string_list(claims, "roles")?.into_iter().collect(),
            },
        };
        let directory_roles = string_list(claims, "wids")?
            .iter()
            .filter_map(|w| Uuid::parse_str(w).ok())
            .collect();
        Ok(Principal {
            tenant_id,
            object_id,
            user_principal_name,
            display_name,
            app_id,
            access,
            directory_roles,
            issuer: issuer.to_owned(),
        })
    }
}

fn required_guid(claims: &Map<String, Value>, name: &'static str) -> Result<Uuid, AuthError> {
    let text = optional_string(claims, name)?.ok_or(AuthError::MissingClaim(name))?;
    Uuid::parse_str(&text).map_err(|_| AuthError::InvalidClaim(name))
}

fn optional_string(
    claims: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, AuthError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(AuthError::InvalidClaim(name)),
    }
}

fn string_list(claims: &Map<String, Value>, name: &'static str) -> Result<Vec<String>, AuthError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                _ => Err(AuthError::InvalidClaim(name)),
            })
            .collect(),
        Some(_) => Err(AuthError::InvalidClaim(name)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use serde_json::{Map, Value, json};

    use super::{Access, Principal};
    use crate::error::AuthError;
    use crate::permissions::Permission;
    use crate::roles::DirectoryRole;

    const TID: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    const OID: &str = "11111111-2222-3333-4444-555555555555";

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn delegated_token() {
        let p = Principal::from_claims(
            &claims(json!({
                "tid": TID, "oid": OID, "preferred_username": "adele@contoso.com",
                "azp": "app", "scp": "AuditLog.Read.All  directory.read.all",
                "roles": ["AuditLog.Read.All"],
                "wids": [DirectoryRole::ReportsReader.template_id().to_string(), "not-a-guid"],
            })),
            "iss",
        )
        .unwrap();
        assert!(!p.is_app_only());
        assert_eq!(p.user_principal_name.as_deref(), Some("adele@contoso.com"));
        assert_eq!(p.app_id.as_deref(), Some("app"));
        assert!(p.has_permission(Permission::DirectoryReadAll));
        assert!(p.has_permission(Permission::AuditLogReadAll));
        assert!(!p.has_permission(Permission::PolicyReadAll));
        assert!(p.has_role(DirectoryRole::ReportsReader));
        assert_eq!(p.directory_roles.len(), 1);
    }

    #[test]
    fn app_only_when_idtyp_is_app_or_scp_is_missing() {
        for extra in [
            json!({"idtyp": "app", "scp": "AuditLog.Read.All"}),
            json!({}),
        ] {
            let mut map = claims(json!({"tid": TID, "oid": OID, "roles": ["AuditLog.Read.All"]}));
            map.extend(claims(extra));
            let p = Principal::from_claims(&map, "iss").unwrap();
            assert!(p.is_app_only());
            assert_eq!(
                p.access,
                Access::Application {
                    roles: ["AuditLog.Read.All".to_owned()].into()
                }
            );
        }
    }

    #[test]
    fn bad_claims_are_named() {
        let no_tid = Principal::from_claims(&claims(json!({"oid": OID})), "iss");
        assert!(matches!(no_tid, Err(AuthError::MissingClaim("tid"))));
        let bad_oid = Principal::from_claims(&claims(json!({"tid": TID, "oid": "x"})), "iss");
        assert!(matches!(bad_oid, Err(AuthError::InvalidClaim("oid"))));
        let bad_roles = Principal::from_claims(
            &claims(json!({"tid": TID, "oid": OID, "roles": "AuditLog.Read.All"})),
            "iss",
        );
        assert!(matches!(bad_roles, Err(AuthError::InvalidClaim("roles"))));
    }
}
