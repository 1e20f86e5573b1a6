//! Deterministic synthetic activity generator: realistic users, apps, sign-ins, audits,
//! provisioning and custom-security-attribute changes for a fictitious "Contoso" tenant,
//! as Microsoft Graph **beta** JSON objects (`serde_json::Value`).
//!
//! - [`generate`]: a whole data set for a window of `days` ending at `end`
//!   (same [`DemoConfig`] → byte-identical output; never reads the clock).
//! - [`sign_in_stream`]: an endless, fast stream of sign-ins for benchmarks.
//!
//! Module map: `catalog_data` / `catalog_apps` (static tables), `directory` (the tenant),
//! `story` (incidents shared by all logs), `sign_ins` / `sign_in_attacks` /
//! `workload_sign_ins` (what happens), `conditional_access` / `sign_in_record` (how a
//! sign-in is written), `audits` / `audit_record`, `provisioning`, `attributes`, `stream`.

mod attributes;
mod audit_apps;
mod audit_incidents;
mod audit_record;
mod audits;
mod catalog_apps;
mod catalog_data;
mod conditional_access;
mod directory;
mod people;
mod provisioning;
mod roster;
mod sign_in_attacks;
mod sign_in_fields;
mod sign_in_record;
mod sign_in_special;
mod sign_in_workload;
mod sign_ins;
mod story;
mod stream;
mod util;
mod workload_sign_ins;

use serde_json::Value;
use time::OffsetDateTime;
use vigil_model::LogKind;

pub use roster::{DemoPerson, roster};
pub use stream::{SignInStream, sign_in_stream};

/// Tenant id of the demo tenant unless overridden.
pub const DEMO_TENANT_ID: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
/// Primary domain of the demo tenant unless overridden.
pub const DEMO_TENANT_DOMAIN: &str = "contoso.com";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed: the whole data set is a function of the config.
    pub seed: u64,
    /// Length of the window in days; records fall in `[end - days, end)`.
    pub days: u32,
    /// End of the window (exclusive).
    pub end: OffsetDateTime,
    /// Tenant id written into records (`homeTenantId`, `resourceTenantId`, `tenantId`).
    pub tenant_id: String,
    /// Primary domain used for user principal names (`first.last@contoso.com`).
    pub tenant_domain: String,
}

impl DemoConfig {
    /// The Contoso defaults ([`DEMO_TENANT_ID`], [`DEMO_TENANT_DOMAIN`]).
    pub fn new(seed: u64, days: u32, end: OffsetDateTime) -> Self {
        DemoConfig {
            seed,
            days,
            end,
            tenant_id: DEMO_TENANT_ID.to_owned(),
            tenant_domain: DEMO_TENANT_DOMAIN.to_owned(),
        }
    }

    /// The window as nanoseconds since the epoch, `[start, end)`; `start` is rounded up to
    /// Graph's 100 ns resolution so that every formatted timestamp stays inside.
    pub(crate) fn window(&self) -> (i64, i64) {
        let end = i64::try_from(self.end.unix_timestamp_nanos()).unwrap_or(i64::MAX);
        let start = end.saturating_sub(i64::from(self.days) * util::DAY);
        let start = start + (100 - start.rem_euclid(100)) % 100;
        (start, end)
    }
}

/// One generated data set; every vector is sorted by event time, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoData {
    /// `signIn` records: interactive, non-interactive, service principal, managed identity.
    pub sign_ins: Vec<Value>,
    /// `directoryAudit` records.
    pub directory_audits: Vec<Value>,
    /// `provisioningObjectSummary` records.
    pub provisioning: Vec<Value>,
    /// `customSecurityAttributeAudit` records.
    pub custom_security_attribute_audits: Vec<Value>,
}

impl DemoData {
    /// Each log's records with its kind, in [`LogKind::ALL`] order.
    pub fn by_kind(&self) -> [(LogKind, &[Value]); 4] {
        [
            (LogKind::SignIn, &self.sign_ins),
            (LogKind::DirectoryAudit, &self.directory_audits),
            (LogKind::Provisioning, &self.provisioning),
            (
                LogKind::CustomSecurityAttributeAudit,
                &self.custom_security_attribute_audits,
            ),
        ]
    }
}

