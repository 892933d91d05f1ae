//! Where the bytes come from: on the live filesystem [`walk`] lists what to scan and
//! [`read`] opens and reads one file safely; [`image`] reads the files inside disk images.

pub mod fstype;
pub mod image;
pub mod owner;
pub mod read;
pub mod walk;

use std::path::PathBuf;

/// A regular file found by a source, to be read and analysed by a worker.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: PathBuf,
}

/// What identifies one version of a file: if any of these change, the file is read again
/// (`--cache`). ctime changes on every write, rename and metadata change, and cannot be set back
/// by user tools, so a replaced file with the same size and mtime is still caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub device: u64,
    pub inode: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

impl FileStamp {
    #[cfg(unix)]
    pub fn of(metadata: &std::fs::Metadata) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt;
        Some(FileStamp {
            device: metadata.dev(),
            inode: metadata.ino(),
            size: metadata.size(),
            mtime_ns: metadata
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.mtime_nsec()),
            ctime_ns: metadata
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_metadata: &std::fs::Metadata) -> Option<FileStamp> {
        None
    }
}

/// Why a path was not (fully) scanned. Every one of these is reported, never counted as clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Larger than `--max-size`: hashed and checked against hash and name IOCs, not rule-scanned.
    TooLarge { size: u64, limit: u64 },
    /// A FIFO, socket or device: never opened (opening a FIFO blocks forever).
    SpecialFile { kind: &'static str },
    /// A mount point of another filesystem, not crossed (root scan without `--cross-fs`).
    OtherFilesystem { fstype: String },
    /// A pseudo filesystem (proc, sysfs...), never scanned.
    PseudoFilesystem { fstype: String },
    /// A file in an image whose content cannot be read as it is on the host (EFS-encrypted,
    /// WOF-compressed...).
    NotDecoded { size: u64, reason: String },
    /// A volume of an image that is encrypted, unsupported or unrecognised.
    VolumeNotScanned { detail: String },
}

impl SkipReason {
    /// A short stable identifier, used for counting and in JSON.
    pub fn id(&self) -> &'static str {
        match self {
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::SpecialFile { .. } => "special_file",
            SkipReason::OtherFilesystem { .. } => "other_filesystem",
            SkipReason::PseudoFilesystem { .. } => "pseudo_filesystem",
            SkipReason::NotDecoded { .. } => "not_decoded",
            SkipReason::VolumeNotScanned { .. } => "volume_not_scanned",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SkipReason::TooLarge { size, limit } => format!(
                "{size} bytes, larger than --max-size {limit}: hashed and checked against IOCs, not rule-scanned"
            ),
            SkipReason::SpecialFile { kind } => format!("{kind}: special files are never opened"),
            SkipReason::OtherFilesystem { fstype } => {
                format!(
                    "mount point of another filesystem ({fstype}): not crossed without --cross-fs"
                )
            }
            SkipReason::PseudoFilesystem { fstype } => {
                format!("pseudo filesystem ({fstype}): never scanned")
            }
            SkipReason::NotDecoded { size, reason } => format!("{size} bytes, {reason}"),
            SkipReason::VolumeNotScanned { detail } => detail.clone(),
        }
    }
}

/// Paths passed over on purpose and only counted: symlinks (never followed; their targets are
/// scanned where they live) and paths the user excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncounted {
    Symlink,
    Excluded,
}
