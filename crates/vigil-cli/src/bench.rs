//! `vigil bench`: ingest throughput through the real HTTP ingest path and latency of a fixed
//! set of Graph list queries, next to the raw SQLite insert rate measured in the same run.
//!
//! All figures of one run come from the same machine state, so compare the ratios
//! (ingest ÷ raw ceiling) across runs rather than absolute numbers.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::Value;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{Server, ServerConfig, ThrottleLimits};
use vigil_store::TenantId;
use vigil_store_sqlite::StoreOptions;
use vigil_tenancy::Limit;

use crate::bench_validation::validation_costs;
use crate::cli::{BenchArgs, BenchShape, DEMO_TENANT};

/// Runs the benchmark and prints a Markdown report.
pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    if args.records == 0 || args.batch == 0 || args.clients == 0 {
        bail!("--records, --batch and --clients must be positive");
    }
    let scratch = match &args.dir {
        Some(dir) => Scratch::Kept(dir.clone()),
        None => Scratch::Temp(tempfile::tempdir()?),
    };
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir)?;
    let clock = SystemClock;
    let tenant = TenantId::parse(DEMO_TENANT).context("demo tenant")?;

    eprintln!("generating {} sign-ins ...", args.records);
    let start = clock.now() - time::Duration::days(30);
    let step =
        (30 * 86_400 * 1_000_000_000_i64) / i64::try_from(args.records).unwrap_or(i64::MAX).max(1);
    // Serialise each record as it comes off the stream: a million JSON trees would not fit.
    // The query probe (a user and an app to filter on) is the first interactive sign-in of
    // the second tenth of the range: the very first ones (30 days old) pass out of the demo
    // tenant's 30-day retention while a large run is still ingesting.
    let mut probe: Option<Value> = None;
    let mut lines: Vec<Vec<u8>> = Vec::with_capacity(args.records);
    let probe_from = args.records / 10;
    for (index, mut record) in vigil_demo::sign_in_stream(42, tenant.as_str(), start, step)
        .take(args.records)
        .enumerate()
    {
        if args.shape == BenchShape::Compact {
            compact(&mut record);
        }
        lines.push(serde_json::to_vec(&record)?);
        if probe.is_none()
            && index >= probe_from
            && record["signInEventTypes"][0] == "interactiveUser"
        {
            probe = Some(record);
        }
    }
    let probe = probe.context("no interactive sign-in generated")?;
    let avg_bytes = lines.iter().map(Vec::len).sum::<usize>() / lines.len();
    let bodies: Vec<Vec<u8>> = lines
        .chunks(args.batch)
        .map(|chunk| {
            let mut body = Vec::with_capacity(chunk.iter().map(|l| l.len() + 1).sum());
            for line in chunk {
                body.extend_from_slice(line);
                body.push(b'\n');
            }
            body
        })
        .collect();

    eprintln!("timing validation ...");
    let validation = validation_costs(&lines);
    eprintln!("measuring the raw SQLite insert ceiling ...");
    let raw_cpu = process_cpu_seconds();
    let raw_faults = process_minor_faults();
    let raw_rate =
        vigil_store_sqlite::raw_insert_rate(&dir, &lines, args.batch, &StoreOptions::default())?;
    let raw_cpu_us = cpu_per_record_us(raw_cpu, args.records);
    let raw_faults = faults_per_record(raw_faults, args.records);
    drop(lines);

    // Throttling off: the benchmark measures the store and the pipeline, not the limits.
    let mut config = ServerConfig {
        throttle: unthrottled()?,
        ..ServerConfig::new(dir.join("store"))
    };
    config.store.layout = args.layout.layout();
    let _ = std::fs::remove_dir_all(&config.data_dir);
    let server = Server::open(&config, Arc::new(SystemClock))?;
    server.ensure_demo_tenant()?;
    let credentials = Credentials {
        ingest_key: server
            .control()
            .create_ingest_key(&tenant, "bench")?
            .secret
            .expose()
            .to_owned(),
        token: server.demo_admin_token()?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let measure_args = args.clone();
    let report = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(server.serve(listener, async {
            let _ = stop_rx.await;
        }));
        let result = measure(&base, &tenant, bodies, &probe, &measure_args, &credentials).await;
        let _ = stop_tx.send(());
        serving.await??;
        result
    })?;

    let mut markdown = report.markdown(
        &args,
        raw_rate,
        (raw_cpu_us, raw_faults),
        avg_bytes,
        &machine(),
        &vigil_model::datetime::format_datetime(clock.now()),
    );
    markdown.push_str(&validation.markdown());
    println!("{markdown}");
    if let Some(path) = &args.markdown {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        file.write_all(markdown.as_bytes())?;
    }
    Ok(())
}

