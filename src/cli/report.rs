//! `needle report merge`: many hosts' JSON Lines reports into one fleet view.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use super::ExitCode;
use super::output::{self, Format};
use crate::evidence::Verdict;
use crate::report::fleet;
use crate::report::{Record, jsonl};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Merge JSON Lines reports of many hosts: hosts by verdict, every host's findings, the same
    /// file (SHA-256) on several hosts, reports cut short, interrupted or with errors, and the
    /// needle and signature versions that wrote them.
    ///
    /// Exit codes: 0 every host clean, 1 a host is suspicious or compromised, 2 error (also when
    /// a report has no verdict and no other host has indicators).
    Merge(MergeArgs),
}

#[derive(Args)]
pub struct MergeArgs {
    /// JSON Lines reports (`needle scan --format jsonl`), one or more per host.
    #[arg(required = true, value_name = "REPORT")]
    reports: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the merged report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(command: ReportCommand) -> Result<ExitCode> {
    match command {
        ReportCommand::Merge(args) => merge(args),
    }
}

fn merge(args: MergeArgs) -> Result<ExitCode> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let report = jsonl::read(BufReader::new(file))
            .with_context(|| format!("reading {}", path.display()))?;
        for problem in &report.problems {
            eprintln!("needle: warning: {}: {problem}", path.display());
        }
        reports.push((path.display().to_string(), report));
    }
    let (fleet, findings) = fleet::merge(reports);
    let (out, colour) = output::open(args.output.as_deref())?;
    let mut reporter = output::reporter(args.format, out, colour, false);
    for finding in findings {
        reporter.write(&Record::HostFinding(Box::new(finding)))?;
    }
    let worst = fleet.worst();
    let unknown = fleet.hosts.iter().any(|h| h.verdict.is_none());
    reporter.write(&Record::Fleet(Box::new(fleet)))?;
    reporter.finish()?;
    Ok(match worst {
        Some(Verdict::Compromised | Verdict::Suspicious) => ExitCode::IndicatorsFound,
        _ if unknown => ExitCode::Error,
        _ => ExitCode::Clean,
    })
}
