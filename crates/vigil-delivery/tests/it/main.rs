//! Integration tests of `vigil-delivery` against real services (started by
//! `scripts/services.sh`): the Kafka sink against tansu read back by kafka-python, the
//! archive sinks against a local directory, a real Azurite and an S3 server (moto), read
//! back with the official Python clients (`tests/services/archive_read.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

mod azure_blob;
mod demo;
mod kafka;
mod local_directory;
mod s3;
mod support;
mod throughput;
