//! `vigil tenant create | list | set-license | show`: the tenants of the control plane.

use serde_json::{Value, json};
use vigil_tenancy::{ControlStore, Tenant};

use super::control::{explain, open_existing, open_or_create, require_tenant};
use super::output::{json_time, print, print_json, short_time, table};
use super::retention::{retention_json, retention_table};
use crate::cli::{ListArgs, TenantCommand, TenantCreateArgs, TenantOnlyArgs, TenantSetLicenseArgs};

/// Runs one `tenant` subcommand.
pub fn run(command: TenantCommand) -> anyhow::Result<()> {
    match command {
        TenantCommand::Create(args) => create(&args),
        TenantCommand::List(args) => list(&args),
        TenantCommand::SetLicense(args) => set_license(&args),
        TenantCommand::Show(args) => show(&args),
    }
}

fn create(args: &TenantCreateArgs) -> anyhow::Result<()> {
    let store = open_or_create(&args.data.data_dir)?;
    let tenant = store
        .create_tenant(&args.tenant, &args.name, args.license)
        .map_err(explain)?;
    print(&format!(
        "created tenant {} \"{}\" (license {}, default retention {} days)\n",
        tenant.id,
        tenant.display_name,
        tenant.license,
        tenant.license.default_retention_days()
    ))
}

fn list(args: &ListArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    let tenants = store.tenants().map_err(explain)?;
    if args.json {
        return print_json(&Value::Array(tenants.iter().map(tenant_json).collect()));
    }
    if tenants.is_empty() {
        eprintln!(
            "no tenants registered; add one with `vigil tenant create --tenant GUID --name NAME`"
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = tenants
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.display_name.clone(),
                t.license.to_string(),
                short_time(t.created),
            ]
        })
        .collect();
    print(&table(&["ID", "NAME", "LICENSE", "CREATED"], &rows))
}

fn set_license(args: &TenantSetLicenseArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    let before = require_tenant(&store, &args.tenant)?;
    let after = store
        .set_license(&args.tenant, args.license)
        .map_err(explain)?;
    print(&format!(
        "tenant {} \"{}\": license {} -> {} (default retention {} days)\n",
        after.id,
        after.display_name,
        before.license,
        after.license,
        after.license.default_retention_days()
    ))
}

fn show(args: &TenantOnlyArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    let tenant = require_tenant(&store, &args.tenant)?;
    let settings = store.retention_settings(&args.tenant).map_err(explain)?;
    if args.json {
        let mut value = tenant_json(&tenant);
        if let Value::Object(map) = &mut value {
            map.insert("retention".to_owned(), retention_json(&settings));
        }
        return print_json(&value);
    }
    let mut text = format!(
        "id:       {}\nname:     {}\nlicense:  {}\ncreated:  {}\n\nretention:\n",
        tenant.id,
        tenant.display_name,
        tenant.license,
        short_time(tenant.created)
    );
    text.push_str(&retention_table(&settings));
    print(&text)
}

fn tenant_json(tenant: &Tenant) -> Value {
    json!({
        "id": tenant.id.as_str(),
        "displayName": tenant.display_name,
        "license": tenant.license.as_str(),
        "created": json_time(tenant.created),
    })
}
