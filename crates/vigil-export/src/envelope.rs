//! The Azure Monitor resource-log envelope (azure-monitor-formats §2.2): one exported record,
//! `time, resourceId, operationName, operationVersion, category, tenantId, resultType,
//! resultSignature, resultDescription, durationMs, callerIpAddress, correlationId, identity,
//! Level, location, properties` in that order. Optional fields whose source is missing are
//! left out, never written as `null`; `Level` is the number `4`; `durationMs` a number.
//!
//! What goes into each field, and into `properties`, depends on the category: see
//! `sign_in.rs`, `audit.rs` and `provisioning.rs`.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::category::Category;
use crate::{audit, provisioning, sign_in};

/// `operationVersion` of every Entra category.
pub const OPERATION_VERSION: &str = "1.0";

/// `Level` of sign-in and (2025) audit records: informational, as a number.
pub const LEVEL: i64 = 4;

/// The `resourceId` of every Entra record: `/tenants/<tenantId>/providers/Microsoft.aadiam`.
pub fn resource_id(tenant_id: &str) -> String {
    format!("/tenants/{tenant_id}/providers/Microsoft.aadiam")
}

/// What the envelope needs beyond the record and its tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeOptions {
    /// Envelope `time` of the four **sign-in** categories. Azure writes the moment it emitted
    /// the record there (28 s to 18 min after `createdDateTime`); a streamer passes its clock's
    /// time. `None` (the default) writes the sign-in's own `createdDateTime`, which is also
    /// what Microsoft's documented sample shows. Audit and provisioning records always carry
    /// their `activityDateTime`, as observed.
    pub emitted_at: Option<OffsetDateTime>,
    /// `properties.tenantGeo` of audit records (Azure's tenant region code: `NA`, `EU`, …).
    /// Vigil does not know a tenant's region; the default is `NA`, the only value the
    /// reference shows. `None` leaves the member out.
    pub tenant_geo: Option<String>,
}

impl Default for EnvelopeOptions {
    fn default() -> Self {
        EnvelopeOptions {
            emitted_at: None,
            tenant_geo: Some("NA".to_owned()),
        }
    }
}

/// The Azure Monitor record for a stored Graph record of `category` in tenant `tenant_id`,
/// with [`EnvelopeOptions::default`]. Never panics: a record of the wrong shape yields an
/// envelope with the reference's defaults (empty `time` and `operationName` where the
/// record has none, optional fields left out) and whatever `properties` can be kept.
pub fn azure_monitor_record(category: Category, tenant_id: &str, graph_record: &Value) -> Value {
    azure_monitor_record_with(
        category,
        tenant_id,
        graph_record,
        &EnvelopeOptions::default(),
    )
}

/// [`azure_monitor_record`] with explicit [`EnvelopeOptions`].
pub fn azure_monitor_record_with(
    category: Category,
    tenant_id: &str,
    graph_record: &Value,
    options: &EnvelopeOptions,
) -> Value {
    let envelope = match category {
        Category::SignInLogs
        | Category::NonInteractiveUserSignInLogs
        | Category::ServicePrincipalSignInLogs
        | Category::ManagedIdentitySignInLogs => {
            sign_in::envelope(category, tenant_id, graph_record, options)
        }
        Category::AuditLogs | Category::CustomSecurityAttributeAuditLogs => {
            audit::envelope(tenant_id, graph_record, options)
        }
        Category::ProvisioningLogs => provisioning::envelope(tenant_id, graph_record),
    };
    envelope.into_value(category, tenant_id)
}

/// The category-dependent envelope fields; `resourceId`, `operationVersion`, `category`,
/// `tenantId` and `Level` are the same for every category and filled in by
/// [`Envelope::into_value`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Envelope {
    pub(crate) time: String,
    pub(crate) operation_name: String,
    pub(crate) result_type: Option<String>,
    pub(crate) result_signature: Option<String>,
    pub(crate) result_description: Option<String>,
    pub(crate) duration_ms: i64,
    pub(crate) caller_ip_address: Option<String>,
    pub(crate) correlation_id: Option<String>,
    pub(crate) identity: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) properties: Map<String, Value>,
}

impl Envelope {
    /// The record, members in the observed order.
    pub(crate) fn into_value(self, category: Category, tenant_id: &str) -> Value {
        let mut out = Map::new();
        let text = |s: String| Value::String(s);
        out.insert("time".into(), text(self.time));
        out.insert("resourceId".into(), text(resource_id(tenant_id)));
        out.insert("operationName".into(), text(self.operation_name));
        out.insert("operationVersion".into(), text(OPERATION_VERSION.into()));
        out.insert("category".into(), text(category.as_str().into()));
        out.insert("tenantId".into(), text(tenant_id.into()));
        let optional = [
            ("resultType", self.result_type),
            ("resultSignature", self.result_signature),
            ("resultDescription", self.result_description),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out.insert(key.into(), text(value));
            }
        }
        out.insert("durationMs".into(), Value::from(self.duration_ms));
        let optional = [
            ("callerIpAddress", self.caller_ip_address),
            ("correlationId", self.correlation_id),
            ("identity", self.identity),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out.insert(key.into(), text(value));
            }
        }
        out.insert("Level".into(), Value::from(LEVEL));
        if let Some(location) = self.location {
            out.insert("location".into(), text(location));
        }
        out.insert("properties".into(), Value::Object(self.properties));
        Value::Object(out)
    }
}

/// The envelope `time` for an event time property: its instant with seven digits, or the
/// text as it is when it does not parse, or `""` when it is missing.
pub(crate) fn event_time(record: &Value, property: &str) -> String {
    match record.get(property) {
        Some(Value::String(text)) => crate::timestamps::parse(text)
            .map(crate::timestamps::envelope)
            .unwrap_or_else(|| text.clone()),
        _ => String::new(),
    }
}
