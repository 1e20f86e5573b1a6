//! A membership filter over the hashes of every stored record id, one per log kind.
//!
//! Idempotent ingest asks, for every record, whether its id is already stored. Nearly always
//! it is not, and answering that "no" in SQLite cost a B-tree seek per record on the writer
//! thread: a fifth of the writer's time once the secondary indexes are left out
//! (docs/benchmarks.md, "Where the writer's time goes — 2026-12-07"). A Bloom filter answers
//! most of those "no"s in memory. When it says absent, the id was never stored; when it says
//! present, the writer asks SQLite exactly as before. So the filter saves work and never
//! changes an answer.
//!
//! Hashes are only ever added. A row that a purge deletes or a savepoint rolls back keeps
//! its hash in the filter, which only sends a later check of that id to SQLite. The filter
//! grows as a chain of Bloom filters, each sized for twice everything before it, so the
//! false-positive rate stays near [`FALSE_POSITIVE`] per link without a rebuild.
//!
//! The filter is built from the id side tables on a thread of its own when the store opens
//! ([`spawn_loader`]), so a large store starts taking batches at once. Until the filter
//! arrives, [`Membership`] says "maybe" for every id, so every check goes to SQLite, and it
//! notes every hash the writer stores. Those are added when the filter arrives. The loader
//! reads one snapshot. Every id stored before the writer started is in it, because opening
//! the store moves every pending entry into the side tables (`id_index::recover`) before
//! either thread starts. Every id stored since is among the notes. So every stored id is in
//! the filter.

use std::path::Path;

use crossbeam_channel::{Receiver, TryRecvError};
use fastbloom::BloomFilter;
use vigil_model::LogKind;

use crate::StoreOptions;
use crate::connection;
use crate::error::SqliteError;
use crate::schema;

/// Target false-positive rate of each link of a chain.
const FALSE_POSITIVE: f64 = 0.01;
/// Ids the smallest link is sized for.
const MIN_CAPACITY: usize = 1 << 20;

/// One Bloom filter of a chain, and how many hashes it was sized for and holds.
struct Link {
    bloom: BloomFilter,
    capacity: usize,
    len: usize,
}

impl Link {
    fn new(capacity: usize) -> Link {
        Link {
            bloom: BloomFilter::with_false_pos(FALSE_POSITIVE).expected_items(capacity),
            capacity,
            len: 0,
        }
    }
}

/// The growing filter of one log kind.
#[derive(Default)]
struct Chain {
    links: Vec<Link>,
    total: usize,
}

impl Chain {
    /// A chain whose first link is sized for `expected` hashes.
    fn sized_for(expected: usize) -> Chain {
        Chain {
            links: vec![Link::new(expected.max(MIN_CAPACITY))],
            total: 0,
        }
    }

    fn insert(&mut self, hash: i64) {
        let full = self
            .links
            .last()
            .is_none_or(|link| link.len >= link.capacity);
        if full {
            let capacity = self.total.saturating_mul(2).max(MIN_CAPACITY);
            self.links.push(Link::new(capacity));
        }
        if let Some(link) = self.links.last_mut() {
            link.bloom.insert(&hash);
            link.len += 1;
            self.total += 1;
        }
    }

    fn may_contain(&self, hash: i64) -> bool {
        self.links.iter().any(|link| link.bloom.contains(&hash))
    }
}

/// The filters of all four log kinds.
pub(crate) struct IdFilter {
    kinds: [Chain; 4],
}

