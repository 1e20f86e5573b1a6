//! Flags of the admin commands: `token`, `tenant`, `ingest-key`, `retention` and
//! `diagnostic-settings`.
//!
//! Every one works on a data directory (`--data-dir`, `VIGIL_DATA_DIR`, default
//! `vigil-data`): tenants, retention and ingest keys live in its `control.db`, the token
//! signing key in its `auth/` directory.

use std::path::PathBuf;

use clap::{ArgGroup, Subcommand};
use time::Duration;
use uuid::Uuid;
use vigil_auth::{DirectoryRole, Permission};
use vigil_store::TenantId;
use vigil_tenancy::{IngestKeyId, LicenseTier};

use super::{DataDirArg, KindArg, parse};

/// Flags of `token`.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("principal").required(true).args(["user", "app"])))]
pub struct TokenArgs {
    /// Tenant the token is for (`tid`), a GUID.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// A delegated token for this user principal name (e.g. adele@contoso.com).
    #[arg(long, value_name = "UPN")]
    pub user: Option<String>,
    /// Directory role the user holds (`wids`): a display name such as "Reports Reader" or a
    /// role template id. Repeatable.
    #[arg(long = "role", value_name = "NAME", requires = "user", conflicts_with = "app", value_parser = parse::role)]
    pub roles: Vec<DirectoryRole>,
    /// Delegated permission (`scp`), e.g. AuditLog.Read.All. Repeatable; replaces the
    /// default (AuditLog.Read.All Directory.Read.All, plus
    /// CustomSecAttributeAuditLogs.Read.All with an Attribute Log role).
    #[arg(long = "scope", value_name = "PERMISSION", requires = "user", conflicts_with = "app", value_parser = parse::permission)]
    pub scopes: Vec<Permission>,
    /// An app-only token for this application (client) id, a GUID.
    #[arg(long, value_name = "APP_ID", value_parser = parse::app_id)]
    pub app: Option<Uuid>,
    /// Application permission (`roles`), e.g. AuditLog.Read.All. Repeatable; replaces the
    /// default (AuditLog.Read.All).
    #[arg(long = "permission", value_name = "PERMISSION", requires = "app", conflicts_with = "user", value_parser = parse::permission)]
    pub permissions: Vec<Permission>,
    /// How long the token is valid: 90s, 30m, 1h, 1h30m, 7d (at most 365d).
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse::lifetime)]
    pub lifetime: Duration,
    /// The `iss` to put in the token. Default: the contents of `<data-dir>/auth/issuer`
    /// (written by `vigil serve`), else http://127.0.0.1:8080.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// Print JSON with the token, its expiry, header and claims instead of the bare token.
    #[arg(long)]
    pub json: bool,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// `tenant` and its subcommands.
#[derive(Debug, clap::Args)]
pub struct TenantArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TenantCommand,
}

/// Subcommands of `tenant`.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Register a tenant.
    Create(TenantCreateArgs),
    /// List every registered tenant, oldest first.
    List(ListArgs),
    /// Change a tenant's license tier (and with it the default retention).
    SetLicense(TenantSetLicenseArgs),
    /// Show a tenant: name, license tier, and the retention of each log.
    Show(TenantOnlyArgs),
}

/// Flags of `tenant create`.
#[derive(Debug, clap::Args)]
pub struct TenantCreateArgs {
    /// The tenant id, a GUID (use the Entra tenant id when mirroring an Entra tenant).
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// Display name, e.g. "Contoso".
    #[arg(long)]
    pub name: String,
    /// License tier: free, p1 or p2. Free keeps 7 days by default and, like Entra, is
    /// refused sign-in and provisioning logs through the API; P1 and P2 keep 30 days.
    #[arg(long, value_name = "TIER", default_value = "p2", value_parser = parse::license)]
    pub license: LicenseTier,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of commands that list things.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of `tenant set-license`.
#[derive(Debug, clap::Args)]
pub struct TenantSetLicenseArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// The new tier: free, p1 or p2.
    #[arg(long, value_name = "TIER", value_parser = parse::license)]
    pub license: LicenseTier,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of commands that name one tenant and may print JSON.
#[derive(Debug, clap::Args)]
pub struct TenantOnlyArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// `ingest-key` and its subcommands.
#[derive(Debug, clap::Args)]
pub struct IngestKeyArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: IngestKeyCommand,
}

