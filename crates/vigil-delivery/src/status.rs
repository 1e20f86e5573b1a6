//! Export health per destination: for each log, the durable position, the backlog in
//! records (the tenant's records stored after the position) and in seconds (since the
//! destination last had everything), records delivered, and the last error. `vigil
//! status` and `GET /admin/v1/diagnosticSettings/{name}/status` render it as JSON.

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vigil_model::LogKind;
use vigil_store::{Store, TenantId};
use vigil_tenancy::{ControlStore, DeliveryCursor, DiagnosticSetting};

use crate::error::DeliveryError;

/// One destination of one setting.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DestinationStatus {
    /// The setting's name.
    pub setting: String,
    /// The destination's position in the setting's list.
    pub destination: usize,
    /// `kafka`, `eventHub`, `azureBlob`, `s3` or `localDirectory`.
    pub kind: &'static str,
    /// The destination's key (its positions are kept under it).
    pub key: String,
    /// Records not delivered yet, over every log.
    pub lag_records: u64,
    /// The largest lag in seconds over every log.
    pub lag_seconds: f64,
    /// `true` when the last attempt succeeded (or none failed yet).
    pub healthy: bool,
    /// Per log.
    pub logs: Vec<LogStatus>,
}

/// One log of one destination.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogStatus {
    /// The log (`signIns`, `directoryAudits`, `provisioning`,
    /// `customSecurityAttributeAudits`).
    pub log: String,
    /// Last delivered ingest sequence (`null` until the server has started delivering).
    pub position: Option<u64>,
    /// The log's current high-water mark.
    pub high_water_mark: u64,
    /// The tenant's records after the position.
    pub lag_records: u64,
    /// Seconds since the destination last had every record (0 when it has).
    pub lag_seconds: f64,
    /// Records delivered since the destination was added.
    pub delivered: u64,
    /// When a batch was last acknowledged.
    pub last_delivered: Option<String>,
    /// The last error, if any.
    pub last_error: Option<LastError>,
}

/// A delivery error and when it happened.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LastError {
    /// What went wrong (never holds a secret).
    pub message: String,
    /// When.
    pub time: String,
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn log_name(kind: LogKind) -> String {
    match kind {
        LogKind::SignIn => "signIns",
        LogKind::DirectoryAudit => "directoryAudits",
        LogKind::Provisioning => "provisioning",
        LogKind::CustomSecurityAttributeAudit => "customSecurityAttributeAudits",
    }
    .to_owned()
}

/// The status of every destination of `setting` (blocking).
pub fn setting_status(
    store: &dyn Store,
    control: &dyn ControlStore,
    tenant: &TenantId,
    setting: &DiagnosticSetting,
    now: OffsetDateTime,
) -> Result<Vec<DestinationStatus>, DeliveryError> {
    let cursors = control.delivery_cursors(tenant)?;
    let mut out = Vec::new();
    for (index, destination) in setting.destinations.iter().enumerate() {
        let key = destination.key();
        let mut logs = Vec::new();
        for kind in LogKind::ALL {
            let cursor: Option<&DeliveryCursor> = cursors.iter().find(|c| {
                c.key.kind == kind
                    && c.key.destination == key
                    && c.key.setting.eq_ignore_ascii_case(&setting.name)
            });
            let high_water_mark = store.high_water_mark(kind)?;
            let lag_records = match cursor {
                Some(c) if c.seq < high_water_mark => store.count_after(tenant, kind, c.seq)?,
                Some(_) => 0,
                None => 0,
            };
            let lag_seconds = match cursor {
                Some(c) if lag_records > 0 => {
                    let since = c.caught_up_at.unwrap_or(c.created_at);
                    (now - since).as_seconds_f64().max(0.0)
                }
                _ => 0.0,
            };
            logs.push(LogStatus {
                log: log_name(kind),
                position: cursor.map(|c| c.seq),
                high_water_mark,
                lag_records,
                lag_seconds,
                delivered: cursor.map_or(0, |c| c.delivered),
                last_delivered: cursor.and_then(|c| c.delivered_at).map(rfc3339),
                last_error: cursor
                    .and_then(|c| c.last_error.clone())
                    .map(|(message, at)| LastError {
                        message,
                        time: rfc3339(at),
                    }),
            });
        }
        let healthy = cursors
            .iter()
            .filter(|c| {
                c.key.destination == key && c.key.setting.eq_ignore_ascii_case(&setting.name)
            })
            .all(
                |c| match (&c.last_error, c.delivered_at.or(c.caught_up_at)) {
                    (None, _) => true,
                    (Some((_, failed)), Some(ok)) => ok > *failed,
                    (Some(_), None) => false,
                },
            );
        out.push(DestinationStatus {
            setting: setting.name.clone(),
            destination: index,
            kind: destination.kind(),
            key,
            lag_records: logs.iter().map(|l| l.lag_records).sum(),
            lag_seconds: logs.iter().map(|l| l.lag_seconds).fold(0.0, f64::max),
            healthy,
            logs,
        });
    }
    Ok(out)
}

/// The status of every destination of every setting of `tenant` (blocking).
pub fn tenant_status(
    store: &dyn Store,
    control: &dyn ControlStore,
    tenant: &TenantId,
    now: OffsetDateTime,
) -> Result<Vec<DestinationStatus>, DeliveryError> {
    let mut out = Vec::new();
    for setting in control.diagnostic_settings(tenant)? {
        out.extend(setting_status(store, control, tenant, &setting, now)?);
    }
    Ok(out)
}
