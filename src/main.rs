//! The `arealbank` command: parse flags, start logging, run one subcommand (`cli`).

use std::process::ExitCode;

use clap::Parser;

use arealbank::config::Cli;
use arealbank::{cli, telemetry};

/// A request allocates and frees many small buffers on two threads; glibc's allocator spent
/// a quarter of the server's time on it (`/ogc/conformance` under wrk, perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("arealbank: {e:#}");
            ExitCode::FAILURE
        }
    }
}
