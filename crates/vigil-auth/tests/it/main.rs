//! Integration tests of `vigil-auth`: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod attacks;
mod garbage;
mod issuer;
mod matrix;
mod rotation;
mod support;
