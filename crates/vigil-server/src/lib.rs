//! The composition root: opens the activity store and the control store in the data
//! directory, Vigil's built-in token issuer and the validator, wires ingest and the API over
//! them, loads demo data on request, and serves HTTP with graceful shutdown.
//!
//! Data directory layout: `vigil.db` (activity, `vigil-store-sqlite`), `control.db`
//! (tenants, retention, ingest keys, read audit; `vigil-tenancy`), `auth/` (the issuer's
//! signing key and the `issuer` file; [`identity`]).
//!
//! `vigil-server` is the only crate that names concrete backends (`vigil-store-sqlite`,
//! `SqliteControlStore`); everything above it sees `Arc<dyn Store>` / `Arc<dyn ControlStore>`.

mod demo;
pub mod identity;
mod portal;
mod retention;
mod trust;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use vigil_api::{ApiConfig, ApiServices, ApiState};
use vigil_auth::{TokenRequest, VigilIssuer};
use vigil_ingest::{IngestLimits, Ingestor};
use vigil_model::clock::Clock;
use vigil_store::Store;
use vigil_store_sqlite::{SqliteStore, StoreOptions};
use vigil_tenancy::{ControlStore, SqliteControlStore};

pub use demo::{DEMO_ADMIN_UPN, DEMO_TENANT_NAME, DemoSummary, load_demo};
pub use identity::{AUTH_DIR, ISSUER_FILE, auth_dir, read_issuer_file};
pub use portal::PortalSignIn;
pub use retention::{DEFAULT_RETENTION_INTERVAL, Retention};
pub use trust::{ExternalIssuer, TrustError};
pub use vigil_api::{DownloadLimit, ThrottleLimits};
pub use vigil_portal::OidcSettings;

/// Everything needed to run a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where the stores and the issuer's key live.
    pub data_dir: PathBuf,
    /// The address `serve` will listen on; names the default public URL.
    pub listen: SocketAddr,
    /// Public base URL (`https://vigil.example.com`): the issuer string of Vigil's tokens
    /// and the base of links. Default: `http://<listen>` for the issuer, the request's
    /// `Host` for links.
    pub public_url: Option<String>,
    /// Store tuning.
    pub store: StoreOptions,
    /// Ingest limits.
    pub ingest: IngestLimits,
    /// Read and ingest throttling.
    pub throttle: ThrottleLimits,
    /// External issuers trusted for their own tenants (`--trust-issuer`).
    pub trusted_issuers: Vec<ExternalIssuer>,
    /// Time between retention purge passes.
    pub retention_interval: std::time::Duration,
    /// Export batch sizes and timings.
    pub export: vigil_delivery::ExportOptions,
    /// The most records one download (`$format=csv|json`) returns.
    pub download_limit: DownloadLimit,
    /// How the browser portal signs people in.
    pub portal: PortalSignIn,
}

impl ServerConfig {
    /// Defaults for everything but the data directory: listen on `127.0.0.1:8080`, no
    /// public URL, default store, ingest and throttle settings, no external issuers,
    /// downloads of up to 250,000 records.
    pub fn new(data_dir: impl Into<PathBuf>) -> ServerConfig {
        ServerConfig {
            data_dir: data_dir.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            store: StoreOptions::default(),
            ingest: IngestLimits::default(),
            throttle: ThrottleLimits::default(),
            trusted_issuers: Vec::new(),
            retention_interval: DEFAULT_RETENTION_INTERVAL,
            export: vigil_delivery::ExportOptions::default(),
            download_limit: DownloadLimit::default(),
            portal: PortalSignIn::default(),
        }
    }

    /// The built-in issuer's `iss`: the public URL, else `http://<listen>`; no trailing `/`.
    pub fn issuer_url(&self) -> String {
        match self
            .public_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        }
    }
}

