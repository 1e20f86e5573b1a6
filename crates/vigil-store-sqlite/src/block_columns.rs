//! A block's column section: per record its sequence, time, event type, id and column
//! values, in one buffer that is read back without copying.
//!
//! The block layout (`blocks.rs`) stores one row per block of records. The row holds this
//! section, next to the compressed bodies and the block's summary. A reader decodes the section of each candidate block, evaluates
//! the compiled filter on its records ([`crate::slot_filter::SlotFilter::holds`]), and
//! decompresses only the bodies it returns.
//!
//! Layout, all integers little-endian:
//! - `u8` version (2), `u32` record count, `u16` column count;
//! - the block's text table: `u32` entry count, then per entry a `u32` length and UTF-8
//!   bytes. Every distinct column text of the block is written here once: a block's records
//!   repeat their apps, resources, locations, statuses and users, so this halves the section;
//! - per record: `i64` seq, `i64` time, `i64` event type (`i64::MIN` for none), `u32` id
//!   length and the id's UTF-8 bytes;
//! - then each column value: tag `0` NULL, tag `1` and an `i64`, tag `2`, a `u32` length and
//!   UTF-8 bytes (text written in place), or tag `3` and the `u16` index of a table entry.
//!
//! Version 1 had no table (and so no tag `3`); it is still read.
//!
//! Decoding checks every length, tag and id, so a damaged section is an error, never a
//! panic or a wrong value of another type. Column text is checked to be UTF-8 when it is read
//! ([`StoredValue::get`]); damaged text reads as NULL.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::slot_filter::{ColumnValue, SlotValues};

const VERSION: u8 = 2;
/// The first format: every text in place.
const VERSION_NO_TABLE: u8 = 1;
/// Most entries a text table holds (its indexes are `u16`); later texts are written in place.
const MAX_TABLE: usize = 1 << 16;
const NO_EVENT_TYPE: i64 = i64::MIN;

/// Why a block's column section or summary could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub(crate) enum BlockFormatError {
    /// The section ends inside a value.
    #[error("block section truncated at byte {0}")]
    Truncated(usize),
    /// A version this build does not know.
    #[error("block section version {0} is not supported")]
    Version(u8),
    /// A value tag that does not exist.
    #[error("block section has an unknown value tag {tag} at byte {at}")]
    Tag { tag: u8, at: usize },
    /// Text that is not UTF-8.
    #[error("block section has text that is not UTF-8 at byte {0}")]
    Utf8(usize),
    /// Bytes after the last record.
    #[error("block section has {0} bytes after its end")]
    Trailing(usize),
    /// A count that does not fit what follows it.
    #[error("block section has an impossible count {0}")]
    Count(usize),
}

/// A column value as a section holds it. Text is checked to be UTF-8 only when the value is
/// read ([`SlotValues::column`]): a read looks at the few columns its filter names, and
/// checking every value of every decoded record was most of the cost of decoding a block.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StoredValue<'a> {
    Null,
    Int(i64),
    /// Text as read from a section, not yet checked.
    Text(&'a [u8]),
    /// Text already known to be UTF-8: a value on its way into a block, whose summary reads
    /// every value once more.
    Str(&'a str),
}

/// Text compares by its bytes, however it was read.
impl PartialEq for StoredValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        fn bytes<'v>(value: &StoredValue<'v>) -> Result<Option<i64>, &'v [u8]> {
            match *value {
                StoredValue::Null => Ok(None),
                StoredValue::Int(i) => Ok(Some(i)),
                StoredValue::Text(b) => Err(b),
                StoredValue::Str(t) => Err(t.as_bytes()),
            }
        }
        bytes(self) == bytes(other)
    }
}

impl<'a> StoredValue<'a> {
    /// The value; text that is not UTF-8 (a damaged section) reads as NULL.
    pub(crate) fn get(self) -> ColumnValue<'a> {
        match self {
            StoredValue::Null => ColumnValue::Null,
            StoredValue::Int(i) => ColumnValue::Int(i),
            StoredValue::Text(bytes) => {
                std::str::from_utf8(bytes).map_or(ColumnValue::Null, ColumnValue::Text)
            }
            StoredValue::Str(text) => ColumnValue::Text(text),
        }
    }
}

/// One record's entry in a block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlotRecord<'a> {
    pub seq: i64,
    pub ts: i64,
    pub etype: Option<i64>,
    pub id: &'a str,
    pub columns: Vec<StoredValue<'a>>,
}

