//! Directories (version 2): short-form ones inside the inode, and the rest, whatever their
//! index (block, leaf, node or B+tree form), read through their data blocks, which hold every
//! entry: the hash index (leaf and node blocks above 32 GiB of the directory's space) is not
//! needed to list them, so its damage cannot hide or loop entries.

use std::collections::HashSet;
use std::io;

use super::super::corrupt;
use super::super::crc32c as crc;
use super::super::mapped::Run;
use super::Volume;
use super::bmap::BlockMap;
use super::inode::{Format, Inode};
use crate::source::image::bytes::{be16, be32, be64};

/// Where the hash index starts in a directory's space: entries live below.
const LEAF_OFFSET: u64 = 32 << 30;
const V4_BLOCK_MAGIC: &[u8; 4] = b"XD2B";
const V4_DATA_MAGIC: &[u8; 4] = b"XD2D";
const V5_BLOCK_MAGIC: &[u8; 4] = b"XDB3";
const V5_DATA_MAGIC: &[u8; 4] = b"XDD3";
const V4_HEADER_BYTES: usize = 16;
const V5_HEADER_BYTES: usize = 64;
const V5_CRC_OFFSET: usize = 4;
/// Marks an unused stretch inside a data block.
const FREE_TAG: u16 = 0xFFFF;
/// A directory block that cannot be parsed is reported; past this many the directory is
/// abandoned rather than flooding the report with a corrupt directory's garbage.
const MAX_BAD_BLOCKS: u32 = 8;

/// Called with each entry's inode number and name (`.` and `..` included where stored); returns
/// false to stop.
pub(super) type EntryFn<'e> = dyn FnMut(u64, &[u8]) -> bool + 'e;

/// Lists directory `dir`, calling `entry` for each entry until it returns false; `error` gets
/// each part that cannot be read.
pub(super) fn read(
    volume: &Volume,
    dir: &Inode,
    entry: &mut EntryFn<'_>,
    error: &mut dyn FnMut(String),
) {
    match dir.format {
        Format::Local => {
            if let Err(e) = short_form(dir, volume.sb.has_ftype, entry) {
                error(e.to_string());
            }
        }
        Format::Extents | Format::Btree => blocks(volume, dir, entry, error),
        Format::Device => error(format!("directory inode {} has no data fork", dir.number)),
    }
}

/// A short-form directory: a header with the parent's inode number, then packed entries, all in
/// the inode. Returns Ok(false) when stopped.
fn short_form(dir: &Inode, ftype: bool, entry: &mut EntryFn<'_>) -> io::Result<bool> {
    let bad = |what: &str| corrupt(format!("short-form directory: {what}"));
    let used = usize::try_from(dir.size)
        .ok()
        .filter(|&size| size <= dir.fork.len())
        .ok_or_else(|| bad("larger than the inode"))?;
    let fork = &dir.fork[..used];
    let count = usize::from(*fork.first().ok_or_else(|| bad("empty"))?);
    let wide = fork.get(1).is_some_and(|&i8count| i8count > 0);
    let number_bytes = if wide { 8 } else { 4 };
    let mut at = 2 + number_bytes;
    for _ in 0..count {
        let name_len = usize::from(*fork.get(at).ok_or_else(|| bad("entry past the end"))?);
        let name_at = at + 3;
        let number_at = name_at + name_len + usize::from(ftype);
        let end = number_at + number_bytes;
        if name_len == 0 || end > fork.len() {
            return Err(bad(&format!("corrupt entry at offset {at}")));
        }
        let number = if wide {
            be64(fork, number_at)
        } else {
            u64::from(be32(fork, number_at))
        };
        let name = checked_name(&fork[name_at..name_at + name_len], at)?;
        if !entry(number, name) {
            return Ok(false);
        }
        at = end;
    }
    Ok(true)
}

/// A directory stored in blocks: every data block of its data space, in order.
fn blocks(volume: &Volume, dir: &Inode, entry: &mut EntryFn<'_>, error: &mut dyn FnMut(String)) {
    let sb = &volume.sb;
    let per_block = sb.dir_block_fsbs;
    let data_blocks = dir.size.min(LEAF_OFFSET).div_ceil(sb.block_size);
    let mut map = match BlockMap::new(volume, dir) {
        Ok(map) => map,
        Err(e) => return error(e.to_string()),
    };
    // Each directory block is read once: a map that repeats blocks is corrupt.
    let mut seen = HashSet::new();
    let mut bad = 0;
    let mut logical = 0;
    while logical < data_blocks {
        let run = match map.run(logical) {
            Ok(run) => run,
            Err(e) => return error(e.to_string()),
        };
        let Some(first) = run.at else {
            // Directories have holes where data blocks were freed.
            logical = (logical + run.blocks).next_multiple_of(per_block);
            continue;
        };
        if !seen.insert(first) {
            return error(format!(
                "directory block at byte {first} is mapped twice: rest of the directory skipped"
            ));
        }
        let index = logical / per_block;
        let parsed = read_block(volume, &mut map, logical, run)
            .and_then(|block| parse_block(volume, dir.number, &block, first, entry, error));
        match parsed {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                error(format!("directory block {index}: {e}"));
                bad += 1;
                if bad == MAX_BAD_BLOCKS {
                    return error("too many corrupt blocks: rest of the directory skipped".into());
                }
            }
        }
        logical += per_block;
    }
}

