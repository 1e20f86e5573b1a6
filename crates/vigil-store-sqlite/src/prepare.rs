//! Turning a validated record into a row: column values, id hash, event type and the
//! compressed body. Runs on the caller's thread so that the single writer thread only
//! does SQLite work.
//!
//! Column values come from the spans validation recorded with this store's
//! [`capture_plan`] when it has them (no second look at the record), else from the sparse
//! extractor (`extract.rs`), which scans the canonical JSON once more.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rusqlite::types::Value as SqlValue;
use serde_json::Value;
use vigil_model::validate::{CapturePlan, Captured};
use vigil_model::{LogKind, ValidatedRecord};
use vigil_store::{PreparedRecord, Staged};

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
    &all[kind.index()]
}

fn build_extractor(kind: LogKind) -> Extractor {
    Extractor::new(&paths(kind))
}

/// The paths a row is built from: the kind's columns, then (sign-ins) `signInEventTypes`.
fn paths(kind: LogKind) -> Vec<&'static str> {
    let spec = schema::spec(kind);
    let mut paths: Vec<&'static str> = spec.columns.iter().map(|c| c.path).collect();
    if spec.has_event_type {
        paths.push("signInEventTypes");
    }
    paths
}

/// The plan validation follows to locate [`paths`] for this store (see
/// `vigil_store::Store::capture_plan`); `None` only if the model's shapes cannot follow a
/// column path, and then the extractor reads every record.
pub(crate) fn capture_plan(kind: LogKind) -> Option<Arc<CapturePlan>> {
    plans()[kind.index()].clone()
}

/// Every kind's plan, built once.
fn plans() -> &'static [Option<Arc<CapturePlan>>; 4] {
    static PLANS: OnceLock<[Option<Arc<CapturePlan>>; 4]> = OnceLock::new();
    PLANS.get_or_init(|| {
        LogKind::ALL.map(|kind| match CapturePlan::new(kind, &paths(kind)) {
            Ok(plan) => Some(Arc::new(plan)),
            Err(err) => {
                tracing::warn!(error = %err, "columns will be extracted by a second scan");
                None
            }
        })
    })
}

/// The record's spans, when validation recorded them with this store's plan.
fn spans(record: &ValidatedRecord) -> Option<&Captured> {
    let captured = record.captured.as_ref()?;
    // Borrowed, not cloned: this runs for every ingested record.
    plans()[record.kind.index()]
        .as_deref()
        .filter(|plan| plan.produced(captured))
        .map(|_| captured)
}

/// Prepares one record as soon as it validated (see `Store::stage`), with its kind's encoder.
pub(crate) fn stage(record: ValidatedRecord, encoder: &Encoder) -> Result<Staged, SqliteError> {
    let row = prepare(record, Some(encoder))?;
    Ok(Staged::Prepared(PreparedRecord::new(
        row.kind,
        row.id.clone(),
        row,
    )))
}

/// Prepares a batch, in order, compressing each body with its kind's encoder (`encoders` in
/// [`LogKind::ALL`] order); records [`stage`] already prepared are taken as they are. A big
/// batch is split across the machine's cores: compression is most of the work, and the caller
/// waits for the whole batch before the writer sees any of it.
pub(crate) fn prepare_all(
    records: Vec<Staged>,
    encoders: &[Option<Arc<Encoder>>; 4],
) -> Result<Vec<PreparedRow>, SqliteError> {
    if records.iter().all(|r| matches!(r, Staged::Prepared(_))) {
        // Nothing left to compress: no need to wake the worker pool.
        return records
            .into_iter()
            .map(|r| staged_row(r, encoders))
            .collect();
    }
    // Below 500 records per thread, spawning costs more than it saves.
    vigil_store::parallel::map_in_order(records, 500, |r| staged_row(r, encoders))
        .map_err(|panicked| SqliteError::Encode {
            id: String::new(),
            reason: panicked.to_string(),
        })?
        .into_iter()
        .collect()
}

