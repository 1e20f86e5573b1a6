//! Less common user sign-ins: legacy-protocol attempts (mostly blocked by Conditional
//! Access), the scan-to-email service account's SMTP logins, and leavers whose devices keep
//! trying after their account was disabled.

use crate::catalog_apps::{self as apps, EXCHANGE};
use crate::catalog_data::CITIES;
use crate::directory::{Device, User};
use crate::sign_in_record::{Built, Intent, Origin, Risk, UserSignIn};
use crate::sign_ins::{Day, Emitter};
use crate::util::{DAY, DemoRng, HOUR, MINUTE, between, chance, guid, poisson, weighted};

/// A legacy-protocol sign-in by a user (old phone mail profile, Outlook 2010...).
pub fn legacy_attempt(em: &mut Emitter<'_>, rng: &mut DemoRng, u: &User, t: i64, day: &Day<'_>) {
    let items: Vec<((&'static str, &'static str), u32)> = apps::LEGACY_CLIENTS
        .iter()
        .map(|(c, ua, w)| ((*c, *ua), *w))
        .collect();
    let (client, ua) = *weighted(rng, &items);
    let intent = if chance(rng, 0.1) {
        Intent::SecurityBlock
    } else {
        Intent::Success
    };
    let origin = Origin {
        ip: &day.origin_ip,
        city: day.city,
        trusted: day.trusted,
    };
    legacy(em, rng, u, t, origin, client, ua, intent, &u.desktop);
}

/// Builds one legacy-authentication sign-in against Exchange Online.
#[allow(clippy::too_many_arguments)] // reason: a flat description of one attempt; a struct would only rename the arguments
pub fn legacy(
    em: &mut Emitter<'_>,
    rng: &mut DemoRng,
    u: &User,
    t: i64,
    origin: Origin<'_>,
    client: &'static str,
    ua: &str,
    intent: Intent,
    device: &Device,
) -> Option<Built> {
    let tenant = em.tenant;
    let app = &tenant.apps[tenant.app("Office 365 Exchange Online")];
    let correlation = guid(rng);
    em.user(
        rng,
        UserSignIn {
            t,
            interactive: true,
            user: u,
            app,
            resource: EXCHANGE,
            device,
            origin,
            client_app: client,
            legacy: true,
            user_agent: ua,
            browser: "",
            protocol: "ropc",
            incoming_token: "none",
            intent,
            risk: Risk::NONE,
            mfa_in_session: false,
            session_id: "",
            correlation_id: &correlation,
            original_request_id: None,
        },
    )
}

pub fn scanner_day(em: &mut Emitter<'_>, rng: &mut DemoRng, u: &User, midnight: i64) {
    let n = poisson(rng, 9.0);
    let city = &CITIES[u.city];
    for _ in 0..n {
        let t = midnight + between(rng, 7 * HOUR, 19 * HOUR);
        let origin = Origin {
            ip: &u.home_ip,
            city,
            trusted: true,
        };
        legacy(
            em,
            rng,
            u,
            t,
            origin,
            "Authenticated SMTP",
            "",
            Intent::Success,
            &u.desktop,
        );
    }
}

/// A disabled account's devices and owner keep trying for a few days.
pub fn leaver_attempts(
    em: &mut Emitter<'_>,
    rng: &mut DemoRng,
    u: &User,
    midnight: i64,
    disabled: i64,
) {
    let days_since = (midnight - disabled).div_euclid(DAY);
    let p = if days_since < 7 { 0.6 } else { 0.08 };
    if !chance(rng, p) {
        return;
    }
    let day = Day {
        origin_ip: u.home_ip.clone(),
        city: &CITIES[u.city],
        trusted: false,
        travelling: false,
        desktop_session: guid(rng),
        mobile_session: guid(rng),
    };
    let t = (midnight + between(rng, 8 * HOUR, 20 * HOUR)).max(disabled + MINUTE);
    let tenant = em.tenant;
    let app = &tenant.apps[if u.mobile.is_some() {
        tenant.app("Outlook Mobile")
    } else {
        tenant.app("Microsoft Teams")
    }];
    let device = u.mobile.as_ref().unwrap_or(&u.desktop);
    let correlation = guid(rng);
    let interactive = chance(rng, 0.3);
    em.user(
        rng,
        UserSignIn {
            t,
            interactive,
            user: u,
            app,
            resource: crate::directory::resource_of(app, 0),
            device,
            origin: Origin {
                ip: &day.origin_ip,
                city: day.city,
                trusted: false,
            },
            client_app: "Mobile Apps and Desktop clients",
            legacy: false,
            user_agent: device.client_ua,
            browser: device.browser,
            protocol: "oAuth2",
            incoming_token: "refreshToken",
            intent: Intent::Disabled,
            risk: Risk::NONE,
            mfa_in_session: true,
            session_id: &day.mobile_session,
            correlation_id: &correlation,
            original_request_id: None,
        },
    );
}
