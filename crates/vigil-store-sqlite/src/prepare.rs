//! Turning a validated record into a row: column values, id hash, event type and the
//! compressed body. Runs on the caller's thread so that the single writer thread only
//! does SQLite work.

use rusqlite::types::Value as SqlValue;
use serde_json::Value;
use vigil_model::{LogKind, ValidatedRecord};

use crate::codec;
use crate::error::SqliteError;
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

/// Follows an OData path (`a/b/c`) through nested objects.
pub(crate) fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('/').try_fold(value, |v, key| v.get(key))
}

/// Prepares one record.
pub(crate) fn prepare(record: ValidatedRecord) -> Result<PreparedRow, SqliteError> {
    let spec = schema::spec(record.kind);
    let mut columns = Vec::with_capacity(spec.columns.len());
    for column in spec.columns {
        columns.push(to_sql(lookup(&record.body, column.path), column.ty));
    }
    let etype = if spec.has_event_type {
        Some(event_type(&record)?)
    } else {
        None
    };
    let body = codec::encode(&record.body).map_err(|reason| SqliteError::Encode {
        id: record.id.clone(),
        reason,
    })?;
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

fn event_type(record: &ValidatedRecord) -> Result<i64, SqliteError> {
    let types = record
        .body
        .get("signInEventTypes")
        .and_then(Value::as_array);
    let mut code = 0;
    for name in types.into_iter().flatten().filter_map(Value::as_str) {
        code |= schema::event_type_code(name).unwrap_or(16);
    }
    if code == 0 {
        return Err(SqliteError::Encode {
            id: record.id.clone(),
            reason: "sign-in has no signInEventTypes".into(),
        });
    }
    Ok(code)
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
