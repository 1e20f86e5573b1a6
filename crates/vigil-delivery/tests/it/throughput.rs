//! A measurement, not a check (`#[ignore]`; run it under `scripts/services.sh` with
//! `cargo test -p vigil-delivery --test it throughput -- --ignored --nocapture`): 20
//! deliveries of 1,000 sign-ins of one tenant and hour — about 1 MB each, one blob — to
//! every archive sink, printing the time of each tenth delivery. S3 rewrites the whole
//! object every time, so its times grow with the object; the others stay flat.

use std::sync::Arc;
use std::time::{Duration, Instant};

use vigil_delivery::Outgoing;
use vigil_delivery::archive::{ArchiveSink, AzureBlobSink, LocalDirectorySink, S3Sink};
use vigil_export::Category;
use vigil_model::clock::SystemClock;
use vigil_store::TenantId;
use vigil_tenancy::Secret;
use vigil_tenancy::diagnostic_settings::{
    AzureBlobDestination, LocalDirectoryDestination, S3Destination,
};

use crate::support::{DEV_KEY, python};

const BATCHES: u64 = 20;
const RECORDS: u64 = 1_000;

fn sign_ins(tenant: &str, round: u64) -> Vec<Outgoing> {
    (0..RECORDS)
        .map(|n| {
            let seq = round * RECORDS + n;
            let graph = serde_json::json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "createdDateTime": format!("2026-03-01T10:{:02}:{:02}Z", seq / 60 % 60, seq % 60),
                "userPrincipalName": format!("user{n}@contoso.com"),
                "appDisplayName": "Microsoft Teams",
                "ipAddress": "203.0.113.7",
                "signInEventTypes": ["interactiveUser"],
                "status": {"errorCode": 0},
                "location": {"city": "Redmond", "state": "Washington", "countryOrRegion": "US"},
                "padding": "x".repeat(600),
            });
            Outgoing {
                category: Category::SignInLogs,
                tenant: TenantId::parse(tenant).unwrap(),
                seq,
                record: vigil_export::ExportedRecord::from_azure_record(
                    &vigil_export::azure_monitor_record(Category::SignInLogs, tenant, &graph),
                ),
            }
        })
        .collect()
}

async fn measure(label: &str, mut sink: ArchiveSink) {
    let tenant = uuid::Uuid::new_v4().to_string();
    let mut total = Duration::ZERO;
    let mut bytes = 0;
    for round in 0..BATCHES {
        let batch = sign_ins(&tenant, round);
        bytes += batch
            .iter()
            .map(|o| o.record.as_bytes().len() + vigil_export::BLOB_LINE_END.len())
            .sum::<usize>();
        let started = Instant::now();
        sink.deliver(&batch).await.unwrap();
        let took = started.elapsed();
        total += took;
        if round % 10 == 0 || round == BATCHES - 1 {
            eprintln!("{label}: delivery {round:>2} of {RECORDS} records: {took:?}");
        }
    }
    let records = BATCHES * RECORDS;
    eprintln!(
        "{label}: {records} records ({:.1} MB) in {total:?} = {:.0} records/s",
        bytes as f64 / 1e6,
        records as f64 / total.as_secs_f64()
    );
}

#[tokio::test]
#[ignore = "a measurement; run by hand under scripts/services.sh"]
async fn throughput() {
    let dir = tempfile::tempdir().unwrap();
    let local = LocalDirectoryDestination {
        path: dir.path().to_string_lossy().into_owned(),
    };
    measure(
        "local directory",
        ArchiveSink::LocalDirectory(LocalDirectorySink::new(&local).unwrap()),
    )
    .await;
    if let Ok(endpoint) = std::env::var("VIGIL_TEST_AZURITE") {
        let destination = AzureBlobDestination {
            connection_string: None,
            account_name: Some("devstoreaccount1".to_owned()),
            account_key: Some(Secret::new(DEV_KEY)),
            blob_endpoint: Some(endpoint),
            sas_url: None,
        };
        let sink = AzureBlobSink::new(&destination, Arc::new(SystemClock)).unwrap();
        measure("azurite", ArchiveSink::AzureBlob(sink)).await;
    }
    if let Ok(endpoint) = std::env::var("VIGIL_TEST_S3") {
        let bucket = format!("vigil-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        python(&["s3-bucket", &endpoint, &bucket]);
        let destination = S3Destination {
            endpoint,
            bucket,
            region: "us-east-1".to_owned(),
            access_key_id: "vigil-test".to_owned(),
            secret_access_key: Secret::new("vigil-test-secret"),
        };
        measure(
            "s3 (moto)",
            ArchiveSink::S3(S3Sink::new(&destination).unwrap()),
        )
        .await;
    }
}