/// Failures starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("opening the store: {0}")]
    Store(#[from] vigil_store_sqlite::SqliteError),
    /// The control store failed.
    #[error("control store: {0}")]
    Control(#[from] vigil_tenancy::ControlError),
    /// The built-in issuer's key could not be loaded or created, or a token not signed.
    #[error("token issuer: {0}")]
    Issuer(#[from] vigil_auth::IssuerError),
    /// The issuer file could not be written.
    #[error("writing {path}: {source}")]
    IssuerFile {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// A trusted-issuer entry is unusable.
    #[error("{0}")]
    Trust(#[from] TrustError),
    /// Serving failed.
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
    /// Loading demo data failed.
    #[error("loading demo data: {0}")]
    Demo(String),
}

/// An opened server: stores, issuer, ingest pipeline and API state.
pub struct Server {
    retention_interval: std::time::Duration,
    export_options: vigil_delivery::ExportOptions,
    clock: Arc<dyn Clock>,
    sqlite: SqliteStore,
    control: SqliteControlStore,
    issuer: Arc<VigilIssuer>,
    state: ApiState,
    portal: vigil_portal::PortalConfig,
}

impl Server {
    /// Opens the stores and the issuer, writes the issuer file and builds the application.
    pub fn open(config: &ServerConfig, clock: Arc<dyn Clock>) -> Result<Server, ServerError> {
        let sqlite = SqliteStore::open(&config.data_dir, config.store.clone())?;
        let control = SqliteControlStore::open(&config.data_dir, clock.clone())?;
        let issuer = Arc::new(identity::open_issuer(
            &config.data_dir,
            &config.issuer_url(),
            clock.clone(),
        )?);
        let validator = identity::validator(&issuer, &config.trusted_issuers, clock.clone())?;
        let store: Arc<dyn Store> = Arc::new(sqlite.clone());
        let services = ApiServices {
            ingestor: Ingestor::new(store.clone(), config.ingest),
            store,
            control: Arc::new(control.clone()),
            validator: Arc::new(validator),
            issuer: issuer.clone(),
            clock: clock.clone(),
        };
        let api_config = ApiConfig {
            public_url: config.public_url.clone(),
            throttle: config.throttle,
            download_limit: config.download_limit,
        };
        let tenant_name = match &config.portal {
            PortalSignIn::Demo { tenant } => control
                .tenant(tenant)?
                .map(|t| t.display_name)
                .or_else(|| demo::default_tenant_name(tenant)),
            _ => None,
        };
        let portal = portal::portal_config(&config.portal, &issuer, &clock, tenant_name)?;
        Ok(Server {
            portal,
            retention_interval: config.retention_interval,
            export_options: config.export,
            clock,
            sqlite,
            control,
            issuer,
            state: ApiState::new(services, api_config),
        })
    }

    /// The activity store, for direct use (CLI ingest, demo loading, tests).
    pub fn store(&self) -> Arc<dyn Store> {
        self.state.store().clone()
    }

    /// The control store (tenants, licenses, retention, ingest keys, read audit).
    pub fn control(&self) -> Arc<dyn ControlStore> {
        self.state.control().clone()
    }

    /// The ingest pipeline.
    pub fn ingestor(&self) -> &Ingestor {
        self.state.ingestor()
    }

    /// Vigil's built-in token issuer.
    pub fn issuer(&self) -> Arc<VigilIssuer> {
        self.issuer.clone()
    }

    /// Mints a token with the built-in issuer.
    pub fn issue_token(&self, request: &TokenRequest) -> Result<String, ServerError> {
        Ok(self.issuer.issue(request)?)
    }

    /// The retention purger over this server's stores and clock.
    pub fn retention(&self) -> Retention {
        Retention::new(
            self.store(),
            self.control(),
            self.clock.clone(),
            self.ingestor().clone(),
            self.state.metrics().clone(),
        )
    }

    /// Starts export delivery for every diagnostic setting (on the current runtime).
    pub fn export(&self) -> vigil_delivery::ExportHandle {
        vigil_delivery::spawn(
            vigil_delivery::Context {
                store: self.store(),
                control: self.control(),
                clock: self.clock.clone(),
                options: self.export_options,
            },
            self.state.export_wake().clone(),
        )
    }

    /// The axum application.
    pub fn router(&self) -> axum::Router {
        vigil_api::router(self.state.clone()).merge(vigil_portal::routes(self.portal.clone()))
    }

    /// Serves until `shutdown` resolves, then drains in-flight requests, makes the read
    /// audit durable and closes the store (every acknowledged batch is already committed).
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = self.router();
        let purger = self.retention().spawn(self.retention_interval);
        let exporter = self.export();
        let state = self.state.clone();
        let shutdown = async move {
            shutdown.await;
            // Long polls answer now instead of holding the drain for up to their `wait`.
            state.begin_shutdown();
        };
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        purger.abort();
        exporter.stop();
        // A pass in flight finishes its current slice on its blocking thread; the store
        // closes after it (close joins the writer, which answers queued work first).
        served?;
        let sqlite = self.sqlite.clone();
        let control = self.control.clone();
        drop(self);
        tokio::task::spawn_blocking(move || {
            if let Err(error) = control.flush_reads() {
                tracing::error!(%error, "read audit not flushed at shutdown");
            }
            sqlite.close();
        })
        .await
        .map_err(std::io::Error::other)?;
        Ok(())
    }
}
