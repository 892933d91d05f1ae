//! A regular file's content, extent by extent: inline data in the item, regular extents read
//! through the chunks, compressed ones (zlib, LZO, zstd) decoded one extent at a time (128 KiB
//! at most), holes and preallocated extents as zeros. Extents are looked up in the tree as the
//! reading goes, so a file of any size is streamed.

use std::io::{self, Read};

use super::super::corrupt;
use super::super::inode_walk::Unread;
use super::tree::{Key, TreeRoot};
use super::walk::Inode;
use super::{EXTENT_DATA, Volume, lzo};
use crate::source::image::bytes::{le16, le64};

/// A file extent item up to its type; an inline extent's data follows.
const EXTENT_HEAD: usize = 21;
/// A regular or preallocated extent's item.
const EXTENT_REGULAR: usize = 53;
const INLINE: u8 = 0;
const REGULAR: u8 = 1;
const PREALLOC: u8 = 2;
const ZLIB: u8 = 1;
const LZO: u8 = 2;
const ZSTD: u8 = 3;
/// The most a compressed extent holds, compressed or not (BTRFS_MAX_COMPRESSED).
const MAX_COMPRESSED: u64 = 128 * 1024;

/// Whether every extent of `inode` can be read: encrypted extents, unknown compressions and
/// encodings leave the file not scanned; an unreadable extent list is an error.
pub(super) fn check_extents(volume: &Volume, inode: &Inode) -> Result<(), Unread> {
    let mut unread = None;
    let walked = volume.items(
        inode.root,
        Key::all(inode.id.number, EXTENT_DATA),
        &mut |key, raw| {
            if raw.len() < EXTENT_HEAD {
                return Err(corrupt(format!("extent at {}: short item", key.offset)));
            }
            let (compression, encryption, encoding) = (raw[16], raw[17], le16(raw, 18));
            let why = if encryption != 0 {
                Some(format!("encrypted extents (encryption {encryption})"))
            } else if encoding != 0 {
                Some(format!("extents in an unknown encoding ({encoding})"))
            } else if compression > ZSTD {
                Some(format!("extents in an unknown compression ({compression})"))
            } else {
                None
            };
            unread = why;
            Ok(unread.is_none())
        },
    );
    match (walked, unread) {
        (Err(e), _) => Err(Unread::Error(corrupt(format!(
            "inode {}: extents: {e}",
            inode.id
        )))),
        (Ok(()), Some(why)) => Err(Unread::NotScanned(why)),
        (Ok(()), None) => Ok(()),
    }
}

/// Where the bytes of an extent come from.
enum Source {
    Zeros,
    /// The extent's first byte lies at this logical address.
    Disk(u64),
    /// Decoded bytes, the extent's first byte `skip` bytes in.
    Decoded {
        bytes: Vec<u8>,
        skip: usize,
    },
}

/// One extent: file bytes `start..end` and where they come from.
struct Extent {
    start: u64,
    end: u64,
    source: Source,
}

pub(super) struct ExtentReader<'a> {
    volume: &'a Volume,
    root: TreeRoot,
    number: u64,
    size: u64,
    position: u64,
    /// The next extent item is looked for from this file offset.
    search_from: u64,
    current: Option<Extent>,
}

