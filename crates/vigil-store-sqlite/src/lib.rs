//! The embedded default store: SQLite in WAL mode inside `--data-dir`.
//!
//! Design (measured in docs/benchmarks.md):
//! - two layouts ([`Layout`]), chosen when a database is created: **blocks** (the default,
//!   [`blocks`]: one row per block of up to 256 records with a summary, a column section and
//!   the compressed bodies) and **rows** (one row per record with B-tree indexes, kept by
//!   databases created before blocks);
//! - the full canonical record is kept zstd-compressed one record at a time ([`codec`]), and
//!   the properties filters touch most are copied into columns ([`schema`]);
//! - the record-id index is a side table filled in sorted runs ([`id_index`]);
//! - 16 KB pages (set before WAL), `synchronous=FULL` so a commit is on disk before the
//!   ingest is acknowledged;
//! - a single writer thread with group commit ([`writer`]); rows are prepared (column
//!   extraction, compression) on the callers' threads;
//! - readers use a small pool of read-only connections and never block the writer (WAL).
//!
//! Invariants: `append` answers only after `COMMIT` returned; a batch lives in its own
//! savepoint (and blocks are written inside the group's transaction), so it is stored whole
//! or not at all; (tenant, kind, id) is stored once.

mod block_bodies;
mod block_columns;
mod block_walk;
mod blocks;
mod ceiling;
mod codec;
mod connection;
mod dictionary;
mod error;
mod extract;
mod id_filter;
mod id_index;
mod layout;
mod prepare;
mod read;
mod schema;
mod slot_filter;
mod sql;
mod summary;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use dictionary::Dictionaries;
use rusqlite::Connection;
use vigil_model::validate::CapturePlan;
use vigil_model::{LogKind, ValidatedRecord};
use vigil_store::{
    AppendReport, AppendWatch, ChangePage, ChangeRequest, Page, PageRequest, PurgeRequest,
    ScopedQuery, Staged, Store, StoreError, StoredJson, StoredRecord, SummaryRequest, SummaryRow,
    TenantId, TokenKey,
};

pub use ceiling::raw_insert_rate;
pub use error::SqliteError;
pub use layout::Layout;

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "vigil.db";

/// Tuning knobs; the defaults are what `vigil serve` uses.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// fsync every commit (`synchronous=FULL`). Turning this off keeps crash safety for a
    /// process kill but not for power loss.
    pub durable: bool,
    /// SQLite page cache per connection, in MiB.
    pub cache_mib: u32,
    /// Rows a single page request may scan before returning a cursor.
    pub scan_budget: usize,
    /// The layout of a new database (an existing one keeps its own).
    pub layout: Layout,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            durable: true,
            cache_mib: 256,
            scan_budget: 200_000,
            layout: Layout::default(),
        }
    }
}

/// The SQLite store. Cloning shares the same database and writer.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    options: StoreOptions,
    writer: Mutex<Option<Sender<writer::Message>>>,
    writer_thread: Mutex<Option<JoinHandle<()>>>,
    readers: Mutex<Vec<Connection>>,
    tenants: RwLock<HashMap<String, i64>>,
    token_key: TokenKey,
    dictionaries: Dictionaries,
    appends: tokio::sync::watch::Receiver<u64>,
    layout: Layout,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.inner.path)
            .finish()
    }
}

