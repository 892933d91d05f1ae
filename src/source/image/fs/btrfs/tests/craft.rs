//! btrfs images built byte by byte, for what mkfs.btrfs 6.2 cannot make without mounting
//! (subvolumes, snapshots, compressed and preallocated extents, holes, RAID chunks) and for
//! damage. One chunk maps logical addresses onto the same device offsets; tree blocks are 4 KiB
//! and start at 1 MiB, file data at 4 MiB.

use std::collections::BTreeMap;

use super::super::super::crc32c;
use super::super::chunks::Chunk;
use super::super::superblock::{CSUM_BYTES, MAGIC, SUPERBLOCK_BYTES, SUPERBLOCK_OFFSET};
use super::super::tree::{Key, TreeRoot};
use super::super::*;

pub const NODE: usize = 4096;
pub const SECTOR: u64 = 4096;
pub const FSID: [u8; 16] = *b"needle btrfs fs!";
pub const IMAGE_BYTES: u64 = 8 << 20;
const TREE_START: u64 = 1 << 20;
const DATA_START: u64 = 4 << 20;
const HEADER: usize = 0x65;

// Chunk types: data, system, metadata; profiles.
pub const ALL_KINDS: u64 = 7;
pub const RAID0: u64 = 1 << 3;

pub const MODE_DIR: u32 = 0o40755;
pub const MODE_FILE: u32 = 0o100644;

/// An image being built.
pub struct Image {
    pub bytes: Vec<u8>,
    next_block: u64,
    next_data: u64,
    /// The chunk tree's items beyond the one chunk mapping the whole image.
    pub extra_chunks: Vec<(Key, Vec<u8>)>,
}

impl Image {
    pub fn new() -> Image {
        Image {
            bytes: vec![0; IMAGE_BYTES as usize],
            next_block: TREE_START,
            next_data: DATA_START,
            extra_chunks: Vec::new(),
        }
    }

    /// Writes a leaf holding `items` (sorted by the caller); returns its address.
    pub fn leaf(&mut self, owner: u64, items: &[(Key, Vec<u8>)]) -> u64 {
        let at = self.next_block;
        self.next_block += NODE as u64;
        let mut block = header(at, owner, items.len(), 0);
        let mut data_end = NODE - HEADER;
        for (index, (key, data)) in items.iter().enumerate() {
            data_end -= data.len();
            let item = HEADER + index * 25;
            assert!(item + 25 <= HEADER + data_end, "leaf overflows");
            put_key(&mut block, item, *key);
            block[item + 17..item + 21].copy_from_slice(&(data_end as u32).to_le_bytes());
            block[item + 21..item + 25].copy_from_slice(&(data.len() as u32).to_le_bytes());
            block[HEADER + data_end..HEADER + data_end + data.len()].copy_from_slice(data);
        }
        seal(&mut block);
        self.put(at, &block);
        at
    }

    /// Writes a node at `level` pointing to `children`; returns its address.
    pub fn node(&mut self, owner: u64, level: u8, children: &[(Key, u64)]) -> u64 {
        let at = self.next_block;
        self.next_block += NODE as u64;
        let mut block = header(at, owner, children.len(), level);
        for (index, (key, child)) in children.iter().enumerate() {
            let entry = HEADER + index * 33;
            put_key(&mut block, entry, *key);
            block[entry + 17..entry + 25].copy_from_slice(&child.to_le_bytes());
        }
        seal(&mut block);
        self.put(at, &block);
        at
    }

    /// A tree of `items` with at most `per_leaf` items a leaf, and a node above the leaves
    /// when there are several.
    pub fn tree(
        &mut self,
        owner: u64,
        items: &BTreeMap<Key, Vec<u8>>,
        per_leaf: usize,
    ) -> TreeRoot {
        let items: Vec<(Key, Vec<u8>)> = items.iter().map(|(k, v)| (*k, v.clone())).collect();
        if items.len() <= per_leaf {
            return TreeRoot {
                bytenr: self.leaf(owner, &items),
                level: 0,
            };
        }
        let children: Vec<(Key, u64)> = items
            .chunks(per_leaf)
            .map(|part| (part[0].0, self.leaf(owner, part)))
            .collect();
        TreeRoot {
            bytenr: self.node(owner, 1, &children),
            level: 1,
        }
    }

