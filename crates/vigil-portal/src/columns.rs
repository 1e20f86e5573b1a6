//! The single-valued properties of each log, from the field catalogue: what the Columns
//! dialog offers and what the filter builder may compare. Collections (authentication
//! details, Conditional Access policies, network locations, target resources…) are left
//! out: one cell cannot show them.

use axum::Json;
use axum::extract::Path;
use serde::Serialize;
use serde_json::{Value, json};
use vigil_model::catalogue::{self, FieldType};
use vigil_model::{ApiVersion, LogKind};

use crate::PortalError;

/// One offered column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnInfo {
    /// OData path (`status/errorCode`).
    pub path: &'static str,
    /// `string`, `int`, `double`, `bool`, `dateTime`, `guid` or `enum`.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// Enum members, for `enum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<&'static [&'static str]>,
    /// Whether `/v1.0` has it too (else beta only).
    pub v1: bool,
}

/// The log named by its Graph collection name (`signIns`, `directoryAudits`,
/// `provisioning`, `customSecurityAttributeAudits`), case-insensitively.
pub fn log_kind(name: &str) -> Option<LogKind> {
    [
        ("signIns", LogKind::SignIn),
        ("directoryAudits", LogKind::DirectoryAudit),
        ("provisioning", LogKind::Provisioning),
        (
            "customSecurityAttributeAudits",
            LogKind::CustomSecurityAttributeAudit,
        ),
    ]
    .into_iter()
    .find(|(n, _)| n.eq_ignore_ascii_case(name))
    .map(|(_, kind)| kind)
}

/// Every single-valued property of `kind`, in catalogue order.
pub fn single_valued(kind: LogKind) -> Vec<ColumnInfo> {
    catalogue::fields(kind)
        .iter()
        .filter_map(|field| {
            let (ty, members) = match field.ty {
                FieldType::String => ("string", None),
                FieldType::Int => ("int", None),
                FieldType::Double => ("double", None),
                FieldType::Bool => ("bool", None),
                FieldType::DateTime => ("dateTime", None),
                FieldType::Guid => ("guid", None),
                FieldType::Enum(members) => ("enum", Some(members)),
                FieldType::StringCollection | FieldType::ComplexCollection(_) => return None,
            };
            Some(ColumnInfo {
                path: field.path,
                ty,
                members,
                v1: field.available_in(ApiVersion::V1),
            })
        })
        .collect()
}

/// `GET /portal/api/columns/{log}`.
pub(crate) async fn handler(Path(log): Path<String>) -> Result<Json<Value>, PortalError> {
    let kind = log_kind(&log)
        .ok_or_else(|| PortalError::NotFound(format!("There is no log named '{log}'.")))?;
    Ok(Json(json!({"value": single_valued(kind)})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_columns_hold_single_values_only() {
        let columns = single_valued(LogKind::SignIn);
        let paths: Vec<_> = columns.iter().map(|c| c.path).collect();
        for wanted in [
            "createdDateTime",
            "userPrincipalName",
            "appDisplayName",
            "status/errorCode",
            "location/city",
            "deviceDetail/browser",
            "riskState",
        ] {
            assert!(paths.contains(&wanted), "{wanted} missing");
        }
        for multi in [
            "authenticationDetails",
            "appliedConditionalAccessPolicies",
            "networkLocationDetails",
            "signInEventTypes",
        ] {
            assert!(
                !paths.iter().any(|p| p.starts_with(multi)),
                "{multi} offered"
            );
        }
    }

    #[test]
    fn logs_are_named_like_graph_collections() {
        assert_eq!(log_kind("SIGNINS"), Some(LogKind::SignIn));
        assert_eq!(log_kind("provisioning"), Some(LogKind::Provisioning));
        assert_eq!(log_kind("users"), None);
    }
}
