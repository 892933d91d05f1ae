//! The primary superblock (sector 0 of allocation group 0) and the geometry it gives: how
//! filesystem block numbers and inode numbers, which both encode an allocation group, become
//! byte offsets on the volume.

use std::io;

use super::super::crc32c as crc;
use super::super::{corrupt, padded_label};
use crate::source::image::bytes::{be16, be32, be64};

const MAGIC: &[u8; 4] = b"XFSB";
/// Bytes of the superblock structure (its sector is larger and zero-filled).
pub(super) const SUPERBLOCK_BYTES: usize = 0x108;
const CRC_OFFSET: usize = 0xE0;

const VERSION_DIRV2: u16 = 0x2000;
const VERSION_MOREBITS: u16 = 0x8000;
const FEATURES2_FTYPE: u32 = 0x200;

const INCOMPAT_FTYPE: u32 = 0x1;
const INCOMPAT_META_UUID: u32 = 0x4;
const INCOMPAT_NEEDSREPAIR: u32 = 0x10;
const INCOMPAT_NREXT64: u32 = 0x20;
/// Incompatible features whose on-disk format this reader knows: file type in directory
/// entries, sparse inode chunks, separate metadata UUID, big timestamps, needs-repair, 64-bit
/// extent counters, and two that only add log items or attributes (exchange-range, parent
/// pointers). Anything else could change the format of what is read.
const INCOMPAT_KNOWN: u32 = 0xFF;

/// The filesystem's geometry and identity, checked to be self-consistent.
pub(super) struct Superblock {
    /// 4 (no checksums) or 5 (CRCs and self-describing metadata).
    pub version: u8,
    pub block_size: u64,
    /// Filesystem blocks on the data device.
    pub data_blocks: u64,
    pub ag_blocks: u64,
    pub ag_count: u64,
    /// Bits of an AG-relative block number in a filesystem block number.
    pub ag_block_log: u32,
    pub inode_size: u64,
    /// Bits of the inode index within its block in an inode number.
    pub inodes_per_block_log: u32,
    pub root_inode: u64,
    /// First filesystem block of the internal log (0: the log is on another device).
    pub log_start: u64,
    pub log_blocks: u64,
    /// Directory blocks are this many filesystem blocks (a power of two).
    pub dir_block_fsbs: u64,
    /// Directory entries carry a file type byte.
    pub has_ftype: bool,
    /// Inodes may count their data extents in 64 bits.
    pub has_nrext64: bool,
    /// The UUID v5 metadata blocks are stamped with.
    pub metadata_uuid: [u8; 16],
    pub needs_repair: bool,
    /// The superblock's checksum did not match (v5).
    pub crc_mismatch: bool,
    pub label: Option<String>,
}

