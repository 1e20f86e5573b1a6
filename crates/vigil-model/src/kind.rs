//! The four activity-log kinds and the two Graph API versions they are served on.

use std::fmt;

/// One of the activity logs Vigil stores. Every record belongs to exactly one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogKind {
    /// `microsoft.graph.signIn` (`/auditLogs/signIns`).
    SignIn,
    /// `microsoft.graph.directoryAudit` (`/auditLogs/directoryAudits`).
    DirectoryAudit,
    /// `microsoft.graph.provisioningObjectSummary` (`/auditLogs/provisioning`).
    Provisioning,
    /// `microsoft.graph.customSecurityAttributeAudit` (beta `/auditLogs/customSecurityAttributeAudits`).
    CustomSecurityAttributeAudit,
}

/// The Graph service root a request came in on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `/v1.0`: the smaller, stable property sets.
    V1,
    /// `/beta`: the superset Vigil stores.
    Beta,
}

impl LogKind {
    /// Every kind, in a fixed order (also the order of their numeric codes).
    pub const ALL: [LogKind; 4] = [
        LogKind::SignIn,
        LogKind::DirectoryAudit,
        LogKind::Provisioning,
        LogKind::CustomSecurityAttributeAudit,
    ];

    /// Stable small integer used by stores to tag rows; never reuse a code.
    pub fn code(self) -> i64 {
        match self {
            LogKind::SignIn => 1,
            LogKind::DirectoryAudit => 2,
            LogKind::Provisioning => 3,
            LogKind::CustomSecurityAttributeAudit => 4,
        }
    }

    /// Position in [`LogKind::ALL`]: an index for per-kind arrays.
    pub const fn index(self) -> usize {
        match self {
            LogKind::SignIn => 0,
            LogKind::DirectoryAudit => 1,
            LogKind::Provisioning => 2,
            LogKind::CustomSecurityAttributeAudit => 3,
        }
    }

    /// Inverse of [`LogKind::code`].
    pub fn from_code(code: i64) -> Option<LogKind> {
        LogKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The collection segment under `auditLogs` as Graph spells it (`signIns`, ...).
    /// It is also the last segment of the ingest URL.
    pub fn collection(self) -> &'static str {
        match self {
            LogKind::SignIn => "signIns",
            LogKind::DirectoryAudit => "directoryAudits",
            LogKind::Provisioning => "provisioning",
            LogKind::CustomSecurityAttributeAudit => "customSecurityAttributeAudits",
        }
    }

    /// Parses a collection segment case-insensitively, as Graph does
    /// (`signins`, `directoryaudits`, and beta's legacy `directoryProvisioning`).
    pub fn from_collection(segment: &str) -> Option<LogKind> {
        let lower = segment.to_ascii_lowercase();
        match lower.as_str() {
            "signins" => Some(LogKind::SignIn),
            "directoryaudits" => Some(LogKind::DirectoryAudit),
            "provisioning" | "directoryprovisioning" => Some(LogKind::Provisioning),
            "customsecurityattributeaudits" => Some(LogKind::CustomSecurityAttributeAudit),
            _ => None,
        }
    }

    /// The OData entity type name, e.g. `microsoft.graph.signIn`.
    pub fn entity_type(self) -> &'static str {
        match self {
            LogKind::SignIn => "microsoft.graph.signIn",
            LogKind::DirectoryAudit => "microsoft.graph.directoryAudit",
            LogKind::Provisioning => "microsoft.graph.provisioningObjectSummary",
            LogKind::CustomSecurityAttributeAudit => "microsoft.graph.customSecurityAttributeAudit",
        }
    }

    /// The property that orders the log (`createdDateTime` or `activityDateTime`).
    pub fn time_property(self) -> &'static str {
        match self {
            LogKind::SignIn => "createdDateTime",
            _ => "activityDateTime",
        }
    }

    /// Whether Graph serves this log on the given version.
    pub fn available_in(self, version: ApiVersion) -> bool {
        !(self == LogKind::CustomSecurityAttributeAudit && version == ApiVersion::V1)
    }

    /// Graph's default page size for a list request without `$top`.
    pub fn default_page_size(self) -> usize {
        match self {
            LogKind::CustomSecurityAttributeAudit => 100,
            _ => 1000,
        }
    }

    /// The largest `$top` Graph accepts for this log.
    pub fn max_page_size(self) -> usize {
        self.default_page_size()
    }

    /// Whether string comparisons in `$filter` ignore case. Graph documents provisioning
    /// filters as case sensitive; the other reporting endpoints compare case-insensitively.
    pub fn case_insensitive_strings(self) -> bool {
        self != LogKind::Provisioning
    }
}

impl fmt::Display for LogKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.collection())
    }
}

impl ApiVersion {
    /// The path segment, `v1.0` or `beta`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    /// Parses a version segment (case-insensitive).
    pub fn from_segment(segment: &str) -> Option<ApiVersion> {
        match segment.to_ascii_lowercase().as_str() {
            "v1.0" => Some(ApiVersion::V1),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LogKind;

    #[test]
    fn index_is_the_position_in_all() {
        for (position, kind) in LogKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), position, "{kind:?}");
        }
    }
}
