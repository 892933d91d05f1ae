//! btrfs B-trees: every tree (roots, chunks, each subvolume) is made of blocks of `node_size`
//! bytes, leaves holding items sorted by key and nodes pointing to the blocks of the level
//! below. Each block is checked before use: its checksum, the address and filesystem it says it
//! belongs to, its level, its keys in order and its items within the block.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::sync::{Arc, Mutex};

use super::super::{corrupt, crc32c};
use super::Volume;
use super::superblock::CSUM_BYTES;
use crate::source::image::bytes::{le32, le64};

/// Bytes of a key on disk: object id, type, offset.
pub(super) const KEY_BYTES: usize = 17;
/// Levels a tree can have (btrfs's BTRFS_MAX_LEVEL).
pub(super) const MAX_LEVEL: u8 = 8;
const HEADER_BYTES: usize = 0x65;
/// A leaf's item header: key, then offset and size of its data (from the end of the header).
const ITEM_BYTES: usize = KEY_BYTES + 8;
/// A node's pointer: key, block address, generation.
const POINTER_BYTES: usize = KEY_BYTES + 16;
/// Tree blocks kept in memory: an inode or extent lookup descends from the root each time.
const CACHED_BLOCKS: usize = 512;

/// A key: items are sorted by object id, then type, then offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Key {
    pub objectid: u64,
    pub kind: u8,
    pub offset: u64,
}

impl Key {
    pub const fn new(objectid: u64, kind: u8, offset: u64) -> Key {
        Key {
            objectid,
            kind,
            offset,
        }
    }

    /// The key at the start of `raw`, if it is long enough.
    pub fn parse(raw: &[u8]) -> Option<Key> {
        (raw.len() >= KEY_BYTES).then(|| Key {
            objectid: le64(raw, 0),
            kind: raw[8],
            offset: le64(raw, 9),
        })
    }

    /// Every key of object `objectid` and type `kind`, as an inclusive range.
    pub fn all(objectid: u64, kind: u8) -> (Key, Key) {
        (
            Key::new(objectid, kind, 0),
            Key::new(objectid, kind, u64::MAX),
        )
    }
}

/// Where a tree starts: its root block and the root's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TreeRoot {
    pub bytenr: u64,
    pub level: u8,
}

/// A tree block whose header and layout have been checked.
pub(super) struct Block {
    raw: Vec<u8>,
    level: u8,
    count: usize,
}

impl Block {
    /// Checks the block `raw`, read from logical address `bytenr`.
    pub fn parse(raw: Vec<u8>, bytenr: u64, volume: &Volume) -> io::Result<Block> {
        if volume.sb.other_csum.is_none() && le32(&raw, 0) != crc32c::crc32c(&raw[CSUM_BYTES..]) {
            return Err(corrupt(format!("tree block {bytenr}: checksum mismatch")));
        }
        if le64(&raw, 0x30) != bytenr {
            return Err(corrupt(format!(
                "tree block {bytenr}: it says it lies at {}",
                le64(&raw, 0x30)
            )));
        }
        if raw[0x20..0x30] != volume.sb.metadata_uuid {
            return Err(corrupt(format!(
                "tree block {bytenr}: belongs to another filesystem"
            )));
        }
        let level = raw[0x64];
        let count = le32(&raw, 0x60) as usize;
        let entry = if level == 0 {
            ITEM_BYTES
        } else {
            POINTER_BYTES
        };
        if level >= MAX_LEVEL || count > (raw.len() - HEADER_BYTES) / entry {
            return Err(corrupt(format!(
                "tree block {bytenr}: level {level} with {count} entries"
            )));
        }
        let block = Block { raw, level, count };
        if level > 0 && count == 0 {
            return Err(corrupt(format!("tree block {bytenr}: an empty node")));
        }
        let data_start = HEADER_BYTES + count * ITEM_BYTES;
        let mut previous: Option<Key> = None;
        for index in 0..count {
            let key = block.key(index);
            if previous.is_some_and(|previous| previous >= key) {
                return Err(corrupt(format!(
                    "tree block {bytenr}: keys out of order at entry {index}"
                )));
            }
            previous = Some(key);
            if level == 0 {
                let (offset, size) = block.item_range(index);
                if offset < data_start || offset + size > block.raw.len() {
                    return Err(corrupt(format!(
                        "tree block {bytenr}: item {index} lies outside the leaf"
                    )));
                }
            }
        }
        Ok(block)
    }

    pub fn level(&self) -> u8 {
        self.level
    }

    fn key(&self, index: usize) -> Key {
        let entry = if self.level == 0 {
            ITEM_BYTES
        } else {
            POINTER_BYTES
        };
        let at = HEADER_BYTES + index * entry;
        Key::parse(&self.raw[at..]).unwrap_or(Key::new(0, 0, 0))
    }

    /// Where item `index` of a leaf lies in the block.
    fn item_range(&self, index: usize) -> (usize, usize) {
        let at = HEADER_BYTES + index * ITEM_BYTES + KEY_BYTES;
        let offset = le32(&self.raw, at) as usize;
        let size = le32(&self.raw, at + 4) as usize;
        (HEADER_BYTES + offset, size)
    }

    /// Item `index` of a leaf: its key and data (checked to lie inside the block).
    fn item(&self, index: usize) -> (Key, &[u8]) {
        let (offset, size) = self.item_range(index);
        (self.key(index), &self.raw[offset..offset + size])
    }

