//! The one-pass validator: producer bytes → canonical bytes, without building typed structs.
//!
//! [`one_pass`] scans the record once into a [`tape`](crate::tape), then writes the canonical
//! form by walking the tape along the record's [`shape`](super::shape): every known property
//! in schema order (null or `[]` when absent), each value checked against its type and copied
//! through when its bytes already are canonical (the common case: unescaped strings,
//! integers, booleans, schema-spelt enum members, UTC timestamps), rewritten otherwise.
//!
//! It accepts only what the reference path (serde's typed parse and re-serialisation, see
//! [`super::validate_json_reference`]) accepts, and then writes exactly the same bytes. When
//! it meets anything it is not certain about — any error, a duplicate or escaped key, an
//! integer spelt `-0` — it returns `None` and the caller takes the reference path, which also
//! names the offending property. Its job is to be fast on the records producers really send.

use std::borrow::Cow;

use serde_json::Value;

use super::capture::{CapturePlan, Captured, PlanNode, Target, shape_of};
use super::shape::{Field, Shape, Ty};
use super::shapes::SIGN_IN;
use super::{ValidatedRecord, check_id_text};
use crate::datetime::normalize;
use crate::kind::LogKind;
use crate::tape::{ByteTape, Kind, Token};
use crate::types::enums::SIGN_IN_EVENT_TYPES;

const ABSENT: u32 = u32::MAX;

/// Validates and canonicalises one record in a single pass, or `None` when the reference path
/// must decide (the record may still be valid).
pub fn one_pass(kind: LogKind, bytes: &[u8]) -> Option<ValidatedRecord> {
    one_pass_capturing(kind, bytes, None)
}

/// [`one_pass`], also recording where the properties of `plan` (a plan for `kind`) were
/// written.
pub(super) fn one_pass_capturing(
    kind: LogKind,
    bytes: &[u8],
    plan: Option<&CapturePlan>,
) -> Option<ValidatedRecord> {
    let plan = plan.filter(|p| p.kind() == kind);
    let tape = ByteTape::scan(bytes)?;
    if tape.token(0)?.kind != Kind::Object {
        return None;
    }
    let shape = shape_of(kind);
    let mut writer = Writer {
        tape: &tape,
        out: Vec::with_capacity(bytes.len() + bytes.len() / 2 + 1024),
        sign_in: None,
        time_nanos: None,
        captured: plan.map(CapturePlan::start),
        spare: Vec::new(),
    };
    let members = writer.members(0, shape, true)?;
    let id = writer.string(members.slots.first().copied()?)?.into_owned();
    check_id_text(&id).ok()?;
    if kind == LogKind::SignIn {
        writer.sign_in = Some(writer.sign_in_rules(&members)?);
    }
    writer.write_members(shape, &members, true, plan.map(|p| &p.root))?;
    Some(ValidatedRecord {
        kind,
        id,
        time_nanos: writer.time_nanos?,
        json: writer.out,
        captured: writer.captured,
    })
}

/// A sign-in's derived `isInteractive` and its single event type.
#[derive(Debug, Clone, Copy)]
struct SignInRules {
    interactive: Option<bool>,
    event_type: &'static str,
}

/// An object's members matched to a shape: the value token of each field, and the members
/// the shape does not know (kept when the shape is open).
struct Members {
    slots: Vec<u32>,
    extras: Vec<(u32, u32)>,
}

struct Writer<'a, 't> {
    tape: &'a ByteTape<'t>,
    out: Vec<u8>,
    sign_in: Option<SignInRules>,
    /// The top-level event time, once written.
    time_nanos: Option<i64>,
    /// Where the plan's properties were written, when validating with a plan.
    captured: Option<Captured>,
    /// Members of objects already written, kept so that the next object reuses their buffers.
    spare: Vec<Members>,
}

