//! User sign-in activity: per user and local day, working-hours interactive sign-ins (with
//! retries, MFA and "keep me signed in" interrupts), background token refreshes by desktop
//! and mobile clients, travel days, rare legacy-protocol attempts, leavers still trying,
//! and the scan-to-email service account. Attacks live in `sign_in_attacks.rs`.

use rand::Rng;
use serde_json::Value;

use crate::catalog_apps::{self as apps, AppStyle};
use crate::catalog_data::{CITIES, City};
use crate::directory::{App, Tenant, User};
use crate::sign_in_record::{Built, Intent, Origin, Risk, UserSignIn, user_sign_in};
use crate::sign_in_special::{leaver_attempts, legacy_attempt, scanner_day};
use crate::story::office_ip;
use crate::util::{
    self, DAY, DemoRng, HOUR, MINUTE, SECOND, between, chance, guid, poisson, sub_rng, tick,
    weighted,
};

/// Collects records inside the window `[start, end)`.
pub struct Emitter<'a> {
    /// The tenant.
    pub tenant: &'a Tenant,
    /// Window start (inclusive).
    pub start: i64,
    /// Window end (exclusive).
    pub end: i64,
    /// Collected (time, record).
    pub out: Vec<(i64, Value)>,
}

impl<'a> Emitter<'a> {
    /// A new, empty emitter.
    pub fn new(tenant: &'a Tenant, start: i64, end: i64) -> Self {
        Emitter {
            tenant,
            start,
            end,
            out: Vec::new(),
        }
    }

    /// Whether `t` (after rounding to Graph's 100 ns) falls inside the window.
    pub fn inside(&self, t: i64) -> bool {
        let t = tick(t);
        t >= self.start && t < self.end
    }

    /// Builds and keeps a user sign-in if it is inside the window.
    pub fn user(&mut self, rng: &mut DemoRng, mut si: UserSignIn<'_>) -> Option<Built> {
        si.t = tick(si.t);
        if !self.inside(si.t) {
            return None;
        }
        let mut built = user_sign_in(self.tenant, rng, &si);
        self.out.push((si.t, std::mem::take(&mut built.value)));
        Some(built)
    }

    /// Keeps an already built record at `t`.
    pub fn keep(&mut self, t: i64, value: Value) {
        if self.inside(t) {
            self.out.push((tick(t), value));
        }
    }
}

/// How a client app is reached: (clientAppUsed, device is mobile, protocol).
fn client_of(app: &App) -> (&'static str, bool, &'static str) {
    match app.def.style {
        AppStyle::Web => ("Browser", false, "oAuth2"),
        AppStyle::Saml => ("Browser", false, "saml20"),
        AppStyle::Desktop | AppStyle::Device => {
            ("Mobile Apps and Desktop clients", false, "oAuth2")
        }
        AppStyle::Mobile => ("Mobile Apps and Desktop clients", true, "oAuth2"),
        AppStyle::Cli => {
            let client = if app.def.name == "Microsoft Exchange Online Remote PowerShell" {
                "Exchange Online PowerShell"
            } else {
                "Mobile Apps and Desktop clients"
            };
            (client, false, "oAuth2")
        }
    }
}

/// Where a user is on a given day.
pub struct Day<'a> {
    /// IP address used that day.
    pub origin_ip: String,
    /// City the user is in.
    pub city: &'a City,
    /// On the office network.
    pub trusted: bool,
    /// Away from home.
    pub travelling: bool,
    /// Session id of the computer.
    pub desktop_session: String,
    /// Session id of the phone.
    pub mobile_session: String,
}

