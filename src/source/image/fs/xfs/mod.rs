//! XFS, read straight from the volume's bytes: v5 filesystems (metadata checksums, the
//! default since xfsprogs 3.2.3 and on RHEL/CentOS 8 and later) and v4 ones (CentOS 7's
//! default).
//!
//! What is read: the primary superblock, inodes (versions 1 to 3), data forks inline, as
//! extent lists or as extent B+trees, directories in every form (short-form in the inode;
//! block, leaf, node and B+tree directories through their data blocks). Holes and unwritten
//! (preallocated) extents read as zeros. On v5, where the structures say whom they belong to
//! (inode number, block address, owner, UUID) that is checked, and checksums are verified:
//! a mismatch on the superblock, an inode or a directory block is reported and the structure
//! still read; an extent-tree block that fails is an error for its file.
//!
//! Not read: the log is not replayed. XFS has no clean flag, so the log's head is found and
//! its last record checked: unless it is a clean unmount, the walk reports that files changed
//! just before the image was taken may be missing or stale. Files whose data lives on a
//! realtime device (not part of the volume) are reported as not scanned. Extended attributes
//! are not read.
//!
//! Own reader: no maintained Rust crate reads XFS. Every field is bounds-checked before use;
//! tree descents must lose one level per step; each directory is entered once and each of its
//! blocks read once; nothing is allocated from a size read from the image.

mod bmap;
mod dir;
mod inode;
mod log;
mod superblock;
#[cfg(test)]
mod tests;
mod walk;

use std::io;
use std::sync::atomic::AtomicBool;

use self::inode::Inode;
use self::log::LogState;
use self::superblock::{SUPERBLOCK_BYTES, Superblock};
use super::{FileSystem, FsItem, corrupt, inode_walk, report_notes};
use crate::source::image::bytes::be16;
use crate::source::image::disk::Slice;

/// Opens the XFS filesystem on `volume`. Nothing is ever written.
pub fn open(volume: Slice) -> io::Result<XfsFileSystem> {
    let mut raw = vec![0; SUPERBLOCK_BYTES.max(512)];
    volume.read_exact_at(0, &mut raw)?;
    // The checksum covers the whole first sector.
    let sector = usize::from(be16(&raw, 0x66));
    if sector.is_power_of_two() && (raw.len()..=32768).contains(&sector) {
        raw.resize(sector, 0);
        volume.read_exact_at(0, &mut raw)?;
    }
    let sb = Superblock::parse(&raw)?;
    let volume = Volume { slice: volume, sb };
    let mut notes = Vec::new();
    if volume.sb.crc_mismatch {
        notes.push("superblock checksum mismatch: the superblock was read anyway".to_string());
    }
    if volume.sb.needs_repair {
        notes.push(
            "the filesystem is marked as needing repair (an xfs_repair was interrupted): \
             some structures may be inconsistent"
                .to_string(),
        );
    }
    if volume.sb.data_bytes() > volume.slice.len() {
        notes.push(format!(
            "the volume holds {} of the filesystem's {} bytes: files past the end are errors",
            volume.slice.len(),
            volume.sb.data_bytes()
        ));
    }
    if let LogState::Dirty(why) = log::state(&volume) {
        notes.push(format!(
            "log not replayed ({why}): files changed just before the image was taken may be \
             missing or stale"
        ));
    }
    Ok(XfsFileSystem { volume, notes })
}

/// The volume with the filesystem's geometry.
struct Volume {
    slice: Slice,
    sb: Superblock,
}

impl Volume {
    fn read(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.slice.read_exact_at(offset, buf)
    }

    /// Filesystem block `fsb`.
    fn block(&self, fsb: u64) -> io::Result<Vec<u8>> {
        let at = self
            .sb
            .block_offset(fsb)
            .ok_or_else(|| corrupt(format!("block {fsb} is outside the filesystem")))?;
        let mut block = vec![0; self.sb.block_size as usize];
        self.read(at, &mut block)?;
        Ok(block)
    }

    fn inode(&self, number: u64) -> io::Result<Inode> {
        let at = self
            .sb
            .inode_offset(number)
            .ok_or_else(|| corrupt(format!("inode {number} is outside the filesystem")))?;
        let mut raw = vec![0; self.sb.inode_size as usize];
        self.read(at, &mut raw)?;
        Inode::parse(&raw, number, &self.sb)
    }
}

/// An XFS filesystem opened read-only.
pub struct XfsFileSystem {
    volume: Volume,
    /// What the walk reports first: a stale log, a checksum mismatch on the superblock...
    notes: Vec<String>,
}

impl FileSystem for XfsFileSystem {
    fn kind(&self) -> &'static str {
        "xfs"
    }

    fn label(&self) -> Option<String> {
        self.volume.sb.label.clone()
    }

    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        inode_walk::root_names(&self.volume)
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        report_notes(&self.notes, visit);
        inode_walk::walk(&self.volume, stop, visit);
    }
}
