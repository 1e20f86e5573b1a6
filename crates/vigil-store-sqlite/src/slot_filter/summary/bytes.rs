//! A [`BlockSummary`] on disk.
//!
//! Layout, all integers little-endian, values as in the column section
//! (`block_columns::put_value`):
//! - `u8` version (1), `i64` oldest time, `i64` newest time, `u64` event-type mask;
//! - `u16` column count, then per column: `u8` 1 when a NULL occurs, its smallest and its
//!   largest value (NULL when every value is NULL);
//! - the Bloom filter: `u32` hash count, `u32` word count, the `u64` words.

use fastbloom::BloomFilter;

use super::{BlockSummary, ColumnRange, Extreme};
use crate::block_columns::{BlockFormatError, Reader, put_len, put_value};
use crate::slot_filter::ColumnValue;

const VERSION: u8 = 1;
/// More hashes than any filter this store builds (it aims at 1 % false positives: 7).
const MAX_HASHES: u32 = 64;

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
        let words = self.members.as_slice();
        let mut out = Vec::with_capacity(40 + self.columns.len() * 40 + words.len() * 8);
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
        out.extend_from_slice(&self.members.num_hashes().to_le_bytes());
        put_len(&mut out, words.len());
        for word in words {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out
    }

    /// Reads what [`BlockSummary::to_bytes`] wrote.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<BlockSummary, BlockFormatError> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version != VERSION {
            return Err(BlockFormatError::Version(version));
        }
        let min_ts = r.i64()?;
        let max_ts = r.i64()?;
        let event_types = u64::from_le_bytes(r.array()?);
        let count = usize::from(r.u16()?);
        let mut columns = Vec::with_capacity(count);
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
            let min = Extreme::of(r.value()?);
            let max = Extreme::of(r.value()?);
            columns.push(ColumnRange { min, max, has_null });
        }
        let hashes = r.u32()?;
        let words = r.u32()? as usize;
        if hashes == 0 || hashes > MAX_HASHES {
            return Err(BlockFormatError::Count(hashes as usize));
        }
        if words == 0 || words > (bytes.len() - r.at()) / 8 {
            return Err(BlockFormatError::Count(words));
        }
        let mut bits = Vec::with_capacity(words);
        for _ in 0..words {
            bits.push(u64::from_le_bytes(r.array()?));
        }
        r.finish()?;
        Ok(BlockSummary {
            min_ts,
            max_ts,
            event_types,
            columns,
            members: BloomFilter::from_vec(bits).hashes(hashes),
        })
    }
}
