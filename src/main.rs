//! The `arealbank` command: parse flags, start logging, run one subcommand (`cli`).

use std::process::ExitCode;

use clap::Parser;

use arealbank::config::Cli;
use arealbank::{cli, telemetry};

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
