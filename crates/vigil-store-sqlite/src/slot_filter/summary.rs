//! What a block of records holds, in brief, and whether a [`SlotFilter`] can keep any of them.
//!
//! The block layout reads a block's column section only if the block may hold a
//! record the query keeps. [`BlockSummary`] records, for a group of records:
//! - the range of event times;
//! - a mask of the sign-in event types present;
//! - per column, the smallest and largest value, and whether NULLs and non-NULLs occur;
//! - a Bloom filter over (column, value) pairs and record-id hashes (`bloom.rs`).
//!
//! Reads never rebuild a summary: [`SummaryView`] parses the stored bytes where they lie
//! (`bytes.rs`) and probes the Bloom filter there.
//!
//! [`SlotFilter::may_keep_any`] walks the compiled filter over the summary. For each node it
//! works out whether some record may make the node true, and whether some record may make it
//! anything else (false or unknown). `Not` swaps the two, which is how
//! `not(signInEventTypes/any(t: t eq 'interactiveUser'))` skips blocks of interactive
//! sign-ins. Every answer errs towards "may": a "no" is a proof. The tests check that on
//! every block of a demo store, for every filter of the `slot_filter` tests.

use std::cmp::Ordering;

use vigil_query::CompareOp;

use super::{Bound, ColumnValue, Node, SlotFilter, SlotValues, Target};
use crate::schema;
use bloom::{BloomBuilder, BloomView};

mod bloom;
mod bytes;

/// Owned column value, for the per-column extremes.
#[derive(Debug, Clone, PartialEq)]
enum Extreme {
    Int(i64),
    Text(String),
}

impl Extreme {
    fn of(value: ColumnValue<'_>) -> Option<Extreme> {
        match value {
            ColumnValue::Null => None,
            ColumnValue::Int(i) => Some(Extreme::Int(i)),
            ColumnValue::Text(t) => Some(Extreme::Text(t.to_owned())),
        }
    }

    fn as_value(&self) -> ColumnValue<'_> {
        match self {
            Extreme::Int(i) => ColumnValue::Int(*i),
            Extreme::Text(t) => ColumnValue::Text(t),
        }
    }
}

/// One column across a block.
#[derive(Debug, Clone, Default)]
struct ColumnRange {
    min: Option<Extreme>,
    max: Option<Extreme>,
    has_null: bool,
}

/// A block of records in brief, as built for writing; see the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct BlockSummary {
    min_ts: i64,
    max_ts: i64,
    /// Bit `code` set when a record of event type `code` is present.
    event_types: u64,
    columns: Vec<ColumnRange>,
    /// The Bloom filter's words.
    members: Vec<u64>,
}

/// One column's (smallest, largest, whether NULL occurs) in a [`SummaryView`]; no extremes
/// when every value is NULL.
type RangeView<'a> = (Option<ColumnValue<'a>>, Option<ColumnValue<'a>>, bool);

/// A stored summary, read in place.
#[derive(Debug, Clone)]
pub(crate) struct SummaryView<'a> {
    min_ts: i64,
    max_ts: i64,
    event_types: u64,
    columns: Vec<RangeView<'a>>,
    /// `None` for a summary whose filter this version does not read (the first format's,
    /// laid out by a crate): it then rules nothing out by membership.
    members: Option<BloomView<'a>>,
}

impl SummaryView<'_> {
    /// Whether `key` may be in the block.
    fn may_contain(&self, key: u64) -> bool {
        self.members.is_none_or(|m| m.contains(key))
    }

    /// The oldest and newest event time in the block.
    pub(crate) fn time_range(&self) -> (i64, i64) {
        (self.min_ts, self.max_ts)
    }
}

/// The Bloom hash of a column value; `None` for NULL. Summaries are stored, so this is
/// spelled out byte by byte (FNV-1a, then a 64-bit finaliser to spread it over the filter's
/// bits) rather than left to `Hash` implementations that may change.
fn member_key(column: usize, value: ColumnValue<'_>) -> Option<u64> {
    let column = u8::try_from(column).unwrap_or(u8::MAX);
    match value {
        ColumnValue::Null => None,
        ColumnValue::Int(i) => Some(member_hash(column, 1, &i.to_le_bytes())),
        ColumnValue::Text(t) => Some(member_hash(column, 2, t.as_bytes())),
    }
}

