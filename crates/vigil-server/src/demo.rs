//! Filling a tenant with the deterministic demo data set.

use serde_json::Value;
use time::OffsetDateTime;
use vigil_ingest::Ingestor;
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::ServerError;

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

/// Generates demo data for `tenant` ending at `end` and ingests it through the normal
/// pipeline (validation included). Idempotent: loading twice stores nothing new.
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
