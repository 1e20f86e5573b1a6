//! Tenants, license tiers and retention through `SqliteControlStore`.

use vigil_model::LogKind;
use vigil_tenancy::{
    ControlError, ControlStore, LicenseTier, MAX_RETENTION_DAYS, RetentionPolicy, RetentionSource,
};

use crate::common::{Fixture, START, tenant};

#[test]
fn create_get_list_and_duplicate() {
    let fx = Fixture::new();
    let store = &fx.store;
    assert!(store.tenants().unwrap().is_empty());
    assert!(store.tenant(&tenant(1)).unwrap().is_none());

    let contoso = store
        .create_tenant(&tenant(1), "  Contoso ", LicenseTier::P2)
        .unwrap();
    assert_eq!(contoso.id, tenant(1));
    assert_eq!(contoso.display_name, "Contoso");
    assert_eq!(contoso.license, LicenseTier::P2);
    assert_eq!(contoso.created, START);

    fx.clock.advance(time::Duration::minutes(1));
    store
        .create_tenant(&tenant(2), "Fabrikam", LicenseTier::Free)
        .unwrap();
    assert_eq!(store.tenant(&tenant(1)).unwrap(), Some(contoso.clone()));

    let listed = store.tenants().unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        vec![tenant(1), tenant(2)]
    );

    match store.create_tenant(&tenant(1), "Again", LicenseTier::Free) {
        Err(ControlError::TenantExists(id)) => assert_eq!(id, tenant(1)),
        other => panic!("expected TenantExists, got {other:?}"),
    }
    // The duplicate changed nothing.
    assert_eq!(store.tenant(&tenant(1)).unwrap(), Some(contoso));
}

#[test]
fn bad_display_names_are_rejected() {
    let fx = Fixture::new();
    for bad in ["", "   ", "line\nbreak"] {
        assert!(matches!(
            fx.store.create_tenant(&tenant(1), bad, LicenseTier::Free),
            Err(ControlError::Invalid { .. })
        ));
    }
    assert!(fx.store.tenants().unwrap().is_empty());
}

#[test]
fn set_license_and_ensure() {
    let fx = Fixture::new();
    let store = &fx.store;
    assert!(matches!(
        store.set_license(&tenant(9), LicenseTier::P1),
        Err(ControlError::TenantNotFound(_))
    ));
    let created = store
        .ensure_tenant(&tenant(1), "Contoso", LicenseTier::Free)
        .unwrap();
    let again = store
        .ensure_tenant(&tenant(1), "Other name", LicenseTier::P2)
        .unwrap();
    assert_eq!(created, again, "ensure leaves an existing tenant alone");

    let upgraded = store.set_license(&tenant(1), LicenseTier::P1).unwrap();
    assert_eq!(upgraded.license, LicenseTier::P1);
    assert_eq!(upgraded.display_name, "Contoso");
}

#[test]
fn license_change_changes_default_retention() {
    let fx = Fixture::new();
    let store = &fx.store;
    store
        .create_tenant(&tenant(1), "Contoso", LicenseTier::Free)
        .unwrap();
    let default = |days| RetentionPolicy {
        days,
        source: RetentionSource::Default,
    };
    for kind in LogKind::ALL {
        assert_eq!(
            store.effective_retention(&tenant(1), kind).unwrap(),
            default(7)
        );
    }
    store.set_license(&tenant(1), LicenseTier::P1).unwrap();
    assert_eq!(
        store
            .effective_retention(&tenant(1), LogKind::SignIn)
            .unwrap(),
        default(30)
    );
    store.set_license(&tenant(1), LicenseTier::P2).unwrap();
    assert_eq!(
        store
            .effective_retention(&tenant(1), LogKind::Provisioning)
            .unwrap(),
        default(30)
    );
}

#[test]
fn overrides_beyond_thirty_days_are_accepted_and_zero_is_not() {
    let fx = Fixture::new();
    let store = &fx.store;
    store
        .create_tenant(&tenant(1), "Contoso", LicenseTier::P1)
        .unwrap();
    store
        .create_tenant(&tenant(2), "Fabrikam", LicenseTier::P1)
        .unwrap();

    let set = store
        .set_retention_override(&tenant(1), LogKind::SignIn, Some(400))
        .unwrap();
    assert_eq!(set.effective.days, 400);
    assert_eq!(set.effective.source, RetentionSource::Override);
    assert_eq!(set.license_default_days, 30);

    for bad in [0, MAX_RETENTION_DAYS + 1] {
        assert!(matches!(
            store.set_retention_override(&tenant(1), LogKind::SignIn, Some(bad)),
            Err(ControlError::RetentionOutOfRange { .. })
        ));
    }
    store
        .set_retention_override(
            &tenant(1),
            LogKind::DirectoryAudit,
            Some(MAX_RETENTION_DAYS),
        )
        .unwrap();

    // The override survives a license change; only the default moves.
    store.set_license(&tenant(1), LicenseTier::Free).unwrap();
    let settings = store.retention_settings(&tenant(1)).unwrap();
    assert_eq!(
        settings.iter().map(|s| s.kind).collect::<Vec<_>>(),
        LogKind::ALL.to_vec()
    );
    assert_eq!(settings[0].effective.days, 400);
    assert_eq!(settings[0].override_days, Some(400));
    assert_eq!(settings[0].license_default_days, 7);
    assert_eq!(settings[1].effective.days, MAX_RETENTION_DAYS);
    assert_eq!(settings[2].effective.source, RetentionSource::Default);
    assert_eq!(settings[2].effective.days, 7);

    // Per tenant: the other tenant is untouched.
    assert_eq!(
        store
            .effective_retention(&tenant(2), LogKind::SignIn)
            .unwrap()
            .days,
        30
    );

    // Clearing falls back to the license default.
    let cleared = store
        .set_retention_override(&tenant(1), LogKind::SignIn, None)
        .unwrap();
    assert_eq!(cleared.effective.days, 7);
    assert_eq!(cleared.effective.source, RetentionSource::Default);
    assert_eq!(cleared.override_days, None);
}

#[test]
fn retention_needs_a_registered_tenant() {
    let fx = Fixture::new();
    assert!(matches!(
        fx.store
            .set_retention_override(&tenant(3), LogKind::SignIn, Some(90)),
        Err(ControlError::TenantNotFound(_))
    ));
    assert!(matches!(
        fx.store.effective_retention(&tenant(3), LogKind::SignIn),
        Err(ControlError::TenantNotFound(_))
    ));
    assert!(matches!(
        fx.store.retention_settings(&tenant(3)),
        Err(ControlError::TenantNotFound(_))
    ));
}

#[test]
fn cutoff_for_a_long_override() {
    let days = 400;
    let cut = vigil_tenancy::cutoff(START, days);
    assert_eq!(START - cut, time::Duration::days(400));
}