/// The Bloom hash of a record-id hash (no column has this index).
fn id_key(hash: i64) -> u64 {
    member_hash(u8::MAX, 1, &hash.to_le_bytes())
}

fn member_hash(column: u8, tag: u8, bytes: &[u8]) -> u64 {
    let mut hash = vigil_model::hash::Fnv1a::new()
        .write(&[column, tag])
        .write(bytes)
        .finish();
    // The splitmix64 finaliser.
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

fn event_type_bit(code: i64) -> u64 {
    u32::try_from(code)
        .ok()
        .and_then(|c| 1u64.checked_shl(c))
        .unwrap_or(0)
}

impl BlockSummary {
    /// The summary of `slots`, records of a kind with `columns` columns.
    pub(crate) fn build<S: SlotValues>(columns: usize, slots: &[S]) -> BlockSummary {
        let mut members = BloomBuilder::for_keys(slots.len() * (columns + 1));
        let mut ranges = vec![ColumnRange::default(); columns];
        let (mut min_ts, mut max_ts) = (i64::MAX, i64::MIN);
        let mut event_types = 0u64;
        for slot in slots {
            min_ts = min_ts.min(slot.ts());
            max_ts = max_ts.max(slot.ts());
            if let Some(code) = slot.etype() {
                event_types |= event_type_bit(code);
            }
            members.insert(id_key(schema::id_hash(slot.id())));
            for (index, range) in ranges.iter_mut().enumerate() {
                let value = slot.column(index);
                match member_key(index, value) {
                    None => range.has_null = true,
                    Some(key) => {
                        members.insert(key);
                        widen(&mut range.min, value, Ordering::Less);
                        widen(&mut range.max, value, Ordering::Greater);
                    }
                }
            }
        }
        BlockSummary {
            min_ts,
            max_ts,
            event_types,
            columns: ranges,
            members: members.finish(),
        }
    }
}

/// Replaces `extreme` with `value` when there is none yet or `value` compares `beyond` it.
fn widen(extreme: &mut Option<Extreme>, value: ColumnValue<'_>, beyond: Ordering) {
    if extreme
        .as_ref()
        .is_none_or(|e| compare(value, e.as_value()) == beyond)
    {
        *extreme = Extreme::of(value);
    }
}

/// SQLite's order of two non-NULL values: integers before text, text byte-wise.
fn compare(a: ColumnValue<'_>, b: ColumnValue<'_>) -> Ordering {
    match (a, b) {
        (ColumnValue::Int(x), ColumnValue::Int(y)) => x.cmp(&y),
        (ColumnValue::Text(x), ColumnValue::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (ColumnValue::Int(_), _) | (ColumnValue::Null, ColumnValue::Text(_)) => Ordering::Less,
        (ColumnValue::Text(_), _) | (ColumnValue::Null, ColumnValue::Int(_)) => Ordering::Greater,
        (ColumnValue::Null, ColumnValue::Null) => Ordering::Equal,
    }
}

fn bound_value(bound: &Bound) -> ColumnValue<'_> {
    match bound {
        Bound::Int(i) => ColumnValue::Int(*i),
        Bound::Text(t) => ColumnValue::Text(t),
    }
}

/// For one node over a block: may some record make it true, may some make it not true.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reach {
    true_: bool,
    not_true: bool,
}

const UNKNOWN: Reach = Reach {
    true_: true,
    not_true: true,
};

/// A target's range across the block: (min, max, has NULL); `None` extremes when every
/// value is NULL.
fn range_of<'s>(summary: &SummaryView<'s>, target: &Target) -> Option<RangeView<'s>> {
    match target {
        Target::Ts => Some((
            Some(ColumnValue::Int(summary.min_ts)),
            Some(ColumnValue::Int(summary.max_ts)),
            false,
        )),
        Target::Column(index) => summary.columns.get(*index).copied(),
    }
}

/// Whether some value in [min, max] may equal `value`, by range and (for columns) Bloom.
fn may_equal(
    summary: &SummaryView<'_>,
    target: &Target,
    min: ColumnValue<'_>,
    max: ColumnValue<'_>,
    value: ColumnValue<'_>,
) -> bool {
    if compare(value, min) == Ordering::Less || compare(value, max) == Ordering::Greater {
        return false;
    }
    match target {
        Target::Ts => true,
        Target::Column(index) => {
            member_key(*index, value).is_none_or(|key| summary.may_contain(key))
        }
    }
}

