//! Rendering canonical records for a Graph version: the version's property set and order
//! (v1.0 drops beta-only and unknown producer properties, top-level and nested), evolvable
//! enums (members after `unknownFutureValue` become `unknownFutureValue` unless the client
//! sent `Prefer: include-unknown-enum-members`) and `$select`.

mod properties;

use serde_json::{Map, Value};

use crate::catalogue::{self, Field, FieldType};
use crate::kind::{ApiVersion, LogKind};
use crate::types::enums::INCOMING_TOKEN_TYPE_MEMBERS;

pub use properties::{properties, resolve_select};

/// How to render a record for one response.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The service root the request came in on.
    pub version: ApiVersion,
    /// `$select`ed top-level properties (already validated), or all.
    pub select: Option<Vec<String>>,
    /// `Prefer: include-unknown-enum-members` was sent.
    pub include_unknown_enum_members: bool,
}

impl RenderOptions {
    /// Every property, evolvable enum members hidden.
    pub fn new(version: ApiVersion) -> RenderOptions {
        RenderOptions {
            version,
            select: None,
            include_unknown_enum_members: false,
        }
    }
}

/// Nested members that exist only on beta: (top-level property, whether it is a collection,
/// member names to drop from the object or from each element on v1.0).
static NESTED_BETA_ONLY: &[(LogKind, &str, bool, &[&str])] = &[
    (LogKind::SignIn, "deviceDetail", false, &["browserId"]),
    (
        LogKind::SignIn,
        "appliedConditionalAccessPolicies",
        true,
        &[
            "sessionControlsNotSatisfied",
            "conditionsSatisfied",
            "conditionsNotSatisfied",
            "includeRulesSatisfied",
            "excludeRulesSatisfied",
            "authenticationStrength",
        ],
    ),
    (
        LogKind::DirectoryAudit,
        "initiatedBy",
        false,
        &["linkableIdentifiers"],
    ),
];

/// Evolvable enums stored as free text (so not typed `Enum` in the catalogue): values that
/// match a member after `unknownFutureValue` are hidden like typed ones; other text is kept.
static TEXT_ENUMS: &[(LogKind, &str, &[&str])] = &[(
    LogKind::SignIn,
    "incomingTokenType",
    INCOMING_TOKEN_TYPE_MEMBERS,
)];

/// Renders a canonical record as Graph serves it on `opts.version`.
pub fn render(kind: LogKind, body: &Value, opts: &RenderOptions) -> Value {
    let Value::Object(record) = body else {
        return body.clone();
    };
    let mut out = match opts.version {
        ApiVersion::Beta => record.clone(),
        ApiVersion::V1 => v1_object(kind, record),
    };
    if let Some(select) = &opts.select {
        out.retain(|key, _| select.iter().any(|s| s.eq_ignore_ascii_case(key)));
    }
    if !opts.include_unknown_enum_members {
        hide_evolvable_members(&mut out, catalogue::fields(kind));
        for (owner, property, members) in TEXT_ENUMS {
            if *owner == kind
                && let Some(Value::String(text)) = out.get_mut(*property)
                && let Some(replacement) = hide_member(text, members)
            {
                *text = replacement;
            }
        }
    }
    Value::Object(out)
}

fn v1_object(kind: LogKind, record: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for &name in properties(kind, ApiVersion::V1) {
        let value = record.get(name).cloned().unwrap_or(Value::Null);
        out.insert(name.to_owned(), value);
    }
    for (owner, property, is_collection, members) in NESTED_BETA_ONLY {
        if *owner != kind {
            continue;
        }
        match out.get_mut(*property) {
            Some(Value::Array(items)) if *is_collection => {
                for item in items.iter_mut() {
                    if let Value::Object(object) = item {
                        object.retain(|key, _| !members.contains(&key.as_str()));
                    }
                }
            }
            Some(Value::Object(object)) if !*is_collection => {
                object.retain(|key, _| !members.contains(&key.as_str()));
            }
            _ => {}
        }
    }
    out
}

/// Replaces evolvable enum members (at any catalogued path, including inside complex
/// collections) with `unknownFutureValue`.
fn hide_evolvable_members(object: &mut Map<String, Value>, fields: &[Field]) {
    for field in fields {
        match field.ty {
            FieldType::Enum(members) if has_evolvable_members(members) => {
                if let Some(Value::String(text)) = value_at(object, field.path)
                    && let Some(replacement) = hide_member(text, members)
                {
                    *text = replacement;
                }
            }
            FieldType::ComplexCollection(elements) => {
                if let Some(Value::Array(items)) = value_at(object, field.path) {
                    for item in items.iter_mut() {
                        if let Value::Object(element) = item {
                            hide_evolvable_members(element, elements);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn value_at<'a>(object: &'a mut Map<String, Value>, path: &str) -> Option<&'a mut Value> {
    let mut segments = path.split('/');
    let mut current = object.get_mut(segments.next()?)?;
    for segment in segments {
        current = current.as_object_mut()?.get_mut(segment)?;
    }
    Some(current)
}

fn unknown_future_value_index(members: &[&str]) -> Option<usize> {
    members
        .iter()
        .position(|m| m.eq_ignore_ascii_case("unknownFutureValue"))
}

fn has_evolvable_members(members: &[&str]) -> bool {
    unknown_future_value_index(members).is_some_and(|i| i + 1 < members.len())
}

/// The replacement text for an enum value (or comma-separated flags value) holding evolvable
/// members, or `None` when it holds none.
fn hide_member(text: &str, members: &[&str]) -> Option<String> {
    let boundary = unknown_future_value_index(members)?;
    let is_evolvable = |part: &str| {
        members
            .iter()
            .position(|m| m.eq_ignore_ascii_case(part))
            .is_some_and(|i| i > boundary)
    };
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if !parts.iter().any(|p| is_evolvable(p)) {
        return None;
    }
    let mut out: Vec<&str> = Vec::with_capacity(parts.len());
    for part in parts {
        let shown = if is_evolvable(part) {
            members[boundary]
        } else {
            part
        };
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    Some(out.join(","))
}

#[cfg(test)]
mod tests;