impl SqliteStore {
    /// Walks the request's tenant in ingest order in this store's layout, turning each
    /// candidate into a record or JSON with `finish`; a tenant the store has never seen has
    /// no records, and its walk stays where it was.
    fn change_walk<R>(
        &self,
        request: &ChangeRequest,
        finish: read::Finish<R>,
    ) -> Result<ChangePage<R>, StoreError> {
        let budget = self.inner.options.scan_budget;
        let dictionaries = &self.inner.dictionaries;
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, &request.query.tenant)? {
                Some(tenant) => match self.inner.layout {
                    Layout::Rows => {
                        read::scan_changes(conn, dictionaries, tenant, request, budget, finish)
                    }
                    Layout::Blocks => blocks::read::scan_changes(
                        conn,
                        dictionaries,
                        tenant,
                        request,
                        budget,
                        finish,
                    ),
                },
                None => Ok(ChangePage {
                    records: Vec::new(),
                    scanned_to: request.after_seq,
                }),
            })?,
        )
    }

    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Result<SqliteStore, SqliteError> {
        std::fs::create_dir_all(data_dir).map_err(|source| SqliteError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let mut conn = connection::open_writer(&path, &options)?;
        let layout = layout::settle(&conn, options.layout)?;
        id_index::recover(&mut conn, layout)?;
        let token_key = load_or_create_token_key(&conn)?;
        let dictionaries = Dictionaries::load(&conn)?;
        let (tx, rx) = crossbeam_channel::bounded::<writer::Message>(64);
        let (signal, appends) = tokio::sync::watch::channel(0u64);
        // The loader's snapshot is taken after this point; the writer notes what it stores
        // from its first group on, so between them every id is covered (see `id_filter`).
        let membership = id_filter::Membership::loading(id_filter::spawn_loader(&path, &options));
        let handle = std::thread::Builder::new()
            .name("vigil-sqlite-writer".into())
            .spawn(move || writer::run(conn, rx, signal, membership, layout))
            .map_err(|source| SqliteError::DataDir {
                path: data_dir.display().to_string(),
                source,
            })?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                options,
                writer: Mutex::new(Some(tx)),
                writer_thread: Mutex::new(Some(handle)),
                readers: Mutex::new(Vec::new()),
                tenants: RwLock::new(HashMap::new()),
                token_key,
                dictionaries,
                appends,
                layout,
            }),
        })
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Stops the writer after the jobs already queued; later appends fail with `Closed`.
    pub fn close(&self) {
        self.inner.stop_writer();
    }

    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, SqliteError>,
    ) -> Result<T, SqliteError> {
        let pooled = self
            .inner
            .readers
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop());
        let conn = match pooled {
            Some(conn) => conn,
            None => connection::open_reader(&self.inner.path, &self.inner.options)?,
        };
        let result = f(&conn);
        if let Ok(mut pool) = self.inner.readers.lock()
            && pool.len() < 8
        {
            pool.push(conn);
        }
        result
    }

    /// The writer thread's queue, or `Closed` once the store is closing.
    fn sender(&self) -> Result<Sender<writer::Message>, StoreError> {
        self.inner
            .writer
            .lock()
            .map_err(|_| StoreError::Closed)?
            .clone()
            .ok_or(StoreError::Closed)
    }

    /// Trains and durably stores `kind`'s dictionary from this batch when it needs one. A
    /// failure only means the batch is compressed without a dictionary.
    fn train_dictionary(
        &self,
        sender: &Sender<writer::Message>,
        kind: LogKind,
        records: &[Staged],
    ) {
        let dictionaries = &self.inner.dictionaries;
        if dictionaries.encoder(kind).is_some() {
            return;
        }
        let samples: Vec<&[u8]> = records
            .iter()
            .filter_map(|staged| match staged {
                Staged::Validated(record) if record.kind == kind => Some(record.json.as_slice()),
                _ => None,
            })
            .collect();
        let Some(trained) = dictionaries.train_if_needed(kind, &samples) else {
            return;
        };
        let (id, bytes) = (trained.id, trained.bytes.clone());
        match ask(sender, |reply| writer::Message::Dictionary {
            trained,
            reply,
        }) {
            Ok(()) => dictionaries.install(kind, id, &bytes),
            Err(err) => {
                tracing::warn!(?kind, error = %err, "could not store a zstd dictionary");
            }
        }
        dictionaries.training_done(kind);
    }

    fn tenant_key(&self, conn: &Connection, tenant: &TenantId) -> Result<Option<i64>, SqliteError> {
        if let Ok(cache) = self.inner.tenants.read()
            && let Some(key) = cache.get(tenant.as_str())
        {
            return Ok(Some(*key));
        }
        let key = read::tenant_key(conn, tenant.as_str())?;
        if let (Some(key), Ok(mut cache)) = (key, self.inner.tenants.write()) {
            cache.insert(tenant.as_str().to_owned(), key);
        }
        Ok(key)
    }
}

impl Inner {
    /// Drops the job sender (the writer finishes the queued jobs and exits) and joins it.
    fn stop_writer(&self) {
        if let Ok(mut writer) = self.writer.lock() {
            writer.take();
        }
        if let Ok(mut handle) = self.writer_thread.lock()
            && let Some(handle) = handle.take()
        {
            let _ = handle.join();
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop_writer();
    }
}

/// Sends the writer one message built around a reply channel and waits for its answer.
fn ask<T>(
    sender: &Sender<writer::Message>,
    message: impl FnOnce(SyncSender<Result<T, SqliteError>>) -> writer::Message,
) -> Result<T, StoreError> {
    let (reply_tx, reply_rx) = std::sync::mpsc::sync_channel(1);
    sender
        .send(message(reply_tx))
        .map_err(|_| StoreError::Closed)?;
    Ok(reply_rx.recv().map_err(|_| StoreError::Closed)??)
}

fn load_or_create_token_key(conn: &Connection) -> Result<TokenKey, SqliteError> {
    if let Some(bytes) = connection::meta_get(conn, "page_token_key")?
        && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
    {
        return Ok(TokenKey(key));
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| SqliteError::Encode {
        id: String::new(),
        reason: e.to_string(),
    })?;
    connection::meta_put(conn, "page_token_key", &key)?;
    Ok(TokenKey(key))
}

impl Store for SqliteStore {
    fn append_staged(
        &self,
        tenant: &TenantId,
        records: Vec<Staged>,
    ) -> Result<AppendReport, StoreError> {
        if records.is_empty() {
            return Ok(AppendReport::default());
        }
        let sender = self.sender()?;
        for kind in LogKind::ALL {
            self.train_dictionary(&sender, kind, &records);
        }
        let dictionaries = &self.inner.dictionaries;
        let encoders = LogKind::ALL.map(|kind| dictionaries.encoder(kind));
        let rows = prepare::prepare_all(records, &encoders)?;
        ask(&sender, |reply| {
            writer::Message::Append(writer::Job {
                tenant: tenant.clone(),
                rows,
                reply,
            })
        })
    }

