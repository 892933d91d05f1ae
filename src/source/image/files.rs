//! The files of an opened image, volume by volume, as [`Item`]s named by their [`Origin`]: the
//! image, the volume, then the path the file had on the host.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::fs::{FsItem, FsPath};
use super::layout::{OpenedImage, STATUS_SCANNED, guarded, windows_family};
use crate::source::{Content, Item, Link, Origin, SkipReason, Uncounted, Unscanned};

/// Walks every readable volume of `image` in partition order. `visit` reads each object's
/// content while it runs and returns how many bytes it read (0 for other items), None when the
/// read failed; the counts of files read and bytes of each volume, and its final status, are
/// kept in the layout.
pub fn walk(
    image: &mut OpenedImage,
    stop: &AtomicBool,
    visit: &mut dyn FnMut(Item<'_>) -> Option<u64>,
) {
    let OpenedImage {
        path,
        layout,
        filesystems,
        disk,
    } = image;
    // Bytes read so far from sectors the acquisition could not read: each file's content is
    // read while `visit` runs, so what that read added is the file's.
    let zero_filled = || disk.lock().map_or(0, |d| d.zero_filled());
    let image = Arc::new(Origin::image(path.clone()));
    for (info, filesystem) in layout.volumes.iter_mut().zip(filesystems.iter_mut()) {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let windows_paths = filesystem
            .as_ref()
            .is_some_and(|fs| windows_family(fs.kind()));
        let volume = Arc::new(Origin::inside(
            &image,
            Link::Volume {
                partition: info.partition,
                filesystem: filesystem.as_ref().map_or("", |fs| fs.kind()),
                windows_paths,
            },
        ));
        let Some(filesystem) = filesystem else {
            visit(Item::Unscanned(Unscanned::Skipped {
                origin: Origin::clone(&volume),
                reason: SkipReason::VolumeNotScanned {
                    detail: format!("{} volume {}", info.content, info.status),
                },
            }));
            continue;
        };
        let mount = info.mount.clone().unwrap_or_else(|| "/".to_string());
        let on_host = |fs_path: &FsPath| {
            Origin::inside(
                &volume,
                Link::Path {
                    path: host_path(&mount, windows_paths, fs_path),
                    other_names: Vec::new(),
                },
            )
        };
        let mut files = 0;
        let mut bytes = 0;
        let walked = guarded("filesystem walk", || {
            filesystem.walk(stop, &mut |item| match item {
                FsItem::File(file) => {
                    let mut names = file
                        .names
                        .iter()
                        .map(|n| host_path(&mount, windows_paths, n));
                    let path = names.next().unwrap_or_default();
                    let origin = Origin::inside(
                        &volume,
                        Link::Path {
                            path,
                            other_names: names.collect(),
                        },
                    );
                    let before = zero_filled();
                    let read = visit(Item::Object {
                        origin: origin.clone(),
                        content: Content::Reader {
                            size: file.size,
                            reader: file.content,
                        },
                    });
                    // A file whose read failed is an error record, not a file read.
                    if let Some(read) = read {
                        files += 1;
                        bytes += read;
                    }
                    let unacquired = zero_filled().saturating_sub(before);
                    if unacquired > 0 {
                        visit(Item::Unscanned(Unscanned::Error {
                            origin,
                            message: format!(
                                "reading it returned {unacquired} bytes of sectors the \
                                 acquisition could not read (the image holds zeros there): its \
                                 digests and what was scanned of it are of incomplete content"
                            ),
                        }));
                    }
                }
                FsItem::NotScanned { path, size, reason } => {
                    visit(Item::Unscanned(Unscanned::Skipped {
                        origin: on_host(&path),
                        reason: SkipReason::NotDecoded { size, reason },
                    }));
                }
                FsItem::Link { .. } => {
                    visit(Item::Unscanned(Unscanned::Uncounted(Uncounted::Symlink)));
                }
                FsItem::Special { path, kind } => {
                    visit(Item::Unscanned(Unscanned::Skipped {
                        origin: on_host(&path),
                        reason: SkipReason::SpecialFile { kind },
                    }));
                }
                FsItem::Error { path, message } => {
                    visit(Item::Unscanned(Unscanned::Error {
                        origin: on_host(&path),
                        message,
                    }));
                }
            });
            Ok::<(), String>(())
        });
        info.files_read = files;
        info.bytes_read = bytes;
        info.status = match walked {
            // Ctrl-C: the walk returned early, the volume is only partly read.
            Ok(()) if stop.load(Ordering::Relaxed) => {
                format!("interrupted after {files} files")
            }
            Ok(()) => STATUS_SCANNED.to_string(),
            Err(message) => {
                visit(Item::Unscanned(Unscanned::Error {
                    origin: Origin::clone(&volume),
                    message: message.clone(),
                }));
                format!("error: {message} (walk stopped after {files} files)")
            }
        };
    }
}

/// The path as the host saw it: `C:\dir\file` on Windows volumes, `/dir/file` on Linux ones.
fn host_path(mount: &str, windows_paths: bool, fs_path: &FsPath) -> PathBuf {
    if windows_paths {
        let text = String::from_utf8_lossy(fs_path).replace('/', "\\");
        return PathBuf::from(format!("{mount}{text}"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(OsString::from_vec(fs_path.clone()))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(OsString::from(
            String::from_utf8_lossy(fs_path).into_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_follow_the_volume_family() {
        assert_eq!(
            host_path("C:", true, &b"/ProgramData/ntnser.bin".to_vec()),
            PathBuf::from(r"C:\ProgramData\ntnser.bin")
        );
        assert_eq!(
            host_path("C:", true, &b"/Users/a/x.exe:Zone.Identifier".to_vec()),
            PathBuf::from(r"C:\Users\a\x.exe:Zone.Identifier")
        );
        assert_eq!(
            host_path("/", false, &b"/etc/cron.d/job".to_vec()),
            PathBuf::from("/etc/cron.d/job")
        );
    }
}
