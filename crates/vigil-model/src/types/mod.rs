//! Typed Graph resources: the four activity-log entities as serde structs that read what
//! producers send (leniently where Microsoft's own examples are sloppy) and write exactly
//! Graph's JSON (every known property present, `null` when absent, unknown producer
//! properties preserved).
//!
//! - [`SignIn`] ([`sign_in`], nested types in [`sign_in_details`] and [`sign_in_beta`]),
//! - [`DirectoryAudit`] and [`CustomSecurityAttributeAudit`] ([`directory_audit`],
//!   [`audit_common`]),
//! - [`ProvisioningObjectSummary`] ([`provisioning`]),
//! - enums ([`enums`]), timestamps ([`Timestamp`]), shared small types ([`common`]).

pub mod audit_common;
pub mod common;
pub mod directory_audit;
pub(crate) mod enum_macro;
pub mod enums;
pub mod provisioning;
pub mod sign_in;
pub mod sign_in_beta;
pub mod sign_in_details;
pub mod timestamp;

pub use directory_audit::{CustomSecurityAttributeAudit, DirectoryAudit};
pub use provisioning::ProvisioningObjectSummary;
pub use sign_in::SignIn;
pub use timestamp::Timestamp;
