//! `vigil token`: a signed access token from Vigil's built-in issuer, for a user (delegated,
//! with directory roles and scopes) or an app (application permissions).
//!
//! Only the token goes to stdout, so `TOKEN=$(vigil token …)` works; a one-line summary and
//! a usage hint go to stderr. The signing key is `<data-dir>/auth/token-signing-key.pem`
//! (created on first use, as `vigil serve` would), so the server of that data directory
//! accepts the token as long as the issuer string matches the one it serves under.

use std::io::ErrorKind;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_auth::{AppToken, TokenRequest, UserToken, VigilIssuer};
use vigil_model::clock::SystemClock;
use vigil_server::ServerConfig;
use vigil_store::TenantId;
use vigil_tenancy::{CONTROL_DATABASE_FILE, ControlStore};

use super::output::{print, print_json};
use crate::cli::TokenArgs;

/// Runs `vigil token`.
pub fn run(args: &TokenArgs) -> anyhow::Result<()> {
    let data_dir = &args.data.data_dir;
    let issuer_url = resolve_issuer(args.issuer.as_deref(), data_dir)?;
    let request = request(args)?;
    let token = mint(data_dir, &issuer_url, &request)?;
    let claims = decode_part(&token, 1)?;
    note_unregistered_tenant(data_dir, &args.tenant);
    eprintln!("{}", summary(&request, &claims));
    if args.json {
        let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
        let iat = claims.get("iat").and_then(Value::as_i64).unwrap_or(0);
        return print_json(&json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": exp.saturating_sub(iat),
            "expires_on": exp,
            "header": decode_part(&token, 0)?,
            "claims": claims,
        }));
    }
    eprintln!(
        "use: curl -H \"Authorization: Bearer $TOKEN\" '{issuer_url}/v1.0/auditLogs/signIns?$top=5'"
    );
    print(&format!("{token}\n"))
}

/// Signs `request` with the key in `<data_dir>/auth`, creating the key on first use.
pub fn mint(data_dir: &Path, issuer_url: &str, request: &TokenRequest) -> anyhow::Result<String> {
    let key_dir = vigil_server::auth_dir(data_dir);
    let issuer = VigilIssuer::open(&key_dir, issuer_url, Arc::new(SystemClock))
        .with_context(|| format!("opening the token signing key in {}", key_dir.display()))?;
    issuer.issue(request).context("signing the token")
}

/// `explicit`, else the issuer a server wrote to `<data_dir>/auth/issuer`, else the one a
/// default `vigil serve` uses (`http://127.0.0.1:8080`).
pub fn resolve_issuer(explicit: Option<&str>, data_dir: &Path) -> anyhow::Result<String> {
    if let Some(url) = explicit {
        let url = url.trim().trim_end_matches('/');
        if url.is_empty() {
            return Err(anyhow!("--issuer must not be empty"));
        }
        return Ok(url.to_owned());
    }
    match vigil_server::read_issuer_file(data_dir) {
        Ok(text) if !text.is_empty() => Ok(text.trim_end_matches('/').to_owned()),
        Ok(_) => Ok(ServerConfig::new(data_dir).issuer_url()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(ServerConfig::new(data_dir).issuer_url()),
        Err(e) => Err(anyhow!(e).context(format!(
            "reading {}",
            vigil_server::auth_dir(data_dir)
                .join(vigil_server::ISSUER_FILE)
                .display()
        ))),
    }
}

/// The token to mint, from the flags.
fn request(args: &TokenArgs) -> anyhow::Result<TokenRequest> {
    let tenant = tenant_uuid(&args.tenant)?;
    if let Some(upn) = &args.user {
        let upn = upn.trim();
        if upn.is_empty() || upn.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(anyhow!(
                "--user '{upn}' is not a user principal name (e.g. adele@contoso.com)"
            ));
        }
        let roles = dedup(&args.roles);
        let scopes = if args.scopes.is_empty() {
            UserToken::default_scopes(&roles)
        } else {
            dedup(&args.scopes)
        };
        return Ok(UserToken {
            roles,
            scopes,
            lifetime: Some(args.lifetime),
            ..UserToken::new(tenant, upn)
        }
        .into());
    }
    let app = args.app.ok_or_else(|| {
        anyhow!("give --user UPN for a user token or --app APP_ID for an app token")
    })?;
    let mut token = AppToken::new(tenant, app);
    if !args.permissions.is_empty() {
        token.permissions = dedup(&args.permissions);
    }
    token.lifetime = Some(args.lifetime);
    Ok(token.into())
}

/// A tenant id as the UUID tokens carry.
pub fn tenant_uuid(tenant: &TenantId) -> anyhow::Result<Uuid> {
    Uuid::parse_str(tenant.as_str()).map_err(|e| anyhow!("tenant id {tenant}: {e}"))
}

fn dedup<T: PartialEq + Copy>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(item) {
            out.push(*item);
        }
    }
    out
}

/// One part (0 header, 1 claims) of a compact JWS, decoded.
pub fn decode_part(token: &str, index: usize) -> anyhow::Result<Value> {
    let part = token
        .split('.')
        .nth(index)
        .ok_or_else(|| anyhow!("the issuer returned a malformed token"))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .context("the issuer returned a malformed token")?;
    serde_json::from_slice(&bytes).context("the issuer returned a malformed token")
}

fn summary(request: &TokenRequest, claims: &Value) -> String {
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .map_or_else(|| "?".to_owned(), super::output::short_time);
    match request {
        TokenRequest::User(user) => {
            let roles: Vec<&str> = user.roles.iter().map(|r| r.display_name()).collect();
            let scopes: Vec<&str> = user.scopes.iter().map(|p| p.name()).collect();
            format!(
                "user token for {} in tenant {} (roles: {}; scp: {}), expires {exp}",
                user.user_principal_name,
                user.tenant_id,
                if roles.is_empty() {
                    "none".to_owned()
                } else {
                    roles.join(", ")
                },
                scopes.join(" ")
            )
        }
        TokenRequest::App(app) => {
            let permissions: Vec<&str> = app.permissions.iter().map(|p| p.name()).collect();
            format!(
                "app token for {} in tenant {} (roles: {}), expires {exp}",
                app.app_id,
                app.tenant_id,
                permissions.join(" ")
            )
        }
    }
}

/// Says on stderr when the tenant is not registered in this data directory, without
/// creating the control database.
fn note_unregistered_tenant(data_dir: &Path, tenant: &TenantId) {
    let registered = data_dir.join(CONTROL_DATABASE_FILE).exists()
        && super::control::open_existing(data_dir)
            .ok()
            .and_then(|store| store.tenant(tenant).ok())
            .is_some_and(|found| found.is_some());
    if !registered {
        eprintln!(
            "note: tenant {tenant} is not registered in {}; register it with `vigil tenant create --tenant {tenant} --name NAME`",
            data_dir.display()
        );
    }
}
