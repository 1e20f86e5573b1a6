//! The incidents that tie the logs together: a password spray, brute-force lockouts,
//! impossible travel (one of them a real compromise of a helpdesk admin who then grants
//! privileged group access), anonymiser sign-ins, expired passwords and legitimate privileged
//! grants. Sign-ins and audits both read this plan so that their stories match.

use rand::Rng;

use crate::catalog_apps::role;
use crate::catalog_data::{ATTACK_CITIES, CITIES};
use crate::directory::Tenant;
use crate::util::{self, DAY, DemoRng, HOUR, MINUTE, between, pick, sub_rng};

/// A password spray: one source, many accounts, a few attempts each.
#[derive(Debug, Clone)]
pub struct Spray {
    /// Start time.
    pub t0: i64,
    /// Source IP.
    pub ip: String,
    /// Index into [`ATTACK_CITIES`].
    pub city: usize,
    /// Targeted users.
    pub targets: Vec<usize>,
    /// Users whose password was guessed (then blocked by Conditional Access).
    pub cracked: Vec<usize>,
}

/// A brute-force run against one account ending in Smart Lockout.
#[derive(Debug, Clone)]
pub struct Brute {
    /// Victim.
    pub user: usize,
    /// Start time.
    pub t0: i64,
    /// Source IP.
    pub ip: String,
    /// Index into [`ATTACK_CITIES`].
    pub city: usize,
    /// Wrong-password attempts before lockout.
    pub attempts: u32,
}

/// A sign-in from far away shortly after a sign-in from home.
#[derive(Debug, Clone)]
pub struct Travel {
    /// User.
    pub user: usize,
    /// Time of the far-away sign-in.
    pub t: i64,
    /// Index into [`ATTACK_CITIES`].
    pub city: usize,
    /// Source IP.
    pub ip: String,
    /// The attacker got in (MFA fatigue); otherwise MFA was denied.
    pub compromised: bool,
}

/// A group membership granted to someone.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Who did it.
    pub initiator: usize,
    /// Who was added.
    pub target: usize,
    /// Group index.
    pub group: usize,
    /// When.
    pub t: i64,
    /// Done by the compromised account.
    pub suspicious: bool,
    /// IP the initiator used.
    pub ip: String,
}

/// The whole plan.
#[derive(Debug, Clone)]
pub struct Story {
    /// Password spray.
    pub spray: Option<Spray>,
    /// Brute-force lockouts.
    pub brute: Vec<Brute>,
    /// Impossible-travel pairs.
    pub travel: Vec<Travel>,
    /// Sign-ins through an anonymiser: (user, time, ip).
    pub anonymous: Vec<(usize, i64, String)>,
    /// Expired passwords: (user, time of the failed sign-in); a self-service reset follows.
    pub expired: Vec<(usize, i64)>,
    /// Privileged group grants.
    pub grants: Vec<Grant>,
    /// A workload whose client secret expired: (workload index, expiry, rotation time).
    pub secret_expiry: Option<(usize, i64, i64)>,
}

fn attack_ip(rng: &mut DemoRng, city: usize) -> String {
    let c = &ATTACK_CITIES[city];
    format!(
        "{}.{}.{}.{}",
        c.isp[0],
        c.isp[1],
        rng.random_range(0..=255),
        rng.random_range(2..=254)
    )
}

/// Local working-hours time on the day containing `t` for a user in city `city`.
pub fn local_work_time(rng: &mut DemoRng, t: i64, city: usize) -> i64 {
    let offset = CITIES[city].utc_offset_min * MINUTE;
    let local_day = (t + offset).div_euclid(DAY);
    local_day * DAY - offset + between(rng, 9 * HOUR, 17 * HOUR)
}

