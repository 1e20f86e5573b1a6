//! Unit tests: parsing, field-naming validation, Event Hubs → Kafka, secret redaction.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use serde_json::{Value, json};

use super::*;

const HUB: &str = "Endpoint=sb://contoso-logs.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=aHViLXNlY3JldA==";
const SECRETS: [&str; 5] = [
    "kafka-pass",
    HUB,
    "YmxvYi1rZXk=",
    "s3-secret-key",
    "sig=sas-sig",
];

fn full() -> Value {
    json!({
        "name": "to-siem",
        "properties": {
            "logs": [
                {"category": "SignInLogs", "enabled": true},
                {"category": "AuditLogs", "enabled": false}
            ],
            "destinations": [
                {"kind": "kafka", "bootstrapServers": ["kafka-1:9092", "10.0.0.2:9092"],
                 "sasl": {"username": "vigil", "password": "kafka-pass"}, "tls": true},
                {"kind": "eventHub", "connectionString": HUB},
                {"kind": "azureBlob", "accountName": "contosologs", "accountKey": "YmxvYi1rZXk=",
                 "blobEndpoint": "http://127.0.0.1:10000/contosologs"},
                {"kind": "s3", "endpoint": "https://s3.example.com", "bucket": "entra-logs",
                 "accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "s3-secret-key"},
                {"kind": "azureBlob", "sasUrl": "https://contosologs.blob.core.windows.net/?sv=1&sig=sas-sig"},
                {"kind": "localDirectory", "path": "/var/lib/vigil-export"}
            ]
        }
    })
}

fn parse(value: &Value) -> Result<DiagnosticSetting, SettingError> {
    DiagnosticSetting::from_json(value.to_string().as_bytes())
}

#[test]
fn full_example_parses_and_redacts_every_secret() {
    let setting = parse(&full()).unwrap();
    assert_eq!(setting.name, "to-siem");
    assert_eq!(setting.enabled_categories(), vec![Category::SignInLogs]);
    let Destination::S3(s3) = &setting.destinations[3] else {
        panic!("not s3")
    };
    assert_eq!(s3.region, "us-east-1");

    let shown = serde_json::to_string(&setting).unwrap();
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(!format!("{setting:?}").contains("kafka-pass"));
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        shown["properties"]["destinations"][0]["sasl"]["password"],
        "***"
    );
    assert_eq!(
        shown["properties"]["destinations"][1]["connectionString"],
        "***"
    );
    assert_eq!(
        shown["properties"]["destinations"][0]["bootstrapServers"][1],
        "10.0.0.2:9092"
    );
}

#[test]
fn secrets_travel_separately_and_come_back() {
    let setting = parse(&full()).unwrap();
    let values = setting.secret_values();
    assert_eq!(values.len(), 5);
    for secret in SECRETS {
        assert!(values.iter().any(|v| v.contains(secret)), "{secret}");
    }
    let redacted = serde_json::to_vec(&setting).unwrap();
    let mut back: DiagnosticSetting = serde_json::from_slice(&redacted).unwrap();
    assert!(back.validate().is_err());
    assert!(!back.clone().restore_secrets(vec!["one".into()]));
    assert!(back.restore_secrets(values));
    assert_eq!(back, setting);
}

#[test]
fn placeholder_keeps_the_stored_secret_on_update() {
    let stored = parse(&full()).unwrap();
    let shown: Value = serde_json::to_value(&stored).unwrap();
    let mut update: DiagnosticSetting = serde_json::from_value(shown).unwrap();
    update.keep_secrets_from(&stored);
    update.validate().unwrap();
    assert_eq!(update, stored);

    // A different kind at the same position does not inherit.
    let mut swapped = full();
    swapped["properties"]["destinations"][0] =
        json!({"kind": "eventHub", "connectionString": "***"});
    let mut update: DiagnosticSetting = serde_json::from_value(swapped).unwrap();
    update.keep_secrets_from(&stored);
    let err = update.validate().unwrap_err();
    assert_eq!(err.field, "properties.destinations[0].connectionString");
    // And on create "***" is refused.
    let mut created = full();
    created["properties"]["destinations"][3]["secretAccessKey"] = json!("***");
    assert_eq!(
        parse(&created).unwrap_err().field,
        "properties.destinations[3].secretAccessKey"
    );
}

