//! Writing and reading results. The scan produces [`Record`]s (the owned model in [`model`],
//! ending with the [`Summary`]); a [`Reporter`] writes them as human text ([`text`]), JSON
//! Lines ([`jsonl`]), CSV ([`csv`]), one HTML page ([`html`]) or syslog messages ([`syslog`]).
//! [`jsonl::read`] reads a JSON Lines report back, and [`fleet::merge`] merges many hosts'
//! reports into one fleet view. The schema is documented in docs/report-format.md.

pub mod csv;
pub mod fleet;
pub mod html;
pub mod jsonl;
pub mod model;
pub mod sanitize;
pub mod summary;
pub mod syslog;
pub mod text;

use std::io;

pub use model::{
    ErrorRecord, Finding, ImageField, NoteRecord, PathField, Record, SCHEMA_VERSION, SkippedRecord,
};
pub use summary::{LevelCounts, OsInfo, ProcessCounts, ScannerInfo, SignatureInfo, Summary};

/// Writes records somewhere.
pub trait Reporter {
    fn write(&mut self, record: &Record) -> io::Result<()>;

    /// After the last record: writers that need the whole report (an HTML page) write it now.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A byte count for people: `512 B`, `1.5 KiB`, `64.0 MiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
