//! Per-record batch work spread over the machine's cores: ingest validates a batch with it,
//! backends prepare their rows with it. A caller waits for the whole batch either way; the
//! results come back in order.
//!
//! The work runs on one rayon pool of `vigil-worker-N` threads (one per core), built on first
//! use and kept for the life of the process. Threads spawned per batch cost more than their
//! start-up: each new thread starts with an empty allocator heap (so every buffer it writes
//! lands on freshly faulted pages) and empty thread-local caches (such as the compressors'
//! contexts).

use std::sync::OnceLock;

use rayon::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use rayon::{ThreadPool, ThreadPoolBuilder};

/// A worker thread panicked; the batch must fail rather than take the process down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a worker thread panicked while processing the batch")]
pub struct WorkerPanicked;

/// The worker pool; `None` when its threads could not be started (work then runs on the
/// caller's thread).
fn pool() -> Option<&'static ThreadPool> {
    static POOL: OnceLock<Option<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|index| format!("vigil-worker-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// `items` mapped through `work`, in order. Runs on the calling thread when the machine has
/// one core or the batch has fewer than `2 × min_per_thread` items (handing work over would
/// cost more than it saves), else on the pool in pieces of at least `min_per_thread` items.
pub fn map_in_order<T, R, F>(
    items: Vec<T>,
    min_per_thread: usize,
    work: F,
) -> Result<Vec<R>, WorkerPanicked>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let min = min_per_thread.max(1);
    let pool = pool().filter(|p| p.current_num_threads() > 1);
    let Some(pool) = pool.filter(|_| items.len() >= 2 * min) else {
        return Ok(items.into_iter().map(work).collect());
    };
    let work = &work;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.install(|| {
            items
                .into_par_iter()
                .with_min_len(min)
                .map(work)
                .collect::<Vec<R>>()
        })
    }))
    .map_err(|_| WorkerPanicked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_small_and_big_batches() {
        for len in [0, 1, 7, 999, 1_000, 1_001, 10_007] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = map_in_order(items, 500, |n| n * 2).unwrap();
            assert_eq!(doubled, (0..len).map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_worker_fails_the_batch() {
        let items: Vec<usize> = (0..5_000).collect();
        let result = map_in_order(items, 500, |n| {
            assert!(n != 4_321, "boom");
            n
        });
        if std::thread::available_parallelism().map_or(1, std::num::NonZero::get) > 1 {
            assert_eq!(result, Err(WorkerPanicked));
        }
    }
}
