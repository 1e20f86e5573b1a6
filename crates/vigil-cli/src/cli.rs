//! Command-line flags (clap). `--data-dir`, `--listen`, `--tenant` of `serve` and a few others
//! can also be given as `VIGIL_*` environment variables; the admin commands' flags live in
//! [`admin`], their value parsers in [`parse`].

mod admin;
pub mod parse;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use vigil_server::ExternalIssuer;

pub use admin::{
    DiagnosticInputArgs, DiagnosticNameArgs, DiagnosticSettingsArgs, DiagnosticSettingsCommand,
    DiagnosticTenantArgs, ExportHoldArgs, IngestKeyArgs, IngestKeyCommand, KeyCreateArgs,
    KeyRevokeArgs, ListArgs, RetentionArgs, RetentionCommand, RetentionSetArgs, TenantArgs,
    TenantCommand, TenantCreateArgs, TenantOnlyArgs, TenantSetLicenseArgs, TokenArgs,
};

/// The demo tenant's id; also the default tenant a server reads.
pub const DEMO_TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

/// Vigil: a self-hosted identity activity-log service, wire-compatible with Microsoft Graph.
#[derive(Debug, Parser)]
#[command(name = "vigil", version, about)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (Graph-compatible API and ingest endpoint).
    Serve(ServeArgs),
    /// Ingest files (JSON array, NDJSON or a saved Graph page; .gz accepted) into the store.
    Ingest(IngestArgs),
    /// Generate the deterministic demo data set into the store.
    Demo(DemoArgs),
    /// Measure ingest throughput and query latency on generated sign-ins.
    Bench(BenchArgs),
    /// Measure export: sustained ingest at a fixed rate while a diagnostic setting delivers
    /// to one destination; ingest vs delivered records/s and ingest-to-destination delay.
    BenchExport(BenchExportArgs),
    /// Print a signed access token from Vigil's built-in issuer (only the token on stdout).
    Token(TokenArgs),
    /// Register tenants, list them, change their license tier, show their settings.
    Tenant(TenantArgs),
    /// Create, list and revoke a tenant's ingest keys.
    IngestKey(IngestKeyArgs),
    /// Show or change how many days of each log a tenant keeps.
    Retention(RetentionArgs),
    /// Create, list, show, update and delete a tenant's diagnostic settings (which log
    /// categories are exported where); JSON in, JSON out, secrets shown as "***".
    DiagnosticSettings(DiagnosticSettingsArgs),
    /// Export delivery status of a tenant: per diagnostic setting and destination, the last
    /// delivered position per log, the backlog in records and seconds, and the last error.
    Status(DiagnosticTenantArgs),
}

/// `--data-dir`, shared by every command that works on a data directory.
#[derive(Debug, Clone, clap::Args)]
pub struct DataDirArg {
    /// Data directory (activity store, control.db, auth/ signing key).
    #[arg(long, env = "VIGIL_DATA_DIR", default_value = "vigil-data")]
    pub data_dir: PathBuf,
}

