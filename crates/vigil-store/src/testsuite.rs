//! The backend conformance suite: every `Store` implementation runs these checks in its own
//! tests (`vigil_store::testsuite::run_all(|| fresh_store())`), so backends cannot drift
//! apart on ordering, paging, idempotency, tenant isolation or filter semantics.
//!
//! This module is test code compiled only with the `testsuite` feature, so it fails loudly.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: test-only module

use serde_json::json;
use vigil_model::{ApiVersion, LogKind, ValidatedRecord};
use vigil_query::parse_and_check;

use crate::{PageRequest, PurgeRequest, ScopedQuery, SortOrder, Store, TenantId};

/// Tenant A of the suite.
pub const TENANT_A: &str = "11111111-1111-4111-8111-111111111111";
/// Tenant B of the suite.
pub const TENANT_B: &str = "22222222-2222-4222-8222-222222222222";

/// Runs every check, each on a fresh store from `fresh`.
pub fn run_all(fresh: &dyn Fn() -> Box<dyn Store>) {
    append_is_idempotent(fresh().as_ref());
    staged_records_are_stored_like_validated_ones(fresh().as_ref());
    tenants_are_isolated(fresh().as_ref());
    paging_is_complete_ordered_and_snapshotted(fresh().as_ref());
    filters_agree_with_the_evaluator(fresh().as_ref());
    get_by_id_honours_scope(fresh().as_ref());
    purge_deletes_only_expired_records(fresh().as_ref());
    retention_floor_hides_older_records(fresh().as_ref());
    crate::testsuite_changes::changes_follow_ingest_order(fresh().as_ref());
    purge_spares_undelivered_records(fresh().as_ref());
    crate::testsuite_summaries::run_all(fresh);
}

pub use crate::testsuite_changes::changes;

pub(crate) fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).expect("suite tenants are GUIDs")
}

/// A validated sign-in for the suite.
pub fn sign_in(
    id: &str,
    minute: i64,
    upn: &str,
    event_type: &str,
    error_code: i64,
) -> ValidatedRecord {
    let created =
        vigil_model::datetime::format_nanos(1_767_225_600_000_000_000 + minute * 60_000_000_000);
    let raw = json!({
        "id": id,
        "createdDateTime": created,
        "userId": format!("u-{upn}"),
        "userPrincipalName": upn,
        "appId": if error_code == 0 { "app-ok" } else { "app-fail" },
        "appDisplayName": "Suite App",
        "signInEventTypes": [event_type],
        "status": {"errorCode": error_code},
        "location": {"city": if minute % 2 == 0 { "Paris" } else { "Berlin" }},
        "appliedConditionalAccessPolicies": [{"id": "p1", "result": if minute % 3 == 0 { "failure" } else { "success" }}]
    });
    vigil_model::validate(LogKind::SignIn, raw)
        .unwrap_or_else(|e| panic!("suite record {id} invalid: {e}"))
}

/// `n` interactive sign-ins `{prefix}-{i}`, one a minute, by seven users
/// (`user{i % 7}@contoso.com`); record `i` has error code `i % error_codes` (all succeed with
/// `error_codes` 1).
pub fn sign_ins(prefix: &str, n: usize, error_codes: usize) -> Vec<ValidatedRecord> {
    (0..n)
        .map(|i| {
            let upn = format!("user{}@contoso.com", i % 7);
            let code = (i % error_codes.max(1)) as i64;
            sign_in(
                &format!("{prefix}-{i}"),
                i as i64,
                &upn,
                "interactiveUser",
                code,
            )
        })
        .collect()
}

pub(crate) fn query(tenant_id: &str, filters: &[&str], order: SortOrder) -> ScopedQuery {
    let filters = filters
        .iter()
        .map(|f| {
            parse_and_check(f, LogKind::SignIn, ApiVersion::Beta)
                .unwrap_or_else(|e| panic!("{f}: {}", e.message()))
        })
        .collect();
    ScopedQuery {
        tenant: tenant(tenant_id),
        kind: LogKind::SignIn,
        filters,
        order,
        not_before: None,
    }
}

