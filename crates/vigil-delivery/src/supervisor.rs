//! The supervisor: keeps exactly one worker running per (tenant, diagnostic setting,
//! destination) that exists in the control store, restarting a worker when its setting
//! changes and stopping it when the setting or destination goes away. It re-reads the
//! settings every `reconcile_interval`, and at once when [`ExportHandle::settings_changed`]
//! is called (the admin API does after every change).

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use vigil_store::TenantId;

use crate::error::DeliveryError;
use crate::worker::{self, Context, WorkerSpec, blocking};

/// A running export: dropping it (or [`ExportHandle::stop`]) stops every worker.
#[derive(Debug)]
pub struct ExportHandle {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl ExportHandle {
    /// Re-read the settings now (call after creating, updating or deleting one).
    pub fn settings_changed(&self) {
        self.wake.notify_one();
    }

    /// A function that does [`ExportHandle::settings_changed`], for layers that must not
    /// depend on this crate.
    pub fn notifier(&self) -> Arc<dyn Fn() + Send + Sync> {
        let wake = Arc::clone(&self.wake);
        Arc::new(move || wake.notify_one())
    }

    /// Stops the supervisor and every worker.
    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for ExportHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the supervisor on the current tokio runtime; notifying `wake` makes it re-read
/// the settings at once.
pub fn spawn(context: Context, wake: Arc<Notify>) -> ExportHandle {
    let task = tokio::spawn(supervise(context, Arc::clone(&wake)));
    ExportHandle { wake, task }
}

struct Running {
    spec: WorkerSpec,
    task: JoinHandle<()>,
}

/// Aborts the workers when the supervisor itself is aborted.
struct Workers(HashMap<(TenantId, String, String), Running>);

impl Drop for Workers {
    fn drop(&mut self) {
        for running in self.0.values() {
            running.task.abort();
        }
    }
}

async fn supervise(context: Context, wake: Arc<Notify>) {
    let mut workers = Workers(HashMap::new());
    loop {
        match wanted(&context).await {
            Ok(specs) => reconcile(&context, &mut workers.0, specs),
            Err(error) => tracing::warn!(%error, "export: reading diagnostic settings failed"),
        }
        let _ = tokio::time::timeout(context.options.reconcile_interval, wake.notified()).await;
    }
}

/// Every (tenant, setting, destination) that should have a worker.
async fn wanted(context: &Context) -> Result<Vec<WorkerSpec>, DeliveryError> {
    let control = Arc::clone(&context.control);
    blocking(move || {
        let mut specs = Vec::new();
        for tenant in control.tenants()? {
            // Settings with every category disabled still get workers: they move their
            // positions along, so retention is not held back by them.
            for setting in control.diagnostic_settings(&tenant.id)? {
                for destination in 0..setting.destinations.len() {
                    specs.push(WorkerSpec {
                        tenant: tenant.id.clone(),
                        setting: setting.clone(),
                        destination,
                    });
                }
            }
        }
        Ok(specs)
    })
    .await
}

fn reconcile(
    context: &Context,
    workers: &mut HashMap<(TenantId, String, String), Running>,
    specs: Vec<WorkerSpec>,
) {
    let mut keep = HashMap::new();
    for spec in specs {
        let Some(destination) = spec.setting.destinations.get(spec.destination) else {
            continue;
        };
        let id = (
            spec.tenant.clone(),
            spec.setting.name.to_ascii_lowercase(),
            destination.key(),
        );
        match workers.remove(&id) {
            Some(running) if running.spec == spec && !running.task.is_finished() => {
                keep.insert(id, running);
            }
            previous => {
                if let Some(old) = previous {
                    old.task.abort();
                }
                tracing::info!(
                    tenant = %spec.tenant.as_str(),
                    setting = %spec.setting.name,
                    destination = %id.2,
                    "export: starting delivery"
                );
                let task = tokio::spawn(worker::run(context.clone(), spec.clone()));
                keep.insert(id, Running { spec, task });
            }
        }
    }
    for (_, gone) in workers.drain() {
        gone.task.abort();
    }
    *workers = keep;
}
