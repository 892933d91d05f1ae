//! ext2, ext3 and ext4, read straight from the volume's bytes.
//!
//! Own reader rather than the `ext4-view` crate: its public API gives neither inode numbers nor
//! link counts (so hardlinks cannot be grouped nor directory loops caught), it is `Rc`-based, and
//! it refuses to open a filesystem whose journal needs recovery unless the journal is 64-bit with
//! v3 checksums (every ext3 taken from a running machine).
//!
//! What is read: superblock, group descriptors (with `meta_bg`), inodes, extent trees and
//! ext2/3 indirect block maps, inline data, linear and htree directories (htree blocks read
//! linearly). A journal that needs recovery is replayed in memory: reads of a block go to its
//! newest committed copy in the journal. Checksums are not verified; fscrypt-encrypted files are
//! reported as not scanned.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::atomic::AtomicBool;

use super::inode_walk::{self, InodeVolume, MODE_FILE, Stat, Unread};
use super::mapped::{BlockMapping, MappedFile, Run};
use super::{FileSystem, FsItem, corrupt};
use crate::source::image::bytes::{be32, le16, le32};
use crate::source::image::disk::Slice;

const SUPERBLOCK_OFFSET: u64 = 1024;
const SUPERBLOCK_SIZE: usize = 1024;
const ROOT_INODE: u32 = 2;

const COMPAT_HAS_JOURNAL: u32 = 0x4;
const COMPAT_SPARSE_SUPER2: u32 = 0x200;
const INCOMPAT_COMPRESSION: u32 = 0x1;
const INCOMPAT_FILETYPE: u32 = 0x2;
const INCOMPAT_RECOVER: u32 = 0x4;
const INCOMPAT_JOURNAL_DEV: u32 = 0x8;
const INCOMPAT_META_BG: u32 = 0x10;
const INCOMPAT_64BIT: u32 = 0x80;
const INCOMPAT_LARGEDIR: u32 = 0x4000;
/// Every incompatible feature this reader knows (all but compression and journal devices are
/// readable); an unknown one could change the on-disk format.
const INCOMPAT_KNOWN: u32 = 0x3_F7DF;
const RO_COMPAT_SPARSE_SUPER: u32 = 0x1;
const RO_COMPAT_LARGE_FILE: u32 = 0x2;
const RO_COMPAT_BTREE_DIR: u32 = 0x4;

const FLAG_ENCRYPT: u32 = 0x800;
const FLAG_EXTENTS: u32 = 0x8_0000;
const FLAG_INLINE_DATA: u32 = 0x1000_0000;

/// Size of `i_block`: block pointers, the extent tree root or inline data.
const I_BLOCK_SIZE: usize = 60;
const EXTENT_MAGIC: u16 = 0xF30A;
const MAX_EXTENT_DEPTH: u16 = 5;
const MAX_GROUPS: u64 = 1 << 22;
/// Most of a directory that is read. Real directories stay far below (ten million entries take
/// about 400 MiB); a crafted size, or extents mapping the same blocks again and again, would
/// otherwise have the walk parse blocks without end.
const MAX_DIR_BYTES: u64 = 1 << 30;
/// A directory block that cannot be parsed is reported; past this many the directory is
/// abandoned rather than flooding the report with a corrupt directory's garbage.
const MAX_BAD_DIR_BLOCKS: u32 = 8;

/// Opens the ext2/3/4 filesystem on `volume`, replaying its journal in memory if it needs
/// recovery. Nothing is ever written.
pub fn open(volume: Slice) -> io::Result<ExtFileSystem> {
    let mut raw = vec![0; SUPERBLOCK_SIZE];
    volume.read_exact_at(SUPERBLOCK_OFFSET, &mut raw)?;
    let sb = Superblock::parse(&raw, volume.len())?;
    let mut fs = ExtFileSystem {
        volume: Volume {
            slice: volume,
            block_size: sb.block_size,
            blocks_count: sb.blocks_count,
            journal: BTreeMap::new(),
        },
        inode_tables: Vec::new(),
        kind: sb.kind(),
        label: sb.label.clone(),
        journal_note: None,
        sb,
    };
    fs.inode_tables = fs.load_inode_tables()?;
    if fs.sb.incompat & INCOMPAT_RECOVER != 0 {
        match fs.replay_journal() {
            Ok(replayed) => {
                fs.volume.journal = replayed;
                // Group descriptors may themselves have newer copies in the journal.
                fs.inode_tables = fs.load_inode_tables()?;
            }
            Err(e) => fs.journal_note = Some(e),
        }
    }
    Ok(fs)
}

struct Superblock {
    block_size: u64,
    blocks_count: u64,
    first_data_block: u64,
    blocks_per_group: u64,
    inodes_per_group: u32,
    inodes_count: u32,
    inode_size: u64,
    desc_size: u64,
    groups: u64,
    compat: u32,
    incompat: u32,
    ro_compat: u32,
    first_meta_bg: u64,
    backup_groups: [u64; 2],
    journal_inode: u32,
    label: Option<String>,
}

