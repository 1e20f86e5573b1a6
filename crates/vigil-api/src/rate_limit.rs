//! Throttling at the HTTP edge: the read buckets per (tenant, client app) and the ingest
//! buckets per tenant from `vigil_tenancy`, fed with time from the injected `Clock`.
//!
//! The throttles count in `std::time::Instant`s. To keep the `Clock` the only source of
//! time, [`Throttles`] reads one `Instant` when it is built, as an arbitrary origin, and
//! from then on hands the throttles `origin + (clock.now() − clock time at origin)`: a
//! `FixedClock` in tests moves the buckets exactly as it moves everything else. A clock that
//! steps backwards holds the throttle's time at the origin rather than going back.
//!
//! A throttled request gets Graph's 429 (`TooManyRequests`, `Retry-After`, graph-api-reference
//! §10) through [`GraphError::too_many_requests`].

use std::time::Instant;

use time::OffsetDateTime;
use vigil_model::clock::Clock;
use vigil_store::TenantId;
use vigil_tenancy::{IngestThrottle, Limit, ReadThrottle, RetryAfter};

use crate::error::GraphError;

/// The configurable limits (see `vigil_tenancy::throttle` for the defaults' rationale).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleLimits {
    /// Graph and admin requests per (tenant, client app id).
    pub reads: Limit,
    /// Ingest requests per tenant.
    pub ingest_requests: Limit,
    /// Ingest body bytes per tenant.
    pub ingest_bytes: Limit,
    /// Buckets tracked per throttle before idle ones are evicted.
    pub max_keys: usize,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        ThrottleLimits {
            reads: Limit::DEFAULT_READS,
            ingest_requests: Limit::DEFAULT_INGEST_REQUESTS,
            ingest_bytes: Limit::DEFAULT_INGEST_BYTES,
            max_keys: vigil_tenancy::throttle::DEFAULT_MAX_KEYS,
        }
    }
}

/// The two throttles and the origin that turns clock time into throttle time.
#[derive(Debug)]
pub(crate) struct Throttles {
    reads: ReadThrottle,
    ingest: IngestThrottle,
    origin: Instant,
    origin_time: OffsetDateTime,
}

impl Throttles {
    pub(crate) fn new(limits: &ThrottleLimits, clock: &dyn Clock) -> Throttles {
        Throttles {
            reads: ReadThrottle::new(limits.reads, limits.max_keys),
            ingest: IngestThrottle::new(
                limits.ingest_requests,
                limits.ingest_bytes,
                limits.max_keys,
            ),
            // An arbitrary origin only; every later instant is derived from the clock.
            origin: Instant::now(),
            origin_time: clock.now(),
        }
    }

    /// Throttle time for the clock's current time.
    fn now(&self, clock: &dyn Clock) -> Instant {
        let elapsed = std::time::Duration::try_from(clock.now() - self.origin_time)
            .unwrap_or(std::time::Duration::ZERO);
        self.origin.checked_add(elapsed).unwrap_or(self.origin)
    }

    /// Takes one request from the (tenant, app) read bucket.
    pub(crate) fn check_read(
        &self,
        tenant: &TenantId,
        app_id: &str,
        clock: &dyn Clock,
    ) -> Result<(), GraphError> {
        self.reads
            .check(tenant, app_id, self.now(clock))
            .map_err(throttled)
    }

    /// Takes one request and `bytes` body bytes from the tenant's ingest buckets.
    pub(crate) fn check_ingest(
        &self,
        tenant: &TenantId,
        bytes: u64,
        clock: &dyn Clock,
    ) -> Result<(), GraphError> {
        self.ingest
            .check(tenant, bytes, self.now(clock))
            .map_err(throttled)
    }
}

fn throttled(retry: RetryAfter) -> GraphError {
    GraphError::too_many_requests(retry.header_value())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use time::macros::datetime;
    use vigil_model::clock::FixedClock;
    use vigil_store::TenantId;
    use vigil_tenancy::Limit;

    use super::{ThrottleLimits, Throttles};

    #[test]
    fn buckets_refill_as_the_injected_clock_moves() {
        let clock = FixedClock::new(datetime!(2026-01-01 00:00 UTC));
        let limits = ThrottleLimits {
            reads: Limit::per_second(1, 2).unwrap(),
            ..ThrottleLimits::default()
        };
        let throttles = Throttles::new(&limits, &clock);
        let tenant = TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f").unwrap();
        assert!(throttles.check_read(&tenant, "app", &clock).is_ok());
        assert!(throttles.check_read(&tenant, "app", &clock).is_ok());
        let refused = throttles.check_read(&tenant, "app", &clock).unwrap_err();
        assert_eq!(refused.retry_after.as_deref(), Some("1"));
        assert!(throttles.check_read(&tenant, "other", &clock).is_ok());
        clock.advance(time::Duration::seconds(1));
        assert!(throttles.check_read(&tenant, "app", &clock).is_ok());
        clock.advance(time::Duration::seconds(-30));
        assert!(throttles.check_read(&tenant, "app", &clock).is_err());
    }
}
