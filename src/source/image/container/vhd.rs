//! VHD (Virtual PC / Hyper-V generation 1): fixed, dynamic and differencing disks, decoded here
//! following the Microsoft VHD specification. `vhd-core` 0.1.4 reads the whole image into
//! memory at open and rejects differencing disks, so it cannot serve evidence of any size.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::{
    ContainerError, Format, describe_parent, find_parent, invalid_in, io_error_in, open_parent,
    open_sized, read_error, read_full, read_parent,
};
use crate::source::image::bytes::{be32, be64};
use crate::source::image::disk::{Disk, clamp_to_end};

pub(super) const COOKIE: &[u8] = b"conectix";
const DYNAMIC_COOKIE: &[u8] = b"cxsparse";
const FOOTER_SIZE: u64 = 512;
const DYNAMIC_HEADER_SIZE: usize = 1024;
const UNALLOCATED: u32 = u32::MAX;
const MAX_BLOCK_SIZE: u64 = 256 << 20;
/// 32 TiB in 2 MiB blocks, 16 times the largest VHD; bounds the block table at 64 MiB.
const MAX_BLOCKS: u64 = 16 << 20;
/// Longest parent locator read (a path in UTF-16).
const MAX_LOCATOR: u32 = 64 << 10;

const FIXED: u32 = 2;
const DYNAMIC: u32 = 3;
const DIFFERENCING: u32 = 4;

struct VhdDisk {
    file: File,
    path: PathBuf,
    size: u64,
    layout: Layout,
    parent: Option<Box<dyn Disk>>,
    /// The sector bitmap of the last differencing block read, by block number.
    bitmap: Option<(usize, Vec<u8>)>,
    format: String,
}

enum Layout {
    Fixed,
    Sparse {
        /// First sector of each block (bitmap then data), or [`UNALLOCATED`].
        bat: Vec<u32>,
        block_size: u64,
        bitmap_size: u64,
    },
}

/// The one's complement of the byte sum with the checksum field (at `at`) taken as zero.
fn checksum_ok(block: &[u8], at: usize) -> bool {
    let sum = block
        .iter()
        .enumerate()
        .filter(|(i, _)| !(at..at + 4).contains(i))
        .fold(0u32, |sum, (_, &b)| sum.wrapping_add(u32::from(b)));
    !sum == be32(block, at)
}

