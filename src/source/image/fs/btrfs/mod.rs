//! btrfs, read straight from the volume's bytes.
//!
//! What is read: the primary superblock (its CRC-32C checked), the system chunks it carries and
//! from them the chunk tree, which maps logical addresses to the device; the root tree, and
//! through it the main filesystem tree (subvolume 5) and every other subvolume and snapshot.
//! Subvolumes are walked as directories where they are linked into their parent, each entered
//! once, snapshots included (a forensic examiner wants them even where they repeat content),
//! and listed with their paths. Inodes, directory indexes (directory items where an index is
//! missing), symlinks and special files counted, hardlinks read once under all their names.
//! File content comes from inline extents and regular extents, uncompressed or compressed with
//! zlib, LZO or zstd, one extent at a time; holes and preallocated extents read as zeros.
//! Every tree block's CRC-32C is checked with its address, filesystem and level: a block that
//! fails is an error for what needed it.
//!
//! Mapping: single, DUP and the RAID1 family read the first copy on this device; RAID0, RAID10
//! and RAID5/6 are mapped stripe by stripe, so data on stripes of other devices of a
//! multi-device filesystem (not in the image) is an error, never garbage.
//!
//! Not read: the log tree is not replayed (a note says so when there is one); filesystems
//! checksummed with xxhash64, SHA-256 or BLAKE2b are read without verifying their checksums (a
//! note says so); extents that are encrypted or use an unknown compression or encoding leave
//! their file not scanned; extended attributes, the extent and checksum trees (file data
//! checksums are not verified), the backup superblocks and deleted subvolumes still being
//! cleaned are not read (the last are reported).
//!
//! Own reader: the young crates that read btrfs (btrfs-disk, btrfs-core, lambutter) were not
//! reviewed against hostile input, nor do they walk as needle must. Every field is bounds-checked
//! before use; tree descents must lose one level per step and a walk reads each block once;
//! nothing is allocated from a size read from the image beyond one tree block or one compressed
//! extent (128 KiB at most).

mod chunks;
mod file;
mod lzo;
mod superblock;
#[cfg(test)]
mod tests;
mod tree;
mod walk;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use self::chunks::{Chunk, ChunkMap};
use self::superblock::{SUPERBLOCK_BYTES, SUPERBLOCK_OFFSET, Superblock};
use self::tree::{BlockCache, Key, TreeRoot};
use super::{FileSystem, FsItem, FsPath, Subvolume, corrupt, inode_walk, report_notes};
use crate::source::image::bytes::{le16, le32, le64};
use crate::source::image::disk::Slice;

// Item types.
const INODE_ITEM: u8 = 1;
const INODE_REF: u8 = 12;
const DIR_ITEM: u8 = 84;
const DIR_INDEX: u8 = 96;
const EXTENT_DATA: u8 = 108;
const ROOT_ITEM: u8 = 132;
const ROOT_BACKREF: u8 = 144;
const CHUNK_ITEM: u8 = 228;

// Object ids of trees and inodes.
const FS_TREE: u64 = 5;
/// The first subvolume id and the first inode number (a subvolume's root directory).
const FIRST_FREE: u64 = 256;
const LAST_FREE: u64 = u64::MAX - 255;
const FIRST_CHUNK_TREE: u64 = 256;

/// Bytes of a root item up to its root level, the last field read.
const ROOT_ITEM_BYTES: usize = 239;
/// Most directories climbed to name a subvolume's place: deeper is a loop.
const MAX_PATH_DEPTH: usize = 4096;

