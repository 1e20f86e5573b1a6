//! Sign-ins of the planned incidents (see `story.rs`): the password spray over legacy
//! protocols, brute-force runs ending in Smart Lockout, impossible travel, anonymiser
//! sign-ins and expired passwords.

use crate::catalog_apps::LEGACY_CLIENTS;
use crate::catalog_data::{ATTACK_CITIES, CITIES};
use crate::directory::Device;
use crate::sign_in_record::{Intent, Origin, Risk, UserSignIn};
use crate::sign_in_special::legacy;
use crate::sign_ins::Emitter;
use crate::story::Story;
use crate::util::{DemoRng, MINUTE, SECOND, between, chance, guid, sub_rng};

fn attacker_device(os: &'static str, browser: &'static str) -> Device {
    Device {
        id: String::new(),
        name: String::new(),
        os,
        trust_type: "",
        compliant: false,
        managed: false,
        browser,
        browser_ua: "",
        client_ua: "",
        teams_ua: "",
    }
}

const ATTACKER_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";

/// Emits every incident sign-in of the story.
pub fn incidents(em: &mut Emitter<'_>, seed: u64, story: &Story) {
    let mut rng = sub_rng(seed, "incidents", 0);
    spray(em, &mut rng, story);
    brute_force(em, &mut rng, story);
    travel(em, &mut rng, story);
    anonymous(em, &mut rng, story);
    expired(em, &mut rng, story);
}

fn spray(em: &mut Emitter<'_>, rng: &mut DemoRng, story: &Story) {
    let Some(sp) = &story.spray else { return };
    let tenant = em.tenant;
    let city = &ATTACK_CITIES[sp.city];
    let device = attacker_device("", "");
    let n = sp.targets.len().max(1) as i64;
    let spacing = 45 * MINUTE / n;
    for (k, &u) in sp.targets.iter().enumerate() {
        // Cycle through every legacy client so each one shows up in the logs.
        let (client, ua, _) = LEGACY_CLIENTS[k % LEGACY_CLIENTS.len()];
        let ua = if client == "Other clients" || ua.is_empty() {
            "BAV2ROPC"
        } else {
            ua
        };
        let t = sp.t0 + spacing * k as i64 + between(rng, 0, spacing.max(1));
        let origin = Origin {
            ip: &sp.ip,
            city,
            trusted: false,
        };
        let cracked = sp.cracked.contains(&u);
        let intent = if cracked {
            Intent::Success
        } else if chance(rng, 0.03) {
            Intent::Locked
        } else {
            Intent::WrongPassword
        };
        legacy(
            em,
            rng,
            &tenant.users[u],
            t,
            origin,
            client,
            ua,
            intent,
            &device,
        );
    }
}

fn brute_force(em: &mut Emitter<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = em.tenant;
    let device = attacker_device("Windows 10", "Chrome 119.0.0");
    let app = &tenant.apps[tenant.app("OfficeHome")];
    for b in &story.brute {
        let u = &tenant.users[b.user];
        let city = &ATTACK_CITIES[b.city];
        let session = guid(rng);
        let mut t = b.t0;
        for k in 0..b.attempts {
            t += between(rng, 8 * SECOND, 40 * SECOND);
            let correlation = guid(rng);
            em.user(
                rng,
                UserSignIn {
                    t,
                    interactive: true,
                    user: u,
                    app,
                    resource: crate::directory::resource_of(app, 0),
                    device: &device,
                    origin: Origin {
                        ip: &b.ip,
                        city,
                        trusted: false,
                    },
                    client_app: "Browser",
                    legacy: false,
                    user_agent: ATTACKER_UA,
                    browser: device.browser,
                    protocol: "oAuth2",
                    incoming_token: "none",
                    intent: if k < 10 {
                        Intent::WrongPassword
                    } else {
                        Intent::Locked
                    },
                    risk: Risk::NONE,
                    mfa_in_session: false,
                    session_id: &session,
                    correlation_id: &correlation,
                    original_request_id: None,
                },
            );
        }
    }
}

