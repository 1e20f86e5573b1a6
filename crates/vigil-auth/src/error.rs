//! Errors of this crate. Messages never contain key material or token contents: an
//! [`AuthError`]'s `Display` is safe to send to the client as the Graph error message.

use std::path::PathBuf;

/// Why a bearer token was refused. Every variant is answered with HTTP 401 and the Graph
/// code `InvalidAuthenticationToken` ([`AuthError::CODE`]); the `Display` text is the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `Authorization` header, or an empty token.
    #[error("Access token is empty.")]
    MissingToken,
    /// An `Authorization` header with a scheme other than `Bearer`.
    #[error(
        "Access token validation failure. The Authorization header must use the Bearer scheme."
    )]
    NotBearer,
    /// Not three base64url parts with a JSON header and payload.
    #[error("CompactToken parsing failed with error code: 80049217")]
    Malformed,
    /// `alg` is `none`, symmetric (`HS*`) or otherwise not accepted.
    #[error("Access token validation failure. Unsupported signing algorithm.")]
    UnsupportedAlgorithm,
    /// `iss` names no trusted issuer, or is missing.
    #[error("Access token validation failure. Invalid issuer.")]
    InvalidIssuer,
    /// `aud` is missing or names none of the issuer's accepted audiences.
    #[error("Access token validation failure. Invalid audience.")]
    InvalidAudience,
    /// The header has no `kid`.
    #[error("Access token validation failure. The token header has no key id.")]
    MissingKeyId,
    /// The issuer has no key with the token's `kid`, even after refreshing its key set.
    #[error("Access token validation failure. Signing key not found.")]
    UnknownKey,
    /// The `alg` does not fit the key (an RSA algorithm on an EC key, or one the key is not
    /// declared for).
    #[error("Access token validation failure. The signing algorithm does not match the key.")]
    AlgorithmMismatch,
    /// The signature does not verify.
    #[error("Access token validation failure. Invalid signature.")]
    InvalidSignature,
    /// `exp` is more than the leeway in the past.
    #[error("Access token has expired or is not yet valid.")]
    Expired,
    /// `nbf` is more than the leeway in the future.
    #[error("Access token has expired or is not yet valid.")]
    NotYetValid,
    /// A required claim is absent.
    #[error("Access token validation failure. Missing claim '{0}'.")]
    MissingClaim(&'static str),
    /// A claim has the wrong type or form (e.g. `tid` is not a GUID).
    #[error("Access token validation failure. Invalid claim '{0}'.")]
    InvalidClaim(&'static str),
    /// The token's `tid` is not one the issuer may speak for.
    #[error("Access token validation failure. The issuer is not trusted for the token's tenant.")]
    TenantNotAllowed,
    /// The issuer's keys could not be fetched and none are cached (details are logged).
    #[error("Access token validation failure. The issuer's signing keys are unavailable.")]
    KeysUnavailable,
}

impl AuthError {
    /// The Graph error code for every authentication failure.
    pub const CODE: &'static str = "InvalidAuthenticationToken";

    /// The HTTP status for every authentication failure.
    pub const STATUS: u16 = 401;
}

/// Failures of Vigil's own token issuer.
#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    /// The key directory or key file could not be read or written.
    #[error("signing key file {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The key file may be read by other users; refused rather than trusted.
    #[error(
        "signing key file {path} has mode {mode:o}; it must be readable by its owner only (chmod 600)"
    )]
    KeyFilePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The key file does not hold an RSA private key in PKCS#8 PEM, or generation failed.
    #[error("signing key {path}: {reason}")]
    Key {
        /// The key file.
        path: PathBuf,
        /// What is wrong (never the key itself).
        reason: String,
    },
    /// Signing a token failed.
    #[error("token signing failed: {0}")]
    Sign(String),
}

/// A JWKS document that cannot be used at all (individual unusable keys are skipped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JWKS document: {0}")]
pub struct KeySetError(pub String);

/// Why an external issuer's discovery document or JWKS could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    /// Only `https`, or `http` to a loopback address, is accepted.
    #[error("{0} is neither https nor a loopback http address")]
    InsecureUrl(String),
    /// Not a URL.
    #[error("invalid URL {0:?}")]
    InvalidUrl(String),
    /// The HTTP client could not be built or the request failed.
    #[error("request to {url} failed: {source}")]
    Http {
        /// What was fetched.
        url: String,
        /// The failure.
        source: reqwest::Error,
    },
    /// A non-success status.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// What was fetched.
        url: String,
        /// The status code.
        status: u16,
    },
    /// A body over the size limit.
    #[error("{0} answered more than the 1 MiB limit")]
    TooLarge(String),
    /// The discovery document is not JSON, lacks `jwks_uri`, or names another issuer.
    #[error("discovery document at {url}: {reason}")]
    Discovery {
        /// What was fetched.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The JWKS is unusable.
    #[error("JWKS at {url}: {source}")]
    KeySet {
        /// What was fetched.
        url: String,
        /// What is wrong.
        source: KeySetError,
    },
}
