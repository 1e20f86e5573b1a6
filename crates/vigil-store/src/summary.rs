//! Aggregations for charts: counts of a scoped query's records per time bucket and per key of
//! one dimension, split by outcome ([`vigil_model::outcome`]).
//!
//! [`SummaryRequest`] is what [`crate::Store::summarize`] answers. The semantics are defined
//! here, once, by [`Aggregator`] — the exact computation over decoded records that every
//! backend must agree with (a backend may compute the same answer another way, e.g. with SQL
//! `GROUP BY` over indexed columns; the conformance suite compares it with a naive fold):
//!
//! - **Which records**: exactly those a page walk of the [`ScopedQuery`] would return (tenant,
//!   kind, every filter, retention's `not_before`), with no snapshot bound.
//! - **Buckets** ([`Interval`]): UTC days, or weeks starting Monday 00:00 UTC; a bucket is
//!   named by its start in nanoseconds. Without an interval every record is in one bucket
//!   (`None`).
//! - **Keys** ([`Dimension`]): the dimension's value in the record, lower-cased when the
//!   dimension compares case-insensitively ([`Dimension::lower_cases`]), or `None` when the
//!   record has none (absent, `null`, not a string). `authenticationMethod` is multi-valued:
//!   a record counts once under each distinct method of its `authenticationDetails`, and
//!   under `None` when it has none — so its rows can add up to more than the records.
//! - **Labels**: taken from the newest record of the key over the whole result (greatest
//!   `(time, id)`), so they are the same in every bucket: see [`Dimension::labels`].
//! - **Rows** with no records are not produced. `latest` is the newest event time of the
//!   row's records.
//! - **Top** `n`: only the `n` keys with the highest total over all buckets (ties: the
//!   smaller key first, `None` smallest) keep their rows ([`finish`]).
//! - **Order**: bucket ascending, then total descending, then key ascending ([`finish`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use vigil_model::LogKind;
use vigil_model::outcome::{Outcome, outcome_of};
use vigil_model::types::enums::SIGN_IN_EVENT_TYPES;

use crate::query::ScopedQuery;

/// The largest `top` a request may ask for.
pub const MAX_TOP: usize = 100;

/// One day in nanoseconds.
const DAY_NANOS: i64 = 86_400 * 1_000_000_000;
/// One week in nanoseconds.
const WEEK_NANOS: i64 = 7 * DAY_NANOS;
/// 1970-01-05, the first Monday after the epoch (a Thursday), in nanoseconds.
pub const FIRST_MONDAY_NANOS: i64 = 4 * DAY_NANOS;

/// A time bucket size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    /// UTC calendar days.
    Day,
    /// Weeks starting Monday 00:00 UTC.
    Week,
}

impl Interval {
    /// Every interval.
    pub const ALL: [Interval; 2] = [Interval::Day, Interval::Week];

    /// Parses `day` / `week` (case-insensitive).
    pub fn parse(text: &str) -> Option<Interval> {
        Interval::ALL
            .into_iter()
            .find(|i| i.name().eq_ignore_ascii_case(text))
    }

    /// `day` or `week`.
    pub fn name(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
        }
    }

    /// The bucket length in nanoseconds.
    pub fn nanos(self) -> i64 {
        match self {
            Interval::Day => DAY_NANOS,
            Interval::Week => WEEK_NANOS,
        }
    }

    /// Where buckets are aligned: midnight for days, a Monday midnight for weeks.
    pub fn origin_nanos(self) -> i64 {
        match self {
            Interval::Day => 0,
            Interval::Week => FIRST_MONDAY_NANOS,
        }
    }

    /// The start of the bucket holding `time_nanos`.
    pub fn bucket_start(self, time_nanos: i64) -> i64 {
        time_nanos - (time_nanos - self.origin_nanos()).rem_euclid(self.nanos())
    }
}

