//! [`vigil_store::Store::summarize`] over blocks, with the two paths of the row layout
//! (`summary.rs`):
//! - **from the columns**, when the compiled filters decide every record and the key is a
//!   column or derived from one (outcome, event type): counts per bucket and key straight
//!   from the column sections, with column keys labelled from their newest record's body;
//! - **exact**, otherwise: every candidate's body is decoded, checked and folded into
//!   [`Aggregator`], the reference computation.

use std::collections::HashMap;

use rusqlite::Connection;
use vigil_model::LogKind;
use vigil_model::outcome::{
    INTERRUPTED_PROVISIONING_STATUSES, INTERRUPTED_SIGN_IN_ERROR_CODES, Outcome,
};
use vigil_store::summary::{Aggregator, Dimension, SummaryRequest, SummaryRow, empty_row, finish};

use super::{Plan, Sections, decode_columns, statements};
use crate::block_columns::SlotRecord;
use crate::dictionary::Dictionaries;
use crate::error::SqliteError;
use crate::read::{decode, matches_all};
use crate::schema;
use crate::slot_filter::{ColumnValue, SlotValues};
use crate::summary::{KeySql, key_sql};

/// How the column path reads a record's key.
enum Key {
    Nothing,
    Column(usize),
    Outcome,
    EventType,
}

fn key_of(kind: LogKind, dimension: Option<Dimension>) -> Option<Key> {
    match dimension {
        None => Some(Key::Nothing),
        Some(Dimension::Status) => Some(Key::Outcome),
        Some(Dimension::SignInEventType) if kind == LogKind::SignIn => Some(Key::EventType),
        Some(_) => match key_sql(kind, dimension)? {
            KeySql::Column(name) => schema::spec(kind)
                .columns
                .iter()
                .position(|c| c.name == name)
                .map(Key::Column),
            KeySql::Nothing | KeySql::Derived(_) => None,
        },
    }
}

/// The outcome of a record from its columns, as `summary::outcome_sql` classifies a row.
fn outcome(kind: LogKind, slot: &SlotRecord<'_>) -> Outcome {
    let column = |name: &str| {
        schema::spec(kind)
            .columns
            .iter()
            .position(|c| c.name == name)
            .map_or(ColumnValue::Null, |i| slot.column(i))
    };
    match kind {
        LogKind::SignIn => match column("error_code") {
            ColumnValue::Int(0) => Outcome::Success,
            ColumnValue::Int(code) if INTERRUPTED_SIGN_IN_ERROR_CODES.contains(&code) => {
                Outcome::Interrupted
            }
            _ => Outcome::Failure,
        },
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => match column("result") {
            ColumnValue::Text("success") => Outcome::Success,
            _ => Outcome::Failure,
        },
        LogKind::Provisioning => match column("status") {
            ColumnValue::Text("success") => Outcome::Success,
            ColumnValue::Text(s) if INTERRUPTED_PROVISIONING_STATUSES.contains(&s) => {
                Outcome::Interrupted
            }
            _ => Outcome::Failure,
        },
    }
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::Failure => "failure",
        Outcome::Interrupted => "interrupted",
    }
}

fn event_type_name(code: Option<i64>) -> &'static str {
    schema::EVENT_TYPES
        .iter()
        .find(|(_, c)| Some(*c) == code)
        .map_or("unknownFutureValue", |(name, _)| name)
}

/// Answers a summary request from the tenant's blocks.
pub(crate) fn summarize(
    conn: &Connection,
    dictionaries: &Dictionaries,
    tenant: i64,
    request: &SummaryRequest,
) -> Result<Vec<SummaryRow>, SqliteError> {
    let tx = conn.unchecked_transaction()?;
    let query = &request.query;
    let kind = query.kind;
    let plan = Plan::new(query);
    let key = key_of(kind, request.dimension).filter(|_| plan.exact);
    let stmts = statements(kind);
    let sql = format!(
        "SELECT first_seq FROM {} WHERE tenant = ?1 AND max_ts >= ?2{}",
        stmts.table,
        plan.etypes_condition()
    );
    let mut blocks = tx.prepare_cached(&sql)?;
    let sections = Sections::new(&tx, kind);
    let floor = query.not_before.unwrap_or(i64::MIN);
    let mut rows = blocks.query(rusqlite::params![tenant, floor])?;
    let mut aggregator = Aggregator::new(request);
    let mut counts = Counts::default();
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        sections.with_columns(first_seq, &plan, |bytes| {
            let columns = decode_columns(first_seq, bytes)?;
            let Some(key) = &key else {
                // The exact path: every candidate's body, checked and folded.
                let holds = |slot: &SlotRecord<'_>| plan.holds(slot, i64::MAX);
                return sections.each_kept_body(
                    dictionaries,
                    first_seq,
                    &columns,
                    holds,
                    |slot, body| {
                        if plan.exact || matches_all(query, &body) {
                            aggregator.add(slot.ts, slot.id, &body);
                        }
                    },
                );
            };
            for (index, slot) in columns.iter().enumerate() {
                if plan.holds(slot, i64::MAX) {
                    counts.add(kind, key, request, slot, (first_seq, index));
                }
            }
            Ok(())
        })?;
    }
    drop(rows);
    if key.is_none() {
        return Ok(aggregator.finish());
    }
    let (mut out, newest) = counts.finish();
    label(&tx, dictionaries, request, &mut out, &newest)?;
    Ok(finish(out, request.top))
}

