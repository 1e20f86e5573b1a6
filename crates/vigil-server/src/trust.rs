//! External token issuers a server trusts, each for the tenants named with it.
//!
//! An entry reads `TENANT=ISSUER[,aud=AUDIENCE][,jwks=JWKS_URI]` (the form of
//! `vigil serve --trust-issuer`):
//!
//! - `TENANT` — the tenant GUID whose tokens this issuer may sign (`tid` must match);
//! - `ISSUER` — the exact `iss` of its tokens; its keys are found through OIDC discovery
//!   (`ISSUER/.well-known/openid-configuration`) unless `jwks=` names the key set directly;
//! - `aud=` — an audience to accept besides Graph's (e.g. `api://vigil` or the client id of
//!   the app registered for Vigil).
//!
//! For an Entra tenant's v2 tokens: `TID=https://login.microsoftonline.com/TID/v2.0,aud=api://vigil`.
//! Entries with the same issuer are merged (tenants and audiences united), since a
//! validator picks the issuer by `iss` alone. Keys are fetched lazily, on the first token,
//! and kept fresh by `vigil_auth::JwksCache`.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::Arc;

use uuid::Uuid;
use vigil_auth::{JwksCache, KeySource, Tenants, TrustedIssuer};
use vigil_store::TenantId;

/// One `--trust-issuer` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalIssuer {
    /// The tenant whose tokens the issuer may sign.
    pub tenant: TenantId,
    /// The exact `iss` value.
    pub issuer: String,
    /// The JWKS URL; OIDC discovery at `issuer` when `None`.
    pub jwks_uri: Option<String>,
    /// An extra accepted audience.
    pub audience: Option<String>,
}

/// A `--trust-issuer` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    /// Not `TENANT=ISSUER[,aud=…][,jwks=…]`.
    #[error("trusted issuer {0:?}: expected TENANT=ISSUER_URL[,aud=AUDIENCE][,jwks=JWKS_URI]")]
    Syntax(String),
    /// The tenant is not a GUID.
    #[error("trusted issuer {0:?}: the tenant is not a GUID")]
    Tenant(String),
    /// The issuer or JWKS URL is unusable (not https or loopback http, or not a URL).
    #[error("trusted issuer {issuer}: {reason}")]
    Url {
        /// The issuer.
        issuer: String,
        /// What is wrong.
        reason: String,
    },
    /// Two entries for one issuer name different key sets, or an entry reuses the built-in
    /// issuer's name.
    #[error("trusted issuer {0}: conflicting entries")]
    Conflict(String),
}

impl FromStr for ExternalIssuer {
    type Err = TrustError;

    fn from_str(text: &str) -> Result<ExternalIssuer, TrustError> {
        let syntax = || TrustError::Syntax(text.to_owned());
        let (tenant, rest) = text.split_once('=').ok_or_else(syntax)?;
        let tenant =
            TenantId::parse(tenant.trim()).ok_or_else(|| TrustError::Tenant(text.to_owned()))?;
        let mut parts = rest.split(',');
        let issuer = parts.next().map(str::trim).unwrap_or("").to_owned();
        if issuer.is_empty() {
            return Err(syntax());
        }
        let mut entry = ExternalIssuer {
            tenant,
            issuer,
            jwks_uri: None,
            audience: None,
        };
        for part in parts {
            let (name, value) = part.split_once('=').ok_or_else(syntax)?;
            let value = value.trim();
            let slot = match name.trim() {
                "aud" => &mut entry.audience,
                "jwks" => &mut entry.jwks_uri,
                _ => return Err(syntax()),
            };
            if value.is_empty() || slot.replace(value.to_owned()).is_some() {
                return Err(syntax());
            }
        }
        Ok(entry)
    }
}

/// Turns entries into trusted issuers, merging entries that share an issuer.
/// `builtin` is the built-in issuer's name, which no entry may reuse.
pub(crate) fn trusted_issuers(
    entries: &[ExternalIssuer],
    builtin: &str,
) -> Result<Vec<TrustedIssuer>, TrustError> {
    let mut issuers: Vec<&str> = Vec::new();
    for entry in entries {
        if entry.issuer.trim_end_matches('/') == builtin.trim_end_matches('/') {
            return Err(TrustError::Conflict(entry.issuer.clone()));
        }
        if !issuers.contains(&entry.issuer.as_str()) {
            issuers.push(&entry.issuer);
        }
    }
    issuers
        .into_iter()
        .map(|issuer| {
            let group: Vec<&ExternalIssuer> =
                entries.iter().filter(|e| e.issuer == issuer).collect();
            merged(issuer, &group)
        })
        .collect()
}

