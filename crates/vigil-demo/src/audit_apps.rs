//! Directory audits about devices, applications and external access: device registration,
//! app registrations and client secrets, user consent, guest invitations and Conditional
//! Access policy edits.

use crate::audit_record::{Actor, Audit, included, kv, prop, target, user_target};
use crate::audits::{Sink, actor};
use crate::catalog_apps::role;
use crate::catalog_data::GUEST_ORGS;
use crate::util::{self, DemoRng, HOUR, MINUTE, between, chance, json_list, json_str, pick};

pub fn device(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64, u: usize) {
    let tenant = sink.tenant;
    let user = &tenant.users[u];
    let id = util::guid(rng);
    let (os, name) = if chance(rng, 0.5) {
        ("iOS", format!("{}'s iPhone", user.display_name))
    } else {
        ("Windows", format!("CONTOSO-LT-{}", rng_num(rng)))
    };
    let drs = || Actor::system(tenant, "Device Registration Service");
    let mods = vec![
        prop("AccountEnabled", None, Some("[true]".into())),
        prop("OS", None, Some(json_list(os))),
        prop(
            "DeviceTrustType",
            None,
            Some(json_list(if os == "Windows" {
                "AzureAd"
            } else {
                "Workplace"
            })),
        ),
        included("AccountEnabled, OS, DeviceTrustType"),
    ];
    let dev = target(&id, Some(&name), "Device", None, None, mods);
    let correlation = util::guid(rng);
    for activity in [
        "Add device",
        "Add registered owner to device",
        "Add registered users to device",
    ] {
        let targets = if activity == "Add device" {
            vec![dev.clone()]
        } else {
            vec![dev.clone(), user_target(user, Vec::new())]
        };
        let mut a = Audit::new(
            t,
            "Device",
            activity,
            "Core Directory",
            "Add",
            drs(),
            targets,
        );
        a.correlation = Some(correlation.clone());
        sink.add(rng, a);
    }
}

fn rng_num(rng: &mut DemoRng) -> u32 {
    use rand::Rng;
    rng.random_range(1000..9999)
}

pub fn new_app(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64, admin: usize) {
    let tenant = sink.tenant;
    let name = *pick(
        rng,
        &[
            "contoso-payments-api",
            "Contoso Intranet",
            "expense-bot",
            "data-export-job",
            "Contoso Mobile Backend",
            "sales-forecast-ml",
        ],
    );
    let app_id = util::guid(rng);
    let object_id = util::guid(rng);
    let sp_id = util::guid(rng);
    let correlation = util::guid(rng);
    let app_mods = vec![
        prop("AppId", None, Some(json_list(&app_id))),
        prop("DisplayName", None, Some(json_list(name))),
        included("AppId, DisplayName"),
    ];
    let mut a = Audit::new(
        t,
        "ApplicationManagement",
        "Add application",
        "Core Directory",
        "Add",
        actor(tenant, admin),
        vec![target(
            &object_id,
            Some(name),
            "Application",
            None,
            None,
            app_mods,
        )],
    );
    a.correlation = Some(correlation.clone());
    sink.add(rng, a);
    let sp_mods = vec![
        prop("AccountEnabled", None, Some("[true]".into())),
        prop("AppPrincipalId", None, Some(json_list(&app_id))),
        prop("DisplayName", None, Some(json_list(name))),
    ];
    let mut a = Audit::new(
        t + util::SECOND,
        "ApplicationManagement",
        "Add service principal",
        "Core Directory",
        "Add",
        actor(tenant, admin),
        vec![target(
            &sp_id,
            Some(name),
            "ServicePrincipal",
            None,
            None,
            sp_mods,
        )],
    );
    a.correlation = Some(correlation);
    sink.add(rng, a);
    let t2 = t + between(rng, 10 * MINUTE, 3 * HOUR);
    secret_update(sink, rng, t2, admin, &object_id, name);
    // The new app gets a Microsoft Graph application permission (admin consent).
    let permission = *pick(
        rng,
        &[
            "User.Read.All",
            "Mail.Send",
            "Files.Read.All",
            "AuditLog.Read.All",
        ],
    );
    let graph_sp = util::stable_guid(&tenant.id, crate::catalog_apps::GRAPH.1);
    let mods = vec![
        prop(
            "AppRole.Id",
            None,
            Some(json_str(&util::stable_guid(
                "vigil-demo/graph-roles",
                permission,
            ))),
        ),
        prop("AppRole.Value", None, Some(json_str(permission))),
        prop(
            "AppRoleAssignment.CreatedDateTime",
            None,
            Some(json_str(&util::ts(t2 + MINUTE))),
        ),
        prop("ServicePrincipal.ObjectID", None, Some(json_str(&sp_id))),
        prop("ServicePrincipal.DisplayName", None, Some(json_str(name))),
    ];
    let a = Audit::new(
        t2 + MINUTE,
        "ApplicationManagement",
        "Add app role assignment to service principal",
        "Core Directory",
        "Assign",
        actor(tenant, admin),
        vec![
            target(
                &graph_sp,
                Some(crate::catalog_apps::GRAPH.0),
                "ServicePrincipal",
                None,
                None,
                mods,
            ),
            target(
                &sp_id,
                Some(name),
                "ServicePrincipal",
                None,
                None,
                Vec::new(),
            ),
        ],
    );
    sink.add(rng, a);
}

