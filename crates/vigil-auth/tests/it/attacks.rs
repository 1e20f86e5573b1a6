//! Token attacks and validity rules: each forged or out-of-date token is refused with the
//! right [`AuthError`], and the genuine control token passes.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use time::Duration;
use vigil_auth::{
    AuthError, DirectoryRole, KeySet, KeySource, Tenants, TrustedIssuer, UserToken, Validator,
    VigilIssuer,
};
use vigil_model::clock::FixedClock;

use crate::support::{
    ISSUER, OTHER_TENANT, TENANT, claims_at, clock, compact, issuer, issuer_named, private_key,
    sign_rsa, validator,
};

struct Fixture {
    clock: FixedClock,
    issuer: VigilIssuer,
    validator: Validator,
}

fn fixture() -> Fixture {
    let clock = clock();
    let issuer = issuer(&clock);
    let validator = validator(&issuer, Tenants::one(TENANT), &clock);
    Fixture {
        clock,
        issuer,
        validator,
    }
}

fn rs256(kid: &str) -> Header {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    header
}

async fn refused(f: &Fixture, token: &str) -> AuthError {
    f.validator.validate(token).await.unwrap_err()
}

#[tokio::test]
async fn the_control_token_passes() {
    let f = fixture();
    let token = sign_rsa("a", &rs256(f.issuer.key_id()), &claims_at(&f.clock));
    let principal = f.validator.validate(&token).await.unwrap();
    assert_eq!(principal.tenant_id, TENANT);
    assert_eq!(principal.issuer, ISSUER);
}

#[tokio::test]
async fn alg_none_is_refused() {
    let f = fixture();
    let claims = claims_at(&f.clock);
    for alg in ["none", "None", "NONE", ""] {
        let header = json!({"alg": alg, "typ": "JWT", "kid": f.issuer.key_id()});
        for signature in ["", "AAAA"] {
            let token = compact(&header, &claims, signature);
            assert_eq!(
                refused(&f, &token).await,
                AuthError::UnsupportedAlgorithm,
                "{alg}"
            );
        }
    }
    let no_alg = compact(&json!({"kid": f.issuer.key_id()}), &claims, "");
    assert_eq!(refused(&f, &no_alg).await, AuthError::UnsupportedAlgorithm);
}

#[tokio::test]
async fn hmac_signed_with_the_public_key_is_refused() {
    let f = fixture();
    let public = private_key("a").to_public_key();
    let jwk = f.issuer.jwks()["keys"][0].clone();
    let secrets: Vec<Vec<u8>> = vec![
        public
            .to_public_key_pem(LineEnding::LF)
            .unwrap()
            .into_bytes(),
        public.to_public_key_der().unwrap().as_bytes().to_vec(),
        public.to_pkcs1_der().unwrap().as_bytes().to_vec(),
        jwk.to_string().into_bytes(),
        URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap(),
    ];
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        for secret in &secrets {
            let mut header = Header::new(alg);
            header.kid = Some(f.issuer.key_id().to_owned());
            let token = jsonwebtoken::encode(
                &header,
                &claims_at(&f.clock),
                &EncodingKey::from_secret(secret),
            )
            .unwrap();
            assert_eq!(refused(&f, &token).await, AuthError::UnsupportedAlgorithm);
        }
    }
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    let f = fixture();
    // Key "b" signs, but the header names key "a": the signature does not verify.
    let _ = issuer_named("b", ISSUER, &f.clock);
    let forged = sign_rsa("b", &rs256(f.issuer.key_id()), &claims_at(&f.clock));
    assert_eq!(refused(&f, &forged).await, AuthError::InvalidSignature);
}

#[tokio::test]
async fn unknown_and_missing_kid_are_refused() {
    let f = fixture();
    let other = issuer_named("b", ISSUER, &f.clock);
    let token = sign_rsa("b", &rs256(other.key_id()), &claims_at(&f.clock));
    assert_eq!(refused(&f, &token).await, AuthError::UnknownKey);
    let no_kid = sign_rsa("a", &Header::new(Algorithm::RS256), &claims_at(&f.clock));
    assert_eq!(refused(&f, &no_kid).await, AuthError::MissingKeyId);
}

