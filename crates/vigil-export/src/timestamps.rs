//! The two timestamp spellings of an exported record (azure-monitor-formats §2.2–2.4):
//! the envelope's `time` is UTC with exactly seven fractional digits and `Z`
//! (`2025-04-11T16:17:00.7397744Z`); Graph timestamps inside `properties` are written with
//! trailing zeros of the fraction dropped and, for sign-ins and audits, a `+00:00` offset
//! (`2025-04-11T03:19:15.332641+00:00`).

use serde_json::value::RawValue;
use time::{OffsetDateTime, UtcOffset};
use vigil_model::datetime::{format_nanos, parse_nanos};

use crate::graph_json::string;
use crate::object_writer::ObjectWriter;

/// The zone suffix of a timestamp inside `properties`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    /// `+00:00`, as sign-in and audit records write `createdDateTime` / `activityDateTime`.
    Offset,
    /// `Z`, as provisioning records keep `activityDateTime`.
    Z,
}

/// Nanoseconds since the epoch of a Graph timestamp, if it is one (1970..2262).
pub(crate) fn parse(text: &str) -> Option<i64> {
    parse_nanos(text).ok()
}

/// The envelope form: UTC, seven fractional digits, `Z`.
pub(crate) fn envelope(nanos: i64) -> String {
    format_nanos(nanos)
}

/// The envelope form of an instant given as a date-time (converted to UTC; instants outside
/// 1970..2262 are written as they are, with seven digits, without failing).
pub(crate) fn envelope_from(dt: OffsetDateTime) -> String {
    let nanos = dt.unix_timestamp_nanos();
    match i64::try_from(nanos) {
        Ok(n) if n >= 0 => format_nanos(n),
        _ => vigil_model::datetime::format_datetime(dt.to_offset(UtcOffset::UTC)),
    }
}

/// The `properties` form: trailing zeros of the fraction dropped (the dot too when nothing
/// is left), then the zone.
pub(crate) fn trimmed(nanos: i64, zone: Zone) -> String {
    let full = format_nanos(nanos);
    let body = full.strip_suffix('Z').unwrap_or(&full);
    let body = match body.split_once('.') {
        Some((seconds, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() {
                seconds.to_owned()
            } else {
                format!("{seconds}.{fraction}")
            }
        }
        None => body.to_owned(),
    };
    match zone {
        Zone::Offset => format!("{body}+00:00"),
        Zone::Z => format!("{body}Z"),
    }
}

/// Rewrites a timestamp string in place into the `properties` form; anything that is not a
/// parseable timestamp is left as it is.
/// Writes member `key` of `object`: the timestamp `value` in Azure's `properties` spelling
/// for `zone`, or `value` as it is when it is not a timestamp string.
pub(crate) fn write_rewritten(
    object: &mut ObjectWriter<'_>,
    key: &str,
    value: &RawValue,
    zone: Zone,
) {
    match string(value).as_deref().and_then(parse) {
        Some(nanos) => object.value(key, &trimmed(nanos, zone)),
        None => object.raw(key, value),
    }
}

/// [`write_rewritten`] for a value inside a tree.
pub(crate) fn rewrite(value: &mut serde_json::Value, zone: Zone) {
    if let Some(nanos) = value.as_str().and_then(parse) {
        *value = serde_json::Value::String(trimmed(nanos, zone));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn envelope_keeps_seven_digits() {
        let n = parse("2025-04-22T20:00:37.909246Z").unwrap();
        assert_eq!(envelope(n), "2025-04-22T20:00:37.9092460Z");
        let n = parse("2019-03-12T16:02:15.5522137+00:00").unwrap();
        assert_eq!(envelope(n), "2019-03-12T16:02:15.5522137Z");
    }

    #[test]
    fn properties_drop_trailing_zeros() {
        let n = parse("2025-04-11T03:19:15.3326410Z").unwrap();
        assert_eq!(trimmed(n, Zone::Offset), "2025-04-11T03:19:15.332641+00:00");
        assert_eq!(trimmed(n, Zone::Z), "2025-04-11T03:19:15.332641Z");
        let whole = parse("2025-04-11T03:19:15Z").unwrap();
        assert_eq!(trimmed(whole, Zone::Offset), "2025-04-11T03:19:15+00:00");
        let full = parse("2019-03-12T16:02:15.5522137Z").unwrap();
        assert_eq!(
            trimmed(full, Zone::Offset),
            "2019-03-12T16:02:15.5522137+00:00"
        );
    }

    #[test]
    fn rewrite_leaves_non_timestamps_alone() {
        for odd in [json!("yesterday"), json!(5), Value::Null, json!({"a": 1})] {
            let mut v = odd.clone();
            rewrite(&mut v, Zone::Offset);
            assert_eq!(v, odd);
        }
        let mut v = json!("2026-03-01T02:00:00+02:00");
        rewrite(&mut v, Zone::Offset);
        assert_eq!(v, json!("2026-03-01T00:00:00+00:00"));
    }

    #[test]
    fn envelope_from_any_instant() {
        let dt = time::macros::datetime!(2026-03-01 01:02:03.5 +01:00);
        assert_eq!(envelope_from(dt), "2026-03-01T00:02:03.5000000Z");
        let early = time::macros::datetime!(1960-01-01 00:00 UTC);
        assert_eq!(envelope_from(early), "1960-01-01T00:00:00.0000000Z");
    }
}
