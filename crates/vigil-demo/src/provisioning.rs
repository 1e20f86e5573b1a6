//! Provisioning logs (`provisioningObjectSummary`): 40-minute cycles of one inbound HR job
//! (Workday → Entra: create, update, disable) and three outbound SCIM jobs (ServiceNow, AWS
//! IAM Identity Center, Salesforce) that follow joiners, leavers and attribute changes,
//! with skipped out-of-scope users, conflicts, throttling and schema errors.

use rand::Rng;
use serde_json::{Value, json};

use crate::directory::{App, Tenant, User};
use crate::util::{
    self, DAY, DemoRng, HOUR, MINUTE, between, chance, obj, pick, poisson, s, sub_rng, tick, ts,
};

const ENTRA: &str = "Azure Active Directory";
const SERVICE: &str = "Azure AD Provisioning Service";

/// One provisioning job.
struct Job<'a> {
    app: &'a App,
    job_id: String,
    inbound: bool,
    /// Departments in scope ("*" = everyone).
    scope: &'static [&'static str],
    /// Average records per cycle besides lifecycle events.
    rate: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    Update,
    Disable,
    Delete,
    StagedDelete,
    Skip,
}

impl Action {
    fn wire(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Disable => "disable",
            Action::Delete => "delete",
            Action::StagedDelete => "stagedDelete",
            Action::Skip => "other",
        }
    }

    fn verb(self) -> (&'static str, &'static str) {
        match self {
            Action::Create => ("Add", "created"),
            Action::Update => ("Update", "updated"),
            Action::Disable => ("Update", "disabled"),
            Action::Delete => ("Delete", "deleted"),
            Action::StagedDelete => ("Delete", "staged for deletion"),
            Action::Skip => ("Update", "skipped"),
        }
    }
}

fn in_scope(job: &Job<'_>, u: &User) -> bool {
    u.guest.is_none()
        && !u.service_account
        && (job.scope.contains(&"*") || job.scope.contains(&u.department))
}

fn system(id: &str, name: &str, details: Value) -> Value {
    obj([
        ("id", s(id)),
        ("displayName", s(name)),
        ("details", details),
    ])
}

fn identity(id: &str, name: &str, kind: &str) -> Value {
    obj([
        ("id", s(id)),
        ("displayName", s(name)),
        ("identityType", s(kind)),
        ("details", json!({})),
    ])
}

fn step(name: &str, kind: &str, ok: &str, description: String, details: Value) -> Value {
    obj([
        ("name", s(name)),
        ("provisioningStepType", s(kind)),
        ("status", s(ok)),
        ("description", s(&description)),
        ("details", details),
    ])
}

/// Error catalogue per outcome: (errorCode, category, reason, recommended action).
fn error_for(rng: &mut DemoRng, job: &Job<'_>, action: Action) -> Option<(&'static str, Value)> {
    let name = job.app.def.name;
    let roll: f64 = rng.random();
    let (code, category, reason, recommended, status) = match name {
        "ServiceNow" if action == Action::Create && roll < 0.5 => (
            "EntryConflict",
            "nonServiceFailure",
            "Message: ServiceNow returned an error response with the HTTP status code 409. This response indicates that a user or a group already exists with the same name.",
            "Identify and remove the conflicting user from ServiceNow, or remove the user from the scope of provisioning.",
            "failure",
        ),
        "ServiceNow" if roll < 0.01 => (
            "InsufficientRights",
            "nonServiceFailure",
            "Message: ServiceNow returned an error response with the HTTP status code 403. The provisioning account does not have the permission to update this record.",
            "Grant the provisioning account the user_admin role in ServiceNow.",
            "failure",
        ),
        "Salesforce" if roll < 0.03 => (
            "SchemaAttributeNotFound",
            "failure",
            "Unable to process the request: the attribute 'FederationIdentifier' was not found in the Salesforce schema.",
            "Review the attribute mappings of the Salesforce application and refresh the target schema.",
            "failure",
        ),
        "AWS IAM Identity Center" if roll < 0.04 => (
            "TooManyRequests",
            "nonServiceFailure",
            "Message: AWS IAM Identity Center returned an error response with the HTTP status code 429 (Too Many Requests). The operation will be retried in the next cycle.",
            "No action is required; the provisioning service retries automatically.",
            "warning",
        ),
        "Workday" if action == Action::Create && roll < 0.03 => (
            "EntryConflict",
            "nonServiceFailure",
            "Message: a user with the same userPrincipalName already exists in Azure Active Directory.",
            "Update the matching attribute or resolve the duplicate account in Azure Active Directory.",
            "failure",
        ),
        _ => return None,
    };
    let info = obj([
        ("errorCode", s(code)),
        ("reason", s(reason)),
        ("additionalDetails", Value::Null),
        ("errorCategory", s(category)),
        ("recommendedAction", s(recommended)),
    ]);
    Some((status, info))
}