/// Walks every page of a query and returns the ids.
pub fn walk(store: &dyn Store, query: &ScopedQuery, size: usize) -> Vec<String> {
    let snapshot = store.high_water_mark(query.kind).unwrap();
    let mut after = None;
    let mut ids = Vec::new();
    for _ in 0..100_000 {
        let page = store
            .page(&PageRequest {
                query: query.clone(),
                size,
                after: after.clone(),
                snapshot,
            })
            .unwrap();
        ids.extend(page.records.iter().map(|r| r.id.clone()));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
    panic!("walk did not end")
}

pub(crate) fn append(
    store: &dyn Store,
    tenant_id: &str,
    records: Vec<ValidatedRecord>,
) -> crate::AppendReport {
    store.append(&tenant(tenant_id), records).unwrap()
}

fn append_is_idempotent(store: &dyn Store) {
    let batch: Vec<_> = (0..20)
        .map(|i| sign_in(&format!("i{i}"), i, "a@x.com", "interactiveUser", 0))
        .collect();
    let first = append(store, TENANT_A, batch.clone());
    assert_eq!((first.stored, first.duplicates), (20, 0));
    let again = append(store, TENANT_A, batch);
    assert_eq!((again.stored, again.duplicates), (0, 20));
    let mixed = append(
        store,
        TENANT_A,
        vec![
            sign_in("i0", 0, "a@x.com", "interactiveUser", 0),
            sign_in("n1", 1, "a@x.com", "interactiveUser", 0),
            sign_in("n1", 1, "a@x.com", "interactiveUser", 0),
        ],
    );
    assert_eq!((mixed.stored, mixed.duplicates), (1, 2));
    // The same id in another tenant is another record.
    let other = append(
        store,
        TENANT_B,
        vec![sign_in("i0", 0, "a@x.com", "interactiveUser", 0)],
    );
    assert_eq!(other.stored, 1);
    assert_eq!(
        walk(store, &query(TENANT_A, &[], SortOrder::Desc), 7).len(),
        21
    );
}

/// Whatever a backend's `stage` makes of a record, appending it is the same as appending the
/// record itself: stored once, read back unchanged, mixed freely with unstaged records.
fn staged_records_are_stored_like_validated_ones(store: &dyn Store) {
    let batch = sign_ins("s", 30, 2);
    let staged = |records: &[ValidatedRecord]| -> Vec<crate::Staged> {
        (records.iter().enumerate())
            .map(|(i, r)| match i % 3 {
                0 => crate::Staged::Validated(r.clone()),
                _ => store.stage(r.clone()).unwrap(),
            })
            .collect()
    };
    let first = store
        .append_staged(&tenant(TENANT_A), staged(&batch))
        .unwrap();
    assert_eq!((first.stored, first.duplicates), (30, 0));
    let again = store
        .append_staged(&tenant(TENANT_A), staged(&batch))
        .unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 30));
    let all = query(TENANT_A, &[], SortOrder::Desc);
    for record in &batch {
        let got = store.get(&all, &record.id).unwrap().expect("stored");
        assert_eq!(got.body, record.body(), "{}", record.id);
    }
    let failures = query(TENANT_A, &["status/errorCode ne 0"], SortOrder::Desc);
    assert_eq!(walk(store, &failures, 4).len(), 15);
}