    /// Compresses and extracts the columns of `record` right away once its kind has a
    /// dictionary; before that, `append_staged` trains one from the batch first.
    fn stage(&self, record: ValidatedRecord) -> Result<Staged, StoreError> {
        match self.inner.dictionaries.encoder(record.kind) {
            Some(encoder) => Ok(prepare::stage(record, &encoder)?),
            None => Ok(Staged::Validated(record)),
        }
    }

    fn capture_plan(&self, kind: LogKind) -> Option<Arc<CapturePlan>> {
        prepare::capture_plan(kind)
    }

    fn page(&self, request: &PageRequest) -> Result<Page, StoreError> {
        let budget = self.inner.options.scan_budget;
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, &request.query.tenant)? {
                Some(tenant) => match self.inner.layout {
                    Layout::Rows => {
                        read::page(conn, &self.inner.dictionaries, tenant, request, budget)
                    }
                    Layout::Blocks => {
                        blocks::read::page(conn, &self.inner.dictionaries, tenant, request, budget)
                    }
                },
                None => Ok(Page {
                    records: Vec::new(),
                    next: None,
                }),
            })?,
        )
    }

    fn count(&self, query: &ScopedQuery) -> Result<u64, StoreError> {
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, &query.tenant)? {
                Some(tenant) => match self.inner.layout {
                    Layout::Rows => {
                        read::count(conn, &self.inner.dictionaries, tenant, query, u64::MAX >> 1)
                    }
                    Layout::Blocks => blocks::read::count(
                        conn,
                        &self.inner.dictionaries,
                        tenant,
                        query,
                        u64::MAX >> 1,
                    ),
                },
                None => Ok(0),
            })?,
        )
    }

    fn summarize(&self, request: &SummaryRequest) -> Result<Vec<SummaryRow>, StoreError> {
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, &request.query.tenant)? {
                Some(tenant) => match self.inner.layout {
                    Layout::Rows => {
                        summary::summarize(conn, &self.inner.dictionaries, tenant, request)
                    }
                    Layout::Blocks => blocks::summarize::summarize(
                        conn,
                        &self.inner.dictionaries,
                        tenant,
                        request,
                    ),
                },
                None => Ok(Vec::new()),
            })?,
        )
    }

    fn get(&self, query: &ScopedQuery, id: &str) -> Result<Option<StoredRecord>, StoreError> {
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, &query.tenant)? {
                Some(tenant) => match self.inner.layout {
                    Layout::Rows => read::get(conn, &self.inner.dictionaries, tenant, query, id),
                    Layout::Blocks => {
                        blocks::lookup::get(conn, &self.inner.dictionaries, tenant, query, id)
                    }
                },
                None => Ok(None),
            })?,
        )
    }

    fn changes(&self, request: &ChangeRequest) -> Result<ChangePage, StoreError> {
        self.change_walk(request, read::record_if_kept)
    }

    fn changes_json(&self, request: &ChangeRequest) -> Result<ChangePage<StoredJson>, StoreError> {
        self.change_walk(request, read::json_if_kept)
    }

    fn count_after(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        after_seq: u64,
    ) -> Result<u64, StoreError> {
        Ok(
            self.with_reader(|conn| match self.tenant_key(conn, tenant)? {
                Some(key) => match self.inner.layout {
                    Layout::Rows => read::count_after(conn, key, kind, after_seq),
                    Layout::Blocks => blocks::read::count_after(conn, key, kind, after_seq),
                },
                None => Ok(0),
            })?,
        )
    }

    fn purge(&self, request: &PurgeRequest) -> Result<usize, StoreError> {
        if request.limit == 0 {
            return Ok(0);
        }
        let sender = self.sender()?;
        ask(&sender, |reply| writer::Message::Purge {
            request: request.clone(),
            reply,
        })
    }

    fn high_water_mark(&self, kind: LogKind) -> Result<u64, StoreError> {
        Ok(self.with_reader(|conn| match self.inner.layout {
            Layout::Rows => read::high_water_mark(conn, kind),
            Layout::Blocks => blocks::high_water_mark(conn, kind),
        })?)
    }

    fn watch_appends(&self) -> AppendWatch {
        self.inner.appends.clone()
    }

    fn token_key(&self) -> Result<TokenKey, StoreError> {
        Ok(self.inner.token_key.clone())
    }
}
