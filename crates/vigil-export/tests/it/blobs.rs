//! The archive layout (§3) over exported demo records: every record lands in the blob of its
//! event hour, and a blob's bytes split on CRLF give back exactly its records.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use time::OffsetDateTime;
use vigil_export::{
    Category, azure_monitor_record, blob_line, blob_path, record_blob_path, record_event_time,
};
use vigil_model::LogKind;

use crate::common::{demo_stored, fixture_json};

const TENANT: &str = vigil_demo::DEMO_TENANT_ID;

#[test]
fn audits_are_archived_by_hour_and_read_back_line_by_line() {
    let mut blobs: BTreeMap<(String, String), Vec<u8>> = BTreeMap::new();
    let mut expected: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for record in &demo_stored().directory_audits {
        let category = Category::of(LogKind::DirectoryAudit, record).unwrap();
        let out = azure_monitor_record(category, TENANT, record);
        let path = record_blob_path(&out).unwrap();
        let key = (category.container(), path);
        blobs
            .entry(key.clone())
            .or_default()
            .extend(blob_line(&out));
        expected.entry(key).or_default().push(out);
    }
    assert!(blobs.len() > 10, "{} blobs", blobs.len());
    for (key, bytes) in &blobs {
        let (container, path) = key;
        assert_eq!(container, "insights-logs-auditlogs");
        assert!(bytes.ends_with(b"}\r\n"));
        let text = std::str::from_utf8(bytes).unwrap();
        let lines: Vec<Value> = text
            .split_terminator("\r\n")
            .map(|line| {
                assert!(!line.contains('\n'), "one record per line");
                serde_json::from_str(line).unwrap()
            })
            .collect();
        assert_eq!(&lines, &expected[key]);
        for line in &lines {
            let at = record_event_time(line).unwrap();
            assert_eq!(&blob_path(TENANT, at), path);
            let into = at - hour_of(path);
            assert!(into >= time::Duration::ZERO && into < time::Duration::HOUR);
        }
    }
}

/// The start of the hour a blob path names.
fn hour_of(path: &str) -> OffsetDateTime {
    let field = |name: &str| -> u32 {
        let start = path.find(&format!("/{name}=")).unwrap() + name.len() + 2;
        path[start..].split('/').next().unwrap().parse().unwrap()
    };
    let date = time::Date::from_calendar_date(
        i32::try_from(field("y")).unwrap(),
        time::Month::try_from(u8::try_from(field("m")).unwrap()).unwrap(),
        u8::try_from(field("d")).unwrap(),
    )
    .unwrap();
    date.with_hms(u8::try_from(field("h")).unwrap(), 0, 0)
        .unwrap()
        .assume_utc()
}

#[test]
fn sign_ins_are_bucketed_by_sign_in_time_not_emission_time() {
    let record = &demo_stored().sign_ins[0];
    let category = Category::of(LogKind::SignIn, record).unwrap();
    let options = vigil_export::EnvelopeOptions {
        emitted_at: Some(time::macros::datetime!(2030-01-01 00:00 UTC)),
        ..Default::default()
    };
    let out = vigil_export::azure_monitor_record_with(category, TENANT, record, &options);
    let created =
        vigil_model::datetime::parse_nanos(record["createdDateTime"].as_str().unwrap()).unwrap();
    let created = OffsetDateTime::from_unix_timestamp_nanos(i128::from(created)).unwrap();
    assert_eq!(record_blob_path(&out).unwrap(), blob_path(TENANT, created));
}

#[test]
fn the_captured_line_has_a_blob() {
    let sample = fixture_json("audit_2025_line.json");
    assert_eq!(
        record_blob_path(&sample).unwrap(),
        "tenantId=4d3bac44-0230-4732-9e70-cc00736f0a97/y=2025/m=04/d=11/h=08/m=00/PT1H.json"
    );
    let line = blob_line(&sample);
    let mut expected = crate::common::fixture("audit_2025_line.json")
        .trim_end()
        .as_bytes()
        .to_vec();
    expected.extend_from_slice(b"\r\n");
    assert_eq!(line, expected);
    assert_eq!(blob_line(&json!({})), b"{}\r\n");
}
