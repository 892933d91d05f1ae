//! The walk from the root directory: each directory entered once, each regular file read once
//! with all its names, links and special files reported, never followed.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use super::super::{FsFile, FsItem, FsPath, child_path};
use super::Volume;
use super::bmap::BlockMap;
use super::dir;
use super::file::FileContent;
use super::inode::{
    Inode, MODE_BLOCK, MODE_CHAR, MODE_DIR, MODE_FIFO, MODE_FILE, MODE_LINK, MODE_SOCKET,
};

/// A regular file with several names: read once all its names have been seen.
struct Linked {
    names: Vec<FsPath>,
    links: u32,
}

pub(super) struct Walker<'w> {
    volume: &'w Volume,
    stop: &'w AtomicBool,
    visit: &'w mut dyn for<'a> FnMut(FsItem<'a>),
    /// Directory inodes already queued: each is entered once.
    entered: HashSet<u64>,
    /// Regular files with more than one link whose names are still being collected.
    pending: HashMap<u64, Linked>,
    /// Directories still to read: inode and path ("" for the root).
    directories: Vec<(u64, FsPath)>,
}

impl<'w> Walker<'w> {
    pub fn new(
        volume: &'w Volume,
        stop: &'w AtomicBool,
        visit: &'w mut dyn for<'a> FnMut(FsItem<'a>),
    ) -> Walker<'w> {
        let root = volume.sb.root_inode;
        Walker {
            volume,
            stop,
            visit,
            entered: HashSet::from([root]),
            pending: HashMap::new(),
            directories: vec![(root, Vec::new())],
        }
    }

    pub fn run(&mut self) {
        let volume = self.volume;
        while let Some((number, path)) = self.directories.pop() {
            if self.stopped() {
                return;
            }
            let shown = if path.is_empty() {
                b"/".to_vec()
            } else {
                path.clone()
            };
            let dir = match volume.inode(number) {
                Ok(dir) if dir.kind() == MODE_DIR => dir,
                Ok(_) => {
                    self.error(shown, format!("inode {number} is not a directory"));
                    continue;
                }
                Err(e) => {
                    self.error(shown, format!("directory inode {number}: {e}"));
                    continue;
                }
            };
            if dir.crc_mismatch {
                self.error(shown.clone(), checksum_note(number));
            }
            let mut errors = Vec::new();
            let queued = self.directories.len();
            dir::read(
                volume,
                &dir,
                &mut |child, name| {
                    if name != b"." && name != b".." {
                        self.entry(child, child_path(&path, name));
                    }
                    !self.stopped()
                },
                &mut |e| errors.push(e),
            );
            // Popped last-in first: reversed, subdirectories are entered in directory order.
            self.directories[queued..].reverse();
            for message in errors {
                self.error(shown.clone(), message);
            }
        }
        if self.stopped() {
            return;
        }
        // Files whose other names were never found (a link count too high): read them now.
        let mut rest: Vec<_> = self.pending.drain().collect();
        rest.sort_by_key(|(number, _)| *number);
        for (number, linked) in rest {
            if self.stopped() {
                return;
            }
            match volume.inode(number) {
                Ok(inode) => self.file(&inode, linked.names),
                Err(e) => {
                    let path = linked.names.into_iter().next().unwrap_or_default();
                    self.error(path, format!("inode {number}: {e}"));
                }
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn error(&mut self, path: FsPath, message: String) {
        (self.visit)(FsItem::Error { path, message });
    }

    fn entry(&mut self, number: u64, path: FsPath) {
        let inode = match self.volume.inode(number) {
            Ok(inode) => inode,
            Err(e) => return self.error(path, e.to_string()),
        };
        let kind = match inode.kind() {
            MODE_DIR => {
                if self.entered.insert(number) {
                    self.directories.push((number, path));
                } else {
                    self.error(
                        path,
                        format!(
                            "directory inode {number} already entered (a directory loop or a \
                             hard-linked directory): not entered again"
                        ),
                    );
                }
                return;
            }
            MODE_FILE => {
                if inode.links > 1 {
                    let linked = self.pending.entry(number).or_insert_with(|| Linked {
                        names: Vec::new(),
                        links: inode.links,
                    });
                    linked.names.push(path);
                    if linked.names.len() as u64 >= u64::from(linked.links)
                        && let Some(linked) = self.pending.remove(&number)
                    {
                        self.file(&inode, linked.names);
                    }
                } else {
                    self.file(&inode, vec![path]);
                }
                return;
            }
            MODE_LINK => return (self.visit)(FsItem::Link { path }),
            MODE_FIFO => "fifo",
            MODE_SOCKET => "socket",
            MODE_CHAR => "character device",
            MODE_BLOCK => "block device",
            other => {
                return self.error(
                    path,
                    format!("inode {number} has an unknown file type 0x{other:x}"),
                );
            }
        };
        (self.visit)(FsItem::Special { path, kind });
    }

    fn file(&mut self, inode: &Inode, names: Vec<FsPath>) {
        let number = inode.number;
        if inode.crc_mismatch {
            for path in &names {
                self.error(path.clone(), checksum_note(number));
            }
        }
        if inode.realtime {
            for path in names {
                (self.visit)(FsItem::NotScanned {
                    path,
                    size: inode.size,
                    reason: "data on the realtime device, which is not in the image".into(),
                });
            }
            return;
        }
        // Only a sparse file can be larger than its filesystem, and a flipped bit in the size
        // would otherwise have terabytes of zeros read and hashed.
        let capacity = self.volume.sb.data_bytes();
        if inode.size > capacity {
            for path in names {
                (self.visit)(FsItem::NotScanned {
                    path,
                    size: inode.size,
                    reason: format!(
                        "recorded size larger than the filesystem ({capacity} bytes): sparse or \
                         corrupt, not read"
                    ),
                });
            }
            return;
        }
        match BlockMap::new(self.volume, inode) {
            Ok(map) => (self.visit)(FsItem::File(FsFile {
                names,
                size: inode.size,
                content: &mut FileContent::new(self.volume, map, inode.size),
            })),
            Err(e) => {
                let path = names.into_iter().next().unwrap_or_default();
                self.error(path, e.to_string());
            }
        }
    }
}

fn checksum_note(number: u64) -> String {
    format!("inode {number}: checksum mismatch (the inode was read anyway)")
}