/// Trims a generated sign-in to the compact shape: two Conditional Access policies and two
/// authentication steps. A policy that failed is kept, so Conditional Access outcomes (and
/// the query that looks for them) stay as in the full data.
fn compact(record: &mut Value) {
    if let Some(policies) = record
        .get_mut("appliedConditionalAccessPolicies")
        .and_then(Value::as_array_mut)
    {
        if let Some(failed) = policies.iter().position(|p| p["result"] == "failure")
            && failed >= 2
        {
            policies.swap(1, failed);
        }
        policies.truncate(2);
    }
    if let Some(steps) = record
        .get_mut("authenticationDetails")
        .and_then(Value::as_array_mut)
    {
        steps.truncate(2);
    }
}

enum Scratch {
    Kept(std::path::PathBuf),
    Temp(tempfile::TempDir),
}

impl Scratch {
    fn path(&self) -> &std::path::Path {
        match self {
            Scratch::Kept(p) => p,
            Scratch::Temp(t) => t.path(),
        }
    }
}

struct Report {
    ingest_secs: f64,
    /// CPU time of the whole process (server and client threads) per ingested record.
    ingest_cpu_us: Option<f64>,
    /// Minor page faults of the whole process per ingested record (memory it had to be given
    /// afresh by the kernel, each page zeroed first).
    ingest_faults: Option<f64>,
    records: usize,
    batch_latencies: Vec<Duration>,
    queries: Vec<(String, Vec<Duration>, usize)>,
    read_your_writes: (usize, usize, Vec<Duration>),
}

/// Marks a query that decodes every candidate record: it runs at most [`SLOW_RUNS`] times.
const SLOW_PREFIX: &str = "slow:";

/// Runs of a slow query.
const SLOW_RUNS: usize = 5;

/// Limits no benchmark reaches.
fn unthrottled() -> anyhow::Result<ThrottleLimits> {
    let many = Limit::per_second(1 << 40, 1 << 40).map_err(|_| anyhow::anyhow!("limit"))?;
    Ok(ThrottleLimits {
        reads: many,
        ingest_requests: many,
        ingest_bytes: many,
        ..ThrottleLimits::default()
    })
}

/// What the benchmark's clients present: an ingest key and a Graph bearer token.
struct Credentials {
    ingest_key: String,
    token: String,
}

