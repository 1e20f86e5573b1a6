//! Authentication over HTTP: forged, expired and misdirected tokens are 401
//! `InvalidAuthenticationToken` with `WWW-Authenticate: Bearer` on every protected root
//! (before routing, so unknown resources and wrong methods do not answer first); a genuine
//! token for a tenant Vigil does not know is a 403; the open routes stay open and the
//! published discovery document validates the server's own tokens.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_auth::{
    JwksCache, KEY_FILE_NAME, KeySource, Tenants, TrustedIssuer, UserToken, Validator, VigilIssuer,
};
use vigil_model::clock::SystemClock;

use crate::errors::assert_graph_error;
use crate::harness::{TENANT, TestServer};

/// Every kind of protected request.
const PATHS: [&str; 7] = [
    "/v1.0/auditLogs/signIns",
    "/v1%2E0/auditLogs/signIns",
    "/beta/auditLogs/directoryAudits/some-id",
    "/v1.0/auditLogs/nothing",
    "/BETA/whatever/else",
    "/admin/v1/tenant",
    "/admin/v1/readAudit",
];

fn parts(token: &str) -> Vec<String> {
    token.split('.').map(str::to_owned).collect()
}

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

fn claims(token: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts(token)[1]).unwrap()).unwrap()
}

/// Tokens that must all be refused, with what they are.
fn forged(server: &TestServer) -> Vec<(&'static str, Option<String>)> {
    let genuine = server.token.clone();
    let kid = server.issuer.key_id().to_owned();
    let payload = claims(&genuine);
    let none = format!(
        "{}.{}.",
        encode(&json!({"alg": "none", "typ": "JWT", "kid": kid})),
        encode(&payload)
    );
    let private_pem =
        std::fs::read_to_string(vigil_server::auth_dir(server.data_dir()).join(KEY_FILE_NAME))
            .unwrap();
    let public_pem = rsa::RsaPrivateKey::from_pkcs8_pem(&private_pem)
        .unwrap()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let hmac = |secret: &[u8]| {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid.clone());
        jsonwebtoken::encode(&header, &payload, &EncodingKey::from_secret(secret)).unwrap()
    };
    let jwks = server.issuer.jwks();
    let modulus = URL_SAFE_NO_PAD
        .decode(jwks["keys"][0]["n"].as_str().unwrap())
        .unwrap();
    let tenant = Uuid::parse_str(TENANT).unwrap();
    let expired = server.mint_user(UserToken {
        lifetime: Some(time::Duration::minutes(-10)),
        ..UserToken::new(tenant, "admin@contoso.com")
    });
    let wrong_audience = server.mint_user(UserToken {
        audience: "api://someone-else".to_owned(),
        ..UserToken::new(tenant, "admin@contoso.com")
    });
    // The server's own key, but another issuer name.
    let evil_dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        vigil_server::auth_dir(server.data_dir()).join(KEY_FILE_NAME),
        evil_dir.path().join(KEY_FILE_NAME),
    )
    .unwrap();
    let evil = VigilIssuer::open(
        evil_dir.path(),
        "https://evil.example",
        Arc::new(SystemClock),
    )
    .unwrap();
    let wrong_issuer = evil
        .issue(&UserToken::new(tenant, "admin@contoso.com").into())
        .unwrap();
    let mut tampered = parts(&genuine);
    let mut other_payload = payload.clone();
    other_payload["tid"] = json!("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    tampered[1] = encode(&other_payload);
    let mut stripped = parts(&genuine);
    stripped[2] = String::new();
    vec![
        ("no Authorization header", None),
        ("empty bearer", Some("Bearer ".to_owned())),
        ("Basic scheme", Some("Basic YWRtaW46YWRtaW4=".to_owned())),
        ("garbage", Some("Bearer not.a.jwt".to_owned())),
        ("alg none", Some(format!("Bearer {none}"))),
        (
            "HS256 with the public key PEM",
            Some(format!("Bearer {}", hmac(public_pem.as_bytes()))),
        ),
        (
            "HS256 with the JWKS",
            Some(format!("Bearer {}", hmac(jwks.to_string().as_bytes()))),
        ),
        (
            "HS256 with the modulus",
            Some(format!("Bearer {}", hmac(&modulus))),
        ),
        ("expired", Some(format!("Bearer {expired}"))),
        ("wrong audience", Some(format!("Bearer {wrong_audience}"))),
        ("wrong issuer", Some(format!("Bearer {wrong_issuer}"))),
        (
            "tampered tid",
            Some(format!("Bearer {}", tampered.join("."))),
        ),
        (
            "signature stripped",
            Some(format!("Bearer {}", stripped.join("."))),
        ),
    ]
}

