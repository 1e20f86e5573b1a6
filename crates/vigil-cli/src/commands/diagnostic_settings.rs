//! `vigil diagnostic-settings create | list | show | update | delete`: a tenant's export
//! configuration, edited directly in the data directory's control database (an operator
//! path like `retention set`). Every change is written as a directory audit of the tenant, as
//! the admin API's are (`super::audit`).
//!
//! Settings go in as JSON (`--file F`, `--file -` for stdin, or `--json '…'`) and come out
//! as JSON with every secret shown as `"***"`; `update` keeps a secret given as `"***"`.

use std::io::Read;

use anyhow::{Context, anyhow};
use serde_json::Value;
use vigil_model::vigil_audit::{Modified, VigilEvent};
use vigil_tenancy::{ControlError, ControlStore, DiagnosticSetting};

use super::audit;
use super::control::{explain, open_existing, require_tenant};
use super::output::{print, print_json};
use crate::cli::{
    DiagnosticInputArgs, DiagnosticNameArgs, DiagnosticSettingsCommand, DiagnosticTenantArgs,
};

/// Runs one `diagnostic-settings` subcommand.
pub fn run(command: DiagnosticSettingsCommand) -> anyhow::Result<()> {
    match command {
        DiagnosticSettingsCommand::Create(args) => write(&args, false),
        DiagnosticSettingsCommand::Update(args) => write(&args, true),
        DiagnosticSettingsCommand::List(args) => list(&args),
        DiagnosticSettingsCommand::Show(args) => show(&args),
        DiagnosticSettingsCommand::Delete(args) => delete(&args),
    }
}

fn read_input(args: &DiagnosticInputArgs) -> anyhow::Result<Vec<u8>> {
    if let Some(json) = &args.json {
        return Ok(json.as_bytes().to_vec());
    }
    match args.file.as_deref() {
        Some(path) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading the setting from stdin")?;
            Ok(bytes)
        }
        Some(path) => std::fs::read(path).with_context(|| format!("reading {}", path.display())),
        None => Err(anyhow!("give the setting with --file or --json")),
    }
}

fn write(args: &DiagnosticInputArgs, update: bool) -> anyhow::Result<()> {
    let setting = DiagnosticSetting::parse_json(&read_input(args)?)
        .map_err(|e| explain_setting(ControlError::InvalidDiagnosticSetting(e), args))?;
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    // Read before the change: the setting's new destinations start at these positions, so
    // nothing stored after it is missed (a running server picks the setting up within
    // seconds and delivers from there).
    let start = start_positions(&args.data.data_dir)?;
    let before = if update {
        store
            .diagnostic_setting(&args.tenant, &setting.name)
            .map_err(explain)?
    } else {
        None
    };
    let stored = if update {
        store.update_diagnostic_setting(&args.tenant, &setting)
    } else {
        store.create_diagnostic_setting(&args.tenant, &setting)
    }
    .map_err(|e| explain_setting(e, args))?;
    let destinations: Vec<String> = stored.destinations.iter().map(|d| d.key()).collect();
    store
        .sync_delivery_cursors(&args.tenant, &stored.name, &destinations, &start)
        .map_err(explain)?;
    audit::record(
        &args.data.data_dir,
        &args.tenant,
        change_event(
            if update { "Update" } else { "Add" },
            &stored.name,
            before.as_ref(),
            Some(&stored),
        ),
    )?;
    eprintln!(
        "{} diagnostic setting \"{}\" of tenant {}",
        if update { "updated" } else { "created" },
        stored.name,
        args.tenant
    );
    print_setting(&stored)
}

/// The audit event of a setting change, with the redacted properties before and after (the
/// same activity names and shape as the admin API's).
fn change_event(
    operation: &str,
    name: &str,
    before: Option<&DiagnosticSetting>,
    after: Option<&DiagnosticSetting>,
) -> VigilEvent {
    let properties = |s: &DiagnosticSetting| redacted(s).get("properties").map(Value::to_string);
    VigilEvent {
        activity: format!("{operation} diagnostic setting"),
        operation_type: operation.to_owned(),
        target_id: name.to_owned(),
        target_name: name.to_owned(),
        target_type: "DiagnosticSetting".to_owned(),
        modified: vec![Modified {
            name: "properties".to_owned(),
            old: before.and_then(properties),
            new: after.and_then(properties),
        }],
        ..VigilEvent::default()
    }
}

/// Every log's high-water mark in the data directory's activity store.
fn start_positions(data_dir: &std::path::Path) -> anyhow::Result<Vec<(vigil_model::LogKind, u64)>> {
    let store = vigil_store_sqlite::SqliteStore::open(data_dir, Default::default())?;
    Ok(vigil_delivery::start_positions(&store)?)
}

fn list(args: &DiagnosticTenantArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let settings = store.diagnostic_settings(&args.tenant).map_err(explain)?;
    let values: Vec<Value> = settings.iter().map(redacted).collect();
    print_json(&Value::Array(values))
}

fn show(args: &DiagnosticNameArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let setting = store
        .diagnostic_setting(&args.tenant, &args.name)
        .map_err(explain)?
        .ok_or_else(|| not_found(args))?;
    print_setting(&setting)
}

fn delete(args: &DiagnosticNameArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let before = store
        .diagnostic_setting(&args.tenant, &args.name)
        .map_err(explain)?;
    store
        .delete_diagnostic_setting(&args.tenant, &args.name)
        .map_err(|e| match e {
            ControlError::DiagnosticSettingNotFound(_) => not_found(args),
            other => explain(other),
        })?;
    audit::record(
        &args.data.data_dir,
        &args.tenant,
        change_event("Delete", &args.name, before.as_ref(), None),
    )?;
    print(&format!(
        "deleted diagnostic setting \"{}\" of tenant {}\n",
        args.name, args.tenant
    ))
}

fn not_found(args: &DiagnosticNameArgs) -> anyhow::Error {
    anyhow!(
        "tenant {} has no diagnostic setting \"{}\" (see `vigil diagnostic-settings list --tenant {}`)",
        args.tenant,
        args.name,
        args.tenant
    )
}

fn explain_setting(err: ControlError, args: &DiagnosticInputArgs) -> anyhow::Error {
    let tenant = &args.tenant;
    match err {
        ControlError::InvalidDiagnosticSetting(e) if e.field.is_empty() => {
            anyhow!("invalid diagnostic setting: {}", e.reason)
        }
        ControlError::InvalidDiagnosticSetting(e) => {
            anyhow!("invalid diagnostic setting: {}: {}", e.field, e.reason)
        }
        ControlError::DiagnosticSettingExists(name) => anyhow!(
            "tenant {tenant} already has a diagnostic setting \"{name}\"; change it with `vigil diagnostic-settings update`"
        ),
        ControlError::DiagnosticSettingNotFound(name) => anyhow!(
            "tenant {tenant} has no diagnostic setting \"{name}\"; add it with `vigil diagnostic-settings create`"
        ),
        ControlError::DiagnosticSettingLimit { max } => anyhow!(
            "tenant {tenant} already has {max} diagnostic settings, the most allowed; delete one first"
        ),
        other => explain(other),
    }
}

/// The setting as JSON: every secret is `"***"` by construction.
fn redacted(setting: &DiagnosticSetting) -> Value {
    serde_json::to_value(setting).unwrap_or(Value::Null)
}

fn print_setting(setting: &DiagnosticSetting) -> anyhow::Result<()> {
    print_json(&redacted(setting))
}
