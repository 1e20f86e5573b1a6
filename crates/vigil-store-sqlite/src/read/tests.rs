//! Query plans: filters on indexed properties are answered through an index, never by
//! scanning the table or sorting it.

use rusqlite::params_from_iter;
use vigil_model::{ApiVersion, LogKind};
use vigil_store::{Cursor, PageRequest, ScopedQuery, SortOrder, TenantId};

use super::page_sql;
use crate::StoreOptions;
use crate::connection::open_writer;

/// The plan of a page walk as the API issues it: always with a retention floor.
fn plan(kind: LogKind, filters: &[&str], order: SortOrder, after: bool) -> String {
    let not_before = Some(1_700_000_000_000_000_000);
    let dir = tempfile::tempdir().unwrap();
    let conn = open_writer(&dir.path().join("plan.db"), &StoreOptions::default()).unwrap();
    let query = ScopedQuery {
        tenant: TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f").unwrap(),
        kind,
        filters: filters
            .iter()
            .map(|f| vigil_query::parse_and_check(f, kind, ApiVersion::Beta).unwrap())
            .collect(),
        order,
        not_before,
    };
    let after = after.then(|| Cursor {
        time_nanos: 1,
        id: "x".into(),
    });
    let (sql, binds, _) = page_sql(
        1,
        &PageRequest {
            query,
            size: 50,
            after,
            snapshot: 10,
        },
    );
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(params_from_iter(binds), |row| row.get::<_, String>(3))
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join(" | ")
}

fn assert_index(plan: &str, index: &str) {
    assert!(
        plan.contains(&format!("USING INDEX {index}")),
        "expected {index}: {plan}"
    );
    // The index gives the time order; only records sharing a time are sorted, by id.
    assert!(
        !plan.contains("TEMP B-TREE FOR ORDER BY"),
        "walk must not sort: {plan}"
    );
    assert!(
        plan.contains("USE TEMP B-TREE FOR LAST TERM OF ORDER BY"),
        "ties on time are ordered by id: {plan}"
    );
}

#[test]
fn a_later_page_starts_its_index_range_at_the_cursor() {
    // Descending: the retention floor bounds the range from below, the cursor from above.
    let later = plan(LogKind::SignIn, &[], SortOrder::Desc, true);
    assert!(
        later.contains("USING INDEX sign_ins_by_time (tenant=? AND ts>? AND ts<?)"),
        "{later}"
    );
    let first = plan(LogKind::SignIn, &[], SortOrder::Desc, false);
    assert!(
        first.contains("USING INDEX sign_ins_by_time (tenant=? AND ts>?)"),
        "{first}"
    );
}

#[test]
fn sign_in_walks_use_indexes() {
    let interactive = "signInEventTypes/any(t: t eq 'interactiveUser')";
    assert_index(
        &plan(LogKind::SignIn, &[interactive], SortOrder::Desc, false),
        "sign_ins_by_type_time",
    );
    assert_index(
        &plan(LogKind::SignIn, &[interactive], SortOrder::Asc, true),
        "sign_ins_by_type_time",
    );
    assert_index(
        &plan(LogKind::SignIn, &[], SortOrder::Desc, true),
        "sign_ins_by_time",
    );
    assert_index(
        &plan(
            LogKind::SignIn,
            &[
                interactive,
                "userId eq '26be570a-ae82-4189-b4e2-a37c6808512d'",
            ],
            SortOrder::Desc,
            true,
        ),
        "sign_ins_by_user",
    );
    assert_index(
        &plan(
            LogKind::SignIn,
            &[interactive, "userPrincipalName eq 'Ann.Lee@contoso.com'"],
            SortOrder::Desc,
            false,
        ),
        "sign_ins_by_upn",
    );
    assert_index(
        &plan(
            LogKind::SignIn,
            &[interactive, "appId eq 'de8bc8b5'"],
            SortOrder::Desc,
            false,
        ),
        "sign_ins_by_app",
    );
    // An id filter looks the id up in the side table and among the unflushed rows (a
    // rowid range above the mark); it never walks a time index.
    for filter in ["id eq 'abc'", "id in ('abc', 'def')"] {
        let by_id = plan(LogKind::SignIn, &[filter], SortOrder::Desc, false);
        assert!(by_id.contains("sign_ins_ids"), "{by_id}");
        assert!(
            by_id.contains("USING INTEGER PRIMARY KEY (rowid>?)"),
            "{by_id}"
        );
        assert!(!by_id.contains("INDEX sign_ins_by"), "{by_id}");
    }
}

#[test]
fn audit_walks_use_indexes() {
    assert_index(
        &plan(LogKind::DirectoryAudit, &[], SortOrder::Desc, true),
        "directory_audits_by_time",
    );
    assert_index(
        &plan(
            LogKind::DirectoryAudit,
            &["initiatedBy/user/id eq '00000000-0000-0000-0000-000000000000'"],
            SortOrder::Desc,
            false,
        ),
        "directory_audits_by_initiator",
    );
    assert_index(
        &plan(
            LogKind::Provisioning,
            &["jobId eq 'j1'"],
            SortOrder::Desc,
            false,
        ),
        "provisioning_by_job",
    );
    assert_index(
        &plan(
            LogKind::CustomSecurityAttributeAudit,
            &[],
            SortOrder::Asc,
            true,
        ),
        "custom_security_attribute_audits_by_time",
    );
}

#[test]
fn purges_walk_the_time_index() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_writer(&dir.path().join("plan.db"), &StoreOptions::default()).unwrap();
    for kind in LogKind::ALL {
        let sql = crate::schema::spec(kind).purge_sql;
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan = stmt
            .query_map(rusqlite::params![1, 2, 3, 4], |row| row.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join(" | ");
        let time_index = format!(
            "INDEX {}_by_time (tenant=? AND ts<?)",
            crate::schema::spec(kind).table
        );
        assert!(plan.contains(&time_index), "{kind:?}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{kind:?}: {plan}");
    }
}

#[test]
fn change_walks_follow_the_sequence_without_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_writer(&dir.path().join("plan.db"), &StoreOptions::default()).unwrap();
    for (kind, filters) in [
        (
            LogKind::SignIn,
            vec!["signInEventTypes/any(t: t eq 'servicePrincipal')"],
        ),
        (LogKind::SignIn, vec!["userId eq 'u'"]),
        (LogKind::DirectoryAudit, vec![]),
        (LogKind::Provisioning, vec![]),
        (LogKind::CustomSecurityAttributeAudit, vec![]),
    ] {
        let query = ScopedQuery {
            tenant: TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f").unwrap(),
            kind,
            filters: filters
                .iter()
                .map(|f| vigil_query::parse_and_check(f, kind, ApiVersion::Beta).unwrap())
                .collect(),
            order: SortOrder::Asc,
            not_before: Some(1),
        };
        let (sql, binds, _) = super::changes_sql(
            1,
            &vigil_store::ChangeRequest {
                query,
                after_seq: 5,
                size: 10,
            },
        );
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan = stmt
            .query_map(params_from_iter(binds), |row| row.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join(" | ");
        assert!(
            plan.contains("USING INTEGER PRIMARY KEY (rowid>?)"),
            "{kind:?}: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{kind:?}: {plan}");
    }
}
