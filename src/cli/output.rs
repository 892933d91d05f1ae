//! Where a report goes and in which format: shared by `needle scan` and `needle report merge`.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::report::Reporter;
use crate::report::csv::Csv;
use crate::report::html::Html;
use crate::report::jsonl::JsonLines;
use crate::report::text::Text;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable findings and summary.
    Text,
    /// One JSON object per line (docs/report-format.md).
    Jsonl,
    /// One self-contained HTML page (no network, printable), written when the scan ends.
    Html,
    /// One row per finding (RFC 4180; columns in docs/report-format.md).
    Csv,
}

/// Standard output, or the file `--output` names (created, or truncated).
pub fn open(path: Option<&Path>) -> Result<(Box<dyn Write>, bool)> {
    match path {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("creating {}", path.display()))?;
            Ok((Box::new(BufWriter::new(file)), false))
        }
        None => {
            let stdout = io::stdout();
            let colour =
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            Ok((Box::new(stdout.lock()), colour))
        }
    }
}

/// The writer of `format` over `out`.
pub fn reporter<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    colour: bool,
    verbose: bool,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Text => Box::new(Text::new(out, colour, verbose)),
        Format::Jsonl => Box::new(JsonLines::new(out)),
        Format::Html => Box::new(Html::new(out)),
        Format::Csv => Box::new(Csv::new(out)),
    }
}
