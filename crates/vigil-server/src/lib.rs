//! The composition root: picks the store backend from configuration, wires ingest and the
//! API over it, loads demo data on request, and serves HTTP with graceful shutdown.
//!
//! `vigil-server` is the only crate that names a concrete store (`vigil-store-sqlite`);
//! everything above it sees `Arc<dyn Store>`.

mod demo;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use vigil_api::{ApiConfig, ApiState};
use vigil_ingest::{IngestLimits, Ingestor};
use vigil_model::clock::Clock;
use vigil_store::{Store, TenantId};
use vigil_store_sqlite::{SqliteStore, StoreOptions};

pub use demo::{DemoSummary, load_demo};

/// Everything needed to run a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where the embedded store lives.
    pub data_dir: PathBuf,
    /// The tenant served on `/v1.0` and `/beta`.
    pub default_tenant: TenantId,
    /// Public base URL for links, if behind a proxy.
    pub public_url: Option<String>,
    /// Store tuning.
    pub store: StoreOptions,
    /// Ingest limits.
    pub ingest: IngestLimits,
}

/// Failures starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("opening the store: {0}")]
    Store(#[from] vigil_store_sqlite::SqliteError),
    /// Serving failed.
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
    /// Loading demo data failed.
    #[error("loading demo data: {0}")]
    Demo(String),
}

/// An opened server: store, ingest pipeline and API state.
pub struct Server {
    sqlite: SqliteStore,
    state: ApiState,
}

impl Server {
    /// Opens the store and builds the application.
    pub fn open(config: &ServerConfig, clock: Arc<dyn Clock>) -> Result<Server, ServerError> {
        let sqlite = SqliteStore::open(&config.data_dir, config.store.clone())?;
        let store: Arc<dyn Store> = Arc::new(sqlite.clone());
        let ingestor = Ingestor::new(store.clone(), config.ingest);
        let api_config = ApiConfig {
            default_tenant: config.default_tenant.clone(),
            public_url: config.public_url.clone(),
        };
        let state = ApiState {
            store,
            ingestor,
            clock,
            config: Arc::new(api_config),
        };
        Ok(Server { sqlite, state })
    }

    /// The store, for direct use (CLI ingest, demo loading, tests).
    pub fn store(&self) -> Arc<dyn Store> {
        self.state.store.clone()
    }

    /// The ingest pipeline.
    pub fn ingestor(&self) -> &Ingestor {
        &self.state.ingestor
    }

    /// The axum application.
    pub fn router(&self) -> axum::Router {
        vigil_api::router(self.state.clone())
    }

    /// Serves until `shutdown` resolves, then drains in-flight requests and closes the store
    /// (every acknowledged batch is already committed).
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = self.router();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await?;
        let sqlite = self.sqlite.clone();
        drop(self);
        tokio::task::spawn_blocking(move || sqlite.close())
            .await
            .map_err(std::io::Error::other)?;
        Ok(())
    }
}
