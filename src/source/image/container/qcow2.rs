//! qcow2 (v2 and v3), decoded here rather than through `qcow2-core` 0.3.4, which rejects images
//! with a backing file, misreads the size of compressed clusters (it reads up to 128 times more
//! than the cluster holds) and inflates them without an output bound (a deflate bomb in a
//! crafted image exhausts memory). This reader follows QEMU's docs/interop/qcow2.txt: L1 and L2
//! tables, zero clusters, zlib (raw deflate) compressed clusters, and backing files read as the
//! merged view.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use flate2::{Decompress, FlushDecompress};

use super::{
    ContainerError, Format, describe_parent, find_parent, invalid_in, io_error_in, open_parent,
    open_sized, read_error, read_full, read_parent,
};
use crate::source::image::bytes::{be32, be64};
use crate::source::image::disk::{Disk, clamp_to_end};

pub(super) const MAGIC: &[u8] = b"QFI\xfb";

/// Offset bits of L1 and standard L2 entries (bits 9-55).
const OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const COMPRESSED: u64 = 1 << 62;
const ZERO: u64 = 1;
/// QEMU's own limit on the L1 table (32 MiB).
const MAX_L1_ENTRIES: u64 = 4 << 20;
/// Bytes of L2 tables read at open to validate them; larger images are checked as they are read.
const L2_SCAN_BUDGET: u64 = 64 << 20;
/// Bytes of L2 tables kept in memory while reading.
const L2_CACHE_BYTES: u64 = 4 << 20;

/// Incompatible feature bits: dirty and corrupt only concern writers.
const INCOMPATIBLE_DIRTY: u64 = 1;
const INCOMPATIBLE_CORRUPT: u64 = 1 << 1;
const INCOMPATIBLE_EXTERNAL_DATA: u64 = 1 << 2;
const INCOMPATIBLE_COMPRESSION_TYPE: u64 = 1 << 3;
const INCOMPATIBLE_EXTENDED_L2: u64 = 1 << 4;

const EXTENSION_END: u32 = 0;
const EXTENSION_BACKING_FORMAT: u32 = 0xe279_2aca;

struct Header {
    cluster_bits: u32,
    size: u64,
    l1_entries: u64,
    l1_offset: u64,
    backing: Option<String>,
    backing_format: Option<String>,
}

struct Qcow2Disk {
    file: File,
    path: PathBuf,
    file_len: u64,
    size: u64,
    cluster_bits: u32,
    l1: Vec<u64>,
    l2_cache: Vec<(u64, Vec<u64>)>,
    l2_cache_capacity: usize,
    /// The last decompressed cluster, by its L2 entry: small reads often fall in one cluster.
    inflated: Option<(u64, Vec<u8>)>,
    parent: Option<Box<dyn Disk>>,
    format: String,
}

fn beyond_end(offset: u64, file_len: u64) -> String {
    format!(
        "cluster at byte {offset} lies beyond the end of the file ({file_len} bytes): truncated?"
    )
}

enum Cluster {
    /// Not allocated here: the backing file's bytes, or zeros without one.
    Unallocated,
    Zero,
    Data(u64),
    Compressed(u64),
}

