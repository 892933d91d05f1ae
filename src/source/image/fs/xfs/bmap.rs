//! Where a fork's blocks are: its extent records, kept in the inode or in the leaves of a
//! B+tree whose root is in the inode (the "bmbt"), looked up one run at a time. Tree blocks are
//! read on demand and the last few kept; each step down must be exactly one level lower, so a
//! lookup reads at most one block per level and a cyclic tree cannot loop.

use std::io;
use std::sync::Arc;

use super::super::corrupt;
use super::super::crc32c as crc;
use super::super::mapped::{BlockMapping, Run};
use super::Volume;
use super::inode::{Format, Inode};
use crate::source::image::bytes::{be16, be64};

/// Highest file block + 1 that XFS can address (54-bit file offsets).
pub(super) const MAX_FILE_BLOCKS: u64 = 1 << 54;
/// Deeper trees than this cannot be built even with 64-bit extent counters and 1 KiB blocks.
const MAX_LEVELS: u16 = 16;
const RECORD_BYTES: usize = 16;
const V4_MAGIC: &[u8; 4] = b"BMAP";
const V5_MAGIC: &[u8; 4] = b"BMA3";
const V4_HEADER_BYTES: usize = 24;
const V5_HEADER_BYTES: usize = 72;
const V5_CRC_OFFSET: usize = 64;
/// Tree blocks kept: enough for a path from root to leaf plus a neighbour.
const CACHED_NODES: usize = 8;

/// An extent record as stored (128 bits, big-endian): `count` file blocks from `offset` at
/// filesystem block `start`; unwritten (preallocated) extents read as zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Record {
    pub offset: u64,
    pub start: u64,
    pub count: u64,
    pub unwritten: bool,
}

impl Record {
    pub fn decode(raw: &[u8]) -> Record {
        let high = be64(raw, 0);
        let low = be64(raw, 8);
        Record {
            unwritten: high >> 63 != 0,
            offset: (high & !(1 << 63)) >> 9,
            start: ((high & 0x1FF) << 43) | (low >> 21),
            count: low & ((1 << 21) - 1),
        }
    }
}

/// A record checked against the filesystem, with the byte offset of its first block.
#[derive(Clone, Copy)]
struct Extent {
    offset: u64,
    count: u64,
    at: u64,
    unwritten: bool,
}

/// One node of the extent tree: the records of a leaf, or an interior node's keys (first file
/// block under each child) and children.
enum Node {
    Leaf(Vec<Extent>),
    Interior {
        level: u16,
        keys: Vec<u64>,
        children: Vec<u64>,
    },
}

impl Node {
    fn level(&self) -> u16 {
        match self {
            Node::Leaf(_) => 0,
            Node::Interior { level, .. } => *level,
        }
    }
}

/// Maps a fork's file blocks to runs on the volume.
pub(super) struct BlockMap<'a> {
    volume: &'a Volume,
    owner: u64,
    root: Arc<Node>,
    cache: Vec<(u64, Arc<Node>)>,
}

