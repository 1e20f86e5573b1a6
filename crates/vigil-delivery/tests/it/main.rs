//! Integration tests of vigil-delivery: the archive sinks against a local directory and,
//! through `scripts/services.sh`, a real Azurite and an S3 server (moto), read back with the
//! official Python clients (`tests/services/archive_read.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod azure_blob;
mod local_directory;
mod s3;
mod support;
mod throughput;