/// What rows are grouped by, besides the bucket. Each dimension belongs to one or more logs
/// ([`Dimension::for_kind`]); names are the API's `groupBy` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Sign-ins: `appId` (label `appDisplayName`).
    App,
    /// Sign-ins: `userId` (label `userDisplayName`, detail `userPrincipalName`).
    User,
    /// Sign-ins: the outcome class, `success` | `failure` | `interrupted`.
    Status,
    /// Sign-ins: `authenticationRequirement`.
    AuthenticationRequirement,
    /// Sign-ins: each distinct `authenticationDetails[].authenticationMethod`.
    AuthenticationMethod,
    /// Sign-ins: `clientAppUsed`.
    ClientAppUsed,
    /// Sign-ins: `conditionalAccessStatus`.
    ConditionalAccessStatus,
    /// Sign-ins: `riskLevelDuringSignIn`.
    RiskLevelDuringSignIn,
    /// Sign-ins: `riskState`.
    RiskState,
    /// Sign-ins: `deviceDetail/operatingSystem`.
    OperatingSystem,
    /// Sign-ins: `deviceDetail/browser`.
    Browser,
    /// Sign-ins: `location/countryOrRegion`.
    Country,
    /// Sign-ins: the single `signInEventTypes` value, spelled as Graph does
    /// (`interactiveUser`, …).
    SignInEventType,
    /// Directory audits: `category`.
    Category,
    /// Audits: `activityDisplayName`.
    Activity,
    /// Audits: `loggedByService`.
    Service,
    /// Audits: `result`.
    Result,
    /// Directory audits: `initiatedBy/user/userPrincipalName`, else
    /// `initiatedBy/app/displayName`.
    InitiatedBy,
    /// Provisioning: `provisioningAction`.
    ProvisioningAction,
    /// Provisioning: `provisioningStatusInfo/status`.
    ProvisioningStatus,
    /// Provisioning: `sourceSystem/displayName` (case-sensitive, as provisioning filters).
    SourceSystem,
    /// Provisioning: `targetSystem/displayName` (case-sensitive).
    TargetSystem,
}

use Dimension as D;

const SIGN_IN_DIMENSIONS: &[Dimension] = &[
    D::App,
    D::User,
    D::Status,
    D::AuthenticationRequirement,
    D::AuthenticationMethod,
    D::ClientAppUsed,
    D::ConditionalAccessStatus,
    D::RiskLevelDuringSignIn,
    D::RiskState,
    D::OperatingSystem,
    D::Browser,
    D::Country,
    D::SignInEventType,
];
const DIRECTORY_AUDIT_DIMENSIONS: &[Dimension] = &[
    D::Category,
    D::Activity,
    D::Service,
    D::Result,
    D::InitiatedBy,
];
const PROVISIONING_DIMENSIONS: &[Dimension] = &[
    D::ProvisioningAction,
    D::ProvisioningStatus,
    D::SourceSystem,
    D::TargetSystem,
];
const ATTRIBUTE_AUDIT_DIMENSIONS: &[Dimension] = &[D::Activity, D::Result, D::Service];

