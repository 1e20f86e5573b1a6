//! Integration tests: a real `vigil` server on a free 127.0.0.1 port, driven over HTTP.
//! One binary for the crate (fast to link); one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod errors;
mod examples;
mod harness;
mod ingest;
mod paging;
mod reads;
