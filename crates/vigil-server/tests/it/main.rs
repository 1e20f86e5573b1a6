//! Integration tests: a real `vigil` server on a free 127.0.0.1 port, driven over HTTP.
//! One binary for the crate (fast to link); one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod admin_api;
mod admin_tenants;
mod authz_matrix;
mod demo;
mod diagnostic_settings;
mod download;
mod download_access;
mod errors;
mod examples;
mod export;
mod feed;
mod feed_access;
mod feed_live;
mod harness;
mod ingest;
mod ingest_keys;
mod insights;
mod insights_access;
mod isolation;
mod jwt_attacks;
mod metrics;
mod my_sign_ins;
mod own_sign_ins;
mod paging;
mod read_audit;
mod reads;
mod retention;
mod throttling;
