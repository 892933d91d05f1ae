//! The command line: clap definitions and one module per command.

mod exit_codes;
mod image;
mod iocs;
mod problems;
mod rules;
mod scan;

use std::io;

use clap::{Parser, Subcommand};

pub use exit_codes::ExitCode;

#[derive(Parser)]
#[command(
    name = "needle",
    version,
    about = "Scans a host for backdoor indicators (YARA-X rules, hash, filename and C2 IOCs) and says whether it is compromised."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sweep files and directories; print findings and the host's verdict.
    ///
    /// Exit codes: 0 clean, 1 indicators found (suspicious or compromised), 2 error, 130
    /// interrupted.
    Scan(scan::ScanArgs),
    /// Check and list YARA-X rules (the built-in pack, or the given files and directories).
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Check IOC files.
    #[command(subcommand)]
    Iocs(iocs::IocsCommand),
    /// Inspect disk images.
    #[command(subcommand)]
    Image(image::ImageCommand),
}

/// Entry point of the `needle` binary.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Rules(command) => rules::run(command),
        Command::Iocs(command) => iocs::run(command),
        Command::Image(command) => image::run(command),
    };
    match result {
        Ok(code) => code.into(),
        Err(error) => {
            let broken_pipe = error
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
            if !broken_pipe {
                eprintln!("needle: error: {error:#}");
            }
            ExitCode::Error.into()
        }
    }
}
