//! One worker per (tenant, diagnostic setting, destination): reads the tenant's records in
//! ingest order after the destination's durable position, sends those of enabled categories
//! in Azure Monitor's shape, and moves the position only after the destination
//! acknowledged. So every acknowledged record is delivered at least once, in ingest order
//! per category, whatever its event time; a crash repeats at most the batch in flight.
//!
//! A failing destination is retried with exponential backoff (the batch is re-read from the
//! position, so nothing is skipped); the error, with every secret of the setting blanked
//! out, is kept on the position for `vigil status`. The worker sleeps on the store's append
//! watch, so a new record is on its way within milliseconds of its acknowledgement.

use std::sync::Arc;

use vigil_export::{Category, EnvelopeOptions, GraphJson, export_record};
use vigil_model::LogKind;
use vigil_model::clock::Clock;
use vigil_store::{ChangeRequest, ScopedQuery, SortOrder, Store, TenantId};
use vigil_tenancy::{ControlStore, DeliveryKey, DiagnosticSetting};

use crate::destination_sink::DestinationSink;
use crate::error::DeliveryError;
use crate::options::ExportOptions;
use crate::outgoing::Outgoing;

/// What one worker delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSpec {
    /// Whose records.
    pub tenant: TenantId,
    /// The setting (with its secrets).
    pub setting: DiagnosticSetting,
    /// Which of its destinations.
    pub destination: usize,
}

impl WorkerSpec {
    /// The position key of `kind` for this worker, if the destination exists.
    pub fn key(&self, kind: LogKind) -> Option<DeliveryKey> {
        let destination = self.setting.destinations.get(self.destination)?;
        Some(DeliveryKey {
            tenant: self.tenant.clone(),
            setting: self.setting.name.clone(),
            destination: destination.key(),
            kind,
        })
    }
}

/// The shared parts a worker uses.
#[derive(Clone)]
pub struct Context {
    /// The activity store.
    pub store: Arc<dyn Store>,
    /// Settings and positions.
    pub control: Arc<dyn ControlStore>,
    /// Time, for message stamps and position bookkeeping.
    pub clock: Arc<dyn Clock>,
    /// Batch sizes and timings.
    pub options: ExportOptions,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Runs a blocking store or control call off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, DeliveryError> + Send + 'static,
) -> Result<T, DeliveryError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        if e.is_cancelled() {
            DeliveryError::Cancelled
        } else {
            DeliveryError::Task(e.to_string())
        }
    })?
}

