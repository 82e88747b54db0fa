use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = clauselint::cli::Cli::parse();
    clauselint::commands::run(cli.command)
}
