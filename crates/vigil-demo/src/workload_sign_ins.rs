//! Service-principal and managed-identity sign-ins: periodic jobs (SIEM collectors,
//! reporting, backups), CI/CD pipelines during business hours, and a client secret that
//! expires and is rotated hours later (see `story.rs`).

use rand::Rng;

use crate::catalog_data::{City, DATACENTERS};
use crate::sign_in_workload::{managed_identity_sign_in, service_principal_sign_in};
use crate::sign_ins::Emitter;
use crate::story::Story;
use crate::util::{DAY, DemoRng, HOUR, MINUTE, between, chance, sub_rng, tick};

fn dc_ip(rng: &mut DemoRng, c: &City) -> String {
    format!(
        "{}.{}.{}.{}",
        c.isp[0],
        c.isp[1],
        rng.random_range(0..=255),
        rng.random_range(2..=254)
    )
}

/// Whether `t` is within Pacific business hours on a weekday (CI pipelines run then).
fn business_hours(t: i64) -> bool {
    let pacific = t - 8 * HOUR;
    let day = pacific.div_euclid(DAY);
    let hour = pacific.rem_euclid(DAY) / HOUR;
    (day + 3).rem_euclid(7) < 5 && (7..19).contains(&hour)
}

/// Emits all workload-identity sign-ins in the window.
pub fn workloads(em: &mut Emitter<'_>, seed: u64, story: &Story) {
    let tenant = em.tenant;
    for (k, w) in tenant.workloads.iter().enumerate() {
        let mut rng = sub_rng(seed, "workload", k as u64);
        let c = &DATACENTERS[w.def.datacenter % DATACENTERS.len()];
        let every = w.def.every_min * MINUTE;
        let mut t = em.start + between(&mut rng, 0, every);
        while t < em.end {
            let step = between(&mut rng, every * 7 / 10, every * 13 / 10);
            let active = !w.def.business_hours || business_hours(t);
            if active {
                let code = match story.secret_expiry {
                    Some((wk, from, to)) if wk == k && t >= from && t < to => 7000222,
                    _ if k == 0 && chance(&mut rng, 0.004) => 7000215,
                    _ => 0,
                };
                let t = tick(t);
                if em.inside(t) {
                    let ip = dc_ip(&mut rng, c);
                    let built = service_principal_sign_in(tenant, &mut rng, w, t, &ip, c, code);
                    em.keep(t, built.value);
                }
            }
            t += step;
        }
    }
    for (k, mi) in tenant.managed.iter().enumerate() {
        let mut rng = sub_rng(seed, "managed-identity", k as u64);
        let c = &DATACENTERS[mi.def.datacenter % DATACENTERS.len()];
        let every = mi.def.every_min * MINUTE;
        let mut t = em.start + between(&mut rng, 0, every);
        while t < em.end {
            let step = between(&mut rng, every * 8 / 10, every * 12 / 10);
            let t0 = tick(t);
            if em.inside(t0) {
                let ip = dc_ip(&mut rng, c);
                let built = managed_identity_sign_in(tenant, &mut rng, mi, t0, &ip, c);
                em.keep(t0, built.value);
            }
            t += step;
        }
    }
}
