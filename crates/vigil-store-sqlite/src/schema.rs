//! Table layout per log kind: which Graph property paths are copied into columns, and the
//! static SQL that reads and writes them. Every identifier used in generated SQL comes from
//! these tables; user input only ever reaches SQLite as a bound parameter.

use vigil_model::LogKind;

/// How a column's value is derived from the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnType {
    /// A string, stored as sent.
    Text,
    /// A string stored lower-cased (case-insensitive logs and enum members).
    LowerText,
    /// An integer.
    Int,
    /// A boolean stored as 0/1.
    Bool,
}

/// A column copied from a property path of the canonical record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub name: &'static str,
    /// OData path of the property (`status/errorCode`).
    pub path: &'static str,
    pub ty: ColumnType,
}

/// One kind's table.
#[derive(Debug)]
pub(crate) struct TableSpec {
    pub table: &'static str,
    pub columns: &'static [Column],
    /// `INSERT` with parameters: tenant, ts, id, id_hash, [etype], columns..., body.
    pub insert_sql: &'static str,
    pub has_event_type: bool,
    /// The highest sequence number.
    pub max_seq_sql: &'static str,
    /// Selects `seq, id_hash` of up to ?3 records of tenant ?1 older than ?2 (nanoseconds)
    /// with a sequence at most ?4, oldest first: the records a purge deletes. The
    /// row holding the table's highest `seq` is kept: SQLite hands out `MAX(seq) + 1` to the
    /// next insert, so deleting it would let a new record reuse a sequence number a running
    /// page walk has already taken as its snapshot.
    pub purge_sql: &'static str,
}

const fn col(name: &'static str, path: &'static str, ty: ColumnType) -> Column {
    Column { name, path, ty }
}

use ColumnType::{Bool, Int, LowerText, Text};

const SIGN_IN_COLUMNS: &[Column] = &[
    col("user_id", "userId", LowerText),
    col("upn", "userPrincipalName", LowerText),
    col("user_name", "userDisplayName", LowerText),
    col("app_id", "appId", LowerText),
    col("app_name", "appDisplayName", LowerText),
    col("ip", "ipAddress", LowerText),
    col("error_code", "status/errorCode", Int),
    col("ca_status", "conditionalAccessStatus", LowerText),
    col("client_app", "clientAppUsed", LowerText),
    col("correlation_id", "correlationId", LowerText),
    col("resource_id", "resourceId", LowerText),
    col("resource_name", "resourceDisplayName", LowerText),
    col("is_interactive", "isInteractive", Bool),
    col("city", "location/city", LowerText),
    col("country", "location/countryOrRegion", LowerText),
    col("risk_state", "riskState", LowerText),
    col("risk_level", "riskLevelDuringSignIn", LowerText),
    col("auth_req", "authenticationRequirement", LowerText),
    col("sp_id", "servicePrincipalId", LowerText),
    col("os", "deviceDetail/operatingSystem", LowerText),
    col("browser", "deviceDetail/browser", LowerText),
];

const AUDIT_COLUMNS: &[Column] = &[
    col("category", "category", LowerText),
    col("activity", "activityDisplayName", LowerText),
    col("result", "result", LowerText),
    col("correlation_id", "correlationId", LowerText),
    col("logged_by", "loggedByService", LowerText),
    col("operation_type", "operationType", LowerText),
    col("init_user_id", "initiatedBy/user/id", LowerText),
    col("init_upn", "initiatedBy/user/userPrincipalName", LowerText),
    col("init_app_id", "initiatedBy/app/appId", LowerText),
];

const PROVISIONING_COLUMNS: &[Column] = &[
    col("job_id", "jobId", Text),
    col("cycle_id", "cycleId", Text),
    col("change_id", "changeId", Text),
    col("action", "provisioningAction", LowerText),
    col("status", "provisioningStatusInfo/status", LowerText),
    col("source_system", "sourceSystem/displayName", Text),
    col("target_system", "targetSystem/displayName", Text),
    col("source_id", "sourceIdentity/id", Text),
    col("target_id", "targetIdentity/id", Text),
    col("initiated_by", "initiatedBy/displayName", Text),
    col("sp_id", "servicePrincipal/id", Text),
];

static SIGN_INS: TableSpec = TableSpec {
    table: "sign_ins",
    columns: SIGN_IN_COLUMNS,
    insert_sql: "INSERT INTO sign_ins (tenant, ts, id, id_hash, etype, user_id, upn, user_name, app_id, app_name, ip, error_code, ca_status, client_app, correlation_id, resource_id, resource_name, is_interactive, city, country, risk_state, risk_level, auth_req, sp_id, os, browser, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    has_event_type: true,
    max_seq_sql: "SELECT IFNULL(MAX(seq), 0) FROM sign_ins",
    purge_sql: "SELECT seq, id_hash FROM sign_ins WHERE tenant = ?1 AND ts < ?2 AND seq <= ?4 AND seq < (SELECT MAX(seq) FROM sign_ins) ORDER BY ts LIMIT ?3",
};

static DIRECTORY_AUDITS: TableSpec = TableSpec {
    table: "directory_audits",
    columns: AUDIT_COLUMNS,
    insert_sql: "INSERT INTO directory_audits (tenant, ts, id, id_hash, category, activity, result, correlation_id, logged_by, operation_type, init_user_id, init_upn, init_app_id, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    has_event_type: false,
    max_seq_sql: "SELECT IFNULL(MAX(seq), 0) FROM directory_audits",
    purge_sql: "SELECT seq, id_hash FROM directory_audits WHERE tenant = ?1 AND ts < ?2 AND seq <= ?4 AND seq < (SELECT MAX(seq) FROM directory_audits) ORDER BY ts LIMIT ?3",
};

