//! The live filesystem's tree walk: lists the regular files under the given roots, never follows
//! symlinks, never descends into pseudo filesystems, and by default stays on the root filesystem
//! when sweeping `/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use globset::GlobSet;
use walkdir::WalkDir;

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

        let mut entries = WalkDir::new(root).follow_links(false).into_iter();
        while let Some(next) = entries.next() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    sink(Item::Unscanned(Unscanned::Error {
                        origin: Origin::live(path),
                        message: walk_error_message(&e),
                    }));
                    continue;
                }
            };
            let path = entry.path();
            if entry.depth() > 0 && self.is_excluded(path) {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                sink(Item::Unscanned(Unscanned::Uncounted(Uncounted::Excluded)));
                continue;
            }
            let file_type = entry.file_type();
            if file_type.is_dir() {
                if entry.depth() == 0 {
                    continue;
                }
                if let Some(reason) = self.foreign_filesystem(&entry, root_device, stay_on_root_fs)
                {
                    entries.skip_current_dir();
                    sink(Item::Unscanned(Unscanned::Skipped {
                        origin: Origin::live(path.to_path_buf()),
                        reason,
                    }));
                }
            } else if file_type.is_file() {
                sink(Item::Object {
                    origin: Origin::live(path),
                    content: Content::LiveFile,
                });
            } else if file_type.is_symlink() {
                sink(Item::Unscanned(Unscanned::Uncounted(Uncounted::Symlink)));
            } else {
                let reason = SkipReason::SpecialFile {
                    kind: special_kind(&file_type),
                };
                sink(Item::Unscanned(Unscanned::Skipped {
                    origin: Origin::live(path.to_path_buf()),
                    reason,
                }));
            }
        }
    }

    fn is_excluded(&self, path: &Path) -> bool {
        self.options.excludes.is_match(path) || self.options.own_files.iter().any(|own| own == path)
    }

    /// For a directory on another device than the root: why it must not be entered, if so.
    fn foreign_filesystem(
        &mut self,
        entry: &walkdir::DirEntry,
        root_device: u64,
        stay_on_root_fs: bool,
    ) -> Option<SkipReason> {
        let device = device_of(&entry.metadata().ok()?);
        if device == root_device {
            return None;
        }
        let fstype = self.fstype(entry.path(), device);
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

fn walk_error_message(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!("filesystem loop back to {}", ancestor.display());
    }
    match error.io_error() {
        Some(io) => io.to_string(),
        None => error.to_string(),
    }
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

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "fifo"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() {
        "block device"
    } else if file_type.is_char_device() {
        "character device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_file_type: &std::fs::FileType) -> &'static str {
    "special file"
}
