//! Placeholder: record validation (being written).

use serde_json::Value;

use crate::kind::LogKind;

/// A record that passed validation, in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedRecord {
    /// Which log it belongs to.
    pub kind: LogKind,
    /// The Graph `id` (idempotency key).
    pub id: String,
    /// Event time (`createdDateTime` / `activityDateTime`) in nanoseconds since the epoch.
    pub time_nanos: i64,
    /// The canonical JSON object: the beta superset, every known property present (null when
    /// absent), unknown producer properties preserved.
    pub body: Value,
}

/// Why a record was rejected; `path` names the offending property (`status/errorCode`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ValidationError {
    /// Property path within the record, `/`-separated; empty for the record itself.
    pub path: String,
    /// What is wrong, in lower case without a trailing period.
    pub reason: String,
}

/// Validates one raw record of `kind`.
pub fn validate(kind: LogKind, raw: Value) -> Result<ValidatedRecord, ValidationError> {
    let id = raw
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| ValidationError {
            path: "id".into(),
            reason: "missing".into(),
        })?
        .to_owned();
    let time = raw
        .get(kind.time_property())
        .and_then(Value::as_str)
        .ok_or_else(|| ValidationError {
            path: kind.time_property().into(),
            reason: "missing".into(),
        })?;
    let time_nanos = crate::datetime::parse_nanos(time).map_err(|e| ValidationError {
        path: kind.time_property().into(),
        reason: e.to_string(),
    })?;
    Ok(ValidatedRecord {
        kind,
        id,
        time_nanos,
        body: raw,
    })
}