fn tenants_are_isolated(store: &dyn Store) {
    append(
        store,
        TENANT_A,
        (0..10)
            .map(|i| sign_in(&format!("a{i}"), i, "a@x.com", "interactiveUser", 0))
            .collect(),
    );
    append(
        store,
        TENANT_B,
        (0..5)
            .map(|i| sign_in(&format!("b{i}"), i, "b@x.com", "interactiveUser", 0))
            .collect(),
    );
    let a = walk(store, &query(TENANT_A, &[], SortOrder::Desc), 3);
    let b = walk(store, &query(TENANT_B, &[], SortOrder::Desc), 3);
    assert!(
        a.iter().all(|id| id.starts_with('a')) && a.len() == 10,
        "{a:?}"
    );
    assert!(
        b.iter().all(|id| id.starts_with('b')) && b.len() == 5,
        "{b:?}"
    );
    assert_eq!(
        store.count(&query(TENANT_B, &[], SortOrder::Desc)).ok(),
        Some(5)
    );
    assert!(
        store
            .get(&query(TENANT_B, &[], SortOrder::Desc), "a1")
            .ok()
            .flatten()
            .is_none()
    );
    let unknown = "33333333-3333-4333-8333-333333333333";
    assert!(walk(store, &query(unknown, &[], SortOrder::Desc), 3).is_empty());
}

fn paging_is_complete_ordered_and_snapshotted(store: &dyn Store) {
    // Three records per minute: ties on time are broken by id.
    let records: Vec<_> = (0..60)
        .map(|i| sign_in(&format!("p{i:02}"), i / 3, "a@x.com", "interactiveUser", 0))
        .collect();
    append(store, TENANT_A, records);
    let mut expected: Vec<(i64, String)> = (0..60).map(|i| (i / 3, format!("p{i:02}"))).collect();
    expected.sort();
    let asc: Vec<String> = expected.iter().map(|(_, id)| id.clone()).collect();
    let desc: Vec<String> = asc.iter().rev().cloned().collect();
    for size in [1, 2, 7, 60, 100] {
        assert_eq!(
            walk(store, &query(TENANT_A, &[], SortOrder::Desc), size),
            desc,
            "desc, size {size}"
        );
        assert_eq!(
            walk(store, &query(TENANT_A, &[], SortOrder::Asc), size),
            asc,
            "asc, size {size}"
        );
    }
    // A walk started before an append does not see the appended records.
    let q = query(TENANT_A, &[], SortOrder::Desc);
    let snapshot = store.high_water_mark(LogKind::SignIn).unwrap();
    let first = store
        .page(&PageRequest {
            query: q.clone(),
            size: 10,
            after: None,
            snapshot,
        })
        .unwrap();
    append(
        store,
        TENANT_A,
        vec![
            sign_in("late", 5, "a@x.com", "interactiveUser", 0),
            sign_in("new", 999, "a@x.com", "interactiveUser", 0),
        ],
    );
    let mut rest_ids = Vec::new();
    let mut after = first.next;
    while let Some(cursor) = after {
        let page = store
            .page(&PageRequest {
                query: q.clone(),
                size: 1000,
                after: Some(cursor),
                snapshot,
            })
            .unwrap();
        rest_ids.extend(page.records.into_iter().map(|r| r.id));
        after = page.next;
    }
    assert!(!rest_ids.contains(&"late".to_owned()) && !rest_ids.contains(&"new".to_owned()));
    assert_eq!(first.records.len() + rest_ids.len(), 60);
}

