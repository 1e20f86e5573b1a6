//! The `ingest_keys` table: create, list, revoke, verify.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;
use vigil_store::TenantId;

use super::tenants::{license_of, parse_tenant_id};
use crate::error::ControlError;
use crate::ingest_key::{
    IngestKeyId, IngestKeyInfo, NewIngestKey, generate, hashes_match, parse_presented,
};
use crate::read_audit::{from_unix_nanos, unix_nanos};
use crate::tenant::normalize_name;

/// `last_used` is rewritten only when it is older than this, so verifying a busy key
/// does not turn every ingest request into a database write.
const LAST_USED_GRANULARITY_NS: i64 = 60 * 1_000_000_000;

/// Columns for listings: never `secret_hash`.
const INFO_COLUMNS: &str = "key_id, tenant_id, name, created_ns, revoked_ns, last_used_ns";

type InfoRow = (String, String, String, i64, Option<i64>, Option<i64>);

fn read_info(row: &rusqlite::Row<'_>) -> rusqlite::Result<InfoRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn to_info(
    (id, tenant, name, created, revoked, last_used): InfoRow,
) -> Result<IngestKeyInfo, ControlError> {
    Ok(IngestKeyInfo {
        id: IngestKeyId::parse(&id)
            .ok_or_else(|| ControlError::Corrupt(format!("ingest key id {id:?}")))?,
        tenant: parse_tenant_id(&tenant)?,
        name,
        created: from_unix_nanos(created)?,
        revoked: revoked.map(from_unix_nanos).transpose()?,
        last_used: last_used.map(from_unix_nanos).transpose()?,
    })
}

fn get(
    conn: &Connection,
    tenant: &TenantId,
    key: &IngestKeyId,
) -> Result<Option<IngestKeyInfo>, ControlError> {
    conn.prepare_cached(&format!(
        "SELECT {INFO_COLUMNS} FROM ingest_keys WHERE key_id = ?1 AND tenant_id = ?2"
    ))?
    .query_row(params![key.as_str(), tenant.as_str()], read_info)
    .optional()?
    .map(to_info)
    .transpose()
}

pub(crate) fn create(
    conn: &mut Connection,
    tenant: &TenantId,
    name: &str,
    now: OffsetDateTime,
) -> Result<NewIngestKey, ControlError> {
    let name = normalize_name("key name", name)?;
    let created_ns = unix_nanos("time", now)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    license_of(&tx, tenant)?;
    // Key ids are 64 random bits; a collision is astronomically unlikely, but costs only a
    // retry to handle.
    for _ in 0..3 {
        let key = generate(tenant)?;
        let inserted = tx.execute(
            "INSERT INTO ingest_keys (key_id, tenant_id, name, secret_hash, created_ns)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key_id) DO NOTHING",
            params![
                key.id.as_str(),
                tenant.as_str(),
                name,
                &key.hash[..],
                created_ns
            ],
        )?;
        if inserted == 1 {
            let info = get(&tx, tenant, &key.id)?
                .ok_or_else(|| ControlError::IngestKeyNotFound(key.id.to_string()))?;
            tx.commit()?;
            return Ok(NewIngestKey {
                info,
                secret: key.secret,
            });
        }
    }
    Err(ControlError::Random(
        "three ingest key ids in a row collided".to_owned(),
    ))
}

pub(crate) fn list(
    conn: &Connection,
    tenant: &TenantId,
) -> Result<Vec<IngestKeyInfo>, ControlError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INFO_COLUMNS} FROM ingest_keys WHERE tenant_id = ?1 ORDER BY created_ns, key_id"
    ))?;
    let rows = stmt.query_map([tenant.as_str()], read_info)?;
    rows.map(|row| to_info(row?)).collect()
}

pub(crate) fn revoke(
    conn: &Connection,
    tenant: &TenantId,
    key: &IngestKeyId,
    now: OffsetDateTime,
) -> Result<IngestKeyInfo, ControlError> {
    let changed = conn.execute(
        "UPDATE ingest_keys SET revoked_ns = coalesce(revoked_ns, ?3)
         WHERE key_id = ?1 AND tenant_id = ?2",
        params![key.as_str(), tenant.as_str(), unix_nanos("time", now)?],
    )?;
    if changed == 0 {
        return Err(ControlError::IngestKeyNotFound(key.to_string()));
    }
    get(conn, tenant, key)?.ok_or_else(|| ControlError::IngestKeyNotFound(key.to_string()))
}

pub(crate) fn verify(
    conn: &Connection,
    tenant: &TenantId,
    presented: &str,
    now: OffsetDateTime,
) -> Result<IngestKeyId, ControlError> {
    let Some(presented) = parse_presented(tenant, presented) else {
        return Err(ControlError::IngestKeyRejected);
    };
    let row: Option<(Vec<u8>, Option<i64>, Option<i64>)> = conn
        .prepare_cached(
            "SELECT secret_hash, revoked_ns, last_used_ns FROM ingest_keys
             WHERE key_id = ?1 AND tenant_id = ?2",
        )?
        .query_row(params![presented.id.as_str(), tenant.as_str()], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((stored_hash, revoked, last_used)) = row else {
        return Err(ControlError::IngestKeyRejected);
    };
    let matches = hashes_match(&stored_hash, &presented.hash);
    if !matches || revoked.is_some() {
        return Err(ControlError::IngestKeyRejected);
    }
    touch_last_used(conn, &presented.id, last_used, now);
    Ok(presented.id)
}

/// Best effort: a failure to record the last use must not reject a valid key.
fn touch_last_used(
    conn: &Connection,
    key: &IngestKeyId,
    last_used: Option<i64>,
    now: OffsetDateTime,
) {
    let Ok(now_ns) = unix_nanos("time", now) else {
        return;
    };
    if last_used.is_some_and(|t| now_ns.saturating_sub(t) < LAST_USED_GRANULARITY_NS) {
        return;
    }
    if let Err(err) = conn.execute(
        "UPDATE ingest_keys SET last_used_ns = ?2 WHERE key_id = ?1",
        params![key.as_str(), now_ns],
    ) {
        tracing::warn!(key = %key, error = %err, "could not record ingest key use");
    }
}
