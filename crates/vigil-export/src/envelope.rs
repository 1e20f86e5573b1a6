//! The Azure Monitor resource-log envelope (azure-monitor-formats §2.2): one exported record,
//! `time, resourceId, operationName, operationVersion, category, tenantId, resultType,
//! resultSignature, resultDescription, durationMs, callerIpAddress, correlationId, identity,
//! Level, location, properties` in that order. Optional fields whose source is missing are
//! left out, never written as `null`; `Level` is the number `4`; `durationMs` a number.
//!
//! What goes into each field, and into `properties`, depends on the category: see
//! `sign_in.rs`, `audit.rs` and `provisioning.rs`.

use serde_json::Value;
use time::OffsetDateTime;

use crate::category::Category;
use crate::graph_json::GraphJson;
use crate::object_writer::{ENVELOPE, ObjectWriter};
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

/// One stored record in Azure Monitor's shape, serialised in Azure's byte layout
/// ([`crate::record_bytes`]), with the event time that picks its hourly blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedRecord {
    bytes: Vec<u8>,
    event_time: Option<OffsetDateTime>,
}

impl ExportedRecord {
    /// The record's bytes (no line end).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The record's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The Graph record's own time (`createdDateTime` / `activityDateTime`), or the
    /// envelope's `time` when that is missing: what [`crate::blob_path`] files it under.
    pub fn event_time(&self) -> Option<OffsetDateTime> {
        self.event_time
    }

    /// A record already in Azure Monitor's shape (as [`azure_monitor_record`] returns it),
    /// serialised with [`crate::record_bytes`] and filed by [`crate::record_event_time`].
    pub fn from_azure_record(record: &Value) -> ExportedRecord {
        ExportedRecord {
            bytes: crate::record_bytes(record),
            event_time: crate::record_event_time(record),
        }
    }

    /// The record parsed back into a tree (for inspection; export itself never needs it).
    pub fn to_tree(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The record as a line of an archive blob: its bytes and [`crate::BLOB_LINE_END`].
    pub fn write_blob_line(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes);
        out.extend_from_slice(crate::BLOB_LINE_END);
    }

    /// The hourly blob of this record for `tenant_id`, if it has an event time.
    pub fn blob_path(&self, tenant_id: &str) -> Option<String> {
        self.event_time
            .map(|time| crate::blob_path(tenant_id, time))
    }
}

/// The Azure Monitor record for a stored Graph record (read with [`GraphJson::parse`]) of
/// `category` in tenant `tenant_id`: the envelope written straight from the stored bytes,
/// members Azure keeps as Graph wrote them copied verbatim into `properties`. Never panics:
/// a record of the wrong shape yields an envelope with the reference's defaults (empty
/// `time` and `operationName` where the record has none, optional fields left out) and
/// whatever `properties` can be kept.
pub fn export_record(
    category: Category,
    tenant_id: &str,
    record: &GraphJson<'_>,
    options: &EnvelopeOptions,
) -> ExportedRecord {
    let envelope = match category {
        Category::SignInLogs
        | Category::NonInteractiveUserSignInLogs
        | Category::ServicePrincipalSignInLogs
        | Category::ManagedIdentitySignInLogs => {
            sign_in::envelope(category, tenant_id, record, options)
        }
        Category::AuditLogs | Category::CustomSecurityAttributeAuditLogs => {
            audit::envelope(tenant_id, record, options)
        }
        Category::ProvisioningLogs => provisioning::envelope(tenant_id, record),
    };
    let event_time = ["createdDateTime", "activityDateTime"]
        .into_iter()
        .find_map(|key| record.non_empty(&[key]))
        .and_then(|text| crate::timestamps::parse(&text))
        .or_else(|| crate::timestamps::parse(&envelope.time))
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos)).ok());
    ExportedRecord {
        bytes: envelope.write(category, tenant_id),
        event_time,
    }
}

/// The Azure Monitor record for a Graph record given as a tree, with
/// [`EnvelopeOptions::default`] (see [`export_record`]).
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
    let bytes = serde_json::to_vec(graph_record).unwrap_or_default();
    let exported = export_record(category, tenant_id, &GraphJson::parse(&bytes), options);
    serde_json::from_slice(exported.as_bytes()).unwrap_or(Value::Null)
}

/// The category-dependent envelope fields; `resourceId`, `operationVersion`, `category`,
/// `tenantId` and `Level` are the same for every category and filled in by
/// [`Envelope::write`]. `properties` is already serialised (a compact JSON object).
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
    pub(crate) properties: Vec<u8>,
}

impl Envelope {
    /// The record in Azure's layout, members in the observed order.
    pub(crate) fn write(self, category: Category, tenant_id: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.properties.len() + 640);
        let mut object = ObjectWriter::open(&mut out, ENVELOPE);
        object.value("time", &self.time);
        object.value("resourceId", &resource_id(tenant_id));
        object.value("operationName", &self.operation_name);
        object.value("operationVersion", OPERATION_VERSION);
        object.value("category", category.as_str());
        object.value("tenantId", tenant_id);
        let optional = [
            ("resultType", &self.result_type),
            ("resultSignature", &self.result_signature),
            ("resultDescription", &self.result_description),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                object.value(key, value);
            }
        }
        object.value("durationMs", &self.duration_ms);
        let optional = [
            ("callerIpAddress", &self.caller_ip_address),
            ("correlationId", &self.correlation_id),
            ("identity", &self.identity),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                object.value(key, value);
            }
        }
        object.value("Level", &LEVEL);
        if let Some(location) = &self.location {
            object.value("location", location);
        }
        object
            .nested("properties")
            .extend_from_slice(&self.properties);
        object.close();
        out
    }
}

/// The envelope `time` for an event time property: its instant with seven digits, or the
/// text as it is when it does not parse, or `""` when it is missing (or not a string).
pub(crate) fn event_time(record: &GraphJson<'_>, property: &str) -> String {
    match record.get(property).and_then(crate::graph_json::string) {
        Some(text) => crate::timestamps::parse(&text)
            .map(crate::timestamps::envelope)
            .unwrap_or(text),
        None => String::new(),
    }
}