fn merged(issuer: &str, group: &[&ExternalIssuer]) -> Result<TrustedIssuer, TrustError> {
    let jwks: BTreeSet<&str> = group.iter().filter_map(|e| e.jwks_uri.as_deref()).collect();
    if jwks.len() > 1 || (!jwks.is_empty() && group.iter().any(|e| e.jwks_uri.is_none())) {
        return Err(TrustError::Conflict(issuer.to_owned()));
    }
    let url_error = |e: vigil_auth::JwksError| TrustError::Url {
        issuer: issuer.to_owned(),
        reason: e.to_string(),
    };
    let cache = match jwks.first() {
        Some(uri) => JwksCache::from_jwks_uri(uri).map_err(url_error)?,
        None => JwksCache::discover(issuer).map_err(url_error)?,
    };
    let tenants: BTreeSet<Uuid> = group
        .iter()
        .filter_map(|e| Uuid::parse_str(e.tenant.as_str()).ok())
        .collect();
    let mut trusted = TrustedIssuer::new(
        issuer.to_owned(),
        KeySource::Jwks(Arc::new(cache)),
        Tenants::Only(tenants),
    );
    for audience in group.iter().filter_map(|e| e.audience.as_deref()) {
        trusted = trusted.with_audience(audience);
    }
    Ok(trusted)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::{ExternalIssuer, TrustError, trusted_issuers};

    const A: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    const B: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    #[test]
    fn entries_parse() {
        let e: ExternalIssuer = format!("{A}=https://login.example/{A}/v2.0")
            .parse()
            .unwrap();
        assert_eq!(e.tenant.as_str(), A);
        assert_eq!(e.issuer, format!("https://login.example/{A}/v2.0"));
        assert_eq!((e.jwks_uri, e.audience), (None, None));
        let e: ExternalIssuer =
            format!("{A}=https://sts.example/{A}/, aud=api://vigil ,jwks=https://keys.example/k")
                .parse()
                .unwrap();
        assert_eq!(e.audience.as_deref(), Some("api://vigil"));
        assert_eq!(e.jwks_uri.as_deref(), Some("https://keys.example/k"));
        for bad in [
            "https://x".to_owned(),
            format!("{A}="),
            format!("{A}=https://x,aud="),
            format!("{A}=https://x,aud=a,aud=b"),
            format!("{A}=https://x,color=red"),
            "contoso=https://x".to_owned(),
        ] {
            assert!(bad.parse::<ExternalIssuer>().is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_merge_by_issuer_and_conflicts_are_refused() {
        let a: ExternalIssuer = format!("{A}=https://idp.example,aud=x").parse().unwrap();
        let b: ExternalIssuer = format!("{B}=https://idp.example,aud=y").parse().unwrap();
        let trusted = trusted_issuers(&[a.clone(), b], "http://127.0.0.1:8080").unwrap();
        assert_eq!(trusted.len(), 1);
        assert!(trusted[0].audiences().contains(&"x".to_owned()));
        assert!(trusted[0].audiences().contains(&"y".to_owned()));
        let own: ExternalIssuer = format!("{A}=http://127.0.0.1:8080/").parse().unwrap();
        assert!(matches!(
            trusted_issuers(&[own], "http://127.0.0.1:8080"),
            Err(TrustError::Conflict(_))
        ));
        let c: ExternalIssuer = format!("{B}=https://idp.example,jwks=https://k.example")
            .parse()
            .unwrap();
        assert!(trusted_issuers(&[a, c], "x").is_err());
        let insecure: ExternalIssuer = format!("{A}=http://idp.example").parse().unwrap();
        assert!(matches!(
            trusted_issuers(&[insecure], "x"),
            Err(TrustError::Url { .. })
        ));
    }
}