/// Opens the btrfs filesystem on `volume`. Nothing is ever written.
pub fn open(volume: Slice) -> io::Result<BtrfsFileSystem> {
    let mut raw = vec![0; SUPERBLOCK_BYTES];
    volume.read_exact_at(SUPERBLOCK_OFFSET, &mut raw)?;
    let sb = Superblock::parse(&raw)?;
    let bootstrap = ChunkMap::new(sb.sys_chunks.clone(), sb.devid)?;
    let mut volume = Volume {
        slice: volume,
        sb,
        chunks: bootstrap,
        cache: Mutex::default(),
        trees: BTreeMap::new(),
        backrefs: BTreeMap::new(),
    };
    let chunks = volume
        .chunk_tree()
        .map_err(|e| corrupt(format!("chunk tree: {e}")))?;
    volume.chunks = ChunkMap::new(chunks, volume.sb.devid)?;
    volume
        .root_tree()
        .map_err(|e| corrupt(format!("root tree: {e}")))?;
    if !volume.trees.contains_key(&FS_TREE) {
        return Err(corrupt("root tree: no filesystem tree (subvolume 5)"));
    }
    let mut notes = Vec::new();
    if volume.sb.crc_mismatch {
        notes.push("superblock checksum mismatch: the superblock was read anyway".to_string());
    }
    if let Some(csum) = &volume.sb.other_csum {
        notes.push(format!(
            "checksums are {csum}, which needle does not compute: the superblock and tree \
             blocks were read without verifying them"
        ));
    }
    if volume.sb.num_devices > 1 {
        notes.push(format!(
            "device {} of a filesystem of {} devices: what lies only on the others is an error",
            volume.sb.devid, volume.sb.num_devices
        ));
    }
    if volume.sb.log_root != 0 {
        notes.push(
            "log tree not replayed: files fsynced just before the image was taken may be \
             missing or stale"
                .to_string(),
        );
    }
    Ok(BtrfsFileSystem { volume, notes })
}

/// The volume with the filesystem's geometry, chunks and trees.
struct Volume {
    slice: Slice,
    sb: Superblock,
    chunks: ChunkMap,
    cache: Mutex<BlockCache>,
    /// The filesystem tree and every subvolume, by id.
    trees: BTreeMap<u64, Tree>,
    /// Where each subvolume is linked: its parent's id, the directory there and its name.
    backrefs: BTreeMap<u64, Backref>,
}

/// A subvolume's tree.
#[derive(Debug, Clone, Copy)]
struct Tree {
    root: TreeRoot,
    /// Its root directory's inode number.
    dirid: u64,
    /// No reference is left: a deleted subvolume not cleaned up yet.
    deleted: bool,
}

#[derive(Debug, Clone)]
struct Backref {
    parent: u64,
    dirid: u64,
    name: Vec<u8>,
}

impl Volume {
    /// Fills `buf` from logical address `logical`, through the chunks.
    fn read_logical(&self, mut logical: u64, mut buf: &mut [u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let (offset, run) = self.chunks.map(logical)?;
            let n = usize::try_from(run).map_or(buf.len(), |run| run.min(buf.len()));
            self.slice.read_exact_at(offset, &mut buf[..n])?;
            buf = &mut buf[n..];
            logical += n as u64;
        }
        Ok(())
    }

    /// Every chunk: the system chunks and the chunk tree's.
    fn chunk_tree(&self) -> io::Result<Vec<Chunk>> {
        let root = TreeRoot {
            bytenr: self.sb.chunk_root,
            level: self.sb.chunk_root_level,
        };
        let mut chunks = self.sb.sys_chunks.clone();
        self.items(
            root,
            Key::all(FIRST_CHUNK_TREE, CHUNK_ITEM),
            &mut |key, data| {
                chunks.push(Chunk::parse(key.offset, data)?.0);
                Ok(true)
            },
        )?;
        Ok(chunks)
    }

    /// The subvolumes' roots and where they are linked, from the root tree.
    fn root_tree(&mut self) -> io::Result<()> {
        let root = TreeRoot {
            bytenr: self.sb.root,
            level: self.sb.root_level,
        };
        let mut trees = BTreeMap::new();
        let mut backrefs = BTreeMap::new();
        let range = (
            Key::new(FS_TREE, 0, 0),
            Key::new(LAST_FREE, u8::MAX, u64::MAX),
        );
        self.items(root, range, &mut |key, data| {
            let subvolume = key.objectid == FS_TREE || key.objectid >= FIRST_FREE;
            if !subvolume {
                return Ok(true);
            }
            match key.kind {
                ROOT_ITEM => {
                    let level = *data.get(ROOT_ITEM_BYTES - 1).ok_or_else(|| {
                        corrupt(format!("subvolume {}: short root item", key.objectid))
                    })?;
                    if level >= tree::MAX_LEVEL {
                        return Err(corrupt(format!(
                            "subvolume {}: root at level {level}",
                            key.objectid
                        )));
                    }
                    // A snapshot's later root items (by offset) replace the earlier ones.
                    trees.insert(
                        key.objectid,
                        Tree {
                            root: TreeRoot {
                                bytenr: le64(data, 176),
                                level,
                            },
                            dirid: le64(data, 168),
                            deleted: le32(data, 216) == 0,
                        },
                    );
                }
                ROOT_BACKREF => {
                    let name_len = usize::from(le16(data, 16));
                    let name = data.get(18..18 + name_len).ok_or_else(|| {
                        corrupt(format!("subvolume {}: short back reference", key.objectid))
                    })?;
                    backrefs.insert(
                        key.objectid,
                        Backref {
                            parent: key.offset,
                            dirid: le64(data, 0),
                            name: name.to_vec(),
                        },
                    );
                }
                _ => {}
            }
            Ok(true)
        })?;
        self.trees = trees;
        self.backrefs = backrefs;
        Ok(())
    }