impl Story {
    /// Plans the incidents for the window `[start, end)`.
    pub fn plan(tenant: &Tenant, seed: u64, start: i64, end: i64) -> Story {
        let mut rng = sub_rng(seed, "story", 0);
        let span = end - start;
        let members = tenant.regular_members();
        if span < 2 * HOUR || members.len() < 20 {
            return Story {
                spray: None,
                brute: Vec::new(),
                travel: Vec::new(),
                anonymous: Vec::new(),
                expired: Vec::new(),
                grants: Vec::new(),
                secret_expiry: None,
            };
        }
        let at = |f: f64| start + (span as f64 * f) as i64;
        let mut used = std::collections::BTreeSet::new();
        let mut fresh = |rng: &mut DemoRng| loop {
            let u = *pick(rng, &members);
            if used.insert(u) {
                return u;
            }
        };

        // Password spray at night UTC, ~40% into the window, against ~60% of members.
        let spray_city = 1;
        let mut targets: Vec<usize> = members
            .iter()
            .copied()
            .filter(|_| util::chance(&mut rng, 0.6))
            .collect();
        targets.truncate(220);
        let cracked = targets
            .iter()
            .copied()
            .filter(|_| util::chance(&mut rng, 0.01))
            .take(2)
            .collect();
        let spray = Some(Spray {
            t0: at(0.4).div_euclid(DAY) * DAY + 2 * HOUR + between(&mut rng, 0, HOUR),
            ip: attack_ip(&mut rng, spray_city),
            city: spray_city,
            targets,
            cracked,
        });

        let brute = [0.25, 0.7]
            .iter()
            .map(|f| {
                let user = fresh(&mut rng);
                let city = if *f < 0.5 { 3 } else { 4 };
                Brute {
                    user,
                    t0: at(*f) + between(&mut rng, 0, 6 * HOUR),
                    ip: attack_ip(&mut rng, city),
                    city,
                    attempts: rng.random_range(18..40),
                }
            })
            .collect();

        // Impossible travel: the helpdesk admin is compromised; others are denied at MFA.
        let helpdesk = tenant.holders(role::HELPDESK_ADMIN);
        let victim = helpdesk.get(1).or(helpdesk.first()).copied().unwrap_or(0);
        let mut travel = Vec::new();
        for (k, f) in [0.15, 0.55, 0.62, 0.85].iter().enumerate() {
            let user = if k == 1 { victim } else { fresh(&mut rng) };
            let t = local_work_time(&mut rng, at(*f), tenant.users[user].city) + HOUR;
            let city = if k == 1 {
                0
            } else {
                rng.random_range(0..ATTACK_CITIES.len())
            };
            travel.push(Travel {
                user,
                t,
                city,
                ip: attack_ip(&mut rng, city),
                compromised: k == 1,
            });
        }

        let anonymous = [0.3, 0.5, 0.78]
            .iter()
            .map(|f| {
                let u = fresh(&mut rng);
                let t = local_work_time(&mut rng, at(*f), tenant.users[u].city);
                (u, t, format!("185.220.101.{}", rng.random_range(2..250)))
            })
            .collect();

        let expired = [0.2, 0.45, 0.8]
            .iter()
            .map(|f| {
                let u = fresh(&mut rng);
                (u, local_work_time(&mut rng, at(*f), tenant.users[u].city))
            })
            .collect();

        // Legitimate grant by the Global Administrator, then the malicious ones.
        let mut grants = Vec::new();
        let global = tenant.admin(role::GLOBAL_ADMIN);
        let it_newcomer = tenant
            .holders(role::SECURITY_READER)
            .first()
            .copied()
            .unwrap_or(global);
        let g = tenant.group("Global Admins (PIM)");
        let gt = local_work_time(&mut rng, at(0.33), tenant.users[global].city);
        grants.push(Grant {
            initiator: global,
            target: it_newcomer,
            group: g,
            t: gt,
            suspicious: false,
            ip: office_ip(tenant, global),
        });
        let finance = tenant.group("Finance-Approvers");
        let fin_user = fresh(&mut rng);
        let ft = local_work_time(&mut rng, at(0.48), tenant.users[global].city);
        grants.push(Grant {
            initiator: global,
            target: fin_user,
            group: finance,
            t: ft,
            suspicious: false,
            ip: office_ip(tenant, global),
        });
        if let Some(tr) = travel.iter().find(|t| t.compromised) {
            let accomplice = fresh(&mut rng);
            grants.push(Grant {
                initiator: tr.user,
                target: accomplice,
                group: finance,
                t: tr.t + 25 * MINUTE,
                suspicious: true,
                ip: tr.ip.clone(),
            });
            let aws = tenant.group("AWS-Admins");
            grants.push(Grant {
                initiator: tr.user,
                target: accomplice,
                group: aws,
                t: tr.t + 31 * MINUTE,
                suspicious: true,
                ip: tr.ip.clone(),
            });
        }
        // Terraform's client secret expires; the app admin rotates it hours later.
        let mut expiry_day = at(0.6).div_euclid(DAY);
        while (expiry_day + 3).rem_euclid(7) >= 5 {
            expiry_day += 1;
        }
        let expiry = expiry_day * DAY + 15 * HOUR;
        let secret_expiry = Some((2, expiry, expiry + 5 * HOUR + between(&mut rng, 0, HOUR)));
        Story {
            spray,
            brute,
            travel,
            anonymous,
            expired,
            grants,
            secret_expiry,
        }
    }

    /// Time after which a user's sessions were revoked and password reset by the security
    /// team (the compromised account), if any.
    pub fn remediation(&self) -> Option<(usize, i64)> {
        self.travel
            .iter()
            .find(|t| t.compromised)
            .map(|t| (t.user, t.t + 14 * HOUR))
    }
}

/// An office egress address for a user (their city's office, or HQ).
pub fn office_ip(tenant: &Tenant, user: usize) -> String {
    let c = &CITIES[tenant.users[user].city];
    let o = c.office.unwrap_or([131, 107, 159]);
    format!("{}.{}.{}.{}", o[0], o[1], o[2], 10 + (user % 4))
}