pub(super) fn open(path: &Path, depth: usize) -> Result<Box<dyn Disk>, ContainerError> {
    let invalid = invalid_in(path, Format::Vhd);
    let io_error = io_error_in(path);
    let (file, file_len) = open_sized(path)?;
    if file_len < FOOTER_SIZE {
        return Err(invalid(format!("{file_len} bytes is too short")));
    }
    let mut footer = [0u8; FOOTER_SIZE as usize];
    read_full(&file, file_len - FOOTER_SIZE, &mut footer).map_err(io_error)?;
    if !footer.starts_with(COOKIE) {
        let mut head = [0u8; 8];
        read_full(&file, 0, &mut head).map_err(io_error)?;
        return Err(invalid(if head == COOKIE {
            "the footer at the end of the file is missing: truncated?".to_string()
        } else {
            "no footer at the end of the file".to_string()
        }));
    }
    if !checksum_ok(&footer, 64) {
        return Err(invalid("footer checksum does not match".to_string()));
    }
    let size = be64(&footer, 48);
    let disk_type = be32(&footer, 60);
    let data_end = file_len - FOOTER_SIZE;
    match disk_type {
        FIXED => {
            if size > data_end {
                return Err(invalid(format!(
                    "declares a disk of {size} bytes but holds {data_end}: truncated?"
                )));
            }
            return Ok(Box::new(VhdDisk {
                file,
                path: path.to_path_buf(),
                size,
                layout: Layout::Fixed,
                parent: None,
                bitmap: None,
                format: "vhd (fixed)".to_string(),
            }));
        }
        DYNAMIC | DIFFERENCING => {}
        other => return Err(invalid(format!("unknown disk type {other}"))),
    }

    let header_offset = be64(&footer, 16);
    let mut header = [0u8; DYNAMIC_HEADER_SIZE];
    if header_offset.saturating_add(DYNAMIC_HEADER_SIZE as u64) > data_end
        || read_full(&file, header_offset, &mut header).map_err(io_error)? < header.len()
    {
        return Err(invalid(format!(
            "dynamic header at byte {header_offset} lies outside the file"
        )));
    }
    if !header.starts_with(DYNAMIC_COOKIE) || !checksum_ok(&header, 36) {
        return Err(invalid(format!(
            "no valid dynamic header at byte {header_offset}"
        )));
    }
    let table_offset = be64(&header, 16);
    let max_entries = u64::from(be32(&header, 28));
    let block_size = u64::from(be32(&header, 32));
    if !block_size.is_power_of_two() || !(512..=MAX_BLOCK_SIZE).contains(&block_size) {
        return Err(invalid(format!("block size {block_size}")));
    }
    let blocks = size.div_ceil(block_size);
    if blocks > MAX_BLOCKS {
        return Err(invalid(format!(
            "a block table of {blocks} entries is implausibly large"
        )));
    }
    if blocks > max_entries {
        return Err(invalid(format!(
            "declares a disk of {size} bytes but its block table maps only {}",
            max_entries * block_size
        )));
    }
    // Bounded by the file: the table must lie inside it.
    if table_offset.saturating_add(blocks * 4) > data_end {
        return Err(invalid(format!(
            "block table at byte {table_offset} ({blocks} entries) lies outside the file: \
             truncated?"
        )));
    }
    let mut raw = vec![0u8; (blocks * 4) as usize];
    read_full(&file, table_offset, &mut raw).map_err(io_error)?;
    let bat: Vec<u32> = raw.chunks_exact(4).map(|b| be32(b, 0)).collect();
    let bitmap_size = (block_size / 512).div_ceil(8).next_multiple_of(512);
    for (block, &sector) in bat.iter().enumerate() {
        let start = u64::from(sector) * 512;
        if sector != UNALLOCATED && start + bitmap_size + block_size > data_end {
            return Err(invalid(format!(
                "block {block} at byte {start} lies beyond the end of the data ({data_end} \
                 bytes): truncated?"
            )));
        }
    }

    let mut disk = VhdDisk {
        file,
        path: path.to_path_buf(),
        size,
        layout: Layout::Sparse {
            bat,
            block_size,
            bitmap_size,
        },
        parent: None,
        bitmap: None,
        format: "vhd (dynamic)".to_string(),
    };
    if disk_type == DIFFERENCING {
        let names = parent_names(&disk.file, &header, data_end);
        let parent_path = find_parent(path, Format::Vhd, &names)?;
        let parent = open_parent(path, &parent_path, Some(Format::Vhd), depth)?;
        disk.format = describe_parent("vhd (differencing)", &parent_path, parent.as_ref());
        disk.parent = Some(parent);
    }
    Ok(Box::new(disk))
}

/// The parent's names a differencing header records, best first: the relative and absolute
/// Windows paths, a Mac file URL, then the bare file name.
fn parent_names(file: &File, header: &[u8], data_end: u64) -> Vec<String> {
    let mut ranked: Vec<(usize, String)> = Vec::new();
    for entry in header[576..576 + 8 * 24].chunks_exact(24) {
        let code = &entry[..4];
        let length = be32(entry, 8);
        let offset = be64(entry, 16);
        let rank = match code {
            b"W2ru" => 0,
            b"W2ku" => 1,
            b"MacX" => 2,
            _ => continue,
        };
        if length == 0
            || length > MAX_LOCATOR
            || offset.saturating_add(u64::from(length)) > data_end
        {
            continue;
        }
        let mut data = vec![0u8; length as usize];
        if read_full(file, offset, &mut data).is_err() {
            continue;
        }
        let name = if rank == 2 {
            let url = String::from_utf8_lossy(&data).into_owned();
            let path = url.strip_prefix("file://").unwrap_or(&url);
            path.strip_prefix("localhost").unwrap_or(path).to_string()
        } else {
            utf16(
                data.chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]])),
            )
        };
        ranked.push((rank, name));
    }
    ranked.sort_by_key(|(rank, _)| *rank);
    let mut names: Vec<String> = ranked.into_iter().map(|(_, name)| name).collect();
    names.push(utf16(
        header[64..576]
            .chunks_exact(2)
            .map(|b| u16::from_be_bytes([b[0], b[1]])),
    ));
    names.retain(|n| !n.is_empty());
    names
}

