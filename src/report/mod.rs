//! Writing results. The scan produces [`Record`]s; a [`Reporter`] writes them as human text
//! ([`text`]) or JSON Lines ([`jsonl`]). The schema is documented in docs/report-format.md.

pub mod jsonl;
pub mod sanitize;
pub mod summary;
pub mod text;

use std::io;
use std::path::Path;

use base64::Engine;
use serde::Serialize;

use crate::analysis::FileReport;
use crate::analysis::binary::BinaryInfo;
use crate::analysis::filetype::FileType;
use crate::scoring::{Level, Reason};
use crate::source::image::ImageOrigin;
pub use summary::Summary;

/// A path as JSON: `path` is always a string (lossy when the name is not UTF-8, invalid bytes
/// replaced by U+FFFD); `path_b64` carries the exact bytes, base64, only when it is not UTF-8.
#[derive(Debug, Clone, Serialize)]
pub struct PathField {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_b64: Option<String>,
    /// The path escaped for a terminal, exact even when it is not UTF-8.
    #[serde(skip)]
    pub shown: String,
}

impl PathField {
    pub fn new(path: &Path) -> Self {
        let bytes = path_bytes(path);
        let shown = sanitize::escape_bytes(&bytes);
        match std::str::from_utf8(&bytes) {
            Ok(text) => PathField {
                path: text.to_string(),
                path_b64: None,
                shown,
            },
            Err(_) => PathField {
                path: String::from_utf8_lossy(&bytes).into_owned(),
                path_b64: Some(base64::engine::general_purpose::STANDARD.encode(&bytes)),
                shown,
            },
        }
    }
}

#[cfg(unix)]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// A flagged file: everything known about it and every reason it was flagged.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    #[serde(flatten)]
    pub path: PathField,
    /// Other names of the same file (hardlinks in an image).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<PathField>,
    /// For a file read from a disk image: the image, partition and filesystem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<&'a ImageOrigin>,
    pub size: u64,
    pub md5: String,
    pub sha1: String,
    pub sha256: String,
    pub file_type: FileType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary: Option<&'a BinaryInfo>,
    pub score: i64,
    pub level: Level,
    pub reasons: &'a [Reason],
    /// False when the file was only hashed and IOC-checked (larger than `--max-size`).
    pub rule_scanned: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub problems: &'a [String],
}

impl<'a> Finding<'a> {
    pub fn new(report: &'a FileReport, level: Level) -> Self {
        Finding {
            path: PathField::new(&report.path),
            other_names: report
                .other_names
                .iter()
                .map(|p| PathField::new(p))
                .collect(),
            image: report.image.as_deref(),
            size: report.size,
            md5: report.hashes.md5_hex(),
            sha1: report.hashes.sha1_hex(),
            sha256: report.hashes.sha256_hex(),
            file_type: report.file_type,
            binary: report.binary.as_ref(),
            score: report.score,
            level,
            reasons: &report.reasons,
            rule_scanned: report.not_rule_scanned.is_none(),
            notes: &report.notes,
            problems: &report.problems,
        }
    }
}

/// A path that could not be (fully) scanned, and why.
#[derive(Debug, Serialize)]
pub struct ErrorRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub message: String,
}

/// A path passed over on purpose (special file, pseudo or foreign filesystem, too large).
#[derive(Debug, Serialize)]
pub struct SkippedRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub reason: &'static str,
    pub detail: String,
}

/// An observation about a file that is not evidence (e.g. a binary that failed to parse).
#[derive(Debug, Serialize)]
pub struct NoteRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub note: String,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record<'a> {
    Finding(Finding<'a>),
    Error(ErrorRecord),
    Skipped(SkippedRecord),
    Note(NoteRecord),
    Summary(&'a Summary),
}

/// Writes records somewhere.
pub trait Reporter {
    fn write(&mut self, record: &Record) -> io::Result<()>;
}
