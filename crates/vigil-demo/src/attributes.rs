//! Custom security attribute audits (`customSecurityAttributeAudit`, category
//! `AttributeManagement`): a new attribute set and definitions, definition and set updates,
//! and the attribute administrator assigning cost centres and project clearances to users.

use serde_json::Value;

use crate::audit_record::{Actor, Audit, included, prop, target, user_target};
use crate::audits::{Sink, pacific_days};
use crate::catalog_apps::role;
use crate::directory::Tenant;
use crate::story::{local_work_time, office_ip};
use crate::util::{self, DemoRng, HOUR, between, chance, json_list, pick, poisson, sub_rng};

const CATEGORY: &str = "AttributeManagement";
const SERVICE: &str = "Core Directory";

/// Attribute values admins assign: (set, attribute, candidate values).
const ASSIGNABLE: &[(&str, &str, &[&str])] = &[
    (
        "Engineering",
        "CostCenter",
        &["CC-1001", "CC-1002", "CC-1040", "CC-2300"],
    ),
    (
        "Engineering",
        "ProjectClearance",
        &["Public", "Internal", "Confidential", "Secret"],
    ),
    ("Finance", "CostCenter", &["FIN-100", "FIN-210", "FIN-330"]),
    (
        "Marketing",
        "CampaignRegion",
        &["EMEA", "NA", "APAC", "LATAM"],
    ),
];

/// Generates the custom security attribute audits for the window.
pub fn generate(tenant: &Tenant, seed: u64, start: i64, end: i64) -> Vec<(i64, Value)> {
    let mut sink = Sink {
        tenant,
        start,
        end,
        out: Vec::new(),
    };
    let mut rng = sub_rng(seed, "attributes", 0);
    let definer = tenant.admin(role::ATTR_DEF_ADMIN);
    let assigner = tenant.admin(role::ATTR_ASSIGN_ADMIN);
    let span = end - start;
    let city = tenant.users[definer].city;
    let at =
        |rng: &mut DemoRng, f: f64| local_work_time(rng, start + (span as f64 * f) as i64, city);

    let t = at(&mut rng, 0.08);
    add_set(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Marketing",
        "Attributes for marketing campaigns",
    );
    let t2 = t + between(&mut rng, 5 * 60 * util::SECOND, HOUR);
    add_definition(
        &mut sink,
        &mut rng,
        t2,
        definer,
        "Marketing",
        "CampaignRegion",
        "String",
    );
    let t = at(&mut rng, 0.4);
    add_definition(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Engineering",
        "OnCallTier",
        "Integer",
    );
    let t = at(&mut rng, 0.5);
    update_definition(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Engineering",
        "ProjectClearance",
        "AllowedValues",
        "[\"Public\",\"Internal\",\"Confidential\"]",
        "[\"Public\",\"Internal\",\"Confidential\",\"Secret\"]",
    );
    let t = at(&mut rng, 0.6);
    update_set(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Engineering",
        "MaxAttributesPerSet",
        "[25]",
        "[20]",
    );
    let t = at(&mut rng, 0.72);
    update_definition(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Engineering",
        "CostCenter",
        "Description",
        "[\"Cost center\"]",
        "[\"Cost center code from Workday\"]",
    );
    let t = at(&mut rng, 0.85);
    update_set(
        &mut sink,
        &mut rng,
        t,
        definer,
        "Finance",
        "Description",
        "[\"Finance attributes\"]",
        "[\"Finance attributes (owned by FP&A)\"]",
    );

    let members = tenant.regular_members();
    for (midnight, weekday) in pacific_days(start, end) {
        if !weekday {
            continue;
        }
        for _ in 0..poisson(&mut rng, 1.6) {
            let u = &tenant.users[*pick(&mut rng, &members)];
            let (set, attr, values) = ASSIGNABLE[util::index(&mut rng, ASSIGNABLE.len())];
            let name = format!("{set}_{attr}");
            let old = if chance(&mut rng, 0.6) {
                "[]".to_owned()
            } else {
                json_list(pick::<&str>(&mut rng, values))
            };
            let new = json_list(pick::<&str>(&mut rng, values));
            let mods = vec![prop(&name, Some(old), Some(new)), included(&name)];
            let t = midnight + between(&mut rng, 9 * HOUR, 17 * HOUR);
            let a = Audit::new(
                t,
                CATEGORY,
                "Update attribute values assigned to a user",
                SERVICE,
                "Update",
                actor(tenant, assigner),
                vec![user_target(u, mods)],
            );
            sink.add(&mut rng, a);
        }
    }
    sink.out
}

