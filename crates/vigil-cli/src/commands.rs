//! What each subcommand does.

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use vigil_ingest::{Encoding, IngestLimits};
use vigil_model::LogKind;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{Server, ServerConfig, load_demo};
use vigil_store::TenantId;
use vigil_store_sqlite::StoreOptions;

use crate::cli::{Args, Command, DemoArgs, IngestArgs, ServeArgs};

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Serve(serve_args) => serve(serve_args),
        Command::Ingest(ingest_args) => ingest(ingest_args),
        Command::Demo(demo_args) => demo(demo_args),
        Command::Bench(bench_args) => crate::bench::run(bench_args),
    }
}

fn tenant(text: &str) -> anyhow::Result<TenantId> {
    TenantId::parse(text).ok_or_else(|| anyhow!("tenant id '{text}' is not a GUID"))
}

fn server_config(
    data_dir: std::path::PathBuf,
    default_tenant: TenantId,
    public_url: Option<String>,
) -> ServerConfig {
    ServerConfig {
        data_dir,
        default_tenant,
        public_url,
        store: StoreOptions::default(),
        ingest: IngestLimits::default(),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let tenant = tenant(&args.tenant)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let config = server_config(
        args.data_dir.clone(),
        tenant.clone(),
        args.public_url.clone(),
    );
    let server = Server::open(&config, clock.clone()).context("opening the data directory")?;
    if args.demo {
        let existing = server.store().high_water_mark(LogKind::SignIn)?;
        if existing == 0 {
            eprintln!("loading demo data (30 days, seed 1) into tenant {tenant} ...");
            let started = std::time::Instant::now();
            let summary = load_demo(server.ingestor(), &tenant, 1, 30, clock.now())?;
            eprintln!(
                "demo data loaded in {:.1}s: {} sign-ins, {} directory audits, {} provisioning records, {} custom security attribute audits",
                started.elapsed().as_secs_f64(),
                summary.sign_ins,
                summary.directory_audits,
                summary.provisioning,
                summary.custom_security_attribute_audits
            );
        } else {
            eprintln!("data directory already holds data; not loading the demo set again");
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("binding {}", args.listen))?;
        let local = listener.local_addr()?;
        eprintln!("vigil listening on http://{local}");
        eprintln!("  try: curl -s 'http://{local}/v1.0/auditLogs/signIns?$top=2'");
        server.serve(listener, shutdown_signal()).await?;
        eprintln!("vigil stopped");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn ingest(args: IngestArgs) -> anyhow::Result<()> {
    let tenant = tenant(&args.tenant)?;
    let mut config = server_config(args.data_dir.clone(), tenant.clone(), None);
    // Local files are trusted more than network requests: one file is one batch, up to a
    // million records (about 5 GB of sign-ins).
    config.ingest = IngestLimits {
        max_body_bytes: 8 << 30,
        max_inflated_bytes: 8 << 30,
        max_records: 1_000_000,
    };
    let server = Server::open(&config, Arc::new(SystemClock))?;
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

fn demo(args: DemoArgs) -> anyhow::Result<()> {
    let tenant = tenant(&args.tenant)?;
    let now = SystemClock.now();
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)?;
        let mut config = vigil_demo::DemoConfig::new(args.seed, args.days, now);
        config.tenant_id = tenant.as_str().to_owned();
        let data = vigil_demo::generate(&config);
        for (kind, records) in [
            (LogKind::SignIn, &data.sign_ins),
            (LogKind::DirectoryAudit, &data.directory_audits),
            (LogKind::Provisioning, &data.provisioning),
            (
                LogKind::CustomSecurityAttributeAudit,
                &data.custom_security_attribute_audits,
            ),
        ] {
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
    let config = server_config(args.data_dir.clone(), tenant.clone(), None);
    let server = Server::open(&config, Arc::new(SystemClock))?;
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
