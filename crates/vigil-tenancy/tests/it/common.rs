//! Shared fixtures: a control store in a temporary directory on a fixed clock.

use std::sync::Arc;

use time::OffsetDateTime;
use time::macros::datetime;
use vigil_model::clock::FixedClock;
use vigil_store::TenantId;
use vigil_tenancy::SqliteControlStore;

/// The fixed start time of every fixture clock.
pub const START: OffsetDateTime = datetime!(2026-03-01 09:00 UTC);

/// A store, its clock, and the directory that holds it (deleted on drop).
pub struct Fixture {
    pub store: SqliteControlStore,
    pub clock: FixedClock,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock::new(START);
        let store = SqliteControlStore::open(dir.path(), Arc::new(clock.clone())).unwrap();
        Fixture { store, clock, dir }
    }

    /// Drops the store and opens the same directory again.
    pub fn reopen(self) -> Fixture {
        let Fixture { store, clock, dir } = self;
        drop(store);
        let store = SqliteControlStore::open(dir.path(), Arc::new(clock.clone())).unwrap();
        Fixture { store, clock, dir }
    }
}

/// Tenant number `n` (a valid GUID).
pub fn tenant(n: u8) -> TenantId {
    TenantId::parse(&format!("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e{n:02x}")).unwrap()
}
