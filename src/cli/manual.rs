//! `needle --version`, `needle completions` and `needle man`: what packagers and shells need.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::Shell;

use super::ExitCode;
use crate::signatures;

#[derive(Args)]
pub struct CompletionArgs {
    /// bash, zsh, fish, elvish or powershell.
    shell: Shell,
}

#[derive(Args)]
pub struct ManArgs {
    /// Write needle.1 and one page per command (needle-scan.1, needle-report-merge.1...) into
    /// DIR instead of printing needle.1.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

/// `0.1.0 (YARA-X 1.22.1, built-in signatures sha256:...)`: which pack a report's verdict came
/// from is as much a part of the version as the code.
pub fn version() -> String {
    let digest = signatures::embedded_digest().unwrap_or_else(|e| format!("unreadable ({e})"));
    format!(
        "{} (YARA-X {}, built-in signatures {digest})",
        env!("CARGO_PKG_VERSION"),
        env!("NEEDLE_YARA_X_VERSION")
    )
}

pub fn completions(args: CompletionArgs, mut command: clap::Command) -> Result<ExitCode> {
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut io::stdout());
    Ok(ExitCode::Clean)
}

pub fn man(args: ManArgs, command: clap::Command) -> Result<ExitCode> {
    match args.output_dir {
        None => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            write_pages(&dir, command.clone(), command.get_name())?;
        }
    }
    Ok(ExitCode::Clean)
}

/// One page for `command` (`name.1`), then one for each of its subcommands, recursively.
fn write_pages(dir: &std::path::Path, command: clap::Command, name: &str) -> Result<()> {
    let command = command.name(name.to_string());
    let path = dir.join(format!("{name}.1"));
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        write_pages(dir, sub.clone(), &format!("{name}-{}", sub.get_name()))?;
    }
    Ok(())
}
