//! The report model: what a scan reports, as owned records that serialise to JSON Lines and
//! read back from them (docs/report-format.md). Every writer takes these records; a reader of
//! earlier reports (a fleet merge) gets the same types back.

use std::path::Path;

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::fleet::{Fleet, HostFinding};
use super::sanitize;
use super::summary::Summary;
use crate::analysis::FileReport;
use crate::analysis::autostart::{Autostart, Entry, RegistryValue};
use crate::analysis::binary::BinaryInfo;
use crate::evidence::{FileType, Level, Reason, total_score};
use crate::source::owner::OwnerNames;
use crate::source::{Origin, path_bytes};

/// The version of the record schema, written in every record (`"schema"`). It goes up when a
/// field changes meaning or goes away; new optional fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

/// One line of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Finding(Box<Finding>),
    Error(ErrorRecord),
    Skipped(SkippedRecord),
    Note(NoteRecord),
    Autostart(Box<AutostartRecord>),
    Summary(Box<Summary>),
    /// In a merged fleet report: one host's finding.
    HostFinding(Box<HostFinding>),
    /// In a merged fleet report, last: the fleet's hosts, verdicts and shared artifacts.
    Fleet(Box<Fleet>),
    /// `needle inspect`: what is known of one object, unscored.
    Object(Box<ObjectRecord>),
}

/// A path as JSON: `path` is always a string (lossy when the name is not UTF-8, invalid bytes
/// replaced by U+FFFD); `path_b64` carries the exact bytes, base64, only when it is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathField {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_b64: Option<String>,
}

impl PathField {
    pub fn new(path: &Path) -> Self {
        let bytes = path_bytes(path);
        match String::from_utf8(bytes) {
            Ok(path) => PathField {
                path,
                path_b64: None,
            },
            Err(e) => PathField {
                path: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                path_b64: Some(base64::engine::general_purpose::STANDARD.encode(e.as_bytes())),
            },
        }
    }

    /// The exact bytes of the path (from `path_b64` when present and valid).
    pub fn bytes(&self) -> Vec<u8> {
        self.path_b64
            .as_ref()
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .unwrap_or_else(|| self.path.as_bytes().to_vec())
    }

    /// The path escaped for a terminal, exact even when it is not UTF-8.
    pub fn shown(&self) -> String {
        sanitize::escape_bytes(&self.bytes())
    }
}

/// The image, partition and filesystem a file was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageField {
    /// The image file as given on the command line.
    pub image: String,
    /// Partition number (1-based, as the partition table numbers it); 0 for a disk with no
    /// partition table.
    pub partition: u32,
    /// "ntfs", "ext4", "fat32"...
    pub filesystem: String,
}

/// What needle knows of one object whatever it makes of it: its names, where it was read, its
/// size, digests, type and binary facts. A finding and an inspected object both start with these
/// fields (flattened, so the JSON is the same as with the fields written out in each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectFacts {
    #[serde(flatten)]
    pub path: PathField,
    /// Other names of the same file (hardlinks in an image).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<PathField>,
    /// For a file read from a disk image: the image, partition and filesystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageField>,
    pub size: u64,
    pub md5: String,
    pub sha1: String,
    pub sha256: String,
    pub file_type: FileType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<BinaryInfo>,
}

impl ObjectFacts {
    fn of(report: &FileReport) -> Self {
        ObjectFacts {
            path: PathField::new(&report.origin.path()),
            other_names: report
                .origin
                .other_names()
                .iter()
                .map(|p| PathField::new(p))
                .collect(),
            image: image_of(&report.origin),
            size: report.size,
            md5: report.hashes.md5_hex(),
            sha1: report.hashes.sha1_hex(),
            sha256: report.hashes.sha256_hex(),
            file_type: report.file_type,
            binary: report.binary.clone(),
        }
    }
}

/// A flagged file: everything known about it and every reason it was flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    #[serde(flatten)]
    pub facts: ObjectFacts,
    pub score: i64,
    pub level: Level,
    pub reasons: Vec<Reason>,
    /// False when the file was only hashed and IOC-checked (larger than `--max-size`).
    pub rule_scanned: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// For something found inside a file (a registry value, an autostart entry): what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryField>,
    /// For a process's executable, command line, memory or connections: the process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<ProcessField>,
}

/// What needle knows of one object without judging it (`needle inspect`): the facts a finding
/// carries, and what its analysis observed in place of scored reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectRecord {
    #[serde(flatten)]
    pub facts: ObjectFacts,
    /// What the analysis noticed (a program under a document's extension...), without scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<ProcessField>,
}

