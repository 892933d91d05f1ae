//! Walking the files of an opened image, volume by volume, with the paths they had on the host.

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::ImageOrigin;
use super::fs::{FsItem, FsPath};
use super::layout::{OpenedImage, STATUS_SCANNED, guarded, windows_family};
use crate::source::SkipReason;

/// What the image walk hands to the scan.
pub enum ImageItem<'a> {
    /// A file to analyse: read `content` (`size` bytes); `names[0]` is the reported path.
    File {
        names: Vec<PathBuf>,
        origin: &'a Arc<ImageOrigin>,
        size: u64,
        content: &'a mut dyn Read,
    },
    /// Not scanned, and why (a file that cannot be decoded, a special file, a volume that
    /// cannot be read).
    Skipped {
        path: PathBuf,
        reason: SkipReason,
    },
    /// A symbolic link or reparse point: counted, never followed.
    Link,
    Error {
        path: PathBuf,
        message: String,
    },
}

/// Walks every readable volume of `image` in partition order. `visit` reads each file's content
/// while it runs and returns how many bytes it read (0 for other items); the file and byte
/// counts of each volume, and its final status, are kept in the layout.
pub fn walk(
    image: &mut OpenedImage,
    stop: &AtomicBool,
    visit: &mut dyn FnMut(ImageItem<'_>) -> u64,
) {
    let OpenedImage {
        path,
        layout,
        filesystems,
    } = image;
    for (info, filesystem) in layout.volumes.iter_mut().zip(filesystems.iter_mut()) {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let volume_path = PathBuf::from(format!("{}#p{}", path.display(), info.partition));
        let Some(filesystem) = filesystem else {
            visit(ImageItem::Skipped {
                path: volume_path,
                reason: SkipReason::VolumeNotScanned {
                    detail: format!("{} volume {}", info.content, info.status),
                },
            });
            continue;
        };
        let mount = info.mount.clone().unwrap_or_else(|| "/".to_string());
        let windows_paths = windows_family(filesystem.kind());
        let origin = Arc::new(ImageOrigin {
            image: path.clone(),
            partition: info.partition,
            filesystem: filesystem.kind(),
            windows_paths,
        });
        let host_path = |fs_path: &FsPath| host_path(&mount, windows_paths, fs_path);
        let mut files = 0;
        let mut bytes = 0;
        let walked = guarded("filesystem walk", || {
            filesystem.walk(stop, &mut |item| match item {
                FsItem::File(file) => {
                    let names = file.names.iter().map(host_path).collect();
                    files += 1;
                    bytes += visit(ImageItem::File {
                        names,
                        origin: &origin,
                        size: file.size,
                        content: file.content,
                    });
                }
                FsItem::NotScanned { path, size, reason } => {
                    visit(ImageItem::Skipped {
                        path: host_path(&path),
                        reason: SkipReason::NotDecoded { size, reason },
                    });
                }
                FsItem::Link { .. } => {
                    visit(ImageItem::Link);
                }
                FsItem::Special { path, kind } => {
                    visit(ImageItem::Skipped {
                        path: host_path(&path),
                        reason: SkipReason::SpecialFile { kind },
                    });
                }
                FsItem::Error { path, message } => {
                    visit(ImageItem::Error {
                        path: host_path(&path),
                        message,
                    });
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
                visit(ImageItem::Error {
                    path: volume_path,
                    message: message.clone(),
                });
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
