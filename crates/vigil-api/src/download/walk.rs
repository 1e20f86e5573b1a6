//! The page walk behind a download, as a stream of body chunks with constant memory.
//!
//! A [`Walk`] reads the scoped query page by page in keyset order under one snapshot (the
//! store's high-water mark when the download began, so records ingested meanwhile are not
//! part of it), at most [`PAGE_SIZE`] records per store call and never more than the
//! records the download may still return. Each [`Walk::step`] reads pages until one
//! yields records (a backend may answer an empty page when it used up its scan budget),
//! encodes them and returns that chunk: the walk holds one page of records and one
//! encoded chunk at a time, whatever the download's size.
//!
//! [`Walk::into_body`] turns the rest of the walk into a response body: the stream asks for
//! the next chunk only when the connection has taken the previous one (backpressure), and
//! every step runs on tokio's blocking pool, since store calls block. A store failure
//! there ends the body with an error — the client sees a truncated transfer — and is
//! logged with the request id, as are a complete download and one whose connection closed
//! before the end.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use futures_util::stream;
use vigil_store::{Cursor, PageRequest, ScopedQuery, Store, StoreError};

use super::encode::Encoder;

/// Records per store call.
pub(crate) const PAGE_SIZE: usize = 1_000;

/// A download in progress.
pub(crate) struct Walk {
    store: Arc<dyn Store>,
    query: ScopedQuery,
    snapshot: u64,
    encoder: Arc<Encoder>,
    /// Records the download may still return (`None`: no limit).
    remaining: Option<u64>,
    /// Records written so far.
    written: u64,
    next: Next,
    /// A store read failed (and was reported by whoever got the error).
    failed: bool,
    request_id: String,
}

/// What the next step does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Next {
    /// Write the opening, then read the first page.
    Open,
    /// Read the page after this cursor.
    Page(Cursor),
    /// Write the closing.
    Close,
    /// Nothing left.
    Done,
}

/// Where a walk reads and what it writes.
pub(crate) struct WalkPlan {
    /// The activity store.
    pub(crate) store: Arc<dyn Store>,
    /// The scoped query (tenant, filters, order, retention floor).
    pub(crate) query: ScopedQuery,
    /// The snapshot sequence.
    pub(crate) snapshot: u64,
    /// The encoder.
    pub(crate) encoder: Encoder,
    /// At most this many records (`None`: no limit).
    pub(crate) limit: Option<u64>,
    /// For the logs.
    pub(crate) request_id: String,
}

impl Walk {
    /// A walk that has not read anything yet.
    pub(crate) fn new(plan: WalkPlan) -> Walk {
        Walk {
            store: plan.store,
            query: plan.query,
            snapshot: plan.snapshot,
            encoder: Arc::new(plan.encoder),
            remaining: plan.limit,
            written: 0,
            next: Next::Open,
            failed: false,
            request_id: plan.request_id,
        }
    }

    /// Records written so far.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// The next chunk, or `None` when the download is complete. Blocking.
    pub(crate) fn step(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        let mut out = Vec::new();
        loop {
            let after = match std::mem::replace(&mut self.next, Next::Done) {
                Next::Done => return Ok(None),
                Next::Close => {
                    self.encoder.close(&mut out, self.written);
                    // No empty chunks: CSV has no closing.
                    return Ok((!out.is_empty()).then_some(out));
                }
                Next::Open => {
                    self.encoder.open(&mut out);
                    None
                }
                Next::Page(cursor) => Some(cursor),
            };
            let size = match self.remaining {
                Some(0) => {
                    self.next = Next::Close;
                    continue;
                }
                Some(left) => usize::try_from(left).map_or(PAGE_SIZE, |l| l.min(PAGE_SIZE)),
                None => PAGE_SIZE,
            };
            let page = self.store.page(&PageRequest {
                query: self.query.clone(),
                size,
                after,
                snapshot: self.snapshot,
            });
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    self.failed = true;
                    return Err(error);
                }
            };
            for record in page.records.iter().take(size) {
                self.encoder.record(&mut out, &record.body, self.written);
                self.written += 1;
                if let Some(left) = self.remaining.as_mut() {
                    *left = left.saturating_sub(1);
                }
            }
            self.next = page.next.map_or(Next::Close, Next::Page);
            if !page.records.is_empty() {
                return Ok(Some(out));
            }
        }
    }

    /// The rest of the walk as a response body, starting with `first` (the chunk already
    /// produced before the response was sent).
    pub(crate) fn into_body(self, first: Vec<u8>) -> Body {
        let rest = stream::unfold(Some(self), |walk| async move {
            let mut walk = walk?;
            let stepped = tokio::task::spawn_blocking(move || {
                let chunk = walk.step();
                (walk, chunk)
            })
            .await;
            match stepped {
                Ok((walk, Ok(Some(chunk)))) => Some((Ok(Bytes::from(chunk)), Some(walk))),
                Ok((walk, Ok(None))) => {
                    tracing::info!(
                        request_id = %walk.request_id,
                        records = walk.written,
                        "download complete"
                    );
                    None
                }
                Ok((walk, Err(error))) => {
                    tracing::error!(
                        %error,
                        request_id = %walk.request_id,
                        records = walk.written,
                        "download cut short by a store failure"
                    );
                    Some((Err(std::io::Error::other(error)), None))
                }
                Err(join) => {
                    tracing::error!(error = %join, "download task failed");
                    Some((Err(std::io::Error::other(join)), None))
                }
            }
        });
        let first = stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(first)) });
        Body::from_stream(first.chain(rest))
    }
}

/// A walk dropped before its end: the client closed the connection, or the response was
/// never sent (the read audit refused it).
impl Drop for Walk {
    fn drop(&mut self) {
        if self.next != Next::Done && !self.failed {
            tracing::info!(
                request_id = %self.request_id,
                records = self.written,
                "download not completed: connection closed"
            );
        }
    }
}

#[cfg(test)]
mod tests;
