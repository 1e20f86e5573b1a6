//! The columns of a download: which values of each record it carries, from `$select` or a
//! default set per log.
//!
//! A download's `$select` accepts everything the list's does — top-level property names of
//! the version, matched case-insensitively, `*` for all of them — and also nested
//! single-valued paths with `/` (`status/errorCode`, `location/city`,
//! `initiatedBy/user/userPrincipalName`), because the portal shows those as columns. A
//! nested path is valid when its first segment is a property of the version and the whole
//! path is a catalogued property path, or a prefix of one (`location/geoCoordinates`), on
//! that version; catalogued paths never pass through a collection, so every segment but the
//! last names a single object. Names come back in their canonical spelling, without
//! duplicates, in the order given. The JSON list endpoint keeps Graph's top-level-only
//! `$select` ([`vigil_model::render::resolve_select`]).
//!
//! Without `$select`, a CSV download has the columns of [`default_paths`] (a JSON download
//! carries whole records instead).

use serde_json::{Map, Value};
use vigil_model::catalogue;
use vigil_model::render::{properties, resolve_select};
use vigil_model::{ApiVersion, LogKind};

/// One column: a property path in its canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    /// The `/`-separated path, as written in the CSV header row.
    path: String,
}

impl Column {
    /// The path as the header row shows it (`status/errorCode`).
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    fn segments(&self) -> impl Iterator<Item = &str> {
        self.path.split('/')
    }

    /// Whether `other` lies inside this column (`status` contains `status/errorCode`).
    fn contains(&self, other: &Column) -> bool {
        other
            .path
            .strip_prefix(&self.path)
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// The column's value in a rendered record; `None` when the path is absent (or passes
    /// through something that is not an object).
    pub(crate) fn value_in<'a>(&self, record: &'a Value) -> Option<&'a Value> {
        let mut current = record;
        for segment in self.segments() {
            current = current.as_object()?.get(segment)?;
        }
        Some(current)
    }
}

/// The default CSV columns of sign-ins: who, what, whether it worked, from where.
const SIGN_IN_DEFAULTS: &[&str] = &[
    "createdDateTime",
    "id",
    "userDisplayName",
    "userPrincipalName",
    "appDisplayName",
    "status/errorCode",
    "status/failureReason",
    "ipAddress",
    "location/city",
    "location/countryOrRegion",
    "clientAppUsed",
    "conditionalAccessStatus",
    "riskState",
    "correlationId",
];

/// The default CSV columns of directory and custom security attribute audits: the
/// activity, its outcome, who did it (user or app) and to what (`targetResources` as JSON).
const AUDIT_DEFAULTS: &[&str] = &[
    "activityDateTime",
    "id",
    "category",
    "activityDisplayName",
    "result",
    "resultReason",
    "loggedByService",
    "operationType",
    "initiatedBy/user/userPrincipalName",
    "initiatedBy/user/ipAddress",
    "initiatedBy/app/displayName",
    "targetResources",
    "correlationId",
];

/// The default CSV columns of provisioning events: the job, the action and its outcome,
/// and which identity moved between which systems.
const PROVISIONING_DEFAULTS: &[&str] = &[
    "activityDateTime",
    "id",
    "jobId",
    "cycleId",
    "changeId",
    "provisioningAction",
    "provisioningStatusInfo/status",
    "provisioningStatusInfo/errorInformation/errorCode",
    "provisioningStatusInfo/errorInformation/reason",
    "sourceSystem/displayName",
    "targetSystem/displayName",
    "sourceIdentity/id",
    "sourceIdentity/displayName",
    "targetIdentity/id",
    "targetIdentity/displayName",
    "servicePrincipal/displayName",
    "durationInMilliseconds",
];

/// The columns of a CSV download of `kind` without `$select`. Every path exists on every
/// version the log is served on (unit-tested).
pub(crate) fn default_paths(kind: LogKind) -> &'static [&'static str] {
    match kind {
        LogKind::SignIn => SIGN_IN_DEFAULTS,
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => AUDIT_DEFAULTS,
        LogKind::Provisioning => PROVISIONING_DEFAULTS,
    }
}

/// The default columns of `kind` on `version`.
pub(crate) fn defaults(kind: LogKind, version: ApiVersion) -> Result<Vec<Column>, String> {
    resolve(kind, version, &default_paths(kind).join(","))
}

/// Resolves a download's `$select` into columns (see the module doc). `*`, or a value
/// naming nothing, selects every top-level property of the version. An unknown name or
/// path gives Graph's message, e.g.
/// `Could not find a property named 'status/foo' on type 'microsoft.graph.signIn'.`
pub(crate) fn resolve(
    kind: LogKind,
    version: ApiVersion,
    select: &str,
) -> Result<Vec<Column>, String> {
    let mut columns: Vec<Column> = Vec::new();
    for name in select.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let paths = if name.contains('/') {
            vec![nested_path(kind, version, name)?]
        } else {
            resolve_select(kind, version, name)?
        };
        for path in paths {
            if !columns.iter().any(|c| c.path == path) {
                columns.push(Column { path });
            }
        }
    }
    if columns.is_empty() {
        return Ok(properties(kind, version)
            .iter()
            .map(|p| Column {
                path: (*p).to_owned(),
            })
            .collect());
    }
    Ok(columns)
}

