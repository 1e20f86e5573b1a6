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
//! acknowledged it (Kafka acks=all, Append Block 201, fsync). For Kafka and a local directory
//! a real consumer reads the destination as well (`bench_receipt`), and each record's
//! **receipt delay** runs from its batch's ingest acknowledgement until that consumer first
//! read it. Reported: ingest and delivered records/s of the same run, and both delays'
//! p50/p99/max.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::json;
use vigil_export::Category;
use vigil_ingest::Encoding;
use vigil_model::LogKind;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{Server, ServerConfig};
use vigil_store::TenantId;
use vigil_tenancy::{ControlStore, DiagnosticSetting};

use crate::bench_receipt::Consumer;
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
    // Each record's batch, by id: a consumer's receipt is timed from that batch's ack.
    let mut batch_of: HashMap<String, usize> = HashMap::with_capacity(total);
    let shaping;
    let bodies: Vec<Vec<u8>> = {
        let stream = vigil_demo::sign_in_stream(7, tenant.as_str(), start, 1_000_000);
        let mut lines: Vec<Vec<u8>> = Vec::with_capacity(total);
        for (index, record) in stream.take(total).enumerate() {
            let exported = matches!(
                Category::of(LogKind::SignIn, &record),
                Some(Category::SignInLogs | Category::NonInteractiveUserSignInLogs)
            );
            if let Some(id) = record.get("id").and_then(serde_json::Value::as_str)
                && exported
            {
                batch_of.insert(id.to_lowercase(), index / args.batch);
            }
            lines.push(serde_json::to_vec(&record)?);
        }
        shaping = shaping_costs(&lines)?;
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
        let consumer = Consumer::start(&args.destination).await?;
        let exporter = server.export();
        let interval = Duration::from_secs_f64(args.batch as f64 / args.rate as f64);
        let producers = args.producers.max(1);
        let progress = Mutex::new(Progress {
            pending: Vec::new(),
            acks: vec![None; bodies.len()],
            lateness: Vec::with_capacity(bodies.len()),
            ingested: 0,
        });
        let mut delays: Vec<Duration> = Vec::new();
        let cpu = crate::bench::process_cpu_seconds();
        let began = Instant::now();
        // Producers ingest batches on schedule like concurrent clients would (batch i is due
        // at i × interval); this thread notes when the destination's position covers each.
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..producers)
                .map(|first| {
                    let (server, store, tenant, bodies, progress) =
                        (&server, &store, &tenant, &bodies, &progress);
                    scope.spawn(move || -> anyhow::Result<()> {
                        for (index, body) in
                            bodies.iter().enumerate().skip(first).step_by(producers)
                        {
                            let due = began + interval.mul_f64(index as f64);
                            std::thread::sleep(due.saturating_duration_since(Instant::now()));
                            let report = server.ingestor().ingest(
                                tenant,
                                LogKind::SignIn,
                                body,
                                Encoding::Identity,
                            )?;
                            let acked = Instant::now();
                            let hwm = store.high_water_mark(LogKind::SignIn)?;
                            let mut progress =
                                progress.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                            progress.ingested += report.stored;
                            progress.lateness.push(acked.saturating_duration_since(due));
                            if let Some(slot) = progress.acks.get_mut(index) {
                                *slot = Some(acked);
                            }
                            progress.pending.push((hwm, acked));
                        }
                        Ok(())
                    })
                })
                .collect();
            while workers.iter().any(|w| !w.is_finished()) {
                settle(control.as_ref(), &tenant, &progress, &mut delays)?;
                std::thread::sleep(Duration::from_millis(5));
            }
            for worker in workers {
                worker
                    .join()
                    .map_err(|_| anyhow::anyhow!("an ingest thread panicked"))??;
            }
            anyhow::Ok(())
        })?;
        let ingest_elapsed = began.elapsed();
        let deadline = Instant::now() + Duration::from_secs(120);
        while unsettled(&progress) > 0 && Instant::now() < deadline {
            settle(control.as_ref(), &tenant, &progress, &mut delays)?;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let (ingested, acks, lateness) = match progress.lock() {
            Ok(p) => (p.ingested, p.acks.clone(), p.lateness.clone()),
            Err(_) => bail!("poisoned"),
        };
        let total_elapsed = began.elapsed();
        let cpu_us = crate::bench::cpu_per_record_us(cpu, ingested);
        let receipts = match consumer {
            Some(consumer) => {
                while consumer.receipts.len() < ingested && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let seen = consumer.receipts.snapshot();
                consumer.stop().await?;
                Some(receipt_delays(&seen, &batch_of, &acks))
            }
            None => None,
        };
        exporter.stop();
        anyhow::Ok((
            ingested,
            ingest_elapsed,
            total_elapsed,
            delays,
            unsettled(&progress),
            cpu_us,
            receipts,
            lateness,
        ))
    })?;
    let (
        ingested,
        ingest_elapsed,
        total_elapsed,
        mut delays,
        undelivered,
        cpu_us,
        receipts,
        mut lateness,
    ) = report;
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
        "| target ingest/s | ingested/s | delivered/s (until the last batch was acknowledged) | ack delay p50 ms | p99 ms | max ms | undelivered | CPU µs/record (ingest+export) |"
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
    // In acknowledgement order, i.e. over the run's time: the worst lateness of each fifth.
    let fifths: Vec<String> = lateness
        .chunks(lateness.len().div_ceil(5).max(1))
        .map(|c| ms(c.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0)))
        .collect();
    let _ = writeln!(
        out,
        "\nIngest schedule ({} batches of {}, one due every {:.0} ms): each batch was \
         acknowledged p50 {} ms, p99 {} ms, max {} ms after it was due; the worst of each fifth \
         of the run: {} ms. A run that cannot keep the rate falls further behind with every \
         batch, so the fifths grow.",
        lateness.len(),
        args.batch,
        args.batch as f64 * 1000.0 / args.rate as f64,
        ms(crate::bench::percentile(&mut lateness, 50.0)),
        ms(crate::bench::percentile(&mut lateness, 99.0)),
        ms(crate::bench::percentile(&mut lateness, 100.0)),
        fifths.join(" / "),
    );
    let _ = writeln!(
        out,
        "\nShaping one stored sign-in into its Azure Monitor record, single thread, {} records: \
         all of it, from the stored bytes (what export does): {:.1} µs; merely parsing it \
         into a JSON tree, the first step of the former tree-based export: {:.1} µs \
         ({:.1}× the whole bytes path).",
        shaping.records,
        shaping.bytes_us,
        shaping.tree_us,
        shaping.tree_us / shaping.bytes_us.max(f64::MIN_POSITIVE),
    );
    match receipts {
        Some((mut received, missing)) => {
            let _ = writeln!(
                out,
                "\nReceipt delay (ingest acknowledgement → a consumer read the record), {} records: \
                 p50 {} ms, p99 {} ms, max {} ms; never read: {missing}.",
                received.len(),
                ms(crate::bench::percentile(&mut received, 50.0)),
                ms(crate::bench::percentile(&mut received, 99.0)),
                ms(crate::bench::percentile(&mut received, 100.0)),
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\nNo consumer for this destination kind: the delays above end at the \
                 destination's acknowledgement."
            );
        }
    }
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

