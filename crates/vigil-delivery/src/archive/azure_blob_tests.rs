//! Tests of `AzureBlobSink` against a scripted HTTP server: the requests it makes, how
//! many, and that no error shows a key or a SAS.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::sync::Arc;

use time::macros::datetime;
use vigil_export::Category;
use vigil_model::clock::FixedClock;
use vigil_tenancy::Secret;

use super::*;
use crate::archive::test_support::{Answer, FakeHttp, Seen, outgoing};

const T1: &str = "11111111-1111-1111-1111-111111111111";
const T2: &str = "22222222-2222-2222-2222-222222222222";
/// Base64 of a made-up key (letters and digits only, so a server echoing it as its "error
/// code" gets past the code filter and only the redactor stands in the way).
const KEY: &str = "U2VjcmV0S2V5Rm9yVmlnaWxUZXN0czEy";
/// A made-up SAS signature, letters and digits only for the same reason.
const SIG: &str = "Zm9vYmFyU2lnbmF0dXJlX3Rlc3Q";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(datetime!(2026-03-01 12:00 UTC)))
}

fn keyed(base: &str) -> AzureBlobSink {
    let destination = AzureBlobDestination {
        connection_string: Some(Secret::new(format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};BlobEndpoint={base}/devstoreaccount1"
        ))),
        account_name: None,
        account_key: None,
        blob_endpoint: None,
        sas_url: None,
    };
    AzureBlobSink::new(&destination, clock()).unwrap()
}

fn with_sas(base: &str) -> AzureBlobSink {
    let destination = AzureBlobDestination {
        connection_string: None,
        account_name: None,
        account_key: None,
        blob_endpoint: None,
        sas_url: Some(Secret::new(format!(
            "{base}/devstoreaccount1?sv=2021-08-06&ss=b&srt=co&sp=rwac&se=2030-01-01&{}",
            format_args!("sig={SIG}")
        ))),
    };
    AzureBlobSink::new(&destination, clock()).unwrap()
}

fn created(_: &Seen) -> Answer {
    (201, Vec::new(), Vec::new())
}

fn summary(requests: &[Seen]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect()
}

#[tokio::test]
async fn steady_state_is_one_request_per_blob() {
    let server = FakeHttp::start(created);
    let mut sink = keyed(&server.base);
    let batch = [
        outgoing(Category::SignInLogs, T1, 1, "2026-03-01T10:05:00Z"),
        outgoing(Category::SignInLogs, T2, 2, "2026-03-01T10:06:00Z"),
        outgoing(Category::SignInLogs, T1, 3, "2026-03-01T10:07:00Z"),
    ];
    sink.deliver(&batch).await.unwrap();
    let blob = |tid: &str| {
        format!(
            "/devstoreaccount1/insights-logs-signinlogs/tenantId={tid}/y=2026/m=03/d=01/h=10/m=00/PT1H.json"
        )
    };
    let requests = server.requests();
    assert_eq!(
        summary(&requests),
        [
            "PUT /devstoreaccount1/insights-logs-signinlogs?restype=container".to_owned(),
            format!("PUT {}", blob(T1)),
            format!("PUT {}?comp=appendblock", blob(T1)),
            format!("PUT {}", blob(T2)),
            format!("PUT {}?comp=appendblock", blob(T2)),
        ]
    );
    let create = &requests[1];
    assert_eq!(create.header("x-ms-blob-type"), Some("AppendBlob"));
    assert_eq!(create.header("if-none-match"), Some("*"));
    assert_eq!(create.header("content-length"), Some("0"));
    assert_eq!(create.header("x-ms-version"), Some(API_VERSION));
    assert_eq!(
        create.header("x-ms-date"),
        Some("Sun, 01 Mar 2026 12:00:00 GMT")
    );
    assert!(
        create
            .header("authorization")
            .unwrap()
            .starts_with("SharedKey devstoreaccount1:")
    );
    let expected: Vec<u8> = [&batch[0], &batch[2]]
        .iter()
        .flat_map(|o| {
            let mut line = Vec::new();
            o.record.write_blob_line(&mut line);
            line
        })
        .collect();
    assert_eq!(requests[2].body, expected);

    server.clear();
    sink.deliver(&batch).await.unwrap();
    assert_eq!(
        summary(&server.requests()),
        [
            format!("PUT {}?comp=appendblock", blob(T1)),
            format!("PUT {}?comp=appendblock", blob(T2)),
        ]
    );
    server.clear();
    sink.deliver(&[]).await.unwrap();
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn big_groups_are_appended_in_blocks_of_at_most_4_mib() {
    let server = FakeHttp::start(created);
    let mut sink = keyed(&server.base);
    let mut batch = Vec::new();
    for seq in 0..700 {
        let mut record = outgoing(Category::AuditLogs, T1, seq, "2026-03-01T10:00:00Z");
        let mut tree = record.record.to_tree();
        tree["properties"]["padding"] = serde_json::json!("x".repeat(16 * 1024));
        record.record = vigil_export::ExportedRecord::from_azure_record(&tree);
        batch.push(record);
    }
    sink.deliver(&batch).await.unwrap();
    let appends: Vec<Seen> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.ends_with("comp=appendblock"))
        .collect();
    assert_eq!(appends.len(), 3);
    let mut joined = Vec::new();
    for append in &appends {
        assert!(append.body.len() <= APPEND_BLOCK_MAX_BYTES);
        assert!(append.body.ends_with(b"\r\n"));
        joined.extend_from_slice(&append.body);
    }
    let expected: Vec<u8> = batch
        .iter()
        .flat_map(|o| {
            let mut line = Vec::new();
            o.record.write_blob_line(&mut line);
            line
        })
        .collect();
    assert_eq!(joined, expected);
}