fn filters_agree_with_the_evaluator(store: &dyn Store) {
    let types = [
        "interactiveUser",
        "nonInteractiveUser",
        "servicePrincipal",
        "managedIdentity",
    ];
    let records: Vec<_> = (0..80)
        .map(|i| {
            sign_in(
                &format!("f{i:02}"),
                i,
                &format!("user{}@x.com", i % 5),
                types[(i % 4) as usize],
                if i % 7 == 0 { 50126 } else { 0 },
            )
        })
        .collect();
    append(store, TENANT_A, records.clone());
    let filters = [
        "userPrincipalName eq 'USER1@x.com'",
        "startswith(userPrincipalName, 'user2')",
        "status/errorCode ne 0",
        "not (status/errorCode eq 0)",
        "signInEventTypes/any(t: t eq 'nonInteractiveUser')",
        "signInEventTypes/any(t: t ne 'interactiveUser') and location/city eq 'paris'",
        "appId in ('app-fail', 'nothing')",
        "createdDateTime ge 2026-01-01T00:30:00Z and createdDateTime lt 2026-01-01T00:40:00Z",
        "appliedConditionalAccessPolicies/any(c: c/result eq 'failure') or userPrincipalName eq 'user3@x.com'",
        "id eq 'f17'",
        "id in ('f03', 'F05', 'nothing')",
        "location/city eq null",
    ];
    for filter in filters {
        let checked = parse_and_check(filter, LogKind::SignIn, ApiVersion::Beta).unwrap();
        let mut expected: Vec<(i64, String)> = records
            .iter()
            .filter(|r| checked.matches(&r.body()))
            .map(|r| (r.time_nanos, r.id.clone()))
            .collect();
        expected.sort();
        expected.reverse();
        let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
        let q = query(TENANT_A, &[filter], SortOrder::Desc);
        assert_eq!(walk(store, &q, 4), expected, "{filter}");
        assert_eq!(
            store.count(&q).unwrap(),
            expected.len() as u64,
            "count of {filter}"
        );
    }
}

fn get_by_id_honours_scope(store: &dyn Store) {
    append(
        store,
        TENANT_A,
        vec![
            sign_in("g1", 1, "a@x.com", "interactiveUser", 0),
            sign_in("G2", 2, "a@x.com", "nonInteractiveUser", 0),
        ],
    );
    let any = query(TENANT_A, &[], SortOrder::Desc);
    assert_eq!(
        store.get(&any, "g1").ok().flatten().map(|r| r.id),
        Some("g1".to_owned())
    );
    assert_eq!(
        store.get(&any, "G2").ok().flatten().map(|r| r.id),
        Some("G2".to_owned())
    );
    assert!(store.get(&any, "g3").ok().flatten().is_none());
    let interactive = query(
        TENANT_A,
        &["signInEventTypes/any(t: t eq 'interactiveUser')"],
        SortOrder::Desc,
    );
    assert!(
        store.get(&interactive, "G2").ok().flatten().is_none(),
        "scope filters apply to get"
    );
}

/// Minute `m` of the suite's timeline, in nanoseconds (as `sign_in` stamps it).
pub(crate) fn minute_nanos(m: i64) -> i64 {
    1_767_225_600_000_000_000 + m * 60_000_000_000
}

fn purge(store: &dyn Store, t: &TenantId, kind: LogKind, before_nanos: i64, limit: usize) -> usize {
    store
        .purge(&PurgeRequest {
            tenant: t.clone(),
            kind,
            before_nanos,
            max_seq: u64::MAX,
            limit,
        })
        .unwrap()
}

fn purge_spares_undelivered_records(store: &dyn Store) {
    let batch: Vec<ValidatedRecord> = (0..20)
        .map(|i| sign_in(&format!("u{i}"), i, "u@x.com", "interactiveUser", 0))
        .collect();
    append(store, TENANT_A, batch);
    let all = changes(store, &query(TENANT_A, &[], SortOrder::Asc), 0, 100);
    let delivered_to = all[9].seq;
    let mut deleted = 0;
    loop {
        let n = store
            .purge(&PurgeRequest {
                tenant: tenant(TENANT_A),
                kind: LogKind::SignIn,
                before_nanos: minute_nanos(1_000),
                max_seq: delivered_to,
                limit: 3,
            })
            .unwrap();
        if n == 0 {
            break;
        }
        deleted += n;
    }
    assert_eq!(deleted, 10, "only records at or below max_seq are purged");
    let left: Vec<String> = walk(store, &query(TENANT_A, &[], SortOrder::Asc), 50);
    let expected: Vec<String> = (10..20).map(|i| format!("u{i}")).collect();
    assert_eq!(left, expected);
}

