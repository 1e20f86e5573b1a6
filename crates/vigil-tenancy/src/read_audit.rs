//! The read audit ("who read the logs"): one entry per read of an activity log, queryable
//! by the tenant's Global Administrators — Vigil's counterpart of Graph activity logs.
//!
//! Entries are listed newest first and paged with a [`ReadAuditCursor`] that points just
//! past the last entry returned. Entries are ordered by `(time, sequence)`, where the
//! sequence is assigned by the store in recording order, so equal times never tie.

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::error::ControlError;

/// The largest page [`crate::ControlStore::list_reads`] returns.
pub const MAX_READ_AUDIT_PAGE: usize = 1000;

/// One read of an activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadAuditEntry {
    /// The tenant whose logs were read.
    pub tenant: TenantId,
    /// When the request was answered.
    pub time: OffsetDateTime,
    /// Object id of the caller (user or service principal), from the token's `oid`.
    pub caller_oid: String,
    /// The caller's user principal name, for delegated tokens.
    pub caller_upn: Option<String>,
    /// The client application id (token `appid`/`azp`), when known.
    pub app_id: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path and query string as requested (e.g. `/v1.0/auditLogs/signIns?$top=5`).
    pub path_and_query: String,
    /// The log read; `None` for a read that is not of one of the four logs (for example a
    /// read of this audit itself).
    pub kind: Option<LogKind>,
    /// HTTP status answered.
    pub status: u16,
    /// Records returned.
    pub result_count: u64,
    /// The `request-id` Vigil answered with.
    pub request_id: String,
}

/// Where a page of the read audit stops; pass it back as `before` for the next page.
/// Its text form (`Display`/`FromStr`) is `<unix nanoseconds>.<sequence>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReadAuditCursor {
    pub(crate) time_ns: i64,
    pub(crate) seq: i64,
}

impl fmt::Display for ReadAuditCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.time_ns, self.seq)
    }
}

impl FromStr for ReadAuditCursor {
    type Err = ControlError;

    fn from_str(text: &str) -> Result<ReadAuditCursor, ControlError> {
        let bad = || ControlError::invalid("read-audit cursor", "malformed");
        let (time, seq) = text.split_once('.').ok_or_else(bad)?;
        Ok(ReadAuditCursor {
            time_ns: time.parse().map_err(|_| bad())?,
            seq: seq.parse().map_err(|_| bad())?,
        })
    }
}

/// Which entries to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadAuditQuery {
    /// Only entries at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Only entries strictly before this time.
    pub until: Option<OffsetDateTime>,
    /// Only reads by this caller object id (exact match).
    pub caller_oid: Option<String>,
    /// Page size, `1..=MAX_READ_AUDIT_PAGE`.
    pub limit: usize,
    /// Continue after this cursor (from the previous page's `next`).
    pub before: Option<ReadAuditCursor>,
}

impl Default for ReadAuditQuery {
    fn default() -> Self {
        ReadAuditQuery {
            from: None,
            until: None,
            caller_oid: None,
            limit: 100,
            before: None,
        }
    }
}

/// One page of the read audit, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadAuditPage {
    /// The entries.
    pub entries: Vec<ReadAuditEntry>,
    /// Set when more entries may follow.
    pub next: Option<ReadAuditCursor>,
}

/// Unix nanoseconds of a time, as stores keep it.
pub(crate) fn unix_nanos(what: &'static str, at: OffsetDateTime) -> Result<i64, ControlError> {
    i64::try_from(at.unix_timestamp_nanos())
        .map_err(|_| ControlError::invalid(what, "outside 1677..2262"))
}

/// The time for stored unix nanoseconds.
pub(crate) fn from_unix_nanos(nanos: i64) -> Result<OffsetDateTime, ControlError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos))
        .map_err(|e| ControlError::Corrupt(e.to_string()))
}

/// Checks a query's page size.
pub(crate) fn check_limit(limit: usize) -> Result<usize, ControlError> {
    if (1..=MAX_READ_AUDIT_PAGE).contains(&limit) {
        Ok(limit)
    } else {
        Err(ControlError::invalid(
            "page size",
            format!("must be 1 to {MAX_READ_AUDIT_PAGE}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::ReadAuditCursor;

    #[test]
    fn cursor_text_round_trips() {
        let cursor = ReadAuditCursor {
            time_ns: -5,
            seq: 42,
        };
        assert_eq!(
            cursor.to_string().parse::<ReadAuditCursor>().unwrap(),
            cursor
        );
        for bad in ["", "1", "1.", ".1", "a.b", "1.2.3"] {
            assert!(bad.parse::<ReadAuditCursor>().is_err(), "{bad}");
        }
    }
}