impl<'t> Writer<'_, 't> {
    fn token(&self, at: u32) -> Option<Token> {
        self.tape.token(at)
    }

    fn span(&self, token: Token) -> Option<&'t [u8]> {
        self.tape.span(token)
    }

    /// A value's full text, quotes included for strings.
    fn raw(&self, at: u32) -> Option<&'t [u8]> {
        self.tape.raw(at)
    }

    /// The decoded text of a string value.
    fn string(&self, at: u32) -> Option<Cow<'t, str>> {
        self.tape.string(at)
    }

    /// The decoded bytes of a string value: its span when it has no escapes.
    fn string_bytes(&self, at: u32) -> Option<Cow<'t, [u8]>> {
        let token = self.token(at)?;
        match token.kind {
            Kind::String { escaped: false } => self.span(token).map(Cow::Borrowed),
            _ => self
                .string(at)
                .map(|text| Cow::Owned(text.into_owned().into_bytes())),
        }
    }

    fn members(&mut self, at: u32, shape: &Shape, top: bool) -> Option<Members> {
        let object = self.token(at)?;
        let mut members = self.spare.pop().unwrap_or(Members {
            slots: Vec::new(),
            extras: Vec::new(),
        });
        members.slots.clear();
        members.slots.resize(shape.fields.len(), ABSENT);
        members.extras.clear();
        // Producers mostly send members in schema order: try the field after the last one
        // found before asking the name index.
        let mut expected = 0;
        let mut key_at = at + 1;
        while key_at < object.next {
            let key = self.token(key_at)?;
            let value_at = key_at + 1;
            key_at = self.token(value_at)?.next;
            if key.kind != (Kind::String { escaped: false }) {
                return None;
            }
            let name = self.span(key)?;
            match shape.field_from(expected, name) {
                Some(index) => {
                    let slot = members.slots.get_mut(index)?;
                    if *slot != ABSENT {
                        return None; // serde: duplicate field
                    }
                    *slot = value_at;
                    expected = index + 1;
                }
                None if !shape.open || (top && name.starts_with(b"@odata.")) => {}
                None => {
                    let seen = members
                        .extras
                        .iter()
                        .any(|&(k, _)| self.token(k).and_then(|t| self.span(t)) == Some(name));
                    if seen {
                        return None;
                    }
                    members.extras.push((value_at - 1, value_at));
                }
            }
        }
        Some(members)
    }

    fn sign_in_rules(&self, members: &Members) -> Option<SignInRules> {
        let slot = |name: &str| {
            SIGN_IN
                .field(name.as_bytes())
                .and_then(|i| members.slots.get(i).copied())
        };
        let mut interactive = match slot("isInteractive")? {
            ABSENT => None,
            at => {
                let token = self.token(at)?;
                match token.kind {
                    Kind::Null => None,
                    Kind::Bool => Some(self.span(token)? == b"true"),
                    _ => return None,
                }
            }
        };
        let mut types: Vec<&'static str> = Vec::with_capacity(1);
        let at = slot("signInEventTypes")?;
        if at != ABSENT {
            let list = self.token(at)?;
            match list.kind {
                Kind::Null => {}
                Kind::Array => {
                    let mut element = at + 1;
                    while element < list.next {
                        let text = self.string_bytes(element)?;
                        types.push(member(SIGN_IN_EVENT_TYPES, &text)?);
                        element = self.token(element)?.next;
                    }
                }
                _ => return None,
            }
        }
        if types.is_empty() {
            if let Some(interactive) = interactive {
                types.push(if interactive {
                    "interactiveUser"
                } else {
                    "nonInteractiveUser"
                });
            }
        } else if interactive.is_none() {
            interactive = Some(types.contains(&"interactiveUser"));
        }
        types.dedup();
        match types.as_slice() {
            [event_type] => Some(SignInRules {
                interactive,
                event_type,
            }),
            _ => None,
        }
    }

    fn write_members(
        &mut self,
        shape: &Shape,
        members: &Members,
        top: bool,
        plan: Option<&PlanNode>,
    ) -> Option<()> {
        self.out.push(b'{');
        for (index, (field, &at)) in shape.fields.iter().zip(&members.slots).enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            self.out.push(b'"');
            self.out.extend_from_slice(field.name.as_bytes());
            self.out.extend_from_slice(b"\":");
            match plan.and_then(|p| p.target(index)) {
                None => self.write_field(field, at, top, None)?,
                Some(Target::Child(child)) => self.write_field(field, at, top, Some(child))?,
                Some(Target::Slot(slot)) => {
                    let start = self.out.len();
                    self.write_field(field, at, top, None)?;
                    let end = self.out.len();
                    if let Some(captured) = &mut self.captured {
                        captured.set(*slot, start, end);
                    }
                }
            }
        }
        for &(key_at, value_at) in &members.extras {
            let key = self.raw(key_at)?;
            self.out.push(b',');
            self.out.extend_from_slice(key);
            self.out.push(b':');
            self.write_any(value_at)?;
        }
        self.out.push(b'}');
        Some(())
    }

    /// Writes one property's value; `plan` is the capture plan of a nested object.
    fn write_field(
        &mut self,
        field: &Field,
        at: u32,
        top: bool,
        plan: Option<&PlanNode>,
    ) -> Option<()> {
        match field.ty {
            Ty::IsInteractive => {
                let text = match self.sign_in?.interactive {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "null",
                };
                self.out.extend_from_slice(text.as_bytes());
                return Some(());
            }
            Ty::EventTypes => {
                let event_type = self.sign_in?.event_type;
                self.out.extend_from_slice(b"[\"");
                self.out.extend_from_slice(event_type.as_bytes());
                self.out.extend_from_slice(b"\"]");
                return Some(());
            }
            _ => {}
        }
        let null = at == ABSENT || self.token(at)?.kind == Kind::Null;
        if null {
            if field.required {
                return None;
            }
            let text: &[u8] = if matches!(field.ty, Ty::List(_)) {
                b"[]"
            } else {
                b"null"
            };
            self.out.extend_from_slice(text);
            return Some(());
        }
        if top && field.required && matches!(field.ty, Ty::Time) {
            let (text, nanos) = normalize(&self.string(at)?).ok()?;
            self.time_nanos = Some(nanos);
            return self.write_str(&text);
        }
        self.write_value(&field.ty, at, plan)
    }

    /// Writes a non-null value of type `ty`; `plan` applies to a nested object.
    fn write_value(&mut self, ty: &Ty, at: u32, plan: Option<&PlanNode>) -> Option<()> {
        let token = self.token(at)?;
        match (ty, token.kind) {
            (Ty::Str, Kind::String { escaped: false }) | (Ty::Bool, Kind::Bool) => {
                let raw = self.raw(at)?;
                self.out.extend_from_slice(raw);
            }
            (Ty::Str, Kind::String { escaped: true }) => {
                let text = self.string(at)?;
                self.write_str(&text)?;
            }
            (Ty::Upn, Kind::String { .. }) => {
                let text = self.string(at)?;
                if text.chars().any(char::is_uppercase) {
                    self.write_str(&text.to_lowercase())?;
                } else {
                    self.write_str(&text)?;
                }
            }
            (Ty::Int, Kind::Number { integer: true }) => {
                let raw = self.span(token)?;
                // serde reads `-0` as a float; leave that to the reference path.
                if raw.starts_with(b"-0") || !fits_i64(raw) {
                    return None;
                }
                self.out.extend_from_slice(raw);
            }
            (Ty::Float, Kind::Number { .. }) => {
                let number: f64 = serde_json::from_slice(self.span(token)?).ok()?;
                serde_json::to_writer(&mut self.out, &number).ok()?;
            }
            (Ty::Time, Kind::String { .. }) => {
                let (text, _) = normalize(&self.string(at)?).ok()?;
                self.write_str(&text)?;
            }
            (Ty::Enum(members), Kind::String { .. }) => {
                let found = member(members, &self.string_bytes(at)?)?;
                self.out.push(b'"');
                self.out.extend_from_slice(found.as_bytes());
                self.out.push(b'"');
            }
            (Ty::Struct(shape) | Ty::StructOrArray(shape), Kind::Object) => {
                let members = self.members(at, shape, false)?;
                self.write_members(shape, &members, false, plan)?;
                self.spare.push(members);
            }
            (Ty::StructOrArray(shape), Kind::Array) => match token.next - at {
                1 => self.out.extend_from_slice(b"null"),
                _ if self.token(at + 1)?.next == token.next => {
                    return self.write_value(&Ty::Struct(shape), at + 1, plan);
                }
                _ => return None,
            },
            (Ty::OpenObject, Kind::Object) | (Ty::Any, _) => self.write_any(at)?,
            (Ty::List(element), Kind::Array) => {
                self.out.push(b'[');
                let mut item = at + 1;
                while item < token.next {
                    if item > at + 1 {
                        self.out.push(b',');
                    }
                    if self.token(item)?.kind == Kind::Null {
                        return None; // serde: a collection's elements are not nullable
                    }
                    self.write_value(element, item, None)?;
                    item = self.token(item)?.next;
                }
                self.out.push(b']');
            }
            _ => return None,
        }
        Some(())
    }

    /// Writes any JSON value as serde_json's `Value` would re-serialise it.
    fn write_any(&mut self, at: u32) -> Option<()> {
        let value: Value = serde_json::from_slice(self.raw(at)?).ok()?;
        serde_json::to_writer(&mut self.out, &value).ok()
    }

    fn write_str(&mut self, text: &str) -> Option<()> {
        serde_json::to_writer(&mut self.out, text).ok()
    }
}

