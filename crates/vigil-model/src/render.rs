//! Placeholder: rendering canonical records for a Graph version (being written).

use serde_json::Value;

use crate::kind::{ApiVersion, LogKind};

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

/// Renders a canonical record as Graph serves it on `opts.version`.
pub fn render(_kind: LogKind, body: &Value, _opts: &RenderOptions) -> Value {
    body.clone()
}
