//! The people of the synthetic tenant: employees (with the first IT staff holding admin
//! roles), guests with their true home addresses, the scan-to-email service account, their
//! devices, browsers, home networks, MFA methods, applications, and joiners and leavers.

use crate::catalog_apps::{self as apps, AppStyle, role};
use crate::catalog_data::{self as data, City};
use crate::directory::{App, Device, EMPLOYEES, Guest, MfaMethod, User};
use crate::util::{self, DemoRng, chance, guid, pick, weighted};
use rand::Rng;

pub const ADMIN_ROLES: &[&[usize]] = &[
    &[role::GLOBAL_ADMIN, role::PRIV_ROLE_ADMIN],
    &[role::GLOBAL_ADMIN],
    &[role::USER_ADMIN, role::HELPDESK_ADMIN],
    &[role::HELPDESK_ADMIN],
    &[role::HELPDESK_ADMIN],
    &[role::SECURITY_ADMIN, role::CA_ADMIN],
    &[role::APP_ADMIN],
    &[role::EXCHANGE_ADMIN],
    &[role::ATTR_ASSIGN_ADMIN, role::ATTR_DEF_ADMIN],
    &[role::GLOBAL_READER, role::SECURITY_READER],
];

fn unique_name(
    rng: &mut DemoRng,
    taken: &mut std::collections::BTreeSet<String>,
) -> (String, String, String) {
    loop {
        let first = *pick(rng, data::FIRST_NAMES);
        let last = *pick(rng, data::LAST_NAMES);
        let local = format!(
            "{}.{}",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase()
        );
        if taken.insert(local.clone()) {
            return (first.to_owned(), last.to_owned(), local);
        }
    }
}

pub fn employee(
    rng: &mut DemoRng,
    i: usize,
    domain: &str,
    apps_list: &[App],
    taken: &mut std::collections::BTreeSet<String>,
) -> User {
    let (first, last, local) = unique_name(rng, taken);
    let dept_items: Vec<(&data::Department, u32)> =
        data::DEPARTMENTS.iter().map(|d| (d, d.weight)).collect();
    let dept = if i < ADMIN_ROLES.len() + 2 {
        data::DEPARTMENTS
            .iter()
            .find(|d| d.name == "IT")
            .unwrap_or(&data::DEPARTMENTS[0])
    } else {
        *weighted(rng, &dept_items)
    };
    let roles = ADMIN_ROLES.get(i).map(|r| r.to_vec()).unwrap_or_default();
    let city_items: Vec<(usize, u32)> = data::CITIES
        .iter()
        .enumerate()
        .map(|(k, c)| (k, c.weight))
        .collect();
    // Admins sit at headquarters.
    let city = if roles.is_empty() {
        *weighted(rng, &city_items)
    } else {
        i % 2
    };
    let upn = format!("{local}@{domain}").to_ascii_lowercase();
    let desktop = desktop_device(rng, dept.name, &first, true);
    let mobile = if chance(rng, 0.8) {
        Some(mobile_device(rng, &first, true))
    } else {
        None
    };
    let mfa = pick_mfa(rng, !roles.is_empty(), desktop.os);
    let c = &data::CITIES[city];
    let home_ip = home_ip(rng, city, c);
    let office_days = if c.office.is_some() {
        rng.random_range(0.3..0.85)
    } else {
        0.0
    };
    User {
        id: guid(rng),
        display_name: format!("{first} {last}"),
        sign_in_name: upn.clone(),
        upn,
        department: dept.name,
        job_title: pick::<&str>(rng, dept.titles),
        guest: None,
        city,
        desktop,
        mobile,
        home_ip,
        mfa,
        phone: util::masked_phone(c.phone, rng),
        roles,
        apps: pick_apps(rng, dept.name, apps_list),
        activity: rng.random_range(0.6..1.4),
        office_days,
        hired_at: None,
        disabled_at: None,
        service_account: false,
        employee_id: format!("{}", 100_000 + i * 7 + rng.random_range(0..7)),
    }
}

