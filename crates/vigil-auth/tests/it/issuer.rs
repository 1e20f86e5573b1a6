//! Vigil's own issuer: key persistence and permissions, the minted claims, JWKS and
//! discovery documents, and round trips through the validator.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

use serde_json::json;
use time::Duration;
use uuid::Uuid;
use vigil_auth::{
    Access, AppToken, DirectoryRole, IssuerError, KEY_FILE_NAME, Permission, Tenants, UserToken,
    VIGIL_CLI_APP_ID, VigilIssuer,
};

use crate::support::{ISSUER, TENANT, clock, issuer, payload, start, validator};

#[test]
fn first_start_creates_a_private_key_and_later_starts_reuse_it() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let clock = clock();
    let first =
        VigilIssuer::open(&keys, "http://localhost:8080/", Arc::new(clock.clone())).unwrap();
    let file = keys.join(KEY_FILE_NAME);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(&keys).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
    let pem = std::fs::read_to_string(&file).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM");
    assert_eq!(
        std::fs::read_dir(&keys).unwrap().count(),
        1,
        "no temporary files left"
    );

    let second = VigilIssuer::open(&keys, "http://localhost:8080", Arc::new(clock)).unwrap();
    assert_eq!(first.key_id(), second.key_id());
    assert_eq!(first.issuer(), "http://localhost:8080");
    assert_eq!(first.jwks(), second.jwks());
}

#[test]
fn a_readable_or_broken_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(clock());
    VigilIssuer::open(dir.path(), ISSUER, clock.clone()).unwrap();
    let file = dir.path().join(KEY_FILE_NAME);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let error = VigilIssuer::open(dir.path(), ISSUER, clock.clone()).unwrap_err();
    assert!(
        matches!(error, IssuerError::KeyFilePermissions { mode: 0o644, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("chmod 600"));

    std::fs::write(
        &file,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let error = VigilIssuer::open(dir.path(), ISSUER, clock).unwrap_err();
    assert!(matches!(error, IssuerError::Key { .. }), "{error}");
    assert!(
        !error.to_string().contains("AAAA"),
        "no key material in messages"
    );
}

#[test]
fn jwks_and_discovery_documents() {
    let clock = clock();
    let issuer = issuer(&clock);
    let jwks = issuer.jwks();
    let key = &jwks["keys"][0];
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["alg"], "RS256");
    assert_eq!(key["e"], "AQAB");
    assert_eq!(key["kid"], issuer.key_id());
    assert_eq!(
        key["n"].as_str().unwrap().len(),
        342,
        "2048-bit modulus, base64url"
    );
    assert!(
        key.get("d").is_none() && key.get("p").is_none(),
        "public parts only"
    );

    let discovery = issuer.openid_configuration("https://vigil.contoso.com/");
    assert_eq!(discovery["issuer"], ISSUER);
    assert_eq!(
        discovery["jwks_uri"],
        "https://vigil.contoso.com/.well-known/jwks.json"
    );
    assert_eq!(
        discovery["id_token_signing_alg_values_supported"],
        json!(["RS256"])
    );
    assert_eq!(
        issuer.key_set().key_ids().collect::<Vec<_>>(),
        [issuer.key_id()]
    );
}

#[tokio::test]
async fn user_tokens_carry_entra_claims_and_validate() {
    let clock = clock();
    let issuer = issuer(&clock);
    let request = UserToken {
        roles: vec![DirectoryRole::ReportsReader, DirectoryRole::SecurityReader],
        display_name: Some("Adele Vance".to_owned()),
        ..UserToken::new(TENANT, "AdeleV@contoso.com")
    };
    let oid = request.resolved_object_id();
    let token = issuer.issue(&request.into()).unwrap();
    let claims = payload(&token);
    let now = start().unix_timestamp();
    assert_eq!(claims["iat"], now);
    assert_eq!(claims["nbf"], now);
    assert_eq!(claims["exp"], now + 3600);
    assert_eq!(claims["scp"], "AuditLog.Read.All Directory.Read.All");
    assert_eq!(claims["idtyp"], "user");
    assert_eq!(claims["appid"], VIGIL_CLI_APP_ID.to_string());
    assert_eq!(claims["preferred_username"], "AdeleV@contoso.com");
    assert_eq!(
        claims["wids"],
        json!([
            "4a5d8f65-41da-4de4-8968-e035b65339cf",
            "5d6b6bb7-de71-4623-b4af-96380a352509"
        ])
    );

    let principal = validator(&issuer, Tenants::one(TENANT), &clock)
        .validate(&token)
        .await
        .unwrap();
    assert_eq!(principal.tenant_id, TENANT);
    assert_eq!(principal.object_id, oid);
    assert_eq!(
        principal.user_principal_name.as_deref(),
        Some("AdeleV@contoso.com")
    );
    assert_eq!(principal.display_name.as_deref(), Some("Adele Vance"));
    assert!(principal.has_role(DirectoryRole::ReportsReader));
    assert!(principal.has_permission(Permission::DirectoryReadAll));
    assert!(!principal.is_app_only());
}

#[tokio::test]
async fn app_tokens_are_app_only_and_lifetimes_apply() {
    let clock = clock();
    let issuer = issuer(&clock).with_lifetime(Duration::minutes(5));
    let app_id = Uuid::from_u128(0xc0ffee);
    let request = AppToken {
        permissions: vec![
            Permission::AuditLogReadAll,
            Permission::CustomSecAttributeAuditLogsReadAll,
        ],
        lifetime: Some(Duration::minutes(2)),
        ..AppToken::new(TENANT, app_id)
    };
    let token = issuer.issue(&request.clone().into()).unwrap();
    let claims = payload(&token);
    assert_eq!(claims["exp"], start().unix_timestamp() + 120);
    assert_eq!(claims["idtyp"], "app");
    assert!(claims.get("scp").is_none() && claims.get("upn").is_none());

    let principal = validator(&issuer, Tenants::Any, &clock)
        .validate(&token)
        .await
        .unwrap();
    assert_eq!(principal.app_id, Some(app_id.to_string()));
    assert_eq!(principal.object_id, request.resolved_object_id());
    assert_eq!(
        principal.access,
        Access::Application {
            roles: ["AuditLog.Read.All", "CustomSecAttributeAuditLogs.Read.All"]
                .map(str::to_owned)
                .into()
        }
    );
    let default_lifetime = issuer.issue(&AppToken::new(TENANT, app_id).into()).unwrap();
    assert_eq!(
        payload(&default_lifetime)["exp"],
        start().unix_timestamp() + 300
    );
}
