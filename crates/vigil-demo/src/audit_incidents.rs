//! Directory audits of privileged access and incident response: daily PIM role activations
//! (requested, completed, expired), permanent and eligible role assignments, privileged
//! group grants (legitimate and by the compromised helpdesk admin), the security team's
//! clean-up, helpdesk resets after lockouts, self-service resets after expired passwords,
//! and the rotation of an expired client secret.

use crate::audit_apps::secret_update;
use crate::audit_record::{Actor, Audit, group_props, group_target, kv, prop, target, user_target};
use crate::audits::{Sink, pacific_days, sspr, sts_refresh};
use crate::catalog_apps::role;
use crate::directory::Role;
use crate::story::{Story, local_work_time, office_ip};
use crate::util::{self, DemoRng, HOUR, MINUTE, SECOND, between, chance, json_str, sub_rng, ts};

fn role_props(r: &Role, removed: bool) -> Vec<serde_json::Value> {
    let v = [
        ("Role.ObjectID", r.id.as_str()),
        ("Role.DisplayName", r.name),
        ("Role.TemplateId", r.template_id),
        ("Role.WellKnownObjectName", r.name),
    ];
    v.iter()
        .map(|(k, val)| {
            if removed {
                prop(k, Some(json_str(val)), None)
            } else {
                prop(k, None, Some(json_str(val)))
            }
        })
        .collect()
}

fn role_target(r: &Role) -> serde_json::Value {
    target(&r.id, Some(r.name), "Role", None, None, Vec::new())
}

/// Core Directory "Add member to role" / "Remove member from role".
fn role_change(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    by: Actor<'_>,
    user: usize,
    role_index: usize,
    remove: bool,
) {
    let tenant = sink.tenant;
    let r = &tenant.roles[role_index];
    let activity = if remove {
        "Remove member from role"
    } else {
        "Add member to role"
    };
    let op = if remove { "Unassign" } else { "Assign" };
    let a = Audit::new(
        t,
        "RoleManagement",
        activity,
        "Core Directory",
        op,
        by,
        vec![
            user_target(&tenant.users[user], role_props(r, remove)),
            role_target(r),
        ],
    );
    sink.add(rng, a);
}

/// A PIM event with the role, request and user as targets.
#[allow(clippy::too_many_arguments)] // reason: every argument is a distinct field of the event
fn pim(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    activity: &str,
    by: Actor<'_>,
    user: usize,
    role_index: usize,
    until: Option<i64>,
    correlation: &str,
) {
    let tenant = sink.tenant;
    let r = &tenant.roles[role_index];
    let u = &tenant.users[user];
    let request = util::guid(rng);
    let op = if activity.starts_with("Remove") {
        "Delete"
    } else {
        "Add"
    };
    let mut a = Audit::new(
        t,
        "RoleManagement",
        activity,
        "Privileged Identity Management",
        op,
        by,
        vec![
            target(r.template_id, Some(r.name), "Role", None, None, Vec::new()),
            target(&request, None, "Request", None, None, Vec::new()),
            target(
                &u.id,
                Some(&u.display_name),
                "User",
                Some(&u.upn),
                None,
                Vec::new(),
            ),
        ],
    );
    a.correlation = Some(correlation.to_owned());
    a.details = vec![
        kv("RoleDefinitionOriginId", r.template_id),
        kv("StartTime", &ts(t)),
    ];
    if let Some(end) = until {
        a.details.push(kv("ExpirationTime", &ts(end)));
        a.details
            .push(kv("Justification", "Operational task: weekly maintenance"));
        a.reason = "Operational task: weekly maintenance";
    } else {
        a.details.push(kv("ExpirationTime", "Permanent"));
    }
    sink.add(rng, a);
}

/// Everything in this module.
pub fn generate(sink: &mut Sink<'_>, seed: u64, story: &Story) {
    let mut rng = sub_rng(seed, "audit-incidents", 0);
    pim_activations(sink, &mut rng);
    assignments(sink, &mut rng, story);
    grants(sink, &mut rng, story);
    responses(sink, &mut rng, story);
}

