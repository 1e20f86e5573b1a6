//! Conformance of the walk in ingest order ([`Store::changes`] and
//! [`Store::changes_json`]): sequence order, resumption after any position, filters, the
//! retention floor, unknown tenants — and the byte form returning exactly the tree form's
//! records. Part of [`crate::testsuite`].
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: test-only module

use vigil_model::LogKind;

use crate::testsuite::{TENANT_A, TENANT_B, append, minute_nanos, query, sign_in, tenant};
use crate::{ChangeRequest, ScopedQuery, SortOrder, Store, StoredRecord};

/// Every record of a change walk from `after`, `size` at a time. Each page is also read
/// with [`Store::changes_json`], which must return the same records as bytes.
pub fn changes(
    store: &dyn Store,
    query: &ScopedQuery,
    after: u64,
    size: usize,
) -> Vec<StoredRecord> {
    let mut out = Vec::new();
    let mut after_seq = after;
    loop {
        let request = ChangeRequest {
            query: query.clone(),
            after_seq,
            size,
        };
        let page = store.changes(&request).unwrap();
        let bytes = store.changes_json(&request).unwrap();
        assert_eq!(bytes.scanned_to, page.scanned_to);
        assert_eq!(bytes.records.len(), page.records.len());
        for (json, tree) in bytes.records.iter().zip(&page.records) {
            assert_eq!(
                (json.seq, json.time_nanos, &json.id),
                (tree.seq, tree.time_nanos, &tree.id)
            );
            let body: serde_json::Value = serde_json::from_slice(&json.json).unwrap();
            assert_eq!(body, tree.body);
        }
        assert!(page.records.len() <= size, "a page holds at most its size");
        assert!(page.scanned_to >= after_seq, "a walk never goes backwards");
        if let Some(last) = page.records.last() {
            assert!(page.scanned_to >= last.seq);
        }
        let done = page.scanned_to == after_seq;
        out.extend(page.records);
        after_seq = page.scanned_to;
        if done {
            return out;
        }
    }
}

pub(crate) fn changes_follow_ingest_order(store: &dyn Store) {
    let mut watch = store.watch_appends();
    watch.mark_unchanged();
    // Event times deliberately out of order: a late record is still "new" in ingest order.
    append(
        store,
        TENANT_A,
        vec![
            sign_in("c1", 50, "c@x.com", "interactiveUser", 0),
            sign_in("c2", 10, "c@x.com", "nonInteractiveUser", 0),
        ],
    );
    append(
        store,
        TENANT_B,
        vec![sign_in("other", 20, "o@x.com", "interactiveUser", 0)],
    );
    assert!(
        watch.has_changed().unwrap(),
        "an append that stored records bumps the watch"
    );
    watch.mark_unchanged();
    append(
        store,
        TENANT_B,
        vec![sign_in("other", 20, "o@x.com", "interactiveUser", 0)],
    );
    assert!(!watch.has_changed().unwrap(), "duplicates only: no bump");
    let mid = store.high_water_mark(LogKind::SignIn).unwrap();
    append(
        store,
        TENANT_A,
        vec![
            sign_in("c3", 1, "c@x.com", "interactiveUser", 1),
            sign_in("c1", 50, "c@x.com", "interactiveUser", 0),
        ],
    );
    let all = query(TENANT_A, &[], SortOrder::Desc);
    let ids = |records: Vec<StoredRecord>| records.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(changes(store, &all, 0, 1)), ["c1", "c2", "c3"]);
    assert_eq!(ids(changes(store, &all, 0, 100)), ["c1", "c2", "c3"]);
    assert_eq!(
        ids(changes(store, &all, mid, 100)),
        ["c3"],
        "resumes after a cursor"
    );
    let seqs: Vec<u64> = changes(store, &all, 0, 100).iter().map(|r| r.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "ascending sequence {seqs:?}"
    );
    let interactive = query(
        TENANT_A,
        &["signInEventTypes/any(t: t eq 'interactiveUser')"],
        SortOrder::Desc,
    );
    assert_eq!(ids(changes(store, &interactive, 0, 1)), ["c1", "c3"]);
    let mut floored = all.clone();
    floored.not_before = Some(minute_nanos(5));
    assert_eq!(ids(changes(store, &floored, 0, 100)), ["c1", "c2"]);
    assert_eq!(
        ids(changes(
            store,
            &query(TENANT_B, &[], SortOrder::Asc),
            0,
            100
        )),
        ["other"]
    );
    assert_eq!(
        store
            .count_after(&tenant(TENANT_A), LogKind::SignIn, 0)
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .count_after(&tenant(TENANT_A), LogKind::SignIn, mid)
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_after(&tenant(TENANT_B), LogKind::SignIn, 0)
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_after(&tenant(TENANT_A), LogKind::DirectoryAudit, 0)
            .unwrap(),
        0
    );
    let unknown = query("33333333-3333-4333-8333-333333333333", &[], SortOrder::Asc);
    assert!(changes(store, &unknown, 0, 10).is_empty());
}