/// The row of one staged record: prepared now, or as [`stage`] prepared it.
fn staged_row(
    staged: Staged,
    encoders: &[Option<Arc<Encoder>>; 4],
) -> Result<PreparedRow, SqliteError> {
    match staged {
        Staged::Validated(record) => {
            let encoder = encoders[record.kind.index()].as_deref();
            prepare(record, encoder)
        }
        Staged::Prepared(prepared) => {
            prepared
                .downcast::<PreparedRow>()
                .map_err(|other| SqliteError::Encode {
                    id: other.id().to_owned(),
                    reason: "the record was staged by another store".into(),
                })
        }
    }
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
    let (columns, event_types) = match spans(&record) {
        Some(captured) => {
            let json = record.json.as_slice();
            let columns = (spec.columns.iter().enumerate())
                .map(|(slot, c)| column_from_text(captured.text(json, slot), c.ty))
                .collect();
            let event_types = spec
                .has_event_type
                .then(|| captured.text(json, spec.columns.len()))
                .flatten()
                .and_then(|text| serde_json::from_str::<Value>(text).ok());
            (columns, event_types)
        }
        None => {
            let mut values = extractor(record.kind)
                .extract(&record.json)
                .map_err(|e| encode_error(e.to_string()))?;
            let event_types = if spec.has_event_type {
                values.pop().flatten()
            } else {
                None
            };
            let columns = (spec.columns.iter().zip(&values))
                .map(|(c, v)| to_sql(v.as_ref(), c.ty))
                .collect();
            (columns, event_types)
        }
    };
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

/// A column's value from the canonical JSON text of its property (`None`: not written). Agrees
/// with [`to_sql`] on the parsed text.
fn column_from_text(text: Option<&str>, ty: ColumnType) -> SqlValue {
    let Some(text) = text else {
        return SqlValue::Null;
    };
    match ty {
        ColumnType::Text | ColumnType::LowerText => match json_string(text) {
            Some(s) if ty == ColumnType::LowerText => SqlValue::Text(lower(&s)),
            Some(s) => SqlValue::Text(s.into_owned()),
            None => SqlValue::Null,
        },
        // Canonical integers are written as plain digits; anything else is not an `i64`.
        ColumnType::Int => text
            .parse::<i64>()
            .map_or(SqlValue::Null, SqlValue::Integer),
        ColumnType::Bool => match text {
            "true" => SqlValue::Integer(1),
            "false" => SqlValue::Integer(0),
            _ => SqlValue::Null,
        },
    }
}

/// The decoded text of a JSON string literal; `None` for any other value.
fn json_string(text: &str) -> Option<Cow<'_, str>> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// Lower-cases as `str::to_lowercase` does, copying ASCII text without uppercase as it is.
fn lower(text: &str) -> String {
    if text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        text.to_lowercase()
    } else {
        text.to_owned()
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use vigil_model::LogKind;
    use vigil_model::validate::validate_json_capturing;

    use super::{Staged, capture_plan, prepare};

    /// Builds the row both ways (from the spans, and by the extractor's second scan) and
    /// checks they agree; returns whether the spans were used.
    fn agree(kind: LogKind, record: &Value) -> bool {
        let bytes = serde_json::to_vec(record).unwrap();
        let plan = capture_plan(kind).unwrap();
        let validated = validate_json_capturing(kind, &bytes, Some(&plan)).unwrap();
        let captured = validated.captured.is_some();
        let mut scanned = validated.clone();
        scanned.captured = None;
        let fast = prepare(validated, None).unwrap();
        let slow = prepare(scanned, None).unwrap();
        assert_eq!(fast.columns, slow.columns, "{kind} {record}");
        assert_eq!(fast.etype, slow.etype, "{kind} {record}");
        captured
    }

    #[test]
    fn spans_and_the_second_scan_give_the_same_row() {
        let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(
            11,
            2,
            time::macros::datetime!(2026-11-20 00:00 UTC),
        ));
        for (kind, records) in data.by_kind() {
            let mut used = 0;
            for record in records.iter().take(2_000) {
                used += usize::from(agree(kind, record));
            }
            assert!(used > 0, "{kind}: no record took the capture path");
        }
    }

    #[test]
    fn a_big_batch_is_prepared_in_order_across_threads() {
        let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(
            5,
            1,
            time::macros::datetime!(2026-11-20 00:00 UTC),
        ));
        let records: Vec<_> = data
            .by_kind()
            .into_iter()
            .flat_map(|(kind, records)| records.iter().take(1_500).map(move |r| (kind, r)))
            .map(|(kind, r)| vigil_model::validate(kind, r.clone()).unwrap())
            .collect();
        assert!(records.len() >= 1_000, "{}", records.len());
        let staged = records.iter().cloned().map(Staged::Validated).collect();
        let together = super::prepare_all(staged, &[None, None, None, None]).unwrap();
        assert_eq!(together.len(), records.len());
        for (row, record) in together.iter().zip(records) {
            let alone = prepare(record, None).unwrap();
            assert_eq!(
                (&row.id, row.kind, &row.columns),
                (&alone.id, alone.kind, &alone.columns)
            );
            assert_eq!(row.body, alone.body);
        }
    }

    #[test]
    fn awkward_values_agree() {
        let base = json!({
            "id": "s-1", "createdDateTime": "2026-11-20T10:00:00Z", "userId": "U-1",
            "isInteractive": true,
        });
        let tails = [
            json!({"userDisplayName": "ÅSA Öberg", "appDisplayName": "a \"quoted\" \\ name"}),
            json!({"status": {"errorCode": -7}, "location": null, "deviceDetail": {}}),
            json!({"status": {"errorCode": 9_007_199_254_740_993_i64}, "ipAddress": "\u{1F600}\n"}),
            json!({"status": null, "location": {"city": "SEATTLE", "countryOrRegion": "us"}}),
            json!({"signInEventTypes": ["servicePrincipal"], "isInteractive": null}),
            json!({"conditionalAccessStatus": "NOTAPPLIED", "riskState": "atRisk"}),
        ];
        for tail in tails {
            let mut record = base.clone();
            for (key, value) in tail.as_object().unwrap() {
                record[key] = value.clone();
            }
            agree(LogKind::SignIn, &record);
        }
        let audit = json!({
            "id": "a-1", "activityDateTime": "2026-11-20T10:00:00Z", "category": "UserManagement",
            "initiatedBy": {"user": {"id": "X", "userPrincipalName": "Ann@Contoso.com"}, "app": null},
        });
        assert!(agree(LogKind::DirectoryAudit, &audit));
        let provisioning = json!({
            "id": "p-1", "activityDateTime": "2026-11-20T10:00:00Z", "jobId": "Job\t1",
            "sourceSystem": {"displayName": "Workday"}, "provisioningStatusInfo": {"status": "FAILURE"},
        });
        assert!(agree(LogKind::Provisioning, &provisioning));
    }
}
