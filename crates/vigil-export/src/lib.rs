//! Vigil's records as Azure Monitor diagnostic settings emit them, so that tools reading
//! Entra ID logs from an Event Hub (or its Kafka endpoint) or a storage account work against
//! Vigil unchanged. The reference is `azure-monitor-formats.md` §1.2 (categories), §2 (the
//! Event Hub format) and §3 (the archive layout).
//!
//! - [`Category`]: the log categories, their wire names, default hubs and containers, and
//!   which category a stored Graph record belongs to ([`Category::of`]).
//! - [`azure_monitor_record`] / [`azure_monitor_record_with`]: a stored Graph record → the
//!   resource-log envelope with the record, reshaped as Azure exports it, in `properties`.
//! - [`record_bytes`]: one record in Azure's byte layout.
//! - [`RecordsBatcher`] / [`pack_records`]: Event Hub message bodies `{"records":[…]}` of at
//!   most [`DEFAULT_MAX_MESSAGE_BYTES`] (or any configured limit) — [`RecordsMessage`].
//! - [`blob_path`] / [`record_blob_path`] / [`blob_line`]: the storage-account archive —
//!   hourly append blobs of CRLF-terminated JSON lines.
//!
//! Module map: `category`; `envelope` (field order, options, dispatch) with one module per
//! record family — `sign_in`, `audit` (directory and custom-security-attribute audits),
//! `provisioning`; `timestamps` (the two timestamp spellings); `members` (JSON helpers);
//! `layout` (bytes of one record); `batch` (Event Hub messages); `blob` (the archive).
//!
//! This crate does no I/O and does not depend on tokio: it turns values into values and
//! bytes; streaming and archiving live elsewhere.

mod audit;
mod batch;
mod blob;
mod category;
mod envelope;
mod graph_json;
mod layout;
mod members;
mod object_writer;
mod provisioning;
mod sign_in;
mod timestamps;

pub use audit::AUDIT_RESULT_SIGNATURE;
pub use batch::{
    DEFAULT_MAX_MESSAGE_BYTES, EMPTY_MESSAGE_BYTES, RecordsBatcher, RecordsMessage, pack_records,
};
pub use blob::{BLOB_LINE_END, blob_line, blob_path, record_blob_path, record_event_time};
pub use category::{Category, ParseCategoryError};
pub use envelope::{
    EnvelopeOptions, ExportedRecord, LEVEL, OPERATION_VERSION, azure_monitor_record,
    azure_monitor_record_with, export_record, resource_id,
};
pub use graph_json::GraphJson;
pub use layout::{record_bytes, write_record};
pub use provisioning::PROVISIONING_OPERATION;
pub use sign_in::SIGN_IN_OPERATION;
