//! Tests of `S3Sink` against a scripted HTTP server: read-modify-write with an in-memory
//! copy, and errors by kind without secrets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use vigil_export::Category;
use vigil_tenancy::Secret;

use super::*;
use crate::archive::test_support::{Answer, FakeHttp, Seen, outgoing};

const T1: &str = "11111111-1111-1111-1111-111111111111";
/// Letters and digits only, so a server echoing it as an error code gets past the code
/// filter and only the redactor stands in the way.
const SECRET: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

fn sink(base: &str) -> S3Sink {
    S3Sink::new(&S3Destination {
        endpoint: base.to_owned(),
        bucket: "vigil-archive".to_owned(),
        region: "us-east-1".to_owned(),
        access_key_id: "AKIDEXAMPLE".to_owned(),
        secret_access_key: Secret::new(SECRET),
    })
    .unwrap()
}

/// Object bodies by request path.
type Objects = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// Just enough S3 for GET and PUT of whole objects.
fn tiny_s3() -> (FakeHttp, Objects) {
    let objects: Objects = Arc::default();
    let store = Arc::clone(&objects);
    let server = FakeHttp::start(move |seen: &Seen| -> Answer {
        let mut objects = store.lock().unwrap();
        match seen.method.as_str() {
            "PUT" => {
                objects.insert(seen.target.clone(), seen.body.clone());
                (200, vec![("etag", "\"1\"".to_owned())], Vec::new())
            }
            "GET" => match objects.get(&seen.target) {
                Some(body) => (
                    200,
                    vec![
                        ("etag", "\"1\"".to_owned()),
                        ("last-modified", "Sun, 01 Mar 2026 10:00:00 GMT".to_owned()),
                    ],
                    body.clone(),
                ),
                None => (
                    404,
                    Vec::new(),
                    b"<Error><Code>NoSuchKey</Code></Error>".to_vec(),
                ),
            },
            _ => (405, Vec::new(), Vec::new()),
        }
    });
    (server, objects)
}

#[tokio::test]
async fn objects_are_rewritten_whole_and_read_once() {
    let (server, objects) = tiny_s3();
    let mut sink = sink(&server.base);
    let first = [
        outgoing(Category::SignInLogs, T1, 1, "2026-03-01T10:00:00Z"),
        outgoing(Category::SignInLogs, T1, 2, "2026-03-01T10:01:00Z"),
    ];
    sink.deliver(&first).await.unwrap();
    // object_store percent-encodes `=` in the path (SigV4's URI encoding); S3 decodes it.
    let key = format!(
        "/vigil-archive/insights-logs-signinlogs/tenantId%3D{T1}/y%3D2026/m%3D03/d%3D01/h%3D10/m%3D00/PT1H.json"
    );
    let methods: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(methods, [format!("GET {key}"), format!("PUT {key}")]);

    server.clear();
    let second = [outgoing(
        Category::SignInLogs,
        T1,
        3,
        "2026-03-01T10:02:00Z",
    )];
    sink.deliver(&second).await.unwrap();
    assert_eq!(server.requests().len(), 1, "steady state is one PUT");
    let expected: Vec<u8> = first
        .iter()
        .chain(&second)
        .flat_map(|o| {
            let mut line = Vec::new();
            o.record.write_blob_line(&mut line);
            line
        })
        .collect();
    assert_eq!(objects.lock().unwrap()[&key], expected);

    // A new sink (a restart) reads the object back before appending.
    server.clear();
    let mut restarted = sink_for(&server);
    restarted.deliver(&second).await.unwrap();
    assert_eq!(server.requests()[0].method, "GET");
    let mut again = expected.clone();
    second[0].record.write_blob_line(&mut again);
    assert_eq!(objects.lock().unwrap()[&key], again);
}

fn sink_for(server: &FakeHttp) -> S3Sink {
    sink(&server.base)
}

#[tokio::test]
async fn errors_by_kind_without_the_secret() {
    let refuse = |status: u16| {
        move |_: &Seen| -> Answer {
            let body = format!("<Error><Code>{SECRET}</Code><Message>{SECRET}</Message></Error>");
            (status, Vec::new(), body.into_bytes())
        }
    };
    let batch = [outgoing(Category::AuditLogs, T1, 1, "2026-03-01T10:00:00Z")];
    for (status, kind) in [
        (403, "Unauthorized"),
        (400, "Rejected"),
        (503, "Unreachable"),
    ] {
        let server = FakeHttp::start(refuse(status));
        let err = sink(&server.base).deliver(&batch).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(format!("{err:?}").starts_with(kind), "{status}: {text}");
        assert!(!text.contains(SECRET), "{text}");
        assert!(
            text.contains(&format!("GET insights-logs-auditlogs/tenantId={T1}")),
            "{text}"
        );
        assert!(text.contains(&format!("HTTP {status} ***")), "{text}");
    }

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let err = sink(&base).deliver(&batch).await.unwrap_err();
    assert!(matches!(err, SinkError::Unreachable(_)), "{err:?}");
}

#[test]
fn configuration_errors() {
    let mut destination = S3Destination {
        endpoint: "ftp://s3.example.com".to_owned(),
        bucket: "b".to_owned(),
        region: "us-east-1".to_owned(),
        access_key_id: "AKID".to_owned(),
        secret_access_key: Secret::new(SECRET),
    };
    assert!(matches!(
        S3Sink::new(&destination),
        Err(SinkError::Config(_))
    ));
    destination.endpoint = "https://s3.example.com".to_owned();
    destination.secret_access_key = Secret::kept();
    let err = S3Sink::new(&destination).unwrap_err();
    assert!(err.to_string().contains("secretAccessKey"), "{err}");
    destination.secret_access_key = Secret::new(SECRET);
    let ok = S3Sink::new(&destination).unwrap();
    assert!(!format!("{ok:?}").contains(SECRET));
}

#[test]
fn statuses_are_read_from_object_store_text() {
    assert_eq!(
        status_in(
            "Error performing PUT x in 1ms - Server returned non-2xx status code: 503 Service Unavailable: "
        ),
        Some(503)
    );
    assert_eq!(status_in("no status here"), None);
}