#[tokio::test]
async fn existing_containers_and_blobs_are_fine() {
    let server = FakeHttp::start(|seen: &Seen| {
        let code = if seen.target.contains("restype=container") {
            "ContainerAlreadyExists"
        } else if !seen.target.contains("comp=") {
            "BlobAlreadyExists"
        } else {
            return (201, Vec::new(), Vec::new());
        };
        (409, vec![("x-ms-error-code", code.to_owned())], Vec::new())
    });
    let mut sink = keyed(&server.base);
    let batch = [outgoing(
        Category::ProvisioningLogs,
        T1,
        1,
        "2026-03-01T10:00:00Z",
    )];
    sink.deliver(&batch).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_deleted_blob_is_created_again() {
    let server = FakeHttp::start(created);
    let mut sink = keyed(&server.base);
    let batch = [outgoing(Category::AuditLogs, T1, 1, "2026-03-01T10:00:00Z")];
    sink.deliver(&batch).await.unwrap();

    // Now the container is gone: the first append answers 404 ContainerNotFound.
    let gone = FakeHttp::start({
        let answered = std::sync::atomic::AtomicBool::new(false);
        move |seen: &Seen| {
            if seen.target.contains("comp=appendblock")
                && !answered.swap(true, std::sync::atomic::Ordering::SeqCst)
            {
                let body = b"<?xml version=\"1.0\"?><Error><Code>ContainerNotFound</Code></Error>";
                return (404, Vec::new(), body.to_vec());
            }
            (201, Vec::new(), Vec::new())
        }
    });
    sink.service = BlobService::from_connection_string(&format!(
        "AccountName=devstoreaccount1;AccountKey={KEY};BlobEndpoint={}/devstoreaccount1",
        gone.base
    ))
    .unwrap();
    sink.deliver(&batch).await.unwrap();
    let kinds: Vec<String> = gone
        .requests()
        .iter()
        .map(|r| {
            r.target
                .rsplit_once('?')
                .map_or("create blob", |(_, q)| q)
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "comp=appendblock",
            "restype=container",
            "create blob",
            "comp=appendblock"
        ]
    );
}

#[tokio::test]
async fn statuses_become_error_kinds() {
    for (status, expect) in [
        (403, "Unauthorized"),
        (500, "Unreachable"),
        (400, "Rejected"),
    ] {
        let server = FakeHttp::start(move |_: &Seen| {
            (
                status,
                vec![("x-ms-error-code", "SomeCode".to_owned())],
                Vec::new(),
            )
        });
        let mut sink = keyed(&server.base);
        let batch = [outgoing(Category::AuditLogs, T1, 1, "2026-03-01T10:00:00Z")];
        let err = sink.deliver(&batch).await.unwrap_err();
        assert!(format!("{err:?}").starts_with(expect), "{err:?}");
        assert!(
            err.to_string().ends_with(&format!(
                "Create Container insights-logs-auditlogs: HTTP {status} SomeCode"
            )),
            "{err}"
        );
    }
}

/// A server that answers 403 and echoes what it got — the request target with the SAS,
/// and, as its "error code", the signature itself — must not get either into the error.
#[tokio::test]
async fn errors_never_show_the_sas_or_the_key() {
    let echo = |seen: &Seen| -> Answer {
        let signature = seen
            .target
            .split('&')
            .find_map(|p| p.strip_prefix("sig="))
            .unwrap_or(KEY)
            .to_owned();
        let body = format!(
            "<Error><Code>{signature}</Code><Message>{}</Message></Error>",
            seen.target
        );
        (403, vec![("x-ms-error-code", signature)], body.into_bytes())
    };
    let server = FakeHttp::start(echo);
    let batch = [outgoing(
        Category::SignInLogs,
        T1,
        1,
        "2026-03-01T10:00:00Z",
    )];
    for mut sink in [with_sas(&server.base), keyed(&server.base)] {
        let err = sink.deliver(&batch).await.unwrap_err();
        assert!(matches!(err, SinkError::Unauthorized(_)), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(text.contains("HTTP 403 ***"), "{text}");
        for secret in [SIG, KEY, "sv=2021-08-06"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        let shown = format!("{sink:?}");
        assert!(
            !shown.contains("Zm9vYmFy") && !shown.contains(KEY),
            "{shown}"
        );
    }
    // With a SAS every request carries it, and no Authorization header.
    let requests = server.requests();
    assert!(requests[0].target.ends_with(&format!("&sig={SIG}")));
    assert!(requests[0].header("authorization").is_none());

    // Nobody listening: the transport error must not show the URL either.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let err = with_sas(&base).deliver(&batch).await.unwrap_err();
    assert!(matches!(err, SinkError::Unreachable(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        !text.contains("Zm9vYmFy") && !text.contains("sig="),
        "{text}"
    );
}

#[test]
fn bad_configuration_is_a_config_error_without_the_secret() {
    let destination = AzureBlobDestination {
        connection_string: Some(Secret::new(format!("AccountName=x;AccountKey={KEY}*"))),
        account_name: None,
        account_key: None,
        blob_endpoint: None,
        sas_url: None,
    };
    let err = AzureBlobSink::new(&destination, clock()).unwrap_err();
    assert!(matches!(err, SinkError::Config(_)));
    assert!(!err.to_string().contains(KEY));
}
