//! The primary superblock (64 KiB into the device): the geometry, where the root and chunk trees
//! start, and the system chunks that bootstrap the mapping from logical to physical addresses.

use std::io;

use super::super::{corrupt, crc32c, padded_label};
use super::CHUNK_ITEM;
use super::chunks::Chunk;
use super::tree::{KEY_BYTES, Key};
use crate::source::image::bytes::{le16, le32, le64};

/// Where the primary superblock lies on the device, and its size.
pub(super) const SUPERBLOCK_OFFSET: u64 = 0x1_0000;
pub(super) const SUPERBLOCK_BYTES: usize = 4096;
pub(super) const MAGIC: &[u8; 8] = b"_BHRfS_M";
const MAGIC_OFFSET: usize = 0x40;
/// The checksum covers what follows the 32-byte checksum field.
pub(super) const CSUM_BYTES: usize = 0x20;
const SYS_CHUNK_ARRAY: usize = 0x32B;
const SYS_CHUNK_ARRAY_MAX: usize = 2048;

/// Incompatible features: mixed backrefs, a default subvolume, mixed block groups, LZO and
/// zstd compression, big metadata, extended inode refs, RAID5/6, skinny metadata, no holes, a
/// metadata UUID, RAID1C3/4, zoned allocation. The extent tree v2 (bit 13) and the RAID stripe
/// tree (bit 14) change how data is found; anything unknown might too.
const INCOMPAT_KNOWN: u64 = 0x1FFF & !(1 << 13);
const INCOMPAT_METADATA_UUID: u64 = 1 << 10;

/// The checksum algorithms btrfs knows, as the superblock numbers them.
const CSUM_NAMES: [&str; 4] = ["crc32c", "xxhash64", "sha256", "blake2b"];

/// The filesystem's geometry and roots, checked to be self-consistent.
pub(super) struct Superblock {
    /// The UUID tree blocks are stamped with (the metadata UUID where the filesystem has one).
    pub metadata_uuid: [u8; 16],
    pub root: u64,
    pub root_level: u8,
    pub chunk_root: u64,
    pub chunk_root_level: u8,
    pub log_root: u64,
    pub total_bytes: u64,
    pub num_devices: u64,
    pub sector_size: u32,
    pub node_size: u32,
    /// The number of the device this superblock belongs to (the one in the image).
    pub devid: u64,
    /// The checksum algorithm, when it is not CRC-32C (tree blocks are then not verified).
    pub other_csum: Option<String>,
    /// The superblock's CRC-32C did not match.
    pub crc_mismatch: bool,
    pub label: Option<String>,
    /// The system chunks, which map the chunk tree's own blocks.
    pub sys_chunks: Vec<Chunk>,
}

impl Superblock {
    /// Parses and checks the superblock `raw` (`SUPERBLOCK_BYTES` long).
    pub fn parse(raw: &[u8]) -> io::Result<Superblock> {
        if raw.len() < SUPERBLOCK_BYTES || &raw[MAGIC_OFFSET..MAGIC_OFFSET + 8] != MAGIC {
            return Err(corrupt("not a btrfs filesystem (no superblock magic)"));
        }
        if le64(raw, 0x30) != SUPERBLOCK_OFFSET {
            return Err(corrupt(format!(
                "superblock: it says it lies at byte {}, not {SUPERBLOCK_OFFSET}",
                le64(raw, 0x30)
            )));
        }
        let csum_type = le16(raw, 0xC4);
        let (other_csum, crc_mismatch) = match csum_type {
            0 => {
                let stored = le32(raw, 0);
                (
                    None,
                    stored != crc32c::crc32c(&raw[CSUM_BYTES..SUPERBLOCK_BYTES]),
                )
            }
            1..=3 => (Some(CSUM_NAMES[usize::from(csum_type)].to_string()), false),
            other => {
                return Err(corrupt(format!(
                    "superblock: unknown checksum type {other}"
                )));
            }
        };
        let sector_size = le32(raw, 0x90);
        let node_size = le32(raw, 0x94);
        let geometry_ok = sector_size.is_power_of_two()
            && (4096..=65536).contains(&sector_size)
            && node_size.is_power_of_two()
            && (sector_size..=65536).contains(&node_size);
        if !geometry_ok {
            return Err(corrupt(format!(
                "superblock: impossible geometry (sectors of {sector_size} bytes, tree blocks \
                 of {node_size})"
            )));
        }
        let incompat = le64(raw, 0xBC);
        if incompat & !INCOMPAT_KNOWN != 0 {
            return Err(corrupt(format!(
                "unsupported btrfs incompatible features 0x{:x}",
                incompat & !INCOMPAT_KNOWN
            )));
        }
        let uuid_at = if incompat & INCOMPAT_METADATA_UUID != 0 {
            0x23B
        } else {
            0x20
        };
        let mut metadata_uuid = [0; 16];
        metadata_uuid.copy_from_slice(&raw[uuid_at..uuid_at + 16]);
        let (root_level, chunk_root_level) = (raw[0xC6], raw[0xC7]);
        if root_level >= super::tree::MAX_LEVEL || chunk_root_level >= super::tree::MAX_LEVEL {
            return Err(corrupt(format!(
                "superblock: tree levels {root_level} and {chunk_root_level} are impossible"
            )));
        }
        let label = padded_label(&raw[0x12B..0x22B]);
        let array_bytes = le32(raw, 0xA0) as usize;
        if array_bytes > SYS_CHUNK_ARRAY_MAX {
            return Err(corrupt(format!(
                "superblock: system chunk array of {array_bytes} bytes (at most \
                 {SYS_CHUNK_ARRAY_MAX})"
            )));
        }
        let sys_chunks = sys_chunks(&raw[SYS_CHUNK_ARRAY..SYS_CHUNK_ARRAY + array_bytes])?;
        Ok(Superblock {
            metadata_uuid,
            root: le64(raw, 0x50),
            root_level,
            chunk_root: le64(raw, 0x58),
            chunk_root_level,
            log_root: le64(raw, 0x60),
            total_bytes: le64(raw, 0x70),
            num_devices: le64(raw, 0x88),
            sector_size,
            node_size,
            devid: le64(raw, 0xC9),
            other_csum,
            crc_mismatch,
            label,
            sys_chunks,
        })
    }
}

/// The chunks of the superblock's system chunk array: each a key and a chunk item.
fn sys_chunks(mut array: &[u8]) -> io::Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    while !array.is_empty() {
        let key = Key::parse(array)
            .ok_or_else(|| corrupt("superblock: system chunk array cut inside a key"))?;
        if key.kind != CHUNK_ITEM {
            return Err(corrupt(format!(
                "superblock: system chunk array holds a key of type {}",
                key.kind
            )));
        }
        let (chunk, used) = Chunk::parse(key.offset, &array[KEY_BYTES..])
            .map_err(|e| corrupt(format!("superblock: system chunk: {e}")))?;
        chunks.push(chunk);
        array = &array[KEY_BYTES + used..];
    }
    if chunks.is_empty() {
        return Err(corrupt("superblock: no system chunk"));
    }
    Ok(chunks)
}
