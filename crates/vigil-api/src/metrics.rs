//! `GET /metrics`: the server's health in Prometheus' text format (version 0.0.4), for the
//! operator's scraper.
//!
//! Counters kept in memory since start ([`Metrics`]): ingest batches and records per tenant,
//! log and outcome, and records retention purged undelivered past a tenant's export hold
//! limit. Gauges read at scrape time: each log's high-water mark (every record ever stored
//! has a sequence number, so it is a lifetime count), and per tenant, diagnostic setting,
//! destination and log the export position, backlog in records and seconds, records
//! delivered, and whether the last attempt succeeded (`vigil_delivery::status::tenant_status`).
//!
//! Metrics name tenants, so the endpoint is for operators only: an app-only token from
//! Vigil's own issuer with `Vigil.Tenants.ReadWrite.All`, as the tenant-management API.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use vigil_model::LogKind;
use vigil_store::TenantId;

use crate::caller::Caller;
use crate::error::GraphError;
use crate::{ApiState, admin_tenants, blocking};

/// Counters the request path and the retention loop add to.
#[derive(Debug, Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<CounterKey, u64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CounterKey {
    name: &'static str,
    tenant: String,
    log: &'static str,
    outcome: &'static str,
}

impl Metrics {
    fn add(&self, key: CounterKey, by: u64) {
        if let Ok(mut counters) = self.counters.lock() {
            *counters.entry(key).or_insert(0) += by;
        }
    }

    /// One ingest request of `tenant` for `kind`: `stored` new records and `duplicates`
    /// already present, or a refused batch (`stored` and `duplicates` 0, `refused` true).
    pub fn record_ingest(
        &self,
        tenant: &TenantId,
        kind: LogKind,
        stored: usize,
        duplicates: usize,
        refused: bool,
    ) {
        let key = |name, outcome| CounterKey {
            name,
            tenant: tenant.as_str().to_owned(),
            log: kind.collection(),
            outcome,
        };
        let outcome = if refused { "refused" } else { "accepted" };
        self.add(key("vigil_ingest_batches_total", outcome), 1);
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        if stored > 0 {
            self.add(key("vigil_ingest_records_total", "stored"), count(stored));
        }
        if duplicates > 0 {
            self.add(
                key("vigil_ingest_records_total", "duplicate"),
                count(duplicates),
            );
        }
    }

    /// Records of `tenant`'s `kind` that retention purged before every export destination
    /// had them (the export hold limit was exceeded).
    pub fn record_skipped_export(&self, tenant: &TenantId, kind: LogKind, records: usize) {
        self.add(
            CounterKey {
                name: "vigil_retention_undelivered_purged_records_total",
                tenant: tenant.as_str().to_owned(),
                log: kind.collection(),
                outcome: "",
            },
            u64::try_from(records).unwrap_or(u64::MAX),
        );
    }

