//! Byte-level edits of test images, for the shapes mkfs.xfs cannot make from a prototype file
//! (it writes each file as one extent): files scattered over many extents, so that their map
//! needs a B+tree of one or two levels, with holes and unwritten extents. Each edit keeps the
//! filesystem consistent (`xfs_repair -n` finds nothing to fix) and the tests compare xfs_db's
//! reading of the result with what was written.

use std::os::unix::fs::FileExt;
use std::path::Path;

use super::super::super::crc32c as crc;
use super::super::bmap::Record;
use super::super::inode::Inode;
use super::super::superblock::Superblock;

/// Extent records per tree leaf: within a 1 KiB block's 29 to 59.
const RECORDS_PER_LEAF: usize = 40;
const V5_HEADER_BYTES: usize = 72;
const NO_SIBLING: u64 = u64::MAX;

/// A file rewritten by [`scatter`].
pub struct Scattered {
    /// What the file now reads as.
    pub content: Vec<u8>,
    pub records: Vec<Record>,
    /// The interior block of a two-level tree.
    pub node: Option<u64>,
}

pub fn superblock(image: &Path) -> Superblock {
    let file = std::fs::File::open(image).expect("open image");
    let mut raw = vec![0; 4096];
    file.read_exact_at(&mut raw, 0).expect("read superblock");
    let sector = usize::from(u16::from_be_bytes([raw[0x66], raw[0x67]]));
    raw.truncate(sector);
    Superblock::parse(&raw).expect("test image superblock")
}

