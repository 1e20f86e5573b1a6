//! The `delivery_cursors` table (see `migrations/0003_delivery_cursors.sql`).

use rusqlite::{Connection, TransactionBehavior, params};
use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::delivery::{DeliveryCursor, DeliveryKey, MAX_ERROR_CHARS};
use crate::error::ControlError;
use crate::read_audit::{from_unix_nanos, unix_nanos};

fn seq_value(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// Creates the missing positions of `setting`'s destinations at `start` and drops the
/// positions of destinations the setting no longer has.
pub(crate) fn sync(
    conn: &mut Connection,
    tenant: &TenantId,
    setting: &str,
    destinations: &[String],
    start: &[(LogKind, u64)],
    now: OffsetDateTime,
) -> Result<(), ControlError> {
    let now = unix_nanos("time", now)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO delivery_cursors
                 (tenant_id, setting, destination, kind, seq, created_ns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for destination in destinations {
            for (kind, seq) in start {
                insert.execute(params![
                    tenant.as_str(),
                    setting,
                    destination,
                    kind.code(),
                    seq_value(*seq),
                    now
                ])?;
            }
        }
        let mut existing = tx.prepare_cached(
            "SELECT DISTINCT destination FROM delivery_cursors WHERE tenant_id = ?1 AND setting = ?2",
        )?;
        let stale: Vec<String> = existing
            .query_map(params![tenant.as_str(), setting], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?
            .into_iter()
            .filter(|d| !destinations.contains(d))
            .collect();
        let mut delete = tx.prepare_cached(
            "DELETE FROM delivery_cursors WHERE tenant_id = ?1 AND setting = ?2 AND destination = ?3",
        )?;
        for destination in stale {
            delete.execute(params![tenant.as_str(), setting, destination])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Drops every position of a setting (it was deleted).
pub(crate) fn drop_setting(
    conn: &Connection,
    tenant: &TenantId,
    setting: &str,
) -> Result<(), ControlError> {
    conn.execute(
        "DELETE FROM delivery_cursors WHERE tenant_id = ?1 AND setting = ?2",
        params![tenant.as_str(), setting],
    )?;
    Ok(())
}

pub(crate) fn list(
    conn: &Connection,
    tenant: &TenantId,
) -> Result<Vec<DeliveryCursor>, ControlError> {
    let mut stmt = conn.prepare_cached(
        "SELECT setting, destination, kind, seq, delivered, created_ns, delivered_ns,
                caught_up_ns, error, error_ns
         FROM delivery_cursors WHERE tenant_id = ?1 ORDER BY setting, destination, kind",
    )?;
    let rows = stmt.query_map([tenant.as_str()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, i64>(5)?,
            row.get::<_, Option<i64>>(6)?,
            row.get::<_, Option<i64>>(7)?,
            row.get::<_, Option<String>>(8)?,
            row.get::<_, Option<i64>>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            setting,
            destination,
            kind,
            seq,
            delivered,
            created,
            delivered_at,
            caught_up,
            error,
            error_at,
        ) = row?;
        let kind = LogKind::from_code(kind)
            .ok_or_else(|| ControlError::Corrupt(format!("delivery cursor kind {kind}")))?;
        let optional = |nanos: Option<i64>| nanos.map(from_unix_nanos).transpose();
        out.push(DeliveryCursor {
            key: DeliveryKey {
                tenant: tenant.clone(),
                setting,
                destination,
                kind,
            },
            seq: u64::try_from(seq).unwrap_or(0),
            delivered: u64::try_from(delivered).unwrap_or(0),
            created_at: from_unix_nanos(created)?,
            delivered_at: optional(delivered_at)?,
            caught_up_at: optional(caught_up)?,
            last_error: match (error, error_at) {
                (Some(message), Some(at)) => Some((message, from_unix_nanos(at)?)),
                _ => None,
            },
        });
    }
    Ok(out)
}

/// Moves a position forward (never back) after an acknowledged batch.
pub(crate) fn advance(
    conn: &Connection,
    key: &DeliveryKey,
    seq: u64,
    delivered: u64,
    caught_up: bool,
    now: OffsetDateTime,
) -> Result<bool, ControlError> {
    let now = unix_nanos("time", now)?;
    let changed = conn
        .prepare_cached(
            "UPDATE delivery_cursors
             SET seq = MAX(seq, ?5), delivered = delivered + ?6,
                 delivered_ns = CASE WHEN ?6 > 0 THEN ?7 ELSE delivered_ns END,
                 caught_up_ns = CASE WHEN ?8 THEN ?7 ELSE caught_up_ns END
             WHERE tenant_id = ?1 AND setting = ?2 AND destination = ?3 AND kind = ?4",
        )?
        .execute(params![
            key.tenant.as_str(),
            key.setting,
            key.destination,
            key.kind.code(),
            seq_value(seq),
            seq_value(delivered),
            now,
            caught_up
        ])?;
    Ok(changed > 0)
}

/// Records a failed delivery.
pub(crate) fn record_error(
    conn: &Connection,
    key: &DeliveryKey,
    message: &str,
    now: OffsetDateTime,
) -> Result<(), ControlError> {
    let now = unix_nanos("time", now)?;
    let message: String = message.chars().take(MAX_ERROR_CHARS).collect();
    conn.prepare_cached(
        "UPDATE delivery_cursors SET error = ?5, error_ns = ?6
         WHERE tenant_id = ?1 AND setting = ?2 AND destination = ?3 AND kind = ?4",
    )?
    .execute(params![
        key.tenant.as_str(),
        key.setting,
        key.destination,
        key.kind.code(),
        message,
        now
    ])?;
    Ok(())
}

/// The lowest position over every destination of the tenant for `kind`.
pub(crate) fn floor(
    conn: &Connection,
    tenant: &TenantId,
    kind: LogKind,
) -> Result<Option<u64>, ControlError> {
    let min: Option<i64> = conn
        .prepare_cached("SELECT MIN(seq) FROM delivery_cursors WHERE tenant_id = ?1 AND kind = ?2")?
        .query_row(params![tenant.as_str(), kind.code()], |row| row.get(0))?;
    Ok(min.map(|n| u64::try_from(n).unwrap_or(0)))
}
