//! The order in which the block layout returns a page: a merge of blocks whose time
//! ranges overlap.
//!
//! Pages are in (time, id) order, newest first by default, as `read::page_sql` sorts them.
//! A block holds the records of one batch, so concurrent batches give blocks with
//! overlapping times, and no single block order is the record order. [`merge_page`] takes
//! blocks sorted by the time bound that matters for the direction (newest time first for a
//! descending walk, oldest first for an ascending one). It loads a block only when the next
//! record could be in it: a loaded record is returned once no unloaded block can hold a
//! record that sorts before it. A record with the same time as the next block's bound must
//! wait for that block, since ids break ties. So a first page usually reads only the newest
//! few blocks.
//!
//! The caller hands in only records that pass the column filter. `keep` is the exact check
//! (decoding the body): it runs in page order, on as few records as the page needs.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use vigil_store::{Cursor, SortOrder};

/// A record's place in the order.
pub(crate) trait Keyed {
    fn ts(&self) -> i64;
    fn id(&self) -> &str;
}

/// One block's candidate records, and its time bound: the newest time it may hold for a
/// descending walk, the oldest for an ascending one.
#[derive(Debug)]
pub(crate) struct BlockRows<R> {
    pub bound: i64,
    pub rows: Vec<R>,
}

/// A record in the heap, ordered by (time, id).
struct ByKey<R>(R);

impl<R: Keyed> PartialEq for ByKey<R> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<R: Keyed> Eq for ByKey<R> {}

impl<R: Keyed> PartialOrd for ByKey<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R: Keyed> Ord for ByKey<R> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.0.ts(), self.0.id()).cmp(&(other.0.ts(), other.0.id()))
    }
}

/// The heap of loaded records, popping the next one in walk order.
enum Frontier<R> {
    Desc(BinaryHeap<ByKey<R>>),
    Asc(BinaryHeap<Reverse<ByKey<R>>>),
}

impl<R: Keyed> Frontier<R> {
    fn push(&mut self, row: R) {
        match self {
            Frontier::Desc(heap) => heap.push(ByKey(row)),
            Frontier::Asc(heap) => heap.push(Reverse(ByKey(row))),
        }
    }

    fn peek_ts(&self) -> Option<i64> {
        match self {
            Frontier::Desc(heap) => heap.peek().map(|r| r.0.ts()),
            Frontier::Asc(heap) => heap.peek().map(|r| r.0.0.ts()),
        }
    }

    fn pop(&mut self) -> Option<R> {
        match self {
            Frontier::Desc(heap) => heap.pop().map(|r| r.0),
            Frontier::Asc(heap) => heap.pop().map(|r| r.0.0),
        }
    }
}

/// Whether `row` comes after `cursor` in a walk of `order`.
fn after_cursor(order: SortOrder, row: &impl Keyed, cursor: &Cursor) -> bool {
    let key = (row.ts(), row.id());
    let at = (cursor.time_nanos, cursor.id.as_str());
    match order {
        SortOrder::Desc => key < at,
        SortOrder::Asc => key > at,
    }
}

/// Whether a loaded record at `ts` may be returned before the block bounded by `bound` is
/// read: only if nothing in that block can sort before it.
fn settled(order: SortOrder, ts: i64, bound: i64) -> bool {
    match order {
        SortOrder::Desc => ts > bound,
        SortOrder::Asc => ts < bound,
    }
}

/// A merged page, and where a walk that ran out of budget stopped.
#[derive(Debug)]
pub(crate) struct Merged<R> {
    pub page: Vec<R>,
    /// Blocks read.
    pub read: usize,
    /// The last record decided when `budget` records were decided before the page filled:
    /// the walk goes on after it.
    pub stopped: Option<Cursor>,
}