#[tokio::test]
async fn expiry_and_not_before_honour_the_leeway() {
    let f = fixture();
    let token = f
        .issuer
        .issue(&UserToken::new(TENANT, "adele@contoso.com").into())
        .unwrap();
    // Lifetime 1 h, leeway 120 s.
    f.clock.advance(Duration::seconds(3600 + 120));
    assert!(f.validator.validate(&token).await.is_ok(), "within leeway");
    f.clock.advance(Duration::seconds(1));
    assert_eq!(refused(&f, &token).await, AuthError::Expired);
    assert_eq!(
        AuthError::Expired.to_string(),
        "Access token has expired or is not yet valid."
    );

    let early = fixture();
    let token = early
        .issuer
        .issue(&UserToken::new(TENANT, "adele@contoso.com").into())
        .unwrap();
    early.clock.advance(Duration::seconds(-120));
    assert!(
        early.validator.validate(&token).await.is_ok(),
        "skew within leeway"
    );
    early.clock.advance(Duration::seconds(-1));
    assert_eq!(refused(&early, &token).await, AuthError::NotYetValid);
}

#[tokio::test]
async fn time_claims_must_be_present_and_numeric() {
    let f = fixture();
    let kid = f.issuer.key_id().to_owned();
    let mut claims = claims_at(&f.clock);
    claims.as_object_mut().unwrap().remove("exp");
    assert_eq!(
        refused(&f, &sign_rsa("a", &rs256(&kid), &claims)).await,
        AuthError::MissingClaim("exp")
    );
    claims["exp"] = json!("tomorrow");
    assert_eq!(
        refused(&f, &sign_rsa("a", &rs256(&kid), &claims)).await,
        AuthError::InvalidClaim("exp")
    );
    claims["exp"] = json!(f64::from(i32::MAX) + 0.5);
    claims["nbf"] = json!(1.0e300);
    assert_eq!(
        refused(&f, &sign_rsa("a", &rs256(&kid), &claims)).await,
        AuthError::InvalidClaim("nbf")
    );
}

#[tokio::test]
async fn wrong_audience_is_refused() {
    let f = fixture();
    let request = UserToken {
        audience: "api://someone-else".to_owned(),
        ..UserToken::new(TENANT, "adele@contoso.com")
    };
    let token = f.issuer.issue(&request.into()).unwrap();
    assert_eq!(refused(&f, &token).await, AuthError::InvalidAudience);
    assert_eq!(
        AuthError::InvalidAudience.to_string(),
        "Access token validation failure. Invalid audience."
    );
    let mut claims = claims_at(&f.clock);
    claims.as_object_mut().unwrap().remove("aud");
    let token = sign_rsa("a", &rs256(f.issuer.key_id()), &claims);
    assert_eq!(refused(&f, &token).await, AuthError::InvalidAudience);
    // Graph's v2 audience and Vigil's own are accepted.
    for audience in ["00000003-0000-0000-c000-000000000000", "api://vigil"] {
        let request = UserToken {
            audience: audience.to_owned(),
            ..UserToken::new(TENANT, "a@b.c")
        };
        let token = f.issuer.issue(&request.into()).unwrap();
        assert!(f.validator.validate(&token).await.is_ok(), "{audience}");
    }
}

#[tokio::test]
async fn wrong_issuer_is_refused() {
    let f = fixture();
    // Same key, different `iss`: no trusted issuer has that name.
    let impostor = issuer_named("a", "https://login.example.com/tenant/v2.0", &f.clock);
    let token = impostor
        .issue(&UserToken::new(TENANT, "adele@contoso.com").into())
        .unwrap();
    assert_eq!(refused(&f, &token).await, AuthError::InvalidIssuer);
    let mut claims = claims_at(&f.clock);
    claims["iss"] = json!([ISSUER]);
    let token = sign_rsa("a", &rs256(f.issuer.key_id()), &claims);
    assert_eq!(refused(&f, &token).await, AuthError::InvalidIssuer);
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let f = fixture();
    let token = f
        .issuer
        .issue(&UserToken::new(TENANT, "adele@contoso.com").into())
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["wids"] = json!([DirectoryRole::GlobalAdministrator.template_id().to_string()]);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    assert_eq!(refused(&f, &tampered).await, AuthError::InvalidSignature);
    // Relabelling the header with another RSA algorithm: the key is declared for RS256 only.
    let header = json!({"alg": "RS512", "typ": "JWT", "kid": f.issuer.key_id()});
    let resigned = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        parts[1],
        parts[2]
    );
    assert_eq!(refused(&f, &resigned).await, AuthError::AlgorithmMismatch);
}