impl SlotValues for SlotRecord<'_> {
    fn ts(&self) -> i64 {
        self.ts
    }
    fn id(&self) -> &str {
        self.id
    }
    fn etype(&self) -> Option<i64> {
        self.etype
    }
    fn column(&self, index: usize) -> ColumnValue<'_> {
        self.columns
            .get(index)
            .map_or(ColumnValue::Null, |value| value.get())
    }
}

pub(crate) fn put_len(out: &mut Vec<u8>, len: usize) {
    // A record's text is far below 4 GiB (ingest caps a whole batch well under it).
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
}

pub(crate) fn put_text(out: &mut Vec<u8>, text: &str) {
    put_bytes(out, text.as_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(u32::MAX as usize)];
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

/// The text of a stored value, if it is text.
fn text_of<'a>(value: &StoredValue<'a>) -> Option<&'a [u8]> {
    match *value {
        StoredValue::Text(bytes) => Some(bytes),
        StoredValue::Str(text) => Some(text.as_bytes()),
        StoredValue::Null | StoredValue::Int(_) => None,
    }
}

/// Value `index` of `slot` (NULL when missing).
fn value<'a>(slot: &SlotRecord<'a>, index: usize) -> StoredValue<'a> {
    slot.columns
        .get(index)
        .copied()
        .unwrap_or(StoredValue::Null)
}

/// Encodes `slots`, each with `columns` values (missing ones are written as NULL).
pub(crate) fn encode(columns: usize, slots: &[SlotRecord<'_>]) -> Vec<u8> {
    let columns = columns.min(usize::from(u16::MAX));
    // One pass interns every text and remembers each value's entry, so the write below
    // hashes nothing again.
    let mut table: Vec<&[u8]> = Vec::new();
    let mut indexes: HashMap<&[u8], u16, foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(slots.len() * 4, foldhash::fast::FixedState::default());
    let mut entries: Vec<Option<u16>> = Vec::with_capacity(slots.len() * columns);
    for slot in slots {
        for index in 0..columns {
            let entry = text_of(&value(slot, index)).and_then(|text| {
                let next = table.len();
                match indexes.entry(text) {
                    Entry::Occupied(found) => Some(*found.get()),
                    Entry::Vacant(free) if next < MAX_TABLE => {
                        table.push(text);
                        Some(*free.insert(u16::try_from(next).ok()?))
                    }
                    Entry::Vacant(_) => None,
                }
            });
            entries.push(entry);
        }
    }
    let table_bytes: usize = table.iter().map(|t| 4 + t.len()).sum();
    let mut out = Vec::with_capacity(11 + table_bytes + slots.len() * (64 + columns * 3));
    out.push(VERSION);
    put_len(&mut out, slots.len());
    out.extend_from_slice(&u16::try_from(columns).unwrap_or(u16::MAX).to_le_bytes());
    put_len(&mut out, table.len());
    for text in &table {
        put_bytes(&mut out, text);
    }
    let mut entries = entries.into_iter();
    for slot in slots {
        out.extend_from_slice(&slot.seq.to_le_bytes());
        out.extend_from_slice(&slot.ts.to_le_bytes());
        out.extend_from_slice(&slot.etype.unwrap_or(NO_EVENT_TYPE).to_le_bytes());
        put_text(&mut out, slot.id);
        for index in 0..columns {
            let stored = value(slot, index);
            match (entries.next().flatten(), text_of(&stored), stored) {
                (Some(entry), _, _) => {
                    out.push(3);
                    out.extend_from_slice(&entry.to_le_bytes());
                }
                // Text past a full table is written in place.
                (None, Some(bytes), _) => {
                    out.push(2);
                    put_bytes(&mut out, bytes);
                }
                (None, None, StoredValue::Int(i)) => put_value(&mut out, ColumnValue::Int(i)),
                (None, None, _) => out.push(0),
            }
        }
    }
    out
}

/// Writes a value as its tag and bytes (see the module documentation).
pub(crate) fn put_value(out: &mut Vec<u8>, value: ColumnValue<'_>) {
    match value {
        ColumnValue::Null => out.push(0),
        ColumnValue::Int(i) => {
            out.push(1);
            out.extend_from_slice(&i.to_le_bytes());
        }
        ColumnValue::Text(t) => {
            out.push(2);
            put_text(out, t);
        }
    }
}

/// A cursor over a block section's bytes (the summary's encoding reads with it too).
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub(crate) fn finish(&self) -> Result<(), BlockFormatError> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            extra => Err(BlockFormatError::Trailing(extra)),
        }
    }

    /// Where the next byte is.
    pub(crate) fn at(&self) -> usize {
        self.at
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], BlockFormatError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(BlockFormatError::Truncated(self.at))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], BlockFormatError> {
        let at = self.at;
        self.take(N)?
            .try_into()
            .map_err(|_| BlockFormatError::Truncated(at))
    }

    pub(crate) fn u8(&mut self) -> Result<u8, BlockFormatError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, BlockFormatError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, BlockFormatError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, BlockFormatError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A value written by [`put_value`].
    pub(crate) fn value(&mut self) -> Result<ColumnValue<'a>, BlockFormatError> {
        let at = self.at;
        Ok(match self.u8()? {
            0 => ColumnValue::Null,
            1 => ColumnValue::Int(self.i64()?),
            2 => ColumnValue::Text(self.text()?),
            tag => return Err(BlockFormatError::Tag { tag, at }),
        })
    }

    /// A column value of a record, its text not yet checked (see [`StoredValue`]); `table` is
    /// the section's text table.
    fn stored_value(&mut self, table: &[&'a [u8]]) -> Result<StoredValue<'a>, BlockFormatError> {
        let at = self.at;
        Ok(match self.u8()? {
            0 => StoredValue::Null,
            1 => StoredValue::Int(self.i64()?),
            2 => {
                let len = self.u32()? as usize;
                StoredValue::Text(self.take(len)?)
            }
            3 => {
                let entry = usize::from(self.u16()?);
                StoredValue::Text(
                    table
                        .get(entry)
                        .copied()
                        .ok_or(BlockFormatError::Count(entry))?,
                )
            }
            tag => return Err(BlockFormatError::Tag { tag, at }),
        })
    }

    pub(crate) fn text(&mut self) -> Result<&'a str, BlockFormatError> {
        let len = self.u32()? as usize;
        let at = self.at;
        std::str::from_utf8(self.take(len)?).map_err(|_| BlockFormatError::Utf8(at))
    }
}

