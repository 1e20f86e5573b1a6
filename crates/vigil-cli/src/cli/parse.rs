//! Value parsers for command-line flags: each turns text into a typed value or into a message
//! that says what was expected (clap prints it and exits with status 2).

use time::Duration;
use uuid::Uuid;
use vigil_auth::{DirectoryRole, Permission};
use vigil_server::ExternalIssuer;
use vigil_store::TenantId;
use vigil_tenancy::{IngestKeyId, LicenseTier};

/// The longest lifetime `vigil token --lifetime` accepts.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::days(365);

/// A tenant id: a GUID such as `4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f`.
pub fn tenant(text: &str) -> Result<TenantId, String> {
    TenantId::parse(text.trim()).ok_or_else(|| {
        format!(
            "'{text}' is not a tenant GUID (expected e.g. 4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f)"
        )
    })
}

/// An application (client) id: a GUID.
pub fn app_id(text: &str) -> Result<Uuid, String> {
    let trimmed = text.trim();
    match TenantId::parse(trimmed) {
        Some(canonical) => Uuid::parse_str(canonical.as_str()).map_err(|e| e.to_string()),
        None => Err(format!(
            "'{text}' is not an application id GUID (expected e.g. 2c5c7f5e-0b5a-4c0e-9f3a-1d2e3f4a5b6c)"
        )),
    }
}

/// A directory role: display name (any case) or role template id.
pub fn role(text: &str) -> Result<DirectoryRole, String> {
    text.parse::<DirectoryRole>().map_err(|_| {
        let names: Vec<String> = DirectoryRole::ALL
            .iter()
            .map(|r| format!("\"{}\"", r.display_name()))
            .collect();
        format!(
            "unknown role '{text}'; valid roles (display name or role template id): {}",
            names.join(", ")
        )
    })
}

/// A Graph permission such as `AuditLog.Read.All` (any case).
pub fn permission(text: &str) -> Result<Permission, String> {
    text.parse::<Permission>().map_err(|_| {
        let names: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
        format!(
            "unknown permission '{text}'; valid permissions: {}",
            names.join(", ")
        )
    })
}

/// A license tier: `free`, `p1` or `p2`.
pub fn license(text: &str) -> Result<LicenseTier, String> {
    text.trim()
        .parse::<LicenseTier>()
        .map_err(|_| format!("unknown license tier '{text}'; expected free, p1 or p2"))
}

/// An ingest key id (16 lower-case hex digits); a whole key (`vgk_<id>_<secret>`) is accepted
/// too and reduced to its id.
pub fn ingest_key_id(text: &str) -> Result<IngestKeyId, String> {
    let trimmed = text.trim();
    let id = trimmed
        .strip_prefix("vgk_")
        .and_then(|rest| rest.get(..16))
        .unwrap_or(trimmed);
    IngestKeyId::parse(id).ok_or_else(|| {
        format!(
            "'{text}' is not an ingest key id (16 lower-case hex digits, as in the ID column of `vigil ingest-key list`)"
        )
    })
}

/// A token lifetime: a number with a unit, `s`, `m`, `h` or `d`, or several such parts
/// (`1h30m`); a bare number is seconds. Between one second and [`MAX_TOKEN_LIFETIME`].
pub fn lifetime(text: &str) -> Result<Duration, String> {
    let bad = || format!("invalid lifetime '{text}'; expected e.g. 90s, 30m, 1h, 1h30m or 7d");
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut pending = false;
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            pending = true;
            continue;
        }
        let unit: i64 = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let value: i64 = number.parse().map_err(|_| bad())?;
        total = value
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        number.clear();
        pending = false;
    }
    if pending {
        let value: i64 = number.parse().map_err(|_| bad())?;
        total = total.checked_add(value).ok_or_else(bad)?;
    }
    let duration = Duration::seconds(total);
    if total < 1 || duration > MAX_TOKEN_LIFETIME {
        return Err(format!(
            "lifetime '{text}' is out of range (1s to {}d)",
            MAX_TOKEN_LIFETIME.whole_days()
        ));
    }
    Ok(duration)
}

/// `TENANT=ISSUER_URL[,aud=AUDIENCE][,jwks=JWKS_URI]` for `serve --trust-issuer`, in the
/// server's own syntax ([`ExternalIssuer`]); URLs are checked when the server starts.
pub fn trusted_issuer(text: &str) -> Result<ExternalIssuer, String> {
    text.parse::<ExternalIssuer>().map_err(|e| {
        format!(
            "{e} (e.g. 4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f=https://login.microsoftonline.com/4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/v2.0,aud=api://vigil)"
        )
    })
}

#[cfg(test)]
mod tests {
    use time::Duration;
    use vigil_auth::DirectoryRole;

    use super::{ingest_key_id, lifetime, role, tenant, trusted_issuer};

    #[test]
    fn lifetimes() {
        assert_eq!(lifetime("1h"), Ok(Duration::hours(1)));
        assert_eq!(lifetime("90"), Ok(Duration::seconds(90)));
        assert_eq!(lifetime("1h30m"), Ok(Duration::minutes(90)));
        assert_eq!(lifetime("7D"), Ok(Duration::days(7)));
        assert_eq!(lifetime("365d"), Ok(Duration::days(365)));
        for bad in [
            "",
            "0s",
            "h",
            "1x",
            "366d",
            "-1h",
            "1.5h",
            "99999999999999999999d",
        ] {
            assert!(lifetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_list_the_valid_names_on_error() {
        assert_eq!(role("reports reader"), Ok(DirectoryRole::ReportsReader));
        let err = role("Report Reader").unwrap_err();
        assert!(err.contains("\"Reports Reader\"") && err.contains("\"Global Administrator\""));
    }

    #[test]
    fn issuers_and_ids() {
        let entry = trusted_issuer(
            "4F1C2D3E-5A6B-4C7D-8E9F-0A1B2C3D4E5F=https://idp.example/x,aud=api://vigil",
        )
        .unwrap();
        assert_eq!(
            entry.tenant.as_str(),
            "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
        );
        assert_eq!(entry.issuer, "https://idp.example/x");
        assert_eq!(entry.audience.as_deref(), Some("api://vigil"));
        assert!(trusted_issuer("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f").is_err());
        assert!(trusted_issuer("nope=https://idp.example").is_err());
        assert!(tenant("contoso").is_err());
        assert_eq!(
            ingest_key_id("vgk_0123456789abcdef_secretsecret")
                .unwrap()
                .as_str(),
            "0123456789abcdef"
        );
        assert!(ingest_key_id("0123").is_err());
    }
}
