//! Token buckets on a controlled clock: bursts, refill, Retry-After, keys, eviction.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use vigil_tenancy::{IngestThrottle, InvalidLimit, Limit, ReadThrottle, RetryAfter};

use crate::common::tenant;

const MS: Duration = Duration::from_millis(1);

#[test]
fn burst_then_refill_with_exact_retry_after() {
    let throttle = ReadThrottle::new(Limit::per_second(10, 50).unwrap(), 100);
    let t0 = Instant::now();
    for _ in 0..50 {
        throttle.check(&tenant(1), "app", t0).unwrap();
    }
    // The 51st waits exactly one token interval (100 ms).
    let denied = throttle.check(&tenant(1), "app", t0).unwrap_err();
    assert_eq!(denied.duration(), 100 * MS);
    assert_eq!(denied.header_value(), "1");
    // Denials do not consume: 40 ms later the wait is 60 ms.
    let denied = throttle.check(&tenant(1), "app", t0 + 40 * MS).unwrap_err();
    assert_eq!(denied.duration(), 60 * MS);
    // At 100 ms one token is back, and only one.
    throttle.check(&tenant(1), "app", t0 + 100 * MS).unwrap();
    assert_eq!(
        throttle
            .check(&tenant(1), "app", t0 + 100 * MS)
            .unwrap_err()
            .duration(),
        100 * MS
    );
    // After 5 s idle the bucket is full again (50 tokens, not more).
    let later = t0 + Duration::from_secs(5) + 100 * MS;
    for _ in 0..50 {
        throttle.check(&tenant(1), "app", later).unwrap();
    }
    assert!(throttle.check(&tenant(1), "app", later).is_err());
}

#[test]
fn buckets_are_per_tenant_and_app() {
    let throttle = ReadThrottle::new(Limit::GRAPH_REPORTS, 100);
    let t0 = Instant::now();
    for _ in 0..5 {
        throttle.check(&tenant(1), "app-a", t0).unwrap();
    }
    let denied = throttle.check(&tenant(1), "app-a", t0).unwrap_err();
    // Graph's 5 per 10 s: a token every 2 s.
    assert_eq!(denied.duration(), Duration::from_secs(2));
    assert_eq!(denied.header_value(), "2");
    throttle.check(&tenant(1), "app-b", t0).unwrap();
    throttle.check(&tenant(2), "app-a", t0).unwrap();
    assert_eq!(throttle.tracked_keys(), 3);
}

#[test]
fn ingest_charges_requests_and_bytes_together() {
    let throttle = IngestThrottle::new(
        Limit::per_second(100, 100).unwrap(),
        Limit::per_second(1000, 4000).unwrap(),
        100,
    );
    let t0 = Instant::now();
    throttle.check(&tenant(1), 3000, t0).unwrap();
    // 1000 bytes left: a 1500-byte body waits 500 ms for the missing bytes.
    let denied = throttle.check(&tenant(1), 1500, t0).unwrap_err();
    assert_eq!(denied.duration(), 500 * MS);
    // The denied request took no request token either: 99 requests still fit.
    for _ in 0..99 {
        throttle.check(&tenant(1), 0, t0).unwrap();
    }
    let denied = throttle.check(&tenant(1), 0, t0).unwrap_err();
    assert_eq!(denied.duration(), 10 * MS);
    // Other tenants are unaffected.
    throttle.check(&tenant(2), 4000, t0).unwrap();
}

#[test]
fn a_body_larger_than_the_burst_passes_when_full_and_leaves_debt() {
    let throttle = IngestThrottle::new(
        Limit::per_second(1000, 1000).unwrap(),
        Limit::per_second(1000, 4000).unwrap(),
        100,
    );
    let t0 = Instant::now();
    throttle.check(&tenant(1), 10_000, t0).unwrap();
    // 6000 bytes of debt plus the next 1-byte request: wait until 6001 bytes are earned.
    let denied = throttle.check(&tenant(1), 1, t0).unwrap_err();
    assert_eq!(denied.duration(), Duration::from_millis(6001));
    // A second oversized body waits until the bucket is full again (10 s from t0).
    let denied = throttle.check(&tenant(1), 10_000, t0).unwrap_err();
    assert_eq!(denied.duration(), Duration::from_secs(10));
    throttle
        .check(&tenant(1), 10_000, t0 + Duration::from_secs(10))
        .unwrap();
}

