//! The demo tenant: provisioning it in the control store, filling it with the deterministic
//! demo data set, and a token for its administrator.
//!
//! The demo tenant (`vigil_demo::DEMO_TENANT_ID`) is provisioned as P2 named
//! "Contoso (demo)", so every log, sign-ins and provisioning included, is readable. Its
//! administrator token is for [`DEMO_ADMIN_UPN`], a UPN that is not one of the generated
//! people: the demo directory's admins are seed-dependent and not exported by `vigil-demo`,
//! and with Global Administrator the token sees every record anyway.

use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;
use vigil_auth::{DirectoryRole, Permission, UserToken};
use vigil_ingest::Ingestor;
use vigil_model::{LicenseTier, LogKind};
use vigil_store::TenantId;
use vigil_tenancy::Tenant;

use crate::{Server, ServerError};

/// Display name of the demo tenant in the control store.
pub const DEMO_TENANT_NAME: &str = "Contoso (demo)";
/// The user the demo administrator token is issued for.
pub const DEMO_ADMIN_UPN: &str = "admin@contoso.com";
/// Lifetime of the demo administrator token.
const DEMO_ADMIN_TOKEN_HOURS: i64 = 12;

/// What was loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Sign-ins stored.
    pub sign_ins: usize,
    /// Directory audits stored.
    pub directory_audits: usize,
    /// Provisioning records stored.
    pub provisioning: usize,
    /// Custom security attribute audits stored.
    pub custom_security_attribute_audits: usize,
}

impl Server {
    /// Provisions the demo tenant as P2 "Contoso (demo)" if it does not exist yet (an
    /// existing tenant is left as it is).
    pub fn ensure_demo_tenant(&self) -> Result<Tenant, ServerError> {
        self.ensure_tenant_for_demo(&demo_tenant_id()?)
    }

    /// Provisions `tenant` for demo data: the demo tenant as [`Server::ensure_demo_tenant`]
    /// does, any other as P2 named "Demo tenant"; existing tenants are left as they are.
    pub fn ensure_tenant_for_demo(&self, tenant: &TenantId) -> Result<Tenant, ServerError> {
        let name = if tenant.as_str() == vigil_demo::DEMO_TENANT_ID {
            DEMO_TENANT_NAME
        } else {
            "Demo tenant"
        };
        Ok(self
            .control()
            .ensure_tenant(tenant, name, LicenseTier::P2)?)
    }

    /// A delegated token for the demo tenant's administrator ([`DEMO_ADMIN_UPN`]): Global
    /// Administrator, Attribute Log Reader and Reports Reader, with the audit-log, directory
    /// and custom-security-attribute-audit scopes, valid for 12 hours — enough to read every
    /// log and use the admin API. For `serve --demo` to print.
    pub fn demo_admin_token(&self) -> Result<String, ServerError> {
        let tenant = Uuid::parse_str(vigil_demo::DEMO_TENANT_ID)
            .map_err(|e| ServerError::Demo(e.to_string()))?;
        let request = UserToken {
            display_name: Some("Contoso Admin (demo)".to_owned()),
            scopes: vec![
                Permission::AuditLogReadAll,
                Permission::DirectoryReadAll,
                Permission::CustomSecAttributeAuditLogsReadAll,
            ],
            roles: vec![
                DirectoryRole::GlobalAdministrator,
                DirectoryRole::AttributeLogReader,
                DirectoryRole::ReportsReader,
            ],
            lifetime: Some(time::Duration::hours(DEMO_ADMIN_TOKEN_HOURS)),
            ..UserToken::new(tenant, DEMO_ADMIN_UPN)
        };
        self.issue_token(&request.into())
    }

    /// Provisions `tenant` ([`Server::ensure_tenant_for_demo`]) and loads the demo data set
    /// into it ([`load_demo`]).
    pub fn load_demo(
        &self,
        tenant: &TenantId,
        seed: u64,
        days: u32,
        end: OffsetDateTime,
    ) -> Result<DemoSummary, ServerError> {
        self.ensure_tenant_for_demo(tenant)?;
        load_demo(self.ingestor(), tenant, seed, days, end)
    }
}

/// The name [`Server::ensure_tenant_for_demo`] gives `tenant` when it provisions it.
pub(crate) fn default_tenant_name(tenant: &TenantId) -> Option<String> {
    Some(if tenant.as_str() == vigil_demo::DEMO_TENANT_ID {
        DEMO_TENANT_NAME.to_owned()
    } else {
        "Demo tenant".to_owned()
    })
}

fn demo_tenant_id() -> Result<TenantId, ServerError> {
    TenantId::parse(vigil_demo::DEMO_TENANT_ID)
        .ok_or_else(|| ServerError::Demo("the demo tenant id is not a GUID".to_owned()))
}

/// Generates demo data for `tenant` ending at `end` and ingests it through the normal
/// pipeline (validation included). Idempotent: loading twice stores nothing new. Does not
/// provision the tenant in the control store; [`Server::load_demo`] does both.
pub fn load_demo(
    ingestor: &Ingestor,
    tenant: &TenantId,
    seed: u64,
    days: u32,
    end: OffsetDateTime,
) -> Result<DemoSummary, ServerError> {
    let mut config = vigil_demo::DemoConfig::new(seed, days, end);
    config.tenant_id = tenant.as_str().to_owned();
    let data = vigil_demo::generate(&config);
    Ok(DemoSummary {
        sign_ins: ingest_all(ingestor, tenant, LogKind::SignIn, data.sign_ins)?,
        directory_audits: ingest_all(
            ingestor,
            tenant,
            LogKind::DirectoryAudit,
            data.directory_audits,
        )?,
        provisioning: ingest_all(ingestor, tenant, LogKind::Provisioning, data.provisioning)?,
        custom_security_attribute_audits: ingest_all(
            ingestor,
            tenant,
            LogKind::CustomSecurityAttributeAudit,
            data.custom_security_attribute_audits,
        )?,
    })
}

fn ingest_all(
    ingestor: &Ingestor,
    tenant: &TenantId,
    kind: LogKind,
    records: Vec<Value>,
) -> Result<usize, ServerError> {
    let batch = ingestor.limits().max_records.clamp(1, 20_000);
    let mut stored = 0;
    let mut rest = records;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(batch));
        let report = ingestor
            .ingest_values(tenant, kind, rest)
            .map_err(|e| ServerError::Demo(format!("{kind}: {e}")))?;
        stored += report.stored;
        rest = tail;
    }
    Ok(stored)
}