impl Superblock {
    /// Parses and checks the superblock sector `raw` (at least `SUPERBLOCK_BYTES` long).
    pub fn parse(raw: &[u8]) -> io::Result<Superblock> {
        if raw.get(..4) != Some(&MAGIC[..]) || raw.len() < SUPERBLOCK_BYTES {
            return Err(corrupt("not an XFS filesystem (no superblock magic)"));
        }
        let versionnum = be16(raw, 0x64);
        let version = (versionnum & 0xF) as u8;
        if version != 4 && version != 5 {
            return Err(corrupt(format!(
                "superblock: XFS version {version} is not supported"
            )));
        }
        if version == 4 && versionnum & VERSION_DIRV2 == 0 {
            return Err(corrupt(
                "superblock: version 1 directories (IRIX) are not supported",
            ));
        }
        if raw[0x7E] != 0 {
            return Err(corrupt(
                "superblock: mkfs did not finish (in-progress flag set)",
            ));
        }
        let block_log = u32::from(raw[0x78]);
        let sector_log = u32::from(raw[0x79]);
        let inode_log = u32::from(raw[0x7A]);
        let inodes_per_block_log = u32::from(raw[0x7B]);
        let ag_block_log = u32::from(raw[0x7C]);
        let block_size = u64::from(be32(raw, 0x04));
        let sector_size = u64::from(be16(raw, 0x66));
        let inode_size = u64::from(be16(raw, 0x68));
        let inodes_per_block = u64::from(be16(raw, 0x6A));
        let ag_blocks = u64::from(be32(raw, 0x54));
        let ag_count = u64::from(be32(raw, 0x58));
        let data_blocks = be64(raw, 0x08);
        let min_inode = if version == 5 { 512 } else { 256 };
        let geometry_ok = (9..=16).contains(&block_log)
            && block_size == 1 << block_log
            && (9..=15).contains(&sector_log)
            && sector_size == 1 << sector_log
            && (8..=11).contains(&inode_log)
            && inode_size == 1 << inode_log
            && inode_size >= min_inode
            && inode_size <= block_size
            && inodes_per_block_log == block_log - inode_log
            && inodes_per_block == 1 << inodes_per_block_log
            && ag_blocks >= 64
            && ag_block_log <= 31
            && ag_blocks <= 1 << ag_block_log
            && ag_blocks > 1 << (ag_block_log - 1)
            && ag_count >= 1
            && data_blocks > (ag_count - 1) * ag_blocks
            && data_blocks <= ag_count * ag_blocks
            // Every byte offset computed later stays below this.
            && data_blocks.checked_mul(block_size).is_some();
        if !geometry_ok {
            return Err(corrupt("superblock: impossible geometry"));
        }
        let dir_block_log = u32::from(raw[0xC0]);
        if block_log + dir_block_log > 16 {
            return Err(corrupt(format!(
                "superblock: directory blocks of 2^{} bytes are not possible",
                block_log + dir_block_log
            )));
        }
        let features2 = if versionnum & VERSION_MOREBITS != 0 {
            be32(raw, 0xC8)
        } else {
            0
        };
        let incompat = if version == 5 { be32(raw, 0xD8) } else { 0 };
        if incompat & !INCOMPAT_KNOWN != 0 {
            return Err(corrupt(format!(
                "unsupported XFS incompatible features 0x{:x}",
                incompat & !INCOMPAT_KNOWN
            )));
        }
        let uuid_at = if incompat & INCOMPAT_META_UUID != 0 {
            0xF8
        } else {
            0x20
        };
        let mut metadata_uuid = [0; 16];
        metadata_uuid.copy_from_slice(&raw[uuid_at..uuid_at + 16]);
        let label = padded_label(&raw[0x6C..0x78]);
        let checked = raw.len().min(sector_size as usize);
        let sb = Superblock {
            version,
            block_size,
            data_blocks,
            ag_blocks,
            ag_count,
            ag_block_log,
            inode_size,
            inodes_per_block_log,
            root_inode: be64(raw, 0x38),
            log_start: be64(raw, 0x30),
            log_blocks: u64::from(be32(raw, 0x60)),
            dir_block_fsbs: 1 << dir_block_log,
            has_ftype: if version == 5 {
                incompat & INCOMPAT_FTYPE != 0
            } else {
                features2 & FEATURES2_FTYPE != 0
            },
            has_nrext64: incompat & INCOMPAT_NREXT64 != 0,
            metadata_uuid,
            needs_repair: incompat & INCOMPAT_NEEDSREPAIR != 0,
            crc_mismatch: version == 5 && !crc::matches(&raw[..checked], CRC_OFFSET),
            label,
        };
        if sb.inode_offset(sb.root_inode).is_none() {
            return Err(corrupt(format!(
                "superblock: root inode {} is outside the filesystem",
                sb.root_inode
            )));
        }
        Ok(sb)
    }

    /// Size of the filesystem on the data device, in bytes.
    pub fn data_bytes(&self) -> u64 {
        self.data_blocks * self.block_size
    }

    pub fn dir_block_size(&self) -> u64 {
        self.dir_block_fsbs * self.block_size
    }

    /// Byte offset of filesystem block `fsb` (AG number in the high bits), if it exists.
    pub fn block_offset(&self, fsb: u64) -> Option<u64> {
        self.extent_offset(fsb, 1)
    }

    /// Byte offset of `count` blocks from `fsb` on, if they all exist: an extent never crosses
    /// the end of its allocation group.
    pub fn extent_offset(&self, fsb: u64, count: u64) -> Option<u64> {
        let ag = fsb >> self.ag_block_log;
        let ag_block = fsb & ((1 << self.ag_block_log) - 1);
        let linear = ag.checked_mul(self.ag_blocks)?.checked_add(ag_block)?;
        let fits = ag < self.ag_count
            && ag_block.checked_add(count)? <= self.ag_blocks
            && linear + count <= self.data_blocks;
        fits.then(|| linear * self.block_size)
    }

