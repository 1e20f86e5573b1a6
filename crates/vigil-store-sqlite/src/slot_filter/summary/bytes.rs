//! A [`BlockSummary`] on disk, and the [`SummaryView`] that reads it in place.
//!
//! Layout, all integers little-endian, values as in the column section
//! (`block_columns::put_value`):
//! - `u8` version (2), `i64` oldest time, `i64` newest time, `u64` event-type mask;
//! - `u16` column count, then per column: `u8` 1 when a NULL occurs, its smallest and its
//!   largest value (NULL when every value is NULL);
//! - the Bloom filter (`bloom.rs`): `u8` bits per key, `u32` word count (a power of two),
//!   the `u64` words.
//!
//! Version 1 wrote the same header and a filter laid out by the `fastbloom` crate (`u32`
//! hash count, `u32` word count, words). Its header is still read; its filter is skipped,
//! so such a block is ruled out by its ranges and event types only.

use super::bloom::{self, BloomView};
use super::{BlockSummary, Extreme, RangeView, SummaryView};
use crate::block_columns::{BlockFormatError, Reader, put_len, put_value};
use crate::slot_filter::ColumnValue;

const VERSION: u8 = 2;
/// The first format, whose filter is not read any more.
const VERSION_CRATE_FILTER: u8 = 1;

fn put_extreme(out: &mut Vec<u8>, extreme: Option<&Extreme>) {
    put_value(out, extreme.map_or(ColumnValue::Null, Extreme::as_value));
}

impl BlockSummary {
    /// The oldest and newest event time in the block.
    pub(crate) fn time_range(&self) -> (i64, i64) {
        (self.min_ts, self.max_ts)
    }

    /// The stored form.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(40 + self.columns.len() * 40 + self.members.len() * 8);
        out.push(VERSION);
        out.extend_from_slice(&self.min_ts.to_le_bytes());
        out.extend_from_slice(&self.max_ts.to_le_bytes());
        out.extend_from_slice(&self.event_types.to_le_bytes());
        let columns = u16::try_from(self.columns.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&columns.to_le_bytes());
        for range in self.columns.iter().take(usize::from(columns)) {
            out.push(u8::from(range.has_null));
            put_extreme(&mut out, range.min.as_ref());
            put_extreme(&mut out, range.max.as_ref());
        }
        out.push(bloom::BITS as u8);
        put_len(&mut out, self.members.len());
        for word in &self.members {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out
    }
}

impl<'a> SummaryView<'a> {
    /// Reads what [`BlockSummary::to_bytes`] wrote (or the first format's header).
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<SummaryView<'a>, BlockFormatError> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version != VERSION && version != VERSION_CRATE_FILTER {
            return Err(BlockFormatError::Version(version));
        }
        let min_ts = r.i64()?;
        let max_ts = r.i64()?;
        let event_types = u64::from_le_bytes(r.array()?);
        let count = usize::from(r.u16()?);
        let mut columns: Vec<RangeView<'a>> = Vec::with_capacity(count);
        for _ in 0..count {
            let has_null = match r.u8()? {
                0 => false,
                1 => true,
                tag => {
                    return Err(BlockFormatError::Tag {
                        tag,
                        at: r.at() - 1,
                    });
                }
            };
            let extreme = |value: ColumnValue<'a>| (value != ColumnValue::Null).then_some(value);
            let min = extreme(r.value()?);
            let max = extreme(r.value()?);
            columns.push((min, max, has_null));
        }
        let members = if version == VERSION {
            let bits = r.u8()?;
            if u32::from(bits) != bloom::BITS {
                return Err(BlockFormatError::Count(usize::from(bits)));
            }
            let words = r.u32()? as usize;
            let stored = r.take(words.checked_mul(8).ok_or(BlockFormatError::Count(words))?)?;
            r.finish()?;
            Some(BloomView::new(stored).ok_or(BlockFormatError::Count(words))?)
        } else {
            None
        };
        Ok(SummaryView {
            min_ts,
            max_ts,
            event_types,
            columns,
            members,
        })
    }
}