    fn snapshot(&self) -> Vec<(CounterKey, u64)> {
        self.counters
            .lock()
            .map(|c| c.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default()
    }
}

const HELP: &[(&str, &str, &str)] = &[
    (
        "vigil_ingest_batches_total",
        "counter",
        "Ingest requests, by tenant, log and outcome (accepted or refused).",
    ),
    (
        "vigil_ingest_records_total",
        "counter",
        "Records in accepted ingest requests, by tenant, log and outcome (stored or duplicate).",
    ),
    (
        "vigil_retention_undelivered_purged_records_total",
        "counter",
        "Records purged past a tenant's export hold limit before every export destination had them.",
    ),
    (
        "vigil_store_high_water_mark",
        "gauge",
        "The highest ingest sequence of each log: how many records it has ever stored.",
    ),
    (
        "vigil_export_position",
        "gauge",
        "The last ingest sequence an export destination acknowledged.",
    ),
    (
        "vigil_export_lag_records",
        "gauge",
        "Records of the tenant not yet acknowledged by an export destination.",
    ),
    (
        "vigil_export_lag_seconds",
        "gauge",
        "Seconds since an export destination last had every record.",
    ),
    (
        "vigil_export_delivered_records_total",
        "counter",
        "Records an export destination acknowledged since it was added.",
    ),
    (
        "vigil_export_healthy",
        "gauge",
        "1 when an export destination's last attempt succeeded, else 0.",
    ),
];

/// A label value with Prometheus' escapes.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn labels(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// The exposition text: counters from `metrics`, gauges read now.
fn render(state: &ApiState) -> Result<String, GraphError> {
    let mut lines: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (key, value) in state.metrics.snapshot() {
        let l = labels(&[
            ("tenant", &key.tenant),
            ("log", key.log),
            ("outcome", key.outcome),
        ]);
        lines
            .entry(key.name)
            .or_default()
            .push(format!("{}{l} {value}", key.name));
    }
    for kind in LogKind::ALL {
        let mark = state
            .store
            .high_water_mark(kind)
            .map_err(|e| GraphError::internal(&e))?;
        lines
            .entry("vigil_store_high_water_mark")
            .or_default()
            .push(format!(
                "vigil_store_high_water_mark{} {mark}",
                labels(&[("log", kind.collection())])
            ));
    }
    let tenants = state
        .control
        .tenants()
        .map_err(|e| GraphError::internal(&e))?;
    let now = state.clock.now();
    for tenant in tenants {
        let statuses = vigil_delivery::status::tenant_status(
            state.store.as_ref(),
            state.control.as_ref(),
            &tenant.id,
            now,
        )
        .map_err(|e| GraphError::internal(&e))?;
        for destination in statuses {
            let index = destination.destination.to_string();
            for log in &destination.logs {
                let l = labels(&[
                    ("tenant", tenant.id.as_str()),
                    ("setting", &destination.setting),
                    ("destination", &index),
                    ("kind", destination.kind),
                    ("log", &log.log),
                ]);
                let mut push = |name: &'static str, value: String| {
                    lines
                        .entry(name)
                        .or_default()
                        .push(format!("{name}{l} {value}"));
                };
                if let Some(position) = log.position {
                    push("vigil_export_position", position.to_string());
                }
                push("vigil_export_lag_records", log.lag_records.to_string());
                push(
                    "vigil_export_lag_seconds",
                    format!("{:.3}", log.lag_seconds),
                );
                push(
                    "vigil_export_delivered_records_total",
                    log.delivered.to_string(),
                );
                push(
                    "vigil_export_healthy",
                    u8::from(destination.healthy).to_string(),
                );
            }
        }
    }
    let mut out = String::new();
    for (name, kind, help) in HELP {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for line in lines.get(name).into_iter().flatten() {
            let _ = writeln!(out, "{line}");
        }
    }
    Ok(out)
}

/// `GET /metrics`.
pub async fn metrics(
    State(state): State<ApiState>,
    caller: Caller,
) -> Result<Response, GraphError> {
    blocking(move || {
        admin_tenants::admit(&state, &caller)?;
        let text = render(&state)?;
        let mut response = text.into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        );
        Ok(response)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(
            labels(&[("setting", "a\"b\\c\nd"), ("empty", "")]),
            "{setting=\"a\\\"b\\\\c\\nd\"}"
        );
    }

    #[test]
    fn counters_add_up_per_label_set() {
        let metrics = Metrics::default();
        let Some(tenant) = TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f") else {
            unreachable!("a valid tenant id");
        };
        metrics.record_ingest(&tenant, LogKind::SignIn, 3, 1, false);
        metrics.record_ingest(&tenant, LogKind::SignIn, 2, 0, false);
        metrics.record_ingest(&tenant, LogKind::SignIn, 0, 0, true);
        metrics.record_skipped_export(&tenant, LogKind::DirectoryAudit, 4);
        let snapshot: Vec<(&str, &str, u64)> = metrics
            .snapshot()
            .iter()
            .map(|(k, v)| (k.name, k.outcome, *v))
            .collect();
        assert_eq!(
            snapshot,
            [
                ("vigil_ingest_batches_total", "accepted", 2),
                ("vigil_ingest_batches_total", "refused", 1),
                ("vigil_ingest_records_total", "duplicate", 1),
                ("vigil_ingest_records_total", "stored", 5),
                ("vigil_retention_undelivered_purged_records_total", "", 4),
            ]
        );
    }
}