impl ObjectRecord {
    pub fn new(report: &FileReport) -> Self {
        ObjectRecord {
            facts: ObjectFacts::of(report),
            observations: report
                .reasons
                .iter()
                .map(|r| r.description.clone())
                .collect(),
            notes: report.notes.clone(),
            problems: report.problems.clone(),
            process: ProcessField::of(&report.origin),
        }
    }
}

/// The process a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessField {
    pub pid: u32,
    pub ppid: u32,
    pub name: String,
    pub user: String,
    /// RFC 3339 UTC.
    pub start_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exe: Option<String>,
    /// The executable was deleted after the process started (or it runs from a memfd).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exe_deleted: bool,
    pub cmdline: Vec<String>,
    /// For memory: the region (`0x7f...-0x7f... rw-p [heap]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl ProcessField {
    pub fn of(origin: &Origin) -> Option<ProcessField> {
        let process = origin.process()?;
        let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(process.start_time);
        Some(ProcessField {
            pid: process.pid,
            ppid: process.ppid,
            name: process.name.clone(),
            user: OwnerNames::default().name_of(process.uid).to_string(),
            start_time: humantime::format_rfc3339_seconds(start).to_string(),
            exe: process.exe.clone(),
            exe_deleted: process.exe_deleted,
            cmdline: process.cmdline.clone(),
            region: origin.region().map(ToString::to_string),
        })
    }
}

/// What an entry found inside a file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryField {
    /// The 1-based line of the defining file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// A registry value's type and data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<RegistryValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autostart: Option<Autostart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetField>,
}

/// What an autostart entry starts, as found on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetField {
    /// The path as on the host, environment expanded (`C:\Windows\System32\x.dll`).
    pub path: String,
    /// `found`, `missing` (not on the host) or `unknown` (not worked out, or not scanned).
    pub status: String,
}

/// One autostart entry: the autoruns listing every scan writes, flagged or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutostartRecord {
    /// Where the entry is defined: `HIVE!key\value`, or the file.
    #[serde(flatten)]
    pub path: PathField,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageField>,
    #[serde(flatten)]
    pub autostart: Autostart,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<RegistryValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetField>,
    pub score: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

impl AutostartRecord {
    pub fn new(entry: &Entry, autostart: &Autostart, target: Option<TargetField>) -> Self {
        let score = total_score(&entry.reasons);
        AutostartRecord {
            path: path_of(&entry.origin),
            line: entry.line,
            image: image_of(&entry.origin),
            autostart: autostart.clone(),
            value: entry.value.clone(),
            target,
            score,
            level: Level::from_score(score),
            reasons: entry.reasons.clone(),
        }
    }
}

fn image_of(origin: &Origin) -> Option<ImageField> {
    origin.image_volume().map(|volume| ImageField {
        image: volume.image.to_string_lossy().into_owned(),
        partition: volume.partition,
        filesystem: volume.filesystem.to_string(),
    })
}

impl Finding {
    /// The finding for an entry found inside a file, at `level`.
    pub fn of_entry(entry: &Entry, target: Option<TargetField>, level: Level) -> Self {
        Finding {
            facts: ObjectFacts {
                path: path_of(&entry.origin),
                other_names: Vec::new(),
                image: image_of(&entry.origin),
                size: entry.size,
                md5: entry.hashes.md5_hex(),
                sha1: entry.hashes.sha1_hex(),
                sha256: entry.hashes.sha256_hex(),
                file_type: entry.file_type,
                binary: None,
            },
            score: total_score(&entry.reasons),
            level,
            reasons: entry.reasons.clone(),
            rule_scanned: true,
            notes: Vec::new(),
            problems: Vec::new(),
            entry: Some(EntryField {
                line: entry.line,
                value: entry.value.clone(),
                autostart: entry.autostart.clone(),
                target,
            }),
            process: None,
        }
    }

    pub fn new(report: &FileReport, level: Level) -> Self {
        Finding {
            facts: ObjectFacts::of(report),
            score: report.score,
            level,
            reasons: report.reasons.clone(),
            rule_scanned: report.not_rule_scanned.is_none(),
            notes: report.notes.clone(),
            problems: report.problems.clone(),
            entry: None,
            process: ProcessField::of(&report.origin),
        }
    }
}

/// A path that could not be scanned, or only partly, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub message: String,
}

/// A path passed over on purpose (special file, pseudo or foreign filesystem, too large).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub reason: String,
    pub detail: String,
}

/// An observation about a file that is not evidence (e.g. a binary that failed to parse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    #[serde(flatten)]
    pub path: PathField,
    pub note: String,
}

/// The path a record names for an object.
pub fn path_of(origin: &Origin) -> PathField {
    PathField::new(&origin.path())
}