impl Superblock {
    fn parse(raw: &[u8], volume_len: u64) -> io::Result<Superblock> {
        if le16(raw, 0x38) != 0xEF53 {
            return Err(corrupt("not an ext2/3/4 filesystem (no superblock magic)"));
        }
        let log_block_size = le32(raw, 0x18);
        if log_block_size > 6 {
            return Err(corrupt(format!(
                "superblock: block size 2^{} KiB is not possible",
                log_block_size
            )));
        }
        let block_size = 1024u64 << log_block_size;
        let compat = le32(raw, 0x5C);
        let incompat = le32(raw, 0x60);
        let ro_compat = le32(raw, 0x64);
        if incompat & INCOMPAT_JOURNAL_DEV != 0 {
            return Err(corrupt("external ext3/4 journal device: it holds no files"));
        }
        if incompat & INCOMPAT_COMPRESSION != 0 {
            return Err(corrupt("ext2 compression (e2compr) is not supported"));
        }
        if incompat & !INCOMPAT_KNOWN != 0 {
            return Err(corrupt(format!(
                "unsupported ext4 incompatible features 0x{:x}",
                incompat & !INCOMPAT_KNOWN
            )));
        }
        let is_64bit = incompat & INCOMPAT_64BIT != 0;
        let mut blocks_count = u64::from(le32(raw, 0x04));
        if is_64bit {
            blocks_count |= u64::from(le32(raw, 0x150)) << 32;
        }
        let first_data_block = u64::from(le32(raw, 0x14));
        let blocks_per_group = u64::from(le32(raw, 0x20));
        let inodes_per_group = le32(raw, 0x28);
        let inodes_count = le32(raw, 0x00);
        let inode_size = if le32(raw, 0x4C) == 0 {
            128
        } else {
            u64::from(le16(raw, 0x58))
        };
        let desc_size = if is_64bit {
            u64::from(le16(raw, 0xFE))
        } else {
            32
        };
        let bits_per_block = block_size * 8;
        let sane = first_data_block <= 1
            && blocks_count > first_data_block
            && (1..=bits_per_block).contains(&blocks_per_group)
            && (1..=bits_per_block).contains(&u64::from(inodes_per_group))
            && inode_size.is_power_of_two()
            && (128..=block_size).contains(&inode_size)
            && desc_size.is_power_of_two()
            && (32..=block_size).contains(&desc_size);
        if !sane {
            return Err(corrupt("superblock: impossible geometry"));
        }
        let groups = (blocks_count - first_data_block).div_ceil(blocks_per_group);
        // The group descriptors must fit on the volume, and every inode must be in a group. Past
        // 4 Mi groups (512 TiB with 4 KiB blocks) the superblock is taken as corrupt: the
        // descriptors are all read, and kept, at open.
        if groups > MAX_GROUPS
            || groups.saturating_mul(desc_size) > volume_len
            || u64::from(inodes_count) > groups * u64::from(inodes_per_group)
        {
            return Err(corrupt(format!(
                "superblock: {groups} block groups do not fit the volume"
            )));
        }
        let label_bytes = &raw[0x78..0x88];
        let end = label_bytes.iter().position(|&b| b == 0).unwrap_or(16);
        let label = (end > 0).then(|| String::from_utf8_lossy(&label_bytes[..end]).into_owned());
        Ok(Superblock {
            block_size,
            blocks_count,
            first_data_block,
            blocks_per_group,
            inodes_per_group,
            inodes_count,
            inode_size,
            desc_size,
            groups,
            compat,
            incompat,
            ro_compat,
            first_meta_bg: u64::from(le32(raw, 0x104)),
            backup_groups: [u64::from(le32(raw, 0x24C)), u64::from(le32(raw, 0x250))],
            journal_inode: le32(raw, 0xE0),
            label,
        })
    }

    /// As blkid names it: ext4 when a feature ext3 lacks is on, ext3 when journalled.
    fn kind(&self) -> &'static str {
        let ext3_incompat = INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_META_BG;
        let ext3_ro_compat = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | RO_COMPAT_BTREE_DIR;
        if self.incompat & !ext3_incompat != 0 || self.ro_compat & !ext3_ro_compat != 0 {
            "ext4"
        } else if self.compat & COMPAT_HAS_JOURNAL != 0 {
            "ext3"
        } else {
            "ext2"
        }
    }

    /// Whether `group` holds a superblock backup (and so, with `meta_bg`, a descriptor block
    /// after it).
    fn group_has_superblock(&self, group: u64) -> bool {
        if group == 0 {
            return true;
        }
        if self.compat & COMPAT_SPARSE_SUPER2 != 0 {
            return self.backup_groups.contains(&group);
        }
        if group == 1 || self.ro_compat & RO_COMPAT_SPARSE_SUPER == 0 {
            return true;
        }
        if group.is_multiple_of(2) {
            return false;
        }
        [3u64, 5, 7].iter().any(|&base| {
            let mut power = base;
            while power < group {
                power *= base;
            }
            power == group
        })
    }

    /// Block holding group descriptor block `index`.
    fn descriptor_block(&self, index: u64) -> u64 {
        let per_block = self.block_size / self.desc_size;
        if self.incompat & INCOMPAT_META_BG == 0 || index < self.first_meta_bg {
            return self.first_data_block + 1 + index;
        }
        let group = index * per_block;
        self.first_data_block
            + group * self.blocks_per_group
            + u64::from(self.group_has_superblock(group))
    }
}

/// The volume seen as filesystem blocks, with the journal's newer copies laid over it.
struct Volume {
    slice: Slice,
    block_size: u64,
    blocks_count: u64,
    /// Filesystem block -> its newest committed copy in the journal.
    journal: BTreeMap<u64, Replayed>,
}

#[derive(Clone, Copy)]
struct Replayed {
    /// Where the copy lies (a filesystem block inside the journal).
    block: u64,
    /// The copy began with the journal magic, which jbd2 zeroed when logging it.
    escaped: bool,
}

const JOURNAL_MAGIC: u32 = 0xC03B_3998;

impl Volume {
    /// Reads `buf.len()` bytes starting `offset` bytes into filesystem block `block`.
    fn read(&self, block: u64, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let start = block
            .checked_mul(self.block_size)
            .and_then(|b| b.checked_add(offset))
            .ok_or_else(|| corrupt(format!("block {block} is out of range")))?;
        let end = start + buf.len() as u64;
        if end.div_ceil(self.block_size) > self.blocks_count {
            return Err(corrupt(format!(
                "block {} is past the end of the filesystem ({} blocks)",
                (end - 1) / self.block_size,
                self.blocks_count
            )));
        }
        let first_block = start / self.block_size;
        let last_block = (end.max(start + 1) - 1) / self.block_size;
        let mut done = 0usize;
        let mut position = start;
        for (&fs_block, replayed) in self.journal.range(first_block..=last_block) {
            let block_start = fs_block * self.block_size;
            if block_start > position {
                let n = (block_start - position) as usize;
                self.slice
                    .read_exact_at(position, &mut buf[done..done + n])?;
                done += n;
                position += n as u64;
            }
            let within = position - block_start;
            let n = (self.block_size - within).min(end - position) as usize;
            let part = &mut buf[done..done + n];
            self.slice
                .read_exact_at(replayed.block * self.block_size + within, part)?;
            if replayed.escaped && within < 4 {
                let magic = JOURNAL_MAGIC.to_be_bytes();
                for (i, byte) in part.iter_mut().take(4 - within as usize).enumerate() {
                    *byte = magic[within as usize + i];
                }
            }
            done += n;
            position += n as u64;
        }
        if done < buf.len() {
            self.slice.read_exact_at(position, &mut buf[done..])?;
        }
        Ok(())
    }

