//! The synthetic Contoso tenant: users (members, guests, admins, a service account), their
//! home cities, devices, networks and MFA methods; applications and their service
//! principals; workload and managed identities; groups, directory roles and Conditional
//! Access policies. Built once per data set from the seed, entirely deterministic.

use crate::catalog_apps::{self as apps, AppStyle, Credential, Resource, role};
use crate::catalog_data::{self as data, City};
use crate::util::{self, DemoRng, chance, guid, pick, sub_rng, weighted};
use rand::Rng;

/// Number of employee accounts (members) generated; guests and service accounts come on top.
pub const EMPLOYEES: usize = 292;
/// Number of guest (B2B) accounts.
pub const GUESTS: usize = 8;

/// The second factor (or passwordless method) a user normally uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaMethod {
    /// Microsoft Authenticator push.
    Push,
    /// Text message to a phone.
    Sms,
    /// Authenticator one-time code.
    Oath,
    /// FIDO2 security key (passwordless).
    Fido2,
    /// Passkey in Microsoft Authenticator (passwordless).
    Passkey,
    /// Windows Hello for Business (passwordless, Windows only).
    Hello,
}

/// A user's computer or phone.
#[derive(Debug, Clone)]
pub struct Device {
    /// Entra device object id ("" when not registered).
    pub id: String,
    /// Device name ("" when not registered).
    pub name: String,
    /// `operatingSystem`.
    pub os: &'static str,
    /// `trustType` ("" when not registered).
    pub trust_type: &'static str,
    /// `isCompliant`.
    pub compliant: bool,
    /// `isManaged`.
    pub managed: bool,
    /// Browser text (`Edge 120.0.0`).
    pub browser: &'static str,
    /// Browser user agent.
    pub browser_ua: &'static str,
    /// Rich client (Outlook/Teams) user agent.
    pub client_ua: &'static str,
    /// Teams user agent (mobile) or the same as `client_ua`.
    pub teams_ua: &'static str,
}

/// A guest's home organisation.
#[derive(Debug, Clone)]
pub struct Guest {
    /// Home tenant id.
    pub home_tenant_id: String,
    /// Home tenant name.
    pub org: &'static str,
}

/// A user account.
#[derive(Debug, Clone)]
pub struct User {
    /// Object id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// UPN in the directory (guests: `x_fabrikam.com#EXT#@contoso.com`).
    pub upn: String,
    /// Lowercase sign-in name (guests: their true address), as sign-in logs show it.
    pub sign_in_name: String,
    /// Department.
    pub department: &'static str,
    /// Job title.
    pub job_title: &'static str,
    /// Set for B2B guests.
    pub guest: Option<Guest>,
    /// Index into [`data::CITIES`].
    pub city: usize,
    /// Primary computer.
    pub desktop: Device,
    /// Phone, if the user has one enrolled.
    pub mobile: Option<Device>,
    /// Home IP address (IPv4 or IPv6).
    pub home_ip: String,
    /// Usual strong method.
    pub mfa: MfaMethod,
    /// Masked phone number for SMS.
    pub phone: String,
    /// Directory roles held (indices into [`apps::ROLES`]).
    pub roles: Vec<usize>,
    /// Applications used: indices into [`Tenant::apps`] with weights.
    pub apps: Vec<(usize, u32)>,
    /// Activity multiplier (0.6..1.4).
    pub activity: f64,
    /// Probability of working from the office on a workday (0 when no office nearby).
    pub office_days: f64,
    /// Created during the window by HR provisioning (nanoseconds).
    pub hired_at: Option<i64>,
    /// Disabled at this time (may be before the window).
    pub disabled_at: Option<i64>,
    /// The scan-to-email service account (legacy SMTP, excluded from CA002).
    pub service_account: bool,
    /// HR employee id.
    pub employee_id: String,
}

impl User {
    /// The user's home city.
    pub fn home(&self) -> &'static City {
        &data::CITIES[self.city]
    }

    /// Whether the user holds any admin role.
    pub fn is_admin(&self) -> bool {
        !self.roles.is_empty()
    }

    /// `userType` as sign-in logs spell it.
    pub fn sign_in_user_type(&self) -> &'static str {
        if self.guest.is_some() {
            "guest"
        } else {
            "member"
        }
    }

    /// Whether the account exists and is enabled at `t`.
    pub fn active_at(&self, t: i64) -> bool {
        self.hired_at.is_none_or(|h| t >= h) && self.disabled_at.is_none_or(|d| t < d)
    }
}

/// An application with its tenant-specific ids.
#[derive(Debug, Clone)]
pub struct App {
    /// Static definition.
    pub def: &'static apps::AppDef,
    /// Application (client) id.
    pub app_id: String,
    /// Service principal object id in Contoso.
    pub sp_id: String,
    /// Resources (display name, id); SaaS apps are their own resource.
    pub resources: Vec<(String, String)>,
}