    /// Writes `bytes` as file data, sector-aligned; returns its logical address.
    pub fn data(&mut self, bytes: &[u8]) -> u64 {
        let at = self.next_data;
        self.put(at, bytes);
        self.next_data += (bytes.len() as u64).div_ceil(SECTOR).max(1) * SECTOR;
        at
    }

    pub fn put(&mut self, at: u64, bytes: &[u8]) {
        self.bytes[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    }

    /// Writes the chunk tree and the superblock for the root tree at `root`.
    pub fn finish(mut self, root: TreeRoot) -> Vec<u8> {
        let whole = chunk_item(IMAGE_BYTES, ALL_KINDS, 65536, 1, &[(1, 0)]);
        let mut chunks = BTreeMap::from([(Key::new(256, CHUNK_ITEM, 0), whole.clone())]);
        chunks.extend(self.extra_chunks.iter().cloned());
        let chunk_root = self.tree(3, &chunks, 100);
        let mut sb = vec![0u8; SUPERBLOCK_BYTES];
        sb[0x20..0x30].copy_from_slice(&FSID);
        sb[0x30..0x38].copy_from_slice(&SUPERBLOCK_OFFSET.to_le_bytes());
        sb[0x40..0x48].copy_from_slice(MAGIC);
        sb[0x48..0x50].copy_from_slice(&7u64.to_le_bytes());
        sb[0x50..0x58].copy_from_slice(&root.bytenr.to_le_bytes());
        sb[0x58..0x60].copy_from_slice(&chunk_root.bytenr.to_le_bytes());
        sb[0x70..0x78].copy_from_slice(&IMAGE_BYTES.to_le_bytes());
        sb[0x88..0x90].copy_from_slice(&1u64.to_le_bytes());
        sb[0x90..0x94].copy_from_slice(&(SECTOR as u32).to_le_bytes());
        sb[0x94..0x98].copy_from_slice(&(NODE as u32).to_le_bytes());
        sb[0x98..0x9C].copy_from_slice(&(NODE as u32).to_le_bytes());
        sb[0x9C..0xA0].copy_from_slice(&(SECTOR as u32).to_le_bytes());
        sb[0xC6] = root.level;
        sb[0xC7] = chunk_root.level;
        sb[0xC9..0xD1].copy_from_slice(&1u64.to_le_bytes());
        sb[0x12B..0x131].copy_from_slice(b"needle");
        let mut array = vec![0u8; 17];
        put_key(&mut array, 0, Key::new(256, CHUNK_ITEM, 0));
        array.extend_from_slice(&whole);
        sb[0xA0..0xA4].copy_from_slice(&(array.len() as u32).to_le_bytes());
        sb[0x32B..0x32B + array.len()].copy_from_slice(&array);
        seal_superblock(&mut sb);
        self.put(SUPERBLOCK_OFFSET, &sb);
        self.bytes
    }
}

fn header(bytenr: u64, owner: u64, count: usize, level: u8) -> Vec<u8> {
    let mut block = vec![0u8; NODE];
    block[0x20..0x30].copy_from_slice(&FSID);
    block[0x30..0x38].copy_from_slice(&bytenr.to_le_bytes());
    block[0x38..0x40].copy_from_slice(&1u64.to_le_bytes());
    block[0x50..0x58].copy_from_slice(&7u64.to_le_bytes());
    block[0x58..0x60].copy_from_slice(&owner.to_le_bytes());
    block[0x60..0x64].copy_from_slice(&(count as u32).to_le_bytes());
    block[0x64] = level;
    block
}

fn put_key(bytes: &mut [u8], at: usize, key: Key) {
    bytes[at..at + 8].copy_from_slice(&key.objectid.to_le_bytes());
    bytes[at + 8] = key.kind;
    bytes[at + 9..at + 17].copy_from_slice(&key.offset.to_le_bytes());
}

/// Sets a tree block's checksum.
pub fn seal(block: &mut [u8]) {
    let crc = crc32c::crc32c(&block[CSUM_BYTES..]);
    block[..4].copy_from_slice(&crc.to_le_bytes());
}

/// Sets the superblock's checksum (`sb` is the superblock alone).
pub fn seal_superblock(sb: &mut [u8]) {
    seal(&mut sb[..SUPERBLOCK_BYTES]);
}

/// Reseals the tree block at `at` of a whole image after an edit.
pub fn reseal(image: &mut [u8], at: u64) {
    seal(&mut image[at as usize..at as usize + NODE]);
}

pub fn chunk_item(
    length: u64,
    kind: u64,
    stripe_len: u64,
    sub_stripes: u16,
    stripes: &[(u64, u64)],
) -> Vec<u8> {
    let mut raw = vec![0u8; 48];
    raw[0..8].copy_from_slice(&length.to_le_bytes());
    raw[8..16].copy_from_slice(&2u64.to_le_bytes());
    raw[16..24].copy_from_slice(&stripe_len.to_le_bytes());
    raw[24..32].copy_from_slice(&kind.to_le_bytes());
    raw[32..36].copy_from_slice(&4096u32.to_le_bytes());
    raw[36..40].copy_from_slice(&4096u32.to_le_bytes());
    raw[40..44].copy_from_slice(&4096u32.to_le_bytes());
    raw[44..46].copy_from_slice(&(stripes.len() as u16).to_le_bytes());
    raw[46..48].copy_from_slice(&sub_stripes.to_le_bytes());
    for (devid, offset) in stripes {
        let mut stripe = vec![0u8; 32];
        stripe[0..8].copy_from_slice(&devid.to_le_bytes());
        stripe[8..16].copy_from_slice(&offset.to_le_bytes());
        raw.extend_from_slice(&stripe);
    }
    raw
}

/// A chunk as the reader parses it, for the mapping tests.
pub fn chunk(
    logical: u64,
    length: u64,
    kind: u64,
    stripe_len: u64,
    sub_stripes: u16,
    stripes: &[(u64, u64)],
) -> Chunk {
    Chunk::parse(
        logical,
        &chunk_item(length, kind, stripe_len, sub_stripes, stripes),
    )
    .expect("a sound chunk")
    .0
}

pub fn inode_item(mode: u32, size: u64, links: u32) -> Vec<u8> {
    let mut raw = vec![0u8; 160];
    raw[16..24].copy_from_slice(&size.to_le_bytes());
    raw[40..44].copy_from_slice(&links.to_le_bytes());
    raw[52..56].copy_from_slice(&mode.to_le_bytes());
    raw
}

pub fn root_item(root: TreeRoot, dirid: u64, refs: u32) -> Vec<u8> {
    let mut raw = inode_item(MODE_DIR, 3, 1);
    raw.resize(439, 0);
    raw[168..176].copy_from_slice(&dirid.to_le_bytes());
    raw[176..184].copy_from_slice(&root.bytenr.to_le_bytes());
    raw[216..220].copy_from_slice(&refs.to_le_bytes());
    raw[238] = root.level;
    raw
}

pub fn root_backref(dirid: u64, name: &[u8]) -> Vec<u8> {
    let mut raw = dirid.to_le_bytes().to_vec();
    raw.extend_from_slice(&1u64.to_le_bytes());
    raw.extend_from_slice(&(name.len() as u16).to_le_bytes());
    raw.extend_from_slice(name);
    raw
}

/// An inline extent: `data` as stored, `ram_bytes` once decompressed.
pub fn inline_extent(compression: u8, ram_bytes: u64, data: &[u8]) -> Vec<u8> {
    let mut raw = vec![0u8; 21];
    raw[8..16].copy_from_slice(&ram_bytes.to_le_bytes());
    raw[16] = compression;
    raw.extend_from_slice(data);
    raw
}

/// A regular (kind 1) or preallocated (kind 2) extent.
pub struct Regular {
    pub kind: u8,
    pub compression: u8,
    pub disk_bytenr: u64,
    pub disk_bytes: u64,
    pub offset: u64,
    pub length: u64,
    pub ram_bytes: u64,
}

impl Regular {
    /// `length` uncompressed bytes at `disk_bytenr`.
    pub fn plain(disk_bytenr: u64, length: u64) -> Regular {
        Regular {
            kind: 1,
            compression: 0,
            disk_bytenr,
            disk_bytes: length.div_ceil(SECTOR) * SECTOR,
            offset: 0,
            length,
            ram_bytes: length,
        }
    }

