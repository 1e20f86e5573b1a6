//! The `vigil` binary: `serve`, `ingest`, `demo`, `bench`, and the admin commands `token`,
//! `tenant`, `ingest-key`, `retention` and `diagnostic-settings`.
//!
//! Argument parsing and process concerns (logging, exit codes, signals) live here; the work
//! is done by `vigil-server` and the crates below it.

mod bench;
mod bench_export;
mod bench_receipt;
mod bench_validation;
mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: ingest allocates many small JSON nodes on
/// several threads at once, where glibc's malloc spent a quarter of the CPU (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    init_logging();
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VIGIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