    /// Pointer `index` of a node: the lowest key below it and the child's address.
    fn child(&self, index: usize) -> (Key, u64) {
        let at = HEADER_BYTES + index * POINTER_BYTES;
        (self.key(index), le64(&self.raw, at + KEY_BYTES))
    }
}

/// Tree blocks read lately, by address, dropped oldest first.
#[derive(Default)]
pub(super) struct BlockCache {
    blocks: HashMap<u64, Arc<Block>>,
    order: VecDeque<u64>,
}

impl Volume {
    /// The tree block at logical address `bytenr`, checked, which must be at `level`.
    pub(super) fn tree_block(&self, bytenr: u64, level: u8) -> io::Result<Arc<Block>> {
        let cached = lock(&self.cache).blocks.get(&bytenr).cloned();
        let block = match cached {
            Some(block) => block,
            None => {
                let mut raw = vec![0; self.sb.node_size as usize];
                self.read_logical(bytenr, &mut raw)
                    .map_err(|e| corrupt(format!("tree block {bytenr}: {e}")))?;
                let block = Arc::new(Block::parse(raw, bytenr, self)?);
                let mut cache = lock(&self.cache);
                if cache.order.len() >= CACHED_BLOCKS
                    && let Some(oldest) = cache.order.pop_front()
                {
                    cache.blocks.remove(&oldest);
                }
                if cache.blocks.insert(bytenr, block.clone()).is_none() {
                    cache.order.push_back(bytenr);
                }
                block
            }
        };
        if block.level() != level {
            return Err(corrupt(format!(
                "tree block {bytenr} has level {} where {level} was expected (a loop or a \
                 misplaced block)",
                block.level()
            )));
        }
        Ok(block)
    }

    /// Calls `visit` with each item of the tree at `root` whose key lies in `from..=to`, in
    /// key order, until it returns false. Each descent loses a level and each block is read
    /// once per call, so a hostile tree can neither loop nor make the walk revisit blocks. A
    /// subtree that cannot be read is passed over and its error returned once the rest has
    /// been walked.
    pub(super) fn items(
        &self,
        root: TreeRoot,
        (from, to): (Key, Key),
        visit: &mut dyn FnMut(Key, &[u8]) -> io::Result<bool>,
    ) -> io::Result<()> {
        let mut walk = RangeWalk {
            volume: self,
            from,
            to,
            seen: HashSet::new(),
            last: None,
            visit,
            first_error: None,
        };
        walk.block(root.bytenr, root.level)?;
        walk.first_error.map_or(Ok(()), Err)
    }

    /// The item of key `key` in the tree at `root`, if there is one.
    pub(super) fn item(&self, root: TreeRoot, key: Key) -> io::Result<Option<Vec<u8>>> {
        let mut found = None;
        self.items(root, (key, key), &mut |_, data| {
            found = Some(data.to_vec());
            Ok(false)
        })?;
        Ok(found)
    }

    /// The first item at or after `from` and at or before `to`, with its key.
    pub(super) fn first_item(
        &self,
        root: TreeRoot,
        range: (Key, Key),
    ) -> io::Result<Option<(Key, Vec<u8>)>> {
        let mut found = None;
        self.items(root, range, &mut |key, data| {
            found = Some((key, data.to_vec()));
            Ok(false)
        })?;
        Ok(found)
    }
}

fn lock(cache: &Mutex<BlockCache>) -> std::sync::MutexGuard<'_, BlockCache> {
    // The cache is only ever left whole: a panic elsewhere does not spoil it.
    cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct RangeWalk<'w> {
    volume: &'w Volume,
    from: Key,
    to: Key,
    /// Blocks read in this walk: a block met twice is a shared or looping pointer.
    seen: HashSet<u64>,
    /// The last key handed on: keys must keep rising from leaf to leaf.
    last: Option<Key>,
    visit: &'w mut dyn FnMut(Key, &[u8]) -> io::Result<bool>,
    /// The first subtree that could not be read: the walk goes on past it and ends with it.
    first_error: Option<io::Error>,
}

impl RangeWalk<'_> {
    /// Walks the block at `bytenr`, which must be at `level`; false once `visit` said stop.
    fn block(&mut self, bytenr: u64, level: u8) -> io::Result<bool> {
        if !self.seen.insert(bytenr) {
            return Err(corrupt(format!(
                "tree block {bytenr} is pointed to twice in one tree (a loop)"
            )));
        }
        let block = self.volume.tree_block(bytenr, level)?;
        if level == 0 {
            for index in 0..block.count {
                let (key, data) = block.item(index);
                if key < self.from {
                    continue;
                }
                if key > self.to {
                    return Ok(false);
                }
                if self.last.is_some_and(|last| last >= key) {
                    return Err(corrupt(format!(
                        "tree block {bytenr}: key {key:?} out of order with the block before"
                    )));
                }
                self.last = Some(key);
                if !(self.visit)(key, data)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        // The children whose key ranges can meet from..=to: from the last one starting at or
        // before `from` to the last one starting at or before `to`.
        let first = (1..block.count)
            .take_while(|&index| block.child(index).0 <= self.from)
            .last()
            .unwrap_or(0);
        for index in first..block.count {
            let (key, child) = block.child(index);
            if index > first && key > self.to {
                break;
            }
            match self.block(child, level - 1) {
                Ok(true) => {}
                Ok(false) => return Ok(false),
                Err(e) => {
                    self.first_error.get_or_insert(e);
                }
            }
        }
        Ok(true)
    }
}
