//! The `retention_overrides` table.

use rusqlite::{Connection, TransactionBehavior, params};
use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::TenantId;

use super::tenants::license_of;
use crate::error::ControlError;
use crate::read_audit::unix_nanos;
use crate::retention::{RetentionSetting, check_export_hold, check_override};

pub(crate) fn set_override(
    conn: &mut Connection,
    tenant: &TenantId,
    kind: LogKind,
    days: Option<u32>,
    now: OffsetDateTime,
) -> Result<RetentionSetting, ControlError> {
    let days = days.map(check_override).transpose()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let license = license_of(&tx, tenant)?;
    match days {
        Some(days) => tx.execute(
            "INSERT INTO retention_overrides (tenant_id, log_kind, days, updated_ns)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (tenant_id, log_kind)
             DO UPDATE SET days = excluded.days, updated_ns = excluded.updated_ns",
            params![tenant.as_str(), kind.code(), days, unix_nanos("time", now)?],
        )?,
        None => tx.execute(
            "DELETE FROM retention_overrides WHERE tenant_id = ?1 AND log_kind = ?2",
            params![tenant.as_str(), kind.code()],
        )?,
    };
    tx.commit()?;
    Ok(RetentionSetting::resolve(license, kind, days))
}

pub(crate) fn overrides(
    conn: &Connection,
    tenant: &TenantId,
) -> Result<Vec<(LogKind, u32)>, ControlError> {
    let mut stmt =
        conn.prepare_cached("SELECT log_kind, days FROM retention_overrides WHERE tenant_id = ?1")?;
    let rows = stmt.query_map([tenant.as_str()], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
    })?;
    rows.map(|row| {
        let (code, days) = row?;
        let kind = LogKind::from_code(code)
            .ok_or_else(|| ControlError::Corrupt(format!("log kind code {code}")))?;
        let days = u32::try_from(days)
            .map_err(|_| ControlError::Corrupt(format!("retention of {days} days")))?;
        Ok((kind, days))
    })
    .collect()
}

pub(crate) fn set_export_hold(
    conn: &mut Connection,
    tenant: &TenantId,
    days: Option<u32>,
    now: OffsetDateTime,
) -> Result<Option<u32>, ControlError> {
    let days = days.map(check_export_hold).transpose()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    license_of(&tx, tenant)?;
    match days {
        Some(days) => tx.execute(
            "INSERT INTO export_hold (tenant_id, days, updated_ns) VALUES (?1, ?2, ?3)
             ON CONFLICT (tenant_id) DO UPDATE SET days = excluded.days, updated_ns = excluded.updated_ns",
            params![tenant.as_str(), days, unix_nanos("time", now)?],
        )?,
        None => tx.execute(
            "DELETE FROM export_hold WHERE tenant_id = ?1",
            params![tenant.as_str()],
        )?,
    };
    tx.commit()?;
    Ok(days)
}

pub(crate) fn export_hold(
    conn: &Connection,
    tenant: &TenantId,
) -> Result<Option<u32>, ControlError> {
    let mut stmt = conn.prepare_cached("SELECT days FROM export_hold WHERE tenant_id = ?1")?;
    let mut rows = stmt.query([tenant.as_str()])?;
    match rows.next()? {
        None => Ok(None),
        Some(row) => {
            let days: i64 = row.get(0)?;
            u32::try_from(days)
                .map(Some)
                .map_err(|_| ControlError::Corrupt(format!("export hold of {days} days")))
        }
    }
}