fn record(
    tenant: &Tenant,
    rng: &mut DemoRng,
    job: &Job<'_>,
    cycle: &str,
    t: i64,
    u: &User,
    action: Action,
) -> Value {
    let app = job.app;
    let app_name = app.def.name;
    let (source, target) = if job.inbound {
        (app_name, ENTRA)
    } else {
        (ENTRA, app_name)
    };
    let (verb, done) = action.verb();
    let who = &u.display_name;
    let error = if action == Action::Skip {
        None
    } else {
        error_for(rng, job, action)
    };
    let status = error.as_ref().map_or(
        if action == Action::Skip {
            "skipped"
        } else {
            "success"
        },
        |(st, _)| *st,
    );
    let export_status = if status == "failure" {
        "failure"
    } else if status == "warning" {
        "warning"
    } else {
        "success"
    };
    let reportable = if job.inbound {
        u.employee_id.as_str()
    } else {
        u.upn.as_str()
    };
    let mut steps = vec![step(
        if action == Action::Skip {
            "EntryImport".into()
        } else {
            format!("EntryImport{verb}")
        }
        .as_str(),
        "import",
        "success",
        format!("Received User '{who}' change of type ({verb}) from {source}"),
        json!({"ReportableIdentifier": reportable}),
    )];
    let scoped = action != Action::Skip;
    steps.push(step(
        "EntrySynchronizationScoping",
        "scoping",
        if scoped { "success" } else { "skipped" },
        if scoped {
            format!("Determine if User '{who}' is in scope by evaluating against each scoping filter")
        } else {
            format!("User '{who}' is not in scope for {target}: the user is not assigned to the application")
        },
        json!({
            "Active in the source system": "True",
            "Assigned to the application": if scoped { "True" } else { "False" },
            "Scoping filter evaluation passed": if scoped { "True" } else { "False" },
        }),
    ));
    if scoped {
        steps.push(step(
            &format!("EntrySynchronization{verb}"),
            "matching",
            "success",
            match action {
                Action::Create => format!("User '{who}' will be created in {target} (User is active and assigned in {source}, but no matching User was found in {target})"),
                _ => format!("User '{who}' will be {done} in {target}"),
            },
            json!({}),
        ));
        steps.push(step(
            &format!("EntryExport{verb}"),
            "export",
            export_status,
            if export_status == "success" {
                format!("User '{who}' was {done} in {target}")
            } else {
                format!(
                    "Failed to {} User '{who}' in {target}",
                    verb.to_ascii_lowercase()
                )
            },
            json!({"ReportableIdentifier": reportable}),
        ));
    }
    let mut modified = Vec::new();
    match action {
        Action::Create => {
            for (k, v) in [
                ("accountEnabled", "True"),
                ("displayName", who.as_str()),
                ("userPrincipalName", u.upn.as_str()),
                ("department", u.department),
                ("jobTitle", u.job_title),
                ("employeeId", u.employee_id.as_str()),
            ] {
                modified.push(obj([
                    ("displayName", s(k)),
                    ("oldValue", Value::Null),
                    ("newValue", s(v)),
                ]));
            }
        }
        Action::Update => {
            let (k, old, new) = *pick(
                rng,
                &[
                    ("jobTitle", "", u.job_title),
                    ("department", "", u.department),
                    ("manager", "", "CN=Manager"),
                    ("mobilePhone", "", "+1 425 555 0134"),
                ],
            );
            modified.push(obj([
                ("displayName", s(k)),
                (
                    "oldValue",
                    if old.is_empty() { Value::Null } else { s(old) },
                ),
                ("newValue", s(new)),
            ]));
        }
        Action::Disable => modified.push(obj([
            ("displayName", s("accountEnabled")),
            ("oldValue", s("True")),
            ("newValue", s("False")),
        ])),
        Action::Delete | Action::StagedDelete | Action::Skip => {}
    }
    let details = json!({"ApplicationId": app.app_id, "ServicePrincipalId": app.sp_id, "ServicePrincipalDisplayName": app_name});
    let entra_id = util::stable_guid(&tenant.id, "entra-system");
    let app_system_id = util::stable_guid(&tenant.id, &format!("system/{app_name}"));
    let (source_system, target_system) = if job.inbound {
        (
            system(&app_system_id, app_name, json!({})),
            system(&entra_id, ENTRA, details),
        )
    } else {
        (
            system(&entra_id, ENTRA, json!({})),
            system(&app_system_id, app_name, details),
        )
    };
    let remote_id = if action == Action::Create && status != "success" {
        String::new()
    } else {
        util::stable_guid(app_name, &u.id)
    };
    let (source_identity, target_identity) = if job.inbound {
        (
            identity(&u.employee_id, who, "User"),
            identity(
                if action == Action::Create && status != "success" {
                    ""
                } else {
                    &u.id
                },
                who,
                "User",
            ),
        )
    } else {
        (
            identity(&u.id, who, "User"),
            identity(&remote_id, who, "User"),
        )
    };
    json!({
        "id": util::guid(rng),
        "activityDateTime": ts(t),
        "tenantId": tenant.id,
        "jobId": job.job_id,
        "cycleId": cycle,
        "changeId": util::guid(rng),
        "provisioningAction": action.wire(),
        "durationInMilliseconds": rng.random_range(300..6000),
        "provisioningStatusInfo": {
            "status": status,
            "errorInformation": error.map_or(Value::Null, |(_, e)| e),
        },
        "provisioningSteps": steps,
        "modifiedProperties": modified,
        "servicePrincipal": {"id": app.sp_id, "displayName": app_name},
        "sourceSystem": source_system,
        "targetSystem": target_system,
        "initiatedBy": {"id": "", "displayName": SERVICE, "initiatorType": "system"},
        "sourceIdentity": source_identity,
        "targetIdentity": target_identity,
    })
}

