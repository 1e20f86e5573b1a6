//! `vigil bench-export`: sustained ingest at a fixed rate with export running, to measure
//! what the exporter keeps up with on this machine.
//!
//! A server (no HTTP: the ingest pipeline is called directly) ingests demo sign-ins at
//! `--rate` per second for `--seconds`, while a diagnostic setting exports `SignInLogs` and
//! `NonInteractiveUserSignInLogs` to one destination (`kafka=HOST:PORT`,
//! `azurite=http://HOST:PORT/ACCOUNT` with the emulator's well-known key, or `local=PATH`).
//! After each acknowledged batch the log's high-water mark is noted with the time; a monitor
//! polls the destination's durable position every 5 ms, and a batch's delay is the time
//! from its acknowledgement until the position covers it — i.e. until the destination
//! acknowledged it (Kafka acks=all, Append Block 201, fsync). Reported: ingest and
//! delivered records/s of the same run, and the delay's p50/p99/max.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::json;
use vigil_ingest::Encoding;
use vigil_model::LogKind;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{Server, ServerConfig};
use vigil_store::TenantId;
use vigil_tenancy::{ControlStore, DiagnosticSetting};

use crate::cli::{BenchExportArgs, DEMO_TENANT};

/// The Azurite development account's well-known key (public, documented by Microsoft).
const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

fn destination(spec: &str) -> anyhow::Result<serde_json::Value> {
    let (kind, target) = spec
        .split_once('=')
        .context("--destination is kafka=HOST:PORT, azurite=URL or local=PATH")?;
    Ok(match kind {
        "kafka" => json!({"kind": "kafka", "bootstrapServers": [target]}),
        "azurite" => {
            let account = target
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            json!({"kind": "azureBlob", "accountName": account, "accountKey": AZURITE_KEY,
                   "blobEndpoint": target})
        }
        "local" => json!({"kind": "localDirectory", "path": target}),
        other => bail!("unknown destination kind {other}"),
    })
}

/// Runs the export benchmark.
pub fn run(args: BenchExportArgs) -> anyhow::Result<()> {
    if args.rate == 0 || args.seconds == 0 || args.batch == 0 {
        bail!("--rate, --seconds and --batch must be positive");
    }
    let scratch = tempfile::tempdir()?;
    let tenant = TenantId::parse(DEMO_TENANT).context("demo tenant")?;
    let total = args.rate * args.seconds;
    eprintln!("generating {total} sign-ins ...");
    let start = SystemClock.now() - time::Duration::days(1);
    let bodies: Vec<Vec<u8>> = {
        let stream = vigil_demo::sign_in_stream(7, tenant.as_str(), start, 1_000_000);
        let lines: Vec<Vec<u8>> = stream
            .take(total)
            .map(|r| serde_json::to_vec(&r))
            .collect::<Result<_, _>>()?;
        lines
            .chunks(args.batch)
            .map(|chunk| chunk.join(&b'\n'))
            .collect()
    };
    let config = ServerConfig::new(scratch.path().join("store"));
    let server = Server::open(&config, Arc::new(SystemClock))?;
    server.ensure_demo_tenant()?;
    let control = server.control();
    let store = server.store();
    let doc = json!({"name": "bench", "properties": {
        "logs": [{"category": "SignInLogs", "enabled": true},
                 {"category": "NonInteractiveUserSignInLogs", "enabled": true}],
        "destinations": [destination(&args.destination)?]}});
    let setting = DiagnosticSetting::from_json(doc.to_string().as_bytes())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let positions = vigil_delivery::start_positions(store.as_ref())?;
    control.create_diagnostic_setting(&tenant, &setting)?;
    let keys: Vec<String> = setting.destinations.iter().map(|d| d.key()).collect();
    control.sync_delivery_cursors(&tenant, "bench", &keys, &positions)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(async {
        let exporter = server.export();
        let interval = Duration::from_secs_f64(args.batch as f64 / args.rate as f64);
        let began = Instant::now();
        let mut pending: VecDeque<(u64, Instant)> = VecDeque::new();
        let mut delays: Vec<Duration> = Vec::new();
        let mut next = Instant::now();
        let mut ingested = 0usize;
        let cpu = crate::bench::process_cpu_seconds();
        for body in bodies {
            let report =
                server
                    .ingestor()
                    .ingest(&tenant, LogKind::SignIn, &body, Encoding::Identity)?;
            ingested += report.stored;
            pending.push_back((store.high_water_mark(LogKind::SignIn)?, Instant::now()));
            settle(control.as_ref(), &tenant, &mut pending, &mut delays)?;
            next += interval;
            while Instant::now() < next {
                settle(control.as_ref(), &tenant, &mut pending, &mut delays)?;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        let ingest_elapsed = began.elapsed();
        let deadline = Instant::now() + Duration::from_secs(120);
        while !pending.is_empty() && Instant::now() < deadline {
            settle(control.as_ref(), &tenant, &mut pending, &mut delays)?;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let total_elapsed = began.elapsed();
        let cpu_us = crate::bench::cpu_per_record_us(cpu, ingested);
        exporter.stop();
        anyhow::Ok((
            ingested,
            ingest_elapsed,
            total_elapsed,
            delays,
            pending.len(),
            cpu_us,
        ))
    })?;
    let (ingested, ingest_elapsed, total_elapsed, mut delays, undelivered, cpu_us) = report;
    let mut out = String::new();
    let ms = |d: f64| format!("{d:.0}");
    let _ = writeln!(
        out,
        "\n### Export — {} — {}, {}\n",
        args.destination,
        vigil_model::datetime::format_datetime(SystemClock.now()),
        crate::bench::machine()
    );
    let _ = writeln!(
        out,
        "| target ingest/s | ingested/s | delivered/s (until the last batch was acknowledged) | delay p50 ms | p99 ms | max ms | undelivered | CPU µs/record (ingest+export) |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| {} | {:.0} | {:.0} | {} | {} | {} | {} | {} |",
        args.rate,
        ingested as f64 / ingest_elapsed.as_secs_f64(),
        ingested as f64 / total_elapsed.as_secs_f64(),
        ms(crate::bench::percentile(&mut delays, 50.0)),
        ms(crate::bench::percentile(&mut delays, 99.0)),
        ms(crate::bench::percentile(&mut delays, 100.0)),
        undelivered,
        cpu_us.map_or("n/a".into(), |c| format!("{c:.0}")),
    );
    println!("{out}");
    if let Some(path) = &args.markdown {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?
            .write_all(out.as_bytes())?;
    }
    Ok(())
}

/// Moves every pending batch the destination's position now covers into `delays`.
fn settle(
    control: &dyn ControlStore,
    tenant: &TenantId,
    pending: &mut VecDeque<(u64, Instant)>,
    delays: &mut Vec<Duration>,
) -> anyhow::Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let position = control
        .delivery_cursors(tenant)?
        .into_iter()
        .filter(|c| c.key.kind == LogKind::SignIn)
        .map(|c| c.seq)
        .min()
        .unwrap_or(0);
    let now = Instant::now();
    while pending.front().is_some_and(|(seq, _)| *seq <= position) {
        if let Some((_, acked)) = pending.pop_front() {
            delays.push(now - acked);
        }
    }
    Ok(())
}
