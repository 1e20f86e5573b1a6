//! A block's body section: every record's compressed body, each reachable alone.
//!
//! Bodies stay one zstd frame per record (`codec.rs`, with the kind's dictionary), so a page
//! that returns a few records of a block decompresses only those. The frames are packed
//! back to back after a table of where each one ends.
//!
//! Layout, all integers little-endian:
//! - `u8` version (1), `u32` record count;
//! - per record a `u32`: the end of its frame, counted from the start of the frames;
//! - the frames.
//!
//! [`BlockBodies::parse`] checks the table once (ends never decrease and the last one is
//! where the section ends), so [`BlockBodies::get`] cannot read out of bounds.

const VERSION: u8 = 1;
/// Bytes before the table of ends.
pub(crate) const HEADER: usize = 5;

/// Why a body section could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub(crate) enum BlockBodiesError {
    /// Shorter than its header or its table says.
    #[error("block body section truncated: {0} bytes")]
    Truncated(usize),
    /// A version this build does not know.
    #[error("block body section version {0} is not supported")]
    Version(u8),
    /// The table of ends is not a valid partition of the frames.
    #[error("block body section has a frame ending at {end} after one ending at {previous}")]
    Table { previous: usize, end: usize },
    /// Bytes after the last frame.
    #[error("block body section has {0} bytes after its last frame")]
    Trailing(usize),
    /// A slot the section does not hold.
    #[error("block body section has no slot {slot} (it holds {count})")]
    Slot { slot: usize, count: usize },
}

/// Packs `frames` into one section.
pub(crate) fn encode<'f>(frames: impl ExactSizeIterator<Item = &'f [u8]> + Clone) -> Vec<u8> {
    let count = frames.len();
    let total: usize = frames.clone().map(<[u8]>::len).sum();
    let mut out = Vec::with_capacity(HEADER + 4 * count + total);
    out.push(VERSION);
    out.extend_from_slice(&to_u32(count).to_le_bytes());
    let mut end = 0usize;
    for frame in frames.clone() {
        end += frame.len();
        out.extend_from_slice(&to_u32(end).to_le_bytes());
    }
    for frame in frames {
        out.extend_from_slice(frame);
    }
    out
}

/// A block holds a few hundred records of a few KB each, far below 4 GiB.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The record count of a section whose first [`HEADER`] bytes are `head`.
pub(crate) fn count(head: [u8; HEADER]) -> Result<usize, BlockBodiesError> {
    if head[0] != VERSION {
        return Err(BlockBodiesError::Version(head[0]));
    }
    Ok(u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize)
}

/// Where the frame of `slot` lies in a section of `size` bytes holding `count` records,
/// given the table's ends before and at the slot (`previous` is 0 for slot 0). For readers
/// that fetch one frame without the rest of the section; the range is checked against what
/// such a reader knows (the bounds of the section), not the whole table.
pub(crate) fn frame_range(
    count: usize,
    size: usize,
    (previous, end): (u32, u32),
) -> Result<std::ops::Range<usize>, BlockBodiesError> {
    let frames_at = count
        .checked_mul(4)
        .and_then(|t| t.checked_add(HEADER))
        .filter(|at| *at <= size)
        .ok_or(BlockBodiesError::Truncated(size))?;
    let (previous, end) = (previous as usize, end as usize);
    if end < previous || frames_at + end > size {
        return Err(BlockBodiesError::Table { previous, end });
    }
    Ok(frames_at + previous..frames_at + end)
}

/// A parsed body section, borrowing its bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BlockBodies<'a> {
    table: &'a [u8],
    frames: &'a [u8],
}