async fn measure(
    base: &str,
    tenant: &TenantId,
    bodies: Vec<Vec<u8>>,
    probe: &Value,
    args: &BenchArgs,
    credentials: &Credentials,
) -> anyhow::Result<Report> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-vigil-ingest-key",
        reqwest::header::HeaderValue::from_str(&credentials.ingest_key)?,
    );
    headers.insert(
        reqwest::header::AUTHORIZATION,
        reqwest::header::HeaderValue::from_str(&format!("Bearer {}", credentials.token))?,
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()?;
    let url = format!("{base}/ingest/v1/tenants/{tenant}/signIns");
    let records = args.records;
    eprintln!(
        "ingesting {records} sign-ins over HTTP with {} clients ...",
        args.clients
    );
    let queue = Arc::new(std::sync::Mutex::new(bodies));
    let cpu_before = process_cpu_seconds();
    let faults_before = process_minor_faults();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.clients {
        let queue = queue.clone();
        let http = http.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let body = queue.lock().ok().and_then(|mut q| q.pop());
                let Some(body) = body else { break };
                let sent = Instant::now();
                let response = http.post(&url).body(body).send().await?;
                let status = response.status();
                if !status.is_success() {
                    bail!(
                        "ingest answered {status}: {}",
                        response.text().await.unwrap_or_default()
                    );
                }
                latencies.push(sent.elapsed());
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut batch_latencies = Vec::new();
    for task in tasks {
        batch_latencies.extend(task.await??);
    }
    let ingest_secs = started.elapsed().as_secs_f64();
    let ingest_cpu_us = cpu_per_record_us(cpu_before, records);
    let ingest_faults = faults_per_record(faults_before, records);

    let upn = probe["userPrincipalName"].as_str().unwrap_or_default();
    let app = probe["appId"].as_str().unwrap_or_default();
    let id = probe["id"].as_str().unwrap_or_default();
    let user_id = probe["userId"].as_str().unwrap_or_default();
    let since = vigil_model::datetime::format_datetime(SystemClock.now() - time::Duration::days(1));
    let since_7d =
        vigil_model::datetime::format_datetime(SystemClock.now() - time::Duration::days(7));
    let since_30d =
        vigil_model::datetime::format_datetime(SystemClock.now() - time::Duration::days(30));
    let failures = vigil_model::outcome::status_filter(
        vigil_model::LogKind::SignIn,
        vigil_model::Outcome::Failure,
    );
    let interrupted = vigil_model::outcome::status_filter(
        vigil_model::LogKind::SignIn,
        vigil_model::Outcome::Interrupted,
    );
    let queries: Vec<(String, String)> = vec![
        ("first page, $top=50 (interactive)".into(), "/v1.0/auditLogs/signIns?$top=50".into()),
        ("first page, $top=1000".into(), "/v1.0/auditLogs/signIns".into()),
        ("userPrincipalName eq, $top=50".into(), format!("/v1.0/auditLogs/signIns?$top=50&$filter=userPrincipalName eq '{upn}'")),
        ("appId eq and last 24 h, $top=50".into(), format!("/v1.0/auditLogs/signIns?$top=50&$filter=appId eq '{app}' and createdDateTime ge {since}")),
        ("status/errorCode ne 0, $top=50".into(), "/v1.0/auditLogs/signIns?$top=50&$filter=status/errorCode ne 0".into()),
        ("startswith(userDisplayName), $top=50".into(), "/v1.0/auditLogs/signIns?$top=50&$filter=startswith(userDisplayName,'a')".into()),
        ("non-interactive (beta), $top=50".into(), "/beta/auditLogs/signIns?$top=50&$filter=signInEventTypes/any(t: t eq 'nonInteractiveUser')".into()),
        ("CA policy failure (unindexed), $top=50".into(), "/beta/auditLogs/signIns?$top=50&$filter=appliedConditionalAccessPolicies/any(c: c/result eq 'failure')".into()),
        ("get by id".into(), format!("/beta/auditLogs/signIns/{id}")),
        // The portal's list: a filtered first page.
        ("portal list: failures (status filter), $top=50".into(), format!("/beta/auditLogs/signIns?$top=50&$filter={failures}")),
        ("portal list: interrupted in the last 7 days, $top=50".into(), format!("/beta/auditLogs/signIns?$top=50&$filter=({interrupted}) and createdDateTime ge {since_7d}")),
        ("portal list: appId eq and last 7 days and failures, $top=50".into(), format!("/beta/auditLogs/signIns?$top=50&$filter=appId eq '{app}' and createdDateTime ge {since_7d} and {failures}")),
        // The portal's charts: store-computed summaries.
        ("summary: 30 days by day".into(), format!("/insights/v1/signIns/summary?interval=day&$filter=createdDateTime ge {since_30d}")),
        ("summary: by week, top-3 apps".into(), format!("/insights/v1/signIns/summary?interval=week&groupBy=app&top=3&$filter=createdDateTime ge {since_30d}")),
        ("summary: success rate per app (30 days)".into(), format!("/insights/v1/signIns/summary?groupBy=app&$filter=createdDateTime ge {since_30d}")),
        ("summary: by user, at-risk sign-ins (risk level not none)".into(), "/insights/v1/signIns/summary?groupBy=user&$filter=riskLevelDuringSignIn ne 'none' and riskLevelDuringSignIn ne 'hidden'".into()),
        ("summary: 7 days by day and status (own-user scope filter shape)".into(), format!("/insights/v1/signIns/summary?interval=day&groupBy=status&$filter=userId eq '{user_id}' and createdDateTime ge {since_7d}")),
        ("Graph getAzureADApplicationSignInSummary(period='D30')".into(), "/beta/reports/getAzureADApplicationSignInSummary(period='D30')".into()),
        (SLOW_PREFIX.to_owned() + "summary: by authenticationMethod, 7 days (exact path: decodes every record)", format!("/insights/v1/signIns/summary?groupBy=authenticationMethod&$filter=createdDateTime ge {since_7d}")),
    ];
    let mut results = Vec::new();
    for (name, path) in queries {
        eprintln!("query: {name}");
        // Queries that decode every record run a few times only.
        let (name, runs) = match name.strip_prefix(SLOW_PREFIX) {
            Some(rest) => (rest.to_owned(), args.query_runs.min(SLOW_RUNS)),
            None => (name, args.query_runs),
        };
        let mut latencies = Vec::with_capacity(runs);
        let mut returned = 0;
        for _ in 0..runs {
            let sent = Instant::now();
            let response = http.get(format!("{base}{path}")).send().await?;
            let status = response.status();
            let body: Value = response.json().await?;
            latencies.push(sent.elapsed());
            if !status.is_success() {
                bail!("{name}: {status}: {body}");
            }
            returned = body["value"].as_array().map_or(1, Vec::len);
        }
        results.push((name, latencies, returned));
    }

    eprintln!("read-your-writes ...");
    let mut stream =
        vigil_demo::sign_in_stream(4242, tenant.as_str(), SystemClock.now(), 1_000_000);
    let (mut ok, mut tries, mut gaps) = (0, 0, Vec::new());
    for _ in 0..100 {
        let Some(record) = stream.next() else { break };
        let id = record["id"].as_str().unwrap_or_default().to_owned();
        tries += 1;
        let response = http.post(&url).json(&vec![record]).send().await?;
        let acked = Instant::now();
        if !response.status().is_success() {
            continue;
        }
        let read = http
            .get(format!("{base}/beta/auditLogs/signIns/{id}"))
            .send()
            .await?;
        if read.status().is_success() {
            ok += 1;
            gaps.push(acked.elapsed());
        }
    }
    Ok(Report {
        ingest_secs,
        ingest_cpu_us,
        ingest_faults,
        records,
        batch_latencies,
        queries: results,
        read_your_writes: (ok, tries, gaps),
    })
}

/// CPU seconds this process has used so far (user + system, all threads), from
/// `/proc/self/stat`; `None` where that file does not exist. CPU time is what the pipeline
/// costs whatever else shares the machine, so it is reported next to the wall-clock rates.
pub(crate) fn process_cpu_seconds() -> Option<f64> {
    // utime and stime are fields 14 and 15, in USER_HZ ticks (100 per second on Linux).
    let [utime, stime] = proc_self_stat([14, 15])?;
    Some((utime + stime) / 100.0)
}

/// Minor page faults of this process so far (`minflt`, field 10 of `/proc/self/stat`).
fn process_minor_faults() -> Option<f64> {
    let [minflt] = proc_self_stat([10])?;
    Some(minflt)
}

/// Numeric fields of `/proc/self/stat`, numbered from 1 as in `proc(5)`; `None` where that
/// file does not exist.
fn proc_self_stat<const N: usize>(numbers: [usize; N]) -> Option<[f64; N]> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the parenthesised command name (which may hold spaces) start at 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let mut out = [0.0; N];
    for (value, number) in out.iter_mut().zip(numbers) {
        *value = fields.get(number.checked_sub(3)?)?.parse().ok()?;
    }
    Some(out)
}

