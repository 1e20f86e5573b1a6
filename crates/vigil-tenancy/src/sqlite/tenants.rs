//! The `tenants` table.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;
use vigil_store::TenantId;

use crate::error::ControlError;
use crate::read_audit::{from_unix_nanos, unix_nanos};
use crate::tenant::{Tenant, normalize_name};
use vigil_model::LicenseTier;

const COLUMNS: &str = "tenant_id, display_name, license, created_ns";

type Row = (String, String, String, i64);

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn to_tenant((id, display_name, license, created_ns): Row) -> Result<Tenant, ControlError> {
    Ok(Tenant {
        id: parse_tenant_id(&id)?,
        display_name,
        license: license
            .parse()
            .map_err(|e: crate::ParseLicenseTierError| ControlError::Corrupt(e.to_string()))?,
        created: from_unix_nanos(created_ns)?,
    })
}

pub(crate) fn parse_tenant_id(text: &str) -> Result<TenantId, ControlError> {
    TenantId::parse(text).ok_or_else(|| ControlError::Corrupt(format!("tenant id {text:?}")))
}

pub(crate) fn create(
    conn: &Connection,
    id: &TenantId,
    display_name: &str,
    license: LicenseTier,
    now: OffsetDateTime,
) -> Result<Tenant, ControlError> {
    let display_name = normalize_name("display name", display_name)?;
    let inserted = conn.execute(
        "INSERT INTO tenants (tenant_id, display_name, license, created_ns) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id) DO NOTHING",
        params![
            id.as_str(),
            display_name,
            license.as_str(),
            unix_nanos("time", now)?
        ],
    )?;
    if inserted == 0 {
        return Err(ControlError::TenantExists(id.clone()));
    }
    get(conn, id)?.ok_or_else(|| ControlError::TenantNotFound(id.clone()))
}

pub(crate) fn get(conn: &Connection, id: &TenantId) -> Result<Option<Tenant>, ControlError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tenants WHERE tenant_id = ?1"
    ))?
    .query_row([id.as_str()], read_row)
    .optional()?
    .map(to_tenant)
    .transpose()
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Tenant>, ControlError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tenants ORDER BY created_ns, tenant_id"
    ))?;
    let rows = stmt.query_map([], read_row)?;
    rows.map(|row| to_tenant(row?)).collect()
}

pub(crate) fn set_license(
    conn: &Connection,
    id: &TenantId,
    license: LicenseTier,
) -> Result<Tenant, ControlError> {
    let changed = conn.execute(
        "UPDATE tenants SET license = ?2 WHERE tenant_id = ?1",
        params![id.as_str(), license.as_str()],
    )?;
    if changed == 0 {
        return Err(ControlError::TenantNotFound(id.clone()));
    }
    get(conn, id)?.ok_or_else(|| ControlError::TenantNotFound(id.clone()))
}

/// The tenant's license, or `TenantNotFound`.
pub(crate) fn license_of(conn: &Connection, id: &TenantId) -> Result<LicenseTier, ControlError> {
    get(conn, id)?
        .map(|t| t.license)
        .ok_or_else(|| ControlError::TenantNotFound(id.clone()))
}
