//! Filesystems inside a volume: each lists its files with every name they have and streams
//! their content, without mounting and without writing.

pub mod btrfs;
mod clusters;
mod crc32c;
pub mod exfat;
pub mod ext;
pub mod fat;
mod inode_walk;
mod mapped;
pub mod ntfs;
#[cfg(test)]
mod testing;
pub mod xfs;

use std::io::{self, Read};
use std::sync::atomic::AtomicBool;

/// A path inside a volume: components joined by `/`, starting with `/`, as raw bytes (ext names
/// need not be UTF-8; NTFS, FAT and exFAT names are converted from UTF-16 to UTF-8). An alternate data
/// stream is named `/dir/file:stream`.
pub type FsPath = Vec<u8>;

/// One readable file (or NTFS data stream).
pub struct FsFile<'a> {
    /// Every name of the file: hardlinks are read once and listed under all their names. Never
    /// empty; the first is the one used for the report.
    pub names: Vec<FsPath>,
    /// Size of the content in bytes, as the filesystem records it.
    pub size: u64,
    /// The content, decompressed where the filesystem compresses it; sparse ranges read as zeros.
    pub content: &'a mut (dyn Read + Send),
}

/// What a filesystem walk finds. Nothing is passed over in silence: what cannot be read is
/// reported as not scanned or as an error.
pub enum FsItem<'a> {
    File(FsFile<'a>),
    /// A file whose content cannot be read as it is on the host (EFS-encrypted, WOF-compressed,
    /// deduplicated...): reported as not scanned, never as clean.
    NotScanned {
        path: FsPath,
        size: u64,
        reason: String,
    },
    /// A symbolic link, junction or other reparse point: never followed, only counted.
    Link {
        path: FsPath,
    },
    /// A FIFO, socket or device node (`kind` names it): it has no content to scan.
    Special {
        path: FsPath,
        kind: &'static str,
    },
    /// A part of the filesystem that could not be read (a corrupt record, a directory loop); the
    /// walk goes on with the rest.
    Error {
        path: FsPath,
        message: String,
    },
}

/// A subvolume or snapshot (btrfs): its id and where it appears on the host, or why it is not
/// walked.
pub struct Subvolume {
    pub id: u64,
    pub path: Result<FsPath, String>,
}

/// A filesystem opened read-only on a volume.
pub trait FileSystem {
    /// Short name for reports: "ntfs", "ext4", "ext2", "fat12", "fat16", "fat32", "exfat", "xfs",
    /// "btrfs".
    fn kind(&self) -> &'static str;
    /// Volume label, if the filesystem has one.
    fn label(&self) -> Option<String>;
    /// The names in the root directory (no `/`), used to recognise a Windows system volume
    /// (`Windows`) or a Linux root filesystem (`etc`, `usr`) and name paths as on the host.
    fn root_names(&mut self) -> std::io::Result<Vec<Vec<u8>>>;
    /// The subvolumes and snapshots besides the root one (btrfs); none elsewhere.
    fn subvolumes(&mut self) -> Vec<Subvolume> {
        Vec::new()
    }
    /// Walks every file and directory from the root, handing each item to `visit`; returns early
    /// when `stop` is set. Never follows links; never loops (each directory is entered once).
    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>));
}

/// An error for on-disk structures that make no sense.
fn corrupt(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

/// A volume label stored as bytes padded with zeros (none when empty).
fn padded_label(bytes: &[u8]) -> Option<String> {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    (end > 0).then(|| String::from_utf8_lossy(&bytes[..end]).into_owned())
}

/// Hands each of a filesystem's `notes` (a log not replayed, a checksum not verified...) to
/// `visit` as an error on the root, before the walk.
fn report_notes(notes: &[String], visit: &mut dyn FnMut(FsItem<'_>)) {
    for note in notes {
        visit(FsItem::Error {
            path: b"/".to_vec(),
            message: note.clone(),
        });
    }
}

/// `parent` (empty for the root) joined with `name`.
fn child_path(parent: &[u8], name: &[u8]) -> FsPath {
    let mut path = Vec::with_capacity(parent.len() + 1 + name.len());
    path.extend_from_slice(parent);
    path.push(b'/');
    path.extend_from_slice(name);
    path
}