    pub fn item(&self) -> Vec<u8> {
        let mut raw = inline_extent(self.compression, self.ram_bytes, &[0; 32]);
        raw[20] = self.kind;
        raw[21..29].copy_from_slice(&self.disk_bytenr.to_le_bytes());
        raw[29..37].copy_from_slice(&self.disk_bytes.to_le_bytes());
        raw[37..45].copy_from_slice(&self.offset.to_le_bytes());
        raw[45..53].copy_from_slice(&self.length.to_le_bytes());
        raw
    }
}

/// A subvolume's tree being filled: its root directory is inode 256.
pub struct FsTree {
    pub items: BTreeMap<Key, Vec<u8>>,
    next_index: BTreeMap<u64, u64>,
}

impl FsTree {
    pub fn new() -> FsTree {
        let mut tree = FsTree {
            items: BTreeMap::new(),
            next_index: BTreeMap::new(),
        };
        tree.items
            .insert(Key::new(256, INODE_ITEM, 0), inode_item(MODE_DIR, 0, 1));
        tree
    }

    /// An entry `name` in directory `dir` leading to `location` (file type `kind`).
    pub fn entry(&mut self, dir: u64, name: &[u8], location: Key, kind: u8) {
        let index = self.next_index.entry(dir).or_insert(2);
        let mut raw = vec![0u8; 30];
        put_key(&mut raw, 0, location);
        raw[27..29].copy_from_slice(&(name.len() as u16).to_le_bytes());
        raw[29] = kind;
        raw.extend_from_slice(name);
        self.items.insert(Key::new(dir, DIR_INDEX, *index), raw);
        if location.kind == INODE_ITEM {
            let mut reference = index.to_le_bytes().to_vec();
            reference.extend_from_slice(&(name.len() as u16).to_le_bytes());
            reference.extend_from_slice(name);
            self.items
                .entry(Key::new(location.objectid, INODE_REF, dir))
                .or_insert(reference);
        }
        *index += 1;
    }

    pub fn dir(&mut self, parent: u64, number: u64, name: &[u8]) {
        self.items
            .insert(Key::new(number, INODE_ITEM, 0), inode_item(MODE_DIR, 0, 1));
        self.entry(parent, name, Key::new(number, INODE_ITEM, 0), 2);
    }

    /// An inode `number` of `mode` and `size` named `name` in `parent`.
    pub fn inode(&mut self, parent: u64, number: u64, name: &[u8], mode: u32, size: u64) {
        self.items
            .insert(Key::new(number, INODE_ITEM, 0), inode_item(mode, size, 1));
        self.entry(parent, name, Key::new(number, INODE_ITEM, 0), 1);
    }

    pub fn extent(&mut self, number: u64, offset: u64, item: Vec<u8>) {
        self.items
            .insert(Key::new(number, EXTENT_DATA, offset), item);
    }
}