/// The directory block starting at file block `logical`, whose first run is `run`, gathered
/// from as many runs as its filesystem blocks lie in.
fn read_block(
    volume: &Volume,
    map: &mut BlockMap<'_>,
    logical: u64,
    mut run: Run,
) -> io::Result<Vec<u8>> {
    let block_size = volume.sb.block_size;
    let per_block = volume.sb.dir_block_fsbs;
    let mut block = vec![0; volume.sb.dir_block_size() as usize];
    let mut done = 0;
    loop {
        let at = run.at.ok_or_else(|| corrupt("partly a hole"))?;
        let take = run.blocks.min(per_block - done);
        let range = (done * block_size) as usize..((done + take) * block_size) as usize;
        volume.read(at, &mut block[range])?;
        done += take;
        if done == per_block {
            return Ok(block);
        }
        run = map.run(logical + done)?;
    }
}

/// One directory block: a single-block directory's block (entries, then its hash index) or a
/// data block of a larger one. Checks where it belongs on v5 (a checksum mismatch is reported
/// and the entries still read). Returns Ok(false) when stopped.
fn parse_block(
    volume: &Volume,
    owner: u64,
    block: &[u8],
    at: u64,
    entry: &mut EntryFn<'_>,
    error: &mut dyn FnMut(String),
) -> io::Result<bool> {
    let sb = &volume.sb;
    let magic = block.get(..4).unwrap_or_default();
    let (header, single) = match (sb.version, magic) {
        (5, m) if m == V5_BLOCK_MAGIC => (V5_HEADER_BYTES, true),
        (5, m) if m == V5_DATA_MAGIC => (V5_HEADER_BYTES, false),
        (4, m) if m == V4_BLOCK_MAGIC => (V4_HEADER_BYTES, true),
        (4, m) if m == V4_DATA_MAGIC => (V4_HEADER_BYTES, false),
        _ => return Err(corrupt("no directory block magic")),
    };
    if sb.version == 5 {
        if be64(block, 8) != at / 512
            || be64(block, 0x28) != owner
            || block[0x18..0x28] != sb.metadata_uuid
        {
            return Err(corrupt(
                "belongs elsewhere (address, owner or UUID differs)",
            ));
        }
        if !crc::matches(block, V5_CRC_OFFSET) {
            error(format!(
                "directory block at byte {at}: checksum mismatch (entries read anyway)"
            ));
        }
    }
    let end = if single {
        // The tail: leaf entry count and stale count; the leaf entries come before it.
        let leaves = be32(block, block.len() - 8) as usize;
        leaves
            .checked_mul(8)
            .and_then(|bytes| block.len().checked_sub(8 + bytes))
            .filter(|&end| end >= header)
            .ok_or_else(|| corrupt(format!("{leaves} hash entries do not fit the block")))?
    } else {
        block.len()
    };
    parse_entries(&block[..end], header, sb.has_ftype, entry)
}

/// The entries of a directory block from `header` to its end: live entries (inode number,
/// name length, name, file type if stored, padding, then a tag holding the entry's own offset)
/// and unused stretches. Returns Ok(false) when stopped.
fn parse_entries(
    block: &[u8],
    header: usize,
    ftype: bool,
    entry: &mut EntryFn<'_>,
) -> io::Result<bool> {
    let mut at = header;
    while at < block.len() {
        if be16(block, at) == FREE_TAG {
            let length = usize::from(be16(block, at + 2));
            if length < 8 || length % 8 != 0 || at + length > block.len() {
                return Err(corrupt(format!("corrupt unused entry at offset {at}")));
            }
            at += length;
            continue;
        }
        let name_len = usize::from(block.get(at + 8).copied().unwrap_or(0));
        let size = (8 + 1 + name_len + usize::from(ftype) + 2).next_multiple_of(8);
        if name_len == 0 || at + size > block.len() || usize::from(be16(block, at + size - 2)) != at
        {
            return Err(corrupt(format!("corrupt entry at offset {at}")));
        }
        let name = checked_name(&block[at + 9..at + 9 + name_len], at)?;
        if !entry(be64(block, at), name) {
            return Ok(false);
        }
        at += size;
    }
    Ok(true)
}

/// A name as a path component: never empty, no `/`, no NUL.
fn checked_name(name: &[u8], at: usize) -> io::Result<&[u8]> {
    if name.is_empty() || name.contains(&b'/') || name.contains(&0) {
        return Err(corrupt(format!(
            "entry at offset {at} has an impossible name"
        )));
    }
    Ok(name)
}