fn utf16(units: impl Iterator<Item = u16>) -> String {
    let units: Vec<u16> = units.take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

impl VhdDisk {
    fn read_file(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let n =
            read_full(&self.file, offset, buf).map_err(|e| read_error(&self.path, e.kind(), e))?;
        if n < buf.len() {
            return Err(read_error(
                &self.path,
                io::ErrorKind::UnexpectedEof,
                format_args!("file ends at byte {} inside a block", offset + n as u64),
            ));
        }
        Ok(())
    }

    /// Reads `buf` at `position` within one block of a differencing disk: sectors whose
    /// bitmap bit is set come from this file, the others from the parent.
    fn read_differencing(
        &mut self,
        block: usize,
        data_start: u64,
        bitmap_size: u64,
        within: u64,
        position: u64,
        buf: &mut [u8],
    ) -> io::Result<()> {
        if self.bitmap.as_ref().is_none_or(|(b, _)| *b != block) {
            let mut bitmap = vec![0u8; bitmap_size as usize];
            self.read_file(data_start - bitmap_size, &mut bitmap)?;
            self.bitmap = Some((block, bitmap));
        }
        let present = |bitmap: &[u8], sector: u64| {
            bitmap
                .get((sector / 8) as usize)
                .is_some_and(|byte| byte & (0x80 >> (sector % 8)) != 0)
        };
        let end = within + buf.len() as u64;
        let mut at = within;
        while at < end {
            let bitmap = self.bitmap.as_ref().map_or(&[][..], |(_, b)| b);
            let here = present(bitmap, at / 512);
            let mut run_end = (at / 512 + 1) * 512;
            while run_end < end && present(bitmap, run_end / 512) == here {
                run_end += 512;
            }
            let run_end = run_end.min(end);
            let part = &mut buf[(at - within) as usize..(run_end - within) as usize];
            if here {
                self.read_file(data_start + at, part)?;
            } else if let Some(parent) = self.parent.as_deref_mut() {
                read_parent(parent, position + (at - within), part)?;
            } else {
                part.fill(0);
            }
            at = run_end;
        }
        Ok(())
    }
}

impl Disk for VhdDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.size) else {
            return Ok(0);
        };
        let wanted = buf.len();
        let (block_size, bitmap_size) = match &self.layout {
            Layout::Fixed => {
                self.read_file(offset, buf)?;
                return Ok(wanted);
            }
            Layout::Sparse {
                block_size,
                bitmap_size,
                ..
            } => (*block_size, *bitmap_size),
        };
        let mut done = 0;
        while done < wanted {
            let position = offset + done as u64;
            let block = (position / block_size) as usize;
            let within = position % block_size;
            let run = (block_size - within).min((wanted - done) as u64) as usize;
            let sector = match &self.layout {
                Layout::Sparse { bat, .. } => bat.get(block).copied().unwrap_or(UNALLOCATED),
                Layout::Fixed => UNALLOCATED,
            };
            let part = &mut buf[done..done + run];
            if sector == UNALLOCATED {
                match self.parent.as_deref_mut() {
                    Some(parent) => read_parent(parent, position, part)?,
                    None => part.fill(0),
                }
            } else {
                let data_start = u64::from(sector) * 512 + bitmap_size;
                if self.parent.is_some() {
                    self.read_differencing(block, data_start, bitmap_size, within, position, part)?;
                } else {
                    // Dynamic disks zero new blocks, so (like QEMU) the bitmap is not consulted.
                    self.read_file(data_start + within, part)?;
                }
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
