//! The shared backend conformance suite against the SQLite store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use vigil_store::Store;
use vigil_store_sqlite::{Layout, SqliteStore, StoreOptions};

#[test]
fn sqlite_rows_pass_the_store_conformance_suite() {
    conformance(Layout::Rows);
}

#[test]
fn sqlite_blocks_pass_the_store_conformance_suite() {
    conformance(Layout::Blocks);
}

fn conformance(layout: Layout) {
    let dirs = std::sync::Mutex::new(Vec::new());
    let fresh = || -> Box<dyn Store> {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(
            dir.path(),
            StoreOptions {
                durable: false,
                cache_mib: 8,
                scan_budget: 5,
                layout,
            },
        )
        .unwrap();
        dirs.lock().unwrap().push(dir);
        Box::new(store)
    };
    vigil_store::testsuite::run_all(&fresh);
}
