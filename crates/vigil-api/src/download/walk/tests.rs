//! The walk reads one page per chunk and only when the body is asked for the next chunk,
//! never more than a page per store call and never more than the limit; a store failure
//! mid-way ends the body with an error. Checked against a fake store that records every
//! page request.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::sync::{Arc, Mutex};

use http_body_util::BodyExt;
use serde_json::json;
use vigil_model::{ApiVersion, LogKind, RenderOptions};
use vigil_store::{
    AppendReport, AppendWatch, ChangePage, ChangeRequest, Cursor, Page, PageRequest, PurgeRequest,
    ScopedQuery, SortOrder, Staged, Store, StoreError, StoredRecord, TenantId, TokenKey,
};

use super::{PAGE_SIZE, Walk, WalkPlan};
use crate::download::columns::resolve;
use crate::download::encode::Encoder;

/// An in-memory store of sign-ins, newest first, that records what it is asked.
struct CountingStore {
    records: Vec<StoredRecord>,
    /// `size` of every page request, in order.
    requests: Mutex<Vec<usize>>,
    /// Fail the page request with this index (0-based).
    fail_at: Option<usize>,
    /// Answer an empty page (with a cursor) to the request with this index first.
    empty_at: Option<usize>,
    appends: tokio::sync::watch::Sender<u64>,
}

impl CountingStore {
    fn new(count: usize) -> CountingStore {
        let records = (0..count)
            .rev()
            .map(|i| StoredRecord {
                seq: u64::try_from(i).unwrap() + 1,
                time_nanos: i64::try_from(i).unwrap() * 1_000_000_000,
                id: format!("r{i:05}"),
                body: json!({"id": format!("r{i:05}"), "status": {"errorCode": i}}),
            })
            .collect();
        CountingStore {
            records,
            requests: Mutex::new(Vec::new()),
            fail_at: None,
            empty_at: None,
            appends: tokio::sync::watch::channel(0).0,
        }
    }

    fn requests(&self) -> Vec<usize> {
        self.requests.lock().unwrap().clone()
    }
}

impl Store for CountingStore {
    fn append_staged(&self, _: &TenantId, _: Vec<Staged>) -> Result<AppendReport, StoreError> {
        Ok(AppendReport::default())
    }

    fn page(&self, request: &PageRequest) -> Result<Page, StoreError> {
        let index = {
            let mut requests = self.requests.lock().unwrap();
            requests.push(request.size);
            requests.len() - 1
        };
        if self.fail_at == Some(index) {
            return Err(StoreError::Backend("disk on fire".into()));
        }
        let start = match &request.after {
            None => 0,
            Some(after) => self
                .records
                .iter()
                .position(|r| r.id == after.id)
                .map_or(self.records.len(), |p| p + 1),
        };
        if self.empty_at == Some(index) {
            // Scanned nothing useful yet: an empty page that says where to go on.
            let next = request.after.clone().or(Some(Cursor {
                time_nanos: i64::MAX,
                id: String::new(),
            }));
            return Ok(Page {
                records: Vec::new(),
                next,
            });
        }
        let records: Vec<StoredRecord> = self
            .records
            .iter()
            .skip(start)
            .filter(|r| r.seq <= request.snapshot)
            .take(request.size)
            .cloned()
            .collect();
        let next = (start + records.len() < self.records.len())
            .then(|| records.last())
            .flatten()
            .map(|r| Cursor {
                time_nanos: r.time_nanos,
                id: r.id.clone(),
            });
        Ok(Page { records, next })
    }

    fn count(&self, _: &ScopedQuery) -> Result<u64, StoreError> {
        Ok(u64::try_from(self.records.len()).unwrap())
    }

    fn get(&self, _: &ScopedQuery, _: &str) -> Result<Option<StoredRecord>, StoreError> {
        Ok(None)
    }

    fn summarize(
        &self,
        _: &vigil_store::SummaryRequest,
    ) -> Result<Vec<vigil_store::SummaryRow>, StoreError> {
        Ok(Vec::new())
    }

    fn changes(&self, request: &ChangeRequest) -> Result<ChangePage, StoreError> {
        Ok(ChangePage {
            records: Vec::new(),
            scanned_to: request.after_seq,
        })
    }

    fn count_after(
        &self,
        _: &vigil_store::TenantId,
        _: LogKind,
        _: u64,
    ) -> Result<u64, StoreError> {
        Ok(0)
    }

    fn purge(&self, _: &PurgeRequest) -> Result<usize, StoreError> {
        Ok(0)
    }

    fn high_water_mark(&self, _: LogKind) -> Result<u64, StoreError> {
        Ok(u64::try_from(self.records.len()).unwrap())
    }

    fn watch_appends(&self) -> AppendWatch {
        self.appends.subscribe()
    }

    fn token_key(&self) -> Result<TokenKey, StoreError> {
        Ok(TokenKey([7; 32]))
    }
}