/// Everything one user does in the window.
pub fn user_activity(em: &mut Emitter<'_>, seed: u64, index: usize) {
    let tenant = em.tenant;
    let u = &tenant.users[index];
    let mut rng = sub_rng(seed, "user-sign-ins", index as u64);
    let off = u.home().utc_offset_min * MINUTE;
    let first_day = (em.start + off).div_euclid(DAY);
    let last_day = (em.end + off).div_euclid(DAY);
    // Roughly 1 in 25 users reads mail in the Windows Mail app ("Universal Outlook").
    let universal = index % 25 == 7;
    for d in first_day..=last_day {
        let midnight = d * DAY - off;
        let weekday = (d + 3).rem_euclid(7) < 5;
        if let Some(dis) = u.disabled_at
            && midnight + DAY > dis
        {
            leaver_attempts(em, &mut rng, u, midnight, dis);
            continue;
        }
        if u.hired_at.is_some_and(|h| midnight < h) {
            continue;
        }
        if u.service_account {
            if weekday {
                scanner_day(em, &mut rng, u, midnight);
            }
            continue;
        }
        let day = where_today(&mut rng, u, index, tenant, weekday);
        let working = weekday && !chance(&mut rng, 0.05);
        let (n_int, n_ni, begin, length) = if working {
            let begin =
                midnight + (util::normal(&mut rng, 8.6, 0.7).clamp(6.0, 11.0) * HOUR as f64) as i64;
            let length = (util::normal(&mut rng, 8.8, 0.7).clamp(6.0, 11.0) * HOUR as f64) as i64;
            (
                1 + poisson(&mut rng, 3.0 * u.activity),
                poisson(&mut rng, 9.6 * u.activity),
                begin,
                length,
            )
        } else if chance(&mut rng, 0.18 * u.activity) {
            let begin = midnight + between(&mut rng, 10 * HOUR, 16 * HOUR);
            (
                1 + poisson(&mut rng, 0.5),
                poisson(&mut rng, 3.0),
                begin,
                4 * HOUR,
            )
        } else if u.mobile.is_some() && chance(&mut rng, 0.6) {
            (0, poisson(&mut rng, 2.0), midnight + 9 * HOUR, 12 * HOUR)
        } else {
            continue;
        };
        let mut mfa_fresh = chance(&mut rng, 0.35);
        for k in 0..n_int {
            let t = if k == 0 {
                begin
            } else {
                begin + between(&mut rng, 0, length)
            };
            let app = if k == 0 && working && u.desktop.trust_type == "Azure AD joined" {
                tenant.app("Windows Sign In")
            } else if u.apps.is_empty() {
                continue;
            } else {
                *weighted(&mut rng, &u.apps)
            };
            interactive(em, &mut rng, u, app, t, &day, k == 0 && mfa_fresh);
            if k == 0 {
                mfa_fresh = false;
            }
        }
        for _ in 0..n_ni {
            let t = begin + between(&mut rng, 0, length + 2 * HOUR);
            background(em, &mut rng, u, t, &day, universal);
        }
        if working && chance(&mut rng, 0.01) {
            let t = begin + between(&mut rng, 0, length);
            legacy_attempt(em, &mut rng, u, t, &day);
        }
    }
}

/// One user sign-in (interactive with its possible preludes, or a background refresh) at
/// about `t`, for the benchmark stream.
pub fn one_user_event(em: &mut Emitter<'_>, rng: &mut DemoRng, index: usize, t: i64) {
    let tenant = em.tenant;
    let u = &tenant.users[index];
    let day = where_today(rng, u, index, tenant, true);
    if rng.random_ratio(1, 3) && !u.apps.is_empty() {
        let app = *weighted(rng, &u.apps);
        let fresh = chance(rng, 0.2);
        interactive(em, rng, u, app, t, &day, fresh);
    } else {
        background(em, rng, u, t, &day, index % 25 == 7);
    }
}

fn where_today<'a>(
    rng: &mut DemoRng,
    u: &User,
    index: usize,
    tenant: &Tenant,
    weekday: bool,
) -> Day<'a> {
    let desktop_session = guid(rng);
    let mobile_session = guid(rng);
    if weekday && u.guest.is_none() && chance(rng, 0.03) {
        let items: Vec<(usize, u32)> = CITIES
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != u.city)
            .map(|(k, c)| (k, c.weight))
            .collect();
        let c = &CITIES[*weighted(rng, &items)];
        let ip = format!(
            "{}.{}.{}.{}",
            c.isp[0],
            c.isp[1],
            rng.random_range(0..=255),
            rng.random_range(2..=254)
        );
        return Day {
            origin_ip: ip,
            city: c,
            trusted: false,
            travelling: true,
            desktop_session,
            mobile_session,
        };
    }
    let home = &CITIES[u.city];
    if weekday && chance(rng, u.office_days) {
        return Day {
            origin_ip: office_ip(tenant, index),
            city: home,
            trusted: true,
            travelling: false,
            desktop_session,
            mobile_session,
        };
    }
    Day {
        origin_ip: u.home_ip.clone(),
        city: home,
        trusted: false,
        travelling: false,
        desktop_session,
        mobile_session,
    }
}

