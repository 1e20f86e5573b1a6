//! `S3Sink` against an S3 server (`VIGIL_TEST_S3`, moto under `scripts/services.sh`), read
//! back with boto3: object keys `<container>/<blob>`, CRLF lines equal to what was sent,
//! and appends (read-modify-write) accumulating in order, also across a restart.

use std::collections::BTreeMap;
use std::time::Instant;

use vigil_delivery::archive::S3Sink;
use vigil_delivery::test_services::service;
use vigil_export::Category;
use vigil_tenancy::Secret;
use vigil_tenancy::diagnostic_settings::S3Destination;

use crate::support::{batch, check_content, expected, python, two_tenants, unbase64};

#[tokio::test]
async fn writes_hourly_objects_and_appends() {
    let Some(endpoint) = service("VIGIL_TEST_S3") else {
        return;
    };
    let bucket = format!("vigil-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    python(&["s3-bucket", &endpoint, &bucket]);
    let destination = S3Destination {
        endpoint: endpoint.clone(),
        bucket: bucket.clone(),
        region: "us-east-1".to_owned(),
        access_key_id: "vigil-test".to_owned(),
        secret_access_key: Secret::new("vigil-test-secret"),
    };
    let tenants = two_tenants();
    let first = batch(&tenants, 2, 0);
    let second = batch(&tenants, 1, 1);
    let third = batch(&tenants, 1, 2);
    let mut sink = S3Sink::new(&destination).unwrap();
    let started = Instant::now();
    sink.deliver(&first).await.unwrap();
    let cold = started.elapsed();
    let started = Instant::now();
    sink.deliver(&second).await.unwrap();
    eprintln!(
        "s3: {} records to 28 new objects in {cold:?}; {} more (cached, PUT only) in {:?}",
        first.len(),
        second.len(),
        started.elapsed()
    );
    // A new instance has no copies: it must read each object back before appending.
    S3Sink::new(&destination)
        .unwrap()
        .deliver(&third)
        .await
        .unwrap();

    let dump = python(&["s3-dump", &endpoint, &bucket, &tenants[0], &tenants[1]]);
    let found: BTreeMap<String, Vec<u8>> = dump["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["key"].as_str().unwrap().to_owned(),
                unbase64(&o["content_b64"]),
            )
        })
        .collect();
    let want = expected(&[&first, &second, &third]);
    assert_eq!(found.len(), 2 * 2 * Category::ALL.len());
    assert_eq!(
        found.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let sent: Vec<_> = first.iter().chain(&second).chain(&third).collect();
    for (key, content) in &found {
        check_content(key, content, &want[key], &sent);
    }
}

#[tokio::test]
async fn a_missing_bucket_is_rejected() {
    let Some(endpoint) = service("VIGIL_TEST_S3") else {
        return;
    };
    let mut sink = S3Sink::new(&S3Destination {
        endpoint,
        bucket: "vigil-no-such-bucket".to_owned(),
        region: "us-east-1".to_owned(),
        access_key_id: "vigil-test".to_owned(),
        secret_access_key: Secret::new("vigil-test-secret"),
    })
    .unwrap();
    let err = sink
        .deliver(&batch(&two_tenants(), 1, 0))
        .await
        .unwrap_err();
    eprintln!("missing bucket: {err}");
    assert!(
        matches!(err, vigil_delivery::sink::SinkError::Rejected(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("NoSuchBucket"), "{err}");
}