    fn block(&self, block: u64) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; self.block_size as usize];
        self.read(block, 0, &mut buf)?;
        Ok(buf)
    }
}

pub(super) struct Inode {
    number: u32,
    mode: u16,
    size: u64,
    links: u16,
    flags: u32,
    raw: Vec<u8>,
}

impl Inode {
    fn kind(&self) -> u16 {
        self.mode & 0xF000
    }

    fn i_block(&self) -> &[u8] {
        &self.raw[0x28..0x28 + I_BLOCK_SIZE]
    }

    /// The value of the in-inode extended attribute `system.data`: the part of inline data that
    /// does not fit in `i_block`.
    fn inline_xattr(&self) -> io::Result<&[u8]> {
        let extra = usize::from(le16(&self.raw, 0x80));
        let start = 128 + extra;
        if self.raw.len() <= 128
            || start + 4 > self.raw.len()
            || le32(&self.raw, start) != 0xEA02_0000
        {
            return Ok(&[]);
        }
        let body = start + 4;
        let mut at = body;
        while at + 16 <= self.raw.len() && le32(&self.raw, at) != 0 {
            let name_len = usize::from(self.raw[at]);
            let index = self.raw[at + 1];
            let value_offset = usize::from(le16(&self.raw, at + 2));
            let value_size = le32(&self.raw, at + 8) as usize;
            let name = self
                .raw
                .get(at + 16..at + 16 + name_len)
                .unwrap_or_default();
            if index == 7 && name == b"data" {
                return self
                    .raw
                    .get(body + value_offset..body + value_offset + value_size)
                    .ok_or_else(|| {
                        corrupt(format!("inode {}: inline data out of bounds", self.number))
                    });
            }
            at += (16 + name_len + 3) & !3;
        }
        Ok(&[])
    }
}

/// Maps a file's logical blocks to filesystem blocks through its extent tree or block map,
/// keeping the few tree blocks it last read.
pub(super) struct BlockMap<'a> {
    volume: &'a Volume,
    number: u32,
    root: [u8; I_BLOCK_SIZE],
    extents: bool,
    cache: Vec<(u64, Vec<u8>)>,
}

impl<'a> BlockMap<'a> {
    fn new(volume: &'a Volume, inode: &Inode) -> BlockMap<'a> {
        let mut root = [0; I_BLOCK_SIZE];
        root.copy_from_slice(inode.i_block());
        BlockMap {
            volume,
            number: inode.number,
            root,
            extents: inode.flags & FLAG_EXTENTS != 0,
            cache: Vec::new(),
        }
    }

    fn tree_block(&mut self, block: u64) -> io::Result<Vec<u8>> {
        if let Some((_, data)) = self.cache.iter().find(|(b, _)| *b == block) {
            return Ok(data.clone());
        }
        let data = self.volume.block(block)?;
        if self.cache.len() == 8 {
            self.cache.remove(0);
        }
        self.cache.push((block, data.clone()));
        Ok(data)
    }

    /// The run that starts at logical block `logical`; never empty.
    fn run(&mut self, logical: u64) -> io::Result<Run> {
        if self.extents {
            self.extent_run(logical)
        } else {
            self.indirect_run(logical)
        }
    }

    fn extent_run(&mut self, logical: u64) -> io::Result<Run> {
        let hole = |end: u64| Run {
            at: None,
            blocks: end.saturating_sub(logical).max(1),
        };
        let mut node = self.root.to_vec();
        // Logical blocks are 32-bit: past the last extent the file is a hole up to there.
        let mut limit = 1u64 << 32;
        let mut parent_depth: Option<u16> = None;
        loop {
            let entries = usize::from(le16(&node, 2));
            let depth = le16(&node, 6);
            let consistent = match parent_depth {
                None => depth <= MAX_EXTENT_DEPTH,
                // A child is one level below its parent; a depth of 65535 must not overflow.
                Some(parent) => parent.checked_sub(1) == Some(depth),
            };
            if le16(&node, 0) != EXTENT_MAGIC || !consistent || 12 + entries * 12 > node.len() {
                return Err(corrupt(format!(
                    "inode {}: corrupt extent tree",
                    self.number
                )));
            }
            let entry = |i: usize| &node[12 + i * 12..24 + i * 12];
            if depth == 0 {
                for i in 0..entries {
                    let e = entry(i);
                    let start = u64::from(le32(e, 0));
                    let raw_len = u64::from(le16(e, 4));
                    // Lengths past 32768 mark unwritten (preallocated) extents: they read as zeros.
                    let (len, unwritten) = if raw_len > 32768 {
                        (raw_len - 32768, true)
                    } else {
                        (raw_len, false)
                    };
                    if logical < start {
                        return Ok(hole(start.min(limit)));
                    }
                    if logical < start + len {
                        let physical = (u64::from(le16(e, 6)) << 32) | u64::from(le32(e, 8));
                        let offset = logical - start;
                        return Ok(Run {
                            at: (!unwritten).then_some(physical + offset),
                            blocks: len - offset,
                        });
                    }
                }
                return Ok(hole(limit));
            }
            let Some(chosen) = (0..entries)
                .rev()
                .find(|&i| u64::from(le32(entry(i), 0)) <= logical)
            else {
                let first = if entries > 0 {
                    u64::from(le32(entry(0), 0))
                } else {
                    limit
                };
                return Ok(hole(first.min(limit)));
            };
            if chosen + 1 < entries {
                limit = limit.min(u64::from(le32(entry(chosen + 1), 0)));
            }
            let e = entry(chosen);
            let child = (u64::from(le16(e, 8)) << 32) | u64::from(le32(e, 4));
            parent_depth = Some(depth);
            node = self.tree_block(child)?;
        }
    }

    /// ext2/3 block map: 12 direct pointers, then single, double and triple indirect blocks.
    fn indirect_run(&mut self, logical: u64) -> io::Result<Run> {
        let per_block = self.volume.block_size / 4;
        if logical < 12 {
            let pointers: Vec<u32> = (0..12).map(|i| le32(&self.root, i * 4)).collect();
            return Ok(run_of_pointers(&pointers, logical as usize));
        }
        // Find the tree (single, double, triple) and the index within it.
        let mut index = logical - 12;
        let mut levels = 1u32;
        let mut span = per_block;
        while index >= span {
            index -= span;
            levels += 1;
            if levels > 3 {
                return Err(corrupt(format!(
                    "inode {}: block {logical} is beyond the block map",
                    self.number
                )));
            }
            span *= per_block;
        }
        let mut pointer = u64::from(le32(&self.root, (11 + levels as usize) * 4));
        for level in (1..=levels).rev() {
            // `span` covers the subtree under `pointer`; each child covers span / per_block.
            if pointer == 0 {
                return Ok(Run {
                    at: None,
                    blocks: span - index,
                });
            }
            let block = self.tree_block(pointer)?;
            span /= per_block;
            let slot = (index / span) as usize;
            index %= span;
            if level == 1 {
                let pointers: Vec<u32> = (0..per_block as usize)
                    .map(|i| le32(&block, i * 4))
                    .collect();
                return Ok(run_of_pointers(&pointers, slot));
            }
            pointer = u64::from(le32(&block, slot * 4));
        }
        Err(corrupt(format!("inode {}: corrupt block map", self.number)))
    }
}

/// The run of contiguous (or all-zero: hole) pointers starting at `slot`.
fn run_of_pointers(pointers: &[u32], slot: usize) -> Run {
    let first = pointers[slot];
    let mut blocks = 1u64;
    for (k, &next) in pointers[slot + 1..].iter().enumerate() {
        let contiguous = if first == 0 {
            next == 0
        } else {
            u64::from(next) == u64::from(first) + k as u64 + 1
        };
        if !contiguous {
            break;
        }
        blocks += 1;
    }
    Run {
        at: (first != 0).then_some(u64::from(first)),
        blocks,
    }
}

/// Runs at block numbers of the volume.
impl BlockMapping for BlockMap<'_> {
    fn block_size(&self) -> u64 {
        self.volume.block_size
    }

