//! The retention purge against the real SQLite activity store, on a controlled clock:
//! license defaults (Free 7 days, P1/P2 30), a longer override, nothing unexpired deleted,
//! and moving time forward expires more.

use serde_json::json;
use time::Duration;
use vigil_model::clock::Clock;
use vigil_model::{LicenseTier, LogKind, ValidatedRecord};
use vigil_store::{ScopedQuery, SortOrder, Store, TenantId};
use vigil_store_sqlite::{SqliteStore, StoreOptions};
use vigil_tenancy::{ControlStore, purge_expired};

use crate::common::{Fixture, START, tenant};

fn sign_in(id: &str, age_hours: i64) -> ValidatedRecord {
    let at = START - Duration::hours(age_hours);
    vigil_model::validate(
        LogKind::SignIn,
        json!({
            "id": id,
            "createdDateTime": vigil_model::datetime::format_datetime(at),
            "userId": "u1",
            "userPrincipalName": "u1@contoso.com",
            "isInteractive": true,
        }),
    )
    .unwrap()
}

fn audit(id: &str, age_hours: i64) -> ValidatedRecord {
    let at = START - Duration::hours(age_hours);
    vigil_model::validate(
        LogKind::DirectoryAudit,
        json!({
            "id": id,
            "activityDateTime": vigil_model::datetime::format_datetime(at),
            "category": "UserManagement",
            "activityDisplayName": "Update user",
        }),
    )
    .unwrap()
}

fn ids(store: &SqliteStore, tenant: &TenantId, kind: LogKind) -> Vec<String> {
    let query = ScopedQuery {
        tenant: tenant.clone(),
        kind,
        filters: Vec::new(),
        order: SortOrder::Asc,
        not_before: None,
    };
    vigil_store::testsuite::walk(store, &query, 100)
}

/// Sign-in ages in hours: 1 h, 6 d 23 h, 7 d 1 h, 29 d, 31 d, 399 d, 401 d.
const AGES: [i64; 7] = [
    1,
    7 * 24 - 1,
    7 * 24 + 1,
    29 * 24,
    31 * 24,
    399 * 24,
    401 * 24,
];

fn names(prefix: &str, keep: &[usize]) -> Vec<String> {
    // Ascending time order is descending age.
    let mut kept: Vec<usize> = keep.to_vec();
    kept.sort_by_key(|i| std::cmp::Reverse(AGES[*i]));
    kept.into_iter().map(|i| format!("{prefix}{i}")).collect()
}

#[test]
fn purge_keeps_exactly_what_retention_allows() {
    let fixture = Fixture::new();
    let control = &fixture.store;
    let data = SqliteStore::open(
        fixture.dir.path(),
        StoreOptions {
            durable: false,
            cache_mib: 8,
            scan_budget: 10_000,
            ..Default::default()
        },
    )
    .unwrap();
    let (free, p1, long) = (tenant(1), tenant(2), tenant(3));
    control
        .create_tenant(&free, "Free", LicenseTier::Free)
        .unwrap();
    control.create_tenant(&p1, "P1", LicenseTier::P1).unwrap();
    control
        .create_tenant(&long, "Long", LicenseTier::P2)
        .unwrap();
    control
        .set_retention_override(&long, LogKind::SignIn, Some(400))
        .unwrap();
    for (t, prefix) in [(&free, "f"), (&p1, "p"), (&long, "l")] {
        let records = AGES
            .iter()
            .enumerate()
            .map(|(i, age)| sign_in(&format!("{prefix}{i}"), *age))
            .collect();
        data.append(t, records).unwrap();
        data.append(
            t,
            vec![
                audit(&format!("{prefix}-a8"), 8 * 24),
                audit(&format!("{prefix}-a31"), 31 * 24),
            ],
        )
        .unwrap();
    }
    // The newest rows of each table (never purged: see Store::purge) are unexpired anyway.
    let other = tenant(9);
    data.append(&other, vec![sign_in("fresh", 0)]).unwrap();
    data.append(&other, vec![audit("fresh-a", 0)]).unwrap();

    let report = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(report.tenants, 3);
    assert_eq!(ids(&data, &free, LogKind::SignIn), names("f", &[0, 1]));
    assert_eq!(ids(&data, &p1, LogKind::SignIn), names("p", &[0, 1, 2, 3]));
    assert_eq!(
        ids(&data, &long, LogKind::SignIn),
        names("l", &[0, 1, 2, 3, 4, 5])
    );
    assert_eq!(
        ids(&data, &free, LogKind::DirectoryAudit),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&data, &p1, LogKind::DirectoryAudit),
        vec!["p-a8".to_owned()]
    );
    assert_eq!(
        ids(&data, &long, LogKind::DirectoryAudit),
        vec!["l-a8".to_owned()]
    );
    assert_eq!(
        ids(&data, &other, LogKind::SignIn),
        vec!["fresh".to_owned()],
        "unprovisioned tenants are left alone"
    );
    assert_eq!(report.total(), 5 + 3 + 1 + 2 + 1 + 1);

    // Nothing more is due at the same instant.
    assert_eq!(
        purge_expired(&data, control, fixture.clock.now())
            .unwrap()
            .total(),
        0
    );

    // Two days later the 6 d 23 h sign-in of the Free tenant has expired too.
    fixture.clock.advance(Duration::days(2));
    let later = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(ids(&data, &free, LogKind::SignIn), names("f", &[0]));
    assert_eq!(ids(&data, &p1, LogKind::SignIn), names("p", &[0, 1, 2]));
    assert_eq!(later.total(), 1 + 1 + 1);

    // Downgrading the long tenant's override takes effect on the next pass.
    control
        .set_retention_override(&long, LogKind::SignIn, None)
        .unwrap();
    purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(ids(&data, &long, LogKind::SignIn), names("l", &[0, 1, 2]));
}

