//! The last record of a scan: who scanned what, with which signatures, what was found, and the
//! host's verdict.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::evidence::Verdict;
use crate::signatures::iocs::IocCounts;
use crate::source::host;
use crate::source::image::layout::ImageLayout;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The host's name; for a disk image, the image's file name (each image is its own host).
    pub host: String,
    /// The scanned system: this machine, or for an image what its volumes suggest.
    pub os: OsInfo,
    /// For a disk image: the container, partition table and volumes, with what was read of each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageLayout>,
    pub scanner: ScannerInfo,
    pub signatures: SignatureInfo,
    pub roots: Vec<String>,
    /// RFC 3339 UTC.
    pub start: String,
    pub end: String,
    pub duration_secs: f64,
    pub files_scanned: u64,
    /// Members of containers (archive entries, compressed contents, a document's streams,
    /// macros and embedded objects) analysed as files are; not in `files_scanned`.
    #[serde(default)]
    pub members_scanned: u64,
    pub bytes_scanned: u64,
    pub findings: LevelCounts,
    /// Paths that could not be scanned, or only partly (one `error` record each).
    pub errors: u64,
    /// Paths passed over, per reason (one `skipped` record each).
    pub skipped: BTreeMap<String, u64>,
    /// Symlinks met (never followed) and paths excluded by `--exclude`: counted only.
    pub symlinks: u64,
    pub excluded: u64,
    /// Files named by a false-positive hash list: scanned, never flagged.
    pub allowlisted: u64,
    pub notes: u64,
    /// Files answered from the scan cache (`--cache`): unchanged since the previous scan, not
    /// read again (not counted in `bytes_scanned`).
    pub cached: u64,
    /// For a scan with `--processes`: what was read of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processes: Option<ProcessCounts>,
    /// Autostart entries read (one `autostart` record each).
    #[serde(default)]
    pub autostarts: u64,
    /// A triage scan (`--autostarts-only`): only the files that define autostarts and what
    /// they start were read; the verdict covers those.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub autostarts_only: bool,
    /// Files a triage scan passed over (counted only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_selected: u64,
    /// Problems that are not about one path (e.g. a damaged scan cache, rebuilt).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The scan was stopped (Ctrl-C, or `--max-time`) before it finished: the verdict covers what
    /// was scanned.
    pub interrupted: bool,
    /// It was `--max-time` that stopped it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub time_limit_reached: bool,
    pub verdict: Verdict,
}

/// What a process scan read (`--processes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcessCounts {
    /// Processes seen (needle's own left out).
    pub processes: u64,
    /// Processes whose executable or memory this user may not read.
    pub not_readable: u64,
    /// Memory regions read, and their bytes.
    pub regions: u64,
    pub memory_bytes: u64,
    /// Regions read only in part, or not at all, for the per-region, per-process or total
    /// limits.
    pub regions_over_limit: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub alert: u64,
    pub warning: u64,
    pub notice: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsInfo {
    pub family: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannerInfo {
    pub name: String,
    pub version: String,
    pub yara_x: String,
}

impl ScannerInfo {
    pub fn current() -> Self {
        ScannerInfo {
            name: "needle".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            yara_x: env!("NEEDLE_YARA_X_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureInfo {
    /// SHA-256 over every rule and IOC source used.
    pub digest: String,
    pub rule_files: usize,
    pub rules: usize,
    pub rule_errors: usize,
    pub rule_warnings: usize,
    pub iocs: IocCounts,
    pub ioc_problems: usize,
    /// Signature files given but not used (`file: why`): the verdict was reached without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
}

/// The host an image stands for: its file name.
pub fn image_host_name(image_path: &str) -> String {
    std::path::Path::new(image_path).file_name().map_or_else(
        || image_path.to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The operating system an image's volumes suggest ("windows", "linux" or "unknown"; unknown
/// too when the image could not be opened).
pub fn image_os(layout: Option<&ImageLayout>) -> OsInfo {
    OsInfo {
        family: layout
            .and_then(|layout| layout.os_family.as_deref())
            .unwrap_or("unknown")
            .to_string(),
        name: None,
        kernel: None,
    }
}

/// The machine needle runs on.
pub fn live_os() -> OsInfo {
    OsInfo {
        family: host::os_family().to_string(),
        name: host::os_name(),
        kernel: host::kernel_release(),
    }
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}
