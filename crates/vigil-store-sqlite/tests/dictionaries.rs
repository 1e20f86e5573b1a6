//! zstd dictionaries through the public store API: a big first batch trains one, records
//! written before and after it read back identically, across a reopen, and a store opened
//! before another writer trained a dictionary still decodes that writer's records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use vigil_model::{LogKind, ValidatedRecord};
use vigil_store::testsuite::{sign_in, walk};
use vigil_store::{ScopedQuery, SortOrder, Store, TenantId};
use vigil_store_sqlite::{SqliteStore, StoreOptions};

const TENANT: &str = "11111111-2222-3333-4444-555555555555";

fn options() -> StoreOptions {
    StoreOptions {
        durable: false,
        cache_mib: 8,
        scan_budget: 100_000,
        ..Default::default()
    }
}

fn batch(prefix: &str, n: usize) -> Vec<ValidatedRecord> {
    (0..n)
        .map(|i| {
            let upn = format!("user{}@contoso.com", i % 41);
            let kind = if i % 3 == 0 {
                "nonInteractiveUser"
            } else {
                "interactiveUser"
            };
            sign_in(
                &format!("{prefix}-{i}"),
                i as i64,
                &upn,
                kind,
                (i % 4) as i64,
            )
        })
        .collect()
}

fn all() -> ScopedQuery {
    ScopedQuery {
        tenant: TenantId::parse(TENANT).unwrap(),
        kind: LogKind::SignIn,
        filters: Vec::new(),
        order: SortOrder::Desc,
        not_before: None,
    }
}

fn bodies(store: &dyn Store) -> Vec<serde_json::Value> {
    let query = all();
    let mut out: Vec<_> = walk(store, &query, 500)
        .into_iter()
        .map(|id| {
            store
                .get(&query, &id)
                .unwrap()
                .expect("listed record exists")
                .body
        })
        .collect();
    out.sort_by_key(|b| b["id"].as_str().unwrap_or_default().to_owned());
    out
}

fn dictionaries_stored(dir: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(vigil_store_sqlite::DATABASE_FILE)).unwrap();
    conn.query_row("SELECT COUNT(*) FROM dictionaries", [], |r| r.get(0))
        .unwrap()
}

fn expected(records: &[ValidatedRecord]) -> Vec<serde_json::Value> {
    let mut out: Vec<_> = records.iter().map(ValidatedRecord::body).collect();
    out.sort_by_key(|b| b["id"].as_str().unwrap_or_default().to_owned());
    out
}

#[test]
fn records_round_trip_before_and_after_training_and_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::parse(TENANT).unwrap();
    let small = batch("small", 10);
    let big = batch("big", 2_000);
    let later = batch("later", 10);
    {
        let store = SqliteStore::open(dir.path(), options()).unwrap();
        store.append(&tenant, small.clone()).unwrap();
        store.append(&tenant, big.clone()).unwrap();
        store.append(&tenant, later.clone()).unwrap();
        let mut every = small.clone();
        every.extend(big.iter().cloned());
        every.extend(later.iter().cloned());
        assert_eq!(bodies(&store), expected(&every));
    }
    assert_eq!(
        dictionaries_stored(dir.path()),
        1,
        "the big batch trained one"
    );
    let size = std::fs::metadata(dir.path().join(vigil_store_sqlite::DATABASE_FILE))
        .unwrap()
        .len();
    let store = SqliteStore::open(dir.path(), options()).unwrap();
    let mut every = small;
    every.extend(big);
    every.extend(later);
    assert_eq!(
        bodies(&store),
        expected(&every),
        "after reopen ({size} bytes)"
    );
}

#[test]
fn a_reader_loads_a_dictionary_another_writer_trained() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::parse(TENANT).unwrap();
    let first = SqliteStore::open(dir.path(), options()).unwrap();
    first.append(&tenant, batch("seed", 5)).unwrap();
    let big = batch("other", 1_000);
    {
        // A second process (here: a second store on the same files) trains a dictionary.
        let second = SqliteStore::open(dir.path(), options()).unwrap();
        second.append(&tenant, big.clone()).unwrap();
    }
    assert_eq!(dictionaries_stored(dir.path()), 1);
    let query = all();
    for record in big.iter().step_by(97) {
        let got = first
            .get(&query, &record.id)
            .unwrap()
            .expect("stored by the other store");
        assert_eq!(got.body, record.body());
    }
}