fn reach(node: &Node, summary: &SummaryView<'_>) -> Reach {
    match node {
        Node::And(children) => {
            let parts: Vec<Reach> = children.iter().map(|c| reach(c, summary)).collect();
            Reach {
                true_: parts.iter().all(|r| r.true_),
                not_true: parts.iter().any(|r| r.not_true),
            }
        }
        Node::Or(children) => {
            let parts: Vec<Reach> = children.iter().map(|c| reach(c, summary)).collect();
            Reach {
                true_: parts.iter().any(|r| r.true_),
                not_true: parts.iter().all(|r| r.not_true),
            }
        }
        Node::Not(inner) => {
            let inner = reach(inner, summary);
            Reach {
                true_: inner.not_true,
                not_true: inner.true_,
            }
        }
        Node::Compare { target, op, value } => {
            let Some((min, max, has_null)) = range_of(summary, target) else {
                return UNKNOWN;
            };
            let (Some(min), Some(max)) = (min, max) else {
                // Every value is NULL: the comparison is unknown for every record.
                return Reach {
                    true_: false,
                    not_true: true,
                };
            };
            let v = bound_value(value);
            let below = |x: ColumnValue<'_>| compare(x, v) == Ordering::Less;
            let above = |x: ColumnValue<'_>| compare(x, v) == Ordering::Greater;
            // Some value makes it true / every value makes it true (NULLs aside).
            let (some, every) = match op {
                CompareOp::Eq => (
                    may_equal(summary, target, min, max, v),
                    !below(min) && !above(min) && !below(max) && !above(max),
                ),
                CompareOp::Ne => (
                    !(!below(min) && !above(min) && !below(max) && !above(max)),
                    below(max) || above(min),
                ),
                CompareOp::Gt => (above(max), above(min)),
                CompareOp::Ge => (!below(max), !below(min)),
                CompareOp::Lt => (below(min), below(max)),
                CompareOp::Le => (!above(min), !above(max)),
            };
            Reach {
                true_: some,
                not_true: has_null || !every,
            }
        }
        Node::IsNull { target, negated } => {
            let Some((min, _, has_null)) = range_of(summary, target) else {
                return UNKNOWN;
            };
            let has_value = min.is_some();
            let (true_, not_true) = if *negated {
                (has_value, has_null)
            } else {
                (has_null, has_value)
            };
            Reach { true_, not_true }
        }
        Node::In { target, values } => match range_of(summary, target) {
            None => UNKNOWN,
            Some((Some(min), Some(max), _)) => Reach {
                true_: values
                    .iter()
                    .any(|v| may_equal(summary, target, min, max, bound_value(v))),
                not_true: true,
            },
            // Every value is NULL.
            Some(_) => Reach {
                true_: false,
                not_true: true,
            },
        },
        Node::Range {
            target,
            lower,
            upper,
        } => match range_of(summary, target) {
            None => UNKNOWN,
            Some((Some(min), Some(max), _)) => Reach {
                true_: compare(max, bound_value(lower)) != Ordering::Less
                    && upper
                        .as_ref()
                        .is_none_or(|u| compare(min, bound_value(u)) == Ordering::Less),
                not_true: true,
            },
            Some(_) => Reach {
                true_: false,
                not_true: true,
            },
        },
        Node::IdHashIn(hashes) => Reach {
            true_: hashes.iter().any(|h| summary.may_contain(id_key(*h))),
            not_true: true,
        },
        Node::IdIs { hash, .. } => Reach {
            true_: summary.may_contain(id_key(*hash)),
            not_true: true,
        },
        Node::EventType(code) => {
            let bit = event_type_bit(*code);
            Reach {
                true_: summary.event_types & bit != 0,
                not_true: summary.event_types & !bit != 0,
            }
        }
    }
}

impl SlotFilter {
    /// Whether some record of the summarised block may pass [`SlotFilter::holds`]; `false`
    /// proves that none does.
    pub(crate) fn may_keep_any(&self, summary: &SummaryView<'_>) -> bool {
        reach(&self.node, summary).true_
    }
}