impl Dimension {
    /// The dimensions a log can be grouped by, in documentation order.
    pub fn for_kind(kind: LogKind) -> &'static [Dimension] {
        match kind {
            LogKind::SignIn => SIGN_IN_DIMENSIONS,
            LogKind::DirectoryAudit => DIRECTORY_AUDIT_DIMENSIONS,
            LogKind::Provisioning => PROVISIONING_DIMENSIONS,
            LogKind::CustomSecurityAttributeAudit => ATTRIBUTE_AUDIT_DIMENSIONS,
        }
    }

    /// Parses a `groupBy` value for `kind` (case-insensitive); `None` if `kind` has no such
    /// dimension.
    pub fn parse(kind: LogKind, text: &str) -> Option<Dimension> {
        Dimension::for_kind(kind)
            .iter()
            .copied()
            .find(|d| d.name().eq_ignore_ascii_case(text))
    }

    /// The `groupBy` name.
    pub fn name(self) -> &'static str {
        match self {
            D::App => "app",
            D::User => "user",
            D::Status | D::ProvisioningStatus => "status",
            D::AuthenticationRequirement => "authenticationRequirement",
            D::AuthenticationMethod => "authenticationMethod",
            D::ClientAppUsed => "clientAppUsed",
            D::ConditionalAccessStatus => "conditionalAccessStatus",
            D::RiskLevelDuringSignIn => "riskLevelDuringSignIn",
            D::RiskState => "riskState",
            D::OperatingSystem => "operatingSystem",
            D::Browser => "browser",
            D::Country => "country",
            D::SignInEventType => "signInEventType",
            D::Category => "category",
            D::Activity => "activity",
            D::Service => "service",
            D::Result => "result",
            D::InitiatedBy => "initiatedBy",
            D::ProvisioningAction => "action",
            D::SourceSystem => "sourceSystem",
            D::TargetSystem => "targetSystem",
        }
    }

    /// The property path a single-valued key is read from (`None` for the derived
    /// dimensions: status, event type, authentication method, initiator).
    pub fn path(self) -> Option<&'static str> {
        Some(match self {
            D::App => "appId",
            D::User => "userId",
            D::AuthenticationRequirement => "authenticationRequirement",
            D::ClientAppUsed => "clientAppUsed",
            D::ConditionalAccessStatus => "conditionalAccessStatus",
            D::RiskLevelDuringSignIn => "riskLevelDuringSignIn",
            D::RiskState => "riskState",
            D::OperatingSystem => "deviceDetail/operatingSystem",
            D::Browser => "deviceDetail/browser",
            D::Country => "location/countryOrRegion",
            D::Category => "category",
            D::Activity => "activityDisplayName",
            D::Service => "loggedByService",
            D::Result => "result",
            D::ProvisioningAction => "provisioningAction",
            D::ProvisioningStatus => "provisioningStatusInfo/status",
            D::SourceSystem => "sourceSystem/displayName",
            D::TargetSystem => "targetSystem/displayName",
            D::Status | D::SignInEventType | D::AuthenticationMethod | D::InitiatedBy => {
                return None;
            }
        })
    }

    /// Whether keys are lower-cased (grouping ignores case). True for everything but the
    /// provisioning systems' display names, which provisioning filters compare exactly.
    pub fn lower_cases(self) -> bool {
        !matches!(self, D::SourceSystem | D::TargetSystem)
    }

    fn normalise(self, value: &str) -> String {
        if self.lower_cases() {
            value.to_lowercase()
        } else {
            value.to_owned()
        }
    }

    /// The keys of a record (one, except for `authenticationMethod`, which gives one per
    /// distinct method, or `[None]` when there is none).
    pub fn keys(self, kind: LogKind, record: &Value) -> Vec<Option<String>> {
        match self {
            D::Status => vec![Some(outcome_of(kind, record).name().to_owned())],
            D::SignInEventType => vec![event_type(record).map(str::to_owned)],
            D::AuthenticationMethod => {
                let methods: BTreeSet<String> = authentication_methods(record)
                    .map(|m| self.normalise(m))
                    .collect();
                if methods.is_empty() {
                    vec![None]
                } else {
                    methods.into_iter().map(Some).collect()
                }
            }
            D::InitiatedBy => vec![initiator(record).map(|i| self.normalise(i))],
            _ => vec![
                self.path()
                    .and_then(|p| string_at(record, p))
                    .map(|v| self.normalise(v)),
            ],
        }
    }

    /// `(label, detail)` of `key` as `record` (the newest of the key) shows them: the value
    /// as written (the key may be lower-cased), except `app` → `appDisplayName`, `user` →
    /// `userDisplayName` with detail `userPrincipalName`, and `status` → the key itself.
    /// Only `user` has a detail.
    pub fn labels(self, key: Option<&str>, record: &Value) -> (Option<String>, Option<String>) {
        let owned = |v: Option<&str>| v.map(str::to_owned);
        match self {
            _ if key.is_none() => (None, None),
            D::App => (owned(string_at(record, "appDisplayName")), None),
            D::User => (
                owned(string_at(record, "userDisplayName")),
                owned(string_at(record, "userPrincipalName")),
            ),
            D::Status | D::SignInEventType => (owned(key), None),
            D::AuthenticationMethod => (
                owned(
                    authentication_methods(record)
                        .find(|m| Some(self.normalise(m).as_str()) == key),
                ),
                None,
            ),
            D::InitiatedBy => (owned(initiator(record)), None),
            _ => (owned(self.path().and_then(|p| string_at(record, p))), None),
        }
    }
}

/// The string at a `/`-separated path (`None` when absent or not a string).
pub fn string_at<'v>(record: &'v Value, path: &str) -> Option<&'v str> {
    path.split('/')
        .try_fold(record, |node, segment| node.get(segment))
        .and_then(Value::as_str)
}

/// The record's event type as Graph spells it; a value outside the enumeration counts as
/// `unknownFutureValue`.
fn event_type(record: &Value) -> Option<&'static str> {
    let first = record
        .get("signInEventTypes")?
        .as_array()?
        .first()?
        .as_str()?;
    Some(
        SIGN_IN_EVENT_TYPES
            .iter()
            .find(|t| t.eq_ignore_ascii_case(first))
            .copied()
            .unwrap_or("unknownFutureValue"),
    )
}

fn authentication_methods(record: &Value) -> impl Iterator<Item = &str> {
    record
        .get("authenticationDetails")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|step| step.get("authenticationMethod").and_then(Value::as_str))
}

fn initiator(record: &Value) -> Option<&str> {
    string_at(record, "initiatedBy/user/userPrincipalName")
        .filter(|upn| !upn.is_empty())
        .or_else(|| string_at(record, "initiatedBy/app/displayName"))
}

/// A summary of a scoped query (see the module documentation).
#[derive(Debug, Clone)]
pub struct SummaryRequest {
    /// Which records: tenant, kind, filters, retention floor. Its `order` is ignored.
    pub query: ScopedQuery,
    /// Time buckets, or one bucket for everything.
    pub interval: Option<Interval>,
    /// Grouping key, or one key for everything.
    pub dimension: Option<Dimension>,
    /// Keep only the rows of the `top` keys with the highest totals (`1..=MAX_TOP`; larger
    /// values are treated as [`MAX_TOP`]).
    pub top: Option<usize>,
}

