//! The reading side of `vigil bench-export`: a real consumer of the destination, noting when
//! each exported record (by its Graph `id`) first becomes readable there. For Kafka it is an
//! rskafka consumer fetching every partition of the sign-in topics; for a local directory a
//! reader tailing the hourly files as a log shipper would. Azure Blob has no consumer here
//! (the bench reports the destination's acknowledgement for it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use rskafka::client::ClientBuilder;
use rskafka::client::partition::{OffsetAt, PartitionClient, UnknownTopicHandling};
use serde::Deserialize;

/// The topics (and containers) of the two categories the bench exports.
const CATEGORIES: [&str; 2] = [
    "insights-logs-signinlogs",
    "insights-logs-noninteractiveusersigninlogs",
];

/// When each record id was first read at the destination.
#[derive(Clone, Default)]
pub(crate) struct Receipts {
    seen: Arc<Mutex<HashMap<String, Instant>>>,
}

impl Receipts {
    fn note(&self, ids: impl IntoIterator<Item = String>) {
        let now = Instant::now();
        if let Ok(mut seen) = self.seen.lock() {
            for id in ids {
                seen.entry(id).or_insert(now);
            }
        }
    }

    /// How many distinct records were read so far.
    pub(crate) fn len(&self) -> usize {
        self.seen.lock().map(|s| s.len()).unwrap_or_default()
    }

    /// Every receipt so far.
    pub(crate) fn snapshot(&self) -> HashMap<String, Instant> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// A consumer running until `stop` is set.
pub(crate) struct Consumer {
    pub(crate) receipts: Receipts,
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Consumer {
    /// Starts the consumer of `destination` (the bench's `kind=target` spec), reading only
    /// what is written from now on; `None` for a destination without one.
    pub(crate) async fn start(destination: &str) -> anyhow::Result<Option<Consumer>> {
        let receipts = Receipts::default();
        let stop = Arc::new(AtomicBool::new(false));
        let task = match destination.split_once('=') {
            Some(("kafka", bootstrap)) => {
                let readers = kafka_readers(bootstrap).await?;
                let (receipts, stop) = (receipts.clone(), Arc::clone(&stop));
                tokio::spawn(read_kafka(bootstrap.to_owned(), readers, receipts, stop))
            }
            Some(("local", path)) => {
                let root = PathBuf::from(path);
                let start = file_sizes(&root);
                let (receipts, stop) = (receipts.clone(), Arc::clone(&stop));
                tokio::task::spawn_blocking(move || tail_directory(&root, start, &receipts, &stop))
            }
            _ => return Ok(None),
        };
        Ok(Some(Consumer {
            receipts,
            stop,
            task,
        }))
    }

    /// Stops the consumer; its error, if it failed.
    pub(crate) async fn stop(self) -> anyhow::Result<()> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await?
    }
}

#[derive(Deserialize)]
struct Message {
    records: Vec<Exported>,
}

#[derive(Deserialize)]
struct Exported {
    properties: Properties,
}

#[derive(Deserialize)]
struct Properties {
    id: String,
}

/// Partitions already on the broker, with the offset to start reading at (their end now).
async fn kafka_readers(bootstrap: &str) -> anyhow::Result<Vec<(String, i32, i64)>> {
    let client = ClientBuilder::new(vec![bootstrap.to_owned()])
        .build()
        .await
        .context("connecting the bench consumer")?;
    let topics = client.list_topics().await?;
    let mut out = Vec::new();
    for topic in topics
        .iter()
        .filter(|t| CATEGORIES.contains(&t.name.as_str()))
    {
        for partition in &topic.partitions {
            let reader = client
                .partition_client(&topic.name, *partition, UnknownTopicHandling::Retry)
                .await?;
            let end = reader.get_offset(OffsetAt::Latest).await?;
            out.push((topic.name.clone(), *partition, end));
        }
    }
    Ok(out)
}

/// Reads every partition of the sign-in topics, each in a task of its own, from `start` (or
/// 0 for a partition that did not exist then) until stopped.
async fn read_kafka(
    bootstrap: String,
    start: Vec<(String, i32, i64)>,
    receipts: Receipts,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    let client = ClientBuilder::new(vec![bootstrap]).build().await?;
    let mut readers = tokio::task::JoinSet::new();
    let mut known: Vec<(String, i32)> = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        // Topics appear when the exporter first produces to them.
        for topic in client.list_topics().await? {
            if !CATEGORIES.contains(&topic.name.as_str()) {
                continue;
            }
            for partition in topic.partitions {
                if known.contains(&(topic.name.clone(), partition)) {
                    continue;
                }
                let offset = start
                    .iter()
                    .find(|(t, p, _)| *t == topic.name && *p == partition)
                    .map_or(0, |(_, _, offset)| *offset);
                let reader = client
                    .partition_client(&topic.name, partition, UnknownTopicHandling::Retry)
                    .await?;
                known.push((topic.name.clone(), partition));
                let (receipts, stop) = (receipts.clone(), Arc::clone(&stop));
                readers.spawn(read_partition(reader, offset, receipts, stop));
            }
        }
        if let Some(Ok(Err(error))) = readers.try_join_next() {
            return Err(error);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    while let Some(done) = readers.join_next().await {
        done??;
    }
    Ok(())
}

/// Fetches one partition from `offset` until stopped.
async fn read_partition(
    reader: PartitionClient,
    mut offset: i64,
    receipts: Receipts,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    while !stop.load(Ordering::Relaxed) {
        let (records, _high_water) = reader.fetch_records(offset, 1..16_000_000, 100).await?;
        for record in records {
            offset = record.offset + 1;
            let Some(value) = record.record.value else {
                continue;
            };
            let message: Message = serde_json::from_slice(&value)
                .context("a message that is not {\"records\":[…]}")?;
            receipts.note(message.records.into_iter().map(|r| r.properties.id));
        }
    }
    Ok(())
}

/// Every file under `root` with its size now.
fn file_sizes(root: &Path) -> HashMap<PathBuf, u64> {
    let mut out = HashMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.metadata() {
                Ok(meta) if meta.is_dir() => stack.push(path),
                Ok(meta) => {
                    out.insert(path, meta.len());
                }
                Err(_) => {}
            }
        }
    }
    out
}

/// Reads every complete new line of the category containers' files every 10 ms.
fn tail_directory(
    root: &Path,
    start: HashMap<PathBuf, u64>,
    receipts: &Receipts,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let mut read_to = start;
    while !stop.load(Ordering::Relaxed) {
        for name in CATEGORIES {
            for (path, size) in file_sizes(&root.join(name)) {
                let from = read_to.get(&path).copied().unwrap_or(0);
                if size <= from {
                    continue;
                }
                let bytes = read_range(&path, from, size)?;
                let Some(end) = bytes.windows(2).rposition(|w| w == b"\r\n") else {
                    continue;
                };
                let complete = bytes.get(..end).unwrap_or_default();
                let ids = complete
                    .split(|b| *b == b'\n')
                    .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
                    .filter(|line| !line.is_empty())
                    .map(|line| serde_json::from_slice::<Exported>(line).map(|r| r.properties.id))
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| format!("a line of {} is not a record", path.display()))?;
                receipts.note(ids);
                read_to.insert(path, from + end as u64 + 2);
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

fn read_range(path: &Path, from: u64, to: u64) -> anyhow::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut out = Vec::new();
    file.take(to - from).read_to_end(&mut out)?;
    Ok(out)
}
