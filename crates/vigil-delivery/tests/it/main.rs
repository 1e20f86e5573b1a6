//! Integration tests of `vigil-delivery` against real services (started by
//! `scripts/services.sh`): one binary, one module per destination kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod demo;
mod kafka;
