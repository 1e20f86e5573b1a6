//! Resolving a request path onto a log, and building the scoped query every read uses
//! (client filter, implicit sign-in event type, access scope).

use vigil_model::{ApiVersion, LogKind};
use vigil_query::CheckedFilter;
use vigil_store::{ScopedQuery, SortOrder, TenantId};

use crate::error::{GraphError, GraphErrorCode};

/// The Graph resource a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// `/v1.0` or `/beta`.
    pub version: ApiVersion,
    /// Which log.
    pub kind: LogKind,
}

/// Resolves `/{version}/{root}/{collection}` case-insensitively, as Graph matches paths.
pub fn resolve(version: &str, root: &str, collection: &str) -> Result<Resource, GraphError> {
    let version_parsed =
        ApiVersion::from_segment(version).ok_or_else(|| unknown_segment(version))?;
    if !root.eq_ignore_ascii_case("auditLogs") {
        return Err(unknown_segment(root));
    }
    let kind = LogKind::from_collection(collection).ok_or_else(|| unknown_segment(collection))?;
    if !kind.available_in(version_parsed) {
        return Err(unknown_segment(collection));
    }
    Ok(Resource {
        version: version_parsed,
        kind,
    })
}

fn unknown_segment(segment: &str) -> GraphError {
    GraphError::new(
        GraphErrorCode::UnknownSegment,
        format!("Resource not found for the segment '{segment}'."),
    )
}

/// The event type Graph's sign-in lists keep when they do not ask for event types: only
/// interactive user sign-ins. On `/v1.0` (where `signInEventTypes` does not exist) always.
const INTERACTIVE: &str = "interactiveUser";

/// The checked filter `signInEventTypes/any(t: t eq '<event_type>')`: the sign-ins of one
/// event type. A sign-in carries exactly one (validation ensures it), and the store indexes
/// it, so this is what its prefilter narrows by.
pub fn event_type_filter(event_type: &str) -> Result<CheckedFilter, GraphError> {
    let text = format!("signInEventTypes/any(t: t eq '{event_type}')");
    vigil_query::parse_and_check(&text, LogKind::SignIn, ApiVersion::Beta)
        .map_err(|e| GraphError::internal(&e.message()))
}

/// Builds the scoped query for a list or get request: the client's `filter`, the implicit
/// event-type filter of sign-in lists, the caller's access-scope filter and the retention
/// floor, all of which the store must apply.
pub fn scoped_query(
    tenant: TenantId,
    resource: Resource,
    filter: Option<CheckedFilter>,
    scope: Option<CheckedFilter>,
    order: SortOrder,
    implicit_event_type: bool,
    not_before: Option<i64>,
) -> Result<ScopedQuery, GraphError> {
    let mut filters = Vec::with_capacity(3);
    let mentions_event_types = filter
        .as_ref()
        .is_some_and(|f| f.mentions("signInEventTypes"));
    if implicit_event_type && resource.kind == LogKind::SignIn && !mentions_event_types {
        filters.push(event_type_filter(INTERACTIVE)?);
    }
    filters.extend(filter);
    filters.extend(scope);
    Ok(ScopedQuery {
        tenant,
        kind: resource.kind,
        filters,
        order,
        not_before,
    })
}
