//! The command line: clap definitions and one module per command.

mod exit_codes;
mod image;
mod inspect;
mod iocs;
mod manual;
mod output;
mod problems;
mod report;
mod rules;
mod scan;

use std::io;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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
    Scan(Box<scan::ScanArgs>),
    /// Check and list YARA-X rules (the built-in pack, or the given files and directories).
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Check IOC files.
    #[command(subcommand)]
    Iocs(iocs::IocsCommand),
    /// Inspect disk images.
    #[command(subcommand)]
    Image(image::ImageCommand),
    /// What needle knows of files, unscored: type, hashes, PE/ELF/Mach-O facts, the members of
    /// archives and documents, the autostart entries a file defines.
    Inspect(inspect::InspectArgs),
    /// Work with reports: merge many hosts' reports into one fleet view.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Print a shell completion script (e.g. `needle completions bash >
    /// /etc/bash_completion.d/needle`).
    Completions(manual::CompletionArgs),
    /// Print the manual page (roff), or write one page per command into a directory.
    Man(manual::ManArgs),
}

/// The command line, its version naming the built-in signature pack.
fn command() -> clap::Command {
    Cli::command().version(manual::version())
}

/// Entry point of the `needle` binary.
pub fn main() -> std::process::ExitCode {
    crate::panics::quiet_caught_panics();
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(*args),
        Command::Rules(command) => rules::run(command),
        Command::Iocs(command) => iocs::run(command),
        Command::Image(command) => image::run(command),
        Command::Inspect(args) => inspect::run(args),
        Command::Report(command) => report::run(command),
        Command::Completions(args) => manual::completions(args, command()),
        Command::Man(args) => manual::man(args, command()),
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