fn actor(tenant: &Tenant, u: usize) -> Actor<'_> {
    Actor::User(&tenant.users[u], office_ip(tenant, u))
}

fn set_id(tenant: &Tenant, set: &str) -> String {
    util::stable_guid(&tenant.id, &format!("attribute-set/{set}"))
}

fn add_set(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    by: usize,
    set: &str,
    description: &str,
) {
    let tenant = sink.tenant;
    let mods = vec![
        prop("Description", None, Some(json_list(description))),
        prop("MaxAttributesPerSet", None, Some("[25]".into())),
        included("Description, MaxAttributesPerSet"),
    ];
    let a = Audit::new(
        t,
        CATEGORY,
        "Add an attribute set",
        SERVICE,
        "Add",
        actor(tenant, by),
        vec![target(
            &set_id(tenant, set),
            Some(set),
            "Other",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}

#[allow(clippy::too_many_arguments)] // reason: one flat description of the change
fn update_set(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    by: usize,
    set: &str,
    property: &str,
    old: &str,
    new: &str,
) {
    let tenant = sink.tenant;
    let mods = vec![
        prop(property, Some(old.to_owned()), Some(new.to_owned())),
        included(property),
    ];
    let a = Audit::new(
        t,
        CATEGORY,
        "Update an attribute set",
        SERVICE,
        "Update",
        actor(tenant, by),
        vec![target(
            &set_id(tenant, set),
            Some(set),
            "Other",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}

fn add_definition(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    by: usize,
    set: &str,
    name: &str,
    kind: &str,
) {
    let tenant = sink.tenant;
    let id = util::stable_guid(&tenant.id, &format!("attribute/{set}_{name}"));
    let mods = vec![
        prop("AttributeSet", None, Some(json_list(set))),
        prop("Name", None, Some(json_list(name))),
        prop("Type", None, Some(json_list(kind))),
        prop("IsCollection", None, Some("[false]".into())),
        prop("IsSearchable", None, Some("[true]".into())),
        prop("UsePreDefinedValuesOnly", None, Some("[true]".into())),
        prop("Status", None, Some(json_list("Available"))),
        included(
            "AttributeSet, Name, Type, IsCollection, IsSearchable, UsePreDefinedValuesOnly, Status",
        ),
    ];
    let a = Audit::new(
        t,
        CATEGORY,
        "Add custom security attribute definition in an attribute set",
        SERVICE,
        "Add",
        actor(tenant, by),
        vec![target(
            &id,
            Some(&format!("{set}_{name}")),
            "Other",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}

#[allow(clippy::too_many_arguments)] // reason: one flat description of the change, used three times
fn update_definition(
    sink: &mut Sink<'_>,
    rng: &mut DemoRng,
    t: i64,
    by: usize,
    set: &str,
    name: &str,
    property: &str,
    old: &str,
    new: &str,
) {
    let tenant = sink.tenant;
    let id = util::stable_guid(&tenant.id, &format!("attribute/{set}_{name}"));
    let mods = vec![
        prop(property, Some(old.to_owned()), Some(new.to_owned())),
        included(property),
    ];
    let a = Audit::new(
        t,
        CATEGORY,
        "Update custom security attribute definition in an attribute set",
        SERVICE,
        "Update",
        actor(tenant, by),
        vec![target(
            &id,
            Some(&format!("{set}_{name}")),
            "Other",
            None,
            None,
            mods,
        )],
    );
    sink.add(rng, a);
}