/// Eligible admins activate their role most working days for 8 hours.
fn pim_activations(sink: &mut Sink<'_>, rng: &mut DemoRng) {
    let tenant = sink.tenant;
    let eligible = [
        (
            tenant.holders(role::GLOBAL_ADMIN).get(1).copied(),
            role::GLOBAL_ADMIN,
        ),
        (
            Some(tenant.admin(role::SECURITY_ADMIN)),
            role::SECURITY_ADMIN,
        ),
        (
            Some(tenant.admin(role::EXCHANGE_ADMIN)),
            role::EXCHANGE_ADMIN,
        ),
    ];
    for (midnight, weekday) in pacific_days(sink.start, sink.end) {
        for (who, role_index) in eligible {
            let Some(who) = who else { continue };
            if !weekday || !chance(rng, 0.7) {
                continue;
            }
            let t = midnight + between(rng, 8 * HOUR, 11 * HOUR);
            let end = t + 8 * HOUR;
            let correlation = util::guid(rng);
            let me = || Actor::User(&tenant.users[who], office_ip(tenant, who));
            pim(
                sink,
                rng,
                t,
                "Add member to role requested (PIM activation)",
                me(),
                who,
                role_index,
                Some(end),
                &correlation,
            );
            role_change(
                sink,
                rng,
                t + 2 * SECOND,
                Actor::system(tenant, "MS-PIM"),
                who,
                role_index,
                false,
            );
            pim(
                sink,
                rng,
                t + 3 * SECOND,
                "Add member to role completed (PIM activation)",
                me(),
                who,
                role_index,
                Some(end),
                &correlation,
            );
            let c2 = util::guid(rng);
            role_change(
                sink,
                rng,
                end,
                Actor::system(tenant, "MS-PIM"),
                who,
                role_index,
                true,
            );
            pim(
                sink,
                rng,
                end + SECOND,
                "Remove member from role (PIM activation expired)",
                Actor::system(tenant, "MS-PIM"),
                who,
                role_index,
                None,
                &c2,
            );
        }
    }
}

/// Permanent and eligible role assignments made by the Global Administrator.
fn assignments(sink: &mut Sink<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = sink.tenant;
    let global = tenant.admin(role::GLOBAL_ADMIN);
    let span = sink.end - sink.start;
    let ga = || Actor::User(&tenant.users[global], office_ip(tenant, global));
    // A helpdesk operator becomes User Administrator permanently.
    if let Some(&hd) = tenant.holders(role::HELPDESK_ADMIN).get(2) {
        let t = local_work_time(rng, sink.start + span * 35 / 100, tenant.users[global].city);
        role_change(sink, rng, t, ga(), hd, role::USER_ADMIN, false);
    }
    // The newest IT team member gets Global Administrator as an eligible PIM assignment,
    // together with the "Global Admins (PIM)" group grant planned in the story.
    if let Some(g) = story.grants.first() {
        let correlation = util::guid(rng);
        pim(
            sink,
            rng,
            g.t - 10 * MINUTE,
            "Add eligible member to role in PIM requested (permanent)",
            ga(),
            g.target,
            role::GLOBAL_ADMIN,
            None,
            &correlation,
        );
        pim(
            sink,
            rng,
            g.t - 10 * MINUTE + 2 * SECOND,
            "Add eligible member to role in PIM completed (permanent)",
            ga(),
            g.target,
            role::GLOBAL_ADMIN,
            None,
            &correlation,
        );
    }
    // A leaver who held a role loses it.
    for (k, u) in tenant.users.iter().enumerate() {
        if let (Some(d), Some(&r)) = (u.disabled_at, u.roles.first()) {
            role_change(sink, rng, d + 20 * MINUTE, ga(), k, r, true);
        }
    }
    // The attribute administrator's role is reviewed and re-assigned.
    let attr = tenant.admin(role::ATTR_ASSIGN_ADMIN);
    let t = local_work_time(rng, sink.start + span * 12 / 100, tenant.users[global].city);
    role_change(sink, rng, t, ga(), attr, role::ATTR_ASSIGN_ADMIN, false);
}

