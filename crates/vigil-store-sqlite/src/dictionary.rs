//! zstd dictionaries: one per log kind, trained on the store's own records.
//!
//! A canonical record repeats every property name of its resource and most of its values
//! (tenant, apps, policies, enum members) from one record to the next. Compressing each record
//! on its own throws that away; a dictionary trained on earlier records of the same kind keeps
//! per-record random access and cuts a demo sign-in from about 2.2 KB to under 400 bytes, at
//! less than half the CPU (docs/benchmarks.md).
//!
//! Lifecycle: a kind starts without a dictionary (frames carry dictionary id 0). The first
//! batch with at least [`MIN_TRAINING_RECORDS`] records of that kind trains one on the caller's
//! thread; the writer commits it to the `dictionaries` table **before** any frame that uses it
//! is written, so a stored frame can always be decoded after a crash. Frames name their
//! dictionary in the zstd frame header; a reader that meets an id it has not loaded (another
//! process trained it) loads it from the database. Dictionaries are never deleted.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, RwLock};

use rusqlite::{Connection, OptionalExtension};
use vigil_model::LogKind;
use zstd::zstd_safe::{CDict, DDict};

/// The compression level used with and without a dictionary.
pub(crate) const LEVEL: i32 = 1;

/// Records of one kind a batch needs before it is used to train that kind's dictionary.
pub(crate) const MIN_TRAINING_RECORDS: usize = 512;

/// Most records sampled for training (evenly spread over the batch).
const MAX_SAMPLES: usize = 1_000;

/// Target dictionary size. 64 KB holds the full property skeleton of every resource plus the
/// most common values; larger dictionaries bought nothing measurable on demo data.
const DICTIONARY_BYTES: usize = 64 * 1024;

/// Failed trainings per kind before the store stops trying (until restart).
const MAX_ATTEMPTS: u32 = 3;

/// A dictionary prepared for compression.
pub(crate) struct Encoder {
    pub cdict: CDict<'static>,
}

/// Every dictionary the store knows, and the one each kind compresses with.
#[derive(Default)]
pub(crate) struct Dictionaries {
    encoders: RwLock<[Option<Arc<Encoder>>; 4]>,
    decoders: RwLock<HashMap<u32, Arc<DDict<'static>>>>,
    training: [AtomicBool; 4],
    attempts: [AtomicU32; 4],
}

/// A freshly trained dictionary, not yet stored.
pub(crate) struct Trained {
    pub kind: LogKind,
    pub id: u32,
    pub bytes: Vec<u8>,
}

impl Dictionaries {
    /// Loads every stored dictionary; each kind compresses with its newest one.
    pub(crate) fn load(conn: &Connection) -> Result<Dictionaries, rusqlite::Error> {
        let dictionaries = Dictionaries::default();
        let mut stmt =
            conn.prepare("SELECT dict_id, kind, bytes FROM dictionaries ORDER BY created")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        for row in rows {
            let (id, kind, bytes) = row?;
            let (Ok(id), Some(kind)) = (u32::try_from(id), LogKind::from_code(kind)) else {
                continue;
            };
            dictionaries.install(kind, id, &bytes);
        }
        Ok(dictionaries)
    }

    /// The dictionary `kind` compresses with, if it has one.
    pub(crate) fn encoder(&self, kind: LogKind) -> Option<Arc<Encoder>> {
        self.encoders.read().ok()?[kind.index()].clone()
    }

    /// The decoder for dictionary `id`, loading it through `conn` when another process
    /// stored it after this one started.
    pub(crate) fn decoder(&self, id: u32, conn: &Connection) -> Option<Arc<DDict<'static>>> {
        if let Some(found) = self.decoders.read().ok()?.get(&id) {
            return Some(found.clone());
        }
        let bytes: Vec<u8> = conn
            .query_row(
                "SELECT bytes FROM dictionaries WHERE dict_id = ?1",
                [i64::from(id)],
                |row| row.get(0),
            )
            .optional()
            .ok()??;
        let ddict = Arc::new(DDict::try_create(&bytes)?);
        if let Ok(mut decoders) = self.decoders.write() {
            decoders.insert(id, ddict.clone());
        }
        Some(ddict)
    }

    /// Makes a stored dictionary usable: for decoding always, for compressing `kind` from now on.
    pub(crate) fn install(&self, kind: LogKind, id: u32, bytes: &[u8]) {
        if let Some(ddict) = DDict::try_create(bytes)
            && let Ok(mut decoders) = self.decoders.write()
        {
            decoders.insert(id, Arc::new(ddict));
        }
        if let Some(cdict) = CDict::try_create(bytes, LEVEL)
            && let Ok(mut encoders) = self.encoders.write()
        {
            encoders[kind.index()] = Some(Arc::new(Encoder { cdict }));
        }
    }

    /// Trains a dictionary for `kind` from `samples` when the kind has none, the batch is big
    /// enough, and no other batch is training one right now. `None` means "compress without".
    pub(crate) fn train_if_needed(&self, kind: LogKind, samples: &[&[u8]]) -> Option<Trained> {
        let index = kind.index();
        if samples.len() < MIN_TRAINING_RECORDS
            || self.encoder(kind).is_some()
            || self.attempts[index].load(Ordering::Relaxed) >= MAX_ATTEMPTS
            || self.training[index].swap(true, Ordering::AcqRel)
        {
            return None;
        }
        let trained = train(kind, samples, self);
        if trained.is_none() {
            self.attempts[index].fetch_add(1, Ordering::Relaxed);
            self.training_done(kind);
        }
        trained
    }

    /// Ends a training that [`Dictionaries::train_if_needed`] returned (stored or not).
    pub(crate) fn training_done(&self, kind: LogKind) {
        self.training[kind.index()].store(false, Ordering::Release);
    }
}

fn train(kind: LogKind, samples: &[&[u8]], known: &Dictionaries) -> Option<Trained> {
    let step = samples.len().div_ceil(MAX_SAMPLES).max(1);
    let picked: Vec<&[u8]> = samples.iter().step_by(step).copied().collect();
    let bytes = match zstd::dict::from_samples(&picked, DICTIONARY_BYTES) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::warn!(?kind, error = %err, "zstd dictionary training failed; compressing without");
            return None;
        }
    };
    let id = zstd::zstd_safe::get_dict_id(&bytes)?.get();
    // Ids are random 32-bit numbers; a clash with a known dictionary is skipped, not stored.
    if known.decoders.read().ok()?.contains_key(&id) {
        return None;
    }
    Some(Trained { kind, id, bytes })
}
