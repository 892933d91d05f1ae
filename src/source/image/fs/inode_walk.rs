//! The walk shared by the filesystems of inodes (ext, XFS): from the root directory, each
//! directory entered once, each regular file read once with all its names, links and special
//! files reported, never followed.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::hash::Hash;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{FsFile, FsItem, FsPath, child_path, corrupt};

// The file type in an inode's mode, as POSIX numbers it.
pub(super) const MODE_FIFO: u16 = 0x1000;
pub(super) const MODE_CHAR: u16 = 0x2000;
pub(super) const MODE_DIR: u16 = 0x4000;
pub(super) const MODE_BLOCK: u16 = 0x6000;
pub(super) const MODE_FILE: u16 = 0x8000;
pub(super) const MODE_LINK: u16 = 0xA000;
pub(super) const MODE_SOCKET: u16 = 0xC000;

/// What the walk needs to know of an inode.
pub(super) struct Stat {
    /// The file type bits of the mode (`MODE_*`).
    pub file_type: u16,
    pub links: u64,
    pub size: u64,
}

/// Why a regular file's content is not handed on.
pub(super) enum Unread {
    /// Reported as not scanned under each of its names, for this reason.
    NotScanned(String),
    /// Reported as an error at its first name.
    Error(io::Error),
}

/// What the walk needs from a filesystem of inodes.
pub(super) trait InodeVolume {
    /// What names an inode: its number, or for btrfs the subvolume and the number in it.
    type Number: Copy + Eq + Hash + Ord + Display;
    type Inode;
    type Content<'a>: Read + Send
    where
        Self: 'a;

    fn root(&self) -> Self::Number;
    fn inode(&self, number: Self::Number) -> io::Result<Self::Inode>;
    fn stat(&self, inode: &Self::Inode) -> Stat;
    /// Calls `entry(inode, name)` for each entry of directory `dir` (`.` and `..` included
    /// where stored) until it returns false; `error` gets each part that cannot be read.
    fn read_dir(
        &self,
        dir: &Self::Inode,
        entry: &mut dyn FnMut(Self::Number, &[u8]) -> bool,
        error: &mut dyn FnMut(String),
    );
    /// The content of regular file `inode`, or why it is not read.
    fn content(&self, inode: &Self::Inode) -> Result<Self::Content<'_>, Unread>;
    /// What to report of an inode read in spite of a flaw (a checksum mismatch): at a
    /// directory's path, and at each name of a file.
    fn flaw(&self, _inode: &Self::Inode) -> Option<String> {
        None
    }
    /// The message for a directory entry whose inode cannot be read.
    fn entry_error(&self, number: Self::Number, e: io::Error) -> String {
        format!("inode {number}: {e}")
    }
}

/// The names in the root directory (`.` and `..` left out); an error only if none can be read.
pub(super) fn root_names(volume: &impl InodeVolume) -> io::Result<Vec<Vec<u8>>> {
    let root = volume.inode(volume.root())?;
    let mut names = Vec::new();
    let mut first_error = None;
    volume.read_dir(
        &root,
        &mut |_, name| {
            if name != b"." && name != b".." {
                names.push(name.to_vec());
            }
            true
        },
        &mut |e| {
            first_error.get_or_insert(e);
        },
    );
    match first_error {
        Some(e) if names.is_empty() => Err(corrupt(e)),
        _ => Ok(names),
    }
}

/// Walks `volume` from its root until done or `stop` is set.
pub(super) fn walk<V: InodeVolume>(
    volume: &V,
    stop: &AtomicBool,
    visit: &mut dyn FnMut(FsItem<'_>),
) {
    let root = volume.root();
    Walker {
        volume,
        stop,
        visit,
        entered: HashSet::from([root]),
        pending: HashMap::new(),
        directories: vec![(root, Vec::new())],
    }
    .run();
}

/// A regular file with several names: read once all its names have been seen.
struct Linked {
    names: Vec<FsPath>,
    links: u64,
}

struct Walker<'w, V: InodeVolume> {
    volume: &'w V,
    stop: &'w AtomicBool,
    visit: &'w mut dyn for<'a> FnMut(FsItem<'a>),
    /// Directory inodes already queued: each is entered once.
    entered: HashSet<V::Number>,
    /// Regular files with more than one link whose names are still being collected.
    pending: HashMap<V::Number, Linked>,
    /// Directories still to read: inode and path ("" for the root).
    directories: Vec<(V::Number, FsPath)>,
}

impl<V: InodeVolume> Walker<'_, V> {
    fn run(&mut self) {
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
                Ok(dir) if volume.stat(&dir).file_type == MODE_DIR => dir,
                Ok(_) => {
                    self.error(shown, format!("inode {number} is not a directory"));
                    continue;
                }
                Err(e) => {
                    self.error(shown, format!("directory inode {number}: {e}"));
                    continue;
                }
            };
            if let Some(note) = volume.flaw(&dir) {
                self.error(shown.clone(), note);
            }
            let mut errors = Vec::new();
            let queued = self.directories.len();
            volume.read_dir(
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

    fn entry(&mut self, number: V::Number, path: FsPath) {
        let volume = self.volume;
        let inode = match volume.inode(number) {
            Ok(inode) => inode,
            Err(e) => return self.error(path, volume.entry_error(number, e)),
        };
        let stat = volume.stat(&inode);
        let kind = match stat.file_type {
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
                if stat.links > 1 {
                    let linked = self.pending.entry(number).or_insert_with(|| Linked {
                        names: Vec::new(),
                        links: stat.links,
                    });
                    linked.names.push(path);
                    if linked.names.len() as u64 >= linked.links
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

    fn file(&mut self, inode: &V::Inode, names: Vec<FsPath>) {
        let volume = self.volume;
        if let Some(note) = volume.flaw(inode) {
            for path in &names {
                self.error(path.clone(), note.clone());
            }
        }
        let size = volume.stat(inode).size;
        match volume.content(inode) {
            Ok(mut content) => (self.visit)(FsItem::File(FsFile {
                names,
                size,
                content: &mut content,
            })),
            Err(Unread::NotScanned(reason)) => {
                for path in names {
                    (self.visit)(FsItem::NotScanned {
                        path,
                        size,
                        reason: reason.clone(),
                    });
                }
            }
            Err(Unread::Error(e)) => {
                let path = names.into_iter().next().unwrap_or_default();
                self.error(path, e.to_string());
            }
        }
    }
}
