//! Token-bucket throttling: reads per (tenant, app), ingest per tenant.
//!
//! **Limits.** Graph allows 5 requests per 10 s per app per tenant on the identity reports
//! (graph-api-reference §10; available here as [`Limit::GRAPH_REPORTS`]). That protects a
//! shared, planet-scale service and is why SIEM pollers there crawl in narrow windows.
//! Vigil is self-hosted and a page is a local index walk, so the default
//! ([`Limit::DEFAULT_READS`]) is a burst of 50 and 10 requests/s sustained per (tenant,
//! app): a poller or dashboard paging through thousands of records never waits, while one
//! runaway script cannot monopolise the store. Ingest has its own buckets per tenant, one
//! on requests ([`Limit::DEFAULT_INGEST_REQUESTS`]: burst 100, 50/s) and one on body bytes
//! ([`Limit::DEFAULT_INGEST_BYTES`]: burst 256 MiB, 64 MiB/s — about what the 2-core
//! benchmark machine ingests, so a single tenant is not slowed below the machine's pace
//! while several tenants share it fairly). All are configurable.
//!
//! **Algorithm.** Each bucket is kept as one number, its *theoretical arrival time* (the
//! generic cell rate algorithm, an exact token bucket): the instant at which it would be
//! full again. A request costing `n` tokens is allowed when the bucket holds them, and then
//! moves that instant `n` token-intervals later. A request costing more than the whole
//! burst is allowed once the bucket is full and leaves it in debt, so big ingest bodies are
//! never starved yet the long-run rate holds. When denied, [`RetryAfter`] is exactly the
//! wait until the request would pass.
//!
//! **Time** is an [`Instant`] passed in, so tests drive it. **Memory** is bounded: a bucket
//! whose instant has passed is full, which is the same as having no entry, so such entries
//! are dropped when the table reaches `max_keys`; if it is still crowded, the buckets
//! nearest to full are dropped too (the only leniency, and only under a flood of keys).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use vigil_store::TenantId;

/// Default number of keys a throttle tracks before it evicts.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// A token bucket's shape: holds up to `burst` tokens and earns `tokens` per `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    burst: u64,
    tokens: u64,
    period: Duration,
}

/// A limit with a zero burst, rate or period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a rate limit needs a burst and a rate of at least 1 and a non-zero period")]
pub struct InvalidLimit;

impl Limit {
    /// Graph's identity-reports limit: 5 requests per 10 s per app per tenant.
    pub const GRAPH_REPORTS: Limit = Limit {
        burst: 5,
        tokens: 5,
        period: Duration::from_secs(10),
    };

    /// Vigil's default for reads per (tenant, app): burst 50, 10 requests/s.
    pub const DEFAULT_READS: Limit = Limit {
        burst: 50,
        tokens: 10,
        period: Duration::from_secs(1),
    };

    /// Vigil's default for ingest requests per tenant: burst 100, 50 requests/s.
    pub const DEFAULT_INGEST_REQUESTS: Limit = Limit {
        burst: 100,
        tokens: 50,
        period: Duration::from_secs(1),
    };

    /// Vigil's default for ingest body bytes per tenant: burst 256 MiB, 64 MiB/s.
    pub const DEFAULT_INGEST_BYTES: Limit = Limit {
        burst: 256 << 20,
        tokens: 64 << 20,
        period: Duration::from_secs(1),
    };

    /// A bucket of `burst` tokens refilled with `tokens` every `period`.
    pub fn new(burst: u64, tokens: u64, period: Duration) -> Result<Limit, InvalidLimit> {
        if burst == 0 || tokens == 0 || period.is_zero() {
            return Err(InvalidLimit);
        }
        Ok(Limit {
            burst,
            tokens,
            period,
        })
    }

    /// A bucket of `burst` tokens refilled at `per_second` tokens a second.
    pub fn per_second(per_second: u64, burst: u64) -> Result<Limit, InvalidLimit> {
        Limit::new(burst, per_second, Duration::from_secs(1))
    }

    /// The most tokens the bucket holds.
    pub fn burst(&self) -> u64 {
        self.burst
    }

    /// Nanoseconds it takes to earn `cost` tokens, rounded up.
    fn earn_ns(&self, cost: u64) -> u64 {
        let numerator = u128::from(cost) * self.period.as_nanos();
        let nanos = numerator.div_ceil(u128::from(self.tokens));
        u64::try_from(nanos).unwrap_or(u64::MAX)
    }
}

/// How long to wait before retrying a throttled request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RetryAfter(Duration);

impl RetryAfter {
    /// The exact wait.
    pub fn duration(self) -> Duration {
        self.0
    }

    /// The `Retry-After` header value: whole seconds, rounded up, at least 1. HTTP defines
    /// the header in whole seconds; Graph's fractional values (`2.128`) are not portable.
    pub fn header_value(self) -> String {
        let mut secs = self.0.as_secs();
        if self.0.subsec_nanos() > 0 || secs == 0 {
            secs = secs.saturating_add(1);
        }
        secs.to_string()
    }
}

/// Buckets for `N` limits per key, checked and charged together.
#[derive(Debug)]
struct Buckets<K, const N: usize> {
    limits: [Limit; N],
    max_keys: usize,
    state: Mutex<State<K, N>>,
}

