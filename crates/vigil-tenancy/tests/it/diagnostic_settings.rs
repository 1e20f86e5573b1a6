//! Diagnostic settings: the limit of five, unique names, tenant isolation, reopening, and
//! secrets that are neither in the database file nor in any rendering.

use serde_json::json;
use vigil_tenancy::diagnostic_settings::Destination;
use vigil_tenancy::{ControlError, ControlStore, DiagnosticSetting, LicenseTier};

use crate::common::{Fixture, tenant};

const PASSWORD: &str = "kafka-password-5f1d";
const HUB: &str = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=ZXZlbnRodWIta2V5LTlhMmM=";

fn setting(name: &str) -> DiagnosticSetting {
    let doc = json!({
        "name": name,
        "properties": {
            "logs": [{"category": "SignInLogs", "enabled": true}],
            "destinations": [
                {"kind": "kafka", "bootstrapServers": ["kafka:9092"],
                 "sasl": {"username": "vigil", "password": PASSWORD}},
                {"kind": "eventHub", "connectionString": HUB}
            ]
        }
    });
    DiagnosticSetting::from_json(doc.to_string().as_bytes()).unwrap()
}

fn two_tenants() -> Fixture {
    let fx = Fixture::new();
    for (n, name) in [(1, "Contoso"), (2, "Fabrikam")] {
        fx.store
            .create_tenant(&tenant(n), name, LicenseTier::P2)
            .unwrap();
    }
    fx
}

#[test]
fn create_list_show_update_delete() {
    let fx = two_tenants();
    let store = &fx.store;
    let created = store
        .create_diagnostic_setting(&tenant(1), &setting("siem"))
        .unwrap();
    assert_eq!(created, setting("siem"));
    assert_eq!(
        store.diagnostic_settings(&tenant(1)).unwrap(),
        vec![setting("siem")]
    );
    // Names compare case-insensitively.
    assert_eq!(
        store.diagnostic_setting(&tenant(1), "SIEM").unwrap(),
        Some(setting("siem"))
    );

    // Update with the secrets as reads show them: the stored values are kept.
    let mut shown: serde_json::Value = serde_json::to_value(setting("siem")).unwrap();
    shown["properties"]["logs"][0]["enabled"] = json!(false);
    let update: DiagnosticSetting = serde_json::from_value(shown).unwrap();
    let updated = store
        .update_diagnostic_setting(&tenant(1), &update)
        .unwrap();
    assert!(!updated.logs[0].enabled);
    let Destination::Kafka(kafka) = &updated.destinations[0] else {
        panic!("not kafka")
    };
    assert_eq!(
        kafka.sasl.as_ref().unwrap().password.expose(),
        Some(PASSWORD)
    );
    assert_eq!(
        store.diagnostic_setting(&tenant(1), "siem").unwrap(),
        Some(updated)
    );

    assert!(matches!(
        store.update_diagnostic_setting(&tenant(1), &setting("other")),
        Err(ControlError::DiagnosticSettingNotFound(_))
    ));
    store.delete_diagnostic_setting(&tenant(1), "Siem").unwrap();
    assert!(store.diagnostic_settings(&tenant(1)).unwrap().is_empty());
    assert!(matches!(
        store.delete_diagnostic_setting(&tenant(1), "siem"),
        Err(ControlError::DiagnosticSettingNotFound(_))
    ));
}

#[test]
fn five_per_tenant_and_unique_names() {
    let fx = two_tenants();
    let store = &fx.store;
    for n in 0..5 {
        store
            .create_diagnostic_setting(&tenant(1), &setting(&format!("s{n}")))
            .unwrap();
    }
    assert!(matches!(
        store.create_diagnostic_setting(&tenant(1), &setting("s5")),
        Err(ControlError::DiagnosticSettingLimit { max: 5 })
    ));
    assert!(matches!(
        store.create_diagnostic_setting(&tenant(1), &setting("S0")),
        Err(ControlError::DiagnosticSettingExists(_))
    ));
    // The limit is per tenant; freeing one makes room.
    store
        .create_diagnostic_setting(&tenant(2), &setting("s5"))
        .unwrap();
    store.delete_diagnostic_setting(&tenant(1), "s4").unwrap();
    store
        .create_diagnostic_setting(&tenant(1), &setting("s5"))
        .unwrap();
    let names: Vec<String> = store
        .diagnostic_settings(&tenant(1))
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["s0", "s1", "s2", "s3", "s5"]);
}

#[test]
fn tenants_are_isolated() {
    let fx = two_tenants();
    let store = &fx.store;
    store
        .create_diagnostic_setting(&tenant(1), &setting("siem"))
        .unwrap();
    assert!(store.diagnostic_settings(&tenant(2)).unwrap().is_empty());
    assert_eq!(store.diagnostic_setting(&tenant(2), "siem").unwrap(), None);
    assert!(store.delete_diagnostic_setting(&tenant(2), "siem").is_err());
    assert!(
        store
            .update_diagnostic_setting(&tenant(2), &setting("siem"))
            .is_err()
    );
    // Same name in another tenant is fine.
    store
        .create_diagnostic_setting(&tenant(2), &setting("siem"))
        .unwrap();
    // Unknown tenant.
    assert!(matches!(
        store.create_diagnostic_setting(&tenant(9), &setting("siem")),
        Err(ControlError::TenantNotFound(_))
    ));
}

#[test]
fn invalid_settings_are_refused_by_the_store() {
    let fx = two_tenants();
    let mut bad = setting("siem");
    bad.logs[0].category = "Bogus".into();
    match fx.store.create_diagnostic_setting(&tenant(1), &bad) {
        Err(ControlError::InvalidDiagnosticSetting(e)) => {
            assert_eq!(e.field, "properties.logs[0].category")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn survive_reopen_and_secrets_are_encrypted_at_rest() {
    let fx = two_tenants();
    fx.store
        .create_diagnostic_setting(&tenant(1), &setting("siem"))
        .unwrap();
    let fx = fx.reopen();
    assert_eq!(
        fx.store.diagnostic_setting(&tenant(1), "siem").unwrap(),
        Some(setting("siem"))
    );
    fx.store.flush_reads().unwrap();
    let dir = fx.dir.path().to_path_buf();
    let key = std::fs::read(vigil_tenancy::secrets_key_path(&dir)).unwrap();
    assert_eq!(key.len(), 32);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for secret in [PASSWORD, "ZXZlbnRodWIta2V5LTlhMmM="] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} in plain text in {}",
                path.display()
            );
        }
    }
    // Without the key the secrets do not open (nor does anything pretend they did).
    drop(fx.store);
    std::fs::write(vigil_tenancy::secrets_key_path(&dir), [7u8; 32]).unwrap();
    let store =
        vigil_tenancy::SqliteControlStore::open(&dir, std::sync::Arc::new(fx.clock.clone()))
            .unwrap();
    assert!(matches!(
        store.diagnostic_setting(&tenant(1), "siem"),
        Err(ControlError::Corrupt(_))
    ));
}
