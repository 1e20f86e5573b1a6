//! Ingest keys: creation, verification, revocation, tenant binding, and what listing shows.

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use vigil_tenancy::{ControlError, ControlStore, IngestKeyId, LicenseTier};

use crate::common::{Fixture, START, tenant};

fn two_tenants() -> Fixture {
    let fx = Fixture::new();
    for (n, name) in [(1, "Contoso"), (2, "Fabrikam")] {
        fx.store
            .create_tenant(&tenant(n), name, LicenseTier::P1)
            .unwrap();
    }
    fx
}

fn rejected<T: std::fmt::Debug>(result: Result<T, ControlError>) {
    assert!(
        matches!(result, Err(ControlError::IngestKeyRejected)),
        "expected IngestKeyRejected, got {result:?}"
    );
}

#[test]
fn create_verify_revoke() {
    let fx = two_tenants();
    let store = &fx.store;
    let key = store.create_ingest_key(&tenant(1), "siem").unwrap();
    let text = key.secret.expose().to_owned();
    assert!(text.starts_with(&format!("vgk_{}_", key.info.id)));
    assert_eq!(text.len(), 64);
    assert_eq!(key.info.name, "siem");
    assert_eq!(key.info.tenant, tenant(1));
    assert_eq!(key.info.created, START);
    assert!(key.info.is_active());
    assert!(key.info.last_used.is_none());

    assert_eq!(
        store.verify_ingest_key(&tenant(1), &text).unwrap(),
        key.info.id
    );
    let listed = store.ingest_keys(&tenant(1)).unwrap();
    assert_eq!(listed[0].last_used, Some(START));

    fx.clock.advance(time::Duration::hours(1));
    let revoked = store.revoke_ingest_key(&tenant(1), &key.info.id).unwrap();
    assert_eq!(revoked.revoked, Some(START + time::Duration::hours(1)));
    rejected(store.verify_ingest_key(&tenant(1), &text));

    // Revoking again keeps the first revocation time.
    fx.clock.advance(time::Duration::hours(1));
    let again = store.revoke_ingest_key(&tenant(1), &key.info.id).unwrap();
    assert_eq!(again.revoked, revoked.revoked);
}

#[test]
fn last_used_is_refreshed_at_most_once_a_minute() {
    let fx = two_tenants();
    let key = fx.store.create_ingest_key(&tenant(1), "siem").unwrap();
    let verify = || {
        fx.store
            .verify_ingest_key(&tenant(1), key.secret.expose())
            .unwrap();
        fx.store.ingest_keys(&tenant(1)).unwrap()[0].last_used
    };
    assert_eq!(verify(), Some(START));
    fx.clock.advance(time::Duration::seconds(30));
    assert_eq!(verify(), Some(START));
    fx.clock.advance(time::Duration::seconds(31));
    assert_eq!(verify(), Some(START + time::Duration::seconds(61)));
}

#[test]
fn a_key_writes_only_into_its_own_tenant() {
    let fx = two_tenants();
    let store = &fx.store;
    let a = store.create_ingest_key(&tenant(1), "a").unwrap();
    let b = store.create_ingest_key(&tenant(2), "b").unwrap();
    rejected(store.verify_ingest_key(&tenant(2), a.secret.expose()));
    rejected(store.verify_ingest_key(&tenant(1), b.secret.expose()));
    // Unregistered tenant too.
    rejected(store.verify_ingest_key(&tenant(3), a.secret.expose()));

    // Tenant B cannot revoke or even see A's key.
    assert!(matches!(
        store.revoke_ingest_key(&tenant(2), &a.info.id),
        Err(ControlError::IngestKeyNotFound(_))
    ));
    assert!(
        store
            .verify_ingest_key(&tenant(1), a.secret.expose())
            .is_ok()
    );
    let b_keys = store.ingest_keys(&tenant(2)).unwrap();
    assert_eq!(b_keys.len(), 1);
    assert_eq!(b_keys[0].id, b.info.id);
}