    fn run(&mut self, logical: u64) -> io::Result<Run> {
        BlockMap::run(self, logical)
    }

    fn read(&self, at: u64, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let block_size = self.volume.block_size;
        self.volume
            .read(at + offset / block_size, offset % block_size, buf)
    }
}

/// A regular file's content: mapped blocks, or inline data kept in the inode.
pub(super) enum Content<'a> {
    Mapped(MappedFile<BlockMap<'a>>),
    Inline(io::Cursor<Vec<u8>>),
}

impl Read for Content<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Content::Mapped(file) => file.read(buf),
            Content::Inline(data) => data.read(buf),
        }
    }
}

/// An ext2/3/4 filesystem opened read-only.
pub struct ExtFileSystem {
    volume: Volume,
    sb: Superblock,
    /// First block of each group's inode table.
    inode_tables: Vec<u64>,
    kind: &'static str,
    label: Option<String>,
    /// Why a journal that needs recovery was not replayed.
    journal_note: Option<String>,
}

impl ExtFileSystem {
    fn load_inode_tables(&self) -> io::Result<Vec<u64>> {
        let sb = &self.sb;
        let per_block = sb.block_size / sb.desc_size;
        let mut tables = Vec::with_capacity(sb.groups as usize);
        for index in 0..sb.groups.div_ceil(per_block) {
            let block = self.volume.block(sb.descriptor_block(index))?;
            for desc in block.chunks_exact(sb.desc_size as usize) {
                if tables.len() as u64 == sb.groups {
                    break;
                }
                let mut table = u64::from(le32(desc, 0x8));
                if sb.desc_size >= 64 {
                    table |= u64::from(le32(desc, 0x28)) << 32;
                }
                tables.push(table);
            }
        }
        Ok(tables)
    }

    fn inode(&self, number: u32) -> io::Result<Inode> {
        if number == 0 || number > self.sb.inodes_count {
            return Err(corrupt(format!("inode {number} does not exist")));
        }
        let index = u64::from(number - 1);
        let group = index / u64::from(self.sb.inodes_per_group);
        let offset = (index % u64::from(self.sb.inodes_per_group)) * self.sb.inode_size;
        let table = *self
            .inode_tables
            .get(group as usize)
            .ok_or_else(|| corrupt(format!("inode {number} is past the last group")))?;
        let mut raw = vec![0; self.sb.inode_size as usize];
        self.volume.read(
            table + offset / self.sb.block_size,
            offset % self.sb.block_size,
            &mut raw,
        )?;
        let mode = le16(&raw, 0x00);
        let mut size = u64::from(le32(&raw, 0x04));
        if mode & 0xF000 == MODE_FILE || self.sb.incompat & INCOMPAT_LARGEDIR != 0 {
            size |= u64::from(le32(&raw, 0x6C)) << 32;
        }
        Ok(Inode {
            number,
            mode,
            size,
            links: le16(&raw, 0x1A),
            flags: le32(&raw, 0x20),
            raw,
        })
    }