static PROVISIONING: TableSpec = TableSpec {
    table: "provisioning",
    columns: PROVISIONING_COLUMNS,
    insert_sql: "INSERT INTO provisioning (tenant, ts, id, id_hash, job_id, cycle_id, change_id, action, status, source_system, target_system, source_id, target_id, initiated_by, sp_id, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    has_event_type: false,
    max_seq_sql: "SELECT IFNULL(MAX(seq), 0) FROM provisioning",
    purge_sql: "SELECT seq, id_hash FROM provisioning WHERE tenant = ?1 AND ts < ?2 AND seq <= ?4 AND seq < (SELECT MAX(seq) FROM provisioning) ORDER BY ts LIMIT ?3",
};

static CUSTOM_SECURITY_ATTRIBUTE_AUDITS: TableSpec = TableSpec {
    table: "custom_security_attribute_audits",
    columns: AUDIT_COLUMNS,
    insert_sql: "INSERT INTO custom_security_attribute_audits (tenant, ts, id, id_hash, category, activity, result, correlation_id, logged_by, operation_type, init_user_id, init_upn, init_app_id, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    has_event_type: false,
    max_seq_sql: "SELECT IFNULL(MAX(seq), 0) FROM custom_security_attribute_audits",
    purge_sql: "SELECT seq, id_hash FROM custom_security_attribute_audits WHERE tenant = ?1 AND ts < ?2 AND seq <= ?4 AND seq < (SELECT MAX(seq) FROM custom_security_attribute_audits) ORDER BY ts LIMIT ?3",
};

/// The table of a kind.
pub(crate) fn spec(kind: LogKind) -> &'static TableSpec {
    match kind {
        LogKind::SignIn => &SIGN_INS,
        LogKind::DirectoryAudit => &DIRECTORY_AUDITS,
        LogKind::Provisioning => &PROVISIONING,
        LogKind::CustomSecurityAttributeAudit => &CUSTOM_SECURITY_ATTRIBUTE_AUDITS,
    }
}

/// The sign-in event types and their single-bit codes in the `etype` column.
pub(crate) const EVENT_TYPES: [(&str, i64); 5] = [
    ("interactiveUser", 1),
    ("nonInteractiveUser", 2),
    ("servicePrincipal", 4),
    ("managedIdentity", 8),
    ("unknownFutureValue", 16),
];

/// The `etype` code of an event type name (case-insensitive).
pub(crate) fn event_type_code(name: &str) -> Option<i64> {
    EVENT_TYPES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, c)| *c)
}

/// The column holding `path` in `kind`'s table, if any.
pub(crate) fn column_for(kind: LogKind, path: &str) -> Option<&'static Column> {
    column_at(kind, path).map(|(_, column)| column)
}

/// The column holding `path` in `kind`'s table and its position in `TableSpec::columns`.
pub(crate) fn column_at(kind: LogKind, path: &str) -> Option<(usize, &'static Column)> {
    spec(kind)
        .columns
        .iter()
        .enumerate()
        .find(|(_, c)| c.path.eq_ignore_ascii_case(path))
}

/// 64-bit FNV-1a of the lower-cased record id; stable forever (it is stored). Hashing the
/// lower-cased id lets one index serve exact and case-insensitive id lookups.
pub(crate) fn id_hash(id: &str) -> i64 {
    let hash = vigil_model::hash::fnv1a(id.to_lowercase().as_bytes());
    i64::from_ne_bytes(hash.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_statements_have_one_placeholder_per_column() {
        for kind in LogKind::ALL {
            let s = spec(kind);
            let fixed = if s.has_event_type { 5 } else { 4 };
            let expected = fixed + s.columns.len() + 1;
            assert_eq!(s.insert_sql.matches('?').count(), expected, "{}", s.table);
            for c in s.columns {
                assert!(
                    s.insert_sql.contains(c.name),
                    "{} lacks {}",
                    s.table,
                    c.name
                );
            }
        }
    }

    /// Stored hashes must never change: these are FNV-1a of the lower-cased ids.
    #[test]
    fn id_hashes_are_stable() {
        assert_eq!(id_hash("a"), id_hash("A"));
        assert_eq!(
            id_hash("a"),
            i64::from_ne_bytes(0xaf63_dc4c_8601_ec8c_u64.to_ne_bytes())
        );
        assert_eq!(
            id_hash("FooBar"),
            i64::from_ne_bytes(0x8594_4171_f739_67e8_u64.to_ne_bytes())
        );
    }

    #[test]
    fn every_statement_names_its_own_table() {
        for kind in LogKind::ALL {
            let s = spec(kind);
            for sql in [s.insert_sql, s.max_seq_sql, s.purge_sql] {
                assert!(
                    sql.contains(&format!(" {} ", s.table)) || sql.ends_with(s.table),
                    "{sql}"
                );
            }
        }
    }

    #[test]
    fn migration_declares_every_column() {
        let ddl = include_str!("../migrations/0001_init.sql");
        for kind in LogKind::ALL {
            for c in spec(kind).columns {
                assert!(ddl.contains(c.name), "{}", c.name);
            }
        }
    }
}