#[test]
fn wrong_secrets_and_unknown_ids_fail() {
    let fx = two_tenants();
    let store = &fx.store;
    let key = store.create_ingest_key(&tenant(1), "siem").unwrap();
    let text = key.secret.expose();

    // Same id, different (well-formed) secret.
    let other = store.create_ingest_key(&tenant(1), "other").unwrap();
    let forged = format!("{}{}", &text[..21], &other.secret.expose()[21..]);
    rejected(store.verify_ingest_key(&tenant(1), &forged));

    // Same secret, another id.
    let swapped = format!("vgk_{}{}", other.info.id, &text[20..]);
    rejected(store.verify_ingest_key(&tenant(1), &swapped));

    // An id that does not exist.
    let unknown = format!("vgk_0000000000000000{}", &text[20..]);
    rejected(store.verify_ingest_key(&tenant(1), &unknown));

    rejected(store.verify_ingest_key(&tenant(1), ""));
    rejected(store.verify_ingest_key(&tenant(1), &text[..63]));
    rejected(store.verify_ingest_key(&tenant(1), &format!("{text} ")));
    rejected(store.verify_ingest_key(&tenant(1), &text.to_ascii_uppercase()));

    assert!(matches!(
        store.revoke_ingest_key(&tenant(1), &IngestKeyId::parse("00000000deadbeef").unwrap()),
        Err(ControlError::IngestKeyNotFound(_))
    ));
}

#[test]
fn keys_need_a_registered_tenant_and_a_name() {
    let fx = two_tenants();
    assert!(matches!(
        fx.store.create_ingest_key(&tenant(7), "x"),
        Err(ControlError::TenantNotFound(_))
    ));
    assert!(matches!(
        fx.store.create_ingest_key(&tenant(1), " "),
        Err(ControlError::Invalid { .. })
    ));
    assert!(fx.store.ingest_keys(&tenant(1)).unwrap().is_empty());
}

#[test]
fn listing_never_shows_secrets_or_hashes() {
    let fx = two_tenants();
    let store = &fx.store;
    let mut secrets = Vec::new();
    for name in ["first", "second", "third"] {
        fx.clock.advance(time::Duration::seconds(1));
        secrets.push(store.create_ingest_key(&tenant(1), name).unwrap());
    }
    store
        .revoke_ingest_key(&tenant(1), &secrets[1].info.id)
        .unwrap();
    let listed = store.ingest_keys(&tenant(1)).unwrap();
    assert_eq!(
        listed.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(),
        ["first", "second", "third"]
    );
    assert_eq!(
        listed.iter().map(|k| k.is_active()).collect::<Vec<_>>(),
        [true, false, true]
    );
    let shown = format!("{listed:?}");
    for key in &secrets {
        let secret_part = &key.secret.expose()[21..];
        assert!(!shown.contains(secret_part));
        assert!(!format!("{key:?}").contains(secret_part), "Debug hides it");
    }
    // Nor is any secret material on disk: the stored hash is not the secret text.
    let raw = std::fs::read(fx.store.path()).unwrap_or_default();
    let wal = std::fs::read(fx.store.path().with_extension("db-wal")).unwrap_or_default();
    for key in &secrets {
        let needle = &key.secret.expose().as_bytes()[21..];
        assert!(!raw.windows(needle.len()).any(|w| w == needle));
        assert!(!wal.windows(needle.len()).any(|w| w == needle));
    }
}

/// Any string shaped roughly like a key (or not at all) is rejected, never a panic. One
/// store serves every generated case; opening one per case would dominate the run time.
#[test]
fn malformed_keys_are_rejected_without_panicking() {
    let fx = two_tenants();
    let key = fx.store.create_ingest_key(&tenant(1), "k").unwrap();
    let strategy = (".{0,100}", "[A-Za-z0-9_=+/-]{0,60}", "[0-9a-fA-F]{0,20}");
    let mut runner = TestRunner::new(ProptestConfig::with_cases(256));
    runner
        .run(&strategy, |(garbage, tail, id)| {
            let candidates = [
                garbage.clone(),
                format!("vgk_{garbage}"),
                format!("vgk_{id}_{tail}"),
                format!("vgk_{}_{tail}", key.info.id),
                format!("{}{tail}", &key.secret.expose()[..21]),
            ];
            for candidate in candidates {
                if candidate == key.secret.expose() {
                    continue;
                }
                let result = fx.store.verify_ingest_key(&tenant(1), &candidate);
                prop_assert!(
                    matches!(result, Err(ControlError::IngestKeyRejected)),
                    "{candidate:?}: {result:?}"
                );
            }
            Ok(())
        })
        .unwrap();
}
