//! `Store::stage` on SQLite: a record is prepared (compressed, columns extracted) on the
//! caller's thread only once its kind has a dictionary; staged and plain records mix freely
//! in one append, read back identically, stay idempotent and all-or-nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use vigil_model::{ApiVersion, LogKind, ValidatedRecord};
use vigil_store::testsuite::walk;
use vigil_store::{PreparedRecord, ScopedQuery, SortOrder, Staged, Store, TenantId};
use vigil_store_sqlite::{SqliteStore, StoreOptions};

const TENANT: &str = "11111111-2222-3333-4444-555555555555";

fn store(dir: &std::path::Path) -> SqliteStore {
    let options = StoreOptions {
        durable: false,
        cache_mib: 8,
        ..Default::default()
    };
    SqliteStore::open(dir, options).unwrap()
}

fn tenant() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

fn batch(prefix: &str, n: usize) -> Vec<ValidatedRecord> {
    vigil_store::testsuite::sign_ins(prefix, n, 3)
}

fn query(filter: Option<&str>) -> ScopedQuery {
    ScopedQuery {
        tenant: tenant(),
        kind: LogKind::SignIn,
        filters: filter
            .map(|f| vigil_query::parse_and_check(f, LogKind::SignIn, ApiVersion::Beta).unwrap())
            .into_iter()
            .collect(),
        order: SortOrder::Desc,
        not_before: None,
    }
}

fn is_prepared(staged: &Staged) -> bool {
    matches!(staged, Staged::Prepared(_))
}

#[test]
fn records_are_prepared_once_a_dictionary_exists_and_read_back_like_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let first = batch("first", 5);
    assert!(
        !is_prepared(&store.stage(first[0].clone()).unwrap()),
        "no dictionary yet: the append trains one from the validated JSON first"
    );
    store.append(&tenant(), batch("train", 600)).unwrap();

    let later = batch("later", 40);
    let mut staged: Vec<Staged> = Vec::new();
    for (i, record) in later.iter().enumerate() {
        // Every other record staged; the rest appended as validation left them.
        staged.push(if i % 2 == 0 {
            let prepared = store.stage(record.clone()).unwrap();
            assert!(is_prepared(&prepared), "record {i}");
            prepared
        } else {
            Staged::Validated(record.clone())
        });
    }
    // The same id twice in the batch, once staged and once not, is stored once.
    staged.push(store.stage(later[1].clone()).unwrap());
    let report = store.append_staged(&tenant(), staged).unwrap();
    assert_eq!((report.stored, report.duplicates), (40, 1));

    let all = query(None);
    for record in &later {
        let got = store.get(&all, &record.id).unwrap().expect("stored");
        assert_eq!(got.body, record.body(), "{}", record.id);
    }
    // Indexed columns of staged records answer filters.
    let filtered = walk(
        &store,
        &query(Some(
            "userPrincipalName eq 'user3@contoso.com' and status/errorCode eq 0",
        )),
        4,
    );
    let mut expected: Vec<String> = (0..600)
        .map(|i| (format!("train-{i}"), i))
        .chain((0..40).map(|i| (format!("later-{i}"), i)))
        .filter(|(_, i)| i % 7 == 3 && i % 3 == 0)
        .map(|(id, _)| id)
        .collect();
    let mut got = filtered.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    // Staged again, the whole batch is duplicates.
    let again: Vec<Staged> = later
        .iter()
        .map(|r| store.stage(r.clone()).unwrap())
        .collect();
    let report = store.append_staged(&tenant(), again).unwrap();
    assert_eq!((report.stored, report.duplicates), (0, 40));
}

#[test]
fn a_record_staged_by_another_backend_fails_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    store.append(&tenant(), batch("train", 600)).unwrap();
    let mut staged: Vec<Staged> = batch("mixed", 10)
        .into_iter()
        .map(|r| store.stage(r).unwrap())
        .collect();
    staged.push(Staged::Prepared(PreparedRecord::new(
        LogKind::SignIn,
        "foreign".into(),
        "another backend's form".to_owned(),
    )));
    let err = store.append_staged(&tenant(), staged).unwrap_err();
    assert!(err.to_string().contains("foreign"), "{err}");
    let ids = walk(&store, &query(None), 1000);
    assert_eq!(ids.len(), 600, "nothing of the refused batch is stored");
}