/// Rewrites the map of inode `number` of a v5 image, a file stored as one extent, so that each
/// of its blocks is an extent of its own, neighbours swapped, with a two-block hole before
/// every seventh and every eleventh unwritten; the file ends in a hole. With `levels` 0 the
/// records stay in the inode; with 1 or 2 the last blocks of the old extent become the tree's
/// leaves (and interior block), so every block stays the file's.
pub fn scatter(image: &Path, number: u64, levels: u16) -> Scattered {
    let sb = superblock(image);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(image)
        .expect("open image for writing");
    let inode_at = sb.inode_offset(number).expect("inode");
    let mut raw = vec![0; sb.inode_size as usize];
    file.read_exact_at(&mut raw, inode_at).expect("read inode");
    let inode = Inode::parse(&raw, number, &sb).expect("inode parses");
    assert_eq!(inode.extents, 1, "the file must be one extent");
    let old = Record::decode(&inode.fork);
    let bs = sb.block_size;
    let block_at = |fsb: u64| sb.block_offset(fsb).expect("block inside the filesystem");
    let mut old_data = vec![0; (old.count * bs) as usize];
    file.read_exact_at(&mut old_data, block_at(old.start))
        .expect("read file data");

    let (leaf_count, tree_blocks) = match levels {
        0 => (0, 0),
        1 | 2 => {
            // Solve data + leaves (+ node) = old.count for whole leaves.
            let per = RECORDS_PER_LEAF as u64;
            let spare = u64::from(levels - 1);
            let leaves = (old.count - spare) / (per + 1);
            (leaves, leaves + spare)
        }
        _ => panic!("one or two levels"),
    };
    let data_blocks = if levels == 0 {
        old.count
    } else {
        leaf_count * RECORDS_PER_LEAF as u64
    };
    assert!(data_blocks + tree_blocks <= old.count);
    let mut records = Vec::new();
    let mut logical = 0;
    for i in 0..data_blocks {
        let swapped = if (i ^ 1) < data_blocks { i ^ 1 } else { i };
        if i % 7 == 3 {
            logical += 2;
        }
        records.push(Record {
            offset: logical,
            start: old.start + swapped,
            count: 1,
            unwritten: i % 11 == 5,
        });
        logical += 1;
    }
    let size = (logical + 2) * bs - 100;
    let mut content = vec![0; size as usize];
    for record in records.iter().filter(|r| !r.unwritten) {
        let from = ((record.start - old.start) * bs) as usize;
        let to = (record.offset * bs) as usize;
        content[to..to + bs as usize].copy_from_slice(&old_data[from..from + bs as usize]);
    }

    let tree_start = old.start + data_blocks;
    let leaves: Vec<u64> = (0..leaf_count).map(|j| tree_start + j).collect();
    let node = (levels == 2).then_some(tree_start + leaf_count);
    let header = |level: u16, count: usize, left: u64, right: u64, fsb: u64| {
        let mut block = vec![0u8; bs as usize];
        block[..4].copy_from_slice(b"BMA3");
        block[4..6].copy_from_slice(&level.to_be_bytes());
        block[6..8].copy_from_slice(&(count as u16).to_be_bytes());
        block[8..16].copy_from_slice(&left.to_be_bytes());
        block[16..24].copy_from_slice(&right.to_be_bytes());
        block[24..32].copy_from_slice(&(block_at(fsb) / 512).to_be_bytes());
        block[40..56].copy_from_slice(&sb.metadata_uuid);
        block[56..64].copy_from_slice(&number.to_be_bytes());
        block
    };
    let write_block = |fsb: u64, mut block: Vec<u8>| {
        let crc = crc::crc32c_skipping(&block, 64);
        block[64..68].copy_from_slice(&crc.to_le_bytes());
        file.write_all_at(&block, block_at(fsb))
            .expect("write tree block");
    };
    for (j, chunk) in records
        .chunks(RECORDS_PER_LEAF)
        .enumerate()
        .take(leaves.len())
    {
        let left = if j == 0 { NO_SIBLING } else { leaves[j - 1] };
        let right = leaves.get(j + 1).copied().unwrap_or(NO_SIBLING);
        let mut block = header(0, chunk.len(), left, right, leaves[j]);
        for (k, record) in chunk.iter().enumerate() {
            let at = V5_HEADER_BYTES + k * 16;
            block[at..at + 16].copy_from_slice(&encode(record));
        }
        write_block(leaves[j], block);
    }
    let first_keys: Vec<u64> = records
        .chunks(RECORDS_PER_LEAF)
        .map(|chunk| chunk[0].offset)
        .collect();
    if let Some(node) = node {
        let mut block = header(1, leaves.len(), NO_SIBLING, NO_SIBLING, node);
        put_keys_and_pointers(&mut block[V5_HEADER_BYTES..], &first_keys, &leaves);
        write_block(node, block);
    }

    // The inode: format, extent count, size, the fork itself, then its checksum.
    let fork_at = 176;
    let fork = &mut raw[fork_at..];
    fork.fill(0);
    if levels == 0 {
        for (k, record) in records.iter().enumerate() {
            fork[k * 16..k * 16 + 16].copy_from_slice(&encode(record));
        }
    } else {
        fork[..2].copy_from_slice(&levels.to_be_bytes());
        let (keys, children) = match node {
            Some(node) => (vec![0], vec![node]),
            None => (first_keys, leaves),
        };
        fork[2..4].copy_from_slice(&(keys.len() as u16).to_be_bytes());
        put_keys_and_pointers(&mut fork[4..], &keys, &children);
    }
    raw[0x05] = if levels == 0 { 2 } else { 3 };
    raw[0x38..0x40].copy_from_slice(&size.to_be_bytes());
    raw[0x4C..0x50].copy_from_slice(&(records.len() as u32).to_be_bytes());
    let crc = crc::crc32c_skipping(&raw, 0x64);
    raw[0x64..0x68].copy_from_slice(&crc.to_le_bytes());
    file.write_all_at(&raw, inode_at).expect("write inode");
    Scattered {
        content,
        records,
        node,
    }
}

/// Keys from the start of `area`, child pointers after as many key slots as the area holds.
fn put_keys_and_pointers(area: &mut [u8], keys: &[u64], children: &[u64]) {
    let slots = area.len() / 16;
    for (i, (key, child)) in keys.iter().zip(children).enumerate() {
        area[i * 8..i * 8 + 8].copy_from_slice(&key.to_be_bytes());
        let at = slots * 8 + i * 8;
        area[at..at + 8].copy_from_slice(&child.to_be_bytes());
    }
}