fn faults_per_record(since: Option<f64>, records: usize) -> Option<f64> {
    Some((process_minor_faults()? - since?) / records.max(1) as f64)
}

pub(crate) fn cpu_per_record_us(since: Option<f64>, records: usize) -> Option<f64> {
    let used = process_cpu_seconds()? - since?;
    Some(used * 1e6 / records.max(1) as f64)
}

pub(crate) fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort();
    let rank = ((p / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[rank.min(samples.len() - 1)].as_secs_f64() * 1000.0
}

impl Report {
    fn markdown(
        mut self,
        args: &BenchArgs,
        raw_rate: f64,
        (raw_cpu_us, raw_faults): (Option<f64>, Option<f64>),
        avg_bytes: usize,
        machine: &str,
        date: &str,
    ) -> String {
        let ingest_rate = self.records as f64 / self.ingest_secs.max(1e-9);
        let mut out = String::new();
        let _ = writeln!(out, "### vigil bench — {date}\n");
        let _ = writeln!(
            out,
            "Machine: {machine}. {} sign-ins ({:?} shape) of {avg_bytes} bytes average JSON, {:?} layout, batches of {}, {} HTTP clients, {} runs per query.\n",
            self.records, args.shape, args.layout, args.batch, args.clients, args.query_runs
        );
        let cpu = |us: Option<f64>| us.map_or("n/a".to_owned(), |us| format!("{us:.1}"));
        let faults = |f: Option<f64>| f.map_or("n/a".to_owned(), |f| format!("{f:.2}"));
        let _ = writeln!(
            out,
            "| ingest | sign-ins/s | ratio to raw ceiling | CPU µs per record (all threads) | page faults per record |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        let _ = writeln!(
            out,
            "| raw SQLite insert (same pragmas, no index, no processing) | {raw_rate:.0} | 1.00 | {} | {} |",
            cpu(raw_cpu_us),
            faults(raw_faults)
        );
        let _ = writeln!(
            out,
            "| Vigil HTTP ingest (decode, validate, index, compress, fsync'd commit) | {ingest_rate:.0} | {:.2} | {} | {} |",
            ingest_rate / raw_rate.max(1e-9),
            cpu(self.ingest_cpu_us),
            faults(self.ingest_faults)
        );
        let p50 = percentile(&mut self.batch_latencies, 50.0);
        let p99 = percentile(&mut self.batch_latencies, 99.0);
        let _ = writeln!(
            out,
            "\nIngest request latency ({} records each): p50 {p50:.1} ms, p99 {p99:.1} ms.\n",
            args.batch
        );
        let _ = writeln!(
            out,
            "| query over {} sign-ins | records (or summary rows) returned | p50 ms | p99 ms |",
            self.records
        );
        let _ = writeln!(out, "|---|---|---|---|");
        for (name, latencies, returned) in &mut self.queries {
            let p50 = percentile(latencies, 50.0);
            let p99 = percentile(latencies, 99.0);
            let _ = writeln!(out, "| {name} | {returned} | {p50:.1} | {p99:.1} |");
        }
        let (ok, tries, gaps) = &mut self.read_your_writes;
        let p50 = percentile(gaps, 50.0);
        let p99 = percentile(gaps, 99.0);
        let _ = writeln!(
            out,
            "\nRead-your-writes: {ok}/{tries} records readable by the request right after their ingest was acknowledged (ack → read answered: p50 {p50:.1} ms, p99 {p99:.1} ms).\n"
        );
        out
    }
}

pub(crate) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cpu}, {cores} cores, {mem_gib:.0} GiB")
}
