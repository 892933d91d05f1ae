//! Disk images as a source of files, read without mounting, without root and without writing:
//! a container ([`container`]: raw, E01, qcow2, VMDK, VHD, VHDX) decodes to a [`disk::Disk`];
//! the volume system ([`volume`]: GPT, MBR) splits it into volumes; each volume's filesystem
//! ([`fs`]: NTFS, ext2/3/4, FAT) lists and streams its files.

mod bytes;
pub mod container;
pub mod disk;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod fs;
pub mod layout;
pub mod volume;
pub mod walk;

use std::path::PathBuf;

use serde::Serialize;

/// Where in a disk image a file was read: reported with every finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageOrigin {
    /// The image file as given on the command line.
    pub image: PathBuf,
    /// Partition number (1-based, as the partition table numbers it); 0 for a disk with no
    /// partition table.
    pub partition: u32,
    /// "ntfs", "ext4", "fat32"...
    pub filesystem: &'static str,
    /// Paths are Windows paths (`C:\...`): split at `\`, as LOKI rules expect.
    #[serde(skip)]
    pub windows_paths: bool,
}