pub fn guest(
    rng: &mut DemoRng,
    i: usize,
    domain: &str,
    apps_list: &[App],
    taken: &mut std::collections::BTreeSet<String>,
) -> User {
    let (first, last, local) = unique_name(rng, taken);
    let (org, org_domain) = data::GUEST_ORGS[i % data::GUEST_ORGS.len()];
    let true_address = format!("{local}@{org_domain}");
    let ext = format!("{local}_{org_domain}#EXT#@{domain}");
    let city_items: Vec<(usize, u32)> = data::CITIES
        .iter()
        .enumerate()
        .map(|(k, c)| (k, c.weight))
        .collect();
    let city = *weighted(rng, &city_items);
    let c = &data::CITIES[city];
    let mut desktop = desktop_device(rng, "Guest", &first, false);
    desktop.id.clear();
    desktop.name.clear();
    desktop.trust_type = "";
    desktop.compliant = false;
    desktop.managed = false;
    let web: Vec<(usize, u32)> = [
        "Office 365 SharePoint Online",
        "Microsoft Teams",
        "My Apps",
        "Box",
        "DocuSign",
    ]
    .iter()
    .filter_map(|n| {
        apps_list
            .iter()
            .position(|a| a.def.name == *n)
            .map(|k| (k, 5))
    })
    .collect();
    User {
        id: guid(rng),
        display_name: format!("{first} {last} ({org})"),
        upn: ext,
        sign_in_name: true_address,
        department: "",
        job_title: "",
        guest: Some(Guest {
            home_tenant_id: util::stable_guid("vigil-demo/guest-tenant", org_domain),
            org,
        }),
        city,
        desktop,
        mobile: None,
        home_ip: home_ip(rng, city, c),
        mfa: MfaMethod::Push,
        phone: util::masked_phone(c.phone, rng),
        roles: Vec::new(),
        apps: web,
        activity: rng.random_range(0.2..0.5),
        office_days: 0.0,
        hired_at: None,
        disabled_at: None,
        service_account: false,
        employee_id: String::new(),
    }
}

pub fn scanner(rng: &mut DemoRng, domain: &str) -> User {
    let desktop = Device {
        id: String::new(),
        name: String::new(),
        os: "",
        trust_type: "",
        compliant: false,
        managed: false,
        browser: "",
        browser_ua: "",
        client_ua: "",
        teams_ua: "",
    };
    User {
        id: guid(rng),
        display_name: "HQ Scanner".into(),
        upn: format!("scanner.hq@{domain}").to_ascii_lowercase(),
        sign_in_name: format!("scanner.hq@{domain}").to_ascii_lowercase(),
        department: "Operations",
        job_title: "Service Account",
        guest: None,
        city: 0,
        desktop,
        mobile: None,
        home_ip: format!("131.107.159.{}", rng.random_range(200..220)),
        mfa: MfaMethod::Sms,
        phone: String::new(),
        roles: Vec::new(),
        apps: Vec::new(),
        activity: 1.0,
        office_days: 1.0,
        hired_at: None,
        disabled_at: None,
        service_account: true,
        employee_id: String::new(),
    }
}

/// New hires (created by Workday provisioning during the window) and leavers (disabled during
/// or before the window).
pub fn assign_lifecycle(rng: &mut DemoRng, users: &mut [User], start: i64, end: i64) {
    let span = (end - start).max(util::DAY);
    let candidates: Vec<usize> = (ADMIN_ROLES.len() + 2..EMPLOYEES).collect();
    let mut chosen = std::collections::BTreeSet::new();
    let mut draw = |rng: &mut DemoRng| loop {
        let k = *pick(rng, &candidates);
        if chosen.insert(k) {
            return k;
        }
    };
    let hires = (6 * span / (30 * util::DAY)).clamp(1, 40);
    for _ in 0..hires {
        let k = draw(rng);
        let t = start + util::between(rng, span / 20, span - span / 10);
        users[k].hired_at = Some(t);
    }
    let leavers = (4 * span / (30 * util::DAY)).clamp(1, 30);
    for _ in 0..leavers {
        let k = draw(rng);
        let t = start + util::between(rng, span / 10, span - span / 20);
        users[k].disabled_at = Some(t);
    }
    for _ in 0..2 {
        let k = draw(rng);
        users[k].disabled_at = Some(start - util::between(rng, 2 * util::DAY, 20 * util::DAY));
    }
}