impl<'a> BlockMap<'a> {
    /// The map of `inode`'s data fork (extents or B+tree format).
    pub fn new(volume: &'a Volume, inode: &Inode) -> io::Result<BlockMap<'a>> {
        let number = inode.number;
        let root = match inode.format {
            Format::Extents => {
                let bytes = inode
                    .extents
                    .checked_mul(RECORD_BYTES as u64)
                    .filter(|&bytes| bytes <= inode.fork.len() as u64)
                    .ok_or_else(|| {
                        corrupt(format!(
                            "inode {number}: {} extents do not fit in the inode",
                            inode.extents
                        ))
                    })?;
                Node::Leaf(checked_extents(
                    volume,
                    number,
                    &inode.fork[..bytes as usize],
                )?)
            }
            Format::Btree => {
                let fork = &inode.fork;
                let level = be16(fork, 0);
                let records = usize::from(be16(fork, 2));
                let capacity = fork.len().saturating_sub(4) / RECORD_BYTES;
                if !(1..=MAX_LEVELS).contains(&level) || !(1..=capacity).contains(&records) {
                    return Err(corrupt(format!(
                        "inode {number}: corrupt extent tree root (level {level}, {records} \
                         records)"
                    )));
                }
                interior(fork, 4, level, records, capacity)
            }
            Format::Device | Format::Local => {
                return Err(corrupt(format!(
                    "inode {number}: the data fork holds no extents"
                )));
            }
        };
        Ok(BlockMap {
            volume,
            owner: number,
            root: Arc::new(root),
            cache: Vec::new(),
        })
    }

    /// The run that starts at file block `logical`; never empty.
    pub fn run(&mut self, logical: u64) -> io::Result<Run> {
        let mut node = Arc::clone(&self.root);
        // Past the last key of every level above, nothing is mapped up to the next key.
        let mut limit = MAX_FILE_BLOCKS;
        // Each step goes one level down (`node` checks it), so this bound is never reached by a
        // sound tree; it keeps a lookup finite whatever the blocks say.
        for _ in 0..=MAX_LEVELS {
            let (level, child) = match &*node {
                Node::Leaf(extents) => {
                    return Ok(run_in(extents, logical, limit, self.block_size()));
                }
                Node::Interior {
                    level,
                    keys,
                    children,
                } => {
                    let next = keys.partition_point(|&key| key <= logical);
                    if next == 0 {
                        let first = keys.first().copied().unwrap_or(limit);
                        return Ok(hole(logical, first.min(limit)));
                    }
                    if let Some(&key) = keys.get(next) {
                        limit = limit.min(key);
                    }
                    (*level, children[next - 1])
                }
            };
            node = self.node(child, level - 1)?;
        }
        Err(corrupt(format!(
            "inode {}: extent tree deeper than {MAX_LEVELS} levels",
            self.owner
        )))
    }

    /// Tree block `fsb`, which must be at `level`: a block met again at another level (a tree
    /// pointing back up) is read again and refused, never served from the cache.
    fn node(&mut self, fsb: u64, level: u16) -> io::Result<Arc<Node>> {
        if let Some((_, node)) = self
            .cache
            .iter()
            .find(|(block, node)| *block == fsb && node.level() == level)
        {
            return Ok(Arc::clone(node));
        }
        let node = Arc::new(self.read_node(fsb, level)?);
        if self.cache.len() == CACHED_NODES {
            self.cache.remove(0);
        }
        self.cache.push((fsb, Arc::clone(&node)));
        Ok(node)
    }

    fn read_node(&self, fsb: u64, level: u16) -> io::Result<Node> {
        let sb = &self.volume.sb;
        let bad = |what: String| {
            corrupt(format!(
                "inode {}: extent tree block {fsb}: {what}",
                self.owner
            ))
        };
        let at = sb
            .block_offset(fsb)
            .ok_or_else(|| bad("outside the filesystem".into()))?;
        let block = self.volume.block(fsb)?;
        let (magic, header) = if sb.version == 5 {
            (V5_MAGIC, V5_HEADER_BYTES)
        } else {
            (V4_MAGIC, V4_HEADER_BYTES)
        };
        if block.get(..4) != Some(&magic[..]) {
            return Err(bad("no extent tree magic".into()));
        }
        if sb.version == 5 {
            if be64(&block, 24) != at / 512
                || be64(&block, 56) != self.owner
                || block[40..56] != sb.metadata_uuid
            {
                return Err(bad(
                    "belongs elsewhere (address, owner or UUID differs)".into()
                ));
            }
            if !crc::matches(&block, V5_CRC_OFFSET) {
                return Err(bad("checksum mismatch".into()));
            }
        }
        let found = be16(&block, 4);
        let records = usize::from(be16(&block, 6));
        let capacity = (block.len() - header) / RECORD_BYTES;
        if found != level || !(1..=capacity).contains(&records) {
            return Err(bad(format!(
                "level {found} with {records} records where level {level} was expected"
            )));
        }
        if level > 0 {
            return Ok(interior(&block, header, level, records, capacity));
        }
        let bytes = &block[header..header + records * RECORD_BYTES];
        Ok(Node::Leaf(checked_extents(self.volume, self.owner, bytes)?))
    }
}

/// Runs at byte offsets of the volume.
impl BlockMapping for BlockMap<'_> {
    fn block_size(&self) -> u64 {
        self.volume.sb.block_size
    }

