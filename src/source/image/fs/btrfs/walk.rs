//! What the shared inode walk needs from btrfs: inodes named by subvolume and number,
//! directories through their index items (a subvolume's entry leading to its root directory),
//! and each regular file's extents.

use std::fmt;
use std::io;

use super::super::corrupt;
use super::super::inode_walk::{InodeVolume, Stat, Unread};
use super::file::{self, ExtentReader};
use super::tree::{Key, TreeRoot};
use super::{DIR_INDEX, DIR_ITEM, FIRST_FREE, FS_TREE, INODE_ITEM, ROOT_ITEM, Volume};
use crate::source::image::bytes::{le16, le32, le64};

/// Bytes of an inode item up to the mode, the last field read.
const INODE_ITEM_BYTES: usize = 56;
/// A directory entry before its name: location key, transaction id, data and name lengths,
/// type.
const DIR_ENTRY_HEAD: usize = 30;

/// An inode: the subvolume holding it and its number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct InodeId {
    pub tree: u64,
    pub number: u64,
}

impl fmt::Display for InodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.tree == FS_TREE {
            write!(f, "{}", self.number)
        } else {
            write!(f, "{} of subvolume {}", self.number, self.tree)
        }
    }
}

pub(super) struct Inode {
    pub id: InodeId,
    /// The root of the tree holding it.
    pub root: TreeRoot,
    pub size: u64,
    pub links: u32,
    pub mode: u32,
}

impl Volume {
    fn tree_root(&self, tree: u64) -> io::Result<TreeRoot> {
        match self.trees.get(&tree) {
            Some(info) if !info.deleted => Ok(info.root),
            Some(_) => Err(corrupt(format!("subvolume {tree} is deleted"))),
            None => Err(corrupt(format!("subvolume {tree} has no root item"))),
        }
    }

    /// Where a directory entry's location key leads: an inode of the same subvolume, the root
    /// directory of another, or nothing: a snapshot keeps the entries of the subvolumes nested
    /// in what it copied, which the kernel shows as empty directories (the subvolume itself is
    /// walked where it is linked).
    fn location(&self, dir: InodeId, key: Key) -> Result<Option<InodeId>, String> {
        match key.kind {
            INODE_ITEM => Ok(Some(InodeId {
                tree: dir.tree,
                number: key.objectid,
            })),
            ROOT_ITEM => {
                let tree = self.trees.get(&key.objectid).ok_or_else(|| {
                    format!(
                        "directory {dir}: an entry leads to subvolume {}, which has no root item",
                        key.objectid
                    )
                })?;
                let linked_here = self
                    .backrefs
                    .get(&key.objectid)
                    .is_some_and(|backref| backref.parent == dir.tree);
                Ok(linked_here.then_some(InodeId {
                    tree: key.objectid,
                    number: tree.dirid,
                }))
            }
            other => Err(format!(
                "directory {dir}: an entry leads to a key of type {other}"
            )),
        }
    }
}

impl InodeVolume for Volume {
    type Number = InodeId;
    type Inode = Inode;
    type Content<'a> = ExtentReader<'a>;

    fn root(&self) -> InodeId {
        InodeId {
            tree: FS_TREE,
            number: self
                .trees
                .get(&FS_TREE)
                .map_or(FIRST_FREE, |tree| tree.dirid),
        }
    }

    fn inode(&self, id: InodeId) -> io::Result<Inode> {
        let root = self.tree_root(id.tree)?;
        let raw = self
            .item(root, Key::new(id.number, INODE_ITEM, 0))?
            .ok_or_else(|| corrupt(format!("inode {id}: no inode item")))?;
        if raw.len() < INODE_ITEM_BYTES {
            return Err(corrupt(format!("inode {id}: short inode item")));
        }
        Ok(Inode {
            id,
            root,
            size: le64(&raw, 16),
            links: le32(&raw, 40),
            mode: le32(&raw, 52),
        })
    }

    fn stat(&self, inode: &Inode) -> Stat {
        Stat {
            file_type: (inode.mode & 0xF000) as u16,
            links: u64::from(inode.links),
            size: inode.size,
        }
    }

    fn read_dir(
        &self,
        dir: &Inode,
        entry: &mut dyn FnMut(InodeId, &[u8]) -> bool,
        error: &mut dyn FnMut(String),
    ) {
        // The index holds each entry once, in creation order; the name-hashed items are the
        // fallback for a directory whose index is gone.
        let mut listed = 0;
        for kind in [DIR_INDEX, DIR_ITEM] {
            let walked = self.items(dir.root, Key::all(dir.id.number, kind), &mut |_, data| {
                let mut rest = data;
                while !rest.is_empty() {
                    let (location, name, used) = match dir_entry(rest) {
                        Ok(parsed) => parsed,
                        Err(message) => {
                            error(format!("directory {}: {message}", dir.id));
                            return Ok(true);
                        }
                    };
                    rest = &rest[used..];
                    listed += 1;
                    match self.location(dir.id, location) {
                        Ok(Some(child)) => {
                            if !entry(child, name) {
                                return Ok(false);
                            }
                        }
                        Ok(None) => {}
                        Err(message) => error(message),
                    }
                }
                Ok(true)
            });
            if let Err(e) = walked {
                error(format!("directory {}: {e}", dir.id));
            }
            if listed > 0 {
                return;
            }
        }
    }

    fn content(&self, inode: &Inode) -> Result<ExtentReader<'_>, Unread> {
        // Only a sparse file can be larger than its filesystem, and a flipped bit in the size
        // would otherwise have terabytes of zeros read and hashed.
        let capacity = self.sb.total_bytes;
        if inode.size > capacity {
            return Err(Unread::NotScanned(format!(
                "recorded size larger than the filesystem ({capacity} bytes): sparse or \
                 corrupt, not read"
            )));
        }
        file::check_extents(self, inode)?;
        Ok(ExtentReader::new(self, inode))
    }
}

/// The directory entry at the start of `raw`: its location key, its name and the bytes it
/// takes (an item of the name-hashed kind may hold several).
fn dir_entry(raw: &[u8]) -> Result<(Key, &[u8], usize), String> {
    let location = Key::parse(raw).ok_or("an entry is cut short")?;
    let data_len = usize::from(le16(raw, 25));
    let name_len = usize::from(le16(raw, 27));
    let used = DIR_ENTRY_HEAD + name_len + data_len;
    if raw.len() < used || name_len == 0 {
        return Err(format!(
            "an entry of {name_len} name bytes and {data_len} data bytes does not fit in {}",
            raw.len()
        ));
    }
    Ok((
        location,
        &raw[DIR_ENTRY_HEAD..DIR_ENTRY_HEAD + name_len],
        used,
    ))
}
