//! The live filesystem's tree walk: lists the regular files under the given roots, never follows
//! symlinks, never descends into pseudo filesystems, and by default stays on the root filesystem
//! when sweeping `/`. Directories are read through handles opened with `O_NOATIME`, as files are
//! (`read.rs`): a forensic sweep leaves every access time as it found it.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use globset::GlobSet;

use super::fstype::{self, FsTypes};
use super::{Content, Item, Origin, SkipReason, Uncounted, Unscanned};

pub struct WalkOptions {
    /// Leave the starting filesystem when the root is `/`. Other roots always cross into
    /// mounted filesystems (the user named the tree), except pseudo filesystems.
    pub cross_fs: bool,
    pub excludes: GlobSet,
    /// Exact paths never to scan: needle's own output file.
    pub own_files: Vec<PathBuf>,
}

/// Walks each root in turn, handing every item to `sink`, until done or `stop` is set.
pub fn walk(
    roots: &[PathBuf],
    options: &WalkOptions,
    stop: &AtomicBool,
    sink: &mut dyn FnMut(Item<'static>),
) {
    let mut walker = Walker {
        options,
        fstypes: FsTypes::load(),
        fstype_cache: HashMap::new(),
    };
    for root in roots {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        walker.walk_root(root, stop, sink);
    }
}

struct Walker<'a> {
    options: &'a WalkOptions,
    fstypes: FsTypes,
    fstype_cache: HashMap<u64, Option<String>>,
}

impl Walker<'_> {
    fn walk_root(&mut self, root: &Path, stop: &AtomicBool, sink: &mut dyn FnMut(Item<'static>)) {
        let root_device = match std::fs::metadata(root) {
            Ok(metadata) => device_of(&metadata),
            Err(e) => {
                sink(Item::Unscanned(Unscanned::Error {
                    origin: Origin::live(root.to_path_buf()),
                    message: format!("cannot read: {e}"),
                }));
                return;
            }
        };
        let stay_on_root_fs = !self.options.cross_fs && is_filesystem_root(root);

        if let Some(fstype) = self.fstype(root, root_device)
            && fstype::is_pseudo(&fstype)
        {
            let reason = SkipReason::PseudoFilesystem { fstype };
            sink(Item::Unscanned(Unscanned::Skipped {
                origin: Origin::live(root.to_path_buf()),
                reason,
            }));
            return;
        }

        // Depth first, each directory listed whole and closed before its entries are visited,
        // so a deep tree holds no more than one directory handle open.
        let mut pending: Vec<std::vec::IntoIter<(PathBuf, Kind)>> = Vec::new();
        match root.symlink_metadata() {
            Ok(metadata) => {
                pending.push(vec![(root.to_path_buf(), Kind::of(&metadata))].into_iter())
            }
            Err(e) => sink(Item::Unscanned(Unscanned::Error {
                origin: Origin::live(root.to_path_buf()),
                message: format!("cannot read: {e}"),
            })),
        }
        while let Some(entries) = pending.last_mut() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let Some((path, kind)) = entries.next() else {
                pending.pop();
                continue;
            };
            let is_root = path.as_path() == root;
            if !is_root && self.is_excluded(&path) {
                sink(Item::Unscanned(Unscanned::Uncounted(Uncounted::Excluded)));
                continue;
            }
            match kind {
                Kind::Directory => {
                    if !is_root
                        && let Some(reason) =
                            self.foreign_filesystem(&path, root_device, stay_on_root_fs)
                    {
                        sink(Item::Unscanned(Unscanned::Skipped {
                            origin: Origin::live(path),
                            reason,
                        }));
                        continue;
                    }
                    match list_dir(&path) {
                        Ok(children) => pending.push(children.into_iter()),
                        Err(e) => sink(Item::Unscanned(Unscanned::Error {
                            origin: Origin::live(path),
                            message: format!("cannot list: {e}"),
                        })),
                    }
                }
                Kind::File => sink(Item::Object {
                    origin: Origin::live(&path),
                    content: Content::LiveFile,
                }),
                Kind::Symlink => sink(Item::Unscanned(Unscanned::Uncounted(Uncounted::Symlink))),
                Kind::Special(kind) => sink(Item::Unscanned(Unscanned::Skipped {
                    origin: Origin::live(path),
                    reason: SkipReason::SpecialFile { kind },
                })),
            }
        }
    }

    fn is_excluded(&self, path: &Path) -> bool {
        self.options.excludes.is_match(path) || self.options.own_files.iter().any(|own| own == path)
    }

    /// For a directory on another device than the root: why it must not be entered, if so.
    fn foreign_filesystem(
        &mut self,
        dir: &Path,
        root_device: u64,
        stay_on_root_fs: bool,
    ) -> Option<SkipReason> {
        let device = device_of(&dir.symlink_metadata().ok()?);
        if device == root_device {
            return None;
        }
        let fstype = self.fstype(dir, device);
        match fstype {
            Some(fstype) if fstype::is_pseudo(&fstype) => {
                Some(SkipReason::PseudoFilesystem { fstype })
            }
            fstype if stay_on_root_fs => Some(SkipReason::OtherFilesystem {
                fstype: fstype.unwrap_or_else(|| "unknown".to_string()),
            }),
            _ => None,
        }
    }

    fn fstype(&mut self, dir: &Path, device: u64) -> Option<String> {
        let fstypes = &self.fstypes;
        self.fstype_cache
            .entry(device)
            .or_insert_with(|| fstypes.type_of(dir, device))
            .clone()
    }
}