pub(super) fn open(path: &Path, depth: usize) -> Result<Box<dyn Disk>, ContainerError> {
    let invalid = invalid_in(path, Format::Qcow2);
    let (file, file_len) = open_sized(path)?;
    let header = read_header(path, &file)?;
    let cluster_size = 1u64 << header.cluster_bits;
    let l2_bits = header.cluster_bits - 3;

    // The L1 table must map the whole disk: this bounds the size a header can claim.
    let mapped = header
        .l1_entries
        .saturating_mul(1 << (header.cluster_bits + l2_bits));
    if header.size > mapped {
        return Err(invalid(format!(
            "declares a disk of {} bytes but its L1 table maps only {mapped}",
            header.size
        )));
    }
    let l1_bytes = header.l1_entries * 8;
    if !header.l1_offset.is_multiple_of(cluster_size)
        || header
            .l1_offset
            .checked_add(l1_bytes)
            .is_none_or(|end| end > file_len)
    {
        return Err(invalid(format!(
            "L1 table at byte {} lies outside the file ({file_len} bytes): truncated?",
            header.l1_offset
        )));
    }
    // Only the entries that map the disk are needed: at most MAX_L1_ENTRIES, inside the file.
    let needed = header.size.div_ceil(1 << (header.cluster_bits + l2_bits));
    let mut raw = vec![0u8; (needed * 8) as usize];
    let n = read_full(&file, header.l1_offset, &mut raw).map_err(io_error_in(path))?;
    if n < raw.len() {
        return Err(invalid("L1 table is cut short: truncated?".to_string()));
    }
    let l1: Vec<u64> = raw
        .chunks_exact(8)
        .map(|b| u64::from_be_bytes(b.try_into().unwrap_or_default()))
        .collect();

    let mut disk = Qcow2Disk {
        file,
        path: path.to_path_buf(),
        file_len,
        size: header.size,
        cluster_bits: header.cluster_bits,
        l1,
        l2_cache: Vec::new(),
        l2_cache_capacity: usize::try_from((L2_CACHE_BYTES >> header.cluster_bits).max(2))
            .unwrap_or(2),
        inflated: None,
        parent: None,
        format: "qcow2".to_string(),
    };
    if disk.validate_tables().map_err(invalid)? {
        disk.format = "qcow2 (compressed clusters)".to_string();
    }
    if let Some(backing) = &header.backing {
        let parent_path = find_parent(path, Format::Qcow2, std::slice::from_ref(backing))?;
        let parent_format = match header.backing_format.as_deref() {
            None => None,
            Some(name) => Some(backing_format(path, name)?),
        };
        let parent = open_parent(path, &parent_path, parent_format, depth)?;
        disk.format = describe_parent(&disk.format, &parent_path, parent.as_ref());
        disk.parent = Some(parent);
    }
    Ok(Box::new(disk))
}

/// The format a backing file is declared in (QEMU's driver names). Declared formats are
/// trusted over probing: a guest can write anything at the start of a raw disk.
fn backing_format(path: &Path, name: &str) -> Result<Format, ContainerError> {
    Ok(match name {
        "raw" | "file" | "host_device" => Format::Raw,
        "qcow2" => Format::Qcow2,
        "vmdk" => Format::Vmdk,
        "vpc" => Format::Vhd,
        "vhdx" => Format::Vhdx,
        other => {
            return Err(ContainerError::Unsupported {
                path: path.to_path_buf(),
                format: Format::Qcow2,
                feature: format!("a backing file in format {other:?}"),
            });
        }
    })
}

fn read_header(path: &Path, file: &File) -> Result<Header, ContainerError> {
    let invalid = invalid_in(path, Format::Qcow2);
    let unsupported = |feature: String| ContainerError::Unsupported {
        path: path.to_path_buf(),
        format: Format::Qcow2,
        feature,
    };
    // The header, its extensions and the backing file name all lie in the first cluster;
    // 64 KiB covers them for every cluster size QEMU writes by default.
    let mut head = vec![0u8; 65536];
    let n = read_full(file, 0, &mut head).map_err(io_error_in(path))?;
    head.truncate(n);
    if n < 72 || !head.starts_with(MAGIC) {
        return Err(invalid("header is missing or cut short".to_string()));
    }
    let version = be32(&head, 4);
    if version != 2 && version != 3 {
        return Err(unsupported(format!("version {version}")));
    }
    let cluster_bits = be32(&head, 20);
    if !(9..=21).contains(&cluster_bits) {
        return Err(invalid(format!(
            "cluster_bits {cluster_bits} is not in 9..=21"
        )));
    }
    let size = be64(&head, 24);
    let encryption = be32(&head, 32);
    if encryption != 0 {
        return Err(unsupported(format!("encryption (method {encryption})")));
    }
    let l1_entries = u64::from(be32(&head, 36));
    if l1_entries > MAX_L1_ENTRIES {
        return Err(invalid(format!("L1 table of {l1_entries} entries")));
    }
    let l1_offset = be64(&head, 40);
    let (incompatible, header_length) = if version == 3 {
        if n < 104 {
            return Err(invalid("version 3 header is cut short".to_string()));
        }
        (be64(&head, 72), be32(&head, 100) as usize)
    } else {
        (0, 72)
    };
    if incompatible & INCOMPATIBLE_EXTERNAL_DATA != 0 {
        return Err(unsupported("an external data file".to_string()));
    }
    if incompatible & INCOMPATIBLE_EXTENDED_L2 != 0 {
        return Err(unsupported("extended L2 entries (subclusters)".to_string()));
    }
    if incompatible & INCOMPATIBLE_COMPRESSION_TYPE != 0 && head.get(104).copied() != Some(0) {
        return Err(unsupported("zstd compression".to_string()));
    }
    let unknown =
        incompatible & !(INCOMPATIBLE_DIRTY | INCOMPATIBLE_CORRUPT | INCOMPATIBLE_COMPRESSION_TYPE);
    if unknown != 0 {
        return Err(unsupported(format!("incompatible features {unknown:#x}")));
    }
    if header_length < 72 || header_length > head.len() {
        return Err(invalid(format!("header length {header_length}")));
    }

    let backing_offset = be64(&head, 8);
    let backing = if backing_offset == 0 {
        None
    } else {
        let length = be32(&head, 16) as usize;
        let name = usize::try_from(backing_offset)
            .ok()
            .and_then(|start| head.get(start..start.checked_add(length)?))
            .filter(|_| length > 0 && length <= 1023)
            .ok_or_else(|| {
                invalid(format!(
                    "backing file name at byte {backing_offset} ({length} bytes) is out of place"
                ))
            })?;
        Some(String::from_utf8_lossy(name).into_owned())
    };

    let mut backing_format = None;
    let mut at = header_length;
    while let Some(kind) = head.get(at..at + 8).map(|_| be32(&head, at)) {
        let length = be32(&head, at + 4) as usize;
        if kind == EXTENSION_END {
            break;
        }
        let Some(data) = head.get(at + 8..at + 8 + length) else {
            return Err(invalid("header extension runs past the header".to_string()));
        };
        if kind == EXTENSION_BACKING_FORMAT {
            backing_format = Some(String::from_utf8_lossy(data).into_owned());
        }
        at += 8 + length.next_multiple_of(8);
    }
    Ok(Header {
        cluster_bits,
        size,
        l1_entries,
        l1_offset,
        backing,
        backing_format,
    })
}

