//! Record validation: raw producer JSON → [`ValidatedRecord`] (typed check, canonical
//! beta-superset body, id and event time extracted) or a [`ValidationError`] naming the field.
//!
//! Beyond the typed check (types, enum members, timestamps) the rules are: the record is a JSON
//! object; `id` is a non-empty string of at most 256 characters without control characters;
//! the time property is present and valid (1970..2262); top-level `@odata.*` annotations are
//! dropped. Sign-ins also need a `userId` string (empty for service principals), have their
//! `signInEventTypes` checked and derived from `isInteractive` (and vice versa), and their
//! `userPrincipalName` lower-cased as Graph emits it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::kind::LogKind;
use crate::types::enum_macro::unknown_member;
use crate::types::enums::SIGN_IN_EVENT_TYPES;
use crate::types::{DirectoryAudit, ProvisioningObjectSummary, SignIn};

mod capture;
mod one_pass;
mod shape;
mod shapes;

pub use capture::{CaptureError, CapturePlan, Captured};
pub use one_pass::one_pass;

/// The longest `id` accepted, in characters.
pub const MAX_ID_CHARS: usize = 256;

/// A record that passed validation, in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedRecord {
    /// Which log it belongs to.
    pub kind: LogKind,
    /// The Graph `id` (idempotency key).
    pub id: String,
    /// Event time (`createdDateTime` / `activityDateTime`) in nanoseconds since the epoch.
    pub time_nanos: i64,
    /// The canonical JSON object, serialised: the beta superset, every known property present
    /// (null when absent), unknown producer properties preserved. Kept as bytes because that
    /// is what stores write; [`ValidatedRecord::body`] parses it when a tree is needed.
    pub json: Vec<u8>,
    /// Where the properties of a [`CapturePlan`] sit in `json`, when validation was given a
    /// plan and the one-pass path took the record (see [`validate_json_capturing`]).
    pub captured: Option<Captured>,
}

impl ValidatedRecord {
    /// The canonical JSON as a tree (parses [`ValidatedRecord::json`]).
    pub fn body(&self) -> Value {
        serde_json::from_slice(&self.json).unwrap_or(Value::Null)
    }
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

impl ValidationError {
    /// An error at `path` (`/`-separated) for `reason`.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> ValidationError {
        ValidationError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// Validates one raw record of `kind`.
pub fn validate(kind: LogKind, raw: Value) -> Result<ValidatedRecord, ValidationError> {
    let mut map = match raw {
        Value::Object(map) => map,
        other => {
            return Err(ValidationError::new(
                "",
                format!("expected a json object, found {}", json_type(&other)),
            ));
        }
    };
    map.retain(|key, _| !key.starts_with("@odata."));
    let id = check_id(&map)?;
    require_string(&map, kind.time_property())?;
    let (time_nanos, body) = match kind {
        LogKind::SignIn => {
            match map.get("userId") {
                Some(Value::String(_)) => {}
                Some(other) => {
                    return Err(ValidationError::new(
                        "userId",
                        format!(
                            "expected a string (empty for service principals), found {}",
                            json_type(other)
                        ),
                    ));
                }
                None => return Err(ValidationError::new("userId", "missing")),
            }
            let mut sign_in: SignIn = typed(map)?;
            apply_sign_in_rules(&mut sign_in)?;
            (
                sign_in.created_date_time.nanos(),
                canonical(&sign_in, 4096)?,
            )
        }
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            let audit: DirectoryAudit = typed(map)?;
            (audit.activity_date_time.nanos(), canonical(&audit, 2048)?)
        }
        LogKind::Provisioning => {
            let summary: ProvisioningObjectSummary = typed(map)?;
            (
                summary.activity_date_time.nanos(),
                canonical(&summary, 2048)?,
            )
        }
    };
    Ok(ValidatedRecord {
        kind,
        id,
        time_nanos,
        json: body,
        captured: None,
    })
}

/// Validates one serialised record of `kind`: the path ingest takes. Accepts and rejects
/// exactly what [`validate`] does, and produces the same canonical bytes.
///
/// Records go through [`one_pass`] first, which checks and canonicalises them in one scan of
/// the bytes; whatever it is not certain about (including every invalid record, so that the
/// error names the property) goes through [`validate_json_reference`].
pub fn validate_json(kind: LogKind, bytes: &[u8]) -> Result<ValidatedRecord, ValidationError> {
    validate_json_capturing(kind, bytes, None)
}

/// [`validate_json`], also locating the properties of `plan` in the canonical JSON while it is
/// written, so that a store can copy them into columns without another scan. The record is the
/// same as without a plan; [`ValidatedRecord::captured`] is `None` when the reference path
/// took it, or when `plan` is for another kind.
pub fn validate_json_capturing(
    kind: LogKind,
    bytes: &[u8],
    plan: Option<&CapturePlan>,
) -> Result<ValidatedRecord, ValidationError> {
    match one_pass::one_pass_capturing(kind, bytes, plan) {
        Some(record) => Ok(record),
        None => validate_json_reference(kind, bytes),
    }
}

/// The reference for [`validate_json`]: serde's typed parse straight from the bytes (no
/// intermediate JSON tree), the validation rules, and re-serialisation of the typed
/// resource. [`one_pass`] must agree with it on every record it accepts.
pub fn validate_json_reference(
    kind: LogKind,
    bytes: &[u8],
) -> Result<ValidatedRecord, ValidationError> {
    let (id, time_nanos, json) = match kind {
        LogKind::SignIn => {
            let mut sign_in: SignIn = typed_from_slice(bytes)?;
            drop_annotations(&mut sign_in.extra);
            apply_sign_in_rules(&mut sign_in)?;
            (
                sign_in.id.clone(),
                sign_in.created_date_time.nanos(),
                canonical(&sign_in, bytes.len())?,
            )
        }
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            let mut audit: DirectoryAudit = typed_from_slice(bytes)?;
            drop_annotations(&mut audit.extra);
            (
                audit.id.clone(),
                audit.activity_date_time.nanos(),
                canonical(&audit, bytes.len())?,
            )
        }
        LogKind::Provisioning => {
            let mut summary: ProvisioningObjectSummary = typed_from_slice(bytes)?;
            drop_annotations(&mut summary.extra);
            (
                summary.id.clone(),
                summary.activity_date_time.nanos(),
                canonical(&summary, bytes.len())?,
            )
        }
    };
    check_id_text(&id)?;
    Ok(ValidatedRecord {
        kind,
        id,
        time_nanos,
        json,
        captured: None,
    })
}

