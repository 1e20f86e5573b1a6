//! Directory audits of ordinary administration: helpdesk and self-service password resets,
//! password changes, group membership and ownership, HR-driven user updates, joiners and
//! leavers, device registration, app registrations, consents, app role assignments, guest
//! invitations and Conditional Access edits. Incident responses and PIM live in
//! `audit_incidents.rs`.

use serde_json::Value;

use crate::audit_apps::{ca_update, consent, device, invite, new_app};
use crate::audit_record::{
    Actor, Audit, group_props, group_target, included, kv, prop, target, user_target,
};
use crate::catalog_apps::role;
use crate::directory::Tenant;
use crate::story::{Story, office_ip};
use crate::util::{
    self, DAY, DemoRng, HOUR, MINUTE, between, chance, json_list, json_str, pick, poisson, sub_rng,
};

/// Pacific standard time offset: the IT team works from Redmond and Seattle.
const PACIFIC: i64 = -8 * HOUR;

/// Collects audits inside the window.
pub struct Sink<'a> {
    /// The tenant.
    pub tenant: &'a Tenant,
    /// Window start.
    pub start: i64,
    /// Window end.
    pub end: i64,
    /// Collected records.
    pub out: Vec<(i64, Value)>,
}

impl Sink<'_> {
    /// Keeps the audit if it falls inside the window.
    pub fn add(&mut self, rng: &mut DemoRng, audit: Audit<'_>) {
        let t = util::tick(audit.t);
        if t >= self.start && t < self.end {
            let built = audit.build(self.tenant, rng);
            self.out.push(built);
        }
    }
}

/// UTC midnights of the Pacific-local days overlapping the window, with a weekday flag.
pub fn pacific_days(start: i64, end: i64) -> Vec<(i64, bool)> {
    let first = (start + PACIFIC).div_euclid(DAY);
    let last = (end + PACIFIC).div_euclid(DAY);
    (first..=last)
        .map(|d| (d * DAY - PACIFIC, (d + 3).rem_euclid(7) < 5))
        .collect()
}

/// Generates every directory audit.
pub fn generate(
    tenant: &Tenant,
    story: &Story,
    seed: u64,
    start: i64,
    end: i64,
) -> Vec<(i64, Value)> {
    let mut sink = Sink {
        tenant,
        start,
        end,
        out: Vec::new(),
    };
    let mut rng = sub_rng(seed, "audits", 0);
    for (midnight, weekday) in pacific_days(start, end) {
        daily(&mut sink, &mut rng, midnight, weekday);
    }
    lifecycle(&mut sink, &mut rng);
    crate::audit_incidents::generate(&mut sink, seed, story);
    sink.out
}

fn work(rng: &mut DemoRng, midnight: i64) -> i64 {
    midnight + between(rng, 8 * HOUR, 18 * HOUR)
}

pub fn actor<'a>(tenant: &'a Tenant, u: usize) -> Actor<'a> {
    Actor::User(&tenant.users[u], office_ip(tenant, u))
}