    fn content(&self, inode: &Inode) -> io::Result<Content<'_>> {
        if inode.flags & FLAG_INLINE_DATA == 0 {
            return Ok(Content::Mapped(MappedFile::new(
                BlockMap::new(&self.volume, inode),
                inode.size,
            )));
        }
        let mut data = inode.i_block().to_vec();
        data.extend_from_slice(inode.inline_xattr()?);
        if (data.len() as u64) < inode.size {
            return Err(corrupt(format!(
                "inode {}: inline data shorter than the file size",
                inode.number
            )));
        }
        data.truncate(inode.size as usize);
        Ok(Content::Inline(io::Cursor::new(data)))
    }

    /// Calls `entry(inode, name)` for each entry of directory `dir` (`.` and `..` included)
    /// until it returns false; `error` gets each part that cannot be read.
    fn read_dir(
        &self,
        dir: &Inode,
        entry: &mut dyn FnMut(u32, &[u8]) -> bool,
        error: &mut dyn FnMut(String),
    ) {
        let filetype = self.sb.incompat & INCOMPAT_FILETYPE != 0;
        if dir.flags & FLAG_INLINE_DATA != 0 {
            // Inline directory: the parent's inode number, then entries in `i_block` and in
            // the `system.data` attribute.
            let parent = le32(dir.i_block(), 0);
            if !entry(parent, b"..") {
                return;
            }
            let extra = match dir.inline_xattr() {
                Ok(extra) => extra,
                Err(e) => {
                    error(e.to_string());
                    &[]
                }
            };
            for chunk in [&dir.i_block()[4..], extra] {
                match parse_dir_block(chunk, filetype, entry) {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => error(format!("inline directory: {e}")),
                }
            }
            return;
        }
        let block_size = self.sb.block_size;
        let mut blocks = dir.size.div_ceil(block_size);
        if dir.size > MAX_DIR_BYTES {
            error(format!(
                "directory of {} bytes: only its first {MAX_DIR_BYTES} bytes are read",
                dir.size
            ));
            blocks = MAX_DIR_BYTES / block_size;
        }
        let mut map = BlockMap::new(&self.volume, dir);
        let mut logical = 0;
        let mut bad = 0;
        while logical < blocks {
            let run = match map.run(logical) {
                Ok(run) => run,
                Err(e) => {
                    error(e.to_string());
                    return;
                }
            };
            let count = run.blocks.min(blocks - logical);
            if let Some(physical) = run.at {
                for i in 0..count {
                    let parsed = self
                        .volume
                        .block(physical + i)
                        .and_then(|block| parse_dir_block(&block, filetype, entry));
                    match parsed {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            error(format!("directory block {}: {e}", logical + i));
                            bad += 1;
                            if bad == MAX_BAD_DIR_BLOCKS {
                                error(
                                    "too many corrupt blocks: rest of the directory skipped".into(),
                                );
                                return;
                            }
                        }
                    }
                }
            }
            logical += count;
        }
    }

    /// Finds the newest committed copy of each block in the jbd2 journal (what the kernel
    /// would write back on mount). Checksums are not verified; fast-commit blocks are not read.
    fn replay_journal(&self) -> Result<BTreeMap<u64, Replayed>, String> {
        let number = self.sb.journal_inode;
        if self.sb.compat & COMPAT_HAS_JOURNAL == 0 || number == 0 {
            return Err("the filesystem needs recovery but has no internal journal".into());
        }
        let inode = self
            .inode(number)
            .map_err(|e| format!("journal inode: {e}"))?;
        let mut map = BlockMap::new(&self.volume, &inode);
        let mut locate = |logical: u64| -> io::Result<u64> {
            map.run(logical)?
                .at
                .ok_or_else(|| corrupt(format!("journal block {logical} is a hole")))
        };
        let sb = locate(0)
            .and_then(|block| self.volume.block(block))
            .map_err(|e| format!("journal superblock: {e}"))?;
        let block_type = be32(&sb, 4);
        if be32(&sb, 0) != JOURNAL_MAGIC || !(block_type == 3 || block_type == 4) {
            return Err("journal superblock: bad magic".into());
        }
        if u64::from(be32(&sb, 0x0C)) != self.sb.block_size {
            return Err("journal block size differs from the filesystem's".into());
        }
        let mut sequence = be32(&sb, 0x18);
        let start = u64::from(be32(&sb, 0x1C));
        if start == 0 {
            return Ok(BTreeMap::new());
        }
        let incompat = if block_type == 4 { be32(&sb, 0x28) } else { 0 };
        const BIT64: u32 = 0x2;
        const CSUM_V2: u32 = 0x8;
        const CSUM_V3: u32 = 0x10;
        const FAST_COMMIT: u32 = 0x20;
        const TAG_ESCAPED: u32 = 0x1;
        const TAG_SAME_UUID: u32 = 0x2;
        const TAG_LAST: u32 = 0x8;
        if incompat & !0x3F != 0 {
            return Err(format!("unknown journal features 0x{:x}", incompat & !0x3F));
        }
        let first = u64::from(be32(&sb, 0x14));
        let mut end = u64::from(be32(&sb, 0x10));
        if incompat & FAST_COMMIT != 0 {
            let fast = u64::from(be32(&sb, 0x54));
            end = end.saturating_sub(if fast == 0 { 256 } else { fast });
        }
        if first == 0 || first >= end || !(first..end).contains(&start) {
            return Err("journal superblock: impossible log bounds".into());
        }
        let tag_size = if incompat & CSUM_V3 != 0 {
            16
        } else {
            8 + if incompat & BIT64 != 0 { 4 } else { 0 }
                + if incompat & CSUM_V2 != 0 { 2 } else { 0 }
        };
        let tail = if incompat & (CSUM_V2 | CSUM_V3) != 0 {
            4
        } else {
            0
        };
        let block_size = self.sb.block_size as usize;
        let next = |block: u64| if block + 1 >= end { first } else { block + 1 };

        let mut replayed = BTreeMap::new();
        let mut writes: Vec<(u64, Replayed)> = Vec::new();
        let mut revoked: Vec<u64> = Vec::new();
        let mut block = start;
        // Each journal block is visited at most once per pass round the log.
        let mut budget = end - first;
        while budget > 0 {
            budget -= 1;
            let Ok(data) = locate(block).and_then(|b| self.volume.block(b)) else {
                break;
            };
            if be32(&data, 0) != JOURNAL_MAGIC || be32(&data, 8) != sequence {
                break;
            }
            match be32(&data, 4) {
                1 => {
                    let mut at = 12;
                    while at + tag_size <= block_size - tail {
                        let high = if incompat & BIT64 != 0 {
                            be32(&data, at + 8)
                        } else {
                            0
                        };
                        let target = (u64::from(high) << 32) | u64::from(be32(&data, at));
                        // v3 tags: 32-bit flags after the block number; older tags: 16-bit
                        // flags after a 16-bit checksum.
                        let flags = if incompat & CSUM_V3 != 0 {
                            be32(&data, at + 4)
                        } else {
                            u32::from(u16::from_be_bytes([data[at + 6], data[at + 7]]))
                        };
                        block = next(block);
                        budget = budget.saturating_sub(1);
                        let copy = locate(block).map_err(|e| format!("journal: {e}"))?;
                        writes.push((
                            target,
                            Replayed {
                                block: copy,
                                escaped: flags & TAG_ESCAPED != 0,
                            },
                        ));
                        at += tag_size + if flags & TAG_SAME_UUID == 0 { 16 } else { 0 };
                        if flags & TAG_LAST != 0 {
                            break;
                        }
                    }
                }
                2 => {
                    // A transaction counts only once its commit block is found: its writes
                    // apply, then its revocations cancel every copy of those blocks logged so far.
                    replayed.extend(writes.drain(..));
                    for target in revoked.drain(..) {
                        replayed.remove(&target);
                    }
                    sequence = sequence.wrapping_add(1);
                }
                5 => {
                    let used = (be32(&data, 12) as usize).min(block_size - tail);
                    let record = if incompat & BIT64 != 0 { 8 } else { 4 };
                    let mut at = 16;
                    while at + record <= used {
                        let target = if record == 8 {
                            (u64::from(be32(&data, at)) << 32) | u64::from(be32(&data, at + 4))
                        } else {
                            u64::from(be32(&data, at))
                        };
                        revoked.push(target);
                        at += record;
                    }
                }
                _ => break,
            }
            block = next(block);
        }
        Ok(replayed)
    }
}

