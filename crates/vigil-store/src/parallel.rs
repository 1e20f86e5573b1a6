//! Per-record batch work spread over the machine's cores: ingest validates a batch with it,
//! backends prepare their rows with it. A caller waits for the whole batch either way, so a
//! big batch is cut into one contiguous chunk per core and the results come back in order.

/// A worker thread panicked; the batch must fail rather than take the process down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a worker thread panicked while processing the batch")]
pub struct WorkerPanicked;

/// `items` mapped through `work`, in order. Runs on the calling thread when the machine has
/// one core or the batch has fewer than `2 × min_per_thread` items (threads would cost more
/// than they save), else on one scoped thread per core.
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
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 * min_per_thread.max(1) {
        return Ok(items.into_iter().map(work).collect());
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        chunks.push(rest);
        rest = tail;
    }
    chunks.push(rest);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(work).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::new();
        for handle in handles {
            out.extend(handle.join().map_err(|_| WorkerPanicked)?);
        }
        Ok(out)
    })
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