/// What the ingest threads have done so far.
struct Progress {
    /// (high-water mark after the batch, its acknowledgement) of batches whose delivery has
    /// not been seen yet.
    pending: Vec<(u64, Instant)>,
    /// Each batch's acknowledgement, by batch index.
    acks: Vec<Option<Instant>>,
    /// How long after its due time each batch was acknowledged.
    lateness: Vec<Duration>,
    /// Records stored.
    ingested: usize,
}

fn unsettled(progress: &Mutex<Progress>) -> usize {
    progress.lock().map(|p| p.pending.len()).unwrap_or_default()
}

/// Moves every pending batch the destination's position now covers into `delays`.
fn settle(
    control: &dyn ControlStore,
    tenant: &TenantId,
    progress: &Mutex<Progress>,
    delays: &mut Vec<Duration>,
) -> anyhow::Result<()> {
    if unsettled(progress) == 0 {
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
    let mut progress = progress.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    progress.pending.retain(|(seq, acked)| {
        let covered = *seq <= position;
        if covered {
            delays.push(now - *acked);
        }
        !covered
    });
    Ok(())
}

/// Each received record's delay from its batch's acknowledgement, and how many records of
/// the acknowledged batches the consumer never read.
fn receipt_delays(
    seen: &HashMap<String, Instant>,
    batch_of: &HashMap<String, usize>,
    acks: &[Option<Instant>],
) -> (Vec<Duration>, usize) {
    let delays: Vec<Duration> = seen
        .iter()
        .filter_map(|(id, at)| {
            let acked = acks.get(*batch_of.get(&id.to_lowercase())?)?.as_ref()?;
            Some(at.saturating_duration_since(*acked))
        })
        .collect();
    let acknowledged = batch_of
        .values()
        .filter(|b| acks.get(**b).is_some_and(Option::is_some))
        .count();
    let missing = acknowledged.saturating_sub(delays.len());
    (delays, missing)
}

/// Single-thread cost of shaping a record for export, two ways, in the same run.
struct Shaping {
    records: usize,
    /// `GraphJson::parse` + `export_record` from the canonical bytes, µs per record.
    bytes_us: f64,
    /// Only parsing the record into a `serde_json::Value` — the first of the steps the
    /// former tree-based export took (then clone, reorder, serialise) — µs per record.
    tree_us: f64,
}

/// Times both ways over (up to) the first 20,000 generated sign-ins in canonical form.
fn shaping_costs(lines: &[Vec<u8>]) -> anyhow::Result<Shaping> {
    let stored: Vec<Vec<u8>> = lines
        .iter()
        .take(20_000)
        .map(|line| vigil_model::validate_json(LogKind::SignIn, line).map(|v| v.json))
        .collect::<Result<_, _>>()?;
    let options = vigil_export::EnvelopeOptions::default();
    let mut sink = 0usize;
    let began = Instant::now();
    for json in &stored {
        let record = vigil_export::GraphJson::parse(json);
        if let Some(category) = Category::of_json(LogKind::SignIn, &record) {
            sink += vigil_export::export_record(category, DEMO_TENANT, &record, &options)
                .as_bytes()
                .len();
        }
    }
    let bytes_elapsed = began.elapsed();
    let began = Instant::now();
    for json in &stored {
        let tree: serde_json::Value = serde_json::from_slice(json)?;
        sink += usize::from(tree.is_object());
    }
    let tree_elapsed = began.elapsed();
    std::hint::black_box(sink);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / stored.len().max(1) as f64;
    Ok(Shaping {
        records: stored.len(),
        bytes_us: per(bytes_elapsed),
        tree_us: per(tree_elapsed),
    })
}
