//! `vigil serve`: opens the data directory, optionally loads the demo set, and serves until
//! Ctrl-C or SIGTERM. With `--demo` it also prints a ready-to-use admin token.
//!
//! The listening socket is bound before the server opens, so the issuer string (the public
//! URL, else `http://<listen>`) names the real port even with `--listen 127.0.0.1:0`.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use vigil_auth::{DirectoryRole, UserToken};
use vigil_model::LogKind;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{
    DEMO_ADMIN_UPN, DownloadLimit, OidcSettings, PortalSignIn, Server, ServerConfig, load_demo,
};
use vigil_store::TenantId;

use super::control::{note_if_not_premium, tenant_id};
use super::output::short_time;
use super::token::{decode_part, tenant_uuid};
use crate::cli::{DEMO_TENANT, ServeArgs};

/// Runs `vigil serve`.
pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let tenant = tenant_id(&args.tenant)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let listener = std::net::TcpListener::bind(args.listen)
        .with_context(|| format!("binding {}", args.listen))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let config = ServerConfig {
        listen: local,
        public_url: args.public_url.clone(),
        trusted_issuers: args.trust_issuers.clone(),
        download_limit: DownloadLimit::from_records(args.download_limit),
        portal: portal_sign_in(&args, &tenant),
        ..ServerConfig::new(&args.data_dir)
    };
    let server = Server::open(&config, clock.clone()).context("starting the server")?;
    if args.demo {
        note_if_not_premium(&server.ensure_tenant_for_demo(&tenant)?);
        load_demo_once(&server, &tenant, clock.as_ref())?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        eprintln!("vigil listening on http://{local}");
        eprintln!("  portal: http://{local}/");
        if args.demo {
            print_demo_access(&server, &args, &config.issuer_url(), &tenant)?;
        } else {
            eprintln!(
                "  try: TOKEN=$(vigil token{} --tenant {tenant} --user adele@contoso.com --role \"Reports Reader\")",
                data_dir_flag(&args.data_dir)
            );
            eprintln!(
                "       curl -s -H \"Authorization: Bearer $TOKEN\" '{}/v1.0/auditLogs/signIns?$top=2'",
                config.issuer_url()
            );
        }
        server.serve(listener, shutdown_signal()).await?;
        eprintln!("vigil stopped");
        Ok(())
    })
}

/// OIDC when an issuer is configured, else the demo sign-in with `--demo`, else a pasted
/// token.
fn portal_sign_in(args: &ServeArgs, tenant: &TenantId) -> PortalSignIn {
    match (&args.portal_issuer, &args.portal_client_id) {
        (Some(issuer), Some(client_id)) => PortalSignIn::Oidc(OidcSettings {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            scopes: args.portal_scopes.clone(),
        }),
        _ if args.demo => PortalSignIn::Demo {
            tenant: tenant.clone(),
        },
        _ => PortalSignIn::Token,
    }
}

fn load_demo_once(server: &Server, tenant: &TenantId, clock: &dyn Clock) -> anyhow::Result<()> {
    let existing = server.store().high_water_mark(LogKind::SignIn)?;
    if existing != 0 {
        eprintln!("data directory already holds data; not loading the demo set again");
        return Ok(());
    }
    eprintln!("loading demo data (30 days, seed 1) into tenant {tenant} ...");
    let started = std::time::Instant::now();
    let summary = load_demo(server.ingestor(), tenant, 1, 30, clock.now())?;
    eprintln!(
        "demo data loaded in {:.1}s: {} sign-ins, {} directory audits, {} provisioning records, {} custom security attribute audits",
        started.elapsed().as_secs_f64(),
        summary.sign_ins,
        summary.directory_audits,
        summary.provisioning,
        summary.custom_security_attribute_audits
    );
    Ok(())
}

/// Prints (to stderr) an admin token for the demo tenant, a curl line using it, and the
/// `vigil token` command for other roles.
fn print_demo_access(
    server: &Server,
    args: &ServeArgs,
    base: &str,
    tenant: &TenantId,
) -> anyhow::Result<()> {
    let token = admin_token(server, tenant)?;
    let expires = decode_part(&token, 1)
        .ok()
        .and_then(|claims| claims.get("exp").and_then(serde_json::Value::as_i64))
        .and_then(|exp| time::OffsetDateTime::from_unix_timestamp(exp).ok())
        .map_or_else(|| "?".to_owned(), short_time);
    let data_dir = data_dir_flag(&args.data_dir);
    eprintln!();
    eprintln!(
        "admin token for the demo tenant ({DEMO_ADMIN_UPN}: Global Administrator, Reports Reader, Attribute Log Reader; expires {expires}):"
    );
    eprintln!();
    eprintln!("TOKEN={token}");
    eprintln!();
    eprintln!(
        "  curl -s -H \"Authorization: Bearer $TOKEN\" '{base}/v1.0/auditLogs/signIns?$top=5'"
    );
    eprintln!();
    eprintln!("tokens for other roles or apps:");
    eprintln!(
        "  vigil token{data_dir} --tenant {tenant} --user megan@contoso.com --role \"Reports Reader\""
    );
    eprintln!(
        "  vigil token{data_dir} --tenant {tenant} --app 2c5c7f5e-0b5a-4c0e-9f3a-1d2e3f4a5b6c --permission AuditLog.Read.All"
    );
    eprintln!();
    Ok(())
}

/// The server's demo admin token for the demo tenant; for another `--tenant`, a token with
/// the same roles minted for that tenant.
fn admin_token(server: &Server, tenant: &TenantId) -> anyhow::Result<String> {
    if tenant.as_str() == DEMO_TENANT {
        return server
            .demo_admin_token()
            .context("minting the demo admin token");
    }
    let roles = vec![
        DirectoryRole::GlobalAdministrator,
        DirectoryRole::ReportsReader,
        DirectoryRole::AttributeLogReader,
    ];
    let request = UserToken {
        scopes: UserToken::default_scopes(&roles),
        roles,
        ..UserToken::new(tenant_uuid(tenant)?, DEMO_ADMIN_UPN)
    };
    server
        .issue_token(&request.into())
        .context("minting the admin token")
}

/// `" --data-dir DIR"` unless the directory is the default (or comes from VIGIL_DATA_DIR).
fn data_dir_flag(data_dir: &Path) -> String {
    let from_env = std::env::var_os("VIGIL_DATA_DIR").is_some_and(|v| Path::new(&v) == data_dir);
    if from_env || data_dir == Path::new("vigil-data") {
        String::new()
    } else {
        format!(" --data-dir '{}'", data_dir.display())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