/// One interactive sign-in with its realistic preludes (typo, interrupts).
fn interactive(
    em: &mut Emitter<'_>,
    rng: &mut DemoRng,
    u: &User,
    app_index: usize,
    t: i64,
    day: &Day<'_>,
    mfa_fresh: bool,
) {
    let tenant = em.tenant;
    let app = &tenant.apps[app_index];
    let (client, on_mobile, protocol) = client_of(app);
    let (device, session) = match (&u.mobile, on_mobile) {
        (Some(m), true) => (m, &day.mobile_session),
        _ => (&u.desktop, &day.desktop_session),
    };
    let (ua, browser) = match app.def.style {
        AppStyle::Web | AppStyle::Saml => (device.browser_ua, device.browser),
        AppStyle::Device => (apps::WINDOWS_BROKER_UA, ""),
        AppStyle::Cli => (
            apps::CLI_UAS
                .iter()
                .find(|(n, _)| *n == app.def.name)
                .map_or("", |(_, ua)| ua),
            "Rich Client 4.58.1.0",
        ),
        AppStyle::Mobile => (device.client_ua, device.browser),
        AppStyle::Desktop => {
            let ua = if app.def.name == "Microsoft Teams" {
                device.teams_ua
            } else {
                device.client_ua
            };
            (ua, "Rich Client 4.58.1.0")
        }
    };
    let incoming = if device.trust_type == "Azure AD joined"
        || device.trust_type == "Hybrid Azure AD joined"
    {
        "primaryRefreshToken"
    } else {
        "none"
    };
    let resource = crate::directory::resource_of(app, 0);
    let correlation = guid(rng);
    let mut si = UserSignIn {
        t,
        interactive: true,
        user: u,
        app,
        resource,
        device,
        origin: Origin {
            ip: &day.origin_ip,
            city: day.city,
            trusted: day.trusted,
        },
        client_app: client,
        legacy: false,
        user_agent: ua,
        browser,
        protocol,
        incoming_token: incoming,
        intent: Intent::Success,
        risk: Risk::NONE,
        mfa_in_session: !mfa_fresh,
        session_id: session,
        correlation_id: &correlation,
        original_request_id: None,
    };
    if day.travelling && chance(rng, 0.01) {
        si.risk = Risk::at_risk("low", &["unfamiliarFeatures"]);
    }
    let r: f64 = rng.random();
    let browser_app = client == "Browser";
    let mut first_id: Option<String> = None;
    let mut at = t - between(rng, 20 * SECOND, 90 * SECOND);
    if r < 0.065 && app.def.style != AppStyle::Device {
        first_id = prelude(em, rng, &si, Intent::WrongPassword, at);
        at += between(rng, 5 * SECOND, 15 * SECOND);
    } else if r < 0.11 && browser_app {
        // "Keep me signed in?" prompt: the interrupt is logged, then the completed sign-in.
        first_id = prelude(em, rng, &si, Intent::Kmsi, at);
    } else if r < 0.117 && mfa_fresh {
        // Ignored the push notification, came back a little later.
        prelude(em, rng, &si, Intent::MfaDenied, at - 3 * MINUTE);
    }
    if mfa_fresh && app.def.style != AppStyle::Device && chance(rng, 0.7) {
        let intent = if day.travelling && chance(rng, 0.3) {
            Intent::NewLocationMfa
        } else {
            Intent::MfaInterrupt
        };
        let at = at + between(rng, SECOND, 5 * SECOND);
        let id = prelude(em, rng, &si, intent, at);
        if first_id.is_none() {
            first_id = id;
        }
    }
    si.original_request_id = first_id.as_deref();
    em.user(rng, si);
}