/// A workload identity (service principal signing in with its own credential).
#[derive(Debug, Clone)]
pub struct Workload {
    /// Static definition.
    pub def: &'static apps::WorkloadDef,
    /// Application id.
    pub app_id: String,
    /// Service principal object id.
    pub sp_id: String,
    /// Credential key id.
    pub key_id: String,
    /// Certificate thumbprint (certificate credentials).
    pub thumbprint: String,
    /// Federated credential id (federated credentials).
    pub federated_id: String,
}

/// A managed identity.
#[derive(Debug, Clone)]
pub struct ManagedIdentity {
    /// Static definition.
    pub def: &'static apps::ManagedIdentityDef,
    /// Client (application) id.
    pub app_id: String,
    /// Service principal object id.
    pub sp_id: String,
    /// ARM resource id of the associated resource.
    pub resource_id: String,
}

/// A group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Object id.
    pub id: String,
    /// Display name.
    pub name: &'static str,
    /// `groupType` wire value.
    pub group_type: &'static str,
    /// Grants privileged access.
    pub privileged: bool,
}

/// A directory role (activated role object).
#[derive(Debug, Clone)]
pub struct Role {
    /// Role object id in the tenant.
    pub id: String,
    /// Display name.
    pub name: &'static str,
    /// Role template id.
    pub template_id: &'static str,
}

/// A Conditional Access policy with its id.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Policy id.
    pub id: String,
    /// Display name.
    pub name: &'static str,
    /// Behaviour.
    pub rule: apps::PolicyRule,
}

/// Microsoft-owned first-party service principals that appear as audit initiators:
/// (display name, app id).
pub const SYSTEM_APPS: &[(&str, &str)] = &[
    ("MS-PIM", "01fc33a7-78ba-4d2f-a4b7-768e336e890e"),
    (
        "Device Registration Service",
        "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9",
    ),
    (
        "Microsoft Azure AD Group-Based Licensing",
        "4f8d13e5-f7b7-4a0f-b5a5-0b2c6f6a44f4",
    ),
    (
        "Azure AD Provisioning Service",
        "1b730954-1685-4b74-9bfd-dac224a7b894",
    ),
];

/// The whole synthetic tenant.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Tenant id.
    pub id: String,
    /// Primary domain.
    pub domain: String,
    /// Users (employees first, then guests, then the service account).
    pub users: Vec<User>,
    /// Applications (same order as [`apps::APPS`]).
    pub apps: Vec<App>,
    /// Workload identities.
    pub workloads: Vec<Workload>,
    /// Managed identities.
    pub managed: Vec<ManagedIdentity>,
    /// Groups (same order as [`apps::GROUPS`]).
    pub groups: Vec<Group>,
    /// Roles (same order as [`apps::ROLES`]).
    pub roles: Vec<Role>,
    /// Conditional Access policies (same order as [`apps::POLICIES`]).
    pub policies: Vec<Policy>,
    /// Service principal ids of [`SYSTEM_APPS`] in this tenant.
    pub system_sp_ids: Vec<String>,
    /// Azure subscription id used in managed-identity resource ids.
    pub subscription_id: String,
}

impl Tenant {
    /// Builds the tenant for `seed`; `start`/`end` bound the lifecycle events (hires, leavers).
    pub fn build(seed: u64, tenant_id: &str, domain: &str, start: i64, end: i64) -> Tenant {
        let mut rng = sub_rng(seed, "directory", 0);
        let ns = format!("vigil-demo/{tenant_id}");
        let apps = build_apps(&ns);
        let mut users = Vec::with_capacity(EMPLOYEES + GUESTS + 1);
        let mut taken = std::collections::BTreeSet::new();
        for i in 0..EMPLOYEES {
            users.push(employee(&mut rng, i, domain, &apps, &mut taken));
        }
        for i in 0..GUESTS {
            users.push(guest(&mut rng, i, domain, &apps, &mut taken));
        }
        users.push(scanner(&mut rng, domain));
        assign_lifecycle(&mut rng, &mut users, start, end);
        let workloads = data_workloads(&ns, &mut rng);
        let subscription_id = util::stable_guid(&ns, "subscription");
        let managed = apps::MANAGED_IDENTITIES
            .iter()
            .map(|def| ManagedIdentity {
                def,
                app_id: util::stable_guid(&ns, &format!("mi-app/{}", def.name)),
                sp_id: util::stable_guid(&ns, &format!("mi-sp/{}", def.name)),
                resource_id: format!(
                    "/subscriptions/{subscription_id}/resourceGroups/{}/providers/{}",
                    def.resource_group, def.provider
                ),
            })
            .collect();
        let groups = apps::GROUPS
            .iter()
            .map(|(name, group_type, privileged)| Group {
                id: util::stable_guid(&ns, &format!("group/{name}")),
                name,
                group_type,
                privileged: *privileged,
            })
            .collect();
        let roles = apps::ROLES
            .iter()
            .map(|(name, template_id)| Role {
                id: util::stable_guid(&ns, &format!("role/{name}")),
                name,
                template_id,
            })
            .collect();
        let policies = apps::POLICIES
            .iter()
            .map(|(name, rule)| Policy {
                id: util::stable_guid(&ns, &format!("policy/{name}")),
                name,
                rule: *rule,
            })
            .collect();
        let system_sp_ids = SYSTEM_APPS
            .iter()
            .map(|(name, _)| util::stable_guid(&ns, &format!("sp/{name}")))
            .collect();
        Tenant {
            id: tenant_id.to_owned(),
            domain: domain.to_owned(),
            users,
            apps,
            workloads,
            managed,
            groups,
            roles,
            policies,
            system_sp_ids,
            subscription_id,
        }
    }

