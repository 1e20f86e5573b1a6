//! The benchmark stream: deterministic, unique ids, increasing times, realistic size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::collections::BTreeSet;

use time::macros::datetime;
use vigil_demo::{DEMO_TENANT_ID, sign_in_stream};

#[test]
fn stream_is_deterministic_unique_and_increasing() {
    let start = datetime!(2026-01-01 00:00 UTC);
    let a: Vec<_> = sign_in_stream(9, DEMO_TENANT_ID, start, 5_000_000)
        .take(3_000)
        .collect();
    let b: Vec<_> = sign_in_stream(9, DEMO_TENANT_ID, start, 5_000_000)
        .take(3_000)
        .collect();
    assert_eq!(a, b);
    let ids: BTreeSet<&str> = a.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), a.len());
    let mut last = i64::MIN;
    let start_nanos = i64::try_from(start.unix_timestamp_nanos()).unwrap();
    for (n, r) in a.iter().enumerate() {
        let t = vigil_model::datetime::parse_nanos(r["createdDateTime"].as_str().unwrap()).unwrap();
        assert!(t > last, "record {n} does not increase");
        let expected = start_nanos + n as i64 * 5_000_000;
        assert!(
            t >= expected && t < expected + 2_500_000,
            "record {n} off schedule"
        );
        last = t;
    }
    let kinds: BTreeSet<&str> = a
        .iter()
        .map(|r| r["signInEventTypes"][0].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

#[test]
fn stream_records_have_a_realistic_size() {
    let records: Vec<_> = sign_in_stream(1, DEMO_TENANT_ID, datetime!(2026-01-01 00:00 UTC), 1_000)
        .take(5_000)
        .collect();
    let bytes: usize = records
        .iter()
        .map(|r| serde_json::to_vec(r).unwrap().len())
        .sum();
    let average = bytes / records.len();
    eprintln!("average sign-in size {average} bytes");
    assert!(
        (1_500..=6_000).contains(&average),
        "average {average} bytes"
    );
}

#[test]
fn stream_is_fast() {
    let started = std::time::Instant::now();
    let n = sign_in_stream(2, DEMO_TENANT_ID, datetime!(2026-01-01 00:00 UTC), 1_000)
        .take(20_000)
        .count();
    eprintln!("{n} stream records in {:?}", started.elapsed());
    assert_eq!(n, 20_000);
}
