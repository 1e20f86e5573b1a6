//! The `diagnostic_settings` table: the redacted JSON in `body`, the secrets sealed in
//! `secrets`.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;
use vigil_store::TenantId;

use super::tenants::license_of;
use crate::diagnostic_settings::{DiagnosticSetting, MAX_DIAGNOSTIC_SETTINGS};
use crate::error::ControlError;
use crate::read_audit::unix_nanos;
use crate::secret_box::SecretBox;

/// What the sealed secrets are bound to: the tenant and the setting's name (names compare
/// case-insensitively, so the context is lower case).
fn context(tenant: &TenantId, name: &str) -> String {
    format!(
        "vigil diagnostic setting {}/{}",
        tenant.as_str(),
        name.to_ascii_lowercase()
    )
}

fn seal(
    secrets: &SecretBox,
    tenant: &TenantId,
    setting: &DiagnosticSetting,
) -> Result<(String, Vec<u8>), ControlError> {
    let body = serde_json::to_string(setting)
        .map_err(|e| ControlError::Corrupt(format!("diagnostic setting JSON: {e}")))?;
    let values = serde_json::to_vec(&setting.secret_values())
        .map_err(|e| ControlError::Corrupt(format!("diagnostic setting secrets: {e}")))?;
    Ok((
        body,
        secrets.seal(&context(tenant, &setting.name), &values)?,
    ))
}

fn unseal(
    secrets: &SecretBox,
    tenant: &TenantId,
    (body, sealed): (String, Vec<u8>),
) -> Result<DiagnosticSetting, ControlError> {
    let corrupt = |what: &str| ControlError::Corrupt(format!("diagnostic setting {what}"));
    let mut setting: DiagnosticSetting =
        serde_json::from_str(&body).map_err(|_| corrupt("body"))?;
    let plain = secrets.open_sealed(&context(tenant, &setting.name), &sealed)?;
    let values: Vec<String> = serde_json::from_slice(&plain).map_err(|_| corrupt("secrets"))?;
    if !setting.restore_secrets(values) {
        return Err(corrupt("secrets: count differs from the body"));
    }
    Ok(setting)
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Vec<u8>)> {
    Ok((row.get(0)?, row.get(1)?))
}

pub(crate) fn get(
    conn: &Connection,
    secrets: &SecretBox,
    tenant: &TenantId,
    name: &str,
) -> Result<Option<DiagnosticSetting>, ControlError> {
    conn.prepare_cached(
        "SELECT body, secrets FROM diagnostic_settings WHERE tenant_id = ?1 AND name = ?2",
    )?
    .query_row(params![tenant.as_str(), name], read_row)
    .optional()?
    .map(|row| unseal(secrets, tenant, row))
    .transpose()
}

pub(crate) fn list(
    conn: &Connection,
    secrets: &SecretBox,
    tenant: &TenantId,
) -> Result<Vec<DiagnosticSetting>, ControlError> {
    let mut stmt = conn.prepare_cached(
        "SELECT body, secrets FROM diagnostic_settings WHERE tenant_id = ?1
         ORDER BY created_ns, name",
    )?;
    let rows = stmt.query_map([tenant.as_str()], read_row)?;
    rows.map(|row| unseal(secrets, tenant, row?)).collect()
}

pub(crate) fn create(
    conn: &mut Connection,
    secrets: &SecretBox,
    tenant: &TenantId,
    setting: &DiagnosticSetting,
    now: OffsetDateTime,
) -> Result<DiagnosticSetting, ControlError> {
    setting.validate()?;
    let now = unix_nanos("time", now)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    license_of(&tx, tenant)?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM diagnostic_settings WHERE tenant_id = ?1 AND name = ?2)",
        params![tenant.as_str(), setting.name],
        |row| row.get(0),
    )?;
    if exists {
        return Err(ControlError::DiagnosticSettingExists(setting.name.clone()));
    }
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM diagnostic_settings WHERE tenant_id = ?1",
        [tenant.as_str()],
        |row| row.get(0),
    )?;
    if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_DIAGNOSTIC_SETTINGS {
        return Err(ControlError::DiagnosticSettingLimit {
            max: MAX_DIAGNOSTIC_SETTINGS,
        });
    }
    let (body, sealed) = seal(secrets, tenant, setting)?;
    tx.execute(
        "INSERT INTO diagnostic_settings (tenant_id, name, body, secrets, created_ns, updated_ns)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![tenant.as_str(), setting.name, body, sealed, now],
    )?;
    tx.commit()?;
    Ok(setting.clone())
}

pub(crate) fn update(
    conn: &mut Connection,
    secrets: &SecretBox,
    tenant: &TenantId,
    setting: &DiagnosticSetting,
    now: OffsetDateTime,
) -> Result<DiagnosticSetting, ControlError> {
    let now = unix_nanos("time", now)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored = get(&tx, secrets, tenant, &setting.name)?
        .ok_or_else(|| ControlError::DiagnosticSettingNotFound(setting.name.clone()))?;
    let mut updated = setting.clone();
    updated.keep_secrets_from(&stored);
    updated.validate()?;
    let (body, sealed) = seal(secrets, tenant, &updated)?;
    tx.execute(
        "UPDATE diagnostic_settings SET name = ?2, body = ?3, secrets = ?4, updated_ns = ?5
         WHERE tenant_id = ?1 AND name = ?2",
        params![tenant.as_str(), updated.name, body, sealed, now],
    )?;
    tx.commit()?;
    Ok(updated)
}

pub(crate) fn delete(conn: &Connection, tenant: &TenantId, name: &str) -> Result<(), ControlError> {
    let deleted = conn.execute(
        "DELETE FROM diagnostic_settings WHERE tenant_id = ?1 AND name = ?2",
        params![tenant.as_str(), name],
    )?;
    if deleted == 0 {
        return Err(ControlError::DiagnosticSettingNotFound(name.to_owned()));
    }
    Ok(())
}