impl FileSystem for ExtFileSystem {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn label(&self) -> Option<String> {
        self.label.clone()
    }

    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        inode_walk::root_names(self)
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        if let Some(note) = &self.journal_note {
            visit(FsItem::Error {
                path: b"/".to_vec(),
                message: format!(
                    "journal not replayed ({note}): files changed just before the image was \
                     taken may be missing or stale"
                ),
            });
        }
        inode_walk::walk(&*self, stop, visit);
    }
}

impl InodeVolume for ExtFileSystem {
    type Number = u64;
    type Inode = Inode;
    type Content<'a> = Content<'a>;

    fn root(&self) -> u64 {
        u64::from(ROOT_INODE)
    }

    fn inode(&self, number: u64) -> io::Result<Inode> {
        // Every number comes from a 32-bit directory entry.
        let number =
            u32::try_from(number).map_err(|_| corrupt(format!("inode {number} does not exist")))?;
        ExtFileSystem::inode(self, number)
    }

    fn stat(&self, inode: &Inode) -> Stat {
        Stat {
            file_type: inode.kind(),
            links: u64::from(inode.links),
            size: inode.size,
        }
    }

    fn read_dir(
        &self,
        dir: &Inode,
        entry: &mut dyn FnMut(u64, &[u8]) -> bool,
        error: &mut dyn FnMut(String),
    ) {
        ExtFileSystem::read_dir(
            self,
            dir,
            &mut |number, name| entry(u64::from(number), name),
            error,
        );
    }

    fn content(&self, inode: &Inode) -> Result<Content<'_>, Unread> {
        if inode.flags & FLAG_ENCRYPT != 0 {
            return Err(Unread::NotScanned("encrypted (fscrypt)".into()));
        }
        ExtFileSystem::content(self, inode).map_err(Unread::Error)
    }
}