/// Flags of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VIGIL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory of the embedded store.
    #[arg(long, env = "VIGIL_DATA_DIR", default_value = "vigil-data")]
    pub data_dir: PathBuf,
    /// Load the demo data set (30 days, seed 1) into the demo tenant if it is empty.
    #[arg(long)]
    pub demo: bool,
    /// Tenant `--demo` loads the demo data set into (reads serve the tenant of each token).
    #[arg(long, env = "VIGIL_TENANT", default_value = DEMO_TENANT)]
    pub tenant: String,
    /// Public base URL used in @odata.nextLink (e.g. https://vigil.example.com).
    #[arg(long, env = "VIGIL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Trust bearer tokens for TENANT from an external OIDC issuer, e.g. an Entra tenant:
    /// `TENANT=ISSUER_URL[,aud=AUDIENCE][,jwks=JWKS_URI]`. Keys come from the issuer's OIDC
    /// discovery unless `jwks=` names them. Repeatable.
    #[arg(long = "trust-issuer", value_name = "TENANT=URL", value_parser = parse::trusted_issuer)]
    pub trust_issuers: Vec<ExternalIssuer>,
    /// The most records one download (`$format=csv|json` on a list URL) returns; 0 for no
    /// limit. The default is Entra's portal limit.
    #[arg(long, env = "VIGIL_DOWNLOAD_LIMIT", value_name = "N", default_value_t = vigil_server::DownloadLimit::DEFAULT_RECORDS)]
    pub download_limit: u64,
    /// The portal signs people in with OpenID Connect (authorization code + PKCE) at this
    /// issuer. Its tokens must be trusted for the tenant too (`--trust-issuer`). Without it
    /// the portal offers the demo sign-in (`--demo`) or asks for a token to paste.
    #[arg(
        long,
        env = "VIGIL_PORTAL_ISSUER",
        value_name = "URL",
        requires = "portal_client_id"
    )]
    pub portal_issuer: Option<String>,
    /// The portal's client id at `--portal-issuer` (a public client with the redirect URI
    /// `<public URL>/portal/auth/callback`).
    #[arg(
        long,
        env = "VIGIL_PORTAL_CLIENT_ID",
        value_name = "ID",
        requires = "portal_issuer"
    )]
    pub portal_client_id: Option<String>,
    /// Scopes the portal asks `--portal-issuer` for, space-separated (`openid profile` are
    /// always added).
    #[arg(
        long,
        env = "VIGIL_PORTAL_SCOPES",
        value_name = "SCOPES",
        default_value = "https://graph.microsoft.com/AuditLog.Read.All"
    )]
    pub portal_scopes: String,
}

/// Log kinds as named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// Sign-in logs.
    #[value(name = "signIns", alias = "signins")]
    SignIns,
    /// Directory audit logs.
    #[value(name = "directoryAudits", alias = "directoryaudits")]
    DirectoryAudits,
    /// Provisioning logs.
    #[value(name = "provisioning")]
    Provisioning,
    /// Custom security attribute audit logs.
    #[value(
        name = "customSecurityAttributeAudits",
        alias = "customsecurityattributeaudits"
    )]
    CustomSecurityAttributeAudits,
}

impl KindArg {
    /// The model's kind.
    pub fn kind(self) -> vigil_model::LogKind {
        match self {
            KindArg::SignIns => vigil_model::LogKind::SignIn,
            KindArg::DirectoryAudits => vigil_model::LogKind::DirectoryAudit,
            KindArg::Provisioning => vigil_model::LogKind::Provisioning,
            KindArg::CustomSecurityAttributeAudits => {
                vigil_model::LogKind::CustomSecurityAttributeAudit
            }
        }
    }
}

/// Flags of `ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Tenant id (GUID).
    #[arg(long)]
    pub tenant: String,
    /// Which log the files hold.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// Directory of the embedded store.
    #[arg(long, env = "VIGIL_DATA_DIR", default_value = "vigil-data")]
    pub data_dir: PathBuf,
    /// Files to ingest; each file is one all-or-nothing batch.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Flags of `demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Random seed; the same seed and end time give the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Days of activity, ending now.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Tenant id (GUID).
    #[arg(long, default_value = DEMO_TENANT)]
    pub tenant: String,
    /// Directory of the embedded store.
    #[arg(long, env = "VIGIL_DATA_DIR", default_value = "vigil-data")]
    pub data_dir: PathBuf,
    /// Write NDJSON files (one per log) into this directory instead of the store.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Which sign-ins `bench` generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchShape {
    /// The demo generator's records as they are.
    Full,
    /// At most two Conditional Access policies and two authentication steps per record.
    Compact,
}

/// The store layout `bench` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchLayout {
    /// One row per block of records (the default for new databases).
    Blocks,
    /// One row per record, with B-tree indexes (databases created before blocks).
    Rows,
}