/// What a directory entry is, as far as the walk cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Directory,
    File,
    Symlink,
    /// A FIFO, socket or device: never opened.
    Special(&'static str),
}

impl Kind {
    fn of(metadata: &std::fs::Metadata) -> Kind {
        use std::os::unix::fs::FileTypeExt;
        let file_type = metadata.file_type();
        if file_type.is_dir() {
            Kind::Directory
        } else if file_type.is_file() {
            Kind::File
        } else if file_type.is_symlink() {
            Kind::Symlink
        } else if file_type.is_fifo() {
            Kind::Special("fifo")
        } else if file_type.is_socket() {
            Kind::Special("socket")
        } else if file_type.is_block_device() {
            Kind::Special("block device")
        } else if file_type.is_char_device() {
            Kind::Special("character device")
        } else {
            Kind::Special("special file")
        }
    }
}

/// The entries of a directory (not `.` and `..`) with their kinds as the directory gives them
/// (asked of the entry itself where the filesystem does not say). The directory is opened with
/// `O_NOATIME` where the OS allows it (the owner or root), so listing it changes nothing.
#[cfg(target_os = "linux")]
fn list_dir(dir: &Path) -> io::Result<Vec<(PathBuf, Kind)>> {
    use std::os::unix::ffi::OsStrExt;

    use rustix::fs::{CWD, Dir, FileType, Mode, OFlags, openat};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = match openat(CWD, dir, flags | OFlags::NOATIME, Mode::empty()) {
        // O_NOATIME is only allowed to the owner (or root); others list without it.
        Err(rustix::io::Errno::PERM) => openat(CWD, dir, flags, Mode::empty())?,
        other => other?,
    };
    let mut listing = Dir::new(fd)?;
    let mut entries = Vec::new();
    while let Some(entry) = listing.read() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let path = dir.join(std::ffi::OsStr::from_bytes(name));
        let kind = match entry.file_type() {
            FileType::Directory => Kind::Directory,
            FileType::RegularFile => Kind::File,
            FileType::Symlink => Kind::Symlink,
            FileType::Fifo => Kind::Special("fifo"),
            FileType::Socket => Kind::Special("socket"),
            FileType::BlockDevice => Kind::Special("block device"),
            FileType::CharacterDevice => Kind::Special("character device"),
            FileType::Unknown => match path.symlink_metadata() {
                Ok(metadata) => Kind::of(&metadata),
                // Gone since it was listed: nothing to walk.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            },
        };
        entries.push((path, kind));
    }
    Ok(entries)
}

/// Elsewhere there is no `O_NOATIME`: listed as the standard library does.
#[cfg(not(target_os = "linux"))]
fn list_dir(dir: &Path) -> io::Result<Vec<(PathBuf, Kind)>> {
    std::fs::read_dir(dir)?
        .map(|entry| {
            let path = entry?.path();
            let kind = Kind::of(&path.symlink_metadata()?);
            Ok((path, kind))
        })
        .collect()
}

fn is_filesystem_root(path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.parent().is_none())
}

#[cfg(unix)]
fn device_of(metadata: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.dev()
}

#[cfg(not(unix))]
fn device_of(_metadata: &std::fs::Metadata) -> u64 {
    0
}
