//! `vigil ingest-key create | list | revoke`: the keys producers present to write into a
//! tenant. A key's secret is printed once, at creation, and never stored.

use anyhow::anyhow;
use serde_json::{Value, json};
use vigil_tenancy::{ControlError, ControlStore, IngestKeyInfo};

use super::control::{explain, open_existing, require_tenant};
use super::output::{json_time, print, print_json, short_time, table};
use crate::cli::{IngestKeyCommand, KeyCreateArgs, KeyRevokeArgs, TenantOnlyArgs};

/// Runs one `ingest-key` subcommand.
pub fn run(command: IngestKeyCommand) -> anyhow::Result<()> {
    match command {
        IngestKeyCommand::Create(args) => create(&args),
        IngestKeyCommand::List(args) => list(&args),
        IngestKeyCommand::Revoke(args) => revoke(&args),
    }
}

fn create(args: &KeyCreateArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let created = store
        .create_ingest_key(&args.tenant, &args.name)
        .map_err(explain)?;
    let info = &created.info;
    eprintln!(
        "created ingest key {} \"{}\" for tenant {} at {}",
        info.id,
        info.name,
        info.tenant,
        short_time(info.created)
    );
    eprintln!("the key below is shown only this once; Vigil keeps only a hash of it");
    eprintln!(
        "producers send it as 'x-vigil-ingest-key: <key>' (or 'Authorization: Bearer <key>') to POST /ingest/v1/tenants/{}/<log>",
        info.tenant
    );
    print(&format!("{}\n", created.secret.expose()))
}

fn list(args: &TenantOnlyArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let keys = store.ingest_keys(&args.tenant).map_err(explain)?;
    if args.json {
        return print_json(&Value::Array(keys.iter().map(key_json).collect()));
    }
    if keys.is_empty() {
        eprintln!(
            "tenant {} has no ingest keys; create one with `vigil ingest-key create --tenant {} --name NAME`",
            args.tenant, args.tenant
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            vec![
                k.id.to_string(),
                k.name.clone(),
                short_time(k.created),
                k.last_used.map_or_else(|| "never".to_owned(), short_time),
                k.revoked.map_or_else(
                    || "active".to_owned(),
                    |at| format!("revoked {}", short_time(at)),
                ),
            ]
        })
        .collect();
    print(&table(
        &["ID", "NAME", "CREATED", "LAST USED", "STATUS"],
        &rows,
    ))
}

fn revoke(args: &KeyRevokeArgs) -> anyhow::Result<()> {
    let store = open_existing(&args.data.data_dir)?;
    require_tenant(&store, &args.tenant)?;
    let already = store
        .ingest_keys(&args.tenant)
        .map_err(explain)?
        .into_iter()
        .find(|k| k.id == args.id)
        .and_then(|k| k.revoked);
    let info = store
        .revoke_ingest_key(&args.tenant, &args.id)
        .map_err(|err| match err {
            ControlError::IngestKeyNotFound(_) => anyhow!(
                "tenant {} has no ingest key {} (see `vigil ingest-key list --tenant {}`)",
                args.tenant,
                args.id,
                args.tenant
            ),
            other => explain(other),
        })?;
    let line = match already {
        Some(at) => format!(
            "ingest key {} \"{}\" was already revoked at {}\n",
            info.id,
            info.name,
            short_time(at)
        ),
        None => format!(
            "revoked ingest key {} \"{}\"; it is no longer accepted\n",
            info.id, info.name
        ),
    };
    print(&line)
}

fn key_json(key: &IngestKeyInfo) -> Value {
    json!({
        "id": key.id.as_str(),
        "tenant": key.tenant.as_str(),
        "name": key.name,
        "created": json_time(key.created),
        "lastUsed": key.last_used.map(json_time),
        "revoked": key.revoked.map(json_time),
        "active": key.is_active(),
    })
}
