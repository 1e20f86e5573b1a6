//! Vigil's event model: the four Microsoft Graph activity-log resources (`signIn`,
//! `directoryAudit`, `provisioningObjectSummary`, `customSecurityAttributeAudit`) as Rust
//! types that serialise to exactly Graph's JSON, plus what every other crate needs to know
//! about them: validation on the way in, the filterable-field catalogue, and rendering for
//! `/v1.0` or `/beta` on the way out.
//!
//! Principal types and functions:
//! - [`LogKind`], [`ApiVersion`]: which log, which service root.
//! - [`validate`]: raw JSON from a producer → [`ValidatedRecord`] (typed check, canonical
//!   beta-superset JSON, id and event time extracted) or a [`ValidationError`] naming the field.
//! - [`catalogue`]: filterable property paths and their types per kind and version.
//! - [`render`]: canonical JSON → what Graph serves on a version (`$select`, evolvable enums).
//! - [`clock`], [`datetime`]: time as a parameter; Graph's timestamp format.
//! - [`outcome`]: success / failure / interrupted per record, for charts and status filters.
//! - [`tape`]: one scan of a JSON text into tokens, to find members without a tree.
//!
//! This crate does no I/O and does not depend on tokio.

pub mod catalogue;
mod catalogue_tables;
pub mod clock;
pub mod datetime;
pub mod hash;
pub mod kind;
pub mod license;
pub mod outcome;
pub mod render;
pub mod tape;
pub mod types;
pub mod validate;
pub mod vigil_audit;

pub use kind::{ApiVersion, LogKind};
pub use license::{LicenseTier, ParseLicenseTierError};
pub use outcome::Outcome;
pub use render::{RenderOptions, properties, render, resolve_select};
pub use validate::{ValidatedRecord, ValidationError, validate, validate_json};