#[test]
fn event_hub_becomes_kafka() {
    let setting = parse(&full()).unwrap();
    let target = setting.destinations[1]
        .kafka_target(Category::NonInteractiveUserSignInLogs)
        .unwrap()
        .unwrap();
    assert_eq!(
        target.bootstrap_servers,
        vec!["contoso-logs.servicebus.windows.net:9093".to_owned()]
    );
    assert_eq!(target.topic, "insights-logs-noninteractiveusersigninlogs");
    assert!(target.tls);
    let sasl = target.sasl.unwrap();
    assert_eq!(sasl.username, "$ConnectionString");
    assert_eq!(sasl.password.expose(), Some(HUB));

    let kafka = setting.destinations[0]
        .kafka_target(Category::AuditLogs)
        .unwrap()
        .unwrap();
    assert_eq!(kafka.topic, "insights-logs-auditlogs");
    assert!(
        setting.destinations[2]
            .kafka_target(Category::AuditLogs)
            .unwrap()
            .is_none()
    );

    let with_hub = json!({"kind": "eventHub", "connectionString": format!("{HUB};EntityPath=entra"), "hub": "entra"});
    let dest: Destination = serde_json::from_value(with_hub).unwrap();
    assert_eq!(
        dest.kafka_target(Category::AuditLogs)
            .unwrap()
            .unwrap()
            .topic,
        "entra"
    );
}

/// Each mutation of the full example, and the field its error must name.
#[test]
fn every_bad_field_is_named() {
    let d = "properties.destinations";
    let cases: Vec<(&str, Value, String)> = vec![
        ("name", json!(""), "name".into()),
        ("name", json!("bad/name"), "name".into()),
        ("properties.logs", json!([]), "properties.logs".into()),
        (
            "properties.logs.1.category",
            json!("Bogus"),
            "properties.logs[1].category".into(),
        ),
        (
            "properties.logs.1.category",
            json!("SignInLogs"),
            "properties.logs[1].category".into(),
        ),
        (
            "properties.logs.0.enabled",
            json!("yes"),
            "properties.logs[0].enabled".into(),
        ),
        ("properties.destinations", json!([]), d.into()),
        (
            "properties.destinations.0.bootstrapServers",
            json!([]),
            format!("{d}[0].bootstrapServers"),
        ),
        (
            "properties.destinations.0.bootstrapServers",
            json!(["kafka-1"]),
            format!("{d}[0].bootstrapServers[0]"),
        ),
        (
            "properties.destinations.0.bootstrapServers",
            json!(["ok:1", "http://x:9"]),
            format!("{d}[0].bootstrapServers[1]"),
        ),
        (
            "properties.destinations.0.topic",
            json!("a topic"),
            format!("{d}[0].topic"),
        ),
        (
            "properties.destinations.0.sasl.username",
            json!(" "),
            format!("{d}[0].sasl.username"),
        ),
        (
            "properties.destinations.0.sasl.password",
            json!(""),
            format!("{d}[0].sasl.password"),
        ),
        (
            "properties.destinations.1.connectionString",
            json!("Endpoint=https://x/;SharedAccessKeyName=a;SharedAccessKey=b"),
            format!("{d}[1].connectionString"),
        ),
        (
            "properties.destinations.1.hub",
            json!("no spaces"),
            format!("{d}[1].hub"),
        ),
        (
            "properties.destinations.2.accountName",
            json!("Bad_Name"),
            format!("{d}[2].accountName"),
        ),
        (
            "properties.destinations.2.accountKey",
            json!("not base64!"),
            format!("{d}[2].accountKey"),
        ),
        (
            "properties.destinations.2.blobEndpoint",
            json!("ftp://x"),
            format!("{d}[2].blobEndpoint"),
        ),
        (
            "properties.destinations.2.connectionString",
            json!("AccountName=x"),
            format!("{d}[2].connectionString"),
        ),
        (
            "properties.destinations.3.endpoint",
            json!("not a url"),
            format!("{d}[3].endpoint"),
        ),
        (
            "properties.destinations.3.bucket",
            json!("UPPER"),
            format!("{d}[3].bucket"),
        ),
        (
            "properties.destinations.3.region",
            json!(""),
            format!("{d}[3].region"),
        ),
        (
            "properties.destinations.3.accessKeyId",
            json!(""),
            format!("{d}[3].accessKeyId"),
        ),
        (
            "properties.destinations.4.sasUrl",
            json!("https://x.blob.core.windows.net/?sv=1"),
            format!("{d}[4].sasUrl"),
        ),
        (
            "properties.destinations.5.path",
            json!("relative/dir"),
            format!("{d}[5].path"),
        ),
    ];
    for (pointer, value, field) in cases {
        let mut doc = full();
        set(&mut doc, pointer, value.clone());
        let err = parse(&doc).expect_err(&format!("{pointer} = {value} accepted"));
        assert_eq!(err.field, field, "{pointer} = {value}: {err}");
        for secret in SECRETS {
            assert!(!err.reason.contains(secret), "{err}");
        }
    }
}