impl Qcow2Disk {
    fn cluster_size(&self) -> u64 {
        1 << self.cluster_bits
    }

    /// Checks at open that every L2 table and cluster lies inside the file, so a truncated
    /// image fails here rather than midway through a scan. Returns whether any cluster is
    /// compressed. The clusters are not checked (and false is returned) when the L2 tables
    /// exceed [`L2_SCAN_BUDGET`]: reads check them then.
    fn validate_tables(&mut self) -> Result<bool, String> {
        let tables: Vec<u64> = self
            .l1
            .iter()
            .map(|e| e & OFFSET_MASK)
            .filter(|&t| t != 0)
            .collect();
        for &table in &tables {
            self.check_l2_offset(table)?;
        }
        if (tables.len() as u64).saturating_mul(self.cluster_size()) > L2_SCAN_BUDGET {
            return Ok(false);
        }
        let mut compressed = false;
        let mut raw = vec![0u8; self.cluster_size() as usize];
        for &table in &tables {
            let n = read_full(&self.file, table, &mut raw).map_err(|e| e.to_string())?;
            if n < raw.len() {
                return Err(format!("L2 table at byte {table} is cut short: truncated?"));
            }
            for entry in raw.chunks_exact(8) {
                let entry = u64::from_be_bytes(entry.try_into().unwrap_or_default());
                let offset = match self.classify(entry)? {
                    Cluster::Compressed(entry) => {
                        compressed = true;
                        self.compressed_extent(entry).0
                    }
                    Cluster::Data(offset) => offset,
                    Cluster::Zero | Cluster::Unallocated => continue,
                };
                if offset >= self.file_len {
                    return Err(beyond_end(offset, self.file_len));
                }
            }
        }
        Ok(compressed)
    }

    fn check_l2_offset(&self, table: u64) -> Result<(), String> {
        if !table.is_multiple_of(self.cluster_size())
            || table.saturating_add(self.cluster_size()) > self.file_len
        {
            return Err(format!(
                "L2 table at byte {table} is misaligned or beyond the end of the file \
                 ({} bytes): truncated?",
                self.file_len
            ));
        }
        Ok(())
    }

    fn classify(&self, entry: u64) -> Result<Cluster, String> {
        if entry & COMPRESSED != 0 {
            return Ok(Cluster::Compressed(entry));
        }
        if entry & ZERO != 0 {
            return Ok(Cluster::Zero);
        }
        match entry & OFFSET_MASK {
            0 => Ok(Cluster::Unallocated),
            offset if !offset.is_multiple_of(self.cluster_size()) => Err(format!(
                "cluster at byte {offset} is not aligned to the cluster size"
            )),
            offset => Ok(Cluster::Data(offset)),
        }
    }

    /// File offset and length of a compressed cluster's deflate stream.
    fn compressed_extent(&self, entry: u64) -> (u64, u64) {
        let shift = 62 - (self.cluster_bits - 8);
        let offset = entry & ((1 << shift) - 1);
        let sectors = ((entry >> shift) & ((1 << (self.cluster_bits - 8)) - 1)) + 1;
        (offset, sectors * 512 - (offset & 511))
    }