#[test]
fn idle_buckets_are_evicted_and_memory_stays_bounded() {
    let throttle = ReadThrottle::new(Limit::per_second(1, 1).unwrap(), 20);
    let t0 = Instant::now();
    for app in 0..1000 {
        // Every key is freshly drained, so eviction must drop busy buckets too.
        throttle.check(&tenant(1), &app.to_string(), t0).unwrap();
        assert!(throttle.tracked_keys() <= 20);
    }
    // Once every bucket has refilled, the next new key sweeps all of them away.
    let later = t0 + Duration::from_secs(2);
    for app in 1000..1005 {
        throttle.check(&tenant(1), &app.to_string(), later).unwrap();
    }
    assert!(throttle.tracked_keys() <= 20);
    let full = ReadThrottle::new(Limit::per_second(1, 1).unwrap(), 3);
    for app in ["a", "b", "c"] {
        full.check(&tenant(1), app, t0).unwrap();
    }
    full.check(&tenant(1), "d", t0 + Duration::from_secs(1))
        .unwrap();
    assert_eq!(
        full.tracked_keys(),
        1,
        "the three refilled buckets were swept"
    );
    // A key still in its bucket's debt keeps it: "d" is throttled.
    assert!(
        full.check(&tenant(1), "d", t0 + Duration::from_secs(1))
            .is_err()
    );
}

#[test]
fn retry_after_header_rounds_up_to_whole_seconds() {
    let throttle = ReadThrottle::new(Limit::new(1, 1, Duration::from_millis(2500)).unwrap(), 10);
    let t0 = Instant::now();
    throttle.check(&tenant(1), "", t0).unwrap();
    let denied: RetryAfter = throttle.check(&tenant(1), "", t0).unwrap_err();
    assert_eq!(denied.duration(), Duration::from_millis(2500));
    assert_eq!(denied.header_value(), "3");
    let denied = throttle
        .check(&tenant(1), "", t0 + Duration::from_millis(500))
        .unwrap_err();
    assert_eq!(denied.header_value(), "2");
}

#[test]
fn invalid_limits_are_refused() {
    assert_eq!(Limit::per_second(0, 5), Err(InvalidLimit));
    assert_eq!(Limit::per_second(5, 0), Err(InvalidLimit));
    assert_eq!(Limit::new(1, 1, Duration::ZERO), Err(InvalidLimit));
    assert_eq!(Limit::DEFAULT_READS.burst(), 50);
}

/// Over any schedule of requests, what passes never exceeds the burst plus what the rate
/// earned over the elapsed time, and every denial's wait is enough for that request.
#[test]
fn never_admits_more_than_burst_plus_rate() {
    let strategy = (
        1u64..20,
        1u64..20,
        proptest::collection::vec(0u64..300, 1..200),
    );
    let mut runner = TestRunner::new(ProptestConfig::with_cases(128));
    runner
        .run(&strategy, |(burst, rate, gaps_ms)| {
            let throttle = ReadThrottle::new(Limit::per_second(rate, burst).unwrap(), 10);
            let t0 = Instant::now();
            let mut now = t0;
            let mut admitted = 0u64;
            for gap in gaps_ms {
                now += Duration::from_millis(gap);
                match throttle.check(&tenant(1), "app", now) {
                    Ok(()) => admitted += 1,
                    Err(wait) => {
                        prop_assert!(wait.duration() > Duration::ZERO);
                        let retry = now + wait.duration();
                        let earlier = retry - Duration::from_nanos(1);
                        prop_assert!(throttle.check(&tenant(1), "app", earlier).is_err());
                        prop_assert!(throttle.check(&tenant(1), "app", retry).is_ok());
                        admitted += 1;
                        now = retry;
                    }
                }
                let elapsed = now.duration_since(t0).as_secs_f64();
                let ceiling = burst as f64 + rate as f64 * elapsed + 1e-6;
                prop_assert!(admitted as f64 <= ceiling, "{admitted} > {ceiling}");
            }
            Ok(())
        })
        .unwrap();
}