fn travel(em: &mut Emitter<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = em.tenant;
    let device = attacker_device("Windows 10", "Chrome 119.0.0");
    for tr in &story.travel {
        let u = &tenant.users[tr.user];
        let city = &ATTACK_CITIES[tr.city];
        let session = guid(rng);
        let risk = Risk {
            during: "medium",
            aggregated: if tr.compromised { "high" } else { "medium" },
            state: "atRisk",
            detail: "none",
            events: &["unlikelyTravel"],
        };
        let apps: &[&str] = if tr.compromised {
            &[
                "My Apps",
                "Azure Portal",
                "Graph Explorer",
                "One Outlook Web",
            ]
        } else {
            &["One Outlook Web"]
        };
        let mut t = tr.t;
        for (k, name) in apps.iter().enumerate() {
            let app = &tenant.apps[tenant.app(name)];
            let correlation = guid(rng);
            let intent = if tr.compromised {
                Intent::Success
            } else {
                Intent::MfaDenied
            };
            em.user(
                rng,
                UserSignIn {
                    t,
                    interactive: true,
                    user: u,
                    app,
                    resource: crate::directory::resource_of(app, 0),
                    device: &device,
                    origin: Origin {
                        ip: &tr.ip,
                        city,
                        trusted: false,
                    },
                    client_app: "Browser",
                    legacy: false,
                    user_agent: ATTACKER_UA,
                    browser: device.browser,
                    protocol: "oAuth2",
                    incoming_token: "none",
                    intent,
                    risk: if k == 0 {
                        risk
                    } else {
                        Risk {
                            during: "none",
                            ..risk
                        }
                    },
                    mfa_in_session: k > 0,
                    session_id: &session,
                    correlation_id: &correlation,
                    original_request_id: None,
                },
            );
            t += between(rng, 3 * MINUTE, 9 * MINUTE);
        }
    }
}

fn anonymous(em: &mut Emitter<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = em.tenant;
    let city = &ATTACK_CITIES[2];
    for (k, (user, t, ip)) in story.anonymous.iter().enumerate() {
        let u = &tenant.users[*user];
        let app = &tenant.apps[tenant.app("One Outlook Web")];
        let correlation = guid(rng);
        let session = guid(rng);
        let high = k == 2;
        let risk = if high {
            Risk::at_risk("high", &["anonymizedIPAddress"])
        } else {
            Risk {
                during: "medium",
                aggregated: "none",
                state: "remediated",
                detail: "userPassedMFADrivenByRiskBasedPolicy",
                events: &["anonymizedIPAddress"],
            }
        };
        em.user(
            rng,
            UserSignIn {
                t: *t,
                interactive: true,
                user: u,
                app,
                resource: crate::directory::resource_of(app, 0),
                device: &u.desktop,
                origin: Origin {
                    ip,
                    city,
                    trusted: false,
                },
                client_app: "Browser",
                legacy: false,
                user_agent: "Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0",
                browser: "Firefox 115.0",
                protocol: "oAuth2",
                incoming_token: "none",
                intent: if high {
                    Intent::MfaDenied
                } else {
                    Intent::Success
                },
                risk,
                mfa_in_session: false,
                session_id: &session,
                correlation_id: &correlation,
                original_request_id: None,
            },
        );
    }
}

fn expired(em: &mut Emitter<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = em.tenant;
    for (user, t) in &story.expired {
        let u = &tenant.users[*user];
        let app = &tenant.apps[tenant.app("OfficeHome")];
        let correlation = guid(rng);
        let session = guid(rng);
        let city = &CITIES[u.city];
        em.user(
            rng,
            UserSignIn {
                t: *t,
                interactive: true,
                user: u,
                app,
                resource: crate::directory::resource_of(app, 0),
                device: &u.desktop,
                origin: Origin {
                    ip: &u.home_ip,
                    city,
                    trusted: false,
                },
                client_app: "Browser",
                legacy: false,
                user_agent: u.desktop.browser_ua,
                browser: u.desktop.browser,
                protocol: "oAuth2",
                incoming_token: "none",
                intent: Intent::Expired,
                risk: Risk::NONE,
                mfa_in_session: false,
                session_id: &session,
                correlation_id: &correlation,
                original_request_id: None,
            },
        );
    }
}