/// Decodes a section written by [`encode`]; the records borrow their text from `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<SlotRecord<'_>>, BlockFormatError> {
    let mut r = Reader { bytes, at: 0 };
    let version = r.u8()?;
    if version != VERSION && version != VERSION_NO_TABLE {
        return Err(BlockFormatError::Version(version));
    }
    let count = r.u32()? as usize;
    let columns = usize::from(r.u16()?);
    let mut table = Vec::new();
    if version == VERSION {
        let entries = r.u32()? as usize;
        // Every entry takes at least 4 bytes, so a damaged count cannot reserve much.
        table.reserve(entries.min(bytes.len() / 4));
        for _ in 0..entries {
            let len = r.u32()? as usize;
            table.push(r.take(len)?);
        }
    }
    // Every record takes at least 28 bytes, so a damaged count cannot reserve much.
    let mut slots = Vec::with_capacity(count.min(bytes.len() / 28));
    for _ in 0..count {
        let seq = r.i64()?;
        let ts = r.i64()?;
        let etype = Some(r.i64()?).filter(|e| *e != NO_EVENT_TYPE);
        let id = r.text()?;
        let mut values = Vec::with_capacity(columns.min(r.bytes.len() - r.at));
        for _ in 0..columns {
            values.push(r.stored_value(&table)?);
        }
        slots.push(SlotRecord {
            seq,
            ts,
            etype,
            id,
            columns: values,
        });
    }
    r.finish()?;
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Owned {
        Null,
        Int(i64),
        Text(String),
    }

    fn owned() -> impl Strategy<Value = Owned> {
        prop_oneof![
            Just(Owned::Null),
            any::<i64>().prop_map(Owned::Int),
            ".{0,12}".prop_map(Owned::Text),
            // Texts that recur across records, as apps and users do.
            prop::sample::select(vec!["", "contoso", "Microsoft Teams"])
                .prop_map(|t| Owned::Text(t.to_owned())),
        ]
    }

    type Raw = (i64, i64, Option<i64>, String, Vec<Owned>);

    fn raw_slots(columns: usize) -> impl Strategy<Value = Vec<Raw>> {
        prop::collection::vec(
            (
                any::<i64>(),
                any::<i64>(),
                prop::option::of(0i64..8),
                ".{0,40}",
                prop::collection::vec(owned(), columns),
            ),
            0..20,
        )
    }

    fn borrow(raw: &[Raw]) -> Vec<SlotRecord<'_>> {
        raw.iter()
            .map(|(seq, ts, etype, id, values)| SlotRecord {
                seq: *seq,
                ts: *ts,
                etype: *etype,
                id,
                columns: values
                    .iter()
                    .map(|v| match v {
                        Owned::Null => StoredValue::Null,
                        Owned::Int(i) => StoredValue::Int(*i),
                        Owned::Text(t) => StoredValue::Text(t.as_bytes()),
                    })
                    .collect(),
            })
            .collect()
    }

    proptest! {
        #[test]
        fn what_is_encoded_decodes_to_the_same_records(raw in raw_slots(5)) {
            let slots = borrow(&raw);
            let bytes = encode(5, &slots);
            prop_assert_eq!(decode(&bytes).unwrap(), slots);
        }

        #[test]
        fn every_cut_of_a_section_is_an_error_not_a_panic(raw in raw_slots(3)) {
            let bytes = encode(3, &borrow(&raw));
            for cut in 0..bytes.len() {
                prop_assert!(decode(&bytes[..cut]).is_err());
            }
        }

        #[test]
        fn damaged_sections_never_panic(raw in raw_slots(3), flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
            let mut bytes = encode(3, &borrow(&raw));
            for (at, value) in flips {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = value;
                }
            }
            let _ = decode(&bytes);
        }
    }

    #[test]
    fn unknown_versions_tags_and_trailing_bytes_are_named() {
        let raw = vec![(1, 2, None, "id".to_owned(), vec![Owned::Int(7)])];
        let bytes = encode(1, &borrow(&raw));
        let mut versioned = bytes.clone();
        versioned[0] = 9;
        assert_eq!(decode(&versioned), Err(BlockFormatError::Version(9)));
        let mut tagged = bytes.clone();
        let tag_at = bytes.len() - 9;
        tagged[tag_at] = 7;
        assert_eq!(
            decode(&tagged),
            Err(BlockFormatError::Tag { tag: 7, at: tag_at })
        );
        let mut trailing = bytes;
        trailing.push(0);
        assert_eq!(decode(&trailing), Err(BlockFormatError::Trailing(1)));
    }

    #[test]
    fn recurring_text_is_stored_once() {
        let app = "4765445b-32c6-49b0-83e6-1d93765276ca";
        let raw: Vec<Raw> = (0..100)
            .map(|n| {
                (
                    n,
                    n,
                    None,
                    format!("id-{n}"),
                    vec![Owned::Text(app.to_owned())],
                )
            })
            .collect();
        let bytes = encode(1, &borrow(&raw));
        let copies = bytes
            .windows(app.len())
            .filter(|w| *w == app.as_bytes())
            .count();
        assert_eq!(copies, 1);
        let decoded = decode(&bytes).unwrap();
        assert!(
            decoded
                .iter()
                .all(|r| r.column(0) == ColumnValue::Text(app))
        );
    }

    #[test]
    fn first_format_sections_still_decode() {
        let mut bytes = vec![VERSION_NO_TABLE];
        put_len(&mut bytes, 1);
        bytes.extend_from_slice(&2u16.to_le_bytes());
        for n in [5i64, 6, NO_EVENT_TYPE] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        put_text(&mut bytes, "id");
        put_value(&mut bytes, ColumnValue::Text("contoso"));
        put_value(&mut bytes, ColumnValue::Int(7));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.len(), 1);
        assert_eq!(
            (decoded[0].seq, decoded[0].ts, decoded[0].etype),
            (5, 6, None)
        );
        assert_eq!(decoded[0].column(0), ColumnValue::Text("contoso"));
        assert_eq!(decoded[0].column(1), ColumnValue::Int(7));
    }

    #[test]
    fn a_reference_past_the_table_is_an_error() {
        let raw = vec![(1, 2, None, "id".to_owned(), vec![Owned::Text("x".into())])];
        let mut bytes = encode(1, &borrow(&raw));
        let at = bytes.len() - 2;
        bytes[at..].copy_from_slice(&9u16.to_le_bytes());
        assert_eq!(decode(&bytes), Err(BlockFormatError::Count(9)));
    }

    #[test]
    fn text_past_a_full_table_is_written_in_place() {
        let raw: Vec<Raw> = (0..MAX_TABLE as i64 + 10)
            .map(|n| {
                (
                    n,
                    n,
                    None,
                    String::new(),
                    vec![Owned::Text(format!("t{n}"))],
                )
            })
            .collect();
        let slots = borrow(&raw);
        let bytes = encode(1, &slots);
        assert_eq!(decode(&bytes).unwrap(), slots);
    }
}