/// Subcommands of `ingest-key`.
#[derive(Debug, Subcommand)]
pub enum IngestKeyCommand {
    /// Create a key; the key itself is printed once, on stdout.
    Create(KeyCreateArgs),
    /// List a tenant's keys (never their secrets).
    List(TenantOnlyArgs),
    /// Revoke a key: it stops being accepted at once.
    Revoke(KeyRevokeArgs),
}

/// Flags of `ingest-key create`.
#[derive(Debug, clap::Args)]
pub struct KeyCreateArgs {
    /// The tenant the key may write into (and only that one).
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// A label for the key, e.g. "siem-forwarder".
    #[arg(long)]
    pub name: String,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of `ingest-key revoke`.
#[derive(Debug, clap::Args)]
pub struct KeyRevokeArgs {
    /// The tenant the key belongs to.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// The key id (the ID column of `vigil ingest-key list`).
    #[arg(long, value_name = "KEYID", value_parser = parse::ingest_key_id)]
    pub id: IngestKeyId,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// `retention` and its subcommands.
#[derive(Debug, clap::Args)]
pub struct RetentionArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RetentionCommand,
}

/// Subcommands of `retention`.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Override how many days one log keeps, or clear the override.
    Set(RetentionSetArgs),
    /// Show the retention of every log of a tenant.
    Show(TenantOnlyArgs),
    /// Bound how many days past retention an export destination that has not received a
    /// record may keep it from being purged (default: no bound, wait forever).
    ExportHold(ExportHoldArgs),
}

/// Flags of `retention export-hold`.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("hold").required(true).args(["days", "clear"])))]
pub struct ExportHoldArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// Days past a log's retention after which undelivered records are purged anyway
    /// (0 to 36500), each time with a directory audit saying how many.
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// Remove the bound: undelivered records wait for their destinations forever.
    #[arg(long)]
    pub clear: bool,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of `retention set`.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("setting").required(true).args(["days", "clear"])))]
pub struct RetentionSetArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// Which log.
    #[arg(long, value_enum)]
    pub log: KindArg,
    /// Days to keep (1 to 36500); not limited to Entra's 30.
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// Remove the override: the license tier's default applies again.
    #[arg(long)]
    pub clear: bool,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// `diagnostic-settings` and its subcommands.
#[derive(Debug, clap::Args)]
pub struct DiagnosticSettingsArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DiagnosticSettingsCommand,
}

/// Subcommands of `diagnostic-settings`.
#[derive(Debug, Subcommand)]
pub enum DiagnosticSettingsCommand {
    /// Add a setting (at most 5 per tenant); prints it with secrets as "***".
    Create(DiagnosticInputArgs),
    /// Print a tenant's settings as a JSON array (secrets as "***").
    List(DiagnosticTenantArgs),
    /// Print one setting (secrets as "***").
    Show(DiagnosticNameArgs),
    /// Replace the setting named in the JSON; a secret given as "***" keeps its stored value.
    Update(DiagnosticInputArgs),
    /// Remove a setting.
    Delete(DiagnosticNameArgs),
}

/// Flags of `diagnostic-settings create` and `update`.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("input").required(true).args(["file", "json"])))]
pub struct DiagnosticInputArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// The setting as JSON: {"name", "properties": {"logs": [...], "destinations": [...]}}
    /// read from this file (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The setting as JSON on the command line.
    #[arg(long, value_name = "JSON")]
    pub json: Option<String>,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of `diagnostic-settings list`.
#[derive(Debug, clap::Args)]
pub struct DiagnosticTenantArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}

/// Flags of `diagnostic-settings show` and `delete`.
#[derive(Debug, clap::Args)]
pub struct DiagnosticNameArgs {
    /// The tenant id.
    #[arg(long, value_name = "GUID", value_parser = parse::tenant)]
    pub tenant: TenantId,
    /// The setting's name (case-insensitive).
    #[arg(long)]
    pub name: String,
    /// The data directory.
    #[command(flatten)]
    pub data: DataDirArg,
}
