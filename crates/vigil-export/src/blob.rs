//! The storage-account archive (azure-monitor-formats §3.1–3.2): one append blob per
//! category container ([`crate::Category::container`]) and UTC hour, named
//! `tenantId=<tid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`, holding JSON Lines — one record
//! per line in [`crate::record_bytes`] layout, no `{"records":…}` wrapper, each line ended by
//! CRLF (the terminator observed in sign-in blobs; readers accept `\n` too, writers should
//! emit CRLF). Every line, the last included, ends with CRLF, so appending a block of lines
//! to a blob never has to touch what is already there.
//!
//! Which hour a record belongs to: the reference observed blobs bucketed by the record's
//! event time (late records are appended to older hours), so [`record_event_time`] reads the
//! Graph time in `properties` (`createdDateTime` / `activityDateTime`) and falls back on the
//! envelope's `time`.

use serde_json::Value;
use time::{OffsetDateTime, UtcOffset};

use crate::layout::write_record;

/// How each line of a blob ends.
pub const BLOB_LINE_END: &[u8] = b"\r\n";

/// The blob name of the hour `time` falls in (converted to UTC), for tenant `tenant_id`:
/// `tenantId=<tid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`, zero-padded, minute always `00`.
pub fn blob_path(tenant_id: &str, time: OffsetDateTime) -> String {
    let utc = time.to_offset(UtcOffset::UTC);
    format!(
        "tenantId={tenant_id}/y={:04}/m={:02}/d={:02}/h={:02}/m=00/PT1H.json",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour()
    )
}

/// One blob line: the record in Azure's layout followed by CRLF.
pub fn blob_line(record: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_record(&mut out, record);
    out.extend_from_slice(BLOB_LINE_END);
    out
}

/// The event time of an exported record: `properties.createdDateTime` (sign-ins) or
/// `properties.activityDateTime` (audits, provisioning), else the envelope's `time`; `None`
/// when none of them is a timestamp (1970..2262).
pub fn record_event_time(record: &Value) -> Option<OffsetDateTime> {
    let properties = record.get("properties");
    let candidates = [
        properties.and_then(|p| p.get("createdDateTime")),
        properties.and_then(|p| p.get("activityDateTime")),
        record.get("time"),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(crate::timestamps::parse)
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos)).ok())
}

/// The blob an exported record is appended to, from its envelope's `tenantId` and its
/// [`record_event_time`]; `None` if either is missing.
pub fn record_blob_path(record: &Value) -> Option<String> {
    let tenant_id = record.get("tenantId").and_then(Value::as_str)?;
    Some(blob_path(tenant_id, record_event_time(record)?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    const TID: &str = "0e35ee7a-425d-45a5-9013-218c1eae8fd4";

    #[test]
    fn the_reference_example() {
        assert_eq!(
            blob_path(TID, datetime!(2024-06-20 05:17:03.25 UTC)),
            "tenantId=0e35ee7a-425d-45a5-9013-218c1eae8fd4/y=2024/m=06/d=20/h=05/m=00/PT1H.json"
        );
    }

    #[test]
    fn zero_padding_and_hour_boundaries() {
        let path = |t| blob_path("t", t);
        assert_eq!(
            path(datetime!(2026-01-02 03:59:59.9999999 UTC)),
            "tenantId=t/y=2026/m=01/d=02/h=03/m=00/PT1H.json"
        );
        assert_eq!(
            path(datetime!(2026-01-02 04:00:00 UTC)),
            "tenantId=t/y=2026/m=01/d=02/h=04/m=00/PT1H.json"
        );
        assert_eq!(
            path(datetime!(2025-12-31 23:59:59.9999999 UTC)),
            "tenantId=t/y=2025/m=12/d=31/h=23/m=00/PT1H.json"
        );
        assert_eq!(
            path(datetime!(2026-01-01 00:00 UTC)),
            "tenantId=t/y=2026/m=01/d=01/h=00/m=00/PT1H.json"
        );
        assert_eq!(
            path(datetime!(2024-02-29 12:30 UTC)),
            "tenantId=t/y=2024/m=02/d=29/h=12/m=00/PT1H.json"
        );
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(
            blob_path("t", datetime!(2026-03-01 01:30 +02:00)),
            "tenantId=t/y=2026/m=02/d=28/h=23/m=00/PT1H.json"
        );
        assert_eq!(
            blob_path("t", datetime!(2026-12-31 20:00 -05:00)),
            "tenantId=t/y=2027/m=01/d=01/h=01/m=00/PT1H.json"
        );
    }

    #[test]
    fn lines_end_with_crlf() {
        let line = blob_line(&json!({"time": "t", "properties": {"a": 1}}));
        assert_eq!(line, b"{ \"time\": \"t\", \"properties\": {\"a\":1}}\r\n");
        assert_eq!(blob_line(&Value::Null), b"null\r\n");
    }

    #[test]
    fn event_time_prefers_the_graph_time() {
        let sign_in = json!({
            "time": "2026-03-01T01:10:00.0000000Z",
            "tenantId": "t",
            "properties": {"createdDateTime": "2026-03-01T00:59:30.5+00:00"}
        });
        assert_eq!(
            record_event_time(&sign_in),
            Some(datetime!(2026-03-01 00:59:30.5 UTC))
        );
        assert_eq!(
            record_blob_path(&sign_in).unwrap(),
            "tenantId=t/y=2026/m=03/d=01/h=00/m=00/PT1H.json"
        );
        let audit =
            json!({"tenantId": "t", "properties": {"activityDateTime": "2026-03-01T07:00:00Z"}});
        assert_eq!(
            record_blob_path(&audit).unwrap(),
            "tenantId=t/y=2026/m=03/d=01/h=07/m=00/PT1H.json"
        );
        let envelope_only = json!({"time": "2026-03-01T09:00:00.0000000Z", "tenantId": "t"});
        assert_eq!(
            record_event_time(&envelope_only),
            Some(datetime!(2026-03-01 09:00 UTC))
        );
        let unparseable = json!({"time": "4/14/2025 11:35:37 AM", "tenantId": "t", "properties": {"createdDateTime": 5}});
        assert_eq!(record_event_time(&unparseable), None);
        assert_eq!(record_blob_path(&unparseable), None);
        assert_eq!(
            record_blob_path(&json!({"time": "2026-03-01T09:00:00Z"})),
            None
        );
    }
}
