//! What each subcommand does: one file per command family under `commands/`.
//!
//! Commands return `anyhow` errors with a message meant for people; `main` prints them as
//! `error: …` and exits with status 1. Flag errors are clap's (status 2).

mod audit;
mod control;
mod data;
mod diagnostic_settings;
mod ingest_key;
mod output;
mod retention;
mod serve;
mod status;
mod tenant;
mod token;

use crate::cli::{Args, Command};

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Serve(serve_args) => serve::serve(serve_args),
        Command::Ingest(ingest_args) => data::ingest(ingest_args),
        Command::Demo(demo_args) => data::demo(demo_args),
        Command::Bench(bench_args) => crate::bench::run(bench_args),
        Command::BenchExport(bench_args) => crate::bench_export::run(bench_args),
        Command::Token(token_args) => token::run(&token_args),
        Command::Tenant(tenant_args) => tenant::run(tenant_args.command),
        Command::IngestKey(key_args) => ingest_key::run(key_args.command),
        Command::Retention(retention_args) => retention::run(retention_args.command),
        Command::DiagnosticSettings(settings_args) => {
            diagnostic_settings::run(settings_args.command)
        }
        Command::Status(status_args) => status::run(&status_args),
    }
}
