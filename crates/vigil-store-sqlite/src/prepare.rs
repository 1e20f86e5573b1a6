//! Turning a validated record into a row: column values, id hash, event type and the
//! compressed body. Runs on the caller's thread so that the single writer thread only
//! does SQLite work.

use std::sync::OnceLock;

use rusqlite::types::Value as SqlValue;
use serde_json::Value;
use vigil_model::{LogKind, ValidatedRecord};

use crate::codec;
use crate::dictionary::Encoder;
use crate::error::SqliteError;
use crate::extract::Extractor;
use crate::schema::{self, ColumnType};

/// A row ready to insert.
#[derive(Debug)]
pub(crate) struct PreparedRow {
    pub kind: LogKind,
    pub id: String,
    pub id_hash: i64,
    pub ts: i64,
    /// Sign-ins only: the `etype` bit of the record's single event type.
    pub etype: Option<i64>,
    pub columns: Vec<SqlValue>,
    pub body: Vec<u8>,
}

/// The extractor of each kind: its columns' paths, then (sign-ins) `signInEventTypes`.
fn extractor(kind: LogKind) -> &'static Extractor {
    static EXTRACTORS: OnceLock<[Extractor; 4]> = OnceLock::new();
    let all = EXTRACTORS.get_or_init(|| LogKind::ALL.map(build_extractor));
    let index = LogKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[index.min(3)]
}

fn build_extractor(kind: LogKind) -> Extractor {
    let spec = schema::spec(kind);
    let mut paths: Vec<&'static str> = spec.columns.iter().map(|c| c.path).collect();
    if spec.has_event_type {
        paths.push("signInEventTypes");
    }
    Extractor::new(&paths)
}

/// Prepares one record, compressing its body with `dictionary` when given.
pub(crate) fn prepare(
    record: ValidatedRecord,
    dictionary: Option<&Encoder>,
) -> Result<PreparedRow, SqliteError> {
    let spec = schema::spec(record.kind);
    let encode_error = |reason: String| SqliteError::Encode {
        id: record.id.clone(),
        reason,
    };
    let mut values = extractor(record.kind)
        .extract(&record.json)
        .map_err(|e| encode_error(e.to_string()))?;
    let event_types = if spec.has_event_type {
        values.pop().flatten()
    } else {
        None
    };
    let columns = spec
        .columns
        .iter()
        .zip(&values)
        .map(|(c, v)| to_sql(v.as_ref(), c.ty))
        .collect();
    let etype = if spec.has_event_type {
        Some(event_type(&record.id, event_types.as_ref())?)
    } else {
        None
    };
    let body = codec::compress(&record.json, dictionary).map_err(encode_error)?;
    Ok(PreparedRow {
        kind: record.kind,
        id_hash: schema::id_hash(&record.id),
        id: record.id,
        ts: record.time_nanos,
        etype,
        columns,
        body,
    })
}

/// The single event type of a sign-in (validation guarantees exactly one).
fn event_type(id: &str, types: Option<&Value>) -> Result<i64, SqliteError> {
    let names: Vec<&str> = types
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match names.as_slice() {
        [name] => Ok(schema::event_type_code(name).unwrap_or(16)),
        _ => Err(SqliteError::Encode {
            id: id.to_owned(),
            reason: "a sign-in needs exactly one signInEventTypes value".into(),
        }),
    }
}

fn to_sql(value: Option<&Value>, ty: ColumnType) -> SqlValue {
    match (value, ty) {
        (Some(Value::String(s)), ColumnType::Text) => SqlValue::Text(s.clone()),
        (Some(Value::String(s)), ColumnType::LowerText) => SqlValue::Text(s.to_lowercase()),
        (Some(Value::Number(n)), ColumnType::Int) => {
            n.as_i64().map_or(SqlValue::Null, SqlValue::Integer)
        }
        (Some(Value::Bool(b)), ColumnType::Bool) => SqlValue::Integer(i64::from(*b)),
        _ => SqlValue::Null,
    }
}
