//! `vigil retention set | show | export-hold`: per-tenant, per-log retention overrides and
//! the tenant's export hold limit.

use serde_json::{Value, json};
use vigil_model::vigil_audit::{Modified, VigilEvent};
use vigil_tenancy::{ControlStore, RetentionSetting, RetentionSource, Tenant};

use super::audit;
use super::control::{explain, open_existing, require_tenant};
use super::output::{print, print_json, table};
use crate::cli::{ExportHoldArgs, RetentionCommand, RetentionSetArgs, TenantOnlyArgs};

/// Runs one `retention` subcommand.
pub fn run(command: RetentionCommand) -> anyhow::Result<()> {
    match command {
        RetentionCommand::Set(args) => set(&args),
        RetentionCommand::Show(args) => show(&args),
        RetentionCommand::ExportHold(args) => export_hold(&args),
    }
}

fn export_hold(args: &ExportHoldArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    let tenant = require_tenant(&store, &args.tenant)?;
    let days = if args.clear { None } else { args.days };
    let old = store.export_hold(&args.tenant).map_err(explain)?;
    let new = store.set_export_hold(&args.tenant, days).map_err(explain)?;
    audit::record(
        &args.data.data_dir,
        &args.tenant,
        retention_event(
            &tenant,
            "export hold (days past retention)".to_owned(),
            old,
            new,
        ),
    )?;
    let line = match new {
        Some(days) => format!(
            "tenant {}: records an export destination has not received are purged {days} days after their retention ends\n",
            args.tenant
        ),
        None => format!(
            "tenant {}: records wait for every export destination, however long\n",
            args.tenant
        ),
    };
    print(&line)
}

fn set(args: &RetentionSetArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    let tenant = require_tenant(&store, &args.tenant)?;
    let days = if args.clear { None } else { args.days };
    let kind = args.log.kind();
    let old = store
        .retention_overrides(&args.tenant)
        .map_err(explain)?
        .into_iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, d)| d);
    let setting = store
        .set_retention_override(&args.tenant, kind, days)
        .map_err(explain)?;
    audit::record(
        &args.data.data_dir,
        &args.tenant,
        retention_event(
            &tenant,
            format!("{} retention override (days)", kind.collection()),
            old,
            setting.override_days,
        ),
    )?;
    let line = match setting.effective.source {
        RetentionSource::Override => format!(
            "tenant {}: {} kept {} days (override; license default {} days)\n",
            args.tenant, kind, setting.effective.days, setting.license_default_days
        ),
        RetentionSource::Default => format!(
            "tenant {}: {} kept {} days (license default; no override)\n",
            args.tenant, kind, setting.effective.days
        ),
    };
    print(&line)
}

/// "Update retention" of the tenant, as the admin API records it.
fn retention_event(
    tenant: &Tenant,
    property: String,
    old: Option<u32>,
    new: Option<u32>,
) -> VigilEvent {
    VigilEvent {
        activity: "Update retention".to_owned(),
        operation_type: "Update".to_owned(),
        target_id: tenant.id.to_string(),
        target_name: tenant.display_name.clone(),
        target_type: "Tenant".to_owned(),
        modified: vec![Modified {
            name: property,
            old: old.map(|d| d.to_string()),
            new: new.map(|d| d.to_string()),
        }],
        ..VigilEvent::default()
    }
}

fn show(args: &TenantOnlyArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let settings = store.retention_settings(&args.tenant).map_err(explain)?;
    let hold = store.export_hold(&args.tenant).map_err(explain)?;
    if args.json {
        return print_json(&json!({
            "logs": retention_json(&settings),
            "exportHoldDays": hold,
        }));
    }
    let hold_line = match hold {
        Some(days) => format!("export hold: {days} days past retention\n"),
        None => "export hold: none (undelivered records wait for their destinations)\n".to_owned(),
    };
    print(&format!("{}{hold_line}", retention_table(&settings)))
}

fn source_name(source: RetentionSource) -> &'static str {
    match source {
        RetentionSource::Default => "default",
        RetentionSource::Override => "override",
    }
}

/// The settings as a table: log, effective days, source, license default.
pub fn retention_table(settings: &[RetentionSetting]) -> String {
    let rows: Vec<Vec<String>> = settings
        .iter()
        .map(|s| {
            vec![
                s.kind.collection().to_owned(),
                s.effective.days.to_string(),
                source_name(s.effective.source).to_owned(),
                s.license_default_days.to_string(),
            ]
        })
        .collect();
    table(&["LOG", "DAYS", "SOURCE", "LICENSE DEFAULT"], &rows)
}

/// The settings as a JSON array.
pub fn retention_json(settings: &[RetentionSetting]) -> Value {
    Value::Array(
        settings
            .iter()
            .map(|s| {
                json!({
                    "log": s.kind.collection(),
                    "days": s.effective.days,
                    "source": source_name(s.effective.source),
                    "licenseDefaultDays": s.license_default_days,
                    "overrideDays": s.override_days,
                })
            })
            .collect(),
    )
}
