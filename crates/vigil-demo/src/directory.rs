//! The synthetic Contoso tenant: users (members, guests, admins, a service account), their
//! home cities, devices, networks and MFA methods; applications and their service
//! principals; workload and managed identities; groups, directory roles and Conditional
//! Access policies. Built once per data set from the seed, entirely deterministic.

use crate::catalog_apps::{self as apps, Credential};
use crate::catalog_data::{self as data, City};
use crate::people::{assign_lifecycle, employee, guest, scanner};
use crate::util::{self, DemoRng, guid, sub_rng};
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
    /// Prebuilt `appliedConditionalAccessPolicy` objects per policy and result variant.
    pub policy_json: Vec<Vec<serde_json::Value>>,
    /// Service principal ids of [`SYSTEM_APPS`] in this tenant.
    pub system_sp_ids: Vec<String>,
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
        let policies: Vec<Policy> = apps::POLICIES
            .iter()
            .map(|(name, rule)| Policy {
                id: util::stable_guid(&ns, &format!("policy/{name}")),
                name,
                rule: *rule,
            })
            .collect();
        let policy_json = policies
            .iter()
            .map(crate::conditional_access::policy_variants)
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
            policy_json,
            system_sp_ids,
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
/// A resource pair of an app as `(&str, &str)`.
pub fn resource_of(app: &App, k: usize) -> (&str, &str) {
    let r = &app.resources[k.min(app.resources.len().saturating_sub(1))];
    (r.0.as_str(), r.1.as_str())
}
