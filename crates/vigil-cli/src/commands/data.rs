//! `vigil ingest` (files into the store) and `vigil demo` (the demo data set into the store,
//! or as NDJSON files).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use vigil_ingest::{Encoding, IngestLimits};
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{Server, ServerConfig, load_demo};
use vigil_store::TenantId;

use super::control::{note_if_not_premium, tenant_id};
use crate::cli::{DemoArgs, IngestArgs};

/// The configuration for opening a data directory without serving it. Opening writes the
/// issuer string to `<data-dir>/auth/issuer`, so the one a server wrote there is kept rather
/// than replaced by the default `http://127.0.0.1:8080`.
pub fn offline_config(data_dir: &Path) -> ServerConfig {
    let mut config = ServerConfig::new(data_dir);
    config.public_url = vigil_server::read_issuer_file(data_dir)
        .ok()
        .filter(|issuer| !issuer.is_empty());
    config
}

/// Notes on stderr when `tenant` is not registered (its data cannot be read yet) or on a
/// tier that hides logs.
fn note_registration(server: &Server, tenant: &TenantId) -> anyhow::Result<()> {
    match server.control().tenant(tenant)? {
        Some(registered) => note_if_not_premium(&registered),
        None => eprintln!(
            "note: tenant {tenant} is not registered, so its logs cannot be read yet: `vigil tenant create --tenant {tenant} --name NAME`"
        ),
    }
    Ok(())
}

/// Runs `vigil ingest`.
pub fn ingest(args: IngestArgs) -> anyhow::Result<()> {
    let tenant = tenant_id(&args.tenant)?;
    let mut config = offline_config(&args.data_dir);
    // Local files are trusted more than network requests: one file is one batch, up to a
    // million records (about 5 GB of sign-ins).
    config.ingest = IngestLimits {
        max_body_bytes: 8 << 30,
        max_inflated_bytes: 8 << 30,
        max_records: 1_000_000,
    };
    let server = Server::open(&config, Arc::new(SystemClock))?;
    note_registration(&server, &tenant)?;
    let kind = args.kind.kind();
    for file in &args.files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let encoding = if file.extension().is_some_and(|e| e == "gz") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        };
        let report = server
            .ingestor()
            .ingest(&tenant, kind, &bytes, encoding)
            .with_context(|| format!("{}: batch rejected, nothing stored", file.display()))?;
        println!(
            "{}: {} received, {} stored, {} duplicates",
            file.display(),
            report.received,
            report.stored,
            report.duplicates
        );
    }
    Ok(())
}

/// Runs `vigil demo`.
pub fn demo(args: DemoArgs) -> anyhow::Result<()> {
    let tenant = tenant_id(&args.tenant)?;
    let now = SystemClock.now();
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)?;
        let mut config = vigil_demo::DemoConfig::new(args.seed, args.days, now);
        config.tenant_id = tenant.as_str().to_owned();
        let data = vigil_demo::generate(&config);
        for (kind, records) in data.by_kind() {
            let path = out.join(format!("{}.ndjson", kind.collection()));
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
            for record in records {
                serde_json::to_writer(&mut file, record)?;
                file.write_all(b"\n")?;
            }
            file.flush()?;
            println!("{}: {} records", path.display(), records.len());
        }
        return Ok(());
    }
    let server = Server::open(&offline_config(&args.data_dir), Arc::new(SystemClock))?;
    // Register the tenant (P2) unless it is already, so its logs are readable.
    note_if_not_premium(&server.ensure_tenant_for_demo(&tenant)?);
    let summary = load_demo(server.ingestor(), &tenant, args.seed, args.days, now)?;
    println!(
        "stored {} sign-ins, {} directory audits, {} provisioning records, {} custom security attribute audits",
        summary.sign_ins,
        summary.directory_audits,
        summary.provisioning,
        summary.custom_security_attribute_audits
    );
    Ok(())
}