/// Parses one directory block (or inline chunk), calling `entry` for each live entry until it
/// returns false. Returns Ok(false) when stopped.
fn parse_dir_block(
    block: &[u8],
    filetype: bool,
    entry: &mut dyn FnMut(u32, &[u8]) -> bool,
) -> io::Result<bool> {
    let mut at = 0;
    while at + 8 <= block.len() {
        let number = le32(block, at);
        let mut rec_len = usize::from(le16(block, at + 4));
        // 64 KiB blocks store a full-block record length as 0 or 65535.
        if block.len() == 65536 && (rec_len == 0 || rec_len == 65535) {
            rec_len = 65536;
        }
        let name_len = if filetype {
            usize::from(block[at + 6])
        } else {
            usize::from(le16(block, at + 6))
        };
        if rec_len < 8 || rec_len % 4 != 0 || at + rec_len > block.len() || 8 + name_len > rec_len {
            return Err(corrupt(format!("corrupt entry at offset {at}")));
        }
        if number != 0 && name_len > 0 && !entry(number, &block[at + 8..at + 8 + name_len]) {
            return Ok(false);
        }
        at += rec_len;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    use super::super::testing::{
        Seen, assert_same_files, errors, file_sha256, files_by_path, fuzz_volume, items_after_stop,
        noise, sha256, slice, tree_files, tsk_files, walk_all, walk_hostile, within_a_minute,
    };
    use super::*;
    use crate::test_tools::{run, write_tree};

    const NON_UTF8: &[u8] = b"/caf\xe9 \xff.bin";

    /// A small Linux-like tree with every case the reader must handle.
    fn source_tree(root: &Path) {
        write_tree(
            root,
            &[
                ("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"),
                ("empty", b""),
                ("d1/d2/d3/deep.txt", b"deep inside"),
                ("hard/one", b"one file, two names"),
                ("other/readme", b"the other name of hard/one is here"),
                ("tiny", b"fits inline"),
                // With inline_data: past the 60 bytes of i_block, into the system.data attribute.
                ("inline-xattr.txt", &[b'x'; 100]),
            ],
        );
        // Over 300 entries: e2fsck -D indexes the directory (htree).
        for i in 0..320 {
            std::fs::write(
                root.join(format!("big/entry-{i:04}.txt")).as_path(),
                format!("entry {i}"),
            )
            .or_else(|_| {
                std::fs::create_dir_all(root.join("big"))?;
                std::fs::write(
                    root.join(format!("big/entry-{i:04}.txt")),
                    format!("entry {i}"),
                )
            })
            .expect("write big dir");
        }
        // Over 1 MiB (and, with 1 KiB blocks, through double indirect blocks on ext2).
        std::fs::write(root.join("usr-big.bin"), noise(7, 3 * 1024 * 1024 + 12345)).expect("big");
        // A sparse file: a hole between two written ranges (not at the end: mke2fs -d with
        // 4 KiB blocks records a trailing hole with the wrong size).
        let sparse = std::fs::File::create(root.join("sparse.img")).expect("sparse");
        use std::os::unix::fs::FileExt;
        sparse.write_all_at(b"head", 0).expect("sparse head");
        sparse
            .write_all_at(&noise(9, 70000), 4 * 1024 * 1024)
            .expect("sparse tail");
        std::fs::hard_link(root.join("hard/one"), root.join("other/two")).expect("hardlink");
        std::os::unix::fs::symlink("../etc/passwd", root.join("hard/link")).expect("symlink");
        let name = std::ffi::OsStr::from_bytes(&NON_UTF8[1..]);
        std::fs::write(root.join(name), b"not utf-8").expect("non-utf8 name");
        std::os::unix::net::UnixListener::bind(root.join("socket")).expect("socket");
        let fifo = root.join("fifo");
        run("mkfifo", &[fifo.to_str().expect("utf-8 path")], &[0]);
    }

    /// Builds `image` from `source` with `mkfs` and its `options`, then indexes directories.
    fn build(mkfs: &str, options: &[&str], source: &Path, image: &Path) {
        let mut args = vec!["-q", "-F", "-L", "needle-ext"];
        args.extend_from_slice(options);
        let (source, image) = (
            source.to_str().expect("utf-8"),
            image.to_str().expect("utf-8"),
        );
        args.extend_from_slice(&["-d", source, image, "16M"]);
        run(mkfs, &args, &[0]);
        run("e2fsck", &["-fyD", image], &[0, 1]);
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        source: PathBuf,
        image: PathBuf,
    }

    fn fixture(mkfs: &str, options: &[&str]) -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("src");
        let image = dir.path().join("fs.img");
        source_tree(&source);
        build(mkfs, options, &source, &image);
        Fixture {
            _dir: dir,
            source,
            image,
        }
    }

    fn debugfs(image: &Path, commands: &[&str]) {
        let script = image.with_extension("debugfs");
        std::fs::write(&script, commands.join("\n")).expect("debugfs script");
        let (script, image) = (
            script.to_str().expect("utf-8"),
            image.to_str().expect("utf-8"),
        );
        run("debugfs", &["-w", "-f", script, image], &[0]);
    }

    fn walk_image(image: &Path) -> (ExtFileSystem, Vec<Seen>) {
        let mut fs = open(slice(image)).expect("open ext image");
        let seen = walk_all(&mut fs);
        (fs, seen)
    }

    #[test]
    fn ext2_ext3_ext4_read_as_the_source_tree() {
        if !crate::test_tools::available(&["e2fsck"]) {
            return;
        }
        for (mkfs, options, kind) in [
            ("mkfs.ext4", &[][..], "ext4"),
            (
                "mkfs.ext4",
                &["-b", "4096", "-O", "inline_data"][..],
                "ext4",
            ),
            ("mkfs.ext3", &[][..], "ext3"),
            ("mkfs.ext2", &[][..], "ext2"),
        ] {
            let fixture = fixture(mkfs, options);
            let before = file_sha256(&fixture.image);
            let (mut fs, seen) = walk_image(&fixture.image);
            assert_eq!(fs.kind(), kind, "{mkfs} {options:?}");
            assert_eq!(fs.label().as_deref(), Some("needle-ext"));
            assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{mkfs} {options:?}");
            assert_same_files(
                &files_by_path(&seen),
                &tree_files(&fixture.source),
                &format!("{mkfs} {options:?}"),
            );
            let hardlinked: Vec<_> = seen
                .iter()
                .filter_map(|item| match item {
                    Seen::File { names, .. } if names.len() > 1 => {
                        let mut names = names.clone();
                        names.sort();
                        Some(names)
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(
                hardlinked,
                vec![vec![b"/hard/one".to_vec(), b"/other/two".to_vec()]]
            );
            assert!(seen.contains(&Seen::Link(b"/hard/link".to_vec())));
            assert!(seen.contains(&Seen::Special(b"/fifo".to_vec(), "fifo")));
            assert!(seen.contains(&Seen::Special(b"/socket".to_vec(), "socket")));
            assert!(files_by_path(&seen).contains_key(NON_UTF8));
            let mut root = fs.root_names().expect("root names");
            root.sort();
            assert!(root.contains(&b"etc".to_vec()) && root.contains(&b"big".to_vec()));
            assert!(!root.contains(&b".".to_vec()));
            assert_eq!(
                file_sha256(&fixture.image),
                before,
                "the image was modified"
            );
        }
    }

    #[test]
    fn ext_agrees_with_the_sleuth_kit() {
        if !crate::test_tools::available(&["e2fsck", "fls", "icat"]) {
            return;
        }
        for (mkfs, options) in [("mkfs.ext4", &["-b", "4096"][..]), ("mkfs.ext2", &[][..])] {
            let fixture = fixture(mkfs, options);
            let (_, seen) = walk_image(&fixture.image);
            assert_same_files(&files_by_path(&seen), &tsk_files(&fixture.image), mkfs);
        }
    }

    #[test]
    fn readers_are_send() {
        fn send<T: Send>() {}
        send::<ExtFileSystem>();
        send::<super::super::fat::FatFileSystem>();
    }

    #[test]
    fn stop_returns_early() {
        if !crate::test_tools::available(&["e2fsck"]) {
            return;
        }
        let fixture = fixture("mkfs.ext4", &[]);
        let mut fs = open(slice(&fixture.image)).expect("open");
        assert_eq!(items_after_stop(&mut fs), 1);
    }

    /// The journal's committed transactions are seen (as after e2fsck or a mount), uncommitted
    /// and revoked ones are not: with 64-bit tags (ext4) and 32-bit tags (ext3).
    #[test]
    fn journal_is_replayed_in_memory() {
        if !crate::test_tools::available(&["debugfs", "e2fsck", "fls", "icat"]) {
            return;
        }
        for mkfs in ["mkfs.ext4", "mkfs.ext3"] {
            let dir = tempfile::tempdir().expect("tempdir");
            let source = dir.path().join("src");
            write_tree(
                &source,
                &[
                    ("committed", b"original one\n"),
                    ("revoked", b"original two\n"),
                    ("uncommitted", b"original three\n"),
                ],
            );
            let image = dir.path().join("fs.img");
            build(mkfs, &[], &source, &image);
            let fs = open(slice(&image)).expect("open");
            let block_of = |name: &[u8]| {
                let root = fs.inode(ROOT_INODE).expect("root");
                let mut number = 0;
                fs.read_dir(
                    &root,
                    &mut |child, entry| {
                        if entry == name {
                            number = child;
                        }
                        true
                    },
                    &mut |e| panic!("{e}"),
                );
                let inode = fs.inode(number).expect("inode");
                let block = BlockMap::new(&fs.volume, &inode).run(0).expect("run");
                block.at.expect("allocated").to_string()
            };
            let (one, two, three) = (
                block_of(b"committed"),
                block_of(b"revoked"),
                block_of(b"uncommitted"),
            );
            let new = dir.path().join("new");
            std::fs::write(
                &new,
                [b"REPLAYED".repeat(128), b"REPLAYED".repeat(128)].concat(),
            )
            .expect("new blocks");
            let new = new.to_str().expect("utf-8");
            debugfs(
                &image,
                &[
                    "jo",
                    &format!("jw -b {one},{two} {new}"),
                    &format!("jw -r {two} /dev/null"),
                    &format!("jw -b {three} -c {new}"),
                    "jc",
                ],
            );
            let (_, seen) = walk_image(&image);
            assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{mkfs}");
            let files = files_by_path(&seen);
            assert_eq!(
                files[&b"/committed".to_vec()],
                sha256(b"REPLAYEDREPLA"),
                "{mkfs}"
            );
            assert_eq!(
                files[&b"/revoked".to_vec()],
                sha256(b"original two\n"),
                "{mkfs}"
            );
            assert_eq!(
                files[&b"/uncommitted".to_vec()],
                sha256(b"original three\n"),
                "{mkfs}"
            );
            // e2fsck replays the journal on disk: the same view.
            let replayed = dir.path().join("replayed.img");
            std::fs::copy(&image, &replayed).expect("copy");
            run(
                "e2fsck",
                &["-fy", replayed.to_str().expect("utf-8")],
                &[0, 1],
            );
            assert_same_files(&files_by_path(&walk_image(&replayed).1), &files, mkfs);
            assert_same_files(&tsk_files(&replayed), &files, mkfs);
        }
    }

    #[test]
    fn directory_loop_and_corrupt_inodes_are_errors() {
        if !crate::test_tools::available(&["debugfs", "e2fsck"]) {
            return;
        }
        let fixture = fixture("mkfs.ext4", &[]);
        debugfs(
            &fixture.image,
            &[
                "link /d1 /d1/d2/loop",
                "sif /etc/passwd block[0] 0xdeadbeef",
                "sif /other inode_size 0",
                "sif /other mode 0",
            ],
        );
        let (_, seen) = walk_image(&fixture.image);
        let error_paths: Vec<&[u8]> = errors(&seen)
            .iter()
            .map(|item| match item {
                Seen::Error(path, _) => path.as_slice(),
                _ => unreachable!(),
            })
            .collect();
        assert!(error_paths.contains(&&b"/d1/d2/loop"[..]), "{seen:?}");
        assert!(
            error_paths.contains(&&b"/etc/passwd"[..]),
            "{error_paths:?}"
        );
        assert!(error_paths.contains(&&b"/other"[..]), "{error_paths:?}");
        // The rest is still read.
        assert!(files_by_path(&seen).contains_key(&b"/d1/d2/d3/deep.txt"[..]));
        assert!(files_by_path(&seen).contains_key(&b"/big/entry-0299.txt"[..]));
    }

    #[test]
    fn hostile_images_give_errors_not_panics_or_hangs() {
        if !crate::test_tools::available(&["e2fsck"]) {
            return;
        }
        let fixture = fixture("mkfs.ext4", &[]);
        let good = std::fs::read(&fixture.image).expect("image");
        let dir = tempfile::tempdir().expect("tempdir");
        let try_image = |name: &str, bytes| walk_hostile(dir.path(), name, bytes, open);
        assert!(try_image("random.img", noise(1, 4 << 20)).is_none());
        // Superblock fields with absurd values.
        for (offset, value) in [
            (0x18usize, 40u32),
            (0x20, 0),
            (0x28, 0),
            (0x00, u32::MAX),
            (0x04, 0),
            (0x150, 0xFFFF),
        ] {
            let mut bytes = good.clone();
            bytes[1024 + offset..1024 + offset + 4].copy_from_slice(&value.to_le_bytes());
            assert!(
                try_image("superblock.img", bytes).is_none(),
                "offset {offset:#x}"
            );
        }
        // Truncated: the metadata at the start survives, files past the cut are errors.
        let seen = try_image("truncated.img", good[..good.len() / 10].to_vec()).expect("opens");
        assert!(!errors(&seen).is_empty());
        // Garbage over the metadata after the superblock: no panic, no hang.
        for seed in 0..24 {
            let mut bytes = good.clone();
            let garbage = noise(seed, 64 * 1024);
            let start = 2048 + (seed as usize * 37 * 1024) % (1 << 20);
            bytes[start..start + garbage.len()].copy_from_slice(&garbage);
            try_image("garbage.img", bytes);
        }
    }

    #[test]
    fn a_directory_of_absurd_size_is_read_to_a_limit() {
        // Found by the ext fuzz target: the root directory's size ran past the 32-bit block
        // numbers, and past them the directory was read one block at a time, for ever.
        let volume = fuzz_volume(include_bytes!("testdata/ext-directory-past-32-bit-blocks"));
        let names = within_a_minute(move || open(volume).expect("opens").root_names());
        let error = names.expect_err("nothing but the error").to_string();
        assert!(
            error.contains("only its first 1073741824 bytes are read"),
            "{error}"
        );
    }

    #[test]
    fn an_extent_node_of_depth_65535_is_corrupt_not_an_overflow() {
        // Found by the ext fuzz target: a child extent node's depth of 0xFFFF overflowed the
        // check that it sits one level below its parent.
        let volume = fuzz_volume(include_bytes!("testdata/ext-extent-depth-65535"));
        let seen = within_a_minute(move || walk_all(&mut open(volume).expect("opens")));
        assert!(
            seen.iter().any(
                |item| matches!(item, Seen::Error(_, message) if message.contains("corrupt extent tree"))
            ),
            "{seen:?}"
        );
    }
}
