//! Event Hub messages (azure-monitor-formats §2.1): every message body is one JSON object,
//! `{"records":[<record>,<record>,…]}`, of at most 256 KiB; a larger batch is split across
//! several messages.
//!
//! [`RecordsBatcher`] packs records greedily and in order: a record joins the open message
//! if the message then still fits the limit, otherwise the open message is finished and the
//! record starts the next one. A record that does not fit an empty message by itself is sent
//! **alone**, in a message over the limit: splitting a record would break it, and dropping
//! it would lose data, so the limit is kept for every message holding two or more records
//! and the transport decides what to do with an oversized one (Event Hubs accepts up to
//! 1 MB per event on Standard, more on Premium). Records are written in [`crate::record_bytes`]
//! layout; the wrapper is compact. No compression here.

use serde_json::Value;

use crate::layout::write_record;

/// Azure's cap on one Event Hub message: 256 KiB.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 256 * 1024;

const PREFIX: &[u8] = b"{\"records\":[";
const SUFFIX: &[u8] = b"]}";

/// The size of a message holding no records, `{"records":[]}`.
pub const EMPTY_MESSAGE_BYTES: usize = PREFIX.len() + SUFFIX.len();

/// One Event Hub message body: `{"records":[…]}` as UTF-8 JSON bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordsMessage {
    body: Vec<u8>,
    records: usize,
}

impl RecordsMessage {
    /// The message body.
    pub fn as_bytes(&self) -> &[u8] {
        &self.body
    }

    /// The message body, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.body
    }

    /// The body's size in bytes.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether the body is empty (never true: a message holds at least one record).
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// How many records the message holds.
    pub fn record_count(&self) -> usize {
        self.records
    }
}

/// Packs records into [`RecordsMessage`]s of at most `max_bytes` each (see the module docs
/// for a record larger than that).
#[derive(Debug, Clone)]
pub struct RecordsBatcher {
    max_bytes: usize,
    body: Vec<u8>,
    records: usize,
    scratch: Vec<u8>,
}

impl Default for RecordsBatcher {
    fn default() -> Self {
        RecordsBatcher::new(DEFAULT_MAX_MESSAGE_BYTES)
    }
}

impl RecordsBatcher {
    /// A batcher for messages of at most `max_bytes`. Any limit works; one at or below
    /// [`EMPTY_MESSAGE_BYTES`] puts every record in a message of its own.
    pub fn new(max_bytes: usize) -> RecordsBatcher {
        RecordsBatcher {
            max_bytes,
            body: Vec::new(),
            records: 0,
            scratch: Vec::new(),
        }
    }

    /// The configured limit.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Records in the open (unfinished) message.
    pub fn pending_records(&self) -> usize {
        self.records
    }

    /// Adds one record; returns the messages this completed, in order (none, one, or two
    /// when an oversized record follows a non-empty open message).
    pub fn push(&mut self, record: &Value) -> Vec<RecordsMessage> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write_record(&mut scratch, record);
        let done = self.push_encoded(&scratch);
        self.scratch = scratch;
        done
    }

    /// Adds one record already in Azure's layout ([`crate::ExportedRecord::as_bytes`]);
    /// returns the messages this completed, as [`RecordsBatcher::push`] does.
    pub fn push_encoded(&mut self, record: &[u8]) -> Vec<RecordsMessage> {
        let mut done = Vec::new();
        if self.records > 0 && self.body.len() + 1 + record.len() + SUFFIX.len() > self.max_bytes {
            done.extend(self.finish());
        }
        if self.records == 0 {
            self.body.extend_from_slice(PREFIX);
        } else {
            self.body.push(b',');
        }
        self.body.extend_from_slice(record);
        self.records += 1;
        if self.records == 1 && self.body.len() + SUFFIX.len() > self.max_bytes {
            // Oversized: alone in its message, sent right away.
            done.extend(self.finish());
        }
        done
    }

    /// Closes the open message, if it holds any record.
    pub fn finish(&mut self) -> Option<RecordsMessage> {
        if self.records == 0 {
            return None;
        }
        let mut body = std::mem::take(&mut self.body);
        body.extend_from_slice(SUFFIX);
        let records = std::mem::take(&mut self.records);
        Some(RecordsMessage { body, records })
    }
}

/// Packs `records`, in order, into messages of at most `max_bytes` (an oversized record goes
/// alone in its own message).
pub fn pack_records<'a>(
    records: impl IntoIterator<Item = &'a Value>,
    max_bytes: usize,
) -> Vec<RecordsMessage> {
    let mut batcher = RecordsBatcher::new(max_bytes);
    let mut out = Vec::new();
    for record in records {
        out.extend(batcher.push(record));
    }
    out.extend(batcher.finish());
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;

    use super::*;

    fn text(message: &RecordsMessage) -> &str {
        std::str::from_utf8(message.as_bytes()).unwrap()
    }

    #[test]
    fn one_message_when_everything_fits() {
        let records = [json!({"a": 1}), json!({"b": 2})];
        let messages = pack_records(&records, DEFAULT_MAX_MESSAGE_BYTES);
        assert_eq!(messages.len(), 1);
        assert_eq!(text(&messages[0]), r#"{"records":[{ "a": 1},{ "b": 2}]}"#);
        assert_eq!(messages[0].record_count(), 2);
        assert_eq!(messages[0].len(), messages[0].as_bytes().len());
        assert!(!messages[0].is_empty());
    }

    #[test]
    fn splits_at_the_limit_exactly() {
        // `{ "a": 1}` is 9 bytes; two records make 12 + 9 + 1 + 9 + 2 = 33.
        let records = [json!({"a": 1}), json!({"a": 1}), json!({"a": 1})];
        let at_limit = pack_records(&records, 33);
        assert_eq!(
            at_limit.iter().map(|m| m.len()).collect::<Vec<_>>(),
            [33, 23]
        );
        let below = pack_records(&records, 32);
        assert_eq!(
            below.iter().map(RecordsMessage::len).collect::<Vec<_>>(),
            [23; 3]
        );
    }

    #[test]
    fn oversized_record_goes_alone() {
        let big = json!({"big": "x".repeat(100)});
        let records = [json!({"a": 1}), big.clone(), json!({"a": 2})];
        let messages = pack_records(&records, 40);
        assert_eq!(
            messages
                .iter()
                .map(RecordsMessage::record_count)
                .collect::<Vec<_>>(),
            [1, 1, 1]
        );
        assert!(messages[1].len() > 40);
        let body: Value = serde_json::from_slice(messages[1].as_bytes()).unwrap();
        assert_eq!(body, json!({"records": [big]}));
    }

    #[test]
    fn push_reports_both_messages_an_oversized_record_completes() {
        let mut batcher = RecordsBatcher::new(40);
        assert!(batcher.push(&json!({"a": 1})).is_empty());
        assert_eq!(batcher.pending_records(), 1);
        let done = batcher.push(&json!({"big": "x".repeat(100)}));
        assert_eq!(done.len(), 2);
        assert_eq!(batcher.pending_records(), 0);
        assert_eq!(batcher.finish(), None);
        assert_eq!(batcher.max_bytes(), 40);
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(pack_records(&[], 100).is_empty());
        assert_eq!(RecordsBatcher::default().max_bytes(), 262_144);
        assert_eq!(EMPTY_MESSAGE_BYTES, r#"{"records":[]}"#.len());
    }
}
