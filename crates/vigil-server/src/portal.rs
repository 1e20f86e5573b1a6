//! The portal's server side: how people sign in ([`PortalSignIn`]), the demo sign-in over
//! the demo directory's people, and the role table the app uses to name `wids`.

use std::sync::Arc;

use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use vigil_auth::{Access, DirectoryRole, Principal, UserToken, VigilIssuer};
use vigil_model::clock::Clock;
use vigil_model::{LicenseTier, LogKind};
use vigil_portal::{
    DemoPerson, DemoSession, DemoSignIn, OidcSettings, PortalConfig, PortalError, RoleInfo,
    SignInMode,
};
use vigil_store::TenantId;

/// How the portal signs people in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PortalSignIn {
    /// No interactive sign-in: the portal asks for a bearer token to paste.
    #[default]
    Token,
    /// Pick a person of the demo directory of `tenant` and a role (`serve --demo`).
    Demo {
        /// The tenant the demo data was loaded into.
        tenant: TenantId,
    },
    /// OpenID Connect (authorization code + PKCE) against an external issuer.
    Oidc(OidcSettings),
}

/// Lifetime of a demo portal token.
const DEMO_TOKEN_HOURS: i64 = 8;
/// The demo data's seed and length, as `serve --demo` loads it.
const DEMO_SEED: u64 = 1;
const DEMO_DAYS: u32 = 30;

/// The demo sign-in: the roster of the demo directory, tokens from the built-in issuer.
struct DemoPortal {
    tenant: Uuid,
    issuer: Arc<VigilIssuer>,
    clock: Arc<dyn Clock>,
    people: Vec<vigil_demo::DemoPerson>,
}

impl DemoSignIn for DemoPortal {
    fn people(&self) -> Vec<DemoPerson> {
        self.people
            .iter()
            .map(|p| DemoPerson {
                id: p.id.clone(),
                display_name: p.display_name.clone(),
                user_principal_name: p.user_principal_name.clone(),
                department: p.department.to_owned(),
                job_title: p.job_title.to_owned(),
                roles: p.roles.iter().map(|r| (*r).to_owned()).collect(),
            })
            .collect()
    }

    fn roles(&self) -> Vec<String> {
        DirectoryRole::ALL
            .iter()
            .map(|r| r.display_name().to_owned())
            .collect()
    }

    fn sign_in(&self, person: &str, role: Option<&str>) -> Result<DemoSession, PortalError> {
        let Some(who) = self.people.iter().find(|p| p.id == person) else {
            return Err(PortalError::BadRequest(format!(
                "There is no demo person with the id '{person}'."
            )));
        };
        let object_id = Uuid::parse_str(&who.id)
            .map_err(|e| PortalError::Internal(format!("demo person id: {e}")))?;
        let roles = match role {
            None => Vec::new(),
            Some(name) => vec![DirectoryRole::from_display_name(name).ok_or_else(|| {
                PortalError::BadRequest(format!("There is no directory role named '{name}'."))
            })?],
        };
        let lifetime = time::Duration::hours(DEMO_TOKEN_HOURS);
        let request = UserToken {
            object_id: Some(object_id),
            display_name: Some(who.display_name.clone()),
            scopes: UserToken::default_scopes(&roles),
            roles,
            lifetime: Some(lifetime),
            ..UserToken::new(self.tenant, who.user_principal_name.clone())
        };
        let access_token = self
            .issuer
            .issue(&request.into())
            .map_err(|e| PortalError::Internal(e.to_string()))?;
        let expires_on = (self.clock.now() + lifetime)
            .format(&Rfc3339)
            .unwrap_or_default();
        Ok(DemoSession {
            access_token,
            expires_on,
        })
    }
}

/// The logs a portal session with `role` reads in full (at P2), by asking the access policy
/// itself.
fn readable_logs(role: DirectoryRole) -> Vec<LogKind> {
    let principal = Principal {
        tenant_id: Uuid::nil(),
        object_id: Uuid::nil(),
        user_principal_name: None,
        display_name: None,
        app_id: None,
        access: Access::Delegated {
            scopes: UserToken::default_scopes(&[role])
                .iter()
                .map(|p| p.name().to_owned())
                .collect(),
        },
        directory_roles: std::iter::once(role.template_id()).collect(),
        issuer: String::new(),
    };
    LogKind::ALL
        .into_iter()
        .filter(|&kind| {
            matches!(
                vigil_auth::authorize(&principal, kind, LicenseTier::P2),
                vigil_auth::Decision::Allow(vigil_auth::AccessScope::All)
            )
        })
        .collect()
}

/// Every role the server knows, for the portal's configuration document.
fn role_table() -> Vec<RoleInfo> {
    DirectoryRole::ALL
        .iter()
        .map(|&role| {
            let reads = readable_logs(role);
            RoleInfo {
                name: role.display_name().to_owned(),
                template_id: role.template_id().hyphenated().to_string(),
                reads_logs: !reads.is_empty(),
                reads: reads.iter().map(|k| k.collection().to_owned()).collect(),
                manages_settings: vigil_api::manages_diagnostic_settings(role),
            }
        })
        .collect()
}

/// The portal's configuration for `sign_in`.
pub(crate) fn portal_config(
    sign_in: &PortalSignIn,
    issuer: &Arc<VigilIssuer>,
    clock: &Arc<dyn Clock>,
    tenant_name: Option<String>,
) -> Result<PortalConfig, crate::ServerError> {
    let mode = match sign_in {
        PortalSignIn::Token => SignInMode::Token,
        PortalSignIn::Oidc(settings) => SignInMode::Oidc(settings.clone()),
        PortalSignIn::Demo { tenant } => {
            let tenant_uuid = Uuid::parse_str(tenant.as_str())
                .map_err(|e| crate::ServerError::Demo(format!("tenant id: {e}")))?;
            let mut demo = vigil_demo::DemoConfig::new(DEMO_SEED, DEMO_DAYS, clock.now());
            tenant.as_str().clone_into(&mut demo.tenant_id);
            SignInMode::Demo(Arc::new(DemoPortal {
                tenant: tenant_uuid,
                issuer: issuer.clone(),
                clock: clock.clone(),
                people: vigil_demo::roster(&demo),
            }))
        }
    };
    Ok(PortalConfig {
        sign_in: mode,
        tenant_name,
        roles: role_table(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_reading_roles_come_from_the_policy() {
        assert!(readable_logs(DirectoryRole::ReportsReader).contains(&LogKind::SignIn));
        assert!(
            !readable_logs(DirectoryRole::GlobalAdministrator)
                .contains(&LogKind::CustomSecurityAttributeAudit)
        );
        assert_eq!(
            readable_logs(DirectoryRole::AttributeLogReader),
            [LogKind::CustomSecurityAttributeAudit]
        );
        assert!(readable_logs(DirectoryRole::ConditionalAccessAdministrator).is_empty());
        let table = role_table();
        let settings: Vec<_> = table
            .iter()
            .filter(|r| r.manages_settings)
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(settings, ["Global Administrator", "Security Administrator"]);
    }
}