pub fn encode(record: &Record) -> [u8; 16] {
    let high = (u64::from(record.unwritten) << 63) | (record.offset << 9) | (record.start >> 43);
    let low = ((record.start & ((1 << 43) - 1)) << 21) | record.count;
    let mut raw = [0; 16];
    raw[..8].copy_from_slice(&high.to_be_bytes());
    raw[8..].copy_from_slice(&low.to_be_bytes());
    raw
}

/// Overwrites `bytes` at byte `at` of `image`.
pub fn patch(image: &Path, at: u64, bytes: &[u8]) {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(image)
        .expect("open image for writing");
    file.write_all_at(bytes, at).expect("patch image");
}

/// Recomputes the checksum of the `len`-byte structure at byte `at` of `image`, stored at
/// `field` within it.
pub fn fix_checksum(image: &Path, at: u64, len: usize, field: usize) {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(image)
        .expect("open image for writing");
    let mut block = vec![0; len];
    file.read_exact_at(&mut block, at).expect("read structure");
    let crc = crc::crc32c_skipping(&block, field);
    file.write_all_at(&crc.to_le_bytes(), at + field as u64)
        .expect("write checksum");
}

/// Writes a log record after the unmount record that mkfs (or xfs_db's `logformat`) leaves at
/// the start of the log: one transaction-start operation in the same cycle, its first word
/// stamped with the cycle and checksummed as the kernel writes them, so that the last record
/// before the log's head is no longer an unmount.
pub fn append_transaction(image: &Path) {
    const MAGIC: u32 = 0xFEED_BABE;
    let sb = superblock(image);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(image)
        .expect("open image for writing");
    let log_at = sb.block_offset(sb.log_start).expect("internal log");
    let mut unmount = [0u8; 8];
    file.read_exact_at(&mut unmount, log_at).expect("read log");
    assert_eq!(unmount[..4], MAGIC.to_be_bytes(), "an unmount record first");
    let cycle = [unmount[4], unmount[5], unmount[6], unmount[7]];
    // Operation header: transaction id, length, client (a transaction), flags (start).
    let mut data = [0u8; 512];
    data[..4].copy_from_slice(&0x1234u32.to_be_bytes());
    data[8] = 0x69;
    data[9] = 0x01;
    let block = 2u64;
    let mut header = [0u8; 512];
    header[..4].copy_from_slice(&MAGIC.to_be_bytes());
    header[4..8].copy_from_slice(&cycle);
    header[8..12].copy_from_slice(&2u32.to_be_bytes());
    header[12..16].copy_from_slice(&512u32.to_be_bytes());
    header[16..20].copy_from_slice(&cycle);
    header[20..24].copy_from_slice(&(block as u32).to_be_bytes());
    header[24..28].copy_from_slice(&cycle);
    header[0x28..0x2C].copy_from_slice(&1u32.to_be_bytes());
    // The data block's first word, which the cycle stamp replaces.
    header[0x2C..0x30].copy_from_slice(&data[..4]);
    data[..4].copy_from_slice(&cycle);
    header[0x12C..0x130].copy_from_slice(&1u32.to_be_bytes());
    header[0x130..0x140].copy_from_slice(&sb.metadata_uuid);
    header[0x140..0x144].copy_from_slice(&32768u32.to_be_bytes());
    // The checksum covers the header structure (324 bytes) and the data.
    let covered = [&header[..324], &data[..]].concat();
    let crc = crc::crc32c_skipping(&covered, 0x20);
    header[0x20..0x24].copy_from_slice(&crc.to_le_bytes());
    file.write_all_at(&header, log_at + block * 512)
        .expect("write log record header");
    file.write_all_at(&data, log_at + (block + 1) * 512)
        .expect("write log record data");
}