impl BenchLayout {
    /// The store's layout.
    pub fn layout(self) -> vigil_store_sqlite::Layout {
        match self {
            BenchLayout::Blocks => vigil_store_sqlite::Layout::Blocks,
            BenchLayout::Rows => vigil_store_sqlite::Layout::Rows,
        }
    }
}

/// Flags of `bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Sign-ins to ingest.
    #[arg(long, default_value_t = 1_000_000)]
    pub records: usize,
    /// Records per ingest request.
    #[arg(long, default_value_t = 5_000)]
    pub batch: usize,
    /// Concurrent ingest clients.
    #[arg(long, default_value_t = 2)]
    pub clients: usize,
    /// Record shape: `full` (every beta property, seven Conditional Access policies, about
    /// 5 KB) or `compact` (two policies and two authentication steps like the 2 KB sign-in of
    /// the storage measurements, but with every other beta property: about 4.2 KB).
    #[arg(long, value_enum, default_value_t = BenchShape::Full)]
    pub shape: BenchShape,
    /// The store layout to measure.
    #[arg(long, value_enum, default_value_t = BenchLayout::Blocks)]
    pub layout: BenchLayout,
    /// Repetitions of each query.
    #[arg(long, default_value_t = 200)]
    pub query_runs: usize,
    /// Scratch directory (default: a temporary directory, removed afterwards).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Write the results as Markdown to this file as well.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
}

/// Flags of `vigil bench-export`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchExportArgs {
    /// Where to export: `kafka=HOST:PORT`, `azurite=http://HOST:PORT/ACCOUNT` or
    /// `local=PATH`.
    #[arg(long)]
    pub destination: String,
    /// Sign-ins ingested per second.
    #[arg(long, default_value_t = 10_000)]
    pub rate: usize,
    /// How long to ingest.
    #[arg(long, default_value_t = 30)]
    pub seconds: usize,
    /// Records per ingest batch.
    #[arg(long, default_value_t = 1_000)]
    pub batch: usize,
    /// Concurrent ingest clients sharing the rate (batch i is due at i × batch / rate).
    #[arg(long, default_value_t = 2)]
    pub producers: usize,
    /// Append the results as Markdown to this file as well.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Args, Command};

    #[test]
    fn flags_are_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn trust_issuer_is_repeatable() {
        let args = Args::try_parse_from([
            "vigil",
            "serve",
            "--trust-issuer",
            "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f=https://login.microsoftonline.com/4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/v2.0",
            "--trust-issuer",
            "11111111-2222-3333-4444-555555555555=https://idp.example.com",
        ])
        .unwrap();
        let Command::Serve(serve) = args.command else {
            panic!("not serve");
        };
        assert_eq!(serve.trust_issuers.len(), 2);
        assert_eq!(serve.trust_issuers[1].issuer, "https://idp.example.com");
        assert_eq!(
            serve.trust_issuers[1].tenant.as_str(),
            "11111111-2222-3333-4444-555555555555"
        );
        assert!(Args::try_parse_from(["vigil", "serve", "--trust-issuer", "x"]).is_err());
    }

    #[test]
    fn download_limit_defaults_to_entras_and_takes_zero() {
        let serve = |args: &[&str]| {
            let mut all = vec!["vigil", "serve"];
            all.extend_from_slice(args);
            match Args::try_parse_from(all).unwrap().command {
                Command::Serve(serve) => serve.download_limit,
                other => panic!("not serve: {other:?}"),
            }
        };
        assert_eq!(serve(&[]), 250_000);
        assert_eq!(serve(&["--download-limit", "0"]), 0);
        assert_eq!(serve(&["--download-limit", "1000000"]), 1_000_000);
        assert!(Args::try_parse_from(["vigil", "serve", "--download-limit", "-1"]).is_err());
    }
}