/// Logs a failed or interrupted attempt before `si`; returns its id. An attempt that turns
/// out successful (e.g. an MFA interrupt when no MFA was required) is not logged.
fn prelude(
    em: &mut Emitter<'_>,
    rng: &mut DemoRng,
    si: &UserSignIn<'_>,
    intent: Intent,
    at: i64,
) -> Option<String> {
    let mut pre = si.clone();
    pre.t = tick(at);
    pre.intent = intent;
    if !em.inside(pre.t) {
        return None;
    }
    let built = user_sign_in(em.tenant, rng, &pre);
    if built.error_code == 0 {
        return None;
    }
    em.out.push((pre.t, built.value));
    Some(built.id)
}

/// A background token refresh by a desktop or mobile client.
fn background(
    em: &mut Emitter<'_>,
    rng: &mut DemoRng,
    u: &User,
    t: i64,
    day: &Day<'_>,
    universal: bool,
) {
    let tenant = em.tenant;
    let candidates: Vec<(usize, u32)> = u
        .apps
        .iter()
        .copied()
        .filter(|(k, _)| {
            matches!(
                tenant.apps[*k].def.style,
                AppStyle::Desktop | AppStyle::Mobile
            )
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let app_index = *weighted(rng, &candidates);
    let app = &tenant.apps[app_index];
    let mobile_teams = app.def.name == "Microsoft Teams" && u.mobile.is_some() && chance(rng, 0.3);
    let on_mobile = app.def.style == AppStyle::Mobile || mobile_teams;
    let (device, session) = match (&u.mobile, on_mobile) {
        (Some(m), true) => (m, &day.mobile_session),
        (None, true) => return,
        _ => (&u.desktop, &day.desktop_session),
    };
    let mut client = "Mobile Apps and Desktop clients";
    let mut ua = if app.def.name == "Microsoft Teams" {
        device.teams_ua
    } else {
        device.client_ua
    };
    if universal && app.def.name == "Microsoft Office" {
        client = "Universal Outlook";
        ua = "Microsoft.OutlookForWindows/1.2024.111.100 (Windows NT 10.0; Win64; x64)";
    }
    let browser = if on_mobile {
        device.browser
    } else {
        "Rich Client 4.58.1.0"
    };
    let resource = crate::directory::resource_of(app, util::index(rng, app.resources.len()));
    let mobile_ip;
    let origin = if on_mobile && !day.trusted && chance(rng, 0.4) {
        let c = day.city;
        mobile_ip = format!(
            "{}.{}.{}.{}",
            c.isp[0],
            c.isp[1].wrapping_add(1),
            rng.random_range(0..=255),
            rng.random_range(2..=254)
        );
        Origin {
            ip: &mobile_ip,
            city: c,
            trusted: false,
        }
    } else {
        Origin {
            ip: &day.origin_ip,
            city: day.city,
            trusted: day.trusted,
        }
    };
    let r: f64 = rng.random();
    let intent = if r < 0.012 {
        Intent::TokenFailure(70044)
    } else if r < 0.018 {
        Intent::TokenFailure(700082)
    } else if r < 0.024 {
        Intent::TokenFailure(50058)
    } else if r < 0.028 {
        Intent::TokenFailure(50173)
    } else if r < 0.033 {
        Intent::MfaInterrupt
    } else {
        Intent::Success
    };
    let correlation = guid(rng);
    let trust_prt =
        device.trust_type == "Azure AD joined" || device.trust_type == "Hybrid Azure AD joined";
    em.user(
        rng,
        UserSignIn {
            t,
            interactive: false,
            user: u,
            app,
            resource,
            device,
            origin,
            client_app: client,
            legacy: false,
            user_agent: ua,
            browser,
            protocol: "oAuth2",
            incoming_token: if trust_prt {
                "primaryRefreshToken"
            } else {
                "refreshToken"
            },
            intent,
            risk: Risk::NONE,
            mfa_in_session: true,
            session_id: session,
            correlation_id: &correlation,
            original_request_id: None,
        },
    );
}