/// "Update application – Certificates and secrets management" (a new client secret).
pub fn secret_update(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    admin: usize,
    object_id: &str,
    name: &str,
) {
    let key = util::guid(rng);
    let old = "[]".to_owned();
    let new = format!(
        "[\"[KeyIdentifier={key},KeyType=Password,KeyUsage=Verify,DisplayName={name}-secret]\"]"
    );
    let mods = vec![
        prop("KeyDescription", Some(old), Some(new)),
        included("KeyDescription"),
    ];
    let a = Audit::new(
        t,
        "ApplicationManagement",
        "Update application – Certificates and secrets management",
        "Core Directory",
        "Update",
        actor(sink.tenant, admin),
        vec![target(
            object_id,
            Some(name),
            "Application",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}

pub fn consent(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64, u: usize) {
    let tenant = sink.tenant;
    let user = &tenant.users[u];
    let (name, scopes) = *pick(
        rng,
        &[
            (
                "Zoom for Outlook",
                "User.Read Calendars.ReadWrite offline_access",
            ),
            ("Calendly", "User.Read Calendars.Read openid profile"),
            ("Grammarly", "User.Read openid profile email"),
            ("Miro", "User.Read offline_access"),
        ],
    );
    let sp_id = util::stable_guid(&tenant.id, &format!("consent/{name}"));
    let mods = vec![
        prop(
            "ConsentContext.IsAdminConsent",
            None,
            Some(json_str("False")),
        ),
        prop(
            "ConsentContext.OnBehalfOfAll",
            None,
            Some(json_str("False")),
        ),
        prop(
            "ConsentAction.Permissions",
            None,
            Some(json_str(&format!(
                "[] => [[Id: {}, ClientId: {sp_id}, PrincipalId: {}, ResourceId: {}, ConsentType: Principal, Scope: {scopes}]]; ",
                util::guid(rng),
                user.id,
                util::stable_guid(&tenant.id, crate::catalog_apps::GRAPH.1)
            ))),
        ),
        prop(
            "TargetId.ServicePrincipalNames",
            None,
            Some(json_str(&util::stable_guid("vigil-demo/saas", name))),
        ),
    ];
    let a = Audit::new(
        t,
        "ApplicationManagement",
        "Consent to application",
        "Core Directory",
        "Assign",
        Actor::User(user, user.home_ip.clone()),
        vec![target(
            &sp_id,
            Some(name),
            "ServicePrincipal",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}

pub fn invite(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64) {
    let tenant = sink.tenant;
    let inviter = *pick(rng, &tenant.regular_members());
    let first = pick(rng, crate::catalog_data::FIRST_NAMES).to_ascii_lowercase();
    let last = pick(rng, crate::catalog_data::LAST_NAMES).to_ascii_lowercase();
    let (_, domain) = *pick(rng, GUEST_ORGS);
    let email = format!("{first}.{last}@{domain}");
    let upn = format!("{first}.{last}_{domain}#EXT#@{}", tenant.domain);
    let id = util::guid(rng);
    let mut a = Audit::new(
        t,
        "UserManagement",
        "Invite external user",
        "Invited Users",
        "Add",
        actor(tenant, inviter),
        vec![target(&id, None, "User", Some(&upn), None, Vec::new())],
    );
    a.details = vec![kv("invitedUserEmailAddress", &email)];
    a.reason = "User invited successfully";
    sink.add(rng, a);
}

pub fn ca_update(sink: &mut Sink<'_>, rng: &mut DemoRng, t: i64) {
    let tenant = sink.tenant;
    let admin = tenant.admin(role::CA_ADMIN);
    let p = &tenant.policies[util::index(rng, tenant.policies.len())];
    let state = if p.name.contains("report-only") {
        "enabledForReportingButNotEnforced"
    } else {
        "enabled"
    };
    let old = format!(
        "{{\"id\":\"{}\",\"displayName\":\"{}\",\"state\":\"{state}\",\"conditions\":{{\"users\":{{\"excludeGroups\":[]}}}}}}",
        p.id, p.name
    );
    let new = format!(
        "{{\"id\":\"{}\",\"displayName\":\"{}\",\"state\":\"{state}\",\"conditions\":{{\"users\":{{\"excludeGroups\":[\"{}\"]}}}}}}",
        p.id,
        p.name,
        tenant.groups[tenant.group("Legacy Auth Exceptions")].id
    );
    let mods = vec![prop("ConditionalAccessPolicy", Some(old), Some(new))];
    let a = Audit::new(
        t,
        "Policy",
        "Update conditional access policy",
        "Conditional Access",
        "Update",
        actor(tenant, admin),
        vec![target(&p.id, Some(p.name), "Policy", None, None, mods)],
    );
    sink.add(rng, a);
}
