//! `needle inspect`: what needle knows of files, without judging them — the same sources,
//! expansion and analysis as a scan, with no signatures and every object reported.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, ValueEnum};
use globset::GlobSet;
use indicatif::ProgressBar;
use serde_json::Value;

use super::ExitCode;
use super::scan::{parse_size, root_path};
use crate::analysis::AnalyzerConfig;
use crate::report::text::Text;
use crate::report::{Record, Reporter, Summary};
use crate::scan::{self, ExpandOptions, ScanOptions, Target};
use crate::signatures::{self, SignatureOptions};
use crate::source::tree::WalkOptions;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InspectFormat {
    /// Each object with its facts, for people.
    Text,
    /// One JSON array of records: `object` (docs/report-format.md), `autostart`, `error`...
    Json,
}

#[derive(Args)]
pub struct InspectArgs {
    /// Files (or directories) to inspect. Disk images are inspected as files; `needle image ls`
    /// shows their layers.
    #[arg(required = true)]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
    format: InspectFormat,

    /// Open archives, compressed files and documents nested this deep (0: open none).
    #[arg(long, value_name = "N", default_value_t = 5)]
    archive_depth: u32,

    /// Files larger than this are hashed, not read whole for their facts (suffixes K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_size: u64,
}

pub fn run(args: InspectArgs) -> Result<ExitCode> {
    let signatures = signatures::load(&SignatureOptions {
        embedded: false,
        rule_paths: Vec::new(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: false,
        rule_cache: None,
    })?;
    let roots = args
        .paths
        .iter()
        .map(|path| root_path(path))
        .collect::<Result<Vec<_>>>()?;
    let options = ScanOptions {
        walk: WalkOptions {
            cross_fs: true,
            excludes: GlobSet::empty(),
            own_files: Vec::new(),
        },
        analyzer: AnalyzerConfig {
            max_size: args.max_size,
            timeout: Duration::from_secs(60),
            complete_all: true,
        },
        // One worker: objects come out in the order the walk finds them.
        threads: 1,
        cache: None,
        cpu_limit: None,
        autostarts_only: false,
        expand: ExpandOptions {
            max_depth: args.archive_depth,
            ..ExpandOptions::default()
        },
        host_name: None,
        deadline: None,
        inventory: true,
    };
    let stdout = io::stdout();
    let mut reporter = Inspection {
        text: (args.format == InspectFormat::Text).then(|| Text::new(stdout.lock(), false, true)),
        records: Vec::new(),
    };
    let summary = scan::run(
        &signatures,
        &options,
        Target::Live {
            roots,
            processes: false,
        },
        &mut reporter,
        &ProgressBar::hidden(),
        &AtomicBool::new(false),
    )?;
    if reporter.text.is_none() {
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, &reporter.records)?;
        writeln!(out)?;
    }
    Ok(if summary.files_scanned == 0 && summary.errors > 0 {
        ExitCode::Error
    } else {
        ExitCode::Clean
    })
}

/// The records of an inspection: written as text as they come, or kept for one JSON array; the
/// summary (which has no verdict to give here) becomes a count.
struct Inspection<W: Write> {
    text: Option<Text<W>>,
    records: Vec<Value>,
}

impl<W: Write> Reporter for Inspection<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        match (&mut self.text, record) {
            (Some(text), Record::Summary(summary)) => text_footer(text, summary),
            (Some(text), record) => text.write(record),
            (None, Record::Summary(_)) => Ok(()),
            (None, record) => {
                self.records.push(serde_json::to_value(record)?);
                Ok(())
            }
        }
    }
}

fn text_footer<W: Write>(text: &mut Text<W>, summary: &Summary) -> io::Result<()> {
    text.line(&format!(
        "\ninspected {} files and {} members of archives and documents; {} errors",
        summary.files_scanned, summary.members_scanned, summary.errors
    ))
}
