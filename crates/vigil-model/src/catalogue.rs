//! The field catalogue: for each log kind, every property path a `$filter` may name,
//! its type, and the API versions it exists on.
//!
//! The catalogue is the single source of truth shared by the query checker (`vigil-query`),
//! which rejects unknown paths and ill-typed comparisons, and by the stores, which map some
//! paths onto indexed columns. Paths use OData's `/` separator (`status/errorCode`).

use crate::kind::{ApiVersion, LogKind};

/// The type of a filterable property, as the `$filter` checker needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `Edm.String`.
    String,
    /// `Edm.Int32` / `Edm.Int64`.
    Int,
    /// `Edm.Double`.
    Double,
    /// `Edm.Boolean`.
    Bool,
    /// `Edm.DateTimeOffset` (unquoted literal in filters).
    DateTime,
    /// A string whose values are GUIDs (accepts quoted or bare GUID literals).
    Guid,
    /// An enum with these members (compared case-insensitively; `microsoft.graph.x'member'`
    /// literals are accepted too).
    Enum(&'static [&'static str]),
    /// A collection of strings or enum members; filtered through `any()`/`all()` lambdas.
    StringCollection,
    /// A collection of complex values whose element properties are the given fields
    /// (paths relative to the element); filtered through `any()`/`all()` lambdas.
    ComplexCollection(&'static [Field]),
}

/// Which API versions expose a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// On `/v1.0` and `/beta`.
    Both,
    /// Only on `/beta`.
    BetaOnly,
}

/// One filterable property path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// OData path, e.g. `status/errorCode`.
    pub path: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Where it exists.
    pub availability: Availability,
}

impl Field {
    /// Whether the property exists on `version`.
    pub fn available_in(&self, version: ApiVersion) -> bool {
        match self.availability {
            Availability::Both => true,
            Availability::BetaOnly => version == ApiVersion::Beta,
        }
    }
}

/// All filterable fields of a kind (any version).
pub fn fields(kind: LogKind) -> &'static [Field] {
    crate::catalogue_tables::fields(kind)
}

/// Looks up a path (case-insensitively, as Graph matches property names in filters) and
/// returns it only if it exists on `version`.
pub fn lookup(kind: LogKind, version: ApiVersion, path: &str) -> Option<&'static Field> {
    fields(kind)
        .iter()
        .find(|f| f.path.eq_ignore_ascii_case(path) && f.available_in(version))
}

/// Looks up an element property of a complex collection (relative path).
pub fn lookup_in(elements: &'static [Field], path: &str) -> Option<&'static Field> {
    elements.iter().find(|f| f.path.eq_ignore_ascii_case(path))
}