/// Up to `size` records after `after` in `order`, each passing `keep`, from `blocks` sorted
/// by their bounds in walk order. After `budget` calls of `keep` the merge stops early.
pub(crate) fn merge_page<R, E>(
    order: SortOrder,
    blocks: impl IntoIterator<Item = Result<BlockRows<R>, E>>,
    after: Option<&Cursor>,
    (size, budget): (usize, usize),
    mut keep: impl FnMut(&R) -> Result<bool, E>,
) -> Result<Merged<R>, E>
where
    R: Keyed,
{
    let mut blocks = blocks.into_iter();
    let mut next = blocks.next().transpose()?;
    let mut read = 0;
    let mut decided = 0usize;
    let mut frontier = match order {
        SortOrder::Desc => Frontier::Desc(BinaryHeap::new()),
        SortOrder::Asc => Frontier::Asc(BinaryHeap::new()),
    };
    let mut page = Vec::with_capacity(size.min(1024));
    while page.len() < size {
        // Read blocks until the best loaded record cannot be beaten by an unread one.
        while let Some(block) = next.take() {
            if frontier
                .peek_ts()
                .is_some_and(|ts| settled(order, ts, block.bound))
            {
                next = Some(block);
                break;
            }
            read += 1;
            for row in block.rows {
                if after.is_none_or(|cursor| after_cursor(order, &row, cursor)) {
                    frontier.push(row);
                }
            }
            next = blocks.next().transpose()?;
        }
        let Some(row) = frontier.pop() else {
            break;
        };
        decided += 1;
        let stop = decided >= budget;
        let cursor = stop.then(|| Cursor {
            time_nanos: row.ts(),
            id: row.id().to_owned(),
        });
        if keep(&row)? {
            page.push(row);
        }
        if stop && page.len() < size {
            return Ok(Merged {
                page,
                read,
                stopped: cursor,
            });
        }
    }
    Ok(Merged {
        page,
        read,
        stopped: None,
    })
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Rec {
        ts: i64,
        id: String,
    }

    impl Keyed for Rec {
        fn ts(&self) -> i64 {
            self.ts
        }
        fn id(&self) -> &str {
            &self.id
        }
    }

    /// Blocks of records with few distinct times (so ties are common) and unique ids; each
    /// bound is exact or looser than needed, as a summary left by a purge may be.
    fn blocks() -> impl Strategy<Value = Vec<(Vec<(i64, u8)>, i64)>> {
        prop::collection::vec(
            (
                prop::collection::vec((0i64..12, any::<u8>()), 0..8),
                0i64..3,
            ),
            0..10,
        )
    }

    fn build(order: SortOrder, raw: &[(Vec<(i64, u8)>, i64)]) -> (Vec<BlockRows<Rec>>, Vec<Rec>) {
        let mut all = Vec::new();
        let mut out = Vec::new();
        for (b, (rows, slack)) in raw.iter().enumerate() {
            let rows: Vec<Rec> = rows
                .iter()
                .enumerate()
                .map(|(i, (ts, tag))| Rec {
                    ts: *ts,
                    id: format!("{tag:03}-{b}-{i}"),
                })
                .collect();
            let bound = match order {
                SortOrder::Desc => rows.iter().map(|r| r.ts).max().unwrap_or(0) + slack,
                SortOrder::Asc => rows.iter().map(|r| r.ts).min().unwrap_or(12) - slack,
            };
            all.extend(rows.iter().cloned());
            out.push(BlockRows { bound, rows });
        }
        match order {
            SortOrder::Desc => out.sort_by_key(|b| Reverse(b.bound)),
            SortOrder::Asc => out.sort_by_key(|b| b.bound),
        }
        (out, all)
    }

    fn expected(
        order: SortOrder,
        mut all: Vec<Rec>,
        after: Option<&Cursor>,
        size: usize,
        keep: impl Fn(&Rec) -> bool,
    ) -> Vec<Rec> {
        all.sort_by(|a, b| (a.ts, &a.id).cmp(&(b.ts, &b.id)));
        if order == SortOrder::Desc {
            all.reverse();
        }
        all.into_iter()
            .filter(|r| after.is_none_or(|c| after_cursor(order, r, c)))
            .filter(|r| keep(r))
            .take(size)
            .collect()
    }

    proptest! {
        #[test]
        fn the_merge_returns_what_a_full_sort_would(
            raw in blocks(),
            desc in any::<bool>(),
            size in 1usize..12,
            cursor in prop::option::of((0i64..12, any::<u8>())),
            keep_mod in 1u8..4,
        ) {
            let order = if desc { SortOrder::Desc } else { SortOrder::Asc };
            let (blocks, all) = build(order, &raw);
            let cursor = cursor.map(|(ts, tag)| Cursor { time_nanos: ts, id: format!("{tag:03}") });
            let keep = |r: &Rec| r.id.as_bytes()[2].is_multiple_of(keep_mod);
            let want = expected(order, all, cursor.as_ref(), size, keep);
            let merged = merge_page(
                order,
                blocks.into_iter().map(Ok::<_, Infallible>),
                cursor.as_ref(),
                (size, usize::MAX),
                |r| Ok(keep(r)),
            ).unwrap();
            prop_assert_eq!(merged.page, want);
            prop_assert_eq!(merged.stopped, None);
        }

        #[test]
        fn walking_page_by_page_visits_every_record_once(
            raw in blocks(),
            desc in any::<bool>(),
            size in 1usize..5,
            budget in 1usize..8,
            keep_mod in 1u8..4,
        ) {
            let order = if desc { SortOrder::Desc } else { SortOrder::Asc };
            let (_, all) = build(order, &raw);
            let keep = |r: &Rec| r.id.as_bytes()[2].is_multiple_of(keep_mod);
            let mut seen = Vec::new();
            let mut cursor: Option<Cursor> = None;
            // Every call decides at least one record; a walk that stopped advancing would
            // never end, so bound it.
            for _ in 0..=all.len() {
                let (blocks, _) = build(order, &raw);
                let merged = merge_page(
                    order,
                    blocks.into_iter().map(Ok::<_, Infallible>),
                    cursor.as_ref(),
                    (size, budget),
                    |r| Ok(keep(r)),
                ).unwrap();
                let full = merged.page.len() == size;
                let last = merged.page.last().map(|r| Cursor { time_nanos: r.ts, id: r.id.clone() });
                seen.extend(merged.page);
                cursor = match merged.stopped {
                    Some(stopped) => Some(stopped),
                    None if full => last,
                    None => break,
                };
            }
            prop_assert_eq!(seen, expected(order, all, None, usize::MAX, keep));
        }
    }

    #[test]
    fn a_first_page_reads_only_the_blocks_it_needs() {
        // Ten blocks of ten records, newest block first, no overlap.
        let blocks: Vec<BlockRows<Rec>> = (0..10)
            .rev()
            .map(|b| BlockRows {
                bound: b * 10 + 9,
                rows: (0..10)
                    .map(|i| Rec {
                        ts: b * 10 + i,
                        id: format!("{b}-{i}"),
                    })
                    .collect(),
            })
            .collect();
        let Merged { page, read, .. } = merge_page(
            SortOrder::Desc,
            blocks.into_iter().map(Ok::<_, Infallible>),
            None,
            (5, usize::MAX),
            |_| Ok(true),
        )
        .unwrap();
        assert_eq!(page.first().map(|r| r.ts), Some(99));
        assert_eq!(page.len(), 5);
        assert_eq!(read, 1, "the newest block holds the whole page");
    }
}