/// The schema spelling of an enum member, matched ignoring ASCII case.
fn member(members: &'static [&'static str], text: &[u8]) -> Option<&'static str> {
    members
        .iter()
        .find(|m| m.as_bytes().eq_ignore_ascii_case(text))
        .copied()
}

/// Whether `digits`, an integer as the scanner accepted it (an optional `-` and digits), is
/// within `i64`.
fn fits_i64(digits: &[u8]) -> bool {
    std::str::from_utf8(digits).is_ok_and(|text| text.parse::<i64>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate_json_reference;

    const SIGN_IN: &str =
        r#"{"id":"s1","createdDateTime":"2024-07-01T00:00:00Z","userId":"u","isInteractive":true"#;

    /// Runs `tail` (members after the base sign-in's) through both paths; returns whether the
    /// one-pass path accepted, after checking it agrees with the reference when it does.
    fn agrees(tail: &str) -> bool {
        let text = format!("{SIGN_IN}{tail}}}");
        let reference = validate_json_reference(LogKind::SignIn, text.as_bytes());
        match one_pass(LogKind::SignIn, text.as_bytes()) {
            Some(fast) => {
                assert_eq!(Ok(fast), reference, "{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn leaves_doubtful_records_to_the_reference() {
        for tail in [
            r#","status":{"errorCode":-0}"#,
            r#","status":{"errorCode":1.0}"#,
            r#","status":{"errorCode":9223372036854775808}"#,
            r#","userId":"again""#,
            r#","\u0069d":"escaped key""#,
            r#","riskEventTypes":[null]"#,
            r#","authenticationAppDeviceDetails":[{},{}]"#,
            r#","signInEventTypes":["interactiveUser","managedIdentity"]"#,
            r#","riskState":"nope""#,
            r#","authenticationAppPolicyDetails":[],"authenticationAppPolicyEvaluationDetails":[]"#,
        ] {
            assert!(!agrees(tail), "{tail}");
        }
    }

    #[test]
    fn rewrites_what_serde_rewrites() {
        for tail in [
            r#","status":{"errorCode":-12,"unknown":[1,{"a":null}]}"#,
            r#","location":{"geoCoordinates":{"latitude":47,"longitude":-122.120,"altitude":1e2}}"#,
            r#","userPrincipalName":"Ann.Lee@Contoso.COM","riskState":"ATRISK""#,
            r#","userAgent":"a\/b \u00e9\"q\"","extra":{"z":1,"a":[2.50]},"@odata.type":"x""#,
            r#","authenticationDetails":[{"authenticationStepDateTime":"2024-07-01T02:00:00+02:00"}]"#,
            r#","authenticationAppDeviceDetails":[{"clientApp":"x"}],"agent":null"#,
            r#","authenticationAppPolicyDetails":[{"status":"s"}]"#,
            r#","signInEventTypes":["INTERACTIVEUSER","interactiveUser"]"#,
        ] {
            assert!(agrees(tail), "{tail}");
        }
    }
}