/// Generates provisioning records for the window.
pub fn generate(tenant: &Tenant, seed: u64, start: i64, end: i64) -> Vec<(i64, Value)> {
    let mut rng = sub_rng(seed, "provisioning", 0);
    let tenant_hex: String = tenant.id.chars().filter(|c| *c != '-').collect();
    let job =
        |name: &str, template: &str, inbound: bool, scope: &'static [&'static str], rate: f64| {
            let app = &tenant.apps[tenant.app(name)];
            let sp_hex: String = app.sp_id.chars().filter(|c| *c != '-').collect();
            Job {
                app,
                job_id: format!("{template}.{tenant_hex}.{sp_hex}"),
                inbound,
                scope,
                rate,
            }
        };
    let jobs = [
        job("Workday", "Workday2AAD", true, &["*"], 0.5),
        job("ServiceNow", "ServiceNowOutDelta", false, &["*"], 0.7),
        job(
            "AWS IAM Identity Center",
            "AWSSingleSignOn",
            false,
            &["Engineering", "IT"],
            0.45,
        ),
        job(
            "Salesforce",
            "salesforce",
            false,
            &["Sales", "Marketing", "Customer Support"],
            0.6,
        ),
    ];
    let members: Vec<&User> = tenant
        .users
        .iter()
        .filter(|u| u.guest.is_none() && !u.service_account)
        .collect();
    let mut out = Vec::new();
    let cycle_len = 40 * MINUTE;
    for (k, job) in jobs.iter().enumerate() {
        let mut t = start + (k as i64) * 7 * MINUTE + between(&mut rng, 0, 5 * MINUTE);
        while t < end {
            let cycle = util::guid(&mut rng);
            let cycle_end = t + cycle_len;
            let hour = (t - 8 * HOUR).rem_euclid(DAY) / HOUR;
            let busy = if (6..20).contains(&hour) { 1.7 } else { 0.3 };
            let mut events: Vec<(i64, &User, Action)> = Vec::new();
            // Lifecycle changes that happened since the previous cycle (outbound jobs lag one cycle).
            let lag = if job.inbound { 0 } else { cycle_len };
            for u in &members {
                let relevant = job.inbound || in_scope(job, u);
                if let Some(h) = u.hired_at
                    && h + lag >= t
                    && h + lag < cycle_end
                    && relevant
                {
                    events.push((h + lag, u, Action::Create));
                }
                if let Some(d) = u.disabled_at
                    && d + lag >= t
                    && d + lag < cycle_end
                    && relevant
                {
                    let action = if job.app.def.name == "AWS IAM Identity Center" {
                        Action::Delete
                    } else {
                        Action::Disable
                    };
                    events.push((d + lag, u, action));
                }
            }
            for _ in 0..poisson(&mut rng, job.rate * busy) {
                let u = *pick(&mut rng, &members);
                let at = t + between(&mut rng, MINUTE, 20 * MINUTE);
                if !u.active_at(at) {
                    continue;
                }
                let out_of_scope = !job.inbound && !in_scope(job, u);
                let action = if out_of_scope || chance(&mut rng, 0.12) {
                    Action::Skip
                } else if !job.inbound && chance(&mut rng, 0.02) {
                    // Left the scoping filter (e.g. changed department): staged for deletion.
                    Action::StagedDelete
                } else {
                    Action::Update
                };
                events.push((at, u, action));
            }
            events.sort_by_key(|(at, _, _)| *at);
            for (at, u, action) in events {
                let at = tick(at.max(t));
                if at >= start && at < end {
                    out.push((at, record(tenant, &mut rng, job, &cycle, at, u, action)));
                }
            }
            t = cycle_end + between(&mut rng, 0, MINUTE);
        }
    }
    out
}