impl<'a> BlockBodies<'a> {
    /// Checks the header and table of `bytes`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<BlockBodies<'a>, BlockBodiesError> {
        let truncated = || BlockBodiesError::Truncated(bytes.len());
        let (&version, rest) = bytes.split_first().ok_or_else(truncated)?;
        if version != VERSION {
            return Err(BlockBodiesError::Version(version));
        }
        let (count, rest) = rest.split_first_chunk::<4>().ok_or_else(truncated)?;
        let count = u32::from_le_bytes(*count) as usize;
        let table_len = count.checked_mul(4).ok_or_else(truncated)?;
        if rest.len() < table_len {
            return Err(truncated());
        }
        let (table, frames) = rest.split_at(table_len);
        let mut previous = 0usize;
        for chunk in table.chunks_exact(4) {
            let end = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize;
            if end < previous || end > frames.len() {
                return Err(BlockBodiesError::Table { previous, end });
            }
            previous = end;
        }
        if previous != frames.len() {
            return Err(BlockBodiesError::Trailing(frames.len() - previous));
        }
        Ok(BlockBodies { table, frames })
    }

    /// How many frames the section holds.
    pub(crate) fn len(&self) -> usize {
        self.table.len() / 4
    }

    fn end(&self, slot: usize) -> usize {
        let at = slot * 4;
        self.table
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    /// The frame of `slot`.
    pub(crate) fn get(&self, slot: usize) -> Result<&'a [u8], BlockBodiesError> {
        let count = self.len();
        if slot >= count {
            return Err(BlockBodiesError::Slot { slot, count });
        }
        let start = if slot == 0 { 0 } else { self.end(slot - 1) };
        // `parse` checked that ends never decrease and stay inside the frames.
        self.frames
            .get(start..self.end(slot))
            .ok_or(BlockBodiesError::Slot { slot, count })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use proptest::prelude::*;

    use super::*;

    fn pack(frames: &[Vec<u8>]) -> Vec<u8> {
        encode(frames.iter().map(Vec::as_slice))
    }

    proptest! {
        #[test]
        fn every_frame_comes_back_alone(frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 0..30)) {
            let bytes = pack(&frames);
            let bodies = BlockBodies::parse(&bytes).unwrap();
            prop_assert_eq!(bodies.len(), frames.len());
            for (slot, frame) in frames.iter().enumerate() {
                prop_assert_eq!(bodies.get(slot).unwrap(), frame.as_slice());
            }
            let missing = BlockBodiesError::Slot { slot: frames.len(), count: frames.len() };
            prop_assert_eq!(bodies.get(frames.len()), Err(missing));
        }

        #[test]
        fn every_cut_is_an_error(frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 1..20), 1..10)) {
            let bytes = pack(&frames);
            for cut in 0..bytes.len() {
                prop_assert!(BlockBodies::parse(&bytes[..cut]).is_err(), "cut at {}", cut);
            }
        }

        #[test]
        fn damaged_sections_never_panic_or_read_out_of_bounds(
            frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..20), 0..10),
            flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        ) {
            let mut bytes = pack(&frames);
            for (at, value) in flips {
                let len = bytes.len();
                bytes[at % len] ^= value;
            }
            if let Ok(bodies) = BlockBodies::parse(&bytes) {
                for slot in 0..bodies.len() {
                    let frame = bodies.get(slot).unwrap();
                    prop_assert!(frame.len() <= bytes.len());
                }
            }
        }
    }

    proptest! {
        #[test]
        fn one_frame_is_found_from_the_header_and_two_ends(frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..30)) {
            let bytes = pack(&frames);
            let head: [u8; HEADER] = bytes[..HEADER].try_into().unwrap();
            let count = super::count(head).unwrap();
            prop_assert_eq!(count, frames.len());
            let end = |slot: usize| {
                let at = HEADER + 4 * slot;
                u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
            };
            for (slot, frame) in frames.iter().enumerate() {
                let previous = if slot == 0 { 0 } else { end(slot - 1) };
                let range = frame_range(count, bytes.len(), (previous, end(slot))).unwrap();
                prop_assert_eq!(&bytes[range], frame.as_slice());
            }
        }

        #[test]
        fn a_frame_range_never_leaves_the_section(count in 0usize..600, size in 0usize..5_000, previous in any::<u32>(), end in any::<u32>()) {
            if let Ok(range) = frame_range(count, size, (previous, end)) {
                prop_assert!(range.start <= range.end && range.end <= size);
            }
        }
    }

    #[test]
    fn versions_and_trailing_bytes_are_named() {
        let mut bytes = pack(&[vec![1, 2, 3]]);
        bytes.push(9);
        assert_eq!(
            BlockBodies::parse(&bytes).unwrap_err(),
            BlockBodiesError::Trailing(1)
        );
        bytes[0] = 7;
        assert_eq!(
            BlockBodies::parse(&bytes).unwrap_err(),
            BlockBodiesError::Version(7)
        );
    }
}