/// The canonical spelling of a nested path, if it is (a prefix of) a catalogued path of
/// `kind` on `version` under a top-level property of that version.
fn nested_path(kind: LogKind, version: ApiVersion, name: &str) -> Result<String, String> {
    let not_found = || {
        format!(
            "Could not find a property named '{name}' on type '{}'.",
            kind.entity_type()
        )
    };
    let wanted: Vec<&str> = name.split('/').map(str::trim).collect();
    if wanted.iter().any(|s| s.is_empty()) {
        return Err(not_found());
    }
    let top_level = properties(kind, version);
    for field in catalogue::fields(kind) {
        if !field.available_in(version) {
            continue;
        }
        let segments: Vec<&str> = field.path.split('/').collect();
        let matches = segments.len() >= wanted.len()
            && segments
                .iter()
                .zip(&wanted)
                .all(|(have, want)| have.eq_ignore_ascii_case(want));
        let under_a_property = segments.first().is_some_and(|s| top_level.contains(s));
        if matches && under_a_property {
            return Ok(segments[..wanted.len()].join("/"));
        }
    }
    Err(not_found())
}

/// The JSON projection's columns: those not inside another selected column (selecting
/// `status` and `status/errorCode` gives the whole `status` once).
pub(crate) fn outermost(columns: Vec<Column>) -> Vec<Column> {
    let kept: Vec<bool> = columns
        .iter()
        .map(|c| !columns.iter().any(|outer| outer.contains(c)))
        .collect();
    columns
        .into_iter()
        .zip(kept)
        .filter_map(|(c, keep)| keep.then_some(c))
        .collect()
}

/// A rendered record cut down to `columns` (see [`outermost`]), nested paths giving nested
/// objects: `status/errorCode` becomes `{"status":{"errorCode":…}}`. A path absent from the
/// record is left out, as the list's `$select` leaves out absent properties.
pub(crate) fn project(record: &Value, columns: &[Column]) -> Value {
    let mut out = Map::new();
    for column in columns {
        if let Some(value) = column.value_in(record) {
            let segments: Vec<&str> = column.segments().collect();
            insert_at(&mut out, &segments, value.clone());
        }
    }
    Value::Object(out)
}

fn insert_at(object: &mut Map<String, Value>, segments: &[&str], value: Value) {
    match segments {
        [] => {}
        [last] => {
            object.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let slot = object
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                insert_at(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use serde_json::json;
    use vigil_model::{ApiVersion, LogKind};

    use super::{defaults, outermost, project, resolve};

    fn paths(kind: LogKind, version: ApiVersion, select: &str) -> Vec<String> {
        resolve(kind, version, select)
            .unwrap()
            .iter()
            .map(|c| c.path().to_owned())
            .collect()
    }

    #[test]
    fn nested_paths_resolve_to_their_canonical_spelling() {
        assert_eq!(
            paths(
                LogKind::SignIn,
                ApiVersion::V1,
                " ID , Status/ErrorCode,location/CITY,status/errorCode,location/geoCoordinates"
            ),
            [
                "id",
                "status/errorCode",
                "location/city",
                "location/geoCoordinates"
            ]
        );
        assert_eq!(
            paths(
                LogKind::DirectoryAudit,
                ApiVersion::V1,
                "initiatedBy/user/userPrincipalName,initiatedBy/app"
            ),
            ["initiatedBy/user/userPrincipalName", "initiatedBy/app"]
        );
        assert_eq!(
            paths(LogKind::SignIn, ApiVersion::Beta, "*").len(),
            vigil_model::render::properties(LogKind::SignIn, ApiVersion::Beta).len()
        );
    }

    #[test]
    fn unknown_collection_and_version_bound_paths_are_refused() {
        for (version, select) in [
            (ApiVersion::V1, "status/nope"),
            (ApiVersion::V1, "nope"),
            (ApiVersion::V1, "status/"),
            (ApiVersion::V1, "/status"),
            (ApiVersion::V1, "status//errorCode"),
            (ApiVersion::V1, "status/errorCode/more"),
            // Through a collection: select the collection, which comes as JSON.
            (ApiVersion::V1, "appliedConditionalAccessPolicies/id"),
            // Beta-only nested member and beta-only top-level object on v1.0.
            (ApiVersion::V1, "deviceDetail/browserId"),
            (ApiVersion::V1, "mfaDetail/authMethod"),
        ] {
            let error = resolve(LogKind::SignIn, version, select).unwrap_err();
            assert!(
                error.starts_with("Could not find a property named")
                    && error.ends_with("on type 'microsoft.graph.signIn'."),
                "{select}: {error}"
            );
        }
        assert!(resolve(LogKind::SignIn, ApiVersion::Beta, "deviceDetail/browserId").is_ok());
        assert!(resolve(LogKind::SignIn, ApiVersion::Beta, "mfaDetail/authMethod").is_ok());
    }

    #[test]
    fn every_default_column_exists_on_every_version_of_its_log() {
        for kind in LogKind::ALL {
            for version in [ApiVersion::V1, ApiVersion::Beta] {
                if kind.available_in(version) {
                    let columns = defaults(kind, version).unwrap();
                    assert_eq!(columns.len(), super::default_paths(kind).len(), "{kind}");
                }
            }
        }
    }

    #[test]
    fn projections_nest_and_outer_columns_win() {
        let record = json!({
            "id": "a",
            "status": {"errorCode": 50126, "failureReason": "bad"},
            "location": null,
        });
        let columns = outermost(
            resolve(
                LogKind::SignIn,
                ApiVersion::Beta,
                "status/errorCode,id,location/city,userId",
            )
            .unwrap(),
        );
        assert_eq!(
            project(&record, &columns),
            json!({"status": {"errorCode": 50126}, "id": "a"})
        );
        let columns = outermost(
            resolve(
                LogKind::SignIn,
                ApiVersion::Beta,
                "status/errorCode,status,location",
            )
            .unwrap(),
        );
        assert_eq!(
            project(&record, &columns),
            json!({"status": {"errorCode": 50126, "failureReason": "bad"}, "location": null})
        );
    }
}