fn new_walk(store: &Arc<CountingStore>, limit: Option<u64>) -> Walk {
    let version = ApiVersion::Beta;
    let columns = resolve(LogKind::SignIn, version, "id,status/errorCode").unwrap();
    let dyn_store: Arc<dyn Store> = store.clone();
    Walk::new(WalkPlan {
        store: dyn_store,
        query: ScopedQuery {
            tenant: TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f").unwrap(),
            kind: LogKind::SignIn,
            filters: Vec::new(),
            order: SortOrder::Desc,
            not_before: None,
        },
        snapshot: u64::MAX,
        encoder: Encoder::csv(LogKind::SignIn, RenderOptions::new(version), columns),
        limit,
        request_id: "test".into(),
    })
}

/// Data rows in a chunk (CSV rows end with CRLF; the first chunk also holds the header).
fn rows(chunk: &[u8]) -> usize {
    chunk.windows(2).filter(|w| w == b"\r\n").count()
}

#[tokio::test]
async fn the_walk_reads_a_page_per_chunk_and_only_when_asked() {
    let store = Arc::new(CountingStore::new(2_500));
    let mut walk = new_walk(&store, None);
    let first = walk.step().unwrap().unwrap();
    assert_eq!(rows(&first), 1 + PAGE_SIZE, "header and one page");
    assert_eq!(store.requests(), [PAGE_SIZE]);
    let mut body = walk.into_body(first);
    let mut chunks = Vec::new();
    loop {
        // Before the body is polled again, the store has served exactly one page per chunk
        // handed out so far: nothing is read ahead, so at most one page is in memory.
        let served = store.requests().len();
        assert!(served <= chunks.len().max(1), "read ahead: {served} pages");
        let Some(frame) = body.frame().await else {
            break;
        };
        chunks.push(frame.unwrap().into_data().unwrap());
    }
    assert_eq!(store.requests(), [PAGE_SIZE, PAGE_SIZE, PAGE_SIZE]);
    assert!(chunks.iter().all(|c| !c.is_empty()), "no empty chunks");
    let sizes: Vec<usize> = chunks.iter().map(|c| rows(c)).collect();
    assert_eq!(sizes, [1 + PAGE_SIZE, PAGE_SIZE, 500]);
    let all: Vec<u8> = chunks.concat();
    let text = String::from_utf8(all).unwrap();
    assert!(text.starts_with("\u{feff}id,status/errorCode\r\nr02499,2499\r\n"));
    assert!(text.ends_with("r00000,0\r\n"));
}

#[tokio::test]
async fn the_limit_caps_every_page_request_and_the_download() {
    let store = Arc::new(CountingStore::new(2_500));
    let mut walk = new_walk(&store, Some(1_200));
    let first = walk.step().unwrap().unwrap();
    let body = walk.into_body(first).collect().await.unwrap().to_bytes();
    assert_eq!(rows(&body), 1 + 1_200);
    assert_eq!(store.requests(), [PAGE_SIZE, 200]);

    let store = Arc::new(CountingStore::new(10));
    let mut walk = new_walk(&store, Some(10));
    let first = walk.step().unwrap().unwrap();
    assert_eq!(walk.written(), 10);
    let body = walk.into_body(first).collect().await.unwrap().to_bytes();
    assert_eq!(rows(&body), 11);
    assert_eq!(store.requests(), [10], "no page is read past the limit");
}

#[tokio::test]
async fn empty_pages_are_skipped_without_empty_chunks() {
    let store = Arc::new(CountingStore {
        empty_at: Some(1),
        ..CountingStore::new(1_500)
    });
    let mut walk = new_walk(&store, None);
    let first = walk.step().unwrap().unwrap();
    let mut body = walk.into_body(first);
    let mut sizes = Vec::new();
    while let Some(frame) = body.frame().await {
        let data = frame.unwrap().into_data().unwrap();
        assert!(!data.is_empty());
        sizes.push(rows(&data));
    }
    assert_eq!(sizes, [1 + PAGE_SIZE, 500]);
    assert_eq!(store.requests(), [PAGE_SIZE, PAGE_SIZE, PAGE_SIZE]);
}

#[tokio::test]
async fn a_store_failure_mid_way_ends_the_body_with_an_error() {
    let store = Arc::new(CountingStore {
        fail_at: Some(1),
        ..CountingStore::new(2_500)
    });
    let mut walk = new_walk(&store, None);
    let first = walk.step().unwrap().unwrap();
    let mut body = walk.into_body(first);
    assert!(body.frame().await.unwrap().is_ok(), "the first chunk");
    assert!(body.frame().await.unwrap().is_err(), "then the failure");
    assert!(body.frame().await.is_none(), "and nothing after it");
    assert_eq!(store.requests().len(), 2);
}

#[test]
fn an_empty_result_is_a_header_only() {
    let store = Arc::new(CountingStore::new(0));
    let mut walk = new_walk(&store, None);
    let first = walk.step().unwrap().unwrap();
    assert_eq!(first, b"\xEF\xBB\xBFid,status/errorCode\r\n");
    assert_eq!(walk.step().unwrap(), None, "CSV has no closing");
}
