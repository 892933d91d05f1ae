//! The byte layer every image format is reduced to: a read-only [`Disk`] of a known size, and
//! [`Slice`], a `Read + Seek` window onto part of it (a partition) that filesystem readers use.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

/// A read-only, random-access virtual disk: what a container (raw, E01, qcow2, VMDK, VHD(X))
/// presents once decoded. Implementations never write to the evidence.
pub trait Disk: Send {
    /// Reads up to `buf.len()` bytes at `offset`. Returns fewer only at the end of the disk;
    /// a hole (unallocated cluster) reads as zeros.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
    /// Size of the virtual disk in bytes (as the container declares it, checked to be sane).
    fn size(&self) -> u64;
    /// The container format for reports: "raw", "split raw (3 segments)", "ewf", "qcow2",
    /// "vmdk (streamOptimized)", "vhd (dynamic)", "vhdx"...
    fn format(&self) -> String;
    /// What the container itself records as missing from the disk (an E01's sectors the
    /// acquisition could not read), for the image's `problems`.
    fn problems(&self) -> Vec<String> {
        Vec::new()
    }
    /// How many bytes reads have returned so far from ranges the container records as not
    /// acquired (an E01's acquisition errors, where zeros stand for what could not be read):
    /// the walk tells by it which files are incomplete.
    fn zero_filled(&self) -> u64 {
        0
    }
}

/// The part of `buf` that a read at `offset` of something `size` bytes long can fill; None
/// at or past the end.
pub(super) fn clamp_to_end(buf: &mut [u8], offset: u64, size: u64) -> Option<&mut [u8]> {
    if offset >= size {
        return None;
    }
    let wanted = buf
        .len()
        .min(usize::try_from(size - offset).unwrap_or(usize::MAX));
    Some(&mut buf[..wanted])
}

/// A shared disk: volumes and filesystem readers each hold a [`Slice`] of it.
pub type SharedDisk = Arc<Mutex<Box<dyn Disk>>>;

/// A `Read + Seek` view of `len` bytes of a disk starting at `start`: one partition, or the
/// whole disk when there is no partition table. Cloning gives an independent cursor.
#[derive(Clone)]
pub struct Slice {
    disk: SharedDisk,
    start: u64,
    len: u64,
    position: u64,
}

impl Slice {
    pub fn new(disk: SharedDisk, start: u64, len: u64) -> Self {
        Slice {
            disk,
            start,
            len,
            position: 0,
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads at `offset` within the slice; short at the end of the slice.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.len) else {
            return Ok(0);
        };
        let mut disk = self
            .disk
            .lock()
            .map_err(|_| io::Error::other("disk reader poisoned by an earlier panic"))?;
        disk.read_at(self.start + offset, buf)
    }

    /// Fills `buf` from `offset` or fails with `UnexpectedEof`.
    pub fn read_exact_at(&self, mut offset: u64, mut buf: &mut [u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = self.read_at(offset, buf)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("read past the end of the volume at byte {offset}"),
                ));
            }
            offset += n as u64;
            buf = &mut buf[n..];
        }
        Ok(())
    }
}

impl Read for Slice {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.read_at(self.position, buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for Slice {
    fn seek(&mut self, target: SeekFrom) -> io::Result<u64> {
        let position = match target {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position = position.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the volume",
            )
        })?;
        Ok(self.position)
    }
}