    fn run(&mut self, logical: u64) -> io::Result<Run> {
        BlockMap::run(self, logical)
    }

    fn read(&self, at: u64, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.volume.read(at + offset, buf)
    }
}

/// An interior node whose `records` keys start at `at` and whose child pointers follow the
/// `capacity` key slots.
fn interior(bytes: &[u8], at: usize, level: u16, records: usize, capacity: usize) -> Node {
    let pointers = at + capacity * 8;
    Node::Interior {
        level,
        keys: (0..records).map(|i| be64(bytes, at + i * 8)).collect(),
        children: (0..records)
            .map(|i| be64(bytes, pointers + i * 8))
            .collect(),
    }
}

/// Decodes the records in `bytes` and checks that each lies inside the filesystem and that
/// they are in file order without overlap.
fn checked_extents(volume: &Volume, owner: u64, bytes: &[u8]) -> io::Result<Vec<Extent>> {
    let mut extents: Vec<Extent> = Vec::with_capacity(bytes.len() / RECORD_BYTES);
    for raw in bytes.chunks_exact(RECORD_BYTES) {
        let record = Record::decode(raw);
        let bad = |what: &str| {
            corrupt(format!(
                "inode {owner}: extent at file block {} ({} blocks at {}) {what}",
                record.offset, record.count, record.start
            ))
        };
        let in_order = extents
            .last()
            .is_none_or(|last| record.offset >= last.offset + last.count);
        if record.count == 0 || record.offset + record.count > MAX_FILE_BLOCKS {
            return Err(bad("is empty or past the largest file offset"));
        }
        if !in_order {
            return Err(bad("overlaps or precedes the one before"));
        }
        let at = volume
            .sb
            .extent_offset(record.start, record.count)
            .ok_or_else(|| bad("lies outside the filesystem"))?;
        extents.push(Extent {
            offset: record.offset,
            count: record.count,
            at,
            unwritten: record.unwritten,
        });
    }
    Ok(extents)
}

/// The run at `logical` among sorted `extents`, nothing being mapped from `limit` on.
fn run_in(extents: &[Extent], logical: u64, limit: u64, block_size: u64) -> Run {
    let next = extents.partition_point(|extent| extent.offset <= logical);
    if let Some(extent) = next.checked_sub(1).map(|i| extents[i])
        && logical < extent.offset + extent.count
    {
        let into = logical - extent.offset;
        return Run {
            at: (!extent.unwritten).then_some(extent.at + into * block_size),
            blocks: extent.count - into,
        };
    }
    let end = extents.get(next).map_or(limit, |extent| extent.offset);
    hole(logical, end.min(limit))
}

fn hole(logical: u64, end: u64) -> Run {
    Run {
        at: None,
        blocks: end.saturating_sub(logical).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::craft::encode;
    use super::*;

    #[test]
    fn records_decode_every_field_at_its_limits() {
        for record in [
            Record {
                offset: 0,
                start: 24,
                count: 74,
                unwritten: false,
            },
            Record {
                offset: MAX_FILE_BLOCKS - 1,
                start: (1 << 52) - 1,
                count: (1 << 21) - 1,
                unwritten: true,
            },
        ] {
            assert_eq!(Record::decode(&encode(&record)), record);
        }
    }

    #[test]
    fn runs_cover_mapped_unwritten_and_unmapped_blocks() {
        let extents = [
            Extent {
                offset: 2,
                count: 3,
                at: 8192,
                unwritten: false,
            },
            Extent {
                offset: 5,
                count: 2,
                at: 65536,
                unwritten: true,
            },
        ];
        let run = |logical| run_in(&extents, logical, 100, 1024);
        assert_eq!(run(0), hole(0, 2));
        assert_eq!(
            run(3),
            Run {
                at: Some(8192 + 1024),
                blocks: 2
            }
        );
        assert_eq!(
            run(6),
            Run {
                at: None,
                blocks: 1
            }
        );
        assert_eq!(run(7), hole(7, 100), "past the last extent up to the limit");
        assert_eq!(run(200).blocks, 1, "never empty");
    }
}