impl<'a> ExtentReader<'a> {
    pub fn new(volume: &'a Volume, inode: &Inode) -> ExtentReader<'a> {
        ExtentReader {
            volume,
            root: inode.root,
            number: inode.id.number,
            size: inode.size,
            position: 0,
            search_from: 0,
            current: None,
        }
    }

    /// The extent holding the byte at `self.position`; where no extent item covers it (a hole
    /// left implicit by the no-holes feature, or the end of the file), zeros.
    fn extent(&mut self) -> io::Result<Extent> {
        loop {
            let range = (
                Key::new(self.number, EXTENT_DATA, self.search_from),
                Key::new(self.number, EXTENT_DATA, u64::MAX),
            );
            let Some((key, raw)) = self.volume.first_item(self.root, range)? else {
                return Ok(Extent {
                    start: self.position,
                    end: self.size,
                    source: Source::Zeros,
                });
            };
            if key.offset > self.position {
                return Ok(Extent {
                    start: self.position,
                    end: key.offset,
                    source: Source::Zeros,
                });
            }
            // Keys rise strictly, so each item is met once.
            self.search_from = key.offset.saturating_add(1);
            let extent = parse(self.volume, key.offset, &raw)
                .map_err(|e| corrupt(format!("extent at {}: {e}", key.offset)))?;
            if extent.end > self.position {
                return Ok(extent);
            }
        }
    }
}

/// The extent item `raw` for file offset `start`.
fn parse(volume: &Volume, start: u64, raw: &[u8]) -> io::Result<Extent> {
    if raw.len() < EXTENT_HEAD {
        return Err(corrupt("short item"));
    }
    let ram_bytes = le64(raw, 8);
    let compression = raw[16];
    let kind = raw[20];
    let extent = |length: u64, source| {
        let end = start
            .checked_add(length)
            .ok_or_else(|| corrupt(format!("{length} bytes run past the largest offset")))?;
        Ok(Extent { start, end, source })
    };
    if kind == INLINE {
        let data = &raw[EXTENT_HEAD..];
        if compression == 0 {
            return extent(
                data.len() as u64,
                Source::Decoded {
                    bytes: data.to_vec(),
                    skip: 0,
                },
            );
        }
        let bytes = decompress(compression, data, ram_bytes, volume.sb.sector_size)?;
        return extent(bytes.len() as u64, Source::Decoded { bytes, skip: 0 });
    }
    if kind != REGULAR && kind != PREALLOC {
        return Err(corrupt(format!("unknown extent type {kind}")));
    }
    if raw.len() < EXTENT_REGULAR {
        return Err(corrupt("short item"));
    }
    let disk_bytenr = le64(raw, 21);
    let disk_bytes = le64(raw, 29);
    let offset = le64(raw, 37);
    let length = le64(raw, 45);
    if kind == PREALLOC || disk_bytenr == 0 {
        return extent(length, Source::Zeros);
    }
    let used_end = offset
        .checked_add(length)
        .ok_or_else(|| corrupt("impossible extent range"))?;
    if compression == 0 {
        if used_end > disk_bytes {
            return Err(corrupt(format!(
                "bytes {offset}..{used_end} of a disk extent of {disk_bytes}"
            )));
        }
        let at = disk_bytenr
            .checked_add(offset)
            .ok_or_else(|| corrupt("impossible disk address"))?;
        return extent(length, Source::Disk(at));
    }
    if disk_bytes > MAX_COMPRESSED || used_end > ram_bytes {
        return Err(corrupt(format!(
            "compressed extent of {disk_bytes} bytes for {ram_bytes}, bytes {offset}..{used_end} \
             used"
        )));
    }
    let mut compressed = vec![0; disk_bytes as usize];
    volume.read_logical(disk_bytenr, &mut compressed)?;
    let bytes = decompress(compression, &compressed, ram_bytes, volume.sb.sector_size)?;
    if (bytes.len() as u64) < used_end {
        return Err(corrupt(format!(
            "decompressed to {} bytes, {used_end} needed",
            bytes.len()
        )));
    }
    extent(
        length,
        Source::Decoded {
            bytes,
            skip: offset as usize,
        },
    )
}

/// Decodes `input`, compressed with `compression`, into at most `expected` bytes (refused
/// above 128 KiB, the most btrfs compresses at once).
fn decompress(
    compression: u8,
    input: &[u8],
    expected: u64,
    sector_size: u32,
) -> io::Result<Vec<u8>> {
    if expected > MAX_COMPRESSED {
        return Err(corrupt(format!(
            "{expected} bytes once decompressed (btrfs compresses at most {MAX_COMPRESSED})"
        )));
    }
    let mut bytes = Vec::new();
    let mut stream = |name: &str, mut reader: Box<dyn Read + '_>| {
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| corrupt(format!("{name} data: {e}")))
    };
    match compression {
        ZLIB => stream(
            "zlib",
            Box::new(flate2::read::ZlibDecoder::new(input).take(expected)),
        )?,
        ZSTD => stream(
            "zstd",
            Box::new(crate::source::archive::zstd_reader(input).take(expected)),
        )?,
        LZO => {
            bytes = lzo::decompress_btrfs(input, expected as usize, sector_size as usize)
                .map_err(|e| corrupt(format!("lzo data: {e}")))?;
            0
        }
        other => return Err(corrupt(format!("unknown compression {other}"))),
    };
    Ok(bytes)
}

impl Read for ExtentReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() && self.position < self.size {
            let extent = match self.current.take() {
                Some(extent) if extent.start <= self.position && self.position < extent.end => {
                    extent
                }
                _ => self.extent()?,
            };
            let n = ((buf.len() - filled) as u64)
                .min(extent.end - self.position)
                .min(self.size - self.position) as usize;
            let into = self.position - extent.start;
            let part = &mut buf[filled..filled + n];
            match &extent.source {
                Source::Zeros => part.fill(0),
                Source::Disk(at) => {
                    let at = at
                        .checked_add(into)
                        .ok_or_else(|| corrupt("extent past the largest address"))?;
                    self.volume.read_logical(at, part)?;
                }
                Source::Decoded { bytes, skip } => {
                    let from = skip + into as usize;
                    part.copy_from_slice(&bytes[from..from + n]);
                }
            }
            filled += n;
            self.position += n as u64;
            self.current = Some(extent);
        }
        Ok(filled)
    }
}