/// A key's newest record: (time, id, block, slot).
type Newest = (i64, String, i64, usize);

/// The column path's tally. Keys are interned, so that counting a record allocates nothing.
#[derive(Default)]
struct Counts {
    ids: HashMap<String, usize>,
    /// Per interned key: its text, and (column keys) its newest record as (time, id, block,
    /// slot).
    keys: Vec<(String, Option<Newest>)>,
    /// Per (bucket, key index, or `None` for no key).
    cells: HashMap<(Option<i64>, Option<usize>), SummaryRow>,
}

impl Counts {
    fn intern(&mut self, text: &str) -> usize {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = self.keys.len();
        self.keys.push((text.to_owned(), None));
        self.ids.insert(text.to_owned(), id);
        id
    }

    /// Counts one record that passed the filters; `at` is its (block, slot).
    fn add(
        &mut self,
        kind: LogKind,
        key: &Key,
        request: &SummaryRequest,
        slot: &SlotRecord<'_>,
        (first_seq, index): (i64, usize),
    ) {
        let outcome = outcome(kind, slot);
        let key = match key {
            Key::Nothing => None,
            Key::Outcome => Some(self.intern(outcome_name(outcome))),
            Key::EventType => Some(self.intern(event_type_name(slot.etype))),
            Key::Column(column) => match slot.column(*column) {
                ColumnValue::Text(text) => {
                    let id = self.intern(text);
                    let newest = &mut self.keys[id].1;
                    if newest
                        .as_ref()
                        .is_none_or(|(ts, newest_id, ..)| (slot.ts, slot.id) > (*ts, newest_id))
                    {
                        *newest = Some((slot.ts, slot.id.to_owned(), first_seq, index));
                    }
                    Some(id)
                }
                ColumnValue::Int(_) | ColumnValue::Null => None,
            },
        };
        let bucket = request.interval.map(|i| i.bucket_start(slot.ts));
        let keys = &self.keys;
        self.cells
            .entry((bucket, key))
            .or_insert_with(|| empty_row(bucket, key.map(|id| keys[id].0.clone())))
            .count(outcome, slot.ts);
    }

    /// The rows, and each column key's newest record.
    fn finish(self) -> (Vec<SummaryRow>, HashMap<String, Newest>) {
        let newest = (self.keys.into_iter())
            .filter_map(|(text, newest)| newest.map(|n| (text, n)))
            .collect();
        (self.cells.into_values().collect(), newest)
    }
}

/// Labels the rows: derived keys are their own label, column keys take theirs from the
/// body of their newest record.
fn label(
    conn: &Connection,
    dictionaries: &Dictionaries,
    request: &SummaryRequest,
    rows: &mut [SummaryRow],
    newest: &HashMap<String, Newest>,
) -> Result<(), SqliteError> {
    let Some(dimension) = request.dimension else {
        return Ok(());
    };
    if newest.is_empty() {
        for row in rows.iter_mut() {
            row.label = row.key.clone();
        }
        return Ok(());
    }
    let sections = Sections::new(conn, request.query.kind);
    let mut labels = HashMap::with_capacity(newest.len());
    for (key, (_, id, first_seq, slot)) in newest {
        let frame = sections.body(*first_seq, *slot)?;
        let record = decode(&frame, id, dictionaries, conn)?;
        labels.insert(key.clone(), dimension.labels(Some(key), &record));
    }
    for row in rows.iter_mut() {
        if let Some(found) = row.key.as_ref().and_then(|k| labels.get(k)) {
            (row.label, row.detail) = found.clone();
        }
    }
    Ok(())
}