/// A tenant on the Free license (7 days) exporting sign-ins to one destination that has
/// received nothing yet; answers the store, the tenant, the destination's key and the
/// sign-in high-water mark its position starts at.
fn exporting_tenant(fixture: &Fixture) -> (SqliteStore, TenantId, String, u64) {
    let control = &fixture.store;
    let data = SqliteStore::open(
        fixture.dir.path(),
        StoreOptions {
            durable: false,
            cache_mib: 8,
            scan_budget: 10_000,
            ..Default::default()
        },
    )
    .unwrap();
    let t = tenant(1);
    control
        .create_tenant(&t, "Free", LicenseTier::Free)
        .unwrap();
    let start = data.high_water_mark(LogKind::SignIn).unwrap();
    let setting = vigil_tenancy::DiagnosticSetting::from_json(
        json!({"name": "archive", "properties": {
            "logs": [{"category": "SignInLogs", "enabled": true}],
            "destinations": [{"kind": "localDirectory", "path": "/srv/vigil"}]}})
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    control.create_diagnostic_setting(&t, &setting).unwrap();
    let destination = setting.destinations[0].key();
    control
        .sync_delivery_cursors(
            &t,
            "archive",
            std::slice::from_ref(&destination),
            &[(LogKind::SignIn, start)],
        )
        .unwrap();
    (data, t, destination, start)
}

#[test]
fn purge_never_deletes_what_a_destination_has_not_received() {
    let fixture = Fixture::new();
    let control = &fixture.store;
    let (data, t, destination, start) = exporting_tenant(&fixture);
    // Three expired sign-ins (8, 9, 10 days old on a 7-day license) and a fresh one.
    data.append(
        &t,
        vec![
            sign_in("old1", 10 * 24),
            sign_in("old2", 9 * 24),
            sign_in("old3", 8 * 24),
            sign_in("new", 1),
        ],
    )
    .unwrap();
    let purged = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(purged.total(), 0, "nothing was delivered yet");
    assert_eq!(ids(&data, &t, LogKind::SignIn).len(), 4);

    // The destination acknowledges the first two: only those may go.
    let walk = vigil_store::testsuite::changes(
        &data,
        &ScopedQuery {
            tenant: t.clone(),
            kind: LogKind::SignIn,
            filters: Vec::new(),
            order: SortOrder::Asc,
            not_before: None,
        },
        start,
        100,
    );
    let key = vigil_tenancy::DeliveryKey {
        tenant: t.clone(),
        setting: "archive".into(),
        destination,
        kind: LogKind::SignIn,
    };
    control
        .advance_delivery(&key, walk[1].seq, 2, false)
        .unwrap();
    let purged = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(purged.total(), 2);
    assert_eq!(ids(&data, &t, LogKind::SignIn), ["old3", "new"]);

    // Deleting the setting releases the rest to retention.
    control.delete_diagnostic_setting(&t, "archive").unwrap();
    purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(ids(&data, &t, LogKind::SignIn), ["new"]);
}

#[test]
fn the_export_hold_limit_bounds_how_long_a_silent_destination_keeps_records() {
    let fixture = Fixture::new();
    let control = &fixture.store;
    let (data, t, _destination, _start) = exporting_tenant(&fixture);
    // On a 7-day license: 12, 9 and 8 days old, and a fresh one; the destination never
    // acknowledges anything.
    data.append(
        &t,
        vec![
            sign_in("old1", 12 * 24),
            sign_in("old2", 9 * 24),
            sign_in("old3", 8 * 24),
            sign_in("new", 1),
        ],
    )
    .unwrap();
    let purged = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(
        purged.total(),
        0,
        "without a hold limit records wait forever"
    );
    assert!(purged.skipped.is_empty());

    // 3 days past retention: only the 12-day-old record goes, and is reported.
    assert_eq!(control.set_export_hold(&t, Some(3)).unwrap(), Some(3));
    assert_eq!(control.export_hold(&t).unwrap(), Some(3));
    let purged = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(ids(&data, &t, LogKind::SignIn), ["old2", "old3", "new"]);
    assert_eq!(
        purged.skipped,
        [vigil_tenancy::SkippedExport {
            tenant: t.clone(),
            kind: LogKind::SignIn,
            records: 1,
            retention_days: 7,
            hold_days: 3,
        }]
    );

    // 0 days: undelivered records go when their retention ends, like any other.
    control.set_export_hold(&t, Some(0)).unwrap();
    let purged = purge_expired(&data, control, fixture.clock.now()).unwrap();
    assert_eq!(ids(&data, &t, LogKind::SignIn), ["new"]);
    assert_eq!(purged.skipped.len(), 1);
    assert_eq!(purged.skipped[0].records, 2);

    // Clearing it brings back waiting forever; out-of-range values are refused.
    assert_eq!(control.set_export_hold(&t, None).unwrap(), None);
    assert_eq!(control.export_hold(&t).unwrap(), None);
    assert!(control.set_export_hold(&t, Some(36_501)).is_err());
    assert!(
        control.set_export_hold(&tenant(9), Some(1)).is_err(),
        "unknown tenant"
    );
}