/// Privileged group grants from the story, with their initiators.
fn grants(sink: &mut Sink<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = sink.tenant;
    for g in &story.grants {
        let group = &tenant.groups[g.group];
        let who = &tenant.users[g.initiator];
        let mut a = Audit::new(
            g.t,
            "GroupManagement",
            "Add member to group",
            "Core Directory",
            "Assign",
            Actor::User(who, g.ip.clone()),
            vec![
                user_target(&tenant.users[g.target], group_props(group, false)),
                group_target(group),
            ],
        );
        if g.suspicious {
            a.details = vec![kv(
                "User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
            )];
        }
        sink.add(rng, a);
    }
}

/// Helpdesk, self-service and security-team reactions to the story's incidents.
fn responses(sink: &mut Sink<'_>, rng: &mut DemoRng, story: &Story) {
    let tenant = sink.tenant;
    let helpdesk = tenant.admin(role::HELPDESK_ADMIN);
    let hd = || Actor::User(&tenant.users[helpdesk], office_ip(tenant, helpdesk));
    // Lockout victims call the helpdesk the next working morning.
    for b in &story.brute {
        let t = local_work_time(rng, b.t0 + 20 * HOUR, tenant.users[helpdesk].city);
        let a = Audit::new(
            t,
            "UserManagement",
            "Reset user password",
            "Core Directory",
            "Update",
            hd(),
            vec![user_target(&tenant.users[b.user], Vec::new())],
        );
        sink.add(rng, a);
        sts_refresh(sink, rng, t + 5 * SECOND, hd(), b.user);
    }
    // Expired passwords are reset through self-service minutes later.
    for (u, t) in &story.expired {
        let at = t + between(rng, 2 * MINUTE, 10 * MINUTE);
        sspr(sink, rng, at, *u);
    }
    // The security team cleans up after the compromised helpdesk account.
    if let Some((victim, t)) = story.remediation() {
        let sec = tenant.admin(role::SECURITY_ADMIN);
        let global = tenant.admin(role::GLOBAL_ADMIN);
        let se = || Actor::User(&tenant.users[sec], office_ip(tenant, sec));
        sts_refresh(sink, rng, t, se(), victim);
        let a = Audit::new(
            t + 4 * MINUTE,
            "UserManagement",
            "Reset user password",
            "Core Directory",
            "Update",
            Actor::User(&tenant.users[global], office_ip(tenant, global)),
            vec![user_target(&tenant.users[victim], Vec::new())],
        );
        sink.add(rng, a);
        for (k, g) in story.grants.iter().filter(|g| g.suspicious).enumerate() {
            let group = &tenant.groups[g.group];
            let a = Audit::new(
                t + (10 + k as i64) * MINUTE,
                "GroupManagement",
                "Remove member from group",
                "Core Directory",
                "Delete",
                se(),
                vec![
                    user_target(&tenant.users[g.target], group_props(group, true)),
                    group_target(group),
                ],
            );
            sink.add(rng, a);
            if k == 0 {
                sts_refresh(sink, rng, t + 12 * MINUTE, se(), g.target);
            }
        }
    }
    // The expired Terraform secret is rotated by the application administrator.
    if let Some((wk, _, rotated)) = story.secret_expiry
        && let Some(w) = tenant.workloads.get(wk)
    {
        {
            let admin = tenant.admin(role::APP_ADMIN);
            let object_id = util::stable_guid(&tenant.id, &format!("wl-object/{}", w.def.name));
            secret_update(
                sink,
                rng,
                rotated - 2 * MINUTE,
                admin,
                &object_id,
                w.def.name,
            );
        }
    }
}