fn drop_annotations(extra: &mut Map<String, Value>) {
    if extra.keys().any(|k| k.starts_with("@odata.")) {
        extra.retain(|key, _| !key.starts_with("@odata."));
    }
}

fn check_id(map: &Map<String, Value>) -> Result<String, ValidationError> {
    let id = require_string(map, "id")?;
    check_id_text(id)?;
    Ok(id.to_owned())
}

fn check_id_text(id: &str) -> Result<(), ValidationError> {
    if id.is_empty() {
        return Err(ValidationError::new("id", "must not be empty"));
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(ValidationError::new(
            "id",
            format!("longer than {MAX_ID_CHARS} characters"),
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(ValidationError::new("id", "contains control characters"));
    }
    Ok(())
}

fn require_string<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, ValidationError> {
    match map.get(key) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(ValidationError::new(
            key,
            format!("expected a string, found {}", json_type(other)),
        )),
        None => Err(ValidationError::new(key, "missing")),
    }
}

fn apply_sign_in_rules(sign_in: &mut SignIn) -> Result<(), ValidationError> {
    for (index, value) in sign_in.sign_in_event_types.iter_mut().enumerate() {
        let member = SIGN_IN_EVENT_TYPES
            .iter()
            .find(|m| m.eq_ignore_ascii_case(value))
            .ok_or_else(|| {
                ValidationError::new(
                    format!("signInEventTypes/{index}"),
                    unknown_member(value, SIGN_IN_EVENT_TYPES),
                )
            })?;
        if value != member {
            *value = (*member).to_owned();
        }
    }
    if sign_in.sign_in_event_types.is_empty() {
        if let Some(interactive) = sign_in.is_interactive {
            let derived = if interactive {
                "interactiveUser"
            } else {
                "nonInteractiveUser"
            };
            sign_in.sign_in_event_types.push(derived.to_owned());
        }
    } else if sign_in.is_interactive.is_none() {
        let interactive = sign_in
            .sign_in_event_types
            .iter()
            .any(|t| t == "interactiveUser");
        sign_in.is_interactive = Some(interactive);
    }
    // A sign-in is of exactly one event type: Azure Monitor exports each into exactly one
    // category, and the stores index the type as a single value.
    sign_in.sign_in_event_types.dedup();
    if sign_in.sign_in_event_types.len() != 1 {
        return Err(ValidationError::new(
            "signInEventTypes",
            format!(
                "a sign-in has exactly one event type ({}); found {}",
                SIGN_IN_EVENT_TYPES.join(", "),
                if sign_in.sign_in_event_types.is_empty() {
                    "none (send signInEventTypes or isInteractive)".to_owned()
                } else {
                    sign_in.sign_in_event_types.join(", ")
                }
            ),
        ));
    }
    if let Some(upn) = sign_in.user_principal_name.as_mut()
        && upn.chars().any(char::is_uppercase)
    {
        *upn = upn.to_lowercase();
    }
    Ok(())
}

/// Deserialises the typed resource, turning serde's error into a path and a reason.
fn typed<T: DeserializeOwned>(map: Map<String, Value>) -> Result<T, ValidationError> {
    serde_path_to_error::deserialize(Value::Object(map)).map_err(path_error)
}

/// Like [`typed`], straight from serialised JSON. The plain parse runs first; only a record
/// that fails it is parsed again with path tracking, which costs as much as the parse itself
/// and is needed only to name the offending property.
fn typed_from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ValidationError> {
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(path_error)?;
    deserializer
        .end()
        .map_err(|e| ValidationError::new("", tidy_reason(&e.to_string())))?;
    Ok(value)
}

fn path_error<E: std::fmt::Display>(error: serde_path_to_error::Error<E>) -> ValidationError {
    {
        let mut segments: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let message = error.into_inner().to_string();
        let reason = match missing_field(&message) {
            Some(field) => {
                segments.push(field.to_owned());
                "missing".to_owned()
            }
            None => tidy_reason(&message),
        };
        ValidationError::new(segments.join("/"), reason)
    }
}

fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split('`')
        .next()
        .filter(|field| !field.is_empty())
}

/// Lower-cases the first letter and drops a trailing period, per [`ValidationError::reason`].
fn tidy_reason(message: &str) -> String {
    let trimmed = message.trim().trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid value".to_owned(),
    }
}

/// Serialises the canonical form into a buffer sized for it up front: the canonical record
/// (every property, nulls included) is about a quarter larger than a typical input, and
/// growing the buffer by doubling cost a measurable share of validation in copies.
fn canonical<T: Serialize>(typed: &T, size_hint: usize) -> Result<Vec<u8>, ValidationError> {
    let mut out = Vec::with_capacity(size_hint + size_hint / 2 + 1024);
    serde_json::to_writer(&mut out, typed)
        .map_err(|e| ValidationError::new("", tidy_reason(&e.to_string())))?;
    Ok(out)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