/// Generates the data set described by `config`. Deterministic: the same config always
/// produces byte-identical JSON.
pub fn generate(config: &DemoConfig) -> DemoData {
    let (start, end) = config.window();
    if end <= start {
        return DemoData::default();
    }
    let tenant = directory::Tenant::build(
        config.seed,
        &config.tenant_id,
        &config.tenant_domain,
        start,
        end,
    );
    let story = story::Story::plan(&tenant, config.seed, start, end);

    let mut em = sign_ins::Emitter::new(&tenant, start, end);
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, 4);
    em.out = user_sign_ins(&tenant, config.seed, start, end, threads);
    sign_in_attacks::incidents(&mut em, config.seed, &story);
    workload_sign_ins::workloads(&mut em, config.seed, &story);
    let sign_ins = sorted(em.out);

    let directory_audits = sorted(audits::generate(&tenant, &story, config.seed, start, end));
    let provisioning = sorted(provisioning::generate(&tenant, config.seed, start, end));
    let custom_security_attribute_audits =
        sorted(attributes::generate(&tenant, config.seed, start, end));
    DemoData {
        sign_ins,
        directory_audits,
        provisioning,
        custom_security_attribute_audits,
    }
}

/// Every user's own sign-ins, generated on up to four threads. Each user has an independent
/// RNG and the per-user results are concatenated in user order, so the output does not
/// depend on the number of threads.
fn user_sign_ins(
    tenant: &directory::Tenant,
    seed: u64,
    start: i64,
    end: i64,
    threads: usize,
) -> Vec<(i64, Value)> {
    let n = tenant.users.len();
    let threads = threads.max(1);
    let run = |from: usize, to: usize| {
        let mut em = sign_ins::Emitter::new(tenant, start, end);
        for index in from..to {
            sign_ins::user_activity(&mut em, seed, index);
        }
        em.out
    };
    if threads == 1 {
        return run(0, n);
    }
    let share = |k: usize| (k * n / threads, (k + 1) * n / threads);
    let parts: Vec<Vec<(i64, Value)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let (from, to) = share(k);
                std::thread::Builder::new()
                    .name(format!("vigil-demo-{k}"))
                    .spawn_scoped(scope, move || run(from, to))
            })
            .collect();
        // A worker that could not start (or panicked, which would be a bug) has its share
        // generated here instead; the output is the same either way.
        handles
            .into_iter()
            .enumerate()
            .map(|(k, handle)| {
                let (from, to) = share(k);
                match handle {
                    Ok(h) => h.join().unwrap_or_else(|_| run(from, to)),
                    Err(_) => run(from, to),
                }
            })
            .collect()
    });
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for mut part in parts {
        out.append(&mut part);
    }
    out
}

/// Sorts by time (stable, so ties keep generation order) and drops the keys.
fn sorted(mut records: Vec<(i64, Value)>) -> Vec<Value> {
    records.sort_by_key(|(t, _)| *t);
    records.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_count_does_not_change_the_output() {
        let config = DemoConfig::new(5, 2, time::macros::datetime!(2026-03-01 00:00 UTC));
        let (start, end) = config.window();
        let tenant = directory::Tenant::build(
            config.seed,
            &config.tenant_id,
            &config.tenant_domain,
            start,
            end,
        );
        let one = user_sign_ins(&tenant, config.seed, start, end, 1);
        let three = user_sign_ins(&tenant, config.seed, start, end, 3);
        assert!(!one.is_empty());
        assert_eq!(one, three);
    }

    #[test]
    fn window_start_is_rounded_up_to_graph_ticks() {
        let end = time::macros::datetime!(2026-03-01 00:00:00.000000050 UTC);
        let (start, end_nanos) = DemoConfig::new(1, 1, end).window();
        assert_eq!(start % 100, 0);
        assert!(start >= end_nanos - util::DAY);
    }
}