#[tokio::test]
async fn forged_and_invalid_tokens_are_401_everywhere() {
    let server = TestServer::start().await;
    for (what, authorization) in forged(&server) {
        for path in PATHS {
            for method in [reqwest::Method::GET, reqwest::Method::POST] {
                let mut request = server.http.request(method.clone(), server.url(path));
                if let Some(value) = &authorization {
                    request = request.header("authorization", value);
                }
                let (status, headers, body) = server.send(request, None).await;
                assert_eq!(status, 401, "{what}: {method} {path}: {body}");
                assert_graph_error(&body, "InvalidAuthenticationToken");
                assert!(
                    headers["www-authenticate"]
                        .to_str()
                        .unwrap()
                        .starts_with("Bearer"),
                    "{what}"
                );
            }
        }
    }
    // The genuine token passes where the forged ones did not.
    let (status, _, body) = server.get("/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 200, "{body}");
    server.stop().await;
}

#[tokio::test]
async fn a_genuine_token_for_an_unknown_tenant_is_403() {
    let server = TestServer::start().await;
    let stranger = "11111111-2222-4333-8444-555555555555";
    let token = server.admin_token(stranger);
    for path in [
        "/v1.0/auditLogs/directoryAudits",
        "/beta/auditLogs/signIns/x",
        "/admin/v1/tenant",
    ] {
        let (status, _, body) = server.get_as(Some(&token), path).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert_graph_error(&body, "Authorization_RequestDenied");
        assert_eq!(
            body["error"]["message"],
            format!("Tenant {stranger} is not provisioned in Vigil."),
            "{path}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn open_routes_and_the_published_issuer() {
    // Validated below against the wall clock, so the server mints with it too.
    let server = TestServer::start_opts(crate::harness::Options {
        clock: Arc::new(SystemClock),
        ..crate::harness::Options::default()
    })
    .await;
    let health = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let (status, _, discovery) = server.get_as(None, vigil_auth::DISCOVERY_PATH).await;
    assert_eq!(status, 200, "{discovery}");
    assert_eq!(discovery["issuer"], server.issuer.issuer());
    assert_eq!(
        server.issuer.issuer(),
        server.base,
        "the issuer is the listen URL"
    );
    assert_eq!(
        discovery["jwks_uri"],
        format!("{}{}", server.base, vigil_auth::JWKS_PATH)
    );
    let (status, _, jwks) = server.get_as(None, vigil_auth::JWKS_PATH).await;
    assert_eq!(status, 200);
    assert_eq!(jwks["keys"][0]["kid"], server.issuer.key_id());
    assert!(jwks["keys"][0].get("d").is_none(), "no private parts");
    // The issuer file names the same issuer, for `vigil token`.
    assert_eq!(
        vigil_server::read_issuer_file(server.data_dir()).unwrap(),
        server.issuer.issuer()
    );
    // An OIDC validator that knows only the issuer string accepts the server's tokens.
    let cache = JwksCache::discover(server.issuer.issuer()).unwrap();
    let validator = Validator::new(
        vec![TrustedIssuer::new(
            server.issuer.issuer(),
            KeySource::Jwks(Arc::new(cache)),
            Tenants::one(Uuid::parse_str(TENANT).unwrap()),
        )],
        Arc::new(SystemClock),
    );
    let principal = validator.validate(&server.token).await.unwrap();
    assert_eq!(
        principal.user_principal_name.as_deref(),
        Some("admin@contoso.com")
    );
    server.stop().await;
}