    /// Users holding `role_index` (see [`role`]).
    pub fn holders(&self, role_index: usize) -> Vec<usize> {
        (0..self.users.len())
            .filter(|&i| self.users[i].roles.contains(&role_index))
            .collect()
    }

    /// The first holder of a role (admins are always assigned, so this exists).
    pub fn admin(&self, role_index: usize) -> usize {
        self.holders(role_index).first().copied().unwrap_or(0)
    }

    /// Index of the app named `name` (0 if absent).
    pub fn app(&self, name: &str) -> usize {
        self.apps
            .iter()
            .position(|a| a.def.name == name)
            .unwrap_or(0)
    }

    /// Index of the group named `name` (0 if absent).
    pub fn group(&self, name: &str) -> usize {
        self.groups.iter().position(|g| g.name == name).unwrap_or(0)
    }

    /// Indices of ordinary employees (members that are not admins or service accounts).
    pub fn regular_members(&self) -> Vec<usize> {
        (0..self.users.len())
            .filter(|&i| {
                let u = &self.users[i];
                u.guest.is_none()
                    && !u.is_admin()
                    && !u.service_account
                    && u.hired_at.is_none()
                    && u.disabled_at.is_none()
            })
            .collect()
    }
}

fn build_apps(ns: &str) -> Vec<App> {
    apps::APPS
        .iter()
        .map(|def| {
            let app_id = if def.app_id.is_empty() {
                util::stable_guid("vigil-demo/saas", def.name)
            } else {
                def.app_id.to_owned()
            };
            let resources = if def.resources.is_empty() {
                vec![(def.name.to_owned(), app_id.clone())]
            } else {
                def.resources
                    .iter()
                    .map(|(n, id)| ((*n).to_owned(), (*id).to_owned()))
                    .collect()
            };
            App {
                def,
                sp_id: util::stable_guid(ns, &format!("sp/{}", def.name)),
                app_id,
                resources,
            }
        })
        .collect()
}

fn data_workloads(ns: &str, rng: &mut DemoRng) -> Vec<Workload> {
    apps::WORKLOADS
        .iter()
        .map(|def| {
            let thumb: [u8; 20] = rng.random();
            Workload {
                def,
                app_id: util::stable_guid(ns, &format!("wl-app/{}", def.name)),
                sp_id: util::stable_guid(ns, &format!("wl-sp/{}", def.name)),
                key_id: guid(rng),
                thumbprint: if def.credential == Credential::Certificate {
                    thumb.iter().map(|b| format!("{b:02X}")).collect()
                } else {
                    String::new()
                },
                federated_id: if def.credential == Credential::Federated {
                    guid(rng)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

/// Admin role sets handed to the first IT employees, in order.
const ADMIN_ROLES: &[&[usize]] = &[
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

fn employee(
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
        job_title: *pick(rng, dept.titles),
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

fn guest(
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

fn scanner(rng: &mut DemoRng, domain: &str) -> User {
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
fn assign_lifecycle(rng: &mut DemoRng, users: &mut [User], start: i64, end: i64) {
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
        teams_ua: p.rich_client_ua,
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

/// A resource pair of an app as `(&str, &str)`.
pub fn resource_of(app: &App, k: usize) -> (&str, &str) {
    let r = &app.resources[k.min(app.resources.len().saturating_sub(1))];
    (r.0.as_str(), r.1.as_str())
}

/// A static resource as owned strings.
pub fn owned(r: Resource) -> (String, String) {
    (r.0.to_owned(), r.1.to_owned())
}
