//! The endless benchmark stream: realistic sign-ins of the demo tenant (interactive,
//! non-interactive, service principal, managed identity), deterministic per seed, with
//! `createdDateTime` increasing from a start instant by a fixed step plus small jitter.

use std::collections::VecDeque;

use rand::Rng;
use serde_json::Value;
use time::OffsetDateTime;

use crate::catalog_data::DATACENTERS;
use crate::directory::Tenant;
use crate::sign_in_workload::{managed_identity_sign_in, service_principal_sign_in};
use crate::sign_ins::{Emitter, one_user_event};
use crate::util::{self, DAY, DemoRng, sub_rng, tick};

/// An endless iterator of sign-in records; see [`sign_in_stream`].
pub struct SignInStream {
    tenant: Tenant,
    people: Vec<usize>,
    rng: DemoRng,
    start: i64,
    step: i64,
    produced: i64,
    pending: VecDeque<Value>,
}

impl std::fmt::Debug for SignInStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInStream")
            .field("start", &self.start)
            .field("step", &self.step)
            .field("produced", &self.produced)
            .finish()
    }
}

/// A fast, endless, deterministic stream of sign-ins for `tenant_id`: the `n`-th record's
/// `createdDateTime` is `start + n * step_nanos` plus a jitter below half a step (so times
/// strictly increase when `step_nanos > 0`). Ids are random GUIDs drawn from the seeded RNG.
pub fn sign_in_stream(
    seed: u64,
    tenant_id: &str,
    start: OffsetDateTime,
    step_nanos: i64,
) -> SignInStream {
    let start = i64::try_from(start.unix_timestamp_nanos()).unwrap_or(0);
    let mut tenant = Tenant::build(
        seed,
        tenant_id,
        crate::DEMO_TENANT_DOMAIN,
        start,
        start + 30 * DAY,
    );
    for u in &mut tenant.users {
        u.hired_at = None;
        u.disabled_at = None;
    }
    let people = (0..tenant.users.len())
        .filter(|&k| !tenant.users[k].service_account)
        .collect();
    SignInStream {
        tenant,
        people,
        rng: sub_rng(seed, "stream", 0),
        start,
        step: step_nanos.max(0),
        produced: 0,
        pending: VecDeque::new(),
    }
}

impl SignInStream {
    fn refill(&mut self, t: i64) {
        let roll: u32 = self.rng.random_range(0..100);
        if roll < 3 && !self.tenant.workloads.is_empty() {
            let k = util::index(&mut self.rng, self.tenant.workloads.len());
            let w = &self.tenant.workloads[k];
            let c = &DATACENTERS[w.def.datacenter % DATACENTERS.len()];
            let ip = format!(
                "{}.{}.{}.{}",
                c.isp[0],
                c.isp[1],
                self.rng.random_range(0..=255),
                self.rng.random_range(2..=254)
            );
            let built = service_principal_sign_in(&self.tenant, &mut self.rng, w, t, &ip, c, 0);
            self.pending.push_back(built.value);
        } else if roll < 6 && !self.tenant.managed.is_empty() {
            let k = util::index(&mut self.rng, self.tenant.managed.len());
            let mi = &self.tenant.managed[k];
            let c = &DATACENTERS[mi.def.datacenter % DATACENTERS.len()];
            let ip = format!(
                "{}.{}.{}.{}",
                c.isp[0],
                c.isp[1],
                self.rng.random_range(0..=255),
                self.rng.random_range(2..=254)
            );
            let built = managed_identity_sign_in(&self.tenant, &mut self.rng, mi, t, &ip, c);
            self.pending.push_back(built.value);
        } else {
            let index = self.people[util::index(&mut self.rng, self.people.len())];
            let mut em = Emitter::new(&self.tenant, i64::MIN, i64::MAX);
            one_user_event(&mut em, &mut self.rng, index, t);
            self.pending.extend(em.out.into_iter().map(|(_, v)| v));
        }
    }
}

impl Iterator for SignInStream {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        let jitter = if self.step > 1 {
            self.rng.random_range(0..self.step / 2)
        } else {
            0
        };
        let t = tick(
            self.start
                .saturating_add(self.produced.saturating_mul(self.step))
                .saturating_add(jitter),
        );
        let mut guard = 0;
        while self.pending.is_empty() && guard < 16 {
            self.refill(t);
            guard += 1;
        }
        let mut record = self.pending.pop_front()?;
        // Records produced together (an interrupt and its completed sign-in) keep their order
        // but take the stream's clock.
        if let Some(slot) = record.get_mut("createdDateTime") {
            *slot = Value::String(util::ts(t));
        }
        self.produced += 1;
        Some(record)
    }
}