#[tokio::test]
async fn tenant_must_be_one_the_issuer_speaks_for() {
    let f = fixture();
    let token = f
        .issuer
        .issue(&UserToken::new(OTHER_TENANT, "eve@fabrikam.com").into())
        .unwrap();
    assert_eq!(refused(&f, &token).await, AuthError::TenantNotAllowed);
    let open = validator(&f.issuer, Tenants::Any, &f.clock);
    assert_eq!(open.validate(&token).await.unwrap().tenant_id, OTHER_TENANT);
    let mut claims = claims_at(&f.clock);
    claims["tid"] = json!("contoso");
    let token = sign_rsa("a", &rs256(f.issuer.key_id()), &claims);
    assert_eq!(refused(&f, &token).await, AuthError::InvalidClaim("tid"));
}

#[tokio::test]
async fn crit_headers_and_algorithm_key_mismatches_are_refused() {
    let f = fixture();
    let claims = claims_at(&f.clock);
    let crit = json!({"alg": "RS256", "kid": f.issuer.key_id(), "crit": ["exp"]});
    assert_eq!(
        refused(&f, &compact(&crit, &claims, "AAAA")).await,
        AuthError::Malformed
    );
    // The JWKS declares RS256, so a PS256 signature by the same key is not accepted.
    let mut ps = Header::new(Algorithm::PS256);
    ps.kid = Some(f.issuer.key_id().to_owned());
    assert_eq!(
        refused(&f, &sign_rsa("a", &ps, &claims)).await,
        AuthError::AlgorithmMismatch
    );
    for alg in ["ES256", "ES384", "EdDSA", "RS1", "rs256"] {
        let header = json!({"alg": alg, "kid": f.issuer.key_id()});
        let expected = if alg == "ES256" {
            AuthError::AlgorithmMismatch
        } else {
            AuthError::UnsupportedAlgorithm
        };
        assert_eq!(
            refused(&f, &compact(&header, &claims, "AAAA")).await,
            expected,
            "{alg}"
        );
    }
}

#[tokio::test]
async fn es256_keys_verify_es256_tokens_only() {
    use p256::ecdsa::SigningKey;
    use p256::pkcs8::EncodePrivateKey;

    let clock = clock();
    let signing = SigningKey::from_slice(&[0x42; 32]).unwrap();
    let point = signing.verifying_key().to_encoded_point(false);
    let jwks = json!({"keys": [{
        "kty": "EC", "crv": "P-256", "kid": "ec-1", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
        "y": URL_SAFE_NO_PAD.encode(point.y().unwrap()),
    }]});
    let keys = KeySet::from_jwks(jwks.to_string().as_bytes()).unwrap();
    let validator = Validator::new(
        vec![TrustedIssuer::new(
            ISSUER,
            KeySource::Static(keys),
            Tenants::Any,
        )],
        Arc::new(clock.clone()),
    );
    let der = signing.to_pkcs8_der().unwrap();
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("ec-1".to_owned());
    let token = jsonwebtoken::encode(
        &header,
        &claims_at(&clock),
        &EncodingKey::from_ec_der(der.as_bytes()),
    )
    .unwrap();
    assert!(validator.validate(&token).await.is_ok());
    let as_rsa = compact(
        &json!({"alg": "RS256", "kid": "ec-1"}),
        &claims_at(&clock),
        "AAAA",
    );
    assert_eq!(
        validator.validate(&as_rsa).await.unwrap_err(),
        AuthError::AlgorithmMismatch
    );
}

#[tokio::test]
async fn malformed_tokens_and_headers() {
    let f = fixture();
    for token in [
        "a", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.", "W10.e30.", "e30.W10.",
    ] {
        let error = refused(&f, token).await;
        assert!(
            matches!(
                error,
                AuthError::Malformed | AuthError::UnsupportedAlgorithm
            ),
            "{token}: {error:?}"
        );
    }
    assert_eq!(refused(&f, "").await, AuthError::MissingToken);
    assert_eq!(refused(&f, &"a".repeat(20_000)).await, AuthError::Malformed);
    assert_eq!(AuthError::CODE, "InvalidAuthenticationToken");
    assert_eq!(AuthError::STATUS, 401);
}
