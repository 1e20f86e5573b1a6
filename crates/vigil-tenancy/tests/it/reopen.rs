//! Reopening the control database keeps tenants, overrides, keys and the read audit.

use std::sync::Arc;

use time::Duration;
use vigil_model::LogKind;
use vigil_tenancy::{
    CONTROL_DATABASE_FILE, ControlError, ControlStore, LicenseTier, ReadAuditQuery,
    RetentionSource, SqliteControlStore,
};

use crate::common::{Fixture, START, tenant};
use crate::read_audit::entry;

#[test]
fn everything_survives_a_reopen() {
    let fx = Fixture::new();
    let store = &fx.store;
    store
        .create_tenant(&tenant(1), "Contoso", LicenseTier::P2)
        .unwrap();
    store
        .set_retention_override(&tenant(1), LogKind::DirectoryAudit, Some(730))
        .unwrap();
    let kept = store.create_ingest_key(&tenant(1), "kept").unwrap();
    let gone = store.create_ingest_key(&tenant(1), "gone").unwrap();
    store.revoke_ingest_key(&tenant(1), &gone.info.id).unwrap();
    for n in 0..3 {
        store
            .record_read(entry(tenant(1), START + Duration::seconds(n), "alice", 1))
            .unwrap();
    }
    // No flush: dropping the store drains the writer's queue.
    let tenants_before = store.tenants().unwrap();
    let keys_before = store.ingest_keys(&tenant(1)).unwrap();

    let fx = fx.reopen();
    let store = &fx.store;
    assert!(fx.dir.path().join(CONTROL_DATABASE_FILE).exists());
    assert_eq!(store.tenants().unwrap(), tenants_before);
    assert_eq!(store.ingest_keys(&tenant(1)).unwrap(), keys_before);
    let audit = store
        .effective_retention(&tenant(1), LogKind::DirectoryAudit)
        .unwrap();
    assert_eq!(audit.days, 730);
    assert_eq!(audit.source, RetentionSource::Override);
    assert!(
        store
            .verify_ingest_key(&tenant(1), kept.secret.expose())
            .is_ok()
    );
    assert!(matches!(
        store.verify_ingest_key(&tenant(1), gone.secret.expose()),
        Err(ControlError::IngestKeyRejected)
    ));
    let reads = store
        .list_reads(&tenant(1), &ReadAuditQuery::default())
        .unwrap();
    assert_eq!(reads.entries.len(), 3);
}

#[test]
fn clones_share_one_database() {
    let fx = Fixture::new();
    // Usable as a trait object, as the HTTP layer will hold it.
    let other: Arc<dyn ControlStore> = Arc::new(fx.store.clone());
    other
        .create_tenant(&tenant(1), "Contoso", LicenseTier::Free)
        .unwrap();
    other
        .record_read(entry(tenant(1), START, "alice", 1))
        .unwrap();
    drop(other);
    assert!(fx.store.tenant(&tenant(1)).unwrap().is_some());
    assert_eq!(
        fx.store
            .list_reads(&tenant(1), &ReadAuditQuery::default())
            .unwrap()
            .entries
            .len(),
        1
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let fx = Fixture::new();
    let path = fx.store.path().to_path_buf();
    let Fixture { store, clock, dir } = fx;
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let reopened = SqliteControlStore::open(dir.path(), Arc::new(clock));
    assert!(matches!(
        reopened,
        Err(ControlError::SchemaTooNew { found: 99, .. })
    ));
}