    /// Byte offset of inode `number` (AG, block within the AG and index within the block), if
    /// it exists.
    pub fn inode_offset(&self, number: u64) -> Option<u64> {
        let index_bits = self.inodes_per_block_log;
        let block = number >> index_bits;
        let index = number & ((1 << index_bits) - 1);
        if block >> self.ag_block_log >= self.ag_count {
            return None;
        }
        Some(self.block_offset(block)? + index * self.inode_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A v5 superblock for 4 AGs of 4096 blocks of 4 KiB, 512-byte inodes, root inode 128.
    fn raw() -> Vec<u8> {
        let mut raw = vec![0u8; 512];
        raw[..4].copy_from_slice(MAGIC);
        raw[0x04..0x08].copy_from_slice(&4096u32.to_be_bytes());
        raw[0x08..0x10].copy_from_slice(&16384u64.to_be_bytes());
        raw[0x38..0x40].copy_from_slice(&128u64.to_be_bytes());
        raw[0x54..0x58].copy_from_slice(&4096u32.to_be_bytes());
        raw[0x58..0x5C].copy_from_slice(&4u32.to_be_bytes());
        raw[0x64..0x66].copy_from_slice(&0xB4A5u16.to_be_bytes());
        raw[0x66..0x68].copy_from_slice(&512u16.to_be_bytes());
        raw[0x68..0x6A].copy_from_slice(&512u16.to_be_bytes());
        raw[0x6A..0x6C].copy_from_slice(&8u16.to_be_bytes());
        raw[0x6C..0x72].copy_from_slice(b"needle");
        raw[0x78..0x7D].copy_from_slice(&[12, 9, 9, 3, 12]);
        raw[0xD8..0xDC].copy_from_slice(&1u32.to_be_bytes());
        let crc = crc::crc32c_skipping(&raw, CRC_OFFSET);
        raw[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_le_bytes());
        raw
    }

    #[test]
    fn a_consistent_superblock_parses_with_its_geometry() {
        let sb = Superblock::parse(&raw()).expect("parses");
        assert_eq!((sb.version, sb.block_size, sb.ag_count), (5, 4096, 4));
        assert!(sb.has_ftype && !sb.crc_mismatch);
        assert_eq!(sb.label.as_deref(), Some("needle"));
        // AG 1, block 5: the second AG starts 4096 blocks in.
        assert_eq!(sb.block_offset((1 << 12) | 5), Some((4096 + 5) * 4096));
        // Inode 128: block 16 of AG 0, first slot.
        assert_eq!(sb.inode_offset(128), Some(16 * 4096));
        assert_eq!(sb.inode_offset(131), Some(16 * 4096 + 3 * 512));
    }

    #[test]
    fn addresses_outside_the_filesystem_are_refused() {
        // AGs of 4000 blocks: AG-relative numbers 4000 to 4095 exist in the encoding only.
        let mut raw = raw();
        raw[0x08..0x10].copy_from_slice(&16000u64.to_be_bytes());
        raw[0x54..0x58].copy_from_slice(&4000u32.to_be_bytes());
        let sb = Superblock::parse(&raw).expect("parses");
        assert_eq!(sb.block_offset((3 << 12) | 3999), Some(15999 * 4096));
        assert_eq!(sb.block_offset(4 << 12), None, "AG 4 does not exist");
        assert_eq!(sb.block_offset(4000), None, "AG-relative block past the AG");
        assert_eq!(
            sb.extent_offset(3950, 51),
            None,
            "extent crossing the AG end"
        );
        assert_eq!(sb.extent_offset(3950, 50), Some(3950 * 4096));
        assert_eq!(sb.inode_offset(u64::MAX), None);
        assert_eq!(
            sb.inode_offset(4000 << 3),
            None,
            "inode in a block past the AG"
        );
    }

    #[test]
    fn impossible_superblocks_are_errors() {
        for (offset, bytes) in [
            (0x04usize, &[0u8, 0, 0, 0][..]),
            (0x54, &[0, 0, 0, 0]),
            (0x58, &[0, 0, 0, 0]),
            (0x58, &[0xFF, 0xFF, 0xFF, 0xFF]),
            (0x08, &[0xFF; 8]),
            (0x38, &[0xFF; 8]),
            (0x64, &[0, 6]),
            (0x7B, &[9]),
            (0xC0, &[9]),
            (0xD8, &[0x80, 0, 0, 0]),
        ] {
            let mut raw = raw();
            raw[offset..offset + bytes.len()].copy_from_slice(bytes);
            assert!(Superblock::parse(&raw).is_err(), "offset {offset:#x}");
        }
    }

    #[test]
    fn a_wrong_checksum_is_noted_not_fatal() {
        let mut raw = raw();
        raw[0x90] ^= 1;
        assert!(Superblock::parse(&raw).expect("parses").crc_mismatch);
    }
}
