//! The last record of a scan: who scanned what, with which signatures, what was found, and the
//! host's verdict.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::scoring::Verdict;
use crate::signatures::iocs::IocCounts;
use crate::source::image::layout::ImageLayout;

#[derive(Debug, Clone, Serialize)]
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
    pub bytes_scanned: u64,
    pub findings: LevelCounts,
    /// Paths that could not be scanned, or only partly (one `error` record each).
    pub errors: u64,
    /// Paths passed over, per reason (one `skipped` record each).
    pub skipped: BTreeMap<&'static str, u64>,
    /// Symlinks met (never followed) and paths excluded by `--exclude`: counted only.
    pub symlinks: u64,
    pub excluded: u64,
    /// Files named by a false-positive hash list: scanned, never flagged.
    pub allowlisted: u64,
    pub notes: u64,
    /// Files answered from the scan cache (`--cache`): unchanged since the previous scan, not
    /// read again (not counted in `bytes_scanned`).
    pub cached: u64,
    /// Problems that are not about one path (e.g. a damaged scan cache, rebuilt).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The scan was stopped (Ctrl-C) before it finished: the verdict covers what was scanned.
    pub interrupted: bool,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LevelCounts {
    pub alert: u64,
    pub warning: u64,
    pub notice: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OsInfo {
    pub family: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScannerInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub yara_x: &'static str,
}

impl ScannerInfo {
    pub fn current() -> Self {
        ScannerInfo {
            name: "needle",
            version: env!("CARGO_PKG_VERSION"),
            yara_x: env!("NEEDLE_YARA_X_VERSION"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SignatureInfo {
    /// SHA-256 over every rule and IOC source used.
    pub digest: String,
    pub rule_files: usize,
    pub rules: usize,
    pub rule_errors: usize,
    pub rule_warnings: usize,
    pub iocs: IocCounts,
    pub ioc_problems: usize,
}

/// This machine's host name.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the buffer is writable for its whole length.
        if unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } == 0 {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            return String::from_utf8_lossy(&buffer[..end]).into_owned();
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "unknown".to_string())
}

/// The host an image stands for: its file name.
pub fn image_host_name(layout: &ImageLayout) -> String {
    std::path::Path::new(&layout.path)
        .file_name()
        .map_or_else(|| layout.path.clone(), |n| n.to_string_lossy().into_owned())
}

/// The operating system an image's volumes suggest ("windows", "linux" or "unknown").
pub fn image_os(layout: &ImageLayout) -> OsInfo {
    OsInfo {
        family: layout.os_family.unwrap_or("unknown"),
        name: None,
        kernel: None,
    }
}

/// The running OS: family, distribution name (os-release) and kernel release where known.
pub fn os_info() -> OsInfo {
    let name = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .ok()
        .map(|k| k.trim().to_string());
    OsInfo {
        family: std::env::consts::OS,
        name,
        kernel,
    }
}