/// Delivers until the task is aborted.
pub async fn run(context: Context, spec: WorkerSpec) {
    let Some(destination) = spec.setting.destinations.get(spec.destination).cloned() else {
        return;
    };
    let secrets = spec.setting.secret_values();
    let mut appends = context.store.watch_appends();
    let mut backoff = context.options.min_backoff;
    let mut sink: Option<DestinationSink> = None;
    loop {
        appends.mark_unchanged();
        let outcome = match sink.as_mut() {
            Some(sink) => pass(&context, &spec, sink).await,
            None => match DestinationSink::open(&destination, Arc::clone(&context.clock)) {
                Ok(opened) => {
                    let opened = sink.insert(opened);
                    pass(&context, &spec, opened).await
                }
                Err(error) => Err(Failure {
                    kind: LogKind::ALL[0],
                    message: error.to_string(),
                    shutdown: false,
                }),
            },
        };
        match outcome {
            Ok(Pass::More) => {
                backoff = context.options.min_backoff;
            }
            Ok(Pass::CaughtUp) => {
                backoff = context.options.min_backoff;
                // New records wake the worker at once; the timeout is only a safety net.
                let _ = tokio::time::timeout(context.options.idle_poll, appends.changed()).await;
            }
            Err(failure) if failure.shutdown => return,
            Err(failure) => {
                let message = redact(&failure.message, &secrets);
                tracing::warn!(
                    tenant = %spec.tenant.as_str(),
                    setting = %spec.setting.name,
                    destination = spec.destination,
                    error = %message,
                    retry_in_ms = backoff.as_millis() as u64,
                    "export delivery failed; retrying"
                );
                if let Some(key) = spec.key(failure.kind) {
                    let control = Arc::clone(&context.control);
                    let _ = blocking(move || {
                        control
                            .record_delivery_error(&key, &message)
                            .map_err(DeliveryError::from)
                    })
                    .await;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(context.options.max_backoff);
            }
        }
    }
}

enum Pass {
    /// Something was left after this pass: go again at once.
    More,
    /// Every kind was at its high-water mark.
    CaughtUp,
}

struct Failure {
    kind: LogKind,
    message: String,
    /// The runtime is going away: stop quietly (nothing was acknowledged, so nothing moves).
    shutdown: bool,
}

/// One pass over the four logs: at most one batch each.
async fn pass(
    context: &Context,
    spec: &WorkerSpec,
    sink: &mut DestinationSink,
) -> Result<Pass, Failure> {
    let enabled = spec.setting.enabled_categories();
    let failure = |kind: LogKind| {
        move |error: DeliveryError| Failure {
            kind,
            shutdown: matches!(error, DeliveryError::Cancelled),
            message: error.to_string(),
        }
    };
    // One read of the positions and high-water marks per pass, not one per log.
    let marks = positions(context, spec)
        .await
        .map_err(failure(LogKind::ALL[0]))?;
    let mut more = false;
    for (kind, position, hwm) in marks {
        let fail = failure(kind);
        let Some(key) = spec.key(kind) else {
            return Ok(Pass::CaughtUp);
        };
        if position >= hwm {
            continue;
        }
        if !enabled.iter().any(|c| c.kind() == kind) {
            // Nothing of this log is exported: skip ahead so retention is not held back.
            advance(context, &key, hwm, 0, true).await.map_err(fail)?;
            continue;
        }
        let store = Arc::clone(&context.store);
        let request = ChangeRequest {
            query: ScopedQuery {
                tenant: spec.tenant.clone(),
                kind,
                filters: Vec::new(),
                order: SortOrder::Asc,
                not_before: None,
            },
            after_seq: position,
            size: context.options.batch_records,
        };
        let tenant = spec.tenant.clone();
        let wanted = enabled.clone();
        // Reading and shaping both run off the async runtime: shaping a batch is CPU work
        // of the same order as reading it.
        let (batch, scanned_to) = blocking(move || {
            let page = store.changes_json(&request)?;
            let options = EnvelopeOptions::default();
            let batch: Vec<Outgoing> = page
                .records
                .iter()
                .filter_map(|stored| {
                    let json = GraphJson::parse(&stored.json);
                    let category = Category::of_json(kind, &json)?;
                    wanted.contains(&category).then(|| Outgoing {
                        category,
                        tenant: tenant.clone(),
                        seq: stored.seq,
                        record: export_record(category, tenant.as_str(), &json, &options),
                    })
                })
                .collect();
            Ok((batch, page.scanned_to))
        })
        .await
        .map_err(fail)?;
        if !batch.is_empty() {
            sink.deliver(&batch).await.map_err(|e| Failure {
                kind,
                shutdown: false,
                message: e.to_string(),
            })?;
        }
        let caught_up = scanned_to >= hwm;
        advance(context, &key, scanned_to, batch.len() as u64, caught_up)
            .await
            .map_err(fail)?;
        more |= !caught_up;
    }
    Ok(if more { Pass::More } else { Pass::CaughtUp })
}

/// Every log's durable position for this worker and its current high-water mark. A
/// position that does not exist yet (the setting is new to this server, e.g. created with
/// an older CLI while the server was down) is created at the high-water mark.
async fn positions(
    context: &Context,
    spec: &WorkerSpec,
) -> Result<Vec<(LogKind, u64, u64)>, DeliveryError> {
    let control = Arc::clone(&context.control);
    let store = Arc::clone(&context.store);
    let spec = spec.clone();
    blocking(move || {
        let marks = start_positions(store.as_ref())?;
        let mut cursors = control.delivery_cursors(&spec.tenant)?;
        let mine = |cursors: &[vigil_tenancy::DeliveryCursor], kind: LogKind| {
            let key = spec.key(kind)?;
            cursors.iter().find(|c| c.key == key).map(|c| c.seq)
        };
        if marks
            .iter()
            .any(|(kind, _)| mine(&cursors, *kind).is_none())
        {
            let destinations: Vec<String> =
                spec.setting.destinations.iter().map(|d| d.key()).collect();
            control.sync_delivery_cursors(
                &spec.tenant,
                &spec.setting.name,
                &destinations,
                &marks,
            )?;
            cursors = control.delivery_cursors(&spec.tenant)?;
        }
        marks
            .iter()
            .map(|(kind, hwm)| {
                let position = mine(&cursors, *kind).ok_or(DeliveryError::PositionGone)?;
                Ok((*kind, position, *hwm))
            })
            .collect()
    })
    .await
}

/// Every kind's high-water mark: where a new destination starts.
pub fn start_positions(store: &dyn Store) -> Result<Vec<(LogKind, u64)>, DeliveryError> {
    LogKind::ALL
        .into_iter()
        .map(|kind| Ok((kind, store.high_water_mark(kind)?)))
        .collect()
}

async fn advance(
    context: &Context,
    key: &DeliveryKey,
    seq: u64,
    delivered: u64,
    caught_up: bool,
) -> Result<(), DeliveryError> {
    let control = Arc::clone(&context.control);
    let key = key.clone();
    let exists =
        blocking(move || Ok(control.advance_delivery(&key, seq, delivered, caught_up)?)).await?;
    if exists {
        Ok(())
    } else {
        Err(DeliveryError::PositionGone)
    }
}

/// `message` with every secret value replaced by `***` (defence in depth: sinks already
/// keep secrets out of their errors).
pub fn redact(message: &str, secrets: &[String]) -> String {
    let mut out = message.to_owned();
    for secret in secrets {
        if secret.len() >= 4 {
            out = out.replace(secret.as_str(), "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use super::*;

    #[test]
    fn secrets_are_blanked_out_of_messages() {
        let secrets = vec!["hunter22".to_owned(), "ab".to_owned()];
        assert_eq!(
            redact("login hunter22 failed at ab", &secrets),
            "login *** failed at ab"
        );
    }
}
