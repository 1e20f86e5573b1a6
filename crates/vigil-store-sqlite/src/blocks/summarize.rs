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

use super::{Plan, Sections, damaged, decode_columns, parse_bodies, statements};
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
        "SELECT first_seq FROM {} WHERE tenant = ?1 AND max_ts >= ?2",
        stmts.table
    );
    let mut blocks = tx.prepare_cached(&sql)?;
    let sections = Sections::new(&tx, kind);
    let floor = query.not_before.unwrap_or(i64::MIN);
    let mut rows = blocks.query(rusqlite::params![tenant, floor])?;
    let mut aggregator = Aggregator::new(request);
    let mut cells: HashMap<(Option<i64>, Option<String>), SummaryRow> = HashMap::new();
    // Per column key, its newest record: (time, id, block, slot).
    let mut newest: HashMap<String, (i64, String, i64, usize)> = HashMap::new();
    while let Some(row) = rows.next()? {
        let first_seq: i64 = row.get(0)?;
        let Some(column_bytes) = sections.columns_for(first_seq, &plan)? else {
            continue;
        };
        let columns = decode_columns(first_seq, &column_bytes)?;
        // The column path needs no body; the exact path decodes every candidate's.
        let body_bytes = match key {
            Some(_) => None,
            None => sections.bodies(first_seq)?,
        };
        let bodies = body_bytes
            .as_deref()
            .map(|bytes| parse_bodies(first_seq, bytes))
            .transpose()?;
        for (index, slot) in columns.iter().enumerate() {
            if !plan.holds(slot, i64::MAX) {
                continue;
            }
            let Some(key) = &key else {
                let Some(bodies) = &bodies else {
                    return Err(damaged(first_seq, "the block vanished inside a read"));
                };
                let frame = bodies.get(index).map_err(|e| damaged(first_seq, e))?;
                let body = decode(frame, slot.id, dictionaries, &tx)?;
                if plan.exact || matches_all(query, &body) {
                    aggregator.add(slot.ts, slot.id, &body);
                }
                continue;
            };
            let outcome = outcome(kind, slot);
            let key = match key {
                Key::Nothing => None,
                Key::Outcome => Some(outcome_name(outcome).to_owned()),
                Key::EventType => Some(event_type_name(slot.etype).to_owned()),
                Key::Column(column) => match slot.column(*column) {
                    ColumnValue::Text(text) => {
                        let entry = newest
                            .entry(text.to_owned())
                            .or_insert_with(|| (slot.ts, slot.id.to_owned(), first_seq, index));
                        if (slot.ts, slot.id) > (entry.0, entry.1.as_str()) {
                            *entry = (slot.ts, slot.id.to_owned(), first_seq, index);
                        }
                        Some(text.to_owned())
                    }
                    ColumnValue::Int(_) | ColumnValue::Null => None,
                },
            };
            let bucket = request.interval.map(|i| i.bucket_start(slot.ts));
            cells
                .entry((bucket, key.clone()))
                .or_insert_with(|| empty_row(bucket, key))
                .count(outcome, slot.ts);
        }
    }
    drop(rows);
    if key.is_none() {
        return Ok(aggregator.finish());
    }
    let mut out: Vec<SummaryRow> = cells.into_values().collect();
    label(&tx, dictionaries, request, &mut out, &newest)?;
    Ok(finish(out, request.top))
}

/// Labels the rows: derived keys are their own label, column keys take theirs from the
/// body of their newest record.
fn label(
    conn: &Connection,
    dictionaries: &Dictionaries,
    request: &SummaryRequest,
    rows: &mut [SummaryRow],
    newest: &HashMap<String, (i64, String, i64, usize)>,
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
        let Some(bytes) = sections.bodies(*first_seq)? else {
            continue;
        };
        let frame = parse_bodies(*first_seq, &bytes)?
            .get(*slot)
            .map_err(|e| damaged(*first_seq, e))?;
        let record = decode(frame, id, dictionaries, conn)?;
        labels.insert(key.clone(), dimension.labels(Some(key), &record));
    }
    for row in rows.iter_mut() {
        if let Some(found) = row.key.as_ref().and_then(|k| labels.get(k)) {
            (row.label, row.detail) = found.clone();
        }
    }
    Ok(())
}
