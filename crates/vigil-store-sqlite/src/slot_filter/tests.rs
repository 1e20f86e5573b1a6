//! [`SlotFilter`] against SQLite: for each filter, the records SQLite keeps with the fragment
//! `sql::render` builds must be exactly those the compiled filter keeps, over every record
//! of a demo store, and both must agree on exactness. And [`BlockSummary`] against the
//! records it summarises: a block it rules out holds no record the filter keeps.

use std::collections::BTreeSet;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, params_from_iter};
use serde_json::Value;
use vigil_model::{ApiVersion, LogKind};
use vigil_store::{Store, TenantId};

use super::summary::{BlockSummary, SummaryView};
use super::{ColumnValue, SlotFilter, SlotValues};
use crate::block_columns::{self, SlotRecord, StoredValue};
use crate::schema;
use crate::sql;

/// One stored row, read back from SQLite.
struct Row {
    seq: i64,
    ts: i64,
    id: String,
    etype: Option<i64>,
    columns: Vec<SqlValue>,
}

impl SlotValues for Row {
    fn ts(&self) -> i64 {
        self.ts
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn etype(&self) -> Option<i64> {
        self.etype
    }
    fn column(&self, index: usize) -> ColumnValue<'_> {
        match self.columns.get(index) {
            Some(SqlValue::Integer(i)) => ColumnValue::Int(*i),
            Some(SqlValue::Text(t)) => ColumnValue::Text(t),
            _ => ColumnValue::Null,
        }
    }
}

