use std::process::ExitCode;

use clap::Parser;

// Compiling the rules makes tens of thousands of small allocations, which
// glibc's allocator serves slowly; ruff makes the same choice.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = clauselint::cli::Cli::parse();
    clauselint::commands::run(cli.command)
}
