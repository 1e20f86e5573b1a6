//! Buckets, dimensions, `top` and ordering of summaries.
#![allow(clippy::unwrap_used)] // reason: test code fails loudly
use serde_json::json;

use super::*;

#[test]
fn weeks_start_on_monday_and_days_at_midnight() {
    // 2026-11-08 is a Sunday; its week began Monday 2026-11-02.
    let sunday = vigil_model::datetime::parse_nanos("2026-11-08T17:03:11Z").unwrap();
    let monday = vigil_model::datetime::parse_nanos("2026-11-02T00:00:00Z").unwrap();
    let midnight = vigil_model::datetime::parse_nanos("2026-11-08T00:00:00Z").unwrap();
    assert_eq!(Interval::Week.bucket_start(sunday), monday);
    assert_eq!(Interval::Week.bucket_start(monday), monday);
    assert_eq!(Interval::Day.bucket_start(sunday), midnight);
    assert_eq!(Interval::Week.bucket_start(0), -3 * DAY_NANOS);
}

#[test]
fn dimensions_parse_per_log() {
    assert_eq!(
        Dimension::parse(LogKind::SignIn, "STATUS"),
        Some(Dimension::Status)
    );
    assert_eq!(
        Dimension::parse(LogKind::Provisioning, "status"),
        Some(Dimension::ProvisioningStatus)
    );
    assert_eq!(Dimension::parse(LogKind::DirectoryAudit, "app"), None);
    assert_eq!(
        Dimension::parse(LogKind::CustomSecurityAttributeAudit, "initiatedBy"),
        None
    );
    for kind in LogKind::ALL {
        for d in Dimension::for_kind(kind) {
            assert_eq!(Dimension::parse(kind, d.name()), Some(*d));
        }
    }
}

#[test]
fn authentication_methods_count_once_each() {
    let record = json!({"authenticationDetails": [
        {"authenticationMethod": "Password"},
        {"authenticationMethod": "password"},
        {"authenticationMethod": "Mobile app notification"}
    ]});
    assert_eq!(
        Dimension::AuthenticationMethod.keys(LogKind::SignIn, &record),
        vec![
            Some("mobile app notification".to_owned()),
            Some("password".to_owned())
        ]
    );
    assert_eq!(
        Dimension::AuthenticationMethod.keys(LogKind::SignIn, &json!({})),
        vec![None]
    );
    assert_eq!(
        Dimension::AuthenticationMethod
            .labels(Some("password"), &record)
            .0
            .as_deref(),
        Some("Password")
    );
}

#[test]
fn top_keeps_the_biggest_keys_and_rows_are_ordered() {
    let row = |bucket: i64, key: &str, total: u64| SummaryRow {
        total,
        ..empty_row(Some(bucket), Some(key.to_owned()))
    };
    let rows = vec![
        row(2, "a", 1),
        row(1, "b", 5),
        row(1, "a", 5),
        row(1, "c", 2),
        row(2, "c", 4),
    ];
    let top = finish(rows, Some(2));
    let shape: Vec<(i64, &str, u64)> = top
        .iter()
        .map(|r| (r.bucket.unwrap(), r.key.as_deref().unwrap(), r.total))
        .collect();
    // Totals: a 6, c 6, b 5 → a and c (tie broken by key).
    assert_eq!(
        shape,
        vec![(1, "a", 5), (1, "c", 2), (2, "c", 4), (2, "a", 1)]
    );
}