fn purge_deletes_only_expired_records(store: &dyn Store) {
    let batch = |prefix: &str| -> Vec<ValidatedRecord> {
        (0..30)
            .map(|i| sign_in(&format!("{prefix}{i}"), i, "p@x.com", "interactiveUser", 0))
            .collect()
    };
    append(store, TENANT_A, batch("pa"));
    append(store, TENANT_B, batch("pb"));
    let a = tenant(TENANT_A);
    let cutoff = minute_nanos(10);
    // Small slices, oldest first, until nothing older than the cutoff is left.
    let mut slices = Vec::new();
    loop {
        let deleted = purge(store, &a, LogKind::SignIn, cutoff, 4);
        slices.push(deleted);
        if deleted == 0 {
            break;
        }
        assert!(deleted <= 4, "a slice deletes at most its limit");
    }
    assert_eq!(slices.iter().sum::<usize>(), 10, "slices {slices:?}");
    let remaining = walk(store, &query(TENANT_A, &[], SortOrder::Asc), 7);
    let expected: Vec<String> = (10..30).map(|i| format!("pa{i}")).collect();
    assert_eq!(
        remaining, expected,
        "exactly the records at or after the cutoff remain"
    );
    assert_eq!(
        walk(store, &query(TENANT_B, &[], SortOrder::Asc), 50).len(),
        30
    );
    assert_eq!(
        purge(store, &a, LogKind::DirectoryAudit, minute_nanos(1_000), 100),
        0,
        "another kind is untouched"
    );
    assert_eq!(
        purge(
            store,
            &tenant("33333333-3333-4333-8333-333333333333"),
            LogKind::SignIn,
            cutoff,
            10
        ),
        0,
        "an unknown tenant purges nothing"
    );
    // Purging everything never lets a later append reuse a sequence a walk has seen.
    let before = store.high_water_mark(LogKind::SignIn).unwrap();
    for t in [TENANT_A, TENANT_B] {
        while purge(store, &tenant(t), LogKind::SignIn, minute_nanos(1_000), 100) > 0 {}
    }
    append(
        store,
        TENANT_A,
        vec![sign_in("late", 500, "p@x.com", "interactiveUser", 0)],
    );
    assert!(store.high_water_mark(LogKind::SignIn).unwrap() > before);
    // A re-sent purged record is stored again (it is new to the store), not rejected.
    let again = append(
        store,
        TENANT_A,
        vec![sign_in("pa0", 0, "p@x.com", "interactiveUser", 0)],
    );
    assert_eq!(again.stored, 1);
}

fn retention_floor_hides_older_records(store: &dyn Store) {
    let batch: Vec<ValidatedRecord> = (0..20)
        .map(|i| sign_in(&format!("r{i}"), i, "r@x.com", "interactiveUser", i % 2))
        .collect();
    append(store, TENANT_A, batch);
    let mut floored = query(TENANT_A, &[], SortOrder::Desc);
    floored.not_before = Some(minute_nanos(12));
    let expected: Vec<String> = (12..20).rev().map(|i| format!("r{i}")).collect();
    assert_eq!(
        walk(store, &floored, 3),
        expected,
        "pages stop at the floor"
    );
    assert_eq!(store.count(&floored).unwrap(), 8);
    assert!(
        store.get(&floored, "r11").unwrap().is_none(),
        "get honours the floor"
    );
    assert!(store.get(&floored, "r12").unwrap().is_some());
    // With an inexact filter too (the residual evaluator runs after the floor).
    let mut filtered = query(
        TENANT_A,
        &["appliedConditionalAccessPolicies/any(p: p/result eq 'success')"],
        SortOrder::Asc,
    );
    let all = walk(store, &filtered, 4);
    filtered.not_before = Some(minute_nanos(12));
    let kept: Vec<String> = all
        .into_iter()
        .filter(|id| id[1..].parse::<i64>().unwrap() >= 12)
        .collect();
    assert_eq!(walk(store, &filtered, 4), kept);
    assert_eq!(store.count(&filtered).unwrap(), kept.len() as u64);
}