/// One row of a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// Start of the bucket (nanoseconds), `None` without an interval.
    pub bucket: Option<i64>,
    /// The key, `None` without a dimension or for records without a value.
    pub key: Option<String>,
    /// Display label of the key (see [`Dimension::labels`]).
    pub label: Option<String>,
    /// Secondary label (the user's UPN for `user`).
    pub detail: Option<String>,
    /// Records in the row.
    pub total: u64,
    /// Of which successes.
    pub success: u64,
    /// Of which failures.
    pub failure: u64,
    /// Of which interruptions.
    pub interrupted: u64,
    /// Newest event time in the row (nanoseconds).
    pub latest: i64,
}

impl SummaryRow {
    /// Adds one record of `outcome` at `time_nanos`.
    pub fn count(&mut self, outcome: Outcome, time_nanos: i64) {
        self.total += 1;
        match outcome {
            Outcome::Success => self.success += 1,
            Outcome::Failure => self.failure += 1,
            Outcome::Interrupted => self.interrupted += 1,
        }
        self.latest = self.latest.max(time_nanos);
    }
}

/// The newest record seen for a key and its labels.
#[derive(Debug)]
struct Newest {
    time_nanos: i64,
    id: String,
    labels: (Option<String>, Option<String>),
}

/// The reference computation: fold matching records in any order, then [`Aggregator::finish`].
#[derive(Debug)]
pub struct Aggregator {
    kind: LogKind,
    interval: Option<Interval>,
    dimension: Option<Dimension>,
    top: Option<usize>,
    cells: HashMap<(Option<i64>, Option<String>), SummaryRow>,
    newest: HashMap<Option<String>, Newest>,
}

impl Aggregator {
    /// An empty aggregation for `request`.
    pub fn new(request: &SummaryRequest) -> Aggregator {
        Aggregator {
            kind: request.query.kind,
            interval: request.interval,
            dimension: request.dimension,
            top: request.top,
            cells: HashMap::new(),
            newest: HashMap::new(),
        }
    }

    /// Adds one record that matches the request's query (the caller checks that).
    pub fn add(&mut self, time_nanos: i64, id: &str, record: &Value) {
        let bucket = self.interval.map(|i| i.bucket_start(time_nanos));
        let outcome = outcome_of(self.kind, record);
        let keys = match self.dimension {
            Some(dimension) => dimension.keys(self.kind, record),
            None => vec![None],
        };
        for key in keys {
            if let Some(dimension) = self.dimension {
                let newer = self
                    .newest
                    .get(&key)
                    .is_none_or(|n| (time_nanos, id) > (n.time_nanos, n.id.as_str()));
                if newer {
                    let labels = dimension.labels(key.as_deref(), record);
                    self.newest.insert(
                        key.clone(),
                        Newest {
                            time_nanos,
                            id: id.to_owned(),
                            labels,
                        },
                    );
                }
            }
            self.cells
                .entry((bucket, key.clone()))
                .or_insert_with(|| empty_row(bucket, key))
                .count(outcome, time_nanos);
        }
    }

    /// The rows, labelled, cut to `top` and ordered.
    pub fn finish(self) -> Vec<SummaryRow> {
        let mut newest = self.newest;
        let mut rows: Vec<SummaryRow> = self.cells.into_values().collect();
        for row in &mut rows {
            if let Some(n) = newest.get_mut(&row.key) {
                (row.label, row.detail) = n.labels.clone();
            }
        }
        newest.clear();
        finish(rows, self.top)
    }
}

/// A row with no records yet.
pub fn empty_row(bucket: Option<i64>, key: Option<String>) -> SummaryRow {
    SummaryRow {
        bucket,
        key,
        label: None,
        detail: None,
        total: 0,
        success: 0,
        failure: 0,
        interrupted: 0,
        latest: i64::MIN,
    }
}

/// Applies `top` (keys with the highest totals over all buckets; ties by key, `None` first)
/// and the row order (bucket, total descending, key). Every backend ends with this.
pub fn finish(mut rows: Vec<SummaryRow>, top: Option<usize>) -> Vec<SummaryRow> {
    if let Some(top) = top {
        let mut totals: BTreeMap<Option<String>, u64> = BTreeMap::new();
        for row in &rows {
            *totals.entry(row.key.clone()).or_default() += row.total;
        }
        let mut ranked: Vec<(Option<String>, u64)> = totals.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let kept: BTreeSet<Option<String>> = ranked
            .into_iter()
            .take(top.min(MAX_TOP))
            .map(|(key, _)| key)
            .collect();
        rows.retain(|row| kept.contains(&row.key));
    }
    rows.sort_by(|a, b| {
        a.bucket
            .cmp(&b.bucket)
            .then_with(|| b.total.cmp(&a.total))
            .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

#[cfg(test)]
mod tests;