fn daily(sink: &mut Sink<'_>, rng: &mut DemoRng, midnight: i64, weekday: bool) {
    let tenant = sink.tenant;
    let members = tenant.regular_members();
    let helpdesk = tenant.holders(role::HELPDESK_ADMIN);
    let user_admin = tenant.admin(role::USER_ADMIN);
    let app_admin = tenant.admin(role::APP_ADMIN);
    let scale = if weekday { 1.0 } else { 0.1 };

    // Helpdesk password resets.
    for _ in 0..poisson(rng, 4.0 * scale) {
        let who = *pick(rng, &helpdesk);
        let u = &tenant.users[*pick(rng, &members)];
        let t = work(rng, midnight);
        let mut a = Audit::new(
            t,
            "UserManagement",
            "Reset user password",
            "Core Directory",
            "Update",
            actor(tenant, who),
            vec![user_target(u, Vec::new())],
        );
        a.details = vec![kv("UserType", "Member")];
        sink.add(rng, a);
        if chance(rng, 0.4) {
            let other = *pick(rng, &members);
            sts_refresh(sink, rng, t + 2 * util::SECOND, actor(tenant, who), other);
        }
    }
    // Self-service password resets, some failing.
    for _ in 0..poisson(rng, 1.6 * scale + 0.3) {
        let u = *pick(rng, &members);
        let t = midnight + between(rng, 7 * HOUR, 21 * HOUR);
        sspr(sink, rng, t, u);
    }
    // Users changing their own password.
    for _ in 0..poisson(rng, 0.8 * scale) {
        let u = *pick(rng, &members);
        let t = work(rng, midnight);
        let ip = tenant.users[u].home_ip.clone();
        let a = Audit::new(
            t,
            "UserManagement",
            "Change user password",
            "Core Directory",
            "Update",
            Actor::User(&tenant.users[u], ip),
            vec![user_target(&tenant.users[u], Vec::new())],
        );
        sink.add(rng, a);
    }
    // Group membership changes by the user administrator and group owners.
    let ordinary: Vec<usize> = (0..tenant.groups.len())
        .filter(|&g| !tenant.groups[g].privileged)
        .collect();
    for _ in 0..poisson(rng, 10.0 * scale) {
        let g = &tenant.groups[*pick(rng, &ordinary)];
        let u = &tenant.users[*pick(rng, &members)];
        let who = if chance(rng, 0.6) {
            user_admin
        } else {
            *pick(rng, &members)
        };
        let remove = chance(rng, 0.3);
        let activity = if remove {
            "Remove member from group"
        } else {
            "Add member to group"
        };
        let op = if remove { "Delete" } else { "Assign" };
        let a = Audit::new(
            work(rng, midnight),
            "GroupManagement",
            activity,
            "Core Directory",
            op,
            actor(tenant, who),
            vec![user_target(u, group_props(g, remove)), group_target(g)],
        );
        sink.add(rng, a);
    }
    // HR attribute changes flowing in from Workday.
    for _ in 0..poisson(rng, 12.0 * scale) {
        let u = &tenant.users[*pick(rng, &members)];
        let options = [
            ("JobTitle", u.job_title, format!("Senior {}", u.job_title)),
            ("Department", u.department, "Operations".to_owned()),
            (
                "TelephoneNumber",
                "+1 425 555 0100",
                "+1 425 555 0199".to_owned(),
            ),
            ("OfficeLocation", "Building 25", "Building 92".to_owned()),
        ];
        let (name, old, new) = options[util::index(rng, options.len())].clone();
        let mods = vec![
            prop(name, Some(json_list(old)), Some(json_list(&new))),
            included(name),
            prop("TargetId.UserType", None, Some(json_str("Member"))),
        ];
        let t = midnight + between(rng, 0, DAY);
        let a = Audit::new(
            t,
            "UserManagement",
            "Update user",
            "Core Directory",
            "Update",
            Actor::app(tenant, "Workday"),
            vec![user_target(u, mods)],
        );
        sink.add(rng, a);
    }
    // Device registrations.
    for _ in 0..poisson(rng, 4.0 * scale) {
        let (t, u) = (work(rng, midnight), *pick(rng, &members));
        device(sink, rng, t, u);
    }
    // App registrations, credentials, consents, role assignments.
    if chance(rng, 0.25 * scale) {
        let t = work(rng, midnight);
        new_app(sink, rng, t, app_admin);
    }
    if chance(rng, 0.4 * scale) {
        let u = *pick(rng, &members);
        let t = work(rng, midnight);
        consent(sink, rng, t, u);
    }
    for _ in 0..poisson(rng, 3.0 * scale) {
        let u = &tenant.users[*pick(rng, &members)];
        let app = &tenant.apps[tenant.app(pick::<&str>(
            rng,
            &[
                "Salesforce",
                "ServiceNow",
                "Slack",
                "Zoom",
                "Box",
                "Atlassian Cloud",
            ],
        ))];
        let mods = vec![
            prop(
                "AppRole.Id",
                None,
                Some(json_str(&util::stable_guid(&app.app_id, "role/User"))),
            ),
            prop("AppRole.Value", None, Some(json_str("User"))),
            prop("AppRoleAssignment.PrincipalId", None, Some(json_str(&u.id))),
            prop(
                "ServicePrincipal.DisplayName",
                None,
                Some(json_str(app.def.name)),
            ),
        ];
        let t = work(rng, midnight);
        let a = Audit::new(
            t,
            "UserManagement",
            "Add app role assignment grant to user",
            "Core Directory",
            "Assign",
            actor(tenant, user_admin),
            vec![
                target(
                    &app.sp_id,
                    Some(app.def.name),
                    "ServicePrincipal",
                    None,
                    None,
                    mods,
                ),
                user_target(u, Vec::new()),
            ],
        );
        sink.add(rng, a);
    }
    if chance(rng, 0.15 * scale) {
        let owner = *pick(rng, &members);
        let g = &tenant.groups[*pick(rng, &ordinary)];
        let a = Audit::new(
            work(rng, midnight),
            "GroupManagement",
            "Add owner to group",
            "Core Directory",
            "Assign",
            actor(tenant, user_admin),
            vec![
                user_target(&tenant.users[owner], group_props(g, false)),
                group_target(g),
            ],
        );
        sink.add(rng, a);
    }
    if chance(rng, 0.25 * scale) {
        let t = work(rng, midnight);
        invite(sink, rng, t);
    }
    if chance(rng, 0.12 * scale) {
        let t = work(rng, midnight);
        ca_update(sink, rng, t);
    }
}

