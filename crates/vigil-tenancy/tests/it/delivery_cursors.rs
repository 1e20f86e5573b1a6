//! Export delivery positions: created at a start sequence per kind, moved only forward,
//! dropped with their destination or setting, and the floor retention honours.

use serde_json::json;
use vigil_model::LogKind;
use vigil_tenancy::{ControlStore, DeliveryKey, DiagnosticSetting, LicenseTier};

use crate::common::{Fixture, tenant};

fn setting(name: &str, paths: &[&str]) -> DiagnosticSetting {
    let destinations: Vec<_> = paths
        .iter()
        .map(|p| json!({"kind": "localDirectory", "path": p}))
        .collect();
    let doc = json!({
        "name": name,
        "properties": {
            "logs": [{"category": "SignInLogs", "enabled": true}],
            "destinations": destinations
        }
    });
    DiagnosticSetting::from_json(doc.to_string().as_bytes()).unwrap()
}

fn keys(setting: &DiagnosticSetting) -> Vec<String> {
    setting.destinations.iter().map(|d| d.key()).collect()
}

const START: [(LogKind, u64); 4] = [
    (LogKind::SignIn, 10),
    (LogKind::DirectoryAudit, 20),
    (LogKind::Provisioning, 0),
    (LogKind::CustomSecurityAttributeAudit, 5),
];

#[test]
fn positions_follow_settings_and_only_move_forward() {
    let fx = Fixture::new();
    let t = tenant(1);
    fx.store
        .create_tenant(&t, "Contoso", LicenseTier::P2)
        .unwrap();
    let s = setting("archive", &["/srv/a", "/srv/b"]);
    fx.store.create_diagnostic_setting(&t, &s).unwrap();
    fx.store
        .sync_delivery_cursors(&t, "archive", &keys(&s), &START)
        .unwrap();
    let cursors = fx.store.delivery_cursors(&t).unwrap();
    assert_eq!(cursors.len(), 8, "two destinations × four kinds");
    assert_eq!(
        fx.store.delivery_floor(&t, LogKind::SignIn).unwrap(),
        Some(10)
    );
    assert_eq!(
        fx.store.delivery_floor(&t, LogKind::Provisioning).unwrap(),
        Some(0)
    );

    let key = DeliveryKey {
        tenant: t.clone(),
        setting: "archive".into(),
        destination: keys(&s)[0].clone(),
        kind: LogKind::SignIn,
    };
    assert!(fx.store.advance_delivery(&key, 15, 5, false).unwrap());
    assert!(
        fx.store.advance_delivery(&key, 12, 0, true).unwrap(),
        "exists"
    );
    let now = fx.store.delivery_cursors(&t).unwrap();
    let moved = now.iter().find(|c| c.key == key).unwrap();
    assert_eq!(moved.seq, 15, "never moves back");
    assert_eq!(moved.delivered, 5);
    assert!(moved.caught_up_at.is_some());
    assert_eq!(
        fx.store.delivery_floor(&t, LogKind::SignIn).unwrap(),
        Some(10),
        "the other destination still holds the floor"
    );

    fx.store
        .record_delivery_error(&key, &"x".repeat(5_000))
        .unwrap();
    let errored = fx.store.delivery_cursors(&t).unwrap();
    let (message, _) = errored
        .iter()
        .find(|c| c.key == key)
        .unwrap()
        .last_error
        .clone()
        .unwrap();
    assert_eq!(message.len(), vigil_tenancy::delivery::MAX_ERROR_CHARS);

    // Syncing again keeps positions; a removed destination loses its own.
    let fewer = setting("archive", &["/srv/a"]);
    fx.store.update_diagnostic_setting(&t, &fewer).unwrap();
    fx.store
        .sync_delivery_cursors(&t, "archive", &keys(&fewer), &[(LogKind::SignIn, 99)])
        .unwrap();
    let after = fx.store.delivery_cursors(&t).unwrap();
    assert_eq!(after.len(), 4);
    assert_eq!(after.iter().find(|c| c.key == key).unwrap().seq, 15);
    assert_eq!(
        fx.store.delivery_floor(&t, LogKind::SignIn).unwrap(),
        Some(15)
    );

    // Positions go with their setting (names compare case-insensitively).
    fx.store.delete_diagnostic_setting(&t, "ARCHIVE").unwrap();
    assert!(fx.store.delivery_cursors(&t).unwrap().is_empty());
    assert_eq!(fx.store.delivery_floor(&t, LogKind::SignIn).unwrap(), None);
    assert!(!fx.store.advance_delivery(&key, 20, 1, true).unwrap());
}

#[test]
fn positions_survive_reopen_and_are_tenant_scoped() {
    let fx = Fixture::new();
    let (a, b) = (tenant(1), tenant(2));
    for (t, name) in [(&a, "A"), (&b, "B")] {
        fx.store.create_tenant(t, name, LicenseTier::P1).unwrap();
    }
    let s = setting("archive", &["/srv/a"]);
    fx.store.create_diagnostic_setting(&a, &s).unwrap();
    fx.store
        .sync_delivery_cursors(&a, "archive", &keys(&s), &START)
        .unwrap();
    let fx = fx.reopen();
    assert_eq!(fx.store.delivery_cursors(&a).unwrap().len(), 4);
    assert!(fx.store.delivery_cursors(&b).unwrap().is_empty());
    assert_eq!(fx.store.delivery_floor(&b, LogKind::SignIn).unwrap(), None);
}

#[test]
fn destination_keys_ignore_secrets_and_track_targets() {
    let with = |password: &str, topic: &str| {
        let doc = json!({"name": "s", "properties": {
            "logs": [{"category": "AuditLogs", "enabled": true}],
            "destinations": [{"kind": "kafka", "bootstrapServers": ["k:9092"], "topic": topic,
                              "sasl": {"username": "u", "password": password}}]}});
        DiagnosticSetting::from_json(doc.to_string().as_bytes())
            .unwrap()
            .destinations[0]
            .key()
    };
    assert_eq!(
        with("one", "t"),
        with("two", "t"),
        "a rotated secret keeps the key"
    );
    assert_ne!(with("one", "t"), with("one", "other"));
    assert!(with("one", "t").starts_with("kafka-"));
}