#[test]
fn unknown_fields_and_kinds_are_named() {
    let mut doc = full();
    doc["properties"]["destinations"][0]["bootstrapServer"] = json!("x:1");
    let err = parse(&doc).unwrap_err();
    assert!(err.field.starts_with("properties.destinations"), "{err}");
    assert!(err.reason.contains("bootstrapServer"), "{err}");

    let mut doc = full();
    doc["properties"]["destinations"][0] = json!({"kind": "ftp"});
    let err = parse(&doc).unwrap_err();
    assert!(err.field.starts_with("properties.destinations"), "{err}");

    assert_eq!(parse(&json!({"name": "x"})).unwrap_err().field, "");
}

fn set(doc: &mut Value, dotted: &str, value: Value) {
    let pointer = format!("/{}", dotted.replace('.', "/"));
    if let Some(slot) = doc.pointer_mut(&pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent).unwrap()[key] = value;
}

#[test]
fn message_options_parse_validate_and_reach_the_kafka_target() {
    let mut doc = full();
    set(
        &mut doc,
        "properties.destinations.0.maxMessageBytes",
        json!(65_536),
    );
    set(
        &mut doc,
        "properties.destinations.0.compression",
        json!("gzip"),
    );
    let setting = parse(&doc).unwrap();
    setting.validate().unwrap();
    let target = setting.destinations[0]
        .kafka_target(Category::SignInLogs)
        .unwrap()
        .unwrap();
    assert_eq!(target.messages.max_bytes(), 65_536);
    assert_eq!(target.messages.compression, Compression::Gzip);
    let hub = setting.destinations[1]
        .kafka_target(Category::SignInLogs)
        .unwrap()
        .unwrap();
    assert_eq!(
        hub.messages.max_bytes(),
        vigil_export::DEFAULT_MAX_MESSAGE_BYTES
    );
    assert_eq!(hub.messages.compression, Compression::None);
    // Rendered back only when set.
    let rendered = serde_json::to_value(&setting).unwrap();
    assert_eq!(
        rendered["properties"]["destinations"][0]["compression"],
        "gzip"
    );
    assert!(
        rendered["properties"]["destinations"][1]
            .get("compression")
            .is_none()
    );

    set(
        &mut doc,
        "properties.destinations.0.maxMessageBytes",
        json!(10),
    );
    let err = parse(&doc)
        .and_then(|s| s.validate().map(|()| s))
        .unwrap_err();
    assert_eq!(err.field, "properties.destinations[0].maxMessageBytes");
    set(
        &mut doc,
        "properties.destinations.0.maxMessageBytes",
        json!(1024),
    );
    set(
        &mut doc,
        "properties.destinations.0.compression",
        json!("brotli"),
    );
    assert!(parse(&doc).is_err());
    set(
        &mut doc,
        "properties.destinations.0.compression",
        json!("none"),
    );
    set(&mut doc, "properties.destinations.0.bogus", json!(1));
    assert!(parse(&doc).is_err(), "unknown fields are still refused");
}