/// "Update StsRefreshTokenValidFrom Timestamp" (sessions revoked) for user `u`.
pub fn sts_refresh(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64, by: Actor<'_>, u: usize) {
    let user = &sink.tenant.users[u];
    let old = util::ts(t - between(rng, 5 * DAY, 60 * DAY));
    let new = util::ts(t);
    let mods = vec![
        prop(
            "StsRefreshTokenValidFrom",
            Some(json_list(&old)),
            Some(json_list(&new)),
        ),
        included("StsRefreshTokenValidFrom"),
    ];
    let a = Audit::new(
        t,
        "UserManagement",
        "Update StsRefreshTokenValidFrom Timestamp",
        "Core Directory",
        "Update",
        by,
        vec![user_target(user, mods)],
    );
    sink.add(rng, a);
}

/// A self-service password reset: progress events, then the reset (success or failure).
pub fn sspr(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64, u: usize) {
    let user = &sink.tenant.users[u];
    let correlation = util::guid(rng);
    let by = || Actor::User(user, user.home_ip.clone());
    let steps = [
        "User started the self-service password reset flow",
        "User successfully verified via Mobile app notification",
    ];
    for (k, reason) in steps.iter().enumerate() {
        let mut a = Audit::new(
            t + k as i64 * 40 * util::SECOND,
            "UserManagement",
            "Self-service password reset flow activity progress",
            "Self-service Password Management",
            "Update",
            by(),
            vec![user_target(user, Vec::new())],
        );
        a.reason = reason;
        a.correlation = Some(correlation.clone());
        sink.add(rng, a);
    }
    let ok = !chance(rng, 0.15);
    let mut a = Audit::new(
        t + 2 * MINUTE,
        "UserManagement",
        "Reset password (self-service)",
        "Self-service Password Management",
        "Update",
        by(),
        vec![user_target(user, Vec::new())],
    );
    a.ok = ok;
    a.reason = if ok {
        "Successfully completed reset."
    } else {
        *pick(
            rng,
            &[
                "User submitted a new password that does not meet the password policy requirements.",
                "User's account is locked out.",
                "User abandoned the reset before completing it.",
            ],
        )
    };
    a.correlation = Some(correlation);
    sink.add(rng, a);
}

/// Joiners (created by Workday inbound provisioning) and leavers (disabled, later deleted).
fn lifecycle(sink: &mut Sink<'_>, rng: &mut DemoRng) {
    let tenant = sink.tenant;
    let user_admin = tenant.admin(role::USER_ADMIN);
    for (k, u) in tenant.users.iter().enumerate() {
        if let Some(h) = u.hired_at {
            let mods = vec![
                prop("AccountEnabled", None, Some("[true]".into())),
                prop("DisplayName", None, Some(json_list(&u.display_name))),
                prop("UserPrincipalName", None, Some(json_list(&u.upn))),
                prop("UserType", None, Some(json_list("Member"))),
                prop("Department", None, Some(json_list(u.department))),
                included("AccountEnabled, DisplayName, UserPrincipalName, UserType, Department"),
            ];
            let mut a = Audit::new(
                h,
                "UserManagement",
                "Add user",
                "Core Directory",
                "Add",
                Actor::app(tenant, "Workday"),
                vec![user_target(u, mods)],
            );
            a.details = vec![kv("UserType", "Member")];
            sink.add(rng, a);
            for g in ["All Employees", "SSPR Enabled Users"] {
                let g = &tenant.groups[tenant.group(g)];
                let t = h + between(rng, 20 * MINUTE, 3 * HOUR);
                let a = Audit::new(
                    t,
                    "GroupManagement",
                    "Add member to group",
                    "Core Directory",
                    "Assign",
                    actor(tenant, user_admin),
                    vec![user_target(u, group_props(g, false)), group_target(g)],
                );
                sink.add(rng, a);
            }
        }
        if let Some(d) = u.disabled_at {
            let mods = vec![
                prop(
                    "AccountEnabled",
                    Some("[true]".into()),
                    Some("[false]".into()),
                ),
                included("AccountEnabled"),
            ];
            let a = Audit::new(
                d,
                "UserManagement",
                "Disable account",
                "Core Directory",
                "Update",
                Actor::app(tenant, "Workday"),
                vec![user_target(u, mods)],
            );
            sink.add(rng, a);
            sts_refresh(
                sink,
                rng,
                d + 3 * util::SECOND,
                Actor::app(tenant, "Workday"),
                k,
            );
            let g = &tenant.groups[tenant.group("All Employees")];
            let t = d + between(rng, HOUR, 6 * HOUR);
            let a = Audit::new(
                t,
                "GroupManagement",
                "Remove member from group",
                "Core Directory",
                "Delete",
                actor(tenant, user_admin),
                vec![user_target(u, group_props(g, true)), group_target(g)],
            );
            sink.add(rng, a);
            if k % 2 == 0 {
                let t = d + between(rng, 3 * DAY, 8 * DAY);
                let mut a = Audit::new(
                    t,
                    "UserManagement",
                    "Delete user",
                    "Core Directory",
                    "Delete",
                    actor(tenant, user_admin),
                    vec![user_target(u, vec![included("")])],
                );
                a.details = vec![kv("UserType", "Member")];
                sink.add(rng, a);
            }
        }
    }
}
