//! The deferred record-id index through the public store API: ids are found and deduplicated
//! whether or not their entries have been flushed to the side table, entries lost with a
//! crash between flushes are re-created when the store opens, and purges take the entries
//! of the rows they delete with them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::path::Path;
use std::time::{Duration, Instant};

use vigil_model::{ApiVersion, LogKind, ValidatedRecord};
use vigil_store::{PageRequest, PurgeRequest, ScopedQuery, SortOrder, Store, TenantId};
use vigil_store_sqlite::{DATABASE_FILE, Layout, SqliteStore, StoreOptions};

const TENANT: &str = "11111111-2222-3333-4444-555555555555";

fn options(layout: Layout) -> StoreOptions {
    StoreOptions {
        durable: false,
        cache_mib: 8,
        scan_budget: 100_000,
        layout,
    }
}

const LAYOUTS: [Layout; 2] = [Layout::Rows, Layout::Blocks];

fn batch(prefix: &str, n: usize) -> Vec<ValidatedRecord> {
    vigil_store::testsuite::sign_ins(prefix, n, 1)
}

fn tenant() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

fn query(filters: &[&str]) -> ScopedQuery {
    ScopedQuery {
        tenant: tenant(),
        kind: LogKind::SignIn,
        filters: filters
            .iter()
            .map(|f| vigil_query::parse_and_check(f, LogKind::SignIn, ApiVersion::Beta).unwrap())
            .collect(),
        order: SortOrder::Desc,
        not_before: None,
    }
}

/// (side-table entries, mark, highest seq) of sign-ins, in either layout.
fn index_state(dir: &Path) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    let entries = conn
        .query_row("SELECT COUNT(*) FROM sign_ins_ids", [], |r| r.get(0))
        .unwrap();
    let mark = conn
        .query_row(
            "SELECT seq FROM id_index_marks WHERE tbl = 'sign_ins'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let max = conn
        .query_row(
            "SELECT MAX((SELECT IFNULL(MAX(seq), 0) FROM sign_ins), \
             (SELECT IFNULL(MAX(last_seq), 0) FROM sign_ins_blocks))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (entries, mark, max)
}

/// Every record of `records` is readable by id, by an `id eq` filter (both cases of the
/// id's letters) and by an `id in` filter.
fn assert_findable(store: &dyn Store, records: &[ValidatedRecord]) {
    for record in records {
        let got = store.get(&query(&[]), &record.id).unwrap();
        assert_eq!(got.map(|r| r.id), Some(record.id.clone()));
        for filter in [
            format!("id eq '{}'", record.id),
            format!("id eq '{}'", record.id.to_uppercase()),
            format!("id in ('nope', '{}')", record.id),
        ] {
            let page = store
                .page(&PageRequest {
                    query: query(&[&filter]),
                    size: 10,
                    after: None,
                    snapshot: u64::MAX,
                })
                .unwrap();
            let ids: Vec<_> = page.records.iter().map(|r| r.id.clone()).collect();
            assert_eq!(ids, vec![record.id.clone()], "{filter}");
        }
    }
    assert!(store.get(&query(&[]), "not-stored").unwrap().is_none());
}

fn wait_for_flush(dir: &Path) {
    let started = Instant::now();
    loop {
        let (entries, mark, max) = index_state(dir);
        if mark == max && entries > 0 {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the idle writer never flushed: {entries} entries, mark {mark}, max {max}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ids_are_found_and_deduplicated_before_and_after_their_flush() {
    for layout in LAYOUTS {
        ids_are_found_and_deduplicated_before_and_after_their_flush_in(layout);
    }
}

fn ids_are_found_and_deduplicated_before_and_after_their_flush_in(layout: Layout) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path(), options(layout)).unwrap();
    let first = batch("a", 40);
    assert_eq!(store.append(&tenant(), first.clone()).unwrap().stored, 40);
    // Straight after the acknowledgement: the entries may well be unflushed.
    assert_findable(&store, &first);
    let again = store.append(&tenant(), first.clone()).unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 40));

    wait_for_flush(dir.path());
    let (entries, _, _) = index_state(dir.path());
    assert_eq!(entries, 40);
    assert_findable(&store, &first);
    let again = store.append(&tenant(), first.clone()).unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 40));

    // A batch mixing flushed duplicates, new records and a duplicate within itself.
    let mut mixed = batch("b", 10);
    mixed.extend(first[..5].iter().cloned());
    mixed.push(mixed[0].clone());
    let report = store.append(&tenant(), mixed).unwrap();
    assert_eq!((report.stored, report.duplicates), (10, 6));
    assert_findable(&store, &batch("b", 10));
}

#[test]
fn entries_lost_between_flushes_are_recreated_when_the_store_opens() {
    for layout in LAYOUTS {
        entries_lost_between_flushes_are_recreated_when_the_store_opens_in(layout);
    }
}

fn entries_lost_between_flushes_are_recreated_when_the_store_opens_in(layout: Layout) {
    let dir = tempfile::tempdir().unwrap();
    let records = batch("c", 30);
    {
        let store = SqliteStore::open(dir.path(), options(layout)).unwrap();
        store.append(&tenant(), records.clone()).unwrap();
        store.close();
    }
    // What a crash before the first flush leaves: rows, but no entries and a mark of 0.
    {
        let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        conn.execute_batch(
            "DELETE FROM sign_ins_ids; UPDATE id_index_marks SET seq = 0 WHERE tbl = 'sign_ins';",
        )
        .unwrap();
    }
    assert_eq!(index_state(dir.path()).0, 0);
    let store = SqliteStore::open(dir.path(), options(layout)).unwrap();
    let (entries, mark, max) = index_state(dir.path());
    assert_eq!((entries, mark), (30, max));
    assert_findable(&store, &records);
    let again = store.append(&tenant(), records).unwrap();
    assert_eq!((again.stored, again.duplicates), (0, 30));
}

#[test]
fn purges_remove_the_entries_of_the_rows_they_delete() {
    for layout in LAYOUTS {
        purges_remove_the_entries_of_the_rows_they_delete_in(layout);
    }
}

fn purges_remove_the_entries_of_the_rows_they_delete_in(layout: Layout) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path(), options(layout)).unwrap();
    let records = batch("d", 25);
    store.append(&tenant(), records.clone()).unwrap();
    let purged = store
        .purge(&PurgeRequest {
            tenant: tenant(),
            kind: LogKind::SignIn,
            before_nanos: i64::MAX,
            max_seq: u64::MAX,
            limit: 10,
        })
        .unwrap();
    assert_eq!(purged, 10);
    wait_for_flush(dir.path());
    assert_eq!(index_state(dir.path()).0, 15);
    let kept: Vec<_> = records
        .iter()
        .filter(|r| store.get(&query(&[]), &r.id).unwrap().is_some())
        .cloned()
        .collect();
    assert_eq!(kept.len(), 15);
    assert_findable(&store, &kept);
    // A purged id can be ingested again; a kept one is still a duplicate.
    let report = store
        .append(&tenant(), vec![records[0].clone(), kept[0].clone()])
        .unwrap();
    assert_eq!((report.stored, report.duplicates), (1, 1));
}
