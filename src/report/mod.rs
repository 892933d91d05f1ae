//! Writing and reading results. The scan produces [`Record`]s (the owned model in [`model`],
//! ending with the [`Summary`]); a [`Reporter`] writes them as human text ([`text`]) or JSON
//! Lines ([`jsonl`]), and [`jsonl::read`] reads a JSON Lines report back. The schema is
//! documented in docs/report-format.md.

pub mod jsonl;
pub mod model;
pub mod sanitize;
pub mod summary;
pub mod text;

use std::io;

pub use model::{
    ErrorRecord, Finding, ImageField, NoteRecord, PathField, Record, SCHEMA_VERSION, SkippedRecord,
};
pub use summary::{LevelCounts, OsInfo, ProcessCounts, ScannerInfo, SignatureInfo, Summary};

/// Writes records somewhere.
pub trait Reporter {
    fn write(&mut self, record: &Record) -> io::Result<()>;
}
