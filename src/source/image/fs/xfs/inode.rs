//! Inodes: the core (versions 1 and 2 on v4 filesystems, version 3 with checksum, number and
//! UUID on v5) and the data fork, which holds the content inline, an extent list or the root
//! of an extent B+tree. Extended attributes (the attribute fork) are not read.

use std::io;

use super::super::corrupt;
use super::super::crc32c as crc;
use super::superblock::Superblock;
use crate::source::image::bytes::{be16, be32, be64};

const MAGIC: u16 = 0x494E;
const V3_CORE_BYTES: usize = 176;
const V2_CORE_BYTES: usize = 100;
const CRC_OFFSET: usize = 0x64;

const FLAG_REALTIME: u16 = 0x1;
const FLAG2_NREXT64: u64 = 0x10;

/// How the data fork stores its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// Device number only (special files).
    Device,
    /// The content itself (short-form directories, short symlinks).
    Local,
    /// A list of extents.
    Extents,
    /// The root of a B+tree of extents.
    Btree,
}

pub(super) struct Inode {
    pub number: u64,
    pub mode: u16,
    pub format: Format,
    pub links: u32,
    pub size: u64,
    /// The data lives on the realtime device, which is not part of the volume.
    pub realtime: bool,
    /// Extents of the data fork (extents and B+tree formats).
    pub extents: u64,
    /// The data fork as stored in the inode.
    pub fork: Vec<u8>,
    /// The v3 checksum did not match: the inode is still read, and the mismatch reported.
    pub crc_mismatch: bool,
}

impl Inode {
    /// Parses inode `number` from its `raw` bytes (one inode's worth).
    pub fn parse(raw: &[u8], number: u64, sb: &Superblock) -> io::Result<Inode> {
        let bad = |what: &str| corrupt(format!("inode {number}: {what}"));
        if be16(raw, 0) != MAGIC || raw.len() as u64 != sb.inode_size {
            return Err(bad("no inode magic (a free or overwritten inode)"));
        }
        let version = raw[0x04];
        let core = match (sb.version, version) {
            (5, 3) => V3_CORE_BYTES,
            (4, 1 | 2) => V2_CORE_BYTES,
            _ => {
                return Err(bad(&format!(
                    "version {version} inode on a v{} filesystem",
                    sb.version
                )));
            }
        };
        let mut crc_mismatch = false;
        let mut flags2 = 0;
        if version == 3 {
            if be64(raw, 0x98) != number {
                return Err(bad(&format!(
                    "the slot holds inode {} (misplaced or stale)",
                    be64(raw, 0x98)
                )));
            }
            if raw[0xA0..0xB0] != sb.metadata_uuid {
                return Err(bad("belongs to another filesystem (UUID differs)"));
            }
            crc_mismatch = !crc::matches(raw, CRC_OFFSET);
            flags2 = be64(raw, 0x78);
        }
        let format = match raw[0x05] {
            0 => Format::Device,
            1 => Format::Local,
            2 => Format::Extents,
            3 => Format::Btree,
            other => return Err(bad(&format!("unknown data fork format {other}"))),
        };
        let literal = raw.len() - core;
        let fork_offset = usize::from(raw[0x52]) * 8;
        if fork_offset > literal {
            return Err(bad("attribute fork offset past the end of the inode"));
        }
        let fork_len = if fork_offset == 0 {
            literal
        } else {
            fork_offset
        };
        let size = be64(raw, 0x38);
        if size > i64::MAX as u64 {
            return Err(bad("negative size"));
        }
        let extents = if flags2 & FLAG2_NREXT64 != 0 && sb.has_nrext64 {
            be64(raw, 0x18)
        } else {
            u64::from(be32(raw, 0x4C))
        };
        Ok(Inode {
            number,
            mode: be16(raw, 0x02),
            format,
            links: if version == 1 {
                u32::from(be16(raw, 0x06))
            } else {
                be32(raw, 0x10)
            },
            size,
            realtime: be16(raw, 0x5A) & FLAG_REALTIME != 0,
            extents,
            fork: raw[core..core + fork_len].to_vec(),
            crc_mismatch,
        })
    }

    /// The file type bits of the mode.
    pub fn kind(&self) -> u16 {
        self.mode & 0xF000
    }
}