    /// The path of directory `dirid` in subvolume `tree`, relative to that subvolume's root
    /// ("" for the root), climbed through the inode references.
    fn path_in_tree(&self, tree: u64, dirid: u64) -> io::Result<FsPath> {
        let info = self
            .trees
            .get(&tree)
            .ok_or_else(|| corrupt(format!("subvolume {tree} has no root item")))?;
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        let mut inode = dirid;
        while inode != info.dirid {
            if !seen.insert(inode) || names.len() >= MAX_PATH_DEPTH {
                return Err(corrupt(format!(
                    "directory {inode} of subvolume {tree}: its parents loop"
                )));
            }
            let (key, data) = self
                .first_item(info.root, Key::all(inode, INODE_REF))?
                .ok_or_else(|| {
                    corrupt(format!(
                        "directory {inode} of subvolume {tree} has no parent"
                    ))
                })?;
            let name_len = usize::from(le16(&data, 8));
            let name = data.get(10..10 + name_len).ok_or_else(|| {
                corrupt(format!(
                    "directory {inode} of subvolume {tree}: short inode reference"
                ))
            })?;
            names.push(name.to_vec());
            inode = key.offset;
        }
        let mut path = Vec::new();
        for name in names.iter().rev() {
            path = super::child_path(&path, name);
        }
        Ok(path)
    }

    /// Where subvolume `id` appears on the host: the path of its parent's place joined with
    /// its own name, climbed to the filesystem tree.
    fn subvolume_path(&self, id: u64) -> io::Result<FsPath> {
        let mut parts = Vec::new();
        let mut seen = HashSet::new();
        let mut current = id;
        while current != FS_TREE {
            if !seen.insert(current) {
                return Err(corrupt(format!("subvolume {id}: its parents loop")));
            }
            let backref = self.backrefs.get(&current).ok_or_else(|| {
                corrupt(format!(
                    "subvolume {current} is not linked into any directory"
                ))
            })?;
            let mut place = self.path_in_tree(backref.parent, backref.dirid)?;
            place = super::child_path(&place, &backref.name);
            parts.push(place);
            current = backref.parent;
        }
        // Climbed innermost first: the outermost part starts the path.
        Ok(parts.into_iter().rev().flatten().collect())
    }
}

/// A btrfs filesystem opened read-only.
pub struct BtrfsFileSystem {
    volume: Volume,
    /// What the walk reports first: a log not replayed, checksums not verified...
    notes: Vec<String>,
}

impl FileSystem for BtrfsFileSystem {
    fn kind(&self) -> &'static str {
        "btrfs"
    }

    fn label(&self) -> Option<String> {
        self.volume.sb.label.clone()
    }

    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        inode_walk::root_names(&self.volume)
    }

    fn subvolumes(&mut self) -> Vec<Subvolume> {
        let volume = &self.volume;
        volume
            .trees
            .iter()
            .filter(|(id, _)| **id != FS_TREE)
            .map(|(&id, tree)| Subvolume {
                id,
                path: if tree.deleted {
                    Err("deleted, not cleaned up yet: not read".to_string())
                } else {
                    volume.subvolume_path(id).map_err(|e| e.to_string())
                },
            })
            .collect()
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        report_notes(&self.notes, visit);
        // Subvolumes reached through no directory are not walked: each is reported.
        for subvolume in self.subvolumes() {
            if let Err(why) = subvolume.path {
                visit(FsItem::Error {
                    path: b"/".to_vec(),
                    message: format!("subvolume {}: {why}", subvolume.id),
                });
            }
        }
        inode_walk::walk(&self.volume, stop, visit);
    }
}