impl IdFilter {
    /// Reads every id hash of every kind from `conn`'s side tables, in one read transaction.
    pub(crate) fn load(conn: &mut rusqlite::Connection) -> Result<IdFilter, SqliteError> {
        let tx = conn.transaction()?;
        let mut kinds: [Chain; 4] = Default::default();
        for kind in LogKind::ALL {
            let table = schema::spec(kind).table;
            // The highest sequence, in whichever layout holds the records, bounds the records
            // ever stored (purged ones included).
            let highest: i64 = tx.query_row(
                &format!(
                    "SELECT MAX((SELECT IFNULL(MAX(seq), 0) FROM {table}), \
                     (SELECT IFNULL(MAX(last_seq), 0) FROM {table}_blocks))"
                ),
                [],
                |r| r.get(0),
            )?;
            let expected = usize::try_from(highest).unwrap_or(0).saturating_mul(2);
            let mut chain = Chain::sized_for(expected);
            let mut stmt = tx.prepare(&format!("SELECT id_hash FROM {table}_ids"))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                chain.insert(row.get(0)?);
            }
            kinds[kind.index()] = chain;
        }
        Ok(IdFilter { kinds })
    }

    fn insert(&mut self, kind: LogKind, hash: i64) {
        self.kinds[kind.index()].insert(hash);
    }

    fn may_contain(&self, kind: LogKind, hash: i64) -> bool {
        self.kinds[kind.index()].may_contain(hash)
    }
}

/// Builds the filter of the store at `path` on a thread of its own. Call it after
/// `id_index::recover` and before the writer stores anything.
pub(crate) fn spawn_loader(
    path: &Path,
    options: &StoreOptions,
) -> Receiver<Result<IdFilter, SqliteError>> {
    let (tx, rx) = crossbeam_channel::bounded(1);
    let path = path.to_path_buf();
    let options = options.clone();
    let spawned = std::thread::Builder::new()
        .name("vigil-id-filter".into())
        .spawn(move || {
            let loaded = connection::open_reader(&path, &options)
                .and_then(|mut conn| IdFilter::load(&mut conn));
            let _ = tx.send(loaded);
        });
    if let Err(err) = spawned {
        tracing::warn!(%err, "could not start the id filter loader; every id check goes to SQLite");
    }
    rx
}

/// The writer's view of the filter: loading, ready, or given up on.
pub(crate) enum Membership {
    /// The loader is still reading; `stored` holds every hash stored since the writer started.
    Loading {
        loader: Receiver<Result<IdFilter, SqliteError>>,
        stored: Vec<(LogKind, i64)>,
    },
    /// Every stored id is in the filter.
    Ready(IdFilter),
    /// The loader failed: every check goes to SQLite.
    Unavailable,
}

impl Membership {
    /// Waits for nothing: a membership whose filter `loader` will deliver.
    pub(crate) fn loading(loader: Receiver<Result<IdFilter, SqliteError>>) -> Membership {
        Membership::Loading {
            loader,
            stored: Vec::new(),
        }
    }

    /// Takes the filter if the loader has finished. Call between groups.
    pub(crate) fn poll(&mut self) {
        let Membership::Loading { loader, stored } = self else {
            return;
        };
        match loader.try_recv() {
            Err(TryRecvError::Empty) => {}
            Ok(Ok(mut filter)) => {
                for (kind, hash) in stored.drain(..) {
                    filter.insert(kind, hash);
                }
                *self = Membership::Ready(filter);
            }
            Ok(Err(err)) => {
                tracing::warn!(%err, "could not build the id filter; every id check goes to SQLite");
                *self = Membership::Unavailable;
            }
            Err(TryRecvError::Disconnected) => *self = Membership::Unavailable,
        }
    }

    /// Whether an id with this hash may be stored; `false` means it certainly is not.
    pub(crate) fn may_contain(&self, kind: LogKind, hash: i64) -> bool {
        match self {
            Membership::Ready(filter) => filter.may_contain(kind, hash),
            Membership::Loading { .. } | Membership::Unavailable => true,
        }
    }

    /// Notes a hash the writer just stored.
    pub(crate) fn add(&mut self, kind: LogKind, hash: i64) {
        match self {
            Membership::Ready(filter) => filter.insert(kind, hash),
            Membership::Loading { stored, .. } => stored.push((kind, hash)),
            Membership::Unavailable => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_never_forgets_a_hash_as_it_grows() {
        let mut chain = Chain::default();
        let hashes: Vec<i64> = (0..(3 * MIN_CAPACITY as i64))
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as i64))
            .collect();
        for &h in &hashes {
            chain.insert(h);
        }
        assert!(chain.links.len() >= 2, "the chain grew");
        assert!(hashes.iter().all(|&h| chain.may_contain(h)));
        let absent = (0..100_000_i64)
            .map(|i| i.wrapping_mul(31).wrapping_add(7) | (1 << 62))
            .filter(|h| chain.may_contain(*h))
            .count();
        // Two or three links at about 1 % each.
        assert!(
            absent < 5_000,
            "{absent} of 100000 absent hashes looked present"
        );
    }

