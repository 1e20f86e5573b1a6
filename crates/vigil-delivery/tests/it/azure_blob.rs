//! `AzureBlobSink` against Azurite (`VIGIL_TEST_AZURITE`), read back with the official
//! Python SDK: connection-string, account-key and SAS authorisation, container and blob
//! names, append blobs, CRLF lines equal to what was sent, appends accumulating in order,
//! and a wrong key refused as `Unauthorized` without the key in the message.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use vigil_delivery::archive::AzureBlobSink;
use vigil_delivery::sink::SinkError;
use vigil_delivery::test_services::service;
use vigil_export::Category;
use vigil_model::clock::SystemClock;
use vigil_tenancy::Secret;
use vigil_tenancy::diagnostic_settings::AzureBlobDestination;

use crate::support::{DEV_KEY, batch, check_content, expected, python, two_tenants, unbase64};

fn connection_string(endpoint: &str, key: &str) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint={endpoint};"
    )
}

fn destination() -> AzureBlobDestination {
    AzureBlobDestination {
        connection_string: None,
        account_name: None,
        account_key: None,
        blob_endpoint: None,
        sas_url: None,
    }
}

/// Delivers two rounds through `sink` and checks everything Azurite holds for the tenants.
async fn write_and_read_back(mut sink: AzureBlobSink, endpoint: &str, label: &str) {
    let tenants = two_tenants();
    let first = batch(&tenants, 2, 0);
    let second = batch(&tenants, 1, 1);
    let started = Instant::now();
    sink.deliver(&first).await.unwrap();
    let cold = started.elapsed();
    let started = Instant::now();
    sink.deliver(&second).await.unwrap();
    eprintln!(
        "{label}: {} records to 28 new blobs in {cold:?}; {} more (appends only) in {:?}",
        first.len(),
        second.len(),
        started.elapsed()
    );

    let dump = python(&[
        "azure-dump",
        &connection_string(endpoint, DEV_KEY),
        &tenants[0],
        &tenants[1],
    ]);
    let containers: Vec<&str> = dump["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for category in Category::ALL {
        assert!(
            containers.contains(&category.container().as_str()),
            "{containers:?}"
        );
    }
    let mut blobs = BTreeMap::new();
    for blob in dump["blobs"].as_array().unwrap() {
        assert_eq!(blob["blob_type"], "AppendBlob", "{}", blob["name"]);
        let key = format!(
            "{}/{}",
            blob["container"].as_str().unwrap(),
            blob["name"].as_str().unwrap()
        );
        blobs.insert(key, unbase64(&blob["content_b64"]));
    }
    let want = expected(&[&first, &second]);
    assert_eq!(blobs.len(), 2 * 2 * Category::ALL.len());
    assert_eq!(
        blobs.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for tenant in &tenants {
        let name = format!(
            "insights-logs-signinlogs/tenantId={tenant}/y=2026/m=03/d=01/h=11/m=00/PT1H.json"
        );
        assert!(blobs.contains_key(&name), "{name} missing");
    }
    let sent: Vec<_> = first.iter().chain(&second).collect();
    for (key, content) in &blobs {
        check_content(key, content, &want[key], &sent);
    }
}

#[tokio::test]
async fn connection_string_auth_writes_append_blobs() {
    let Some(endpoint) = service("VIGIL_TEST_AZURITE") else {
        return;
    };
    let sink = AzureBlobSink::new(
        &AzureBlobDestination {
            connection_string: Some(Secret::new(connection_string(&endpoint, DEV_KEY))),
            ..destination()
        },
        Arc::new(SystemClock),
    )
    .unwrap();
    write_and_read_back(sink, &endpoint, "connection string").await;
}

#[tokio::test]
async fn account_key_auth_writes_append_blobs() {
    let Some(endpoint) = service("VIGIL_TEST_AZURITE") else {
        return;
    };
    let sink = AzureBlobSink::new(
        &AzureBlobDestination {
            account_name: Some("devstoreaccount1".to_owned()),
            account_key: Some(Secret::new(DEV_KEY)),
            blob_endpoint: Some(endpoint.clone()),
            ..destination()
        },
        Arc::new(SystemClock),
    )
    .unwrap();
    write_and_read_back(sink, &endpoint, "account key").await;
}

#[tokio::test]
async fn sas_url_auth_writes_append_blobs() {
    let Some(endpoint) = service("VIGIL_TEST_AZURITE") else {
        return;
    };
    let sas = python(&["azure-sas", &connection_string(&endpoint, DEV_KEY)]);
    let sas_url = sas["sas_url"].as_str().unwrap().to_owned();
    assert!(sas_url.contains("sig="), "{sas_url}");
    let sink = AzureBlobSink::new(
        &AzureBlobDestination {
            sas_url: Some(Secret::new(sas_url)),
            ..destination()
        },
        Arc::new(SystemClock),
    )
    .unwrap();
    write_and_read_back(sink, &endpoint, "SAS").await;
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_not_shown() {
    let Some(endpoint) = service("VIGIL_TEST_AZURITE") else {
        return;
    };
    let wrong = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";
    let mut sink = AzureBlobSink::new(
        &AzureBlobDestination {
            connection_string: Some(Secret::new(connection_string(&endpoint, wrong))),
            ..destination()
        },
        Arc::new(SystemClock),
    )
    .unwrap();
    let err = sink
        .deliver(&batch(&two_tenants(), 1, 0))
        .await
        .unwrap_err();
    assert!(matches!(err, SinkError::Unauthorized(_)), "{err:?}");
    let text = format!("{err} / {err:?}");
    eprintln!("wrong key: {text}");
    assert!(
        !text.contains(wrong) && !text.contains("V3JvbmdLZXl"),
        "{text}"
    );
    assert!(text.contains("Create Container insights-logs-"), "{text}");

    // A tampered SAS signature is refused the same way, without showing the SAS.
    let sas = python(&["azure-sas", &connection_string(&endpoint, DEV_KEY)]);
    let tampered = sas["sas_url"].as_str().unwrap().replace("sig=", "sig=AAAA");
    let mut sink = AzureBlobSink::new(
        &AzureBlobDestination {
            sas_url: Some(Secret::new(tampered.clone())),
            ..destination()
        },
        Arc::new(SystemClock),
    )
    .unwrap();
    let err = sink
        .deliver(&batch(&two_tenants(), 1, 0))
        .await
        .unwrap_err();
    assert!(matches!(err, SinkError::Unauthorized(_)), "{err:?}");
    let text = format!("{err} / {err:?}");
    let query = tampered.split_once('?').unwrap().1;
    let signature = query
        .split('&')
        .find_map(|p| p.strip_prefix("sig="))
        .unwrap();
    assert!(
        !text.contains(query) && !text.contains(signature) && !text.contains("sig="),
        "{text}"
    );
}
