//! Vigil's records as Azure Monitor diagnostic settings emit them, so that tools reading
//! Entra ID logs from an Event Hub (or its Kafka endpoint) or a storage account work against
//! Vigil unchanged. The reference is `azure-monitor-formats.md` §1.2 (categories), §2 (the
//! Event Hub format) and §3 (the archive layout).
//!
//! - [`Category`]: the log categories, their wire names, default hubs and containers, and
//!   which category a stored Graph record belongs to ([`Category::of`]).
//!
//! This crate does no I/O and does not depend on tokio: it turns values into values and
//! bytes; streaming and archiving live elsewhere.

mod category;

pub use category::{Category, ParseCategoryError};