fn home_ip(rng: &mut DemoRng, city_index: usize, c: &City) -> String {
    if chance(rng, 0.15) {
        format!(
            "2001:db8:{:x}:{:x}:{:x}::{:x}",
            0x1000 + city_index,
            rng.random_range(0x100..0xfff_u32),
            rng.random_range(0x10..0xfff_u32),
            rng.random_range(1..0xffff_u32)
        )
    } else {
        format!(
            "{}.{}.{}.{}",
            c.isp[0],
            c.isp[1],
            rng.random_range(0..=255),
            rng.random_range(2..=254)
        )
    }
}

fn pick_mfa(rng: &mut DemoRng, admin: bool, os: &str) -> MfaMethod {
    if admin {
        return *weighted(
            rng,
            &[
                (MfaMethod::Fido2, 50),
                (MfaMethod::Passkey, 30),
                (MfaMethod::Push, 20),
            ],
        );
    }
    let hello = if os.starts_with("Windows") { 12 } else { 0 };
    *weighted(
        rng,
        &[
            (MfaMethod::Push, 58),
            (MfaMethod::Sms, 12),
            (MfaMethod::Oath, 6),
            (MfaMethod::Fido2, 4),
            (MfaMethod::Passkey, 8),
            (MfaMethod::Hello, hello),
        ],
    )
}

fn desktop_device(rng: &mut DemoRng, dept: &str, first: &str, corporate: bool) -> Device {
    let linux_boost = if dept == "Engineering" { 25 } else { 0 };
    let items: Vec<(&apps::Platform, u32)> = apps::DESKTOPS
        .iter()
        .map(|p| {
            (
                p,
                if p.os == "Linux" {
                    p.weight + linux_boost
                } else {
                    p.weight
                },
            )
        })
        .collect();
    let p = *weighted(rng, &items);
    let browsers: Vec<((&str, &str), u32)> = p
        .browsers
        .iter()
        .map(|(b, ua, w)| ((*b, *ua), *w))
        .collect();
    let (browser, browser_ua) = *weighted(rng, &browsers);
    let registered = corporate && !p.trust_type.is_empty();
    let prefix = data::DEVICE_PREFIXES
        .iter()
        .find(|(os, _)| *os == p.os)
        .map_or("CONTOSO-", |(_, pre)| pre);
    let name = if p.os == "MacOs" {
        format!("{first}'s MacBook Pro")
    } else {
        format!("{prefix}{}", rng.random_range(1000..9999))
    };
    Device {
        id: if registered { guid(rng) } else { String::new() },
        name: if registered { name } else { String::new() },
        os: p.os,
        trust_type: if registered { p.trust_type } else { "" },
        compliant: registered && chance(rng, 0.95),
        managed: registered && p.trust_type != "Azure AD registered",
        browser,
        browser_ua,
        client_ua: p.rich_client_ua,
        teams_ua: p.teams_ua,
    }
}

fn mobile_device(rng: &mut DemoRng, first: &str, corporate: bool) -> Device {
    let items: Vec<(usize, u32)> = apps::MOBILES
        .iter()
        .enumerate()
        .map(|(k, m)| (k, m.5))
        .collect();
    let m = apps::MOBILES[*weighted(rng, &items)];
    let registered = corporate && chance(rng, 0.85);
    let model = if m.0.starts_with("iOS") {
        "iPhone"
    } else {
        "Pixel 8"
    };
    Device {
        id: if registered { guid(rng) } else { String::new() },
        name: if registered {
            format!("{first}'s {model}")
        } else {
            String::new()
        },
        os: m.0,
        trust_type: if registered {
            "Azure AD registered"
        } else {
            ""
        },
        compliant: registered && chance(rng, 0.9),
        managed: registered,
        browser: m.1,
        browser_ua: m.2,
        client_ua: m.3,
        teams_ua: m.4,
    }
}

fn pick_apps(rng: &mut DemoRng, dept: &str, apps_list: &[App]) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (k, app) in apps_list.iter().enumerate() {
        let d = app.def;
        if d.weight == 0 || d.style == AppStyle::Device {
            continue;
        }
        let everyone = d.departments.contains(&"*");
        if everyone || d.departments.contains(&dept) {
            // Department apps are used by most of the department; everyone-apps by everyone.
            if everyone || chance(rng, 0.85) {
                out.push((k, d.weight));
            }
        }
    }
    out
}