    #[test]
    fn until_the_filter_arrives_everything_may_be_stored_and_nothing_is_forgotten() {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let mut membership = Membership::loading(rx);
        assert!(membership.may_contain(LogKind::SignIn, 1));
        membership.add(LogKind::SignIn, 42);
        membership.poll();
        assert!(matches!(membership, Membership::Loading { .. }));
        let empty = IdFilter {
            kinds: std::array::from_fn(|_| Chain::sized_for(0)),
        };
        tx.send(Ok(empty)).expect("send");
        membership.poll();
        assert!(matches!(membership, Membership::Ready(_)));
        assert!(
            membership.may_contain(LogKind::SignIn, 42),
            "noted while loading"
        );
        assert!(
            !membership.may_contain(LogKind::DirectoryAudit, 42),
            "kinds are separate"
        );
        membership.add(LogKind::DirectoryAudit, 7);
        assert!(membership.may_contain(LogKind::DirectoryAudit, 7));
    }

    #[test]
    fn the_loaded_filter_holds_every_stored_id_and_the_ids_stored_while_it_loaded() {
        use vigil_store::{Store, TenantId};
        let dir = tempfile::tempdir().expect("tempdir");
        let options = crate::StoreOptions {
            durable: false,
            cache_mib: 8,
            scan_budget: 1_000,
            ..Default::default()
        };
        let tenant = TenantId::parse("11111111-2222-3333-4444-555555555555").expect("tenant");
        let records: Vec<_> = (0..300)
            .map(|i| {
                vigil_store::testsuite::sign_in(
                    &format!("filtered-{i}"),
                    i,
                    "ann@contoso.com",
                    "interactiveUser",
                    0,
                )
            })
            .collect();
        {
            let store = crate::SqliteStore::open(dir.path(), options.clone()).expect("open");
            store
                .append(&tenant, records[..200].to_vec())
                .expect("append");
            store.close();
        }
        // A reopened store: the loader reads what the side tables hold after recovery,
        // while the writer notes the next 100.
        let path = dir.path().join(crate::DATABASE_FILE);
        let mut conn = crate::connection::open_writer(&path, &options).expect("writer");
        crate::id_index::recover(&mut conn, options.layout).expect("recover");
        let mut membership = Membership::loading(spawn_loader(&path, &options));
        for record in &records[200..] {
            membership.add(LogKind::SignIn, crate::schema::id_hash(&record.id));
        }
        let started = std::time::Instant::now();
        while matches!(membership, Membership::Loading { .. }) {
            assert!(
                started.elapsed().as_secs() < 20,
                "the loader never finished"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            membership.poll();
        }
        assert!(matches!(membership, Membership::Ready(_)));
        for record in &records {
            let hash = crate::schema::id_hash(&record.id);
            assert!(
                membership.may_contain(LogKind::SignIn, hash),
                "{}",
                record.id
            );
        }
        let strangers = (0..1_000)
            .filter(|i| {
                let hash = crate::schema::id_hash(&format!("never-stored-{i}"));
                membership.may_contain(LogKind::SignIn, hash)
            })
            .count();
        assert!(
            strangers < 50,
            "{strangers} of 1000 unknown ids looked stored"
        );
    }

    #[test]
    fn a_failed_loader_sends_every_check_to_sqlite() {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let mut membership = Membership::loading(rx);
        drop(tx);
        membership.poll();
        assert!(matches!(membership, Membership::Unavailable));
        assert!(membership.may_contain(LogKind::SignIn, 1));
    }
}