    fn corrupt(&self, reason: String) -> io::Error {
        read_error(&self.path, io::ErrorKind::InvalidData, reason)
    }

    /// What backs the virtual cluster holding byte `position`.
    fn lookup(&mut self, position: u64) -> io::Result<Cluster> {
        let cluster = position >> self.cluster_bits;
        let l2_bits = self.cluster_bits - 3;
        let Some(&l1_entry) = self.l1.get((cluster >> l2_bits) as usize) else {
            return Ok(Cluster::Unallocated);
        };
        let table = l1_entry & OFFSET_MASK;
        if table == 0 {
            return Ok(Cluster::Unallocated);
        }
        let index = (cluster & ((1 << l2_bits) - 1)) as usize;
        let entry = self.l2_entry(table, index)?;
        self.classify(entry).map_err(|reason| self.corrupt(reason))
    }

    fn l2_entry(&mut self, table: u64, index: usize) -> io::Result<u64> {
        if let Some(at) = self.l2_cache.iter().rposition(|(t, _)| *t == table) {
            // Most recently used last: a sequential read keeps hitting the last entry.
            if at + 1 != self.l2_cache.len() {
                let hit = self.l2_cache.remove(at);
                self.l2_cache.push(hit);
            }
        } else {
            self.check_l2_offset(table)
                .map_err(|reason| self.corrupt(reason))?;
            let mut raw = vec![0u8; self.cluster_size() as usize];
            let n = read_full(&self.file, table, &mut raw)
                .map_err(|e| read_error(&self.path, e.kind(), e))?;
            if n < raw.len() {
                return Err(read_error(
                    &self.path,
                    io::ErrorKind::UnexpectedEof,
                    format_args!("L2 table at byte {table} is cut short"),
                ));
            }
            let entries = raw
                .chunks_exact(8)
                .map(|b| u64::from_be_bytes(b.try_into().unwrap_or_default()))
                .collect();
            if self.l2_cache.len() >= self.l2_cache_capacity {
                self.l2_cache.remove(0);
            }
            self.l2_cache.push((table, entries));
        }
        let (_, entries) = &self.l2_cache[self.l2_cache.len() - 1];
        Ok(entries.get(index).copied().unwrap_or(0))
    }

    /// Reads `buf` from the file at `offset`; bytes past the end of the file read as zeros (as
    /// QEMU does), but a cluster starting past it means the image is truncated.
    fn read_host(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        if offset >= self.file_len {
            return Err(self.corrupt(beyond_end(offset, self.file_len)));
        }
        let n =
            read_full(&self.file, offset, buf).map_err(|e| read_error(&self.path, e.kind(), e))?;
        buf[n..].fill(0);
        Ok(())
    }

    fn inflate(&mut self, entry: u64) -> io::Result<&[u8]> {
        if self.inflated.as_ref().is_none_or(|(e, _)| *e != entry) {
            let (offset, length) = self.compressed_extent(entry);
            if offset >= self.file_len {
                return Err(self.corrupt(beyond_end(offset, self.file_len)));
            }
            // At most two clusters: the entry's sector count is cluster_bits - 8 bits wide.
            let mut input = vec![0u8; length.min(self.file_len - offset) as usize];
            let n = read_full(&self.file, offset, &mut input)
                .map_err(|e| read_error(&self.path, e.kind(), e))?;
            input.truncate(n);
            let mut output = vec![0u8; self.cluster_size() as usize];
            let mut inflater = Decompress::new(false);
            let status = inflater.decompress(&input, &mut output, FlushDecompress::Finish);
            // QEMU accepts a stream that fills the cluster exactly, ended or not.
            if status.is_err() || inflater.total_out() != self.cluster_size() {
                return Err(read_error(
                    &self.path,
                    io::ErrorKind::InvalidData,
                    format_args!(
                        "compressed cluster at byte {offset} does not inflate to {} bytes",
                        self.cluster_size()
                    ),
                ));
            }
            self.inflated = Some((entry, output));
        }
        Ok(self.inflated.as_ref().map_or(&[][..], |(_, data)| data))
    }
}

