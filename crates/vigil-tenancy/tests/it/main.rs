//! Integration tests of `vigil-tenancy`: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod common;
mod delivery_cursors;
mod diagnostic_settings;
mod ingest_keys;
mod purge;
mod read_audit;
mod reopen;
mod tenants;
mod throttle;
