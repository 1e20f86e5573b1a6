//! Graph's `Edm.DateTimeOffset` on the wire: parsing, normalising and formatting.
//!
//! Graph emits UTC with a `Z` suffix and zero to seven fractional digits
//! (`2020-03-13T19:15:41.6195833Z`). Vigil keeps the instant as nanoseconds since the Unix
//! epoch (an `i64`, good until 2262) for indexing and ordering.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// Why a timestamp was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateTimeError {
    /// Not an RFC 3339 / ISO 8601 date-time with a zone.
    #[error("'{0}' is not an ISO 8601 date-time with a time zone (e.g. 2024-07-01T00:00:00Z)")]
    Syntax(String),
    /// Outside the range Vigil can index (1970..2262).
    #[error("'{0}' is outside the supported range 1970-01-01..2262-01-01")]
    Range(String),
}

/// Parses an ISO 8601 date-time with zone into nanoseconds since the Unix epoch.
/// A bare date (`2018-01-24`) is accepted as midnight UTC, as Graph accepts it in filters.
pub fn parse_nanos(text: &str) -> Result<i64, DateTimeError> {
    let parsed = match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(dt) => dt,
        Err(_) => parse_date_only(text).ok_or_else(|| DateTimeError::Syntax(text.to_owned()))?,
    };
    let nanos = parsed.unix_timestamp_nanos();
    if nanos < 0 {
        return Err(DateTimeError::Range(text.to_owned()));
    }
    i64::try_from(nanos).map_err(|_| DateTimeError::Range(text.to_owned()))
}

fn parse_date_only(text: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(text, &format).ok()?;
    Some(date.midnight().assume_utc())
}

/// Formats nanoseconds since the epoch as Graph does: UTC, `Z`, seven fractional digits
/// (trailing zeros kept, as in `2018-01-09T21:20:02.7215374Z`).
pub fn format_nanos(nanos: i64) -> String {
    let dt = OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format_datetime(dt)
}

/// Formats a date-time as Graph does (see [`format_nanos`]).
pub fn format_datetime(dt: OffsetDateTime) -> String {
    let dt = dt.to_offset(UtcOffset::UTC);
    let ticks = dt.nanosecond() / 100;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        ticks
    )
}

/// Formats nanoseconds since the epoch with whole seconds when there is no fraction
/// (`2026-11-02T00:00:00Z`, as Graph writes sign-in times and report buckets) and seven
/// fractional digits otherwise (as [`format_nanos`]).
pub fn format_nanos_compact(nanos: i64) -> String {
    if nanos.rem_euclid(1_000_000_000) == 0 {
        let dt = OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        )
    } else {
        format_nanos(nanos)
    }
}

/// Normalises a wire timestamp: UTC with `Z`. Input already in UTC with `Z` is returned
/// unchanged so that the producer's precision is preserved byte for byte.
pub fn normalize(text: &str) -> Result<(String, i64), DateTimeError> {
    let nanos = parse_nanos(text)?;
    if text.ends_with('Z') && text.contains('T') {
        Ok((text.to_owned(), nanos))
    } else {
        Ok((format_nanos(nanos), nanos))
    }
}

/// The `innerError.date` form: UTC, no zone, no fraction (`2021-09-07T07:11:46`).
pub fn format_error_date(dt: OffsetDateTime) -> String {
    let dt = dt.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_seven_digits() {
        let n = parse_nanos("2020-03-13T19:15:41.6195833Z").unwrap();
        assert_eq!(format_nanos(n), "2020-03-13T19:15:41.6195833Z");
    }

    #[test]
    fn compact_drops_a_zero_fraction_only() {
        let n = parse_nanos("2026-11-02T00:00:00Z").unwrap();
        assert_eq!(format_nanos_compact(n), "2026-11-02T00:00:00Z");
        assert_eq!(
            format_nanos_compact(n + 100),
            "2026-11-02T00:00:00.0000001Z"
        );
    }

    #[test]
    fn offsets_become_utc() {
        let (text, _) = normalize("2024-07-01T02:00:00+02:00").unwrap();
        assert_eq!(text, "2024-07-01T00:00:00.0000000Z");
    }

    #[test]
    fn bare_date_is_midnight() {
        assert_eq!(
            parse_nanos("2018-01-24").unwrap(),
            parse_nanos("2018-01-24T00:00:00Z").unwrap()
        );
    }

    #[test]
    fn rejects_garbage_and_pre_epoch() {
        assert!(parse_nanos("yesterday").is_err());
        assert!(parse_nanos("1969-12-31T23:59:59Z").is_err());
    }
}