fn rows(conn: &Connection, kind: LogKind) -> Vec<Row> {
    let spec = schema::spec(kind);
    let names: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
    let etype = if spec.has_event_type { "etype" } else { "NULL" };
    let sql = format!(
        "SELECT seq, ts, id, {etype}, {} FROM {}",
        names.join(", "),
        spec.table
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let mapped = stmt
        .query_map([], |row| {
            let columns = (0..names.len())
                .map(|i| match row.get_ref(4 + i)? {
                    ValueRef::Null => Ok(SqlValue::Null),
                    ValueRef::Integer(n) => Ok(SqlValue::Integer(n)),
                    ValueRef::Text(t) => Ok(SqlValue::Text(String::from_utf8_lossy(t).into())),
                    other => panic!("unexpected column value {other:?}"),
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Row {
                seq: row.get(0)?,
                ts: row.get(1)?,
                id: row.get(2)?,
                etype: row.get(3)?,
                columns,
            })
        })
        .unwrap();
    mapped.map(Result::unwrap).collect()
}

/// Every filter of `kind` in `filters`, checked both ways; returns how many kept anything.
fn check(conn: &Connection, kind: LogKind, filters: &[String]) -> usize {
    let all = rows(conn, kind);
    assert!(all.len() > 100, "{kind:?}: only {} rows", all.len());
    let table = schema::spec(kind).table;
    let columns = schema::spec(kind).columns.len();
    let records: Vec<SlotRecord<'_>> = all
        .iter()
        .map(|row| SlotRecord {
            seq: row.seq,
            ts: row.ts,
            etype: row.etype,
            id: &row.id,
            columns: (0..columns)
                .map(|i| match row.column(i) {
                    ColumnValue::Null => StoredValue::Null,
                    ColumnValue::Int(n) => StoredValue::Int(n),
                    ColumnValue::Text(t) => StoredValue::Text(t.as_bytes()),
                })
                .collect(),
        })
        .collect();
    let bytes = block_columns::encode(columns, &records);
    let section = block_columns::decode(&bytes).unwrap();
    let mut non_trivial = 0;
    for text in filters {
        let checked = vigil_query::parse_and_check(text, kind, ApiVersion::Beta)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let indexed = |path: &str| sql::is_indexed(kind, path);
        for plan in [
            checked.prefilter_plan(&indexed),
            checked.prefilter_plan_for_lowered_columns(&indexed),
        ] {
            let fragment = sql::render(kind, &plan.prefilter);
            let compiled = SlotFilter::compile(kind, &plan.prefilter);
            let (fragment, compiled) = match (fragment, compiled) {
                (None, None) => continue,
                (Some(f), Some(c)) => (f, c),
                (f, c) => panic!("{text}: rendered {f:?} but compiled {c:?}"),
            };
            assert_eq!(fragment.exact, compiled.exact, "{text}: exactness");
            let sql = format!("SELECT seq FROM {table} WHERE {}", fragment.sql);
            let mut stmt = conn.prepare(&sql).unwrap();
            let by_sqlite: BTreeSet<i64> = stmt
                .query_map(params_from_iter(fragment.binds.iter()), |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let by_slots: BTreeSet<i64> = all
                .iter()
                .filter(|row| compiled.holds(*row))
                .map(|row| row.seq)
                .collect();
            assert_eq!(by_sqlite, by_slots, "{text}\n{}", fragment.sql);
            // The same records through a block's column section.
            let by_section: BTreeSet<i64> = section
                .iter()
                .filter(|record| compiled.holds(*record))
                .map(|record| record.seq)
                .collect();
            assert_eq!(by_sqlite, by_section, "{text}: through the column section");
            if !by_sqlite.is_empty() && by_sqlite.len() < all.len() {
                non_trivial += 1;
            }
        }
    }
    non_trivial
}

/// Records per block in the summary check: small, so that blocks differ.
const BLOCK: usize = 32;

/// Every filter of `kind` over blocks of [`BLOCK`] rows in ingest order: a block whose
/// summary says "none" must hold no row the filter keeps. Returns, per filter text, the
/// blocks pruned and the blocks in all.
fn check_summaries(
    conn: &Connection,
    kind: LogKind,
    filters: &[String],
) -> Vec<(String, usize, usize)> {
    let all = rows(conn, kind);
    let columns = schema::spec(kind).columns.len();
    let blocks: Vec<(&[Row], Vec<u8>)> = all
        .chunks(BLOCK)
        .map(|chunk| (chunk, BlockSummary::build(columns, chunk).to_bytes()))
        .collect();
    let mut pruned = Vec::new();
    for text in filters {
        let checked = vigil_query::parse_and_check(text, kind, ApiVersion::Beta).unwrap();
        let indexed = |path: &str| sql::is_indexed(kind, path);
        let plan = checked.prefilter_plan_for_lowered_columns(&indexed);
        let Some(compiled) = SlotFilter::compile(kind, &plan.prefilter) else {
            continue;
        };
        let mut skipped = 0;
        for (rows, stored) in &blocks {
            let kept = rows.iter().filter(|r| compiled.holds(*r)).count();
            let summary = SummaryView::parse(stored).unwrap();
            if !compiled.may_keep_any(&summary) {
                assert_eq!(kept, 0, "{text}: a pruned block holds {kept} kept rows");
                skipped += 1;
            }
        }
        pruned.push((text.clone(), skipped, blocks.len()));
    }
    pruned
}

fn text(record: &Value, pointer: &str) -> String {
    record
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text at {pointer}"))
        .to_owned()
}

/// `text` with its last character replaced by the one before it.
fn just_below(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let last = chars.pop().expect("a non-empty name");
    chars.push(char::from_u32(u32::from(last) - 1).expect("a character"));
    chars.into_iter().collect()
}

fn sign_in_filters(records: &[Value], middle: &str) -> Vec<String> {
    let first = &records[records.len() / 3];
    let other = &records[records.len() / 2];
    let user = text(first, "/userId");
    let upn = text(first, "/userPrincipalName");
    let app = text(first, "/appId");
    let id = text(first, "/id");
    let name = text(first, "/userDisplayName");
    let initial: String = name.chars().take(2).collect();
    [
        format!("userId eq '{user}'"),
        format!("userId eq '{}'", user.to_uppercase()),
        format!("userPrincipalName eq '{}'", upn.to_uppercase()),
        format!("startswith(userPrincipalName, '{}')", &upn[..3].to_uppercase()),
        format!("startswith(userDisplayName, '{initial}')"),
        "startswith(userDisplayName, '')".to_owned(),
        format!("appId eq '{app}' and createdDateTime ge {middle}"),
        format!("createdDateTime lt {middle} or status/errorCode eq 0"),
        format!("createdDateTime gt {middle}"),
        format!("createdDateTime le {middle}"),
        "status/errorCode ne 0".to_owned(),
        "status/errorCode eq 50126".to_owned(),
        // Bounds equal to stored values, so that `ge`/`gt` and `le`/`lt` differ.
        "status/errorCode ge 50126".to_owned(),
        "status/errorCode lt 50126".to_owned(),
        format!("createdDateTime ge {}", text(first, "/createdDateTime")),
        format!("createdDateTime le {}", text(first, "/createdDateTime")),
        format!("userDisplayName ge '{name}' and userDisplayName le '{name}'"),
        // A prefix whose successor is a stored name: the range must exclude its upper end.
        format!("startswith(userDisplayName, '{}')", just_below(&name.to_lowercase())),
        "status/errorCode gt 0 and status/errorCode le 60000".to_owned(),
        "not(status/errorCode eq 0)".to_owned(),
        "not(appDisplayName eq 'Salesforce')".to_owned(),
        "not(startswith(appDisplayName, 'S')) and status/errorCode ne 0".to_owned(),
        "signInEventTypes/any(t: t eq 'nonInteractiveUser')".to_owned(),
        "signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'servicePrincipal')".to_owned(),
        "not(signInEventTypes/any(t: t eq 'interactiveUser'))".to_owned(),
        format!("id eq '{id}'"),
        format!("id eq '{}'", id.to_uppercase()),
        format!("id in ('{id}', '{}')", text(other, "/id")),
        format!("userId in ('{user}', '{}')", text(other, "/userId")),
        "ipAddress eq null".to_owned(),
        "ipAddress ne null".to_owned(),
        "location/city eq 'Seattle' or location/countryOrRegion eq 'GB'".to_owned(),
        "isInteractive eq true".to_owned(),
        "not(isInteractive eq false)".to_owned(),
        "riskLevelDuringSignIn ne 'none'".to_owned(),
        "(clientAppUsed eq 'Browser' or clientAppUsed eq 'Mobile Apps and Desktop clients') and not(conditionalAccessStatus eq 'success')".to_owned(),
        "deviceDetail/browser eq 'Edge' or deviceDetail/operatingSystem eq 'Windows10'".to_owned(),
        "appliedConditionalAccessPolicies/any(p: p/result eq 'failure')".to_owned(),
        format!("appliedConditionalAccessPolicies/any(p: p/result eq 'failure') or userId eq '{user}'"),
        format!("appliedConditionalAccessPolicies/any(p: p/result eq 'failure') and userId eq '{user}'"),
    ]
    .into()
}

fn audit_filters(records: &[Value], middle: &str) -> Vec<String> {
    let first = records
        .iter()
        .find(|r| {
            r.pointer("/initiatedBy/user/id")
                .and_then(Value::as_str)
                .is_some()
        })
        .expect("an audit initiated by a user");
    let initiator = text(first, "/initiatedBy/user/id");
    let activity = text(first, "/activityDisplayName");
    [
        format!("initiatedBy/user/id eq '{initiator}'"),
        format!("activityDisplayName eq '{activity}'"),
        format!("startswith(activityDisplayName, '{}')", &activity[..3]),
        "category eq 'GroupManagement' or category eq 'RoleManagement'".to_owned(),
        "not(result eq 'success')".to_owned(),
        format!("activityDateTime ge {middle} and result eq 'success'"),
        "loggedByService eq 'Core Directory'".to_owned(),
        // NULL and true is NULL, not true.
        "initiatedBy/app/appId ne 'x' and result eq 'success'".to_owned(),
        "targetResources/any(t: t/type eq 'User')".to_owned(),
        // Columns that are NULL for some audits: SQL's three-valued logic matters here.
        format!("not(initiatedBy/user/id eq '{initiator}')"),
        "initiatedBy/app/appId eq null".to_owned(),
        "initiatedBy/user/id ne null".to_owned(),
        "not(initiatedBy/app/appId ne null) or category eq 'UserManagement'".to_owned(),
        format!(
            "initiatedBy/user/id gt '{initiator}' or not(initiatedBy/user/userPrincipalName lt 'm')"
        ),
        "startswith(initiatedBy/user/userPrincipalName, 'a') or initiatedBy/app/appId eq null"
            .to_owned(),
    ]
    .into()
}

fn provisioning_filters(records: &[Value]) -> Vec<String> {
    let first = &records[records.len() / 2];
    let id = text(first, "/id");
    let job = text(first, "/jobId");
    let source = text(first, "/sourceSystem/displayName");
    [
        format!("id eq '{id}'"),
        // Provisioning compares case-sensitively: the upper-cased id matches nothing.
        format!("id eq '{}'", id.to_uppercase()),
        format!("jobId eq '{job}'"),
        format!("startswith(sourceSystem/displayName, '{}')", &source[..2]),
        format!("not(sourceSystem/displayName eq '{source}') and provisioningAction eq 'create'"),
        "not(provisioningStatusInfo/status eq 'success')".to_owned(),
        "targetSystem/displayName eq 'ServiceNow' or provisioningStatusInfo/status eq 'failure'"
            .to_owned(),
        "initiatedBy/displayName ne null".to_owned(),
    ]
    .into()
}

/// A store holding two days of demo data; the database, the data, and the middle of the
/// window as a Graph timestamp.
fn demo_store() -> (tempfile::TempDir, Connection, vigil_demo::DemoData, String) {
    let dir = tempfile::tempdir().unwrap();
    let end = time::OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap();
    let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(7, 2, end));
    let tenant = TenantId::parse(vigil_demo::DEMO_TENANT_ID).unwrap();
    let options = crate::StoreOptions {
        layout: crate::Layout::Rows,
        ..crate::StoreOptions::default()
    };
    let store = crate::SqliteStore::open(dir.path(), options).unwrap();
    for (kind, records) in data.by_kind() {
        let valid = records
            .iter()
            .map(|r| vigil_model::validate(kind, r.clone()).unwrap())
            .collect();
        store.append(&tenant, valid).unwrap();
    }
    store.close();
    let conn = Connection::open(dir.path().join(crate::DATABASE_FILE)).unwrap();
    let middle = vigil_model::datetime::format_datetime(end - time::Duration::hours(24));
    (dir, conn, data, middle)
}

#[test]
fn compiled_filters_keep_exactly_the_rows_sqlite_keeps() {
    let (_dir, conn, data, middle) = demo_store();
    let sign_ins = check(
        &conn,
        LogKind::SignIn,
        &sign_in_filters(&data.sign_ins, &middle),
    );
    let audits = check(
        &conn,
        LogKind::DirectoryAudit,
        &audit_filters(&data.directory_audits, &middle),
    );
    let provisioning = check(
        &conn,
        LogKind::Provisioning,
        &provisioning_filters(&data.provisioning),
    );
    // The filters must actually split the data, or the comparison proves little.
    assert!(
        sign_ins >= 20,
        "only {sign_ins} sign-in filters kept some but not all rows"
    );
    assert!(
        audits >= 10,
        "only {audits} audit filters kept some but not all rows"
    );
    assert!(
        provisioning >= 5,
        "only {provisioning} provisioning filters kept some but not all rows"
    );
}

#[test]
fn a_block_summary_never_prunes_a_block_holding_a_kept_row() {
    let (_dir, conn, data, middle) = demo_store();
    let user = text(&data.sign_ins[data.sign_ins.len() / 3], "/userId");
    for (kind, filters) in [
        (LogKind::SignIn, sign_in_filters(&data.sign_ins, &middle)),
        (
            LogKind::DirectoryAudit,
            audit_filters(&data.directory_audits, &middle),
        ),
        (
            LogKind::Provisioning,
            provisioning_filters(&data.provisioning),
        ),
    ] {
        let pruned = check_summaries(&conn, kind, &filters);
        let total: usize = pruned.iter().map(|(_, p, _)| p).sum();
        assert!(total > 0, "{kind:?}: no block was ever pruned");
        if kind == LogKind::SignIn {
            // One user's sign-ins sit in few blocks; the others must be skipped.
            let (_, skipped, blocks) = pruned
                .iter()
                .find(|(t, _, _)| *t == format!("userId eq '{user}'"))
                .expect("the user filter");
            assert!(
                skipped * 2 > *blocks,
                "userId eq skipped {skipped} of {blocks} blocks"
            );
        }
    }
}

#[test]
fn successor_increments_last_char() {
    use super::successor;
    assert_eq!(successor("abc").as_deref(), Some("abd"));
    assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
    assert_eq!(successor("\u{10FFFF}"), None);
}
