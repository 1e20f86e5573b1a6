//! Integration tests of `vigil-export`: the reference's own samples, records from the demo
//! generator for every category, odd input. One binary for the crate; one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod batching;
mod blobs;
mod common;
mod demo_records;
mod odd_input;
mod reference_samples;
mod stored_bytes;