impl Disk for Qcow2Disk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.size) else {
            return Ok(0);
        };
        let wanted = buf.len();
        let cluster_size = self.cluster_size();
        let mut done = 0;
        while done < wanted {
            let position = offset + done as u64;
            let within = position & (cluster_size - 1);
            let mut run = (cluster_size - within).min((wanted - done) as u64) as usize;
            match self.lookup(position)? {
                Cluster::Data(host) => {
                    // Extend over the following clusters that follow in the file too: one read
                    // for what `qemu-img convert` laid out contiguously.
                    while done + run < wanted {
                        let next = position + run as u64;
                        match self.lookup(next)? {
                            Cluster::Data(h) if h == host + within + run as u64 => {
                                run += (cluster_size as usize).min(wanted - done - run);
                            }
                            _ => break,
                        }
                    }
                    self.read_host(host + within, &mut buf[done..done + run])?;
                }
                Cluster::Compressed(entry) => {
                    let data = self.inflate(entry)?;
                    let within = within as usize;
                    buf[done..done + run].copy_from_slice(&data[within..within + run]);
                }
                Cluster::Zero => buf[done..done + run].fill(0),
                Cluster::Unallocated => match self.parent.as_deref_mut() {
                    Some(parent) => read_parent(parent, position, &mut buf[done..done + run])?,
                    None => buf[done..done + run].fill(0),
                },
            }
            done += run;
        }
        Ok(done)
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        self.format.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::DeflateEncoder;

    use super::*;

    const CLUSTER: usize = 1 << 16;

    fn deflate(plain: &[u8]) -> Vec<u8> {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(plain).expect("deflate");
        encoder.finish().expect("deflate")
    }

    /// A three-cluster qcow2 whose L2 entries are `entries`; `tail` is appended at byte
    /// 3 * CLUSTER (after the header, L1 and L2 clusters).
    fn image(entries: [u64; 3], tail: &[u8]) -> Vec<u8> {
        let mut data = vec![0u8; 3 * CLUSTER];
        data[..4].copy_from_slice(MAGIC);
        data[4..8].copy_from_slice(&2u32.to_be_bytes());
        data[20..24].copy_from_slice(&16u32.to_be_bytes());
        data[24..32].copy_from_slice(&(3 * CLUSTER as u64).to_be_bytes());
        data[36..40].copy_from_slice(&1u32.to_be_bytes());
        data[40..48].copy_from_slice(&(CLUSTER as u64).to_be_bytes());
        data[CLUSTER..CLUSTER + 8].copy_from_slice(&(2 * CLUSTER as u64).to_be_bytes());
        for (i, entry) in entries.iter().enumerate() {
            let at = 2 * CLUSTER + i * 8;
            data[at..at + 8].copy_from_slice(&entry.to_be_bytes());
        }
        data.extend_from_slice(tail);
        data
    }

    fn compressed(offset: usize, len: usize) -> u64 {
        let sectors = len.div_ceil(512) as u64;
        COMPRESSED | ((sectors - 1) << 54) | offset as u64
    }

    #[test]
    fn crafted_compressed_clusters_stay_bounded() {
        let dir = tempfile::tempdir().expect("temporary directory");
        // A deflate bomb (64 MiB of zeros) fills one cluster and stops there; a stream that
        // inflates short of a cluster is an error.
        let bomb = deflate(&vec![0u8; 64 << 20]);
        let short = deflate(b"too short for a cluster");
        let mut tail = bomb.clone();
        tail.resize(bomb.len().next_multiple_of(512), 0);
        let short_at = 3 * CLUSTER + tail.len();
        tail.extend_from_slice(&short);
        let entries = [
            compressed(3 * CLUSTER, bomb.len()),
            compressed(short_at, short.len()),
            0,
        ];
        let path = dir.path().join("crafted.qcow2");
        std::fs::write(&path, image(entries, &tail)).expect("write");
        let mut disk = open(&path, 0).expect("open crafted image");
        assert_eq!(disk.format(), "qcow2 (compressed clusters)");
        let mut cluster = vec![0xffu8; CLUSTER];
        assert_eq!(disk.read_at(0, &mut cluster).expect("bomb"), CLUSTER);
        assert!(cluster.iter().all(|&b| b == 0));
        let error = disk
            .read_at(CLUSTER as u64, &mut cluster)
            .expect_err("short stream");
        assert!(error.to_string().contains("does not inflate"), "{error}");
        assert_eq!(
            disk.read_at(2 * CLUSTER as u64, &mut cluster)
                .expect("hole"),
            CLUSTER
        );

        // A data cluster past the end of the file is caught at open.
        let beyond = [0, 0, 10 * CLUSTER as u64];
        std::fs::write(&path, image(beyond, &[])).expect("write");
        let error = open(&path, 0).err().expect("cluster beyond the end");
        assert!(
            error.to_string().contains("beyond the end of the file"),
            "{error}"
        );
    }
}
