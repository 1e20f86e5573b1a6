//! Bearer tokens and access control for Vigil's Graph-compatible API.
//!
//! Every `/v1.0` and `/beta` request carries `Authorization: Bearer <JWT>`. This crate turns
//! that header into a decision, in two steps the HTTP layer chains:
//!
//! 1. **Authentication** — [`bearer_token`] then [`Validator::validate`]: signature, `alg`,
//!    `kid`, `iss`, `aud`, `exp`/`nbf` (against a [`vigil_model::clock::Clock`], with 120 s
//!    leeway) and tenant binding; the result is a [`Principal`] (tenant, object id, UPN, app
//!    id, delegated scopes or application roles, directory roles). Failures are
//!    [`AuthError`]s: 401 `InvalidAuthenticationToken`, with the `Display` text as message.
//! 2. **Authorisation** — [`authorize`]`(&principal, log, license)`: the rules of [`RULES`]
//!    give [`Decision::Allow`] with an [`AccessScope`] (everything, or only the caller's own
//!    sign-ins) or [`Decision::Deny`] with the Graph 403 code and message.
//!
//! Trusted issuers ([`TrustedIssuer`]) are Vigil's own ([`VigilIssuer`]: an RSA key kept in
//! the data directory, JWKS and discovery documents, and minting for `vigil token`) and any
//! OIDC provider such as an Entra tenant, whose keys are fetched and rotated by
//! [`JwksCache`]. The catalogues of Entra roles ([`DirectoryRole`]) and Graph permissions
//! ([`Permission`]) name what tokens carry.
//!
//! The HTTP layer must still check that the principal's tenant is the tenant being read
//! (`principal.tenant_id`), and apply [`AccessScope::OwnSignIns`] as a filter on `userId`.

mod error;
mod issuer;
mod jwks_cache;
mod keyfile;
mod keys;
mod permissions;
mod policy;
mod principal;
mod roles;
mod token_request;
mod validate;

pub use error::{AuthError, IssuerError, JwksError, KeySetError};
pub use issuer::{
    DEFAULT_TOKEN_LIFETIME, DISCOVERY_PATH, JWKS_PATH, KEY_FILE_NAME, VIGIL_AUDIENCE, VigilIssuer,
};
pub use jwks_cache::JwksCache;
pub use keys::{ACCEPTED_ALGORITHMS, KeySet};
pub use permissions::{ParsePermissionError, Permission};
pub use policy::{
    AccessScope, Decision, Denial, DenialCode, LogRule, MSG_APP_MISSING_AUDIT_PERMISSION,
    MSG_APP_MISSING_CSA_PERMISSION, MSG_INSUFFICIENT_PRIVILEGES, MSG_NON_PREMIUM_TENANT,
    MSG_USER_NOT_IN_ROLES, RULES, authorize, rule,
};
pub use principal::{Access, Principal};
pub use roles::{DirectoryRole, ParseRoleError, VIGIL_PROVISIONING_LOGS_READER_ID};
pub use token_request::{AppToken, TokenRequest, UserToken, VIGIL_CLI_APP_ID};
pub use validate::{
    DEFAULT_LEEWAY, GRAPH_AUDIENCES, KeySource, Tenants, TrustedIssuer, Validator, bearer_token,
};
pub use vigil_model::{LicenseTier, ParseLicenseTierError};
