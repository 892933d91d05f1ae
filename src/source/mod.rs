//! Where the bytes come from. Every source yields [`Item`]s: objects to analyse, each named by
//! an [`Origin`] chain, and what was passed over or could not be read. On the live filesystem
//! [`tree`] walks the roots and [`read`] opens and reads one file safely; [`image`] reads the
//! files inside disk images; [`archive`] lists the members of archives and compressed files;
//! [`registry`] reads the keys and values of registry hive files;
//! [`host`] tells the facts of the machine needle runs on.

pub mod archive;
pub mod fstype;
pub mod host;
pub mod image;
pub mod origin;
pub mod owner;
pub mod process;
pub mod read;
pub mod registry;
pub mod tree;

use std::io::Read;
use std::path::Path;

pub use origin::{Link, Origin};

/// What a source found at one place: an object to analyse, or what it reports unscanned.
pub enum Item<'a> {
    /// An object to analyse, and how to get its bytes.
    Object {
        origin: Origin,
        content: Content<'a>,
    },
    Unscanned(Unscanned),
}

/// What a source found and did not hand over for analysis. Nothing is passed over in silence:
/// each of these is reported or counted.
pub enum Unscanned {
    /// Not scanned, and why: reported, never counted as clean.
    Skipped { origin: Origin, reason: SkipReason },
    /// Passed over on purpose and only counted.
    Uncounted(Uncounted),
    /// A part of the source that could not be read; the walk goes on with the rest.
    Error { origin: Origin, message: String },
}

/// How to get an object's bytes.
pub enum Content<'a> {
    /// A regular file of the live filesystem, at the origin's path: opened ([`read`]) by the
    /// worker that analyses it, so files are read in parallel.
    LiveFile,
    /// `size` bytes (as the source records them) to read from `reader` now, while the walk waits:
    /// a file inside a disk image.
    Reader {
        size: u64,
        reader: &'a mut (dyn Read + Send),
    },
}

/// The bytes of a path, exact on Unix (names need not be UTF-8).
#[cfg(unix)]
pub fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
pub fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
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
    /// An older needle's compiled rules (bundle format 1), which hold their patterns in clear:
    /// hashed and checked against hash and name IOCs, not rule-scanned.
    RulesInClear,
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
    /// A process (or its executable or memory) that this user may not read.
    ProcessNotReadable { detail: String },
}

impl SkipReason {
    /// A short stable identifier, used for counting and in JSON.
    pub fn id(&self) -> &'static str {
        match self {
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::RulesInClear => "rules_in_clear",
            SkipReason::SpecialFile { .. } => "special_file",
            SkipReason::OtherFilesystem { .. } => "other_filesystem",
            SkipReason::PseudoFilesystem { .. } => "pseudo_filesystem",
            SkipReason::NotDecoded { .. } => "not_decoded",
            SkipReason::VolumeNotScanned { .. } => "volume_not_scanned",
            SkipReason::ProcessNotReadable { .. } => "process_not_readable",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SkipReason::TooLarge { size, limit } => format!(
                "{size} bytes, larger than --max-size {limit}: hashed and checked against IOCs, not rule-scanned"
            ),
            SkipReason::RulesInClear => "a needle rule bundle of format 1 (an older needle's compiled rules, which hold their patterns in clear): hashed and checked against IOCs, not rule-scanned; compile it again with `needle rules compile`, or delete it".to_string(),
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
            SkipReason::VolumeNotScanned { detail } | SkipReason::ProcessNotReadable { detail } => {
                detail.clone()
            }
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