#[derive(Debug)]
struct State<K, const N: usize> {
    /// The first instant seen; arrival times are nanoseconds after it.
    origin: Option<Instant>,
    /// Each key's arrival time per limit. Absent means full.
    arrivals: HashMap<K, [u64; N]>,
}

impl<K: Hash + Eq + Clone, const N: usize> Buckets<K, N> {
    fn new(limits: [Limit; N], max_keys: usize) -> Self {
        Buckets {
            limits,
            max_keys: max_keys.max(1),
            state: Mutex::new(State {
                origin: None,
                arrivals: HashMap::new(),
            }),
        }
    }

    /// Charges `costs` (one per limit) to `key` if every bucket holds them; otherwise
    /// charges nothing and says how long until they would all pass.
    fn check(&self, key: &K, costs: [u64; N], now: Instant) -> Result<(), RetryAfter> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let origin = *state.origin.get_or_insert(now);
        let now_ns =
            u64::try_from(now.saturating_duration_since(origin).as_nanos()).unwrap_or(u64::MAX);
        let current = state.arrivals.get(key).copied();
        let mut next = [0u64; N];
        let mut wait = 0u64;
        for (i, limit) in self.limits.iter().enumerate() {
            let arrival = current.map_or(now_ns, |a| a[i].max(now_ns));
            let charge = limit.earn_ns(costs[i]);
            let window = limit.earn_ns(limit.burst);
            // Allowed when the bucket holds `cost` tokens, or is full for a cost above it.
            let latest = now_ns.saturating_add(window - charge.min(window));
            wait = wait.max(arrival.saturating_sub(latest));
            next[i] = arrival.saturating_add(charge);
        }
        if wait > 0 {
            return Err(RetryAfter(Duration::from_nanos(wait)));
        }
        if current.is_none() && state.arrivals.len() >= self.max_keys {
            evict(&mut state.arrivals, now_ns, self.max_keys);
        }
        state.arrivals.insert(key.clone(), next);
        Ok(())
    }

    fn len(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .arrivals
            .len()
    }
}

/// Drops full buckets (exact), then, if more than 90% of `max_keys` remain, the ones
/// nearest to full. Leaving at most 90% makes the sweep run at most once per
/// `max_keys / 10` new keys.
fn evict<K: Hash + Eq + Clone, const N: usize>(
    arrivals: &mut HashMap<K, [u64; N]>,
    now_ns: u64,
    max_keys: usize,
) {
    arrivals.retain(|_, a| a.iter().any(|&t| t > now_ns));
    let target = max_keys - max_keys / 10 - usize::from(max_keys < 10);
    if arrivals.len() <= target {
        return;
    }
    let mut by_fullness: Vec<(u64, K)> = arrivals
        .iter()
        .map(|(k, a)| (a.iter().copied().max().unwrap_or(0), k.clone()))
        .collect();
    by_fullness.sort_unstable_by_key(|(t, _)| *t);
    let excess = arrivals.len() - target;
    for (_, key) in by_fullness.into_iter().take(excess) {
        arrivals.remove(&key);
    }
}

/// Read throttling per (tenant, client app id).
#[derive(Debug)]
pub struct ReadThrottle {
    buckets: Buckets<(TenantId, String), 1>,
}

impl ReadThrottle {
    /// One bucket of `limit` per (tenant, app), tracking at most `max_keys` of them.
    pub fn new(limit: Limit, max_keys: usize) -> ReadThrottle {
        ReadThrottle {
            buckets: Buckets::new([limit], max_keys),
        }
    }

    /// Takes one request from the (tenant, app) bucket, or says how long to wait. Callers
    /// without an app id (no token yet) pass `""` and share one bucket per tenant.
    pub fn check(&self, tenant: &TenantId, app_id: &str, now: Instant) -> Result<(), RetryAfter> {
        self.buckets
            .check(&(tenant.clone(), app_id.to_owned()), [1], now)
    }

    /// Buckets currently held in memory.
    pub fn tracked_keys(&self) -> usize {
        self.buckets.len()
    }
}

impl Default for ReadThrottle {
    fn default() -> Self {
        ReadThrottle::new(Limit::DEFAULT_READS, DEFAULT_MAX_KEYS)
    }
}

/// Ingest throttling per tenant, on requests and on body bytes.
#[derive(Debug)]
pub struct IngestThrottle {
    buckets: Buckets<TenantId, 2>,
}

impl IngestThrottle {
    /// A request bucket and a byte bucket per tenant, at most `max_keys` tenants tracked.
    pub fn new(requests: Limit, bytes: Limit, max_keys: usize) -> IngestThrottle {
        IngestThrottle {
            buckets: Buckets::new([requests, bytes], max_keys),
        }
    }

    /// Takes one request and `body_bytes` bytes from the tenant's buckets — both or
    /// neither — or says how long until both would pass.
    pub fn check(
        &self,
        tenant: &TenantId,
        body_bytes: u64,
        now: Instant,
    ) -> Result<(), RetryAfter> {
        self.buckets.check(tenant, [1, body_bytes], now)
    }

    /// Tenants currently held in memory.
    pub fn tracked_keys(&self) -> usize {
        self.buckets.len()
    }
}

impl Default for IngestThrottle {
    fn default() -> Self {
        IngestThrottle::new(
            Limit::DEFAULT_INGEST_REQUESTS,
            Limit::DEFAULT_INGEST_BYTES,
            DEFAULT_MAX_KEYS,
        )
    }
}
