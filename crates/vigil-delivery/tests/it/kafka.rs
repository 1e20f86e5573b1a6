//! The Kafka sink against a real broker (tansu), read back by a real consumer
//! (kafka-python): every category reaches its default topic, as `{"records":[…]}` messages
//! within the size limit, keyed by the tenant, on one partition, in order.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use vigil_delivery::{KafkaSink, Outgoing};
use vigil_export::Category;
use vigil_tenancy::DiagnosticSetting;

use crate::demo::{fresh_tenant, outgoing};
use vigil_delivery::test_services::{kafka_messages, service};

fn clock() -> std::sync::Arc<dyn vigil_model::clock::Clock> {
    std::sync::Arc::new(vigil_model::clock::SystemClock)
}

fn destination(bootstrap: &str, extra: Value) -> vigil_tenancy::Destination {
    let mut kafka = json!({"kind": "kafka", "bootstrapServers": [bootstrap]});
    if let (Some(k), Some(e)) = (kafka.as_object_mut(), extra.as_object()) {
        k.extend(e.clone());
    }
    let doc = json!({"name": "t", "properties": {
        "logs": [{"category": "AuditLogs", "enabled": true}],
        "destinations": [kafka]}});
    DiagnosticSetting::from_json(doc.to_string().as_bytes())
        .unwrap()
        .destinations
        .remove(0)
}

#[tokio::test]
async fn every_category_reaches_its_default_topic_in_order() {
    let Some(bootstrap) = service("VIGIL_TEST_KAFKA") else {
        return;
    };
    let tenant = fresh_tenant();
    let records = outgoing(&tenant);
    let mut sink = KafkaSink::new(
        &destination(&bootstrap, json!({"maxMessageBytes": 65536})),
        clock(),
    )
    .unwrap();
    for chunk in records.chunks(700) {
        sink.deliver(chunk).await.unwrap();
    }
    let mut expected: BTreeMap<String, Vec<&Outgoing>> = BTreeMap::new();
    for record in &records {
        expected
            .entry(record.category.topic_default())
            .or_default()
            .push(record);
    }
    assert_eq!(
        expected.len(),
        Category::ALL.len(),
        "the demo covers every category"
    );
    let topics: Vec<String> = expected.keys().cloned().collect();
    let messages = kafka_messages(&bootstrap, &topics, tenant.as_str(), 7);
    let mut arrived: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (topic, message) in messages {
        let text = serde_json::to_vec(&message).unwrap();
        assert!(text.len() <= 65_536 + 16, "message of {} bytes", text.len());
        let batch = message["records"].as_array().unwrap().clone();
        assert!(!batch.is_empty());
        arrived.entry(topic).or_default().extend(batch);
    }
    for (topic, sent) in &expected {
        let got = arrived.get(topic).map(Vec::as_slice).unwrap_or_default();
        let got_ids: Vec<&str> = got
            .iter()
            .map(|r| r["properties"]["id"].as_str().unwrap())
            .collect();
        let sent_ids: Vec<String> = sent
            .iter()
            .map(|o| {
                o.record.to_tree()["properties"]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            got_ids,
            sent_ids.iter().map(String::as_str).collect::<Vec<_>>(),
            "{topic}: every record, in order"
        );
        for (g, s) in got.iter().zip(sent.iter()) {
            assert_eq!(
                g,
                &s.record.to_tree(),
                "{topic}: the record arrives unchanged"
            );
        }
    }
}

#[tokio::test]
async fn gzip_and_a_named_topic_work_and_a_dead_broker_is_an_error() {
    let Some(bootstrap) = service("VIGIL_TEST_KAFKA") else {
        return;
    };
    let tenant = fresh_tenant();
    let topic = format!("vigil-test-{}", &tenant.as_str()[..8]);
    let records: Vec<Outgoing> = outgoing(&tenant).into_iter().take(300).collect();
    let mut sink = KafkaSink::new(
        &destination(&bootstrap, json!({"topic": topic, "compression": "gzip"})),
        clock(),
    )
    .unwrap();
    sink.deliver(&records).await.unwrap();
    let got: Vec<Value> =
        kafka_messages(&bootstrap, std::slice::from_ref(&topic), tenant.as_str(), 1)
            .into_iter()
            .flat_map(|(_, m)| m["records"].as_array().unwrap().clone())
            .collect();
    assert_eq!(got.len(), 300, "all categories share the named topic");

    // Nothing listens on this port: the delivery fails with an error, in bounded time.
    let mut dead = KafkaSink::new(&destination("127.0.0.1:9", json!({})), clock()).unwrap();
    let error = dead.deliver(&records[..1]).await.unwrap_err();
    assert!(
        matches!(error, vigil_delivery::sink::SinkError::Unreachable(_)),
        "{error}"
    );
}
