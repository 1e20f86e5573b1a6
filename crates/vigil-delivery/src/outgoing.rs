//! One exported record on its way to a destination.

use vigil_export::{Category, ExportedRecord};
use vigil_store::TenantId;

/// A record in Azure Monitor's diagnostic-log shape, with what a sink needs to route it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The diagnostic category (decides the topic or the container).
    pub category: Category,
    /// Whose record (the partition key; the `tenantId=` of the blob path).
    pub tenant: TenantId,
    /// Ingest sequence in its log kind's table.
    pub seq: u64,
    /// The envelope with the Graph record in `properties`, serialised
    /// (`vigil_export::export_record`).
    pub record: ExportedRecord,
}
